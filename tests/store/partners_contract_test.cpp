// The partner lead sources storage contract on SQLite and PostgreSQL (issue 20): sources and keys
// read back every field, a key is found by its hash only and revoked once, an Idempotency-Key is
// claimed once per API key (a concurrent claim on PostgreSQL waits and then finds the row), and a
// lead carries its source and the partner's consent evidence, counted per day for the cap.
#include <atomic>
#include <thread>

#include "store_fixture.hpp"

namespace plumbline::store::partners_store_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class PartnersStore : public AccountsFixture {
 protected:
  domain::PartnerSourceId source(const std::string& name = "Fix-It Leads") {
    domain::PartnerSource s;
    s.name = name;
    s.contact = "Ann, ann@fixit.example";
    s.services = {"leak_repair", "drain_cleaning"};
    s.areas = {"100", "10453"};
    s.daily_cap = 25;
    s.rate_per_minute = 30;
    s.terms = "$12 a lead";
    s.frame_origins = {"https://fixit.example", "http://127.0.0.1:8081"};
    s.created_at = t0;
    domain::PartnerSourceId id;
    write([&](Tx& tx) { id = tx.insert_partner_source(s); });
    return id;
  }
  domain::LeadId add_lead(int n) {
    domain::LeadId id;
    write([&](Tx& tx) { id = tx.insert_lead(outbox_test::make_lead(n)); });
    return id;
  }
  domain::PartnerKeyId key(domain::PartnerSourceId s, const std::string& hash) {
    domain::PartnerKey k;
    k.source_id = s;
    k.key_hash = hash;
    k.hint = "plk_AbCd";
    k.scopes = {domain::scope_leads_create};
    k.created_at = t0;
    domain::PartnerKeyId id;
    write([&](Tx& tx) { id = tx.insert_partner_key(k); });
    return id;
  }
};

TEST_P(PartnersStore, SourceReadsBackEveryFieldAndNamesAreUnique) {
  auto id = source();
  auto got = read<std::optional<domain::PartnerSource>>(
      [&](Tx& tx) { return tx.partner_source_by_id(id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "Fix-It Leads");
  EXPECT_EQ(got->contact, "Ann, ann@fixit.example");
  EXPECT_EQ(got->services, (std::vector<std::string>{"leak_repair", "drain_cleaning"}));
  EXPECT_EQ(got->areas, (std::vector<std::string>{"100", "10453"}));
  EXPECT_EQ(got->daily_cap, 25);
  EXPECT_EQ(got->rate_per_minute, 30);
  EXPECT_EQ(got->terms, "$12 a lead");
  EXPECT_EQ(got->frame_origins,
            (std::vector<std::string>{"https://fixit.example", "http://127.0.0.1:8081"}));
  EXPECT_EQ(got->created_at, t0);
  EXPECT_FALSE(got->created_by);
  source("A first");
  auto all =
      read<std::vector<domain::PartnerSource>>([](Tx& tx) { return tx.list_partner_sources(); });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "A first");
  try {
    source();
    FAIL() << "a second source with the same name was stored";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::unique_violation);
  }
}

TEST_P(PartnersStore, KeysAreFoundByHashAndRevokedOnce) {
  auto s = source();
  auto k1 = key(s, std::string(64, 'a'));
  auto k2 = key(s, std::string(64, 'c'));
  auto found = read<std::optional<domain::PartnerKey>>(
      [](Tx& tx) { return tx.partner_key_by_hash(std::string(64, 'a')); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, k1);
  EXPECT_EQ(found->source_id, s);
  EXPECT_EQ(found->hint, "plk_AbCd");
  EXPECT_EQ(found->scopes, (std::vector<std::string>{"leads:create"}));
  EXPECT_FALSE(found->revoked());
  EXPECT_FALSE(read<std::optional<domain::PartnerKey>>(
      [](Tx& tx) { return tx.partner_key_by_hash(std::string(64, 'd')); }));
  auto by = domain::UserId{add_user("admin@example.com")};
  bool first = false, second = true;
  write([&](Tx& tx) { first = tx.revoke_partner_key(k1, by, t0 + 5); });
  write([&](Tx& tx) { second = tx.revoke_partner_key(k1, by, t0 + 9); });
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  auto revoked =
      read<std::optional<domain::PartnerKey>>([&](Tx& tx) { return tx.partner_key_by_id(k1); });
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->revoked_at, t0 + 5);  // the first revocation stands
  EXPECT_EQ(revoked->revoked_by, by);
  auto keys =
      read<std::vector<domain::PartnerKey>>([&](Tx& tx) { return tx.list_partner_keys(s); });
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].id, k2);  // newest first
}

