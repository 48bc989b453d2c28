// Fleet coordination (store/fleet.hpp) on SQLite and PostgreSQL: a committed live event wakes a
// listener (a rolled-back one does not); a session lock has one holder, and the next process gets
// it once the holder's connection is gone. SQLite, one process, offers neither.
#include "store_fixture.hpp"

namespace plumbline::store::fleet_test {
namespace {

using namespace std::chrono_literals;
using outbox_test::StoreFixture;
using outbox_test::t0;

class Fleet : public StoreFixture {};

// The server frees a closed session's locks when that backend has ended, a moment after the close:
// the next holder tries again, as a worker does at every check.
bool taken_soon(store::SessionLock& lock) {
  for (int i = 0; i < 500; ++i) {
    if (lock.try_hold()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST_P(Fleet, SqliteHasNoListenerOrLockAndPostgresHasBoth) {
  EXPECT_EQ(store_->listen("plumbline_live") != nullptr, is_pg());
  EXPECT_EQ(store_->session_lock(1) != nullptr, is_pg());
}

TEST_P(Fleet, ACommittedLiveEventWakesEveryListener) {
  if (!is_pg()) GTEST_SKIP() << "PostgreSQL only";
  auto a = store_->listen("plumbline_live");
  auto b = store_->listen("plumbline_live");
  EXPECT_FALSE(a->wait(0ms)) << "nothing yet";
  store_->write_tx([&](Tx& tx) {
    tx.insert_live_event(domain::live_lead_new, domain::LeadId{1}, t0);
    return false;  // rolled back: no NOTIFY is sent
  });
  EXPECT_FALSE(a->wait(100ms)) << "a rolled-back event woke the listener";
  write([&](Tx& tx) {
    tx.insert_live_event(domain::live_lead_new, domain::LeadId{1}, t0);
    tx.insert_live_event(domain::live_lead_slots, domain::LeadId{1}, t0);
  });
  // No deadline is asserted: each listener waits until the commit's notification arrives.
  while (!a->wait(1s)) {
  }
  while (!b->wait(1s)) {
  }
  EXPECT_FALSE(a->wait(0ms)) << "one transaction, one wake-up (all pending ones are consumed)";
}

TEST_P(Fleet, ASessionLockHasOneHolderUntilItsConnectionGoes) {
  if (!is_pg()) GTEST_SKIP() << "PostgreSQL only";
  auto first = store_->session_lock(42);
  auto second = store_->session_lock(42);
  auto other_key = store_->session_lock(43);
  EXPECT_TRUE(first->try_hold());
  EXPECT_TRUE(first->try_hold()) << "held: the check only asks the connection";
  EXPECT_FALSE(second->try_hold());
  EXPECT_TRUE(other_key->try_hold()) << "another key is another lock";
  first.reset();  // the process died: its connection closed
  ASSERT_TRUE(taken_soon(*second));

  // A connection killed under the holder: try_hold reports the loss, and the lock is free.
  raw("SELECT pg_terminate_backend(pid, 10000) FROM pg_locks WHERE locktype = 'advisory' AND objid "
      "= 42 "
      "AND granted");
  EXPECT_THROW(second->try_hold(), StoreError);
  auto third = store_->session_lock(42);
  EXPECT_TRUE(taken_soon(*third));
}

INSTANTIATE_TEST_SUITE_P(Backends, Fleet, ::testing::Values("sqlite", "postgres"),
                         outbox_test::backend_name);

}  // namespace
}  // namespace plumbline::store::fleet_test
