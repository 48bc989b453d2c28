// A fixed-size pool of libpq connections; callers wait when all are lent out; broken ones are
// replaced.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/pg_conn.hpp"
#include "store/store.hpp"

namespace plumbline::store::pg {

class Pool {
 public:
  // Opens every connection now and runs on_connect on each (also on replacements); throws
  // StoreError(connection_lost) when the server cannot be reached.
  Pool(std::string url, int size, std::string on_connect = {});

  // A connection lent out; back to the pool on destruction, or closed when it is broken or left
  // inside a transaction (its slot is then refilled by the next acquire).
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& o) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  // Waits (up to a limit, then StoreError(busy)) for a free connection, connecting when a slot is
  // empty.
  Lease acquire();
  int capacity() const { return capacity_; }
  // Closes the idle connections; their slots reconnect (and run on_connect) when next needed.
  void close_idle();
  void count_commit();
  PoolStats stats();

 private:
  void give_back(std::unique_ptr<Conn> conn);
  std::unique_ptr<Conn> connect();

  const std::string url_;
  const std::string on_connect_;
  const int capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  int open_ = 0;    // connections that exist (idle or lent)
  int in_use_ = 0;  // lent out, or being connected
  std::uint64_t waits_ = 0;
  std::uint64_t commits_ = 0;
};

}  // namespace plumbline::store::pg
