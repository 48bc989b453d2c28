// The console's store methods on both databases: the outbox list with filters and keyset paging,
// staff's expedite and cancel, the oldest pending message, integration outcomes, worker heartbeats
// and the database's facts (issue 15, points 7 and 8).
#include "store_fixture.hpp"

namespace plumbline::store::console_status_test {
namespace {

using namespace outbox_test;  // the shared fixture (store_fixture.hpp)
using accounts_test::make_user;

class ConsoleOutbox : public OutboxFixture {
 protected:
  std::vector<domain::ListedMessage> list(domain::OutboxFilter f) {
    return store_->read<std::vector<domain::ListedMessage>>(
        [&](Tx& tx) { return tx.list_messages(f); });
  }
  static std::vector<std::int64_t> listed_ids(const std::vector<domain::ListedMessage>& ls) {
    std::vector<std::int64_t> out;
    for (const auto& l : ls) out.push_back(l.message.id);
    return out;
  }
};

using V = std::vector<std::int64_t>;

TEST_P(ConsoleOutbox, FiltersNarrowAndPagesGoNewestFirst) {
  std::vector<std::int64_t> id;
  for (int i = 0; i < 6; ++i) {
    auto m = make_message(i, t0 + i * 1000);
    m.event_at = t0 + i * 1000;  // created_at = event_at
    if (i % 2 == 1) {
      m.channel = domain::channel_sms;
      m.recipient = "+1555000000" + std::to_string(i);
      m.template_name = "lead_confirmation_sms";
    }
    id.push_back(enqueue(m));
  }
  write([&](Tx& tx) { tx.mark_message_dead(id[2], "550 no", t0 + 10'000); });
  domain::OutboxFilter all;
  EXPECT_EQ(listed_ids(list(all)), (V{id[5], id[4], id[3], id[2], id[1], id[0]}));

  domain::OutboxFilter f;
  f.channel = "sms";
  EXPECT_EQ(listed_ids(list(f)), (V{id[5], id[3], id[1]}));
  f = {};
  f.status = "dead";
  EXPECT_EQ(listed_ids(list(f)), (V{id[2]}));
  EXPECT_EQ(list(f)[0].message.last_error, "550 no");
  f = {};
  f.template_name = "lead_confirmation";
  EXPECT_EQ(listed_ids(list(f)), (V{id[4], id[2], id[0]}));
  f = {};
  f.from = t0 + 1000;
  f.to = t0 + 4000;  // [from, to)
  EXPECT_EQ(listed_ids(list(f)), (V{id[3], id[2], id[1]}));
  // Keyset paging: two at a time, each page below the last id of the one before.
  f = {};
  f.limit = 2;
  EXPECT_EQ(listed_ids(list(f)), (V{id[5], id[4]}));
  f.before_id = id[4];
  EXPECT_EQ(listed_ids(list(f)), (V{id[3], id[2]}));
  f.before_id = id[0];
  EXPECT_TRUE(list(f).empty());
  f = {};
  f.limit = 0;
  EXPECT_TRUE(list(f).empty());
}

TEST_P(ConsoleOutbox, ListNamesThePlumberWhoseAddressIsTheRecipient) {
  std::int64_t plumber = 0;
  write([&](Tx& tx) { plumber = tx.insert_user(make_user("zoe+1@example.com")).value; });
  write([&](Tx& tx) { tx.insert_user(make_user("zoe+2@example.com", domain::Role::admin)); });
  auto to_plumber = enqueue(make_message(1));
  auto to_admin = enqueue(make_message(2));
  auto to_nobody = enqueue(make_message(3));
  auto rows = list({});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].message.id, to_plumber);
  EXPECT_EQ(rows[2].plumber_id, std::optional<domain::UserId>(domain::UserId{plumber}));
  EXPECT_EQ(rows[1].message.id, to_admin);
  EXPECT_FALSE(rows[1].plumber_id.has_value());
  EXPECT_EQ(rows[0].message.id, to_nobody);
  EXPECT_FALSE(rows[0].plumber_id.has_value());
}

TEST_P(ConsoleOutbox, ExpediteAndCancelTouchPendingMessagesOnly) {
  auto pending = enqueue(make_message(1, t0 + 60'000));
  auto leased = enqueue(make_message(2, t0));
  ASSERT_EQ(lease("w", t0, t0 + 30'000, 10).size(), 1u);  // message 2 is sending
  bool moved = false, cancelled = false;
  write([&](Tx& tx) { moved = tx.expedite_pending_message(pending, t0 + 5); });
  EXPECT_TRUE(moved);
  EXPECT_EQ(get(pending).due_at, t0 + 5);
  write([&](Tx& tx) { moved = tx.expedite_pending_message(leased, t0 + 5); });
  EXPECT_FALSE(moved);
  write([&](Tx& tx) { cancelled = tx.cancel_pending_message(leased, "x", t0 + 6); });
  EXPECT_FALSE(cancelled);
  EXPECT_EQ(get(leased).status, domain::MessageStatus::sending);
  write([&](Tx& tx) { cancelled = tx.cancel_pending_message(pending, "cancelled: spam", t0 + 7); });
  EXPECT_TRUE(cancelled);
  auto m = get(pending);
  EXPECT_EQ(m.status, domain::MessageStatus::dead);
  EXPECT_EQ(m.last_error, "cancelled: spam");
  write([&](Tx& tx) { cancelled = tx.cancel_pending_message(pending, "again", t0 + 8); });
  EXPECT_FALSE(cancelled);  // dead already
}

TEST_P(ConsoleOutbox, OldestPendingMessageIsTheOutboxLag) {
  auto none =
      store_->read<std::optional<Millis>>([](Tx& tx) { return tx.oldest_pending_message_at(); });
  EXPECT_FALSE(none.has_value());
  auto first = make_message(1, t0 + 100);
  first.event_at = t0 + 100;
  auto second = make_message(2, t0 + 50);
  second.event_at = t0 + 200;
  auto a = enqueue(first);
  enqueue(second);
  auto oldest =
      store_->read<std::optional<Millis>>([](Tx& tx) { return tx.oldest_pending_message_at(); });
  EXPECT_EQ(oldest, t0 + 100);
  write([&](Tx& tx) { tx.mark_message_dead(a, "gone", t0 + 300); });
  oldest =
      store_->read<std::optional<Millis>>([](Tx& tx) { return tx.oldest_pending_message_at(); });
  EXPECT_EQ(oldest, t0 + 200);
}

TEST_P(ConsoleOutbox, IntegrationEventsKeepTheLastSuccessAndTheLastFailure) {
  auto events = [&] {
    return store_->read<std::vector<domain::IntegrationEvent>>(
        [](Tx& tx) { return tx.integration_events(); });
  };
  EXPECT_TRUE(events().empty());
  write([&](Tx& tx) { tx.record_integration_event("smtp", false, t0, "550 mailbox unavailable"); });
  write([&](Tx& tx) { tx.record_integration_event("smtp", true, t0 + 10, ""); });
  write([&](Tx& tx) { tx.record_integration_event("stripe", true, t0 + 20, ""); });
  auto e = events();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].name, "smtp");
  EXPECT_EQ(e[0].last_success_at, t0 + 10);
  EXPECT_EQ(e[0].last_failure_at, t0);
  EXPECT_EQ(e[0].last_error, "550 mailbox unavailable");  // kept after a success
  EXPECT_EQ(e[1].name, "stripe");
  EXPECT_FALSE(e[1].last_failure_at.has_value());
  write([&](Tx& tx) { tx.record_integration_event("smtp", false, t0 + 30, "421 busy"); });
  e = events();
  EXPECT_EQ(e[0].last_failure_at, t0 + 30);
  EXPECT_EQ(e[0].last_error, "421 busy");
  EXPECT_EQ(e[0].last_success_at, t0 + 10);
  // Only the three integrations the page knows.
  EXPECT_THROW(write([&](Tx& tx) { tx.record_integration_event("fax", true, t0, ""); }),
               StoreError);
}

TEST_P(ConsoleOutbox, HeartbeatsUpdateTheirRowAndForgetLongGoneOnes) {
  auto beats = [&] {
    return store_->read<std::vector<domain::WorkerHeartbeat>>(
        [](Tx& tx) { return tx.worker_heartbeats(); });
  };
  domain::WorkerHeartbeat a{"host-a:1", "host-a", 1, t0, t0 + 10};
  domain::WorkerHeartbeat b{"host-b:2", "host-b", 2, t0, t0 + 20};
  write([&](Tx& tx) { tx.record_worker_heartbeat(a, 0); });
  write([&](Tx& tx) { tx.record_worker_heartbeat(b, 0); });
  auto got = beats();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].instance, "host-b:2");  // newest beat first
  EXPECT_EQ(got[1].pid, 1);
  a.beat_at = t0 + 30;
  write([&](Tx& tx) { tx.record_worker_heartbeat(a, 0); });
  got = beats();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].instance, "host-a:1");
  EXPECT_EQ(got[0].beat_at, t0 + 30);
  EXPECT_EQ(got[0].started_at, t0);
  // b last beat at t0 + 20: forgotten by a beat that forgets everything before t0 + 25.
  a.beat_at = t0 + 40;
  write([&](Tx& tx) { tx.record_worker_heartbeat(a, t0 + 25); });
  got = beats();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].instance, "host-a:1");
}

TEST_P(ConsoleOutbox, DatabaseFactsNameTheServerAndASize) {
  auto f = store_->read<domain::DatabaseFacts>([](Tx& tx) { return tx.database_facts(); });
  EXPECT_NE(f.server_version.find(is_pg() ? "PostgreSQL" : "SQLite"), std::string::npos)
      << f.server_version;
  EXPECT_GT(f.size_bytes, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ConsoleOutbox, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::console_status_test
