// The credits contract: the ledger and its cached balance, on SQLite and PostgreSQL — balance
// moves, overdraft refusal, unique references, paging, the append-only trigger, concurrent debits,
// 64-bit amounts and balances, and the balance cap held against concurrent grants.
#include <sqlite3.h>

#include <atomic>
#include <thread>
#include <vector>

#include "store_fixture.hpp"

namespace plumbline::store::credits_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

using domain::LedgerEntry;
using outbox_test::tagged;

LedgerEntry make_entry(std::int64_t user_id, const char* kind, domain::Credits amount,
                       const std::string& reference = "", Millis at = t0) {
  LedgerEntry e;
  e.user_id = domain::UserId{user_id};
  e.kind = kind;
  e.amount = amount;
  e.reason = std::string("test ") + kind;
  e.reference = reference;
  e.created_at = at;
  return e;
}

class Credits : public AccountsFixture {
 protected:
  bool append(const LedgerEntry& e) {
    bool ok = false;
    write([&](Tx& tx) { ok = tx.append_ledger_entry(e); });
    return ok;
  }
  domain::Credits balance(std::int64_t user_id) {
    return read<domain::Credits>(
        [&](Tx& tx) { return tx.credit_balance(domain::UserId{user_id}); });
  }
  std::vector<LedgerEntry> entries(std::int64_t user_id, int limit = 100, int offset = 0) {
    return read<std::vector<LedgerEntry>>(
        [&](Tx& tx) { return tx.ledger_entries(domain::UserId{user_id}, limit, offset); });
  }
  // The invariant: the cached balance equals the ledger sum (read in one snapshot).
  void expect_consistent(std::int64_t user_id, domain::Credits expected_balance) {
    auto [bal, sum] = read<std::pair<domain::Credits, domain::Credits>>([&](Tx& tx) {
      return std::pair<domain::Credits, domain::Credits>{tx.credit_balance(domain::UserId{user_id}),
                                                         tx.ledger_sum(domain::UserId{user_id})};
    });
    EXPECT_EQ(bal, expected_balance);
    EXPECT_EQ(sum, bal) << "ledger sum differs from the cached balance";
  }
};

TEST_P(Credits, GrantThenClaimMovesTheBalance) {
  auto admin = add_user(make_user("admin@example.com", domain::Role::admin));
  auto joe = add_user("joe@example.com");
  EXPECT_EQ(balance(joe), 0);
  expect_consistent(joe, 0);
  EXPECT_TRUE(entries(joe).empty());

  LedgerEntry grant = make_entry(joe, domain::ledger_grant, 10, "inv-1", t0 + 1);
  grant.actor_user_id = domain::UserId{admin};
  grant.reason = "Welcome pack — Zoë's \"promo\"";
  ASSERT_TRUE(append(grant));
  expect_consistent(joe, 10);

  ASSERT_TRUE(append(make_entry(joe, domain::ledger_claim, -3, "claim-1", t0 + 2)));
  expect_consistent(joe, 7);
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_refund, 3, "claim-1", t0 + 3)));
  expect_consistent(joe, 10);
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_adjustment, -4, "", t0 + 4)));
  expect_consistent(joe, 6);

  auto es = entries(joe);
  ASSERT_EQ(es.size(), 4u);
  const auto& g = es.back();  // newest first: the grant is last
  EXPECT_GT(g.id, 0);
  EXPECT_EQ(g.user_id, joe);
  EXPECT_EQ(g.kind, domain::ledger_grant);
  EXPECT_EQ(g.amount, 10);
  EXPECT_EQ(g.reason, grant.reason);
  EXPECT_EQ(g.actor_user_id, std::optional<domain::UserId>(domain::UserId{admin}));
  EXPECT_EQ(g.reference, "inv-1");
  EXPECT_EQ(g.created_at, t0 + 1);
  EXPECT_EQ(es[0].kind, domain::ledger_adjustment);
  EXPECT_EQ(es[0].amount, -4);
  EXPECT_EQ(es[0].actor_user_id, std::nullopt);
  EXPECT_EQ(es[0].reference, "");

  // Another user's ledger is untouched.
  auto ann = add_user("ann@example.com");
  expect_consistent(ann, 0);
  EXPECT_TRUE(entries(ann).empty());
}

