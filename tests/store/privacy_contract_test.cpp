// Privacy store contract (migration 0012), on SQLite and PostgreSQL alike: lead anonymisation
// keeps the claimants' copies and is idempotent, retention picks only finished leads, a closed
// account stops matching, and its anonymisation overwrites personal data but keeps the ledger.
#include "store_fixture.hpp"

namespace plumbline::store::privacy_test {
namespace {

using namespace market_test;  // the shared fixture (store_fixture.hpp)

using domain::Millis;
constexpr Millis pday = 24LL * 3'600'000;

class Privacy : public accounts_test::AccountsFixture {
 protected:
  std::int64_t plumber(int n, const PlumberSpec& s = {}) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = add_plumber(tx, n, s); });
    return id;
  }
  domain::Lead lead(std::int64_t id) {
    return *read<std::optional<domain::Lead>>(
        [&](Tx& tx) { return tx.lead_by_id(domain::LeadId{id}); });
  }
};

TEST_P(Privacy, AnonymisingALeadKeepsEachUnrefundedClaimantsCopy) {
  auto p1 = plumber(1), p2 = plumber(2);
  std::int64_t id = 0, c1 = 0, c2 = 0;
  write([&](Tx& tx) {
    auto l = market_lead(1, "10001", "leak_repair");
    l.phone_e164 = "+12125550111";
    l.email = "maria@example.com";
    id = tx.insert_lead(l).value;
    c1 = tx.insert_claim(make_claim(id, p1, t0 + 1)).value;
    c2 = tx.insert_claim(make_claim(id, p2, t0 + 2)).value;
    tx.mark_claim_refunded(domain::ClaimId{c2}, t0 + 3);  // refunded: bought nothing to keep
    domain::OutboundMessage m = outbox_test::make_message(1);
    m.recipient = "maria@example.com";
    m.lead_id = domain::LeadId{id};
    tx.enqueue_message(m);
    tx.update_lead_status(domain::LeadId{id}, domain::LeadStatus::open, domain::LeadStatus::closed,
                          "hired", t0 + 4);
  });
  bool first = false, second = true;
  write([&](Tx& tx) { first = tx.anonymise_lead(domain::LeadId{id}, t0 + pday); });
  write([&](Tx& tx) { second = tx.anonymise_lead(domain::LeadId{id}, t0 + 2 * pday); });
  EXPECT_TRUE(first);
  EXPECT_FALSE(second) << "a second anonymisation changes nothing";
  auto l = lead(id);
  EXPECT_EQ(l.name, "Deleted homeowner");
  EXPECT_EQ(l.phone_e164, "");
  EXPECT_EQ(l.email, "");
  EXPECT_EQ(l.address, "");
  EXPECT_EQ(l.consent_ip, "");
  EXPECT_EQ(l.consent_text, "I agree.") << "the consent record stays";
  EXPECT_TRUE(domain::lead_anonymised(l));
  EXPECT_EQ(read<std::optional<Millis>>(
                [&](Tx& tx) { return tx.lead_anonymised_at(domain::LeadId{id}); }),
            t0 + pday);
  auto copy = read<std::optional<domain::ContactCopy>>(
      [&](Tx& tx) { return tx.claim_contact_copy(domain::ClaimId{c1}); });
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->name, "Homeowner 1");
  EXPECT_EQ(copy->phone_e164, "+12125550111");
  EXPECT_EQ(copy->email, "maria@example.com");
  EXPECT_EQ(copy->address, "12 Main St");
  EXPECT_FALSE(read<std::optional<domain::ContactCopy>>(
      [&](Tx& tx) { return tx.claim_contact_copy(domain::ClaimId{c2}); }));
  auto messages = read<std::vector<domain::OutboxMessage>>(
      [&](Tx& tx) { return tx.messages_for_lead(domain::LeadId{id}); });
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].recipient, "deleted");
  EXPECT_EQ(messages[0].status, domain::MessageStatus::dead)
      << "an unsent message to the homeowner is never sent";
  EXPECT_EQ(messages[0].data_json, "{}");
}

