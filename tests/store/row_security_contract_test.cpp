// Row-level security on PostgreSQL (migration 0042): a plumber's transaction, run through the
// store's own connection as the app's non-owner role, reads and writes only that plumber's claims,
// ledger, balance, profile and sessions, even with raw SQL that forgets every filter.
#include "store/postgres/pg_tx.hpp"
#include "store/principal.hpp"
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

domain::LedgerEntry grant(std::int64_t user_id, domain::Credits amount, const char* ref) {
  domain::LedgerEntry e;
  e.user_id = domain::UserId{user_id};
  e.kind = "grant";
  e.amount = amount;
  e.reason = "test grant";
  e.reference = ref;
  e.created_at = t0;
  return e;
}

Principal plumber_principal(std::int64_t id) {
  return Principal{Principal::Kind::plumber, domain::UserId{id}};
}

class RowSecurity : public Market {
 protected:
  void SetUp() override {
    Market::SetUp();
    if (IsSkipped()) return;
    a = plumber(1);
    b = plumber(2);
    lead_id = lead(market_lead(1, "10001", "leak_repair"));
    claim_a = claim(lead_id, a, t0 + 1);
    claim_b = claim(lead_id, b, t0 + 2);
    write([&](Tx& tx) {
      ASSERT_TRUE(tx.append_ledger_entry(grant(a, 5, "a")));
      ASSERT_TRUE(tx.append_ledger_entry(grant(b, 7, "b")));
    });
    for (auto [user, hash] : {std::pair{a, 'a'}, std::pair{b, 'b'}})
      ASSERT_EQ(raw("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, "
                    "absolute_expires_at, idle_timeout_ms) VALUES ('" +
                    std::string(64, hash) + "', " + std::to_string(user) + ", 1, 1, 9, 9)"),
                "");
  }

  // The first column of every row `sql` returns through the store's connection, as the thread's
  // principal.
  std::vector<std::int64_t> ids(const std::string& sql) {
    return store_->read<std::vector<std::int64_t>>([&](Tx& tx) {
      auto r = dynamic_cast<pg::PgTx&>(tx).connection().exec(sql.c_str());
      std::vector<std::int64_t> out;
      for (int i = 0; i < r.rows(); ++i) out.push_back(r.int64(i, 0));
      return out;
    });
  }

  std::int64_t a = 0, b = 0, lead_id = 0, claim_a = 0, claim_b = 0;
};

TEST_P(RowSecurity, ThePlumbersTransactionRunsAsTheRoleThatOwnsNothing) {
  auto who = store_->read<std::string>([](Tx& tx) {
    auto r = dynamic_cast<pg::PgTx&>(tx).connection().exec(
        "SELECT current_user || ' ' || (rolsuper OR rolbypassrls)::text FROM pg_roles "
        "WHERE rolname = current_user");
    return r.text(0, 0);
  });
  EXPECT_EQ(who, "plumbline_app false");
}

TEST_P(RowSecurity, RawSqlWithoutAFilterSeesOnlyThePlumbersOwnRows) {
  PrincipalScope as_a(plumber_principal(a));
  EXPECT_EQ(ids("SELECT id FROM claims ORDER BY id"), std::vector<std::int64_t>{claim_a});
  EXPECT_EQ(ids("SELECT user_id FROM credit_ledger"), std::vector<std::int64_t>{a});
  EXPECT_EQ(ids("SELECT sum(amount) FROM credit_ledger"), std::vector<std::int64_t>{5});
  EXPECT_EQ(ids("SELECT user_id FROM credit_balances"), std::vector<std::int64_t>{a});
  EXPECT_EQ(ids("SELECT user_id FROM plumbers"), std::vector<std::int64_t>{a});
  EXPECT_EQ(ids("SELECT user_id FROM sessions"), std::vector<std::int64_t>{a});
}