TEST_P(Credits, DebitBeyondTheBalanceChangesNothing) {
  auto joe = add_user("joe@example.com");
  // No balance row yet: any debit is refused and nothing is written.
  EXPECT_FALSE(append(make_entry(joe, domain::ledger_claim, -1, "claim-0")));
  expect_consistent(joe, 0);
  EXPECT_TRUE(entries(joe).empty());

  ASSERT_TRUE(append(make_entry(joe, domain::ledger_grant, 5, "inv-1")));
  EXPECT_FALSE(append(make_entry(joe, domain::ledger_claim, -6, "claim-1")));
  EXPECT_FALSE(append(make_entry(joe, domain::ledger_adjustment, -6)));
  expect_consistent(joe, 5);
  EXPECT_EQ(entries(joe).size(), 1u);
  // The refused reference was not used up.
  EXPECT_TRUE(append(make_entry(joe, domain::ledger_claim, -5, "claim-1")));
  expect_consistent(joe, 0);
  EXPECT_FALSE(append(make_entry(joe, domain::ledger_claim, -1, "claim-2")));
  expect_consistent(joe, 0);
  EXPECT_EQ(entries(joe).size(), 2u);

  // A refusal inside a larger transaction leaves the rest of it intact.
  write([&](Tx& tx) {
    EXPECT_TRUE(tx.append_ledger_entry(make_entry(joe, domain::ledger_purchase, 2, "pack-1")));
    EXPECT_FALSE(tx.append_ledger_entry(make_entry(joe, domain::ledger_claim, -3, "claim-3")));
    EXPECT_TRUE(tx.append_ledger_entry(make_entry(joe, domain::ledger_claim, -2, "claim-4")));
    EXPECT_EQ(tx.credit_balance(domain::UserId{joe}), 0);
  });
  expect_consistent(joe, 0);
  EXPECT_EQ(entries(joe).size(), 4u);
}

TEST_P(Credits, RepeatedKindAndReferenceIsAUniqueViolation) {
  auto joe = add_user("joe@example.com");
  auto ann = add_user("ann@example.com");
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_grant, 10, "inv-1")));
  auto kind = failure(
      [&](Tx& tx) { tx.append_ledger_entry(make_entry(joe, domain::ledger_grant, 10, "inv-1")); });
  EXPECT_EQ(kind, std::optional(StoreErrorKind::unique_violation));
  // Across users too: one grant per invoice.
  kind = failure(
      [&](Tx& tx) { tx.append_ledger_entry(make_entry(ann, domain::ledger_grant, 10, "inv-1")); });
  EXPECT_EQ(kind, std::optional(StoreErrorKind::unique_violation));
  // A duplicate debit rolls back its balance move too.
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_claim, -4, "claim-1")));
  kind = failure([&](Tx& tx) {
    tx.append_ledger_entry(make_entry(joe, domain::ledger_claim, -4, "claim-1"));
  });
  EXPECT_EQ(kind, std::optional(StoreErrorKind::unique_violation));
  expect_consistent(joe, 6);
  expect_consistent(ann, 0);
  EXPECT_EQ(entries(joe).size(), 2u);

  // The same reference under another kind, and empty references, are fine.
  EXPECT_TRUE(append(make_entry(joe, domain::ledger_refund, 4, "claim-1")));
  EXPECT_TRUE(append(make_entry(joe, domain::ledger_adjustment, 1)));
  EXPECT_TRUE(append(make_entry(joe, domain::ledger_adjustment, 1)));
  expect_consistent(joe, 12);
}

TEST_P(Credits, SchemaRefusesMalformedEntries) {
  auto joe = add_user("joe@example.com");
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_grant, 3, "inv-1")));
  auto bad_kind = make_entry(joe, "bonus", 5);
  auto zero = make_entry(joe, domain::ledger_adjustment, 0);
  auto no_reason = make_entry(joe, domain::ledger_grant, 5);
  no_reason.reason = "";
  auto long_reason = make_entry(joe, domain::ledger_grant, 5);
  long_reason.reason = std::string(501, 'x');
  for (const auto& e : {bad_kind, zero, no_reason, long_reason}) {
    EXPECT_TRUE(domain::ledger_entry_problem(e).has_value());
    EXPECT_EQ(failure([&](Tx& tx) { tx.append_ledger_entry(e); }),
              std::optional(StoreErrorKind::check_violation))
        << e.kind << " " << e.amount << " reason size " << e.reason.size();
  }
  // Unknown user and unknown actor: foreign keys.
  EXPECT_EQ(failure([&](Tx& tx) {
              tx.append_ledger_entry(make_entry(joe + 1000, domain::ledger_grant, 5));
            }),
            std::optional(StoreErrorKind::check_violation));
  auto ghost_actor = make_entry(joe, domain::ledger_grant, 5);
  ghost_actor.actor_user_id = domain::UserId{joe + 1000};
  EXPECT_EQ(failure([&](Tx& tx) { tx.append_ledger_entry(ghost_actor); }),
            std::optional(StoreErrorKind::check_violation));
  expect_consistent(joe, 3);
  EXPECT_EQ(entries(joe).size(), 1u);
}

