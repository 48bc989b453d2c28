// The verification storage contract on SQLite and PostgreSQL (issue 17 item 1): codes (latest,
// superseded, counted per recipient, attempts capped, single use under a race), the lead's verified
// facts, the hold that keeps an unconfirmed lead out of late matching, and its expiry.
#include "store_fixture.hpp"

namespace plumbline::store::lead_verification_store_test {
namespace {

using namespace market_test;  // the shared fixture (store_fixture.hpp)

class LeadVerificationStore : public Market {
 protected:
  domain::VerificationCode code(std::int64_t lead_id, Millis at, char recipient = 'a') {
    domain::VerificationCode c;
    c.lead_id = lead_id;
    c.channel = domain::verification_sms;
    c.recipient_hash = std::string(64, recipient);
    c.code_hash = accounts_test::hash64('c', static_cast<int>(at % 1000));
    c.expires_at = at + domain::verification_code_ttl_ms;
    c.created_at = at;
    return c;
  }
  std::int64_t add_code(const domain::VerificationCode& c) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_verification_code(c); });
    return id;
  }
  std::optional<domain::VerificationCode> latest(std::int64_t lead_id) {
    return read<std::optional<domain::VerificationCode>>(
        [&](Tx& tx) { return tx.latest_verification_code(domain::LeadId{lead_id}); });
  }
  domain::LeadVerification facts(std::int64_t lead_id) {
    return read<domain::LeadVerification>(
        [&](Tx& tx) { return tx.lead_verification(domain::LeadId{lead_id}); });
  }
  template <typename T>
  T in_write(const std::function<T(Tx&)>& fn) {
    T out{};
    write([&](Tx& tx) { out = fn(tx); });
    return out;
  }
};

TEST_P(LeadVerificationStore, CodesAreStoredSupersededAndCountedPerRecipient) {
  auto a = lead(market_lead(1, "10001", "leak_repair", t0));
  auto b = lead(market_lead(2, "10001", "leak_repair", t0));
  EXPECT_FALSE(latest(a));
  auto first = add_code(code(a, t0 + 1));
  auto stored = latest(a);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->id, first);
  EXPECT_EQ(stored->lead_id, a);
  EXPECT_EQ(stored->channel, "sms");
  EXPECT_EQ(stored->recipient_hash, std::string(64, 'a'));
  EXPECT_EQ(stored->expires_at, t0 + 1 + domain::verification_code_ttl_ms);
  EXPECT_EQ(stored->attempts, 0);
  EXPECT_FALSE(stored->used_at);
  EXPECT_EQ(stored->created_at, t0 + 1);
  // A resend ends the unused code at once; the new one is the latest.
  EXPECT_EQ(in_write<int>(
                [&](Tx& tx) { return tx.supersede_verification_codes(domain::LeadId{a}, t0 + 2); }),
            1);
  auto second = add_code(code(a, t0 + 2));
  EXPECT_EQ(latest(a)->id, second);
  EXPECT_EQ(in_write<int>(
                [&](Tx& tx) { return tx.supersede_verification_codes(domain::LeadId{a}, t0 + 3); }),
            1);
  EXPECT_EQ(in_write<int>(
                [&](Tx& tx) { return tx.supersede_verification_codes(domain::LeadId{a}, t0 + 4); }),
            0);
  // Per recipient across leads, from `since` on.
  add_code(code(b, t0 + 5));
  add_code(code(b, t0 + 6, 'e'));
  auto count = [&](char r, Millis since) {
    return read<std::int64_t>(
        [&](Tx& tx) { return tx.count_verification_codes_since(std::string(64, r), since); });
  };
  EXPECT_EQ(count('a', t0), 3);
  EXPECT_EQ(count('a', t0 + 2), 2);
  EXPECT_EQ(count('e', t0), 1);
  EXPECT_EQ(count('f', t0), 0);
  // Hashes only: a plain value is refused by the schema.
  auto bad = code(a, t0 + 7);
  bad.code_hash = "123456";
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_verification_code(bad); }),
            StoreErrorKind::check_violation);
}

TEST_P(LeadVerificationStore, AttemptsStopAtTheCapAndACodeIsUsedOnce) {
  auto a = lead(market_lead(1, "10001", "leak_repair", t0));
  auto id = add_code(code(a, t0));
  for (int i = 1; i <= domain::verification_max_attempts; ++i)
    EXPECT_EQ(in_write<std::optional<int>>([&](Tx& tx) {
                return tx.count_verification_attempt(id, domain::verification_max_attempts);
              }),
              std::optional<int>(i));
  EXPECT_EQ(in_write<std::optional<int>>([&](Tx& tx) {
              return tx.count_verification_attempt(id, domain::verification_max_attempts);
            }),
            std::nullopt);
  EXPECT_EQ(latest(a)->attempts, domain::verification_max_attempts);

  auto other = add_code(code(a, t0 + 10));
  EXPECT_EQ(race([&](Tx& tx) { return tx.use_verification_code(other, t0 + 11); }), 1);
  EXPECT_EQ(latest(a)->used_at, std::optional<Millis>(t0 + 11));
  EXPECT_FALSE(in_write<bool>([&](Tx& tx) { return tx.use_verification_code(other, t0 + 12); }));
  // A used code takes no more attempts.
  EXPECT_EQ(in_write<std::optional<int>>([&](Tx& tx) {
              return tx.count_verification_attempt(other, domain::verification_max_attempts);
            }),
            std::nullopt);
}

