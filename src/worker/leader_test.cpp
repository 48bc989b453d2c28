// Unit tests for the jobs' leader: jobs start when the lock is held, stop when its connection is
// lost, and start again once it is taken again; without a lock (SQLite) the jobs simply run.
#include "worker/leader.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace plumbline::worker {
namespace {

using namespace std::chrono_literals;

// What the scripted lock answers next: held, refused, or a lost connection.
enum class Answer { held, refused, lost };

// A store whose only part is the session lock; its answer is set by the test.
class LockStore final : public store::Store {
 public:
  std::atomic<Answer> answer{Answer::refused};
  std::atomic<int> locks_made{0};
  std::atomic<int> tries{0};
  bool with_lock = true;

  std::string backend() const override { return "fake"; }
  void write_tx(const std::function<bool(store::Tx&)>&) override {}
  void read_tx(const std::function<void(store::Tx&)>&) override {}
  store::MigrationStatus migration_status() override { return {}; }
  std::vector<std::string> migrate() override { return {}; }
  bool ping() override { return true; }
  store::PoolStats pool_stats() override { return {}; }
  std::unique_ptr<store::SessionLock> session_lock(std::int64_t) override {
    if (!with_lock) return nullptr;
    ++locks_made;
    return std::make_unique<Lock>(*this);
  }

 private:
  class Lock final : public store::SessionLock {
   public:
    explicit Lock(LockStore& s) : s_(s) {}
    bool try_hold() override {
      ++s_.tries;
      switch (s_.answer.load()) {
        case Answer::held:
          return true;
        case Answer::refused:
          return false;
        case Answer::lost:
          throw store::StoreError(store::StoreErrorKind::connection_lost, "gone");
      }
      return false;
    }

   private:
    LockStore& s_;
  };
};

struct Counts {
  std::atomic<int> started{0}, stopped{0};
  std::vector<LeaderJob> jobs() {
    return {{[this] { ++started; }, [this] { ++stopped; }}};
  }
};

void wait_until(const std::function<bool()>& done) {
  while (!done()) std::this_thread::sleep_for(1ms);
}

TEST(Leader, RunsTheJobsOnlyWhileItHoldsTheLock) {
  LockStore store;
  Counts c;
  Leader leader(store, c.jobs(), 1ms);
  leader.start();
  wait_until([&] { return store.tries >= 3; });  // refused, three times: nothing starts
  EXPECT_EQ(c.started, 0);
  EXPECT_FALSE(leader.leading());

  store.answer = Answer::held;
  wait_until([&] { return c.started == 1; });
  EXPECT_TRUE(leader.leading());

  store.answer = Answer::lost;  // the connection, and the lock with it, is gone
  wait_until([&] { return c.stopped == 1; });
  EXPECT_FALSE(leader.leading());
  int made = store.locks_made;

  store.answer = Answer::held;  // a new connection takes the lock again
  wait_until([&] { return c.started == 2; });
  EXPECT_GT(store.locks_made, made) << "a new connection after the lost one";

  leader.stop();
  EXPECT_EQ(c.stopped, 2) << "stopping the leader stops its jobs";
  EXPECT_EQ(c.started, 2) << "started once per election";
}

TEST(Leader, WithoutALockTheOneProcessRunsTheJobs) {
  LockStore store;
  store.with_lock = false;
  Counts c;
  Leader leader(store, c.jobs(), 1ms);
  leader.start();
  wait_until([&] { return c.started == 1; });
  leader.stop();
  EXPECT_EQ(c.stopped, 1);
}

}  // namespace
}  // namespace plumbline::worker