TEST_P(Credits, EntriesAreNewestFirstWithPaging) {
  auto joe = add_user("joe@example.com");
  auto ann = add_user("ann@example.com");
  for (int i = 1; i <= 7; ++i) {
    ASSERT_TRUE(append(make_entry(joe, domain::ledger_grant, i, tagged("inv-", i), t0 + i)));
    ASSERT_TRUE(append(make_entry(ann, domain::ledger_grant, 1, tagged("ann-", i), t0 + i)));
    expect_consistent(joe, i * (i + 1) / 2);
  }
  auto all = entries(joe);
  ASSERT_EQ(all.size(), 7u);
  for (std::size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i - 1].id, all[i].id);
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].user_id, joe);
    EXPECT_EQ(all[i].amount, 7 - static_cast<int>(i));
  }
  auto amounts = [&](int limit, int offset) {
    std::vector<int> out;
    for (const auto& e : entries(joe, limit, offset)) out.push_back(e.amount);
    return out;
  };
  EXPECT_EQ(amounts(3, 0), (std::vector<int>{7, 6, 5}));
  EXPECT_EQ(amounts(3, 3), (std::vector<int>{4, 3, 2}));
  EXPECT_EQ(amounts(3, 6), (std::vector<int>{1}));
  EXPECT_TRUE(amounts(3, 9).empty());
  EXPECT_TRUE(amounts(0, 0).empty());
  expect_consistent(ann, 7);
}

TEST_P(Credits, LedgerIsAppendOnly) {
  auto joe = add_user("joe@example.com");
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_grant, 10, "inv-1")));
  auto err = raw("UPDATE credit_ledger SET amount = 1000");
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  err = raw("DELETE FROM credit_ledger");
  EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  if (is_pg()) {
    err = raw("TRUNCATE credit_ledger CASCADE");
    EXPECT_NE(err.find("append-only"), std::string::npos) << err;
  }
  // The balance cannot be pushed below zero behind the store's back either.
  err = raw("UPDATE credit_balances SET balance = -1");
  EXPECT_NE(err, "");
  auto es = entries(joe);
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].amount, 10);
  expect_consistent(joe, 10);
  // Appending still works.
  EXPECT_EQ(raw("INSERT INTO credit_ledger (user_id, kind, amount, reason, created_at) VALUES (" +
                std::to_string(joe) + ", 'grant', 1, 'raw', 0)"),
            "");
}

TEST_P(Credits, ConcurrentClaimsNeverOverdraw) {
  auto joe = add_user("joe@example.com");
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_purchase, 50, "pack-1")));
  constexpr int threads = 8, tries = 20;
  std::atomic<int> wins{0}, errors{0}, min_seen{50};
  std::atomic<bool> done{false};
  std::thread sampler([&] {
    while (!done) {
      auto b = static_cast<int>(balance(joe));  // 0..50 here
      int cur = min_seen.load();
      while (b < cur && !min_seen.compare_exchange_weak(cur, b)) {
      }
    }
  });
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < tries; ++i) {
        std::string ref = tagged("claim-", t * 1000 + i);
        try {
          bool ok = false;
          store_->write_tx([&](Tx& tx) {
            ok = tx.append_ledger_entry(make_entry(joe, domain::ledger_claim, -1, ref));
            return ok;
          });
          if (ok) ++wins;
        } catch (const std::exception&) {
          ++errors;
        }
      }
    });
  for (auto& t : ts) t.join();
  done = true;
  sampler.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(wins.load(), 50);
  EXPECT_GE(min_seen.load(), 0);
  expect_consistent(joe, 0);
  EXPECT_EQ(entries(joe, 1000).size(), 51u);
}