TEST_P(Privacy, RetentionFindsOnlyFinishedLeadsLastChangedBeforeTheCutoff) {
  std::int64_t open = 0, closed_old = 0, expired_old = 0, closed_new = 0;
  write([&](Tx& tx) {
    open = tx.insert_lead(market_lead(1, "10001", "leak_repair")).value;
    closed_old = tx.insert_lead(market_lead(2, "10001", "leak_repair")).value;
    expired_old = tx.insert_lead(market_lead(3, "10001", "leak_repair")).value;
    closed_new = tx.insert_lead(market_lead(4, "10001", "leak_repair")).value;
    tx.update_lead_status(domain::LeadId{closed_old}, domain::LeadStatus::open,
                          domain::LeadStatus::closed, "hired", t0 + pday);
    tx.update_lead_status(domain::LeadId{expired_old}, domain::LeadStatus::open,
                          domain::LeadStatus::expired, "expired", t0 + 3 * pday);
    tx.update_lead_status(domain::LeadId{closed_new}, domain::LeadStatus::open,
                          domain::LeadStatus::closed, "hired", t0 + 20 * pday);
  });
  auto due = [&] {
    return read<std::vector<std::int64_t>>(
        [&](Tx& tx) { return tx.leads_due_for_anonymisation(t0 + 10 * pday, 100); });
  };
  EXPECT_EQ(due(), (std::vector<std::int64_t>{closed_old, expired_old}));
  write([&](Tx& tx) { tx.anonymise_lead(domain::LeadId{closed_old}, t0 + 30 * pday); });
  EXPECT_EQ(due(), (std::vector<std::int64_t>{expired_old}));
  EXPECT_EQ(lead(open).name, "Homeowner 1");
}

TEST_P(Privacy, AClosedAccountNoLongerMatches) {
  auto a = plumber(1), b = plumber(2);
  auto q = match_at_zip("10001", "leak_repair");
  auto ids = [&] {
    std::vector<std::int64_t> out;
    for (const auto& m :
         read<std::vector<domain::MatchCandidate>>([&](Tx& tx) { return tx.match_plumbers(q); }))
      out.push_back(m.plumber_id.value);
    return out;
  };
  EXPECT_EQ(ids(), (std::vector<std::int64_t>{a, b}));
  bool closed = false, again = true;
  write([&](Tx& tx) {
    closed = tx.close_user(domain::UserId{a}, "closed by the account holder", {}, t0 + 1);
  });
  write([&](Tx& tx) { again = tx.close_user(domain::UserId{a}, "twice", {}, t0 + 2); });
  EXPECT_TRUE(closed);
  EXPECT_FALSE(again);
  EXPECT_EQ(ids(), (std::vector<std::int64_t>{b}));
  auto c = read<std::optional<domain::AccountClosure>>(
      [&](Tx& tx) { return tx.user_closure(domain::UserId{a}); });
  ASSERT_TRUE(c);
  EXPECT_EQ(c->closed_at, t0 + 1);
  EXPECT_EQ(c->reason, "closed by the account holder");
  EXPECT_FALSE(c->closed_by);
  EXPECT_FALSE(read<std::optional<domain::AccountClosure>>(
      [&](Tx& tx) { return tx.user_closure(domain::UserId{b}); }));
}

TEST_P(Privacy, AReopenedAccountIsOpenAgainUnlessItWasAnonymised) {
  auto a = plumber(3), b = plumber(4);
  bool open_reopened = true;
  write([&](Tx& tx) { open_reopened = tx.reopen_user(domain::UserId{a}, t0 + 1); });
  EXPECT_FALSE(open_reopened) << "an open account has nothing to reopen";
  write([&](Tx& tx) {
    tx.close_user(domain::UserId{a}, "staff access removed", b, t0 + 2);
    tx.close_user(domain::UserId{b}, "bye", {}, t0 + 2);
    EXPECT_TRUE(tx.anonymise_user(domain::UserId{b}, t0 + 3));
  });
  bool reopened = false, anonymised_reopened = true;
  write([&](Tx& tx) { reopened = tx.reopen_user(domain::UserId{a}, t0 + 4); });
  write([&](Tx& tx) { anonymised_reopened = tx.reopen_user(domain::UserId{b}, t0 + 4); });
  EXPECT_TRUE(reopened);
  EXPECT_FALSE(anonymised_reopened) << "an anonymised account stays closed";
  EXPECT_FALSE(read<std::optional<domain::AccountClosure>>(
      [&](Tx& tx) { return tx.user_closure(domain::UserId{a}); }));
  EXPECT_TRUE(read<std::optional<domain::AccountClosure>>(
      [&](Tx& tx) { return tx.user_closure(domain::UserId{b}); }));
  EXPECT_EQ(user(a).updated_at, t0 + 4);
  bool closed_again = false;
  write([&](Tx& tx) {
    closed_again = tx.close_user(domain::UserId{a}, "removed again", {}, t0 + 5);
  });
  EXPECT_TRUE(closed_again);
}

