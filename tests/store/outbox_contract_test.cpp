// The outbox contract, part 1: enqueue, leases and outcomes, counts per recipient key, on SQLite
// and PostgreSQL.
#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "store_fixture.hpp"

namespace plumbline::store::outbox_queue_test {
namespace {

using namespace outbox_test;  // the shared fixture (store_fixture.hpp)

class OutboxQueue : public OutboxFixture {};

TEST_P(OutboxQueue, EnqueueRoundTripsEveryField) {
  auto lead = insert_lead(1);
  OutboundMessage in = make_message(1, t0 + 5'000);
  in.kind = "plumber_lead_alert";
  in.channel = domain::channel_sms;
  in.recipient = "+12125550100";
  in.template_name = "lead_alert";
  in.data_json = R"({"city":"New York","note":"it's \"urgent\" — ñ"})";
  in.sealed_json = "v1.c2VhbGVk.bm9uY2U";
  in.lead_id = domain::LeadId{lead};
  in.transactional = false;
  in.event_at = t0 + 1;
  in.expires_at = t0 + 3'600'000;
  in.max_attempts = 3;
  auto id = enqueue(in);
  ASSERT_GT(id, 0);

  auto out = get(id);
  EXPECT_EQ(out.id, id);
  EXPECT_EQ(out.kind, in.kind);
  EXPECT_EQ(out.channel, in.channel);
  EXPECT_EQ(out.recipient, in.recipient);
  EXPECT_EQ(out.template_name, in.template_name);
  EXPECT_EQ(out.data_json, in.data_json);  // byte for byte, not re-encoded
  EXPECT_EQ(out.sealed_json, in.sealed_json);
  EXPECT_EQ(out.idempotency_key, in.idempotency_key);
  EXPECT_EQ(out.lead_id, std::optional<domain::LeadId>(domain::LeadId{lead}));
  EXPECT_FALSE(out.transactional);
  EXPECT_EQ(out.event_at, in.event_at);
  EXPECT_EQ(out.due_at, in.due_at);
  EXPECT_EQ(out.expires_at, in.expires_at);
  EXPECT_EQ(out.max_attempts, 3);
  EXPECT_EQ(out.status, domain::MessageStatus::pending);
  EXPECT_EQ(out.attempts, 0);
  EXPECT_EQ(out.lease_owner, "");
  EXPECT_EQ(out.lease_until, 0);
  EXPECT_EQ(out.last_error, "");
  EXPECT_EQ(out.provider_id, "");
  EXPECT_EQ(out.delivery_status, "");
  EXPECT_EQ(out.sent_at, std::nullopt);
  EXPECT_EQ(out.created_at, in.event_at);  // written by the causing event's transaction
  EXPECT_EQ(out.updated_at, in.event_at);

  auto plain_id = enqueue(make_message(2));
  auto plain = get(plain_id);
  EXPECT_GT(plain_id, id);
  EXPECT_EQ(plain.lead_id, std::nullopt);
  EXPECT_EQ(plain.expires_at, std::nullopt);
  EXPECT_TRUE(plain.transactional);
  EXPECT_EQ(plain.max_attempts, 8);
  EXPECT_EQ(plain.sealed_json, "");
  EXPECT_FALSE(store_->read<bool>([&](Tx& tx) { return tx.message_by_id(id + 1000).has_value(); }));
}

TEST_P(OutboxQueue, EnqueueIsIdempotentOnTheKey) {
  auto first = enqueue(make_message(1));
  OutboundMessage again = make_message(1, t0 + 99);
  again.recipient = "someone-else@example.com";
  EXPECT_EQ(enqueue(again), first);
  write([&](Tx& tx) {  // twice in one transaction, too
    EXPECT_EQ(tx.enqueue_message(again), first);
    EXPECT_EQ(tx.enqueue_message(make_message(1)), first);
  });
  auto m = get(first);
  EXPECT_EQ(m.recipient, make_message(1).recipient);  // the first one wins, unchanged
  EXPECT_EQ(m.due_at, t0);
  EXPECT_EQ(counts().pending, 1);
  EXPECT_NE(enqueue(make_message(2)), first);
  EXPECT_EQ(counts().pending, 2);
}

TEST_P(OutboxQueue, EnqueueRollsBackWithItsTransaction) {
  store_->write_tx([&](Tx& tx) {
    tx.enqueue_message(make_message(1));
    return false;
  });
  EXPECT_EQ(counts().pending, 0);
  EXPECT_TRUE(lease("w", t0, t0 + 1000, 10).empty());
}

TEST_P(OutboxQueue, LeasesDueMessagesOldestFirstUpToTheLimit) {
  // Inserted out of due order; 3 and 4 share a due time (the id breaks the tie).
  std::vector<std::int64_t> id(6);
  id[0] = enqueue(make_message(0, t0 - 100));
  id[1] = enqueue(make_message(1, t0 - 400));
  id[2] = enqueue(make_message(2, t0));
  id[3] = enqueue(make_message(3, t0 - 200));
  id[4] = enqueue(make_message(4, t0 - 200));
  id[5] = enqueue(make_message(5, t0 - 300));

  auto first = lease("worker-a", t0, t0 + 60'000, 3);
  EXPECT_EQ(ids(first), (std::vector<std::int64_t>{id[1], id[5], id[3]}));
  for (const auto& m : first) {
    EXPECT_EQ(m.status, domain::MessageStatus::sending);
    EXPECT_EQ(m.lease_owner, "worker-a");
    EXPECT_EQ(m.lease_until, t0 + 60'000);
    EXPECT_EQ(m.attempts, 1);
    EXPECT_EQ(m.updated_at, t0);
  }
  auto stored = get(id[1]);  // what lease returned is what was stored
  EXPECT_EQ(stored.status, domain::MessageStatus::sending);
  EXPECT_EQ(stored.lease_owner, "worker-a");
  EXPECT_EQ(stored.attempts, 1);
  EXPECT_EQ(stored.recipient, make_message(1).recipient);
  EXPECT_EQ(stored.data_json, make_message(1).data_json);

  auto second = lease("worker-b", t0, t0 + 60'000, 10);
  EXPECT_EQ(ids(second), (std::vector<std::int64_t>{id[4], id[0], id[2]}));
  EXPECT_TRUE(lease("worker-c", t0, t0 + 60'000, 10).empty());
  auto c = counts();
  EXPECT_EQ(c.sending, 6);
  EXPECT_EQ(c.pending, 0);
}

TEST_P(OutboxQueue, ANonPositiveLimitLeasesNothing) {
  enqueue(make_message(1));
  EXPECT_TRUE(lease("w", t0, t0 + 1000, 0).empty());
  EXPECT_TRUE(lease("w", t0, t0 + 1000, -1).empty());
  EXPECT_EQ(counts().pending, 1);
}

TEST_P(OutboxQueue, MessagesNotYetDueAreNotLeased) {
  auto later = enqueue(make_message(1, t0 + 1));
  auto now = enqueue(make_message(2, t0));  // due exactly now: leased
  EXPECT_EQ(ids(lease("w", t0, t0 + 1000, 10)), std::vector<std::int64_t>{now});
  EXPECT_TRUE(lease("w", t0, t0 + 1000, 10).empty());
  EXPECT_EQ(ids(lease("w", t0 + 1, t0 + 1000, 10)), std::vector<std::int64_t>{later});
}

TEST_P(OutboxQueue, AnExpiredLeaseIsLeasedAgainWithOneMoreAttempt) {
  auto id = enqueue(make_message(1));
  ASSERT_EQ(lease("crashed", t0, t0 + 30'000, 10).size(), 1u);
  // Live until lease_until inclusive: not handed to anyone else.
  EXPECT_TRUE(lease("other", t0 + 1, t0 + 60'000, 10).empty());
  EXPECT_TRUE(lease("other", t0 + 30'000, t0 + 60'000, 10).empty());
  EXPECT_EQ(get(id).lease_owner, "crashed");

  auto again = lease("other", t0 + 30'001, t0 + 90'000, 10);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, id);
  EXPECT_EQ(again[0].lease_owner, "other");
  EXPECT_EQ(again[0].lease_until, t0 + 90'000);
  EXPECT_EQ(again[0].attempts, 2);
  EXPECT_EQ(again[0].updated_at, t0 + 30'001);
  EXPECT_EQ(get(id).attempts, 2);
}

// A lead's fan-out goes in as one batch (one statement on PostgreSQL): every field is stored
// exactly as enqueue_message stores it, whatever the text holds, a key present already keeps its
// row, and a key repeated inside the batch is stored once.
TEST_P(OutboxQueue, ABatchStoresEachMessageAsASingleEnqueueWould) {
  auto lead = insert_lead(1);
  auto kept = enqueue(make_message(1));
  std::vector<OutboundMessage> batch;
  auto tricky = make_message(2, t0 + 5);
  tricky.channel = domain::channel_sms;
  tricky.data_json = R"({"q":"say \"hi\"","path":"C:\\pipes","set":"{a,b}","n":null,"e":""})";
  tricky.sealed_json = "v1.c2Vh\"bGVk,{}";
  tricky.recipient_key = "NULL";
  tricky.lead_id = domain::LeadId{lead};
  tricky.transactional = false;
  tricky.expires_at = t0 + 3'600'000;
  tricky.max_attempts = 3;
  batch.push_back(tricky);
  auto again = make_message(1);  // the key of `kept`, other text
  again.data_json = R"({"changed":true})";
  batch.push_back(again);
  batch.push_back(make_message(3));
  batch.push_back(make_message(3));  // twice in the batch
  batch.push_back(make_message(4, t0 + 5));
  write([&](Tx& tx) { tx.enqueue_messages(batch); });
  write([&](Tx& tx) { tx.enqueue_messages({}); });  // nothing to add: no statement, no error

  auto all = store_->read<std::vector<OutboxMessage>>(
      [](Tx& tx) { return tx.messages_by_status("", 100); });
  std::map<std::string, std::vector<OutboxMessage>> by_key;
  for (auto& m : all) by_key[m.idempotency_key].push_back(m);
  ASSERT_EQ(all.size(), 4u);
  ASSERT_EQ(by_key["key-1"].size(), 1u);
  EXPECT_EQ(by_key["key-1"][0].id, kept);
  EXPECT_EQ(by_key["key-1"][0].data_json, make_message(1).data_json);
  EXPECT_EQ(by_key["key-3"].size(), 1u);
  ASSERT_EQ(by_key["key-2"].size(), 1u);
  const auto& out = by_key["key-2"][0];
  EXPECT_EQ(out.kind, tricky.kind);
  EXPECT_EQ(out.channel, tricky.channel);
  EXPECT_EQ(out.recipient, tricky.recipient);
  EXPECT_EQ(out.template_name, tricky.template_name);
  EXPECT_EQ(out.data_json, tricky.data_json);
  EXPECT_EQ(out.sealed_json, tricky.sealed_json);
  EXPECT_EQ(out.recipient_key, tricky.recipient_key);
  EXPECT_EQ(out.lead_id, std::optional<domain::LeadId>(domain::LeadId{lead}));
  EXPECT_FALSE(out.transactional);
  EXPECT_EQ(out.max_attempts, 3);
  EXPECT_EQ(out.event_at, tricky.event_at);
  EXPECT_EQ(out.due_at, t0 + 5);
  EXPECT_EQ(out.expires_at, tricky.expires_at);
  EXPECT_EQ(out.created_at, tricky.event_at);
  EXPECT_EQ(out.status, domain::MessageStatus::pending);
  const auto& plain = by_key["key-4"][0];
  EXPECT_EQ(plain.lead_id, std::nullopt);
  EXPECT_EQ(plain.expires_at, std::nullopt);
  EXPECT_EQ(plain.sealed_json, "");
  EXPECT_EQ(plain.recipient_key, "");
  EXPECT_TRUE(plain.transactional);
  // Due together: one lease takes them oldest due first, as single enqueues would be.
  EXPECT_EQ(ids(lease("w", t0 + 5, t0 + 60'000, 10)).size(), 4u);
}

TEST_P(OutboxQueue, AReleasedLeaseIsDueAgainUntriedOnlyForItsOwner) {
  auto id = enqueue(make_message(1));
  auto release = [&](const std::string& owner, Millis now) {
    bool released = false;
    write([&](Tx& tx) { released = tx.release_message_lease(id, owner, now); });
    return released;
  };
  ASSERT_EQ(lease("w", t0, t0 + 30'000, 1).size(), 1u);
  EXPECT_FALSE(release("other", t0 + 1));
  EXPECT_EQ(get(id).status, domain::MessageStatus::sending);

  EXPECT_TRUE(release("w", t0 + 2));
  auto m = get(id);
  EXPECT_EQ(m.status, domain::MessageStatus::pending);
  EXPECT_EQ(m.attempts, 0);  // never tried
  EXPECT_EQ(m.lease_owner, "");
  EXPECT_EQ(m.lease_until, 0);
  EXPECT_EQ(m.due_at, t0);
  EXPECT_EQ(m.updated_at, t0 + 2);
  EXPECT_FALSE(release("w", t0 + 3));

  // Leased again at once; a lease another worker took over after expiry stays with it.
  ASSERT_EQ(lease("w", t0 + 3, t0 + 10, 1).size(), 1u);
  ASSERT_EQ(lease("x", t0 + 11, t0 + 40'000, 1).size(), 1u);
  EXPECT_FALSE(release("w", t0 + 12));
  EXPECT_EQ(get(id).lease_owner, "x");
}

TEST_P(OutboxQueue, RetryThenSentRecordsEachOutcome) {
  auto id = enqueue(make_message(1));
  lease("w", t0, t0 + 30'000, 1);
  write([&](Tx& tx) { tx.mark_message_retry(id, t0 + 60'000, "421 try again later", t0 + 5); });
  auto m = get(id);
  EXPECT_EQ(m.status, domain::MessageStatus::pending);
  EXPECT_EQ(m.due_at, t0 + 60'000);
  EXPECT_EQ(m.last_error, "421 try again later");
  EXPECT_EQ(m.lease_owner, "");
  EXPECT_EQ(m.lease_until, 0);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.updated_at, t0 + 5);
  EXPECT_TRUE(lease("w", t0 + 59'999, t0 + 90'000, 1).empty());  // backing off

  auto again = lease("w", t0 + 60'000, t0 + 90'000, 1);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 2);
  EXPECT_EQ(again[0].last_error, "421 try again later");  // kept until the outcome is known
  write([&](Tx& tx) { tx.mark_message_sent(id, t0 + 60'100, "<abc@plumbline>"); });
  m = get(id);
  EXPECT_EQ(m.status, domain::MessageStatus::sent);
  EXPECT_EQ(m.sent_at, std::optional<Millis>(t0 + 60'100));
  EXPECT_EQ(m.provider_id, "<abc@plumbline>");
  EXPECT_EQ(m.last_error, "");
  EXPECT_EQ(m.lease_owner, "");
  EXPECT_EQ(m.lease_until, 0);
  EXPECT_EQ(m.attempts, 2);
  EXPECT_EQ(m.updated_at, t0 + 60'100);
  EXPECT_TRUE(lease("w", t0 + 999'999'999, t0 + 999'999'999, 10).empty());  // never again
}

TEST_P(OutboxQueue, DeadKeepsTheReasonAndOnlyDeadCanBeRetried) {
  auto dead = enqueue(make_message(1));
  auto pending = enqueue(make_message(2, t0 + 1'000'000));
  auto sent = enqueue(make_message(3));
  lease("w", t0, t0 + 30'000, 10);
  write([&](Tx& tx) {
    tx.mark_message_dead(dead, "550 5.1.1 no such user", t0 + 7);
    tx.mark_message_sent(sent, t0 + 8, "SM123");
  });
  auto m = get(dead);
  EXPECT_EQ(m.status, domain::MessageStatus::dead);
  EXPECT_EQ(m.last_error, "550 5.1.1 no such user");
  EXPECT_EQ(m.lease_owner, "");
  EXPECT_EQ(m.lease_until, 0);
  EXPECT_EQ(m.sent_at, std::nullopt);
  EXPECT_EQ(m.updated_at, t0 + 7);
  EXPECT_EQ(lease("w", t0 + 999'999'999, t0 + 999'999'999, 10).size(), 1u);  // `pending` only

  bool retried = true;
  write([&](Tx& tx) {
    EXPECT_FALSE(tx.retry_dead_message(pending, t0 + 10));  // sending now, not dead
    EXPECT_FALSE(tx.retry_dead_message(sent, t0 + 10));
    EXPECT_FALSE(tx.retry_dead_message(dead + 1000, t0 + 10));
    retried = tx.retry_dead_message(dead, t0 + 10);
  });
  EXPECT_TRUE(retried);
  m = get(dead);
  EXPECT_EQ(m.status, domain::MessageStatus::pending);
  EXPECT_EQ(m.due_at, t0 + 10);
  EXPECT_EQ(m.attempts, 0);
  EXPECT_EQ(m.updated_at, t0 + 10);
  EXPECT_EQ(get(sent).status, domain::MessageStatus::sent);
  write([&](Tx& tx) { EXPECT_FALSE(tx.retry_dead_message(dead, t0 + 11)); });  // pending now
  auto relet = lease("w", t0 + 10, t0 + 40'000, 10);
  EXPECT_EQ(ids(relet), std::vector<std::int64_t>{dead});
  EXPECT_EQ(relet[0].attempts, 1);
}

// A message for the daily recipient limit: `key` counted, created at `at` (event_at).
OutboundMessage keyed(int n, const std::string& key, Millis at) {
  auto m = make_message(n, at + 10);
  m.recipient_key = key;
  return m;
}

TEST_P(OutboxQueue, CountsRecentMessagesPerKindAndRecipientKey) {
  const std::string zoe = "email:zoe@example.com", sms = "sms:+12125550100";
  auto count = [&](const std::string& kind, const std::string& key, Millis since) {
    return store_->read<std::int64_t>(
        [&](Tx& tx) { return tx.count_recent_messages(kind, key, since); });
  };
  auto first = enqueue(keyed(1, zoe, t0));
  EXPECT_EQ(get(first).recipient_key, zoe);  // round-trips
  enqueue(keyed(2, zoe, t0 + 1'000));
  enqueue(keyed(3, zoe, t0 + 2'000));
  enqueue(keyed(4, sms, t0 + 2'000));  // another key
  auto other_kind = keyed(5, zoe, t0 + 2'000);
  other_kind.kind = "lead_claimed";
  enqueue(other_kind);                   // another kind
  enqueue(make_message(6, t0 + 2'000));  // no key: never counted
  EXPECT_EQ(get(enqueue(make_message(7))).recipient_key, "");
  store_->write_tx([&](Tx& tx) {  // rolled back: not counted
    tx.enqueue_message(keyed(8, zoe, t0 + 2'000));
    return false;
  });
  enqueue(keyed(2, zoe, t0 + 3'000));  // a repeated idempotency key adds nothing

  EXPECT_EQ(count("lead_confirmation", zoe, t0), 3);
  EXPECT_EQ(count("lead_confirmation", zoe, t0 + 1'000), 2);  // `since` is inclusive
  EXPECT_EQ(count("lead_confirmation", zoe, t0 + 1'001), 1);
  EXPECT_EQ(count("lead_confirmation", zoe, t0 + 2'001), 0);
  EXPECT_EQ(count("lead_confirmation", sms, 0), 1);
  EXPECT_EQ(count("lead_claimed", zoe, 0), 1);
  EXPECT_EQ(count("lead_confirmation", "email:nobody@example.com", 0), 0);
  EXPECT_EQ(count("lead_confirmation", "", 0), 0);
  EXPECT_EQ(count("lead_confirmation", "EMAIL:ZOE@EXAMPLE.COM", 0), 0);  // keys are exact

  // Whatever became of them: sent, dead and leased messages still count.
  std::vector<OutboxMessage> zoes;  // the key is read back by the lease, too
  for (auto& m : lease("w", t0 + 20'000, t0 + 60'000, 100))
    if (m.recipient_key == zoe && m.kind == "lead_confirmation") zoes.push_back(m);
  ASSERT_EQ(zoes.size(), 3u);
  write([&](Tx& tx) {
    tx.mark_message_sent(zoes[0].id, t0 + 20'000, "m1");
    tx.mark_message_dead(zoes[1].id, "550 no such user", t0 + 20'000);
  });  // zoes[2] stays leased (sending)
  EXPECT_EQ(count("lead_confirmation", zoe, t0), 3);
  write([&](Tx& tx) { EXPECT_EQ(tx.count_recent_messages("lead_confirmation", zoe, t0), 3); });
}

// Two writers check "fewer than one for this key?" and enqueue: the second must see the first's
// row. On PostgreSQL (READ COMMITTED) only the key's advisory lock makes it wait for the first
// commit.
TEST_P(OutboxQueue, ConcurrentCountsOfOneKeySeeEachOther) {
  const std::string key = "email:race@example.com";
  std::atomic<int> enqueued{0};
  std::atomic<bool> first_counted{false};
  auto writer = [&](int n, bool slow) {
    store_->write_tx([&](Tx& tx) {
      auto already = tx.count_recent_messages("lead_confirmation", key, t0);
      if (slow) {
        first_counted = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the other one starts now
      }
      if (already < 1) {
        tx.enqueue_message(keyed(n, key, t0 + n));
        ++enqueued;
      }
      return true;
    });
  };
  std::thread a([&] { writer(1, true); });
  while (!first_counted) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::thread b([&] { writer(2, false); });
  a.join();
  b.join();
  EXPECT_EQ(enqueued.load(), 1);
  EXPECT_EQ(store_->read<std::int64_t>(
                [&](Tx& tx) { return tx.count_recent_messages("lead_confirmation", key, 0); }),
            1);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxQueue, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::outbox_queue_test
