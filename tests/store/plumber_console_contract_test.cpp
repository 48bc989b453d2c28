// The plumbers console's store reads on SQLite and PostgreSQL: every search filter narrows the
// list, the four sorts page by keyset without gaps or repeats, and a plumber's messages and
// disputes are found.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

using domain::PlumberRow;
using domain::PlumberSearch;

class PlumberConsole : public Market {
 protected:
  std::vector<std::int64_t> ids(PlumberSearch q) {
    std::vector<std::int64_t> out;
    for (const auto& r : search(q)) out.push_back(r.id);
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<PlumberRow> search(const PlumberSearch& q) {
    return read<std::vector<PlumberRow>>([&](Tx& tx) { return tx.search_plumbers(q); });
  }
  // Every page of `q` (limit rows each), following the cursor as the service does.
  std::vector<std::int64_t> paged(PlumberSearch q, int limit) {
    q.limit = limit;
    std::vector<std::int64_t> out;
    for (int guard = 0; guard < 100; ++guard) {
      auto rows = search(q);
      for (const auto& r : rows) out.push_back(r.id);
      if (static_cast<int>(rows.size()) < limit) break;
      const auto& last = rows.back();
      q.after_id = last.id;
      q.after_num = q.sort == domain::plumber_sort_balance ? last.balance : last.last_active_at;
      q.after_name.clear();
      for (char c : last.business_name)
        q.after_name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
  }
  void grant(std::int64_t user, domain::Credits amount) {
    write([&](Tx& tx) {
      domain::LedgerEntry e;
      e.user_id = domain::UserId{user};
      e.kind = domain::ledger_grant;
      e.amount = amount;
      e.reason = "test";
      e.created_at = t0;
      ASSERT_TRUE(tx.append_ledger_entry(e));
    });
  }
  void sql(const std::string& statement) { ASSERT_EQ(raw(statement), "") << statement; }
};

TEST_P(PlumberConsole, TheSearchBoxFindsByNamePrefixEmailPhoneAndId) {
  auto a = plumber(1);
  auto b = plumber(2);
  sql("UPDATE plumbers SET business_name = 'Zeta Drains', contact_name = 'Olga Berg' "
      "WHERE user_id = " +
      std::to_string(b));
  PlumberSearch q;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{a, b}));
  q.term = domain::parse_plumber_search("zeta");
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{b})) << "business name prefix, any case";
  q.term = domain::parse_plumber_search("OLGA");
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{b})) << "contact name prefix";
  q.term = domain::parse_plumber_search("drains");
  EXPECT_TRUE(ids(q).empty()) << "a prefix, not a substring";
  q.term = domain::parse_plumber_search("plumber1@");
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{a})) << "e-mail prefix";
  q.term = domain::parse_plumber_search("(212) 000-0002");
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{b})) << "phone digits";
  q.term = domain::parse_plumber_search(std::to_string(a));
  auto by_id = ids(q);
  EXPECT_NE(std::find(by_id.begin(), by_id.end(), a), by_id.end()) << "id";
  q.term = domain::parse_plumber_search("100%_");
  EXPECT_TRUE(ids(q).empty()) << "'%' and '_' are plain characters";
}

TEST_P(PlumberConsole, StatusPlanAndServiceFiltersNarrow) {
  auto approved = plumber(1);
  auto pending =
      plumber(2, {.status = domain::PlumberStatus::pending, .plan = domain::PlanStatus::none});
  auto suspended =
      plumber(3, {.services = {"drain_cleaning"}, .status = domain::PlumberStatus::suspended});
  auto closed = plumber(4);
  sql("UPDATE users SET closed_at = 5 WHERE id = " + std::to_string(closed));
  PlumberSearch q;
  q.status = "approved";
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{approved})) << "a closed account is not approved";
  q.status = domain::plumber_state_closed;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{closed}));
  q.status = "suspended";
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{suspended}));
  q.status.clear();
  q.plan_status = "none";
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{pending}));
  q.plan_status.clear();
  q.service = "drain_cleaning";
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{suspended}));
}