// Issue 12.7: amounts and balances beyond 32 bits are stored, summed and read back exactly (the
// store does not apply the per-entry cap; domain::ledger_entry_problem does, before it).
TEST_P(Credits, BalancesAbove2To31RoundTripExactly) {
  auto joe = add_user("joe@example.com");
  constexpr domain::Credits big = 3'000'000'000;  // > 2^31 - 1: an int would show it negative
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_grant, big, "inv-big", t0 + 1)));
  expect_consistent(joe, big);
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_purchase, 2'000'000'000, "pack-big", t0 + 2)));
  expect_consistent(joe, 5'000'000'000);  // > 2^32 too
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_claim, -1, "claim-1", t0 + 3)));
  expect_consistent(joe, 4'999'999'999);
  EXPECT_FALSE(append(make_entry(joe, domain::ledger_adjustment, -5'000'000'000, "", t0 + 4)));
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_adjustment, -4'999'999'999, "", t0 + 5)));
  expect_consistent(joe, 0);
  auto es = entries(joe);
  ASSERT_EQ(es.size(), 4u);
  EXPECT_EQ(es[0].amount, -4'999'999'999);
  EXPECT_EQ(es[1].amount, -1);
  EXPECT_EQ(es[2].amount, 2'000'000'000);
  EXPECT_EQ(es[3].amount, big);
  // And a balance written behind the store's back (a legacy row) reads back exactly as well.
  EXPECT_EQ(
      raw("UPDATE credit_balances SET balance = 6000000000 WHERE user_id = " + std::to_string(joe)),
      "");
  EXPECT_EQ(balance(joe), 6'000'000'000);
}

// The balance cap (domain::credits_balance_max) is held in the store's conditional update: a
// grant, purchase or adjustment that would pass it changes nothing; a refund gives back what a
// claim took and is never refused; debits work from any balance.
TEST_P(Credits, TheBalanceCapRefusesCreditsThatWouldPassIt) {
  auto joe = add_user("joe@example.com");
  constexpr domain::Credits max = 10'000'000'000;
  ASSERT_EQ(domain::credits_balance_max, max);
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_grant, max - 10, "inv-1")));
  EXPECT_FALSE(append(make_entry(joe, domain::ledger_grant, 11, "inv-2")));
  EXPECT_FALSE(append(make_entry(joe, domain::ledger_adjustment, 11)));
  expect_consistent(joe, max - 10);
  EXPECT_EQ(entries(joe).size(), 1u);
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_purchase, 10, "inv-2")));  // reference unused
  expect_consistent(joe, max);
  EXPECT_FALSE(append(make_entry(joe, domain::ledger_grant, 1, "inv-3")));
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_claim, -5, "claim-1")));
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_refund, 5, "claim-1")));
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_claim, -5, "claim-2")));
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_grant, 5, "inv-4")));
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_refund, 5, "claim-2")));  // past the cap
  expect_consistent(joe, max + 5);
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_adjustment, -1)));
  expect_consistent(joe, max + 4);
  EXPECT_EQ(entries(joe).size(), 8u);
  // A new user's first credit beyond the cap is refused too.
  auto ann = add_user("ann@example.com");
  EXPECT_FALSE(append(make_entry(ann, domain::ledger_grant, max + 1, "ann-1")));
  expect_consistent(ann, 0);
  EXPECT_TRUE(entries(ann).empty());
}

TEST_P(Credits, ConcurrentGrantsNeverPassTheCap) {
  auto joe = add_user("joe@example.com");
  constexpr domain::Credits max = domain::credits_balance_max;
  ASSERT_TRUE(append(make_entry(joe, domain::ledger_grant, max - 30, "inv-0")));
  constexpr int threads = 6, tries = 10;
  std::atomic<int> wins{0}, errors{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < tries; ++i) {
        try {
          bool ok = false;
          store_->write_tx([&](Tx& tx) {
            ok = tx.append_ledger_entry(
                make_entry(joe, domain::ledger_grant, 1, tagged("inv-", t * 1000 + i + 1)));
            return ok;
          });
          if (ok) ++wins;
        } catch (const std::exception&) {
          ++errors;
        }
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(wins.load(), 30);
  expect_consistent(joe, max);
  EXPECT_EQ(entries(joe, 1000).size(), 31u);
}

INSTANTIATE_TEST_SUITE_P(Backends, Credits, ::testing::Values("sqlite", "postgres"), backend_name);

}  // namespace
}  // namespace plumbline::store::credits_test
