// The outbox contract, part 2: listing, counts, delivery reports, SMS opt-outs, concurrent leasers.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "store_fixture.hpp"

namespace plumbline::store::outbox_views_test {
namespace {

using namespace outbox_test;  // the shared fixture (store_fixture.hpp)

class OutboxViews : public OutboxFixture {};

TEST_P(OutboxViews, CountsEveryStatusInOneQuery) {
  auto c = counts();
  EXPECT_EQ(c.pending + c.sending + c.sent + c.dead, 0);
  for (int i = 0; i < 7; ++i) enqueue(make_message(i, t0 + i));
  auto leased = lease("w", t0 + 3, t0 + 30'000, 10);  // 0..3
  ASSERT_EQ(leased.size(), 4u);
  write([&](Tx& tx) {
    tx.mark_message_sent(leased[0].id, t0 + 10, "a");
    tx.mark_message_dead(leased[1].id, "gone", t0 + 10);
    tx.mark_message_dead(leased[2].id, "gone", t0 + 10);
  });
  c = counts();
  EXPECT_EQ(c.pending, 3);
  EXPECT_EQ(c.sending, 1);
  EXPECT_EQ(c.sent, 1);
  EXPECT_EQ(c.dead, 2);
}

TEST_P(OutboxViews, ListsByStatusNewestFirstAndEmptyMeansAll) {
  std::vector<std::int64_t> id;
  for (int i = 0; i < 5; ++i) id.push_back(enqueue(make_message(i, t0 + i)));
  lease("w", t0 + 1, t0 + 30'000, 10);  // 0 and 1
  write([&](Tx& tx) { tx.mark_message_dead(id[0], "gone", t0 + 10); });
  auto list = [&](const std::string& status, int limit) {
    return ids(store_->read<std::vector<OutboxMessage>>(
        [&](Tx& tx) { return tx.messages_by_status(status, limit); }));
  };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(list("pending", 10), (V{id[4], id[3], id[2]}));
  EXPECT_EQ(list("pending", 2), (V{id[4], id[3]}));
  EXPECT_EQ(list("sending", 10), (V{id[1]}));
  EXPECT_EQ(list("dead", 10), (V{id[0]}));
  EXPECT_TRUE(list("sent", 10).empty());
  EXPECT_EQ(list("", 10), (V{id[4], id[3], id[2], id[1], id[0]}));
  EXPECT_EQ(list("", 3), (V{id[4], id[3], id[2]}));
  EXPECT_TRUE(list("", 0).empty());
  auto full = store_->read<std::vector<OutboxMessage>>(
      [](Tx& tx) { return tx.messages_by_status("dead", 1); });
  ASSERT_EQ(full.size(), 1u);
  EXPECT_EQ(full[0].last_error, "gone");
  EXPECT_EQ(full[0].recipient, make_message(0).recipient);
}

TEST_P(OutboxViews, ListsTheMessagesOfALeadInOrder) {
  auto a = insert_lead(1), b = insert_lead(2);
  std::vector<std::int64_t> of_a;
  for (int i = 0; i < 3; ++i) {
    OutboundMessage m = make_message(i, t0 - i);
    m.lead_id = domain::LeadId{a};
    of_a.push_back(enqueue(m));
    OutboundMessage n = make_message(100 + i);
    n.lead_id = domain::LeadId{b};
    enqueue(n);
  }
  enqueue(make_message(200));  // no lead
  auto got = store_->read<std::vector<OutboxMessage>>(
      [&](Tx& tx) { return tx.messages_for_lead(domain::LeadId{a}); });
  EXPECT_EQ(ids(got), of_a);
  for (const auto& m : got) EXPECT_EQ(m.lead_id, std::optional<domain::LeadId>(domain::LeadId{a}));
  EXPECT_EQ(store_->read<std::size_t>(
                [&](Tx& tx) { return tx.messages_for_lead(domain::LeadId{b}).size(); }),
            3u);
  EXPECT_TRUE(store_->read<bool>(
      [&](Tx& tx) { return tx.messages_for_lead(domain::LeadId{b + 1000}).empty(); }));
}

TEST_P(OutboxViews, DeliveryStatusMovesForwardAndNeverLeavesAFinalState) {
  auto id = enqueue(make_message(1));
  enqueue(make_message(2));  // unsent: empty provider id
  lease("w", t0, t0 + 30'000, 1);
  write([&](Tx& tx) { tx.mark_message_sent(id, t0 + 1, "SM0123"); });
  auto report = [&](const std::string& provider, const std::string& status, Millis at) {
    bool ok = false;
    write([&](Tx& tx) { ok = tx.update_delivery_status(provider, status, at); });
    return ok;
  };
  EXPECT_TRUE(report("SM0123", "queued", t0 + 2));
  EXPECT_EQ(get(id).delivery_status, "queued");
  EXPECT_TRUE(report("SM0123", "sent", t0 + 3));
  EXPECT_FALSE(report("SM0123", "queued", t0 + 4));  // late, out-of-order report
  EXPECT_EQ(get(id).delivery_status, "sent");
  EXPECT_TRUE(report("SM0123", "delivered", t0 + 5));
  EXPECT_FALSE(report("SM0123", "sent", t0 + 6));
  EXPECT_FALSE(report("SM0123", "failed", t0 + 7));
  EXPECT_FALSE(report("SM0123", "undelivered", t0 + 8));
  auto m = get(id);
  EXPECT_EQ(m.delivery_status, "delivered");
  EXPECT_EQ(m.updated_at, t0 + 5);
  EXPECT_EQ(m.status, domain::MessageStatus::sent);  // the outbox status is not the delivery status

  EXPECT_FALSE(report("SM9999", "delivered", t0 + 9));  // unknown provider id
  EXPECT_FALSE(report("", "delivered", t0 + 9));
  EXPECT_EQ(store_->read<std::string>(
                [](Tx& tx) { return tx.messages_by_status("pending", 1).at(0).delivery_status; }),
            "");
}

TEST_P(OutboxViews, SmsOptOutIsUpsertedAndCanBeUndone) {
  auto opted_out = [&](const std::string& phone) {
    return store_->read<bool>([&](Tx& tx) { return tx.sms_opted_out(phone); });
  };
  const std::string phone = "+12125550100", other = "+13105550199";
  EXPECT_FALSE(opted_out(phone));  // unknown: not opted out
  write([&](Tx& tx) { tx.set_sms_opt_out(phone, true, "STOP", t0); });
  EXPECT_TRUE(opted_out(phone));
  EXPECT_FALSE(opted_out(other));
  write([&](Tx& tx) { tx.set_sms_opt_out(phone, true, "UNSUBSCRIBE", t0 + 1); });  // upsert
  EXPECT_TRUE(opted_out(phone));
  write([&](Tx& tx) {
    tx.set_sms_opt_out(phone, false, "START", t0 + 2);
    EXPECT_FALSE(tx.sms_opted_out(phone));  // visible inside the transaction
  });
  EXPECT_FALSE(opted_out(phone));
  write([&](Tx& tx) { tx.set_sms_opt_out(other, false, "START", t0 + 3); });
  EXPECT_FALSE(opted_out(other));
  store_->write_tx([&](Tx& tx) {
    tx.set_sms_opt_out(phone, true, "STOP", t0 + 4);
    return false;  // rolled back
  });
  EXPECT_FALSE(opted_out(phone));
}

// Leasers draining one queue concurrently: every message is leased exactly once. On PostgreSQL
// each leaser holds its transaction open until both have leased, so the second runs while the
// first still locks its rows: it must skip them rather than wait (FOR UPDATE SKIP LOCKED).
TEST_P(OutboxViews, ConcurrentLeasersNeverGetTheSameRow) {
  constexpr int total = 100, each = 50;
  write([&](Tx& tx) {
    for (int i = 0; i < total; ++i) tx.enqueue_message(make_message(i, t0 - i % 7));
  });
  std::mutex mu;
  std::condition_variable cv;
  int arrived = 0;
  bool overlapped = true;
  std::vector<OutboxMessage> got[2];
  auto leaser = [&](int k) {
    store_->write_tx([&](Tx& tx) {
      got[k] = tx.lease_messages(tagged("worker-", k), t0, t0 + 60'000, each);
      if (is_pg()) {  // SQLite runs writes one at a time on its writer: nothing to overlap
        std::unique_lock lk(mu);
        ++arrived;
        cv.notify_all();
        if (!cv.wait_for(lk, std::chrono::seconds(10), [&] { return arrived == 2; }))
          overlapped = false;
      }
      return true;
    });
  };
  std::thread a(leaser, 0), b(leaser, 1);
  a.join();
  b.join();
  EXPECT_TRUE(overlapped) << "a leaser waited for the other's locks";
  ASSERT_EQ(got[0].size(), static_cast<std::size_t>(each));
  ASSERT_EQ(got[1].size(), static_cast<std::size_t>(each));
  std::set<std::int64_t> seen;
  for (int k = 0; k < 2; ++k)
    for (const auto& m : got[k]) {
      EXPECT_TRUE(seen.insert(m.id).second) << "message " << m.id << " leased twice";
      EXPECT_EQ(m.lease_owner, tagged("worker-", k));
      EXPECT_EQ(m.attempts, 1);
    }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(total));
  EXPECT_EQ(counts().sending, total);
}

TEST_P(OutboxViews, ManyLeasersDrainTheQueueExactlyOnce) {
  constexpr int total = 200, workers = 4;
  write([&](Tx& tx) {
    for (int i = 0; i < total; ++i) tx.enqueue_message(make_message(i, t0 - i));
  });
  std::mutex mu;
  std::multiset<std::int64_t> seen;
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w)
    pool.emplace_back([&, w] {
      for (;;) {
        auto batch = lease(tagged("w", w), t0, t0 + 60'000, 7);
        if (batch.empty()) return;
        write([&](Tx& tx) {
          for (const auto& m : batch) tx.mark_message_sent(m.id, t0 + 1, tagged("id-", m.id));
        });
        std::lock_guard lk(mu);
        for (const auto& m : batch) seen.insert(m.id);
      }
    });
  for (auto& t : pool) t.join();
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(total));
  EXPECT_EQ(std::set<std::int64_t>(seen.begin(), seen.end()).size(),
            static_cast<std::size_t>(total));
  auto c = counts();
  EXPECT_EQ(c.sent, total);
  EXPECT_EQ(c.pending + c.sending + c.dead, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxViews, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::outbox_views_test
