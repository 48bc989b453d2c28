// Connection pool: lend, wait, return, and replace broken connections.
#include "store/postgres/pg_pool.hpp"

#include <chrono>

namespace plumbline::store::pg {

namespace {
constexpr auto acquire_timeout = std::chrono::seconds(30);
}

Pool::Pool(std::string url, int size, std::string on_connect)
    : url_(std::move(url)), on_connect_(std::move(on_connect)), capacity_(size < 2 ? 2 : size) {
  for (int i = 0; i < capacity_; ++i) idle_.push_back(connect());
  open_ = capacity_;
}

std::unique_ptr<Conn> Pool::connect() {
  auto conn = std::make_unique<Conn>(url_);
  if (!on_connect_.empty()) conn->exec(on_connect_.c_str());
  return conn;
}

Pool::Lease Pool::acquire() {
  std::unique_lock lk(mu_);
  auto free = [&] { return !idle_.empty() || open_ < capacity_; };
  if (!free()) {
    ++waits_;
    if (!cv_.wait_for(lk, acquire_timeout, free))
      throw StoreError(StoreErrorKind::busy, "no PostgreSQL connection became free in time");
  }
  ++in_use_;
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  // An empty slot (its connection was broken): connect outside the lock.
  ++open_;
  lk.unlock();
  try {
    return Lease(this, connect());
  } catch (...) {
    lk.lock();
    --open_;
    --in_use_;
    cv_.notify_one();
    throw;
  }
}

void Pool::give_back(std::unique_ptr<Conn> conn) {
  bool keep = conn->reusable();
  if (!keep) conn.reset();  // close outside the lock
  std::lock_guard lk(mu_);
  --in_use_;
  if (keep)
    idle_.push_back(std::move(conn));
  else
    --open_;
  cv_.notify_one();
}

Pool::Lease::~Lease() {
  if (conn_) pool_->give_back(std::move(conn_));
}

void Pool::close_idle() {
  std::vector<std::unique_ptr<Conn>> closing;
  {
    std::lock_guard lk(mu_);
    closing.swap(idle_);
    open_ -= static_cast<int>(closing.size());
  }
  cv_.notify_all();
}

void Pool::count_commit() {
  std::lock_guard lk(mu_);
  ++commits_;
}

PoolStats Pool::stats() {
  std::lock_guard lk(mu_);
  PoolStats s;
  s.size = open_;
  s.in_use = in_use_;
  s.waits = waits_;
  s.commits = commits_;
  return s;
}

}  // namespace plumbline::store::pg