TEST_P(Privacy, AnonymisingAClosedAccountKeepsBusinessNameLedgerAndClaims) {
  auto a = plumber(7);
  auto before = read<std::optional<domain::PlumberProfile>>(
      [&](Tx& tx) { return tx.plumber_profile(domain::UserId{a}); });
  std::int64_t lead_id = 0;
  write([&](Tx& tx) {
    tx.insert_session(accounts_test::make_session(1, a));
    domain::LedgerEntry e;
    e.user_id = domain::UserId{a};
    e.kind = "grant";
    e.amount = 10;
    e.reason = "Start";
    e.created_at = t0;
    tx.append_ledger_entry(e);
    lead_id = tx.insert_lead(market_lead(1, "10001", "leak_repair")).value;
    tx.insert_claim(make_claim(lead_id, a, t0 + 1));
    domain::OutboundMessage m = outbox_test::make_message(2);
    m.recipient = before->email;
    tx.enqueue_message(m);
  });
  EXPECT_EQ(read<std::vector<domain::Session>>([&](Tx& tx) {
              return tx.sessions_of_user(domain::UserId{a});
            }).size(),
            1u);
  EXPECT_EQ(read<std::vector<domain::OutboxMessage>>([&](Tx& tx) {
              return tx.messages_to({before->email, "+10000000000"}, 10);
            }).size(),
            1u);
  bool not_closed = true;
  write([&](Tx& tx) { not_closed = tx.anonymise_user(domain::UserId{a}, t0 + pday); });
  EXPECT_FALSE(not_closed) << "only closed accounts are anonymised";
  write([&](Tx& tx) { tx.close_user(domain::UserId{a}, "bye", {}, t0 + pday); });
  EXPECT_EQ(read<std::vector<std::int64_t>>(
                [&](Tx& tx) { return tx.closed_users_due(t0 + pday + 1, 10); }),
            (std::vector<std::int64_t>{a}));
  EXPECT_TRUE(read<std::vector<std::int64_t>>([&](Tx& tx) {
                return tx.closed_users_due(t0 + pday, 10);
              }).empty());
  bool done = false, again = true;
  write([&](Tx& tx) { done = tx.anonymise_user(domain::UserId{a}, t0 + 31 * pday); });
  write([&](Tx& tx) { again = tx.anonymise_user(domain::UserId{a}, t0 + 32 * pday); });
  EXPECT_TRUE(done);
  EXPECT_FALSE(again);
  auto u = user(a);
  EXPECT_EQ(u.email, domain::anonymised_email(a));
  EXPECT_EQ(u.password_hash, "!");
  auto p = read<std::optional<domain::PlumberProfile>>(
      [&](Tx& tx) { return tx.plumber_profile(domain::UserId{a}); });
  ASSERT_TRUE(p);
  EXPECT_EQ(p->profile.business_name, before->profile.business_name);
  EXPECT_EQ(p->profile.contact_name, "Deleted account");
  EXPECT_EQ(p->profile.phone_e164, "");
  EXPECT_EQ(p->profile.licence_number, "");
  EXPECT_EQ(p->profile.base_zip, "");
  EXPECT_TRUE(p->profile.services.empty());
  EXPECT_TRUE(read<std::vector<domain::Session>>([&](Tx& tx) {
                return tx.sessions_of_user(domain::UserId{a});
              }).empty());
  EXPECT_EQ(read<domain::Credits>([&](Tx& tx) { return tx.credit_balance(domain::UserId{a}); }),
            10);
  EXPECT_EQ(
      read<std::int64_t>([&](Tx& tx) { return tx.count_claims_for_plumber(domain::UserId{a}); }),
      1);
  auto scrubbed = read<std::vector<domain::OutboxMessage>>(
      [&](Tx& tx) { return tx.messages_to({"deleted"}, 10); });
  ASSERT_EQ(scrubbed.size(), 1u);
  EXPECT_EQ(scrubbed[0].data_json, "{}");
  EXPECT_TRUE(read<std::vector<domain::OutboxMessage>>([&](Tx& tx) {
                return tx.messages_to({before->email}, 10);
              }).empty());
  EXPECT_TRUE(read<std::vector<domain::MatchCandidate>>([&](Tx& tx) {
                return tx.match_plumbers(match_at_zip("10001", "leak_repair"));
              }).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, Privacy, ::testing::Values("sqlite", "postgres"), backend_name);

}  // namespace
}  // namespace plumbline::store::privacy_test