TEST_P(PlumberConsole, AreaIsTheirOwnRadiusOrExtraZipOrWithinMiles) {
  auto manhattan = plumber(1, {.base_zip = "10001", .radius = 10});
  auto brooklyn_wide = plumber(2, {.base_zip = "11201", .radius = 50});
  auto la_with_extra = plumber(3, {.base_zip = "90001", .radius = 25, .extra_zips = {"10002"}});
  auto no_base = plumber(4, {.base_zip = ""});
  PlumberSearch q;
  q.near = true;
  q.zip = "10002";
  q.lat = zip("10002").lat;
  q.lng = zip("10002").lng;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{manhattan, brooklyn_wide, la_with_extra}))
      << "covers 10002: inside each radius, or listed as an extra ZIP";
  q.zip = "07030";  // Hoboken: ~2 miles from 10001, ~5 from 11201
  q.lat = zip("07030").lat;
  q.lng = zip("07030").lng;
  auto covering = ids(q);
  EXPECT_NE(std::find(covering.begin(), covering.end(), brooklyn_wide), covering.end());
  q.within_miles = 1;
  EXPECT_TRUE(ids(q).empty()) << "no base within 1 mile of Hoboken";
  q.within_miles = 3000;
  auto all = ids(q);
  EXPECT_EQ(all, (std::vector<std::int64_t>{manhattan, brooklyn_wide, la_with_extra}))
      << "within miles ignores extra ZIPs and needs a base (" << no_base << " has none)";
}

TEST_P(PlumberConsole, SignUpLastActiveAndBalanceRangesNarrow) {
  auto old_one = plumber(1);
  auto new_one = plumber(2);
  auto never = plumber(3);
  sql("UPDATE users SET created_at = 1000 WHERE id = " + std::to_string(old_one));
  sql("UPDATE users SET created_at = 5000 WHERE id = " + std::to_string(new_one));
  sql("UPDATE users SET created_at = 9000 WHERE id = " + std::to_string(never));
  write([&](Tx& tx) {
    tx.insert_session(accounts_test::make_session(1, old_one, t0 + 100));
    domain::LoginAttempt la;
    la.user_id = domain::UserId{new_one};
    la.ip = "203.0.113.1";
    la.success = true;
    la.at = t0 + 500;
    tx.insert_login_attempt(la);
    la.success = false;  // a failed sign-in is not activity
    la.user_id = domain::UserId{never};
    la.at = t0 + 900;
    tx.insert_login_attempt(la);
  });
  grant(old_one, 5);
  grant(new_one, 50);
  PlumberSearch q;
  q.signed_up_from = 2000;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{new_one, never}));
  q.signed_up_to = 9000;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{new_one})) << "to is exclusive";
  q = {};
  q.active_from = t0 + 200;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{new_one}));
  q.active_from = 0;
  q.active_to = t0 + 200;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{old_one, never})) << "never active counts as 0";
  auto rows = search({});
  for (const auto& r : rows) {
    if (r.id == old_one) EXPECT_EQ(r.last_active_at, t0 + 100);
    if (r.id == new_one) EXPECT_EQ(r.last_active_at, t0 + 500);
    if (r.id == never) EXPECT_EQ(r.last_active_at, 0);
  }
  q = {};
  q.balance_min = 5;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{old_one, new_one}));
  q.balance_max = 10;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{old_one}));
  q.balance_min = 0;
  q.balance_max = 0;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{never})) << "no ledger row is a balance of 0";
}