TEST_P(RowSecurity, StoreMethodsThatTakeNoPlumberCannotReachAnotherPlumbersRows) {
  PrincipalScope as_a(plumber_principal(a));
  store_->read<int>([&](Tx& tx) {
    auto on_lead = tx.claims_for_lead(domain::LeadId{lead_id});
    EXPECT_EQ(on_lead.size(), 1u);
    if (!on_lead.empty()) EXPECT_EQ(on_lead[0].plumber_id.value, a);
    EXPECT_FALSE(tx.claim_by_id(domain::ClaimId{claim_b}).has_value());
    EXPECT_TRUE(tx.ledger_entries(domain::UserId{b}, 10, 0).empty());
    EXPECT_EQ(tx.credit_balance(domain::UserId{b}), 0);
    EXPECT_EQ(tx.ledger_sum(domain::UserId{b}), 0);
    EXPECT_FALSE(tx.plumber_profile(domain::UserId{b}).has_value());
    return 0;
  });
}

TEST_P(RowSecurity, APlumbersWritesReachOnlyItsOwnRows) {
  PrincipalScope as_a(plumber_principal(a));
  std::int64_t changed = 0;
  write([&](Tx& tx) {
    changed = dynamic_cast<pg::PgTx&>(tx)
                  .connection()
                  .exec("UPDATE claims SET notes = 'rewritten'")
                  .affected();
  });
  EXPECT_EQ(changed, 1);
  // A claim or a ledger entry in another plumber's name is refused, not stored.
  auto other = lead(market_lead(2, "10001", "leak_repair"));
  EXPECT_THROW(write([&](Tx& tx) { tx.insert_claim(make_claim(other, b, t0 + 3)); }), StoreError);
  EXPECT_THROW(write([&](Tx& tx) { tx.append_ledger_entry(grant(b, 1, "forged")); }), StoreError);
  PrincipalScope as_system(Principal{});
  EXPECT_EQ(get_claim(claim_b).notes, "");
  EXPECT_EQ(ids("SELECT count(*) FROM claims WHERE lead_id = " + std::to_string(other)),
            std::vector<std::int64_t>{0});
  EXPECT_EQ(ids("SELECT sum(amount) FROM credit_ledger WHERE user_id = " + std::to_string(b)),
            std::vector<std::int64_t>{7});
}

TEST_P(RowSecurity, APlumberWritesMessagesToOthersButReadsBackOnlyItsOwn) {
  auto to = [](int n, int plumber) {
    auto m = outbox_test::make_message(n);
    m.recipient = outbox_test::tagged("plumber", plumber) + "@example.com";
    return m;
  };
  std::int64_t id_a = 0, id_b = 0;
  write([&](Tx& tx) {
    id_a = tx.enqueue_message(to(1, 1));
    id_b = tx.enqueue_message(to(2, 2));
  });
  PrincipalScope as_a(plumber_principal(a));
  // The claim's notice to the homeowner: written, and its id read back in the same statement.
  std::int64_t id_home = 0;
  write([&](Tx& tx) { id_home = tx.enqueue_message(outbox_test::make_message(3)); });
  EXPECT_GT(id_home, 0);
  // Addressed to A, or written by A's requests; never B's.
  EXPECT_EQ(ids("SELECT id FROM outbox ORDER BY id"), (std::vector<std::int64_t>{id_a, id_home}));
  PrincipalScope as_system(Principal{});
  EXPECT_EQ(ids("SELECT id FROM outbox ORDER BY id"),
            (std::vector<std::int64_t>{id_a, id_b, id_home}));
}

TEST_P(RowSecurity, TheSystemAndStaffSeeEveryRowAndNoPrincipalSeesNone) {
  EXPECT_EQ(ids("SELECT id FROM claims ORDER BY id"),
            (std::vector<std::int64_t>{claim_a, claim_b}));
  {
    PrincipalScope staff(Principal{Principal::Kind::staff, {}});
    EXPECT_EQ(ids("SELECT user_id FROM credit_balances ORDER BY user_id"),
              (std::vector<std::int64_t>{a, b}));
  }
  // Deny by default: a transaction that declares nobody sees nothing.
  EXPECT_EQ(ids("SET LOCAL plumbline.role = ''; SELECT id FROM claims"),
            std::vector<std::int64_t>{});
}

INSTANTIATE_TEST_SUITE_P(Backends, RowSecurity, ::testing::Values(std::string("postgres")),
                         outbox_test::backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
