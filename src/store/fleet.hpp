// Fleet coordination on the database for several processes on one PostgreSQL: a listener woken by
// NOTIFY and a session-level advisory lock, each on a dedicated connection.
#pragma once
#include <chrono>
#include <cstdint>

namespace plumbline::store {

// A dedicated connection LISTENing on one channel (live events: "plumbline_live").
class Listener {
 public:
  virtual ~Listener() = default;
  // Waits up to `timeout` for notifications; true when at least one arrived (all pending ones are
  // consumed). Throws StoreError(connection_lost) when the connection is gone: the caller opens a
  // new listener (and polls meanwhile).
  virtual bool wait(std::chrono::milliseconds timeout) = 0;
};

// A session-level advisory lock held by a dedicated connection: the server releases it when the
// connection ends, so a process killed with -9 loses it at once.
class SessionLock {
 public:
  virtual ~SessionLock() = default;
  // Takes the lock without waiting when it is free; true while this connection holds it. Once
  // held, each call checks that the connection still answers (the lock went with it otherwise).
  // Throws StoreError(connection_lost) when the connection is gone: the lock is not held then.
  virtual bool try_hold() = 0;
};

}  // namespace plumbline::store
