// The reports fixture's money pass: claims with outcomes, disputes (some approved and refunded),
// monthly subscriptions, credit packs bought when a claim needs them, refunds and chargebacks of
// payments, the append-only credit ledger in time order, and balances equal to the ledger sums.
#include <algorithm>
#include <cmath>
#include <map>

#include "reports_data.hpp"

namespace plumbline::bench {

namespace {

struct PackKind {
  const char* id;
  std::int64_t credits, cents;
};
constexpr PackKind money_packs[] = {
    {"pack_5", 5, 5000}, {"pack_20", 20, 18000}, {"pack_50", 50, 40000}};

struct PlanKind {
  const char* id;
  const char* name;
  std::int64_t credits, cents;
};
constexpr PlanKind money_plans[] = {{"starter", "Starter", 5, 4900}, {"pro", "Pro", 15, 12900}};

struct GenPayment {
  Ms at = 0;
  std::int32_t plumber = 0;
  bool pack = true;
  std::string stripe_id, item_id, description;
  std::int64_t credits = 0, cents = 0, refunded = 0;
  std::string dispute_status, dispute_reason;
  Ms updated_at = 0;
};

struct GenLedger {
  Ms at = 0;
  std::int32_t plumber = 0;
  const char* kind = "";
  std::int64_t amount = 0;
  std::string reason, reference;
};

// What changes a plumber's balance, in time order per plumber.
struct BalanceEvent {
  std::int32_t plumber = 0;
  Ms at = 0;
  int order = 0;  // grants before debits at the same instant
  const char* kind = "";
  std::int64_t amount = 0;  // signed
  std::string reason, reference;
};

struct Subscription {
  int plan = 0;
  Ms last_invoice = 0;
  bool running = false;
};

Ms money_lognormal(Rng& rng, double median_ms, double sigma) {
  double u1 = std::max(rng.unit(), 1e-12), u2 = rng.unit();
  double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  return static_cast<Ms>(median_ms * std::exp(sigma * z));
}

const char* claim_outcome(Rng& rng, Ms age) {
  int u = rng.below(100);
  if (age < 2 * ms_day) return u < 60 ? "new" : u < 90 ? "contacted" : "quoted";
  return u < 12 ? "new" : u < 32 ? "contacted" : u < 48 ? "quoted" : u < 68 ? "won" : "lost";
}

}  // namespace

MoneyTotals write_money(sqlite3* db, Rng& rng, std::vector<GenClaim>& claims,
                        const std::vector<GenPlumber>& plumbers, Ms window_start, Ms now,
                        double subscriber_share) {
  MoneyTotals t;
  std::sort(claims.begin(), claims.end(), [](const GenClaim& a, const GenClaim& b) {
    return a.at != b.at ? a.at < b.at : a.lead_id < b.lead_id;
  });
  std::vector<BalanceEvent> events;
  events.reserve(claims.size() * 2);

  // ---- claims and their disputes
  {
    // response_ms as insert_claim writes it (migration 0031): the claim less its match.
    RowWriter claim_row(db,
                        "INSERT INTO claims (id, lead_id, plumber_id, price_credits, outcome, "
                        "job_value_cents, refunded_at, created_at, updated_at, response_ms) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8 - (SELECT m.matched_at "
                        "FROM lead_matches m WHERE m.lead_id = ?2 AND m.plumber_id = ?3))");
    RowWriter dispute_row(db,
                          "INSERT INTO disputes (id, claim_id, plumber_id, lead_id, reason, "
                          "details, status, resolution, created_at, resolved_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    const char* reasons[] = {"wrong_contact",       "wrong_contact", "outside_area",
                             "service_not_offered", "duplicate",     "duplicate"};
    for (std::size_t i = 0; i < claims.size(); ++i) {
      const auto& c = claims[i];
      const std::int64_t id = static_cast<std::int64_t>(i) + 1;
      const auto& p = plumbers[c.plumber];
      // A dispute: the homeowner's "never requested" (approved at once), or ~2 % of claims.
      std::string reason, status, resolution;
      Ms disputed_at = 0, resolved_at = 0;
      if (c.never_requested) {
        reason = "never_requested";
        status = "approved";
        resolution = "The homeowner reported the request as never made.";
        disputed_at = resolved_at = c.lead_closed_at;
      } else if (rng.per_mille(20)) {
        disputed_at =
            c.at + std::clamp<Ms>(money_lognormal(rng, ms_day, 1.0), ms_hour, 10 * ms_day);
        if (disputed_at < now) {
          reason = reasons[rng.below(6)];
          resolved_at = disputed_at + 2 * ms_hour + rng.below(72) * ms_hour;
          if (resolved_at >= now) {
            status = "pending";
            resolved_at = 0;
          } else if (rng.below(100) < 45) {
            status = "approved";
            resolution = "Checked the contact details; credits refunded.";
          } else {
            status = "denied";
            resolution = "The contact details were correct.";
          }
        }
      }
      const bool refunded = status == "approved";
      const char* outcome = c.hired ? "won" : refunded ? "lost" : claim_outcome(rng, now - c.at);
      std::int64_t job_value = 0;
      if (std::string(outcome) == "won")
        job_value = money_lognormal(rng, 15000.0 * c.price, 0.7) / 100 * 100;
      Ms updated = std::string(outcome) == "new"
                       ? c.at
                       : std::min(now - 1, c.at + ms_hour + rng.below(96) * ms_hour);
      if (refunded) updated = std::max(updated, resolved_at);
      claim_row.row(
          {id, c.lead_id, p.user_id, std::int64_t{c.price}, std::string(outcome), job_value,
           refunded ? RowWriter::Value(resolved_at) : RowWriter::Value(nullptr), c.at, updated});
      events.push_back({c.plumber, c.at, 1, "claim", -c.price,
                        "Claimed request #" + std::to_string(c.lead_id),
                        "claim:" + std::to_string(id)});
      if (!reason.empty()) {
        ++t.disputes;
        dispute_row.row({t.disputes, id, p.user_id, c.lead_id, reason, std::string(""), status,
                         resolution, disputed_at,
                         resolved_at ? RowWriter::Value(resolved_at) : RowWriter::Value(nullptr)});
      }
      if (refunded) {
        ++t.approved_disputes;
        events.push_back({c.plumber, resolved_at, 0, "refund", c.price, "Dispute approved",
                          "refund:claim:" + std::to_string(id)});
      }
    }
  }

  // ---- welcome grants and monthly subscriptions
  std::vector<GenPayment> payments;
  std::map<std::int32_t, Subscription> subscriptions;
  for (std::size_t i = 0; i < plumbers.size(); ++i) {
    const auto& p = plumbers[i];
    const auto pi = static_cast<std::int32_t>(i);
    if (!p.approved) continue;
    if (rng.below(100) < 35 && p.joined_at + ms_day < now)
      events.push_back({pi, p.joined_at + ms_day, 0, "grant", 5, "Welcome credits", ""});
    if (rng.unit() >= subscriber_share) continue;
    Ms start =
        std::max(p.joined_at, window_start) + rng.below(300) * ms_day + rng.below(86400) * 1000LL;
    if (start >= now - ms_day) continue;
    Subscription s;
    s.plan = rng.below(100) < 65 ? 0 : 1;
    const auto& plan = money_plans[s.plan];
    int month = 0;
    for (Ms at = start; at < now; at += 30 * ms_day, ++month) {
      GenPayment pay;
      pay.at = at;
      pay.plumber = pi;
      pay.pack = false;
      pay.stripe_id = "in_rb" + std::to_string(p.user_id) + "_" + std::to_string(month);
      pay.item_id = plan.id;
      pay.description = std::string(plan.name) + " plan";
      pay.credits = plan.credits;
      pay.cents = plan.cents;
      events.push_back({pi, at, 0, "grant", plan.credits, pay.description + ", monthly credits",
                        "grant:invoice:" + pay.stripe_id});
      payments.push_back(std::move(pay));
      s.last_invoice = at;
      if (rng.below(100) < 6) break;  // churned
    }
    s.running = s.last_invoice + 30 * ms_day >= now;
    subscriptions[pi] = s;
  }

  // ---- walk each plumber's balance; buy a pack just before a claim the balance cannot pay
  std::sort(events.begin(), events.end(), [](const BalanceEvent& a, const BalanceEvent& b) {
    if (a.plumber != b.plumber) return a.plumber < b.plumber;
    return a.at != b.at ? a.at < b.at : a.order < b.order;
  });
  std::vector<GenLedger> ledger;
  ledger.reserve(events.size() + events.size() / 4);
  std::vector<std::pair<std::int64_t, Ms>> balance(plumbers.size(), {0, 0});
  std::int64_t pack_serial = 0;
  Ms last_at = 0;
  std::int32_t current = -1;
  for (const auto& e : events) {
    if (e.plumber != current) {
      current = e.plumber;
      last_at = 0;
    }
    auto& [bal, bal_at] = balance[e.plumber];
    while (e.amount < 0 && bal + e.amount < 0) {
      int u = rng.below(100);
      const auto& pack = money_packs[u < 45 ? 0 : u < 85 ? 1 : 2];
      GenPayment pay;
      pay.at = std::max(last_at + 1000, e.at - ms_minute - rng.below(90) * ms_minute);
      pay.plumber = e.plumber;
      pay.stripe_id = "cs_rb_" + std::to_string(++pack_serial);
      pay.item_id = pack.id;
      pay.description = std::to_string(pack.credits) + " credits";
      pay.credits = pack.credits;
      pay.cents = pack.cents;
      ledger.push_back({pay.at, e.plumber, "purchase", pack.credits,
                        std::to_string(pack.credits) + "-credit pack",
                        "purchase:" + pay.stripe_id});
      bal += pack.credits;
      payments.push_back(std::move(pay));
    }
    ledger.push_back({e.at, e.plumber, e.kind, e.amount, e.reason, e.reference});
    bal += e.amount;
    bal_at = e.at;
    last_at = e.at;
  }

  // ---- refunds and chargebacks of payments (Stripe's side; the ledger keeps the credits)
  for (auto& pay : payments) {
    pay.updated_at = pay.at;
    if (rng.per_mille(pay.pack ? 25 : 8)) {
      Ms when = pay.at + ms_day + rng.below(20) * ms_day;
      if (when < now) {
        pay.refunded = pay.pack ? pay.cents : pay.cents / 2;
        pay.updated_at = when;
      }
    } else if (rng.per_mille(4)) {
      Ms when = pay.at + 3 * ms_day + rng.below(30) * ms_day;
      if (when < now) {
        int r = rng.below(100);
        pay.dispute_reason = r < 60   ? "fraudulent"
                             : r < 85 ? "product_unacceptable"
                                      : "subscription_canceled";
        pay.dispute_status = when > now - 20 * ms_day ? "needs_response"
                             : rng.below(100) < 55    ? "lost"
                                                      : "won";
        pay.updated_at = when;
        ++t.chargebacks;
      }
    }
  }
  std::sort(payments.begin(), payments.end(), [](const GenPayment& a, const GenPayment& b) {
    return a.at != b.at ? a.at < b.at : a.stripe_id < b.stripe_id;
  });
  {
    RowWriter row(
        db,
        "INSERT INTO payments (id, user_id, kind, stripe_id, payment_intent, charge_id, "
        "item_id, description, credits, amount_cents, currency, receipt_url, "
        "amount_refunded_cents, dispute_status, dispute_reason, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'usd', '', ?11, ?12, ?13, ?14, ?15)");
    for (std::size_t i = 0; i < payments.size(); ++i) {
      const auto& p = payments[i];
      row.row({static_cast<std::int64_t>(i) + 1, plumbers[p.plumber].user_id,
               std::string(p.pack ? "pack" : "subscription"), p.stripe_id, "pi_" + p.stripe_id,
               "ch_" + p.stripe_id, p.item_id, p.description, p.credits, p.cents, p.refunded,
               p.dispute_status, p.dispute_reason, p.at, p.updated_at});
      ++t.payments;
      ++(p.pack ? t.pack_payments : t.subscription_payments);
      if (p.refunded > 0) ++t.refunded_payments;
    }
  }

  // ---- the ledger in time order, then balances and the plumbers' billing state
  std::stable_sort(ledger.begin(), ledger.end(),
                   [](const GenLedger& a, const GenLedger& b) { return a.at < b.at; });
  {
    RowWriter row(db,
                  "INSERT INTO credit_ledger (id, user_id, kind, amount, reason, reference, "
                  "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (std::size_t i = 0; i < ledger.size(); ++i) {
      const auto& l = ledger[i];
      row.row({static_cast<std::int64_t>(i) + 1, plumbers[l.plumber].user_id, std::string(l.kind),
               l.amount, l.reason, l.reference, l.at});
    }
    t.ledger_rows = static_cast<std::int64_t>(ledger.size());
  }
  {
    RowWriter row(db,
                  "INSERT INTO credit_balances (user_id, balance, updated_at) VALUES (?1, ?2, ?3)");
    for (std::size_t i = 0; i < plumbers.size(); ++i)
      if (balance[i].second > 0)
        row.row({plumbers[i].user_id, balance[i].first, balance[i].second});
  }
  {
    RowWriter payer(db, "UPDATE plumbers SET stripe_customer_id = ?2 WHERE user_id = ?1");
    std::vector<bool> paid(plumbers.size(), false);
    for (const auto& p : payments) paid[p.plumber] = true;
    for (std::size_t i = 0; i < plumbers.size(); ++i)
      if (paid[i]) payer.row({plumbers[i].user_id, "cus_rb" + std::to_string(plumbers[i].user_id)});
    RowWriter sub(
        db,
        "UPDATE plumbers SET stripe_subscription_id = ?2, plan_id = ?3, plan_status = ?4, "
        "plan_changed_at = ?5, current_period_end = ?6, stripe_state_at = ?5 "
        "WHERE user_id = ?1");
    for (const auto& [pi, s] : subscriptions) {
      const auto uid = plumbers[pi].user_id;
      const char* status = !s.running ? "canceled" : rng.below(100) < 3 ? "past_due" : "active";
      Ms end = s.last_invoice + 30 * ms_day;
      sub.row({uid, "sub_rb" + std::to_string(uid), std::string(money_plans[s.plan].id),
               std::string(status), s.running ? s.last_invoice : end, end});
    }
  }
  return t;
}

}  // namespace plumbline::bench
