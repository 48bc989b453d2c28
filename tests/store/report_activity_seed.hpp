// A small marketplace with known figures for the Plumbers and Lead sources reports: five plumbers,
// seven requests over three periods (previous, current, after), their matches, claims, outcomes,
// ledger rows, payments and disputes. The store contract test and both report service tests read
// it; the expected figures are worked out in the comments next to each row.
#pragma once
#include "domain/report.hpp"
#include "store_fixture.hpp"

namespace plumbline::store::report_activity_test {

using domain::Millis;
inline constexpr Millis hour = 3'600'000;
inline constexpr Millis day = 86'400'000;
// The current period is [T, T + 10 days), the previous [T - 10 days, T). T is a UTC midnight, so
// hourly slots fold into day buckets exactly.
inline constexpr Millis T = 19'675 * day;
inline constexpr Millis period = 10 * day;

struct ReportActivitySeed {
  std::int64_t a = 0, b = 0, c = 0, d = 0, e = 0;       // plumbers
  std::int64_t l1 = 0, l2 = 0, l3 = 0, l4 = 0, l5 = 0;  // requests in the period
  std::int64_t lp = 0, lout = 0;                        // before it, at its end
  std::int64_t a_l1 = 0, b_l1 = 0, a_l2 = 0, c_l2 = 0, a_l3 = 0, a_lp = 0, b_lp = 0;  // claims
};

inline domain::NewLead channel_lead(int n, Millis at, const char* source, const char* utm_source,
                                    const char* medium, const char* campaign, const char* referrer,
                                    domain::Credits price) {
  auto l = market_test::market_lead(n, "10001", "leak_repair", at, "within_24h", price, 3);
  l.source = source;
  l.utm_source = utm_source;
  l.utm_medium = medium;
  l.utm_campaign = campaign;
  l.referrer = referrer;
  return l;
}

inline void add_claim(Tx& tx, std::int64_t& id, std::int64_t lead, std::int64_t plumber, Millis at,
                      domain::Credits price) {
  if (!tx.take_claim_slot(domain::LeadId{lead}, at)) throw std::runtime_error("no claim slot");
  id = tx.insert_claim(market_test::make_claim(lead, plumber, at, price)).value;
}

inline void set_outcome(Tx& tx, std::int64_t claim, std::int64_t plumber,
                        domain::ClaimOutcome outcome, Millis at) {
  domain::ClaimOutcomeUpdate u;
  u.outcome = outcome;
  if (!tx.update_claim_outcome(domain::ClaimId{claim}, domain::UserId{plumber}, u, at))
    throw std::runtime_error("outcome");
}

inline void ledger(Tx& tx, std::int64_t user, const char* kind, domain::Credits amount, Millis at,
                   const std::string& reference = "") {
  domain::LedgerEntry e;
  e.user_id = domain::UserId{user};
  e.kind = kind;
  e.amount = amount;
  e.reason = "report fixture";
  e.reference = reference;
  e.created_at = at;
  if (!tx.append_ledger_entry(e)) throw std::runtime_error("ledger entry refused");
}

inline void payment(Tx& tx, std::int64_t user, const char* kind, const std::string& stripe_id,
                    Millis at) {
  domain::Payment p;
  p.user_id = domain::UserId{user};
  p.kind = kind;
  p.stripe_id = stripe_id;
  p.credits = 20;
  p.amount_cents = 4000;
  p.created_at = at;
  p.updated_at = at;
  if (!tx.insert_payment(p)) throw std::runtime_error("payment refused");
}

inline void dispute(Tx& tx, std::int64_t claim, std::int64_t plumber, std::int64_t lead,
                    Millis at) {
  domain::Dispute d;
  d.claim_id = domain::ClaimId{claim};
  d.plumber_id = domain::UserId{plumber};
  d.lead_id = domain::LeadId{lead};
  d.reason = "wrong_contact";
  d.created_at = at;
  tx.insert_dispute(d);
}

inline ReportActivitySeed seed_report_activity(Store& store) {
  using domain::ClaimOutcome;
  using market_test::add_plumber;
  using market_test::PlumberSpec;
  ReportActivitySeed s;
  store.write_tx([&](Tx& tx) {
    PlumberSpec approved, pending;
    pending.status = domain::PlumberStatus::pending;
    s.a = add_plumber(tx, 1, approved, T - 20 * day);
    s.b = add_plumber(tx, 2, approved, T - 20 * day);
    s.c = add_plumber(tx, 3, approved, T + 5 * day);  // approved during the period
    s.d = add_plumber(tx, 4, approved, T - 20 * day);
    s.e = add_plumber(tx, 5, pending, T - 20 * day);

    s.l1 = tx.insert_lead(channel_lead(1, T + hour, "web", "google", "cpc", "spring",
                                       "https://www.google.com/search?q=plumber", 3))
               .value;
    s.l2 = tx.insert_lead(channel_lead(2, T + 2 * day, "web", "google", "cpc", "spring",
                                       "https://google.com/", 2))
               .value;
    s.l3 =
        tx.insert_lead(channel_lead(3, T + 3 * day, "api", "partner", "referral", "", "", 4)).value;
    s.l4 = tx.insert_lead(channel_lead(4, T + 4 * day, "phone", "", "", "", "", 2)).value;
    s.l5 = tx.insert_lead(channel_lead(5, T + day + 5 * hour, "web", "newsletter", "email",
                                       "autumn", "https://mail.example.com/x", 2))
               .value;
    s.lp = tx.insert_lead(channel_lead(6, T - 2 * day, "web", "google", "cpc", "spring",
                                       "https://google.com/", 2))
               .value;
    s.lout = tx.insert_lead(channel_lead(7, T + period, "web", "", "", "", "", 2)).value;

    const Millis m1 = T + hour + 1000;
    tx.insert_lead_matches({store::lead_match_row(s.l1, s.a, 1, m1),
                            store::lead_match_row(s.l1, s.b, 1, m1),
                            store::lead_match_row(s.l1, s.e, 1, m1)});
    tx.insert_lead_matches({store::lead_match_row(s.l2, s.a, 1, T + 2 * day),
                            store::lead_match_row(s.l2, s.c, 1, T + 2 * day)});
    tx.insert_lead_matches({store::lead_match_row(s.l3, s.a, 1, T + 3 * day)});
    tx.insert_lead_matches({store::lead_match_row(s.l5, s.b, 1, T + day + 5 * hour)});
    tx.insert_lead_matches({store::lead_match_row(s.lp, s.a, 1, T - 2 * day),
                            store::lead_match_row(s.lp, s.b, 1, T - 2 * day)});
    tx.insert_lead_matches({store::lead_match_row(s.lout, s.a, 1, T + period)});

    // Credits: A buys 10 before and 20 during; B is granted 10; C buys 5; D is granted 50.
    ledger(tx, s.a, "purchase", 10, T - 3 * day, "cs_a0");
    ledger(tx, s.a, "purchase", 20, T + hour, "cs_a1");
    ledger(tx, s.b, "grant", 10, T - 5 * day);
    ledger(tx, s.c, "purchase", 5, T + day, "cs_c1");
    ledger(tx, s.d, "grant", 50, T + 6 * day);
    payment(tx, s.a, "pack", "cs_a0", T - 3 * day);
    payment(tx, s.a, "pack", "cs_a1", T + hour);
    payment(tx, s.c, "pack", "cs_c1", T + day);
    payment(tx, s.d, "subscription", "in_d1", T + 6 * day);

    // Claims (response = claim - match): A 60 s, 30 s, 90 s; B 120 s and, on a request matched
    // in the previous period, 2 days + 1 hour; C 600 s. Before: A 10 s.
    add_claim(tx, s.a_lp, s.lp, s.a, T - 2 * day + 10'000, 2);
    add_claim(tx, s.b_lp, s.lp, s.b, T + hour, 2);
    add_claim(tx, s.a_l1, s.l1, s.a, m1 + 60'000, 3);
    add_claim(tx, s.b_l1, s.l1, s.b, m1 + 120'000, 3);
    add_claim(tx, s.a_l2, s.l2, s.a, T + 2 * day + 30'000, 2);
    add_claim(tx, s.c_l2, s.l2, s.c, T + 2 * day + 600'000, 2);
    add_claim(tx, s.a_l3, s.l3, s.a, T + 3 * day + 90'000, 4);
    struct Debit {
      std::int64_t user, claim;
      domain::Credits price;
      Millis at;
    };
    for (auto [user, claim, price, at] :
         {Debit{s.a, s.a_lp, 2, T - 2 * day + 10'000}, Debit{s.b, s.b_lp, 2, T + hour},
          Debit{s.a, s.a_l1, 3, m1 + 60'000}, Debit{s.b, s.b_l1, 3, m1 + 120'000},
          Debit{s.a, s.a_l2, 2, T + 2 * day + 30'000}, Debit{s.c, s.c_l2, 2, T + 2 * day + 600'000},
          Debit{s.a, s.a_l3, 4, T + 3 * day + 90'000}})
      ledger(tx, user, "claim", -price, at, std::to_string(claim));

    set_outcome(tx, s.a_l1, s.a, ClaimOutcome::won, T + 5 * day);
    set_outcome(tx, s.a_l2, s.a, ClaimOutcome::lost, T + 5 * day);
    set_outcome(tx, s.b_l1, s.b, ClaimOutcome::won, T + 5 * day);
    set_outcome(tx, s.b_lp, s.b, ClaimOutcome::quoted, T + 5 * day);
    set_outcome(tx, s.c_l2, s.c, ClaimOutcome::won, T + 5 * day);
    set_outcome(tx, s.a_lp, s.a, ClaimOutcome::won, T - day);

    dispute(tx, s.b_l1, s.b, s.l1, T + 2 * day);
    dispute(tx, s.c_l2, s.c, s.l2, T + 3 * day);

    auto close = [&](std::int64_t lead, const char* reason) {
      if (!tx.update_lead_status(domain::LeadId{lead}, domain::LeadStatus::open,
                                 domain::LeadStatus::closed, reason, T + 6 * day))
        throw std::runtime_error("close");
    };
    close(s.l1, "hired");
    close(s.l5, "hired");
    close(s.l3, "cancelled");
    return true;
  });
  return s;
}

// The current period as the reports receive it: ten UTC day buckets, hourly slots.
inline domain::ReportRange seed_range() {
  domain::ReportRange r;
  r.preset = "custom";
  r.current = {T, T + period};
  r.previous = {T - period, T};
  r.zone = "UTC";
  r.grain = domain::ReportGrain::day;
  for (int i = 0; i < 10; ++i) {
    r.buckets.push_back({{T + i * day, T + (i + 1) * day}, "day " + std::to_string(i)});
    r.previous_buckets.push_back(
        {{T - period + i * day, T - period + (i + 1) * day}, "day -" + std::to_string(10 - i)});
  }
  r.slot_ms = hour;
  return r;
}

}  // namespace plumbline::store::report_activity_test