TEST_P(PartnersStore, AnIdempotencyKeyIsClaimedOncePerApiKey) {
  auto s = source();
  auto k1 = key(s, std::string(64, 'a'));
  auto k2 = key(s, std::string(64, 'c'));
  auto lead = add_lead(1);
  bool a = false, b = true, c = false;
  write([&](Tx& tx) { a = tx.insert_idempotency({k1, "retry-1", "hash-1", {}, {}, t0}); });
  write([&](Tx& tx) { b = tx.insert_idempotency({k1, "retry-1", "hash-2", {}, {}, t0 + 1}); });
  write([&](Tx& tx) { c = tx.insert_idempotency({k2, "retry-1", "hash-3", {}, {}, t0}); });
  EXPECT_TRUE(a);
  EXPECT_FALSE(b);
  EXPECT_TRUE(c);  // another key's records are its own
  write([&](Tx& tx) { tx.finish_idempotency(k1, "retry-1", lead, "sealed-answer"); });
  auto rec = read<std::optional<domain::IdempotencyRecord>>(
      [&](Tx& tx) { return tx.find_idempotency(k1, "retry-1"); });
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->body_hash, "hash-1");  // the first body stays
  EXPECT_EQ(rec->lead_id, lead);
  EXPECT_EQ(rec->answer_sealed, "sealed-answer");
  EXPECT_EQ(rec->created_at, t0);
  EXPECT_FALSE(read<std::optional<domain::IdempotencyRecord>>(
      [&](Tx& tx) { return tx.find_idempotency(k1, "retry-2"); }));
}

// Two transactions claim the same key at once: exactly one gets it, the other then sees the row.
TEST_P(PartnersStore, ConcurrentClaimsOfOneIdempotencyKeyGiveOneWinner) {
  auto s = source();
  auto k = key(s, std::string(64, 'a'));
  std::atomic<int> winners{0};
  auto claim = [&] {
    store_->write_tx([&](Tx& tx) {
      if (tx.insert_idempotency({k, "same", "h", {}, {}, t0})) ++winners;
      return true;
    });
  };
  std::thread t1(claim), t2(claim);
  t1.join();
  t2.join();
  EXPECT_EQ(winners.load(), 1);
}

TEST_P(PartnersStore, ALeadCarriesItsSourceAndTheConsentEvidenceAndCountsPerDay) {
  auto s = source();
  auto l1 = add_lead(1);
  auto l2 = add_lead(2);
  add_lead(3);  // another channel's request
  domain::ConsentEvidence e{"I agree to be contacted by plumbers.", t0 - 60'000, "198.51.100.4",
                            "https://fixit.example/get-quotes"};
  write([&](Tx& tx) {
    tx.set_lead_partner(l1, s, e, "partner: Fix-It Leads (key plk_AbCd)");
    tx.set_lead_partner_source(l2, s);
  });
  auto lead = read<std::optional<domain::Lead>>([&](Tx& tx) { return tx.lead_by_id(l1); });
  ASSERT_TRUE(lead);
  EXPECT_EQ(lead->consent_text, e.text);
  EXPECT_EQ(lead->consent_at, e.at);
  EXPECT_EQ(lead->consent_ip, e.ip);
  EXPECT_EQ(lead->consent_user_agent, "partner: Fix-It Leads (key plk_AbCd)");
  int today = 0, later = 0;
  write([&](Tx& tx) {
    tx.lock_partner_source(s);
    today = tx.count_partner_leads_since(s, t0);
    later = tx.count_partner_leads_since(s, t0 + 1);
  });
  EXPECT_EQ(today, 2);
  EXPECT_EQ(later, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, PartnersStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::partners_store_test