TEST_P(PlumberConsole, EachSortPagesByKeysetWithoutGapsOrRepeats) {
  std::vector<std::int64_t> made;
  const char* names[] = {"delta", "alpha", "charlie", "bravo", "alpha", "echo", "foxtrot"};
  for (int i = 0; i < 7; ++i) {
    auto id = plumber(i + 1);
    made.push_back(id);
    sql("UPDATE plumbers SET business_name = '" + std::string(names[i]) +
        "' WHERE user_id = " + std::to_string(id));
    if (i % 3 != 0) grant(id, i % 2 == 0 ? 10 : 20);  // ties on balance
    if (i % 2 == 0)
      write([&](Tx& tx) { tx.insert_session(accounts_test::make_session(i, id, t0 + i % 4)); });
  }
  for (const char* sort : {domain::plumber_sort_newest, domain::plumber_sort_name,
                           domain::plumber_sort_balance, domain::plumber_sort_last_active}) {
    PlumberSearch q;
    q.sort = sort;
    auto whole = search(q);
    ASSERT_EQ(whole.size(), 7u) << sort;
    std::vector<std::int64_t> order;
    for (const auto& r : whole) order.push_back(r.id);
    EXPECT_EQ(paged(q, 2), order) << sort << ": pages of 2 concatenate to the whole list";
    EXPECT_EQ(paged(q, 3), order) << sort;
    for (std::size_t i = 1; i < whole.size(); ++i) {
      const auto &a = whole[i - 1], &b = whole[i];
      if (std::string(sort) == domain::plumber_sort_newest) EXPECT_GT(a.id, b.id);
      if (std::string(sort) == domain::plumber_sort_balance)
        EXPECT_TRUE(a.balance > b.balance || (a.balance == b.balance && a.id > b.id));
      if (std::string(sort) == domain::plumber_sort_last_active)
        EXPECT_TRUE(a.last_active_at > b.last_active_at ||
                    (a.last_active_at == b.last_active_at && a.id > b.id));
      if (std::string(sort) == domain::plumber_sort_name)
        EXPECT_TRUE(a.business_name < b.business_name ||
                    (a.business_name == b.business_name && a.id < b.id));
    }
  }
}

// users.last_active_at (migration 0039) is what the sort and the filter read: the writes that
// define "last active" keep it, and it only moves forward.
TEST_P(PlumberConsole, LastActiveIsKeptBySessionAndSignInWrites) {
  auto p = plumber(1);
  auto other = plumber(2);
  auto last = [&] {
    for (const auto& r : search({}))
      if (r.id == p) return r.last_active_at;
    return domain::Millis{-1};
  };
  EXPECT_EQ(last(), 0);
  auto session = accounts_test::make_session(1, p, t0 + 100);
  write([&](Tx& tx) { tx.insert_session(session); });
  EXPECT_EQ(last(), t0 + 100) << "a session started";
  write([&](Tx& tx) { tx.touch_session(session.id_hash, t0 + 300); });
  EXPECT_EQ(last(), t0 + 300) << "a session touched";
  write([&](Tx& tx) { tx.insert_session(accounts_test::make_session(2, other, t0 + 5000)); });
  EXPECT_EQ(last(), t0 + 300) << "another user's session";
  domain::LoginAttempt la;
  la.user_id = domain::UserId{p};
  la.ip = "203.0.113.1";
  la.at = t0 + 900;
  std::int64_t attempt = 0;
  write([&](Tx& tx) { attempt = tx.insert_login_attempt(la); });
  EXPECT_EQ(last(), t0 + 300) << "a provisional failure is not activity";
  write([&](Tx& tx) { tx.set_login_attempt_succeeded(attempt); });
  EXPECT_EQ(last(), t0 + 900) << "the attempt turned into a success";
  write([&](Tx& tx) {
    la.success = true;
    la.at = t0 + 400;
    tx.insert_login_attempt(la);
    tx.insert_session(accounts_test::make_session(3, p, t0 + 50));
    tx.touch_session(session.id_hash, t0 + 600);
  });
  EXPECT_EQ(last(), t0 + 900) << "older activity never moves it back";
  write([&](Tx& tx) {
    la.at = t0 + 1000;
    tx.insert_login_attempt(la);
    tx.delete_user_sessions(domain::UserId{p}, "");
  });
  EXPECT_EQ(last(), t0 + 1000) << "a successful sign-in; ending the sessions keeps it";
  PlumberSearch q;
  q.active_from = t0 + 1000;
  q.active_to = t0 + 1001;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{p}));
  q.sort = domain::plumber_sort_last_active;
  EXPECT_EQ(ids(q), (std::vector<std::int64_t>{p}));
  q = {};
  q.sort = domain::plumber_sort_last_active;
  auto rows = search(q);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, other) << "t0 + 5000 first";
}

