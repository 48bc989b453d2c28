// Live events on SQLite and PostgreSQL (the Market suite): append, read after an id, prune.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

TEST_P(Market, LiveEventsAppendReadAndPrune) {
  auto last = [&] { return read<std::int64_t>([&](Tx& tx) { return tx.last_live_event_id(); }); };
  auto after = [&](std::int64_t id, int limit) {
    return read<std::vector<domain::LiveEvent>>(
        [&](Tx& tx) { return tx.live_events_after(id, limit); });
  };
  EXPECT_EQ(last(), 0);
  EXPECT_TRUE(after(0, 10).empty());
  const char* kinds[] = {domain::live_lead_new, domain::live_lead_slots, domain::live_lead_gone,
                         domain::live_lead_new, domain::live_lead_slots};
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    std::int64_t id = 0;
    write(
        [&](Tx& tx) { id = tx.insert_live_event(kinds[i], domain::LeadId{100 + i}, t0 + i + 1); });
    if (!ids.empty()) {
      EXPECT_GT(id, ids.back());
    }
    ids.push_back(id);
  }
  EXPECT_EQ(last(), ids[4]);
  auto all = after(0, 100);
  ASSERT_EQ(all.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(all[i].id, ids[i]);
    EXPECT_EQ(all[i].kind, kinds[i]);
    EXPECT_EQ(all[i].lead_id, domain::LeadId{100 + i});
    EXPECT_EQ(all[i].created_at, t0 + i + 1);
  }
  auto some = after(ids[1], 2);
  ASSERT_EQ(some.size(), 2u);
  EXPECT_EQ(some[0].id, ids[2]);
  EXPECT_EQ(some[1].id, ids[3]);
  EXPECT_TRUE(after(ids[4], 10).empty());

  // Several events in one transaction; rolled-back events never appear.
  write([&](Tx& tx) {
    tx.insert_live_event(domain::live_lead_slots, domain::LeadId{200}, t0 + 10);
    tx.insert_live_event(domain::live_lead_gone, domain::LeadId{200}, t0 + 10);
  });
  store_->write_tx([&](Tx& tx) {
    tx.insert_live_event(domain::live_lead_new, domain::LeadId{300}, t0 + 11);
    return false;
  });
  auto tail = after(ids[4], 10);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].lead_id, domain::LeadId{200});
  EXPECT_EQ(tail[0].kind, domain::live_lead_slots);
  EXPECT_EQ(tail[1].kind, domain::live_lead_gone);
  auto newest = last();
  EXPECT_EQ(newest, tail[1].id);

  // Pruning: strictly before the time; the last id stays.
  int deleted = -1;
  write([&](Tx& tx) { deleted = tx.delete_live_events_before(t0 + 3); });
  EXPECT_EQ(deleted, 2);
  all = after(0, 100);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].id, ids[2]);
  write([&](Tx& tx) { deleted = tx.delete_live_events_before(t0 + 1000); });
  EXPECT_EQ(deleted, 5);
  EXPECT_TRUE(after(0, 100).empty());
  std::int64_t next = 0;
  write([&](Tx& tx) {
    next = tx.insert_live_event(domain::live_lead_new, domain::LeadId{1}, t0 + 2000);
  });
  EXPECT_GT(next, newest);  // ids are never reused
}

}  // namespace
}  // namespace plumbline::store::market_test