TEST_P(LeadVerificationStore, VerifiedFactsAndTheHold) {
  auto a = lead(market_lead(1, "10001", "leak_repair", t0));
  auto f = facts(a);
  EXPECT_FALSE(f.awaiting);
  EXPECT_FALSE(f.verified());
  write([&](Tx& tx) { tx.set_lead_awaiting_verification(domain::LeadId{a}, true); });
  EXPECT_TRUE(facts(a).awaiting);
  EXPECT_TRUE(in_write<bool>(
      [&](Tx& tx) { return tx.mark_lead_verified(domain::LeadId{a}, "sms", t0 + 5); }));
  EXPECT_FALSE(in_write<bool>(
      [&](Tx& tx) { return tx.mark_lead_verified(domain::LeadId{a}, "sms", t0 + 6); }));
  f = facts(a);
  EXPECT_FALSE(f.awaiting);  // confirmation ends the wait
  EXPECT_EQ(f.phone_verified_at, std::optional<Millis>(t0 + 5));
  EXPECT_FALSE(f.email_verified_at);
  EXPECT_TRUE(in_write<bool>(
      [&](Tx& tx) { return tx.mark_lead_verified(domain::LeadId{a}, "email", t0 + 7); }));
  EXPECT_EQ(facts(a).email_verified_at, std::optional<Millis>(t0 + 7));
  write([&](Tx& tx) {
    tx.set_lead_awaiting_verification(domain::LeadId{a}, true);
    tx.set_lead_awaiting_verification(domain::LeadId{a}, false);
  });
  EXPECT_FALSE(facts(a).awaiting);
}

TEST_P(LeadVerificationStore, LeadCardsSayWhichContactWasConfirmed) {
  auto by_phone = lead(market_lead(1, "10001", "leak_repair", t0));
  auto by_email = lead(market_lead(2, "10001", "leak_repair", t0));
  auto neither = lead(market_lead(3, "10001", "leak_repair", t0));
  auto p = plumber(1);
  write([&](Tx& tx) {
    tx.mark_lead_verified(domain::LeadId{by_phone}, "email", t0 + 1);
    tx.mark_lead_verified(domain::LeadId{by_phone}, "sms", t0 + 2);
    tx.mark_lead_verified(domain::LeadId{by_email}, "email", t0 + 3);
  });
  auto card = [&](std::int64_t id) {
    return read<std::optional<domain::LeadCard>>(
        [&](Tx& tx) { return tx.lead_card(domain::LeadId{id}, domain::UserId{p}); });
  };
  EXPECT_EQ(card(by_phone)->quality.contact_verified, "phone");
  EXPECT_EQ(card(by_email)->quality.contact_verified, "email");
  EXPECT_EQ(card(neither)->quality.contact_verified, "");
  EXPECT_TRUE(card(neither)->quality.consent_recorded);  // the columns after it still line up
}

TEST_P(LeadVerificationStore, LateMatchingSkipsALeadAwaitingConfirmation) {
  auto held = lead(market_lead(1, "10001", "leak_repair", t0));
  auto open = lead(market_lead(2, "10001", "leak_repair", t0 + 1));
  write([&](Tx& tx) { tx.set_lead_awaiting_verification(domain::LeadId{held}, true); });
  auto p = plumber(1);
  auto late_ids = [&] {
    domain::LateMatchQuery q;
    q.plumber_id = domain::UserId{p};
    q.live_since = t0 - 1;
    q.cap_since = t0 + 10 - 86'400'000;
    q.now = t0 + 10;
    q.limit = 20;
    std::vector<std::int64_t> ids;
    for (const auto& m :
         read<std::vector<domain::LeadMatch>>([&](Tx& tx) { return tx.late_matches(q); }))
      ids.push_back(m.lead_id.value);
    return ids;
  };
  EXPECT_EQ(late_ids(), (std::vector<std::int64_t>{open}));
  write([&](Tx& tx) { tx.mark_lead_verified(domain::LeadId{held}, "sms", t0 + 5); });
  EXPECT_EQ(late_ids(), (std::vector<std::int64_t>{open, held}));
}

TEST_P(LeadVerificationStore, UnconfirmedLeadsExpireOldestFirstAndOthersStay) {
  auto old_held = lead(market_lead(1, "10001", "leak_repair", t0));
  auto older_held = lead(market_lead(2, "10001", "leak_repair", t0 - 5));
  auto young_held = lead(market_lead(3, "10001", "leak_repair", t0 + 100));
  auto confirmed = lead(market_lead(4, "10001", "leak_repair", t0));
  auto plain = lead(market_lead(5, "10001", "leak_repair", t0));
  write([&](Tx& tx) {
    for (auto id : {old_held, older_held, young_held, confirmed})
      tx.set_lead_awaiting_verification(domain::LeadId{id}, true);
    tx.mark_lead_verified(domain::LeadId{confirmed}, "sms", t0 + 1);
  });
  auto expire = [&](int limit) {
    return in_write<std::vector<std::int64_t>>(
        [&](Tx& tx) { return tx.expire_unverified_leads(t0 + 50, t0 + 60, limit); });
  };
  EXPECT_EQ(expire(1), (std::vector<std::int64_t>{older_held}));
  EXPECT_EQ(expire(10), (std::vector<std::int64_t>{old_held}));
  EXPECT_TRUE(expire(10).empty());
  EXPECT_TRUE(expire(0).empty());
  auto l = get_lead(old_held);
  EXPECT_EQ(l.status, domain::LeadStatus::expired);
  EXPECT_EQ(l.closed_reason, "unverified");
  EXPECT_EQ(get_lead(young_held).status, domain::LeadStatus::open);
  EXPECT_EQ(get_lead(confirmed).status, domain::LeadStatus::open);
  EXPECT_EQ(get_lead(plain).status, domain::LeadStatus::open);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadVerificationStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::lead_verification_store_test