// Each sort is its own statement (the balance sort two parts: positive balances, then 0 with or
// without a balance row), so every filter is checked under every sort, whole and a row per page.
TEST_P(PlumberConsole, EverySortKeepsEveryFilter) {
  auto a = plumber(1, {.base_zip = "10001", .radius = 10});  // the default base is 10001, 25 mi
  auto b = plumber(2, {.services = {"drain_cleaning"},
                       .status = domain::PlumberStatus::pending,
                       .plan = domain::PlanStatus::none});
  auto c = plumber(3, {.base_zip = "90001", .status = domain::PlumberStatus::suspended});
  auto d = plumber(4, {.services = {"drain_cleaning", "leak_repair"}});
  auto e = plumber(5, {.base_zip = "11201", .radius = 50});
  auto f = plumber(6, {.base_zip = "", .plan = domain::PlanStatus::none});
  sql("UPDATE plumbers SET business_name = 'Acme Drains' WHERE user_id IN (" + std::to_string(b) +
      ", " + std::to_string(e) + ")");
  sql("UPDATE users SET closed_at = 5 WHERE id = " + std::to_string(d));
  sql("UPDATE users SET created_at = 1000 * id WHERE id IN (" + std::to_string(a) + ", " +
      std::to_string(c) + ", " + std::to_string(e) + ")");
  grant(a, 20);
  grant(c, 5);
  grant(d, 20);
  // A balance row at 0 sorts with the plumbers that have none.
  sql("INSERT INTO credit_balances (user_id, balance, updated_at) VALUES (" + std::to_string(f) +
      ", 0, 1)");
  write([&](Tx& tx) {
    tx.insert_session(accounts_test::make_session(1, a, t0 + 5));
    tx.insert_session(accounts_test::make_session(2, e, t0 + 5));
    tx.insert_session(accounts_test::make_session(3, b, t0 + 9));
  });
  std::vector<std::pair<const char*, PlumberSearch>> cases;
  auto add = [&](const char* name, auto edit) {
    PlumberSearch q;
    edit(q);
    cases.emplace_back(name, q);
  };
  add("none", [](PlumberSearch&) {});
  add("name prefix", [](PlumberSearch& q) { q.term = domain::parse_plumber_search("acme"); });
  add("e-mail prefix",
      [](PlumberSearch& q) { q.term = domain::parse_plumber_search("plumber3@"); });
  add("phone", [](PlumberSearch& q) { q.term = domain::parse_plumber_search("212 000 000"); });
  add("approved", [](PlumberSearch& q) { q.status = "approved"; });
  add("closed", [](PlumberSearch& q) { q.status = domain::plumber_state_closed; });
  add("plan none", [](PlumberSearch& q) { q.plan_status = "none"; });
  add("service", [](PlumberSearch& q) { q.service = "drain_cleaning"; });
  add("area", [&](PlumberSearch& q) {
    q.near = true;
    q.zip = "10002";
    q.lat = zip("10002").lat;
    q.lng = zip("10002").lng;
  });
  add("signed up", [](PlumberSearch& q) { q.signed_up_to = 1'000'000; });
  add("active", [](PlumberSearch& q) { q.active_from = t0 + 1; });
  add("balance >= 1", [](PlumberSearch& q) { q.balance_min = 1; });
  add("balance 0", [](PlumberSearch& q) { q.balance_max = 0; });
  add("balance 5-20", [](PlumberSearch& q) {
    q.balance_min = 5;
    q.balance_max = 20;
  });
  const std::vector<std::pair<const char*, std::vector<std::int64_t>>> expected{
      {"none", {a, b, c, d, e, f}},  {"name prefix", {b, e}},    {"e-mail prefix", {c}},
      {"phone", {a, b, c, d, e, f}}, {"approved", {a, e, f}},    {"closed", {d}},
      {"plan none", {b, f}},         {"service", {b, d}},        {"area", {a, b, d, e}},
      {"signed up", {a, c, e}},      {"active", {a, b, e}},      {"balance >= 1", {a, c, d}},
      {"balance 0", {b, e, f}},      {"balance 5-20", {a, c, d}}};
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& [name, base] = cases[i];
    ASSERT_STREQ(name, expected[i].first);
    for (const char* sort : {domain::plumber_sort_newest, domain::plumber_sort_name,
                             domain::plumber_sort_balance, domain::plumber_sort_last_active}) {
      auto q = base;
      q.sort = sort;
      EXPECT_EQ(ids(q), expected[i].second) << name << ", sort " << sort;
      std::vector<std::int64_t> order;
      for (const auto& r : search(q)) order.push_back(r.id);
      EXPECT_EQ(paged(q, 1), order) << name << ", sort " << sort << ": a row per page";
    }
  }
}

TEST_P(PlumberConsole, APlumbersMessagesAndDisputesNewestFirst) {
  auto p = plumber(1);
  auto other = plumber(2);
  write([&](Tx& tx) {
    for (int n = 0; n < 3; ++n) {
      auto m = outbox_test::make_message(n);
      m.recipient = n == 1 ? "someone@example.com" : "plumber1@example.com";
      tx.enqueue_message(m);
    }
    auto sms = outbox_test::make_message(7);
    sms.channel = domain::channel_sms;
    sms.recipient = "+12120000001";
    tx.enqueue_message(sms);
  });
  auto msgs = read<std::vector<domain::OutboxMessage>>(
      [&](Tx& tx) { return tx.plumber_messages("plumber1@example.com", "+12120000001", 10); });
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_GT(msgs[0].id, msgs[1].id);
  EXPECT_EQ(msgs[0].recipient, "+12120000001");
  auto limited = read<std::vector<domain::OutboxMessage>>(
      [&](Tx& tx) { return tx.plumber_messages("plumber1@example.com", "", 1); });
  ASSERT_EQ(limited.size(), 1u);
  EXPECT_EQ(limited[0].recipient, "plumber1@example.com");

  auto l1 = lead(market_lead(1, "10001", "leak_repair"));
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  auto c1 = claim(l1, p, t0 + 1);
  auto c2 = claim(l2, p, t0 + 2);
  auto c3 = claim(l2, other, t0 + 3);
  write([&](Tx& tx) {
    for (auto [c, who, l] : {std::tuple{c1, p, l1}, {c2, p, l2}, {c3, other, l2}}) {
      domain::Dispute d;
      d.claim_id = domain::ClaimId{c};
      d.plumber_id = domain::UserId{who};
      d.lead_id = domain::LeadId{l};
      d.reason = "wrong_contact";
      d.created_at = t0 + 10;
      tx.insert_dispute(d);
    }
  });
  auto ds = read<std::vector<domain::Dispute>>(
      [&](Tx& tx) { return tx.plumber_disputes(domain::UserId{p}, 10); });
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].claim_id, domain::ClaimId{c2});
  EXPECT_EQ(ds[1].claim_id, domain::ClaimId{c1});
}

INSTANTIATE_TEST_SUITE_P(Backends, PlumberConsole, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
