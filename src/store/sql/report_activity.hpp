// The SQL of the Plumbers and Lead sources reports, written once for both backends (PostgreSQL
// placeholders; see statement.hpp). The Plumbers report's rows are streamed from covering indexes
// and added up here in C++ (the folds below); the services fold slots into buckets and take
// medians. Indexes: migrations 0028, 0031 and 0037 (the page's rows by plumber).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "domain/report_activity.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

// Adds up the rows of plumber_matches, plumber_ledger and plumber_activity into
// report_plumber_activity's parts (and keeps the claims' response times): per plumber one part
// (slot -1) with its matches and ledger credits, one per plumber and slot with its claims, and one
// per plumber and slot with its payments. Plumber ids are dense integers, so the per-plumber
// figures are arrays indexed by id (small enough to stay in cache while half a million matches are
// counted); claims and payments are kept as (plumber, slot) keys and sorted once at the end. An id
// too large for an array (none today) goes through a map.
class PlumberActivityFold {
 public:
  void add_match(std::int64_t plumber_id) { ++whole(plumber_id).matched; }

  template <RowReader R>
  void add_row(const R& r) {
    const std::int64_t id = r.int64(0), code = r.int64(2);
    switch (code) {
      case 3:
        whole(id).bought += r.int64(3);
        return;
      case 4:
        whole(id).spent -= r.int64(3);  // claim rows are negative amounts
        return;
      case 5:
        payments_.push_back({id, r.int64(1), 0});
        return;
      default:
        claims_.push_back({id, r.int64(1), code});
        if (auto response = r.opt_int64(3)) responses_.push_back({id, *response});
    }
  }

  domain::PlumberActivity take() {
    domain::PlumberActivity activity;
    activity.parts = take_parts();
    activity.responses = std::move(responses_);
    return activity;
  }

 private:
  std::vector<domain::PlumberActivityRow> take_parts() {
    std::vector<domain::PlumberActivityRow> out;
    out.reserve(dense_.size() + sparse_.size() + claims_.size() + payments_.size());
    auto emit = [&](std::int64_t id, const Whole& w) {
      if (w.matched == 0 && w.bought == 0 && w.spent == 0) return;
      domain::PlumberActivityRow p;
      p.plumber_id = id;
      p.matched = w.matched;
      p.credits_bought = w.bought;
      p.credits_spent = w.spent;
      out.push_back(p);
    };
    for (std::size_t i = 0; i < dense_.size(); ++i) emit(static_cast<std::int64_t>(i), dense_[i]);
    for (const auto& [id, w] : sparse_) emit(id, w);
    add_slotted(claims_, false, out);
    add_slotted(payments_, true, out);
    return out;
  }

  static constexpr std::int64_t dense_limit = std::int64_t{1} << 24;
  struct Whole {
    std::int64_t matched = 0, bought = 0, spent = 0;
  };
  struct Slotted {
    std::int64_t id, slot, code;
  };

  Whole& whole(std::int64_t id) {
    if (id < 0 || id >= dense_limit) return sparse_[id];
    const auto i = static_cast<std::size_t>(id);
    if (i >= dense_.size())
      dense_.resize(std::min<std::size_t>(std::max(i + 1, dense_.size() * 2), dense_limit));
    return dense_[i];
  }

  // One part per (plumber, slot): the rows sorted by it, runs counted.
  static void add_slotted(std::vector<Slotted>& rows, bool payments,
                          std::vector<domain::PlumberActivityRow>& out) {
    std::sort(rows.begin(), rows.end(), [](const Slotted& a, const Slotted& b) {
      return a.id != b.id ? a.id < b.id : a.slot < b.slot;
    });
    for (std::size_t i = 0; i < rows.size();) {
      domain::PlumberActivityRow p;
      p.plumber_id = rows[i].id;
      p.slot = rows[i].slot;
      for (; i < rows.size() && rows[i].id == p.plumber_id && rows[i].slot == p.slot; ++i) {
        if (payments) {
          ++p.payments;
          continue;
        }
        ++p.claimed;
        p.won += rows[i].code == 1 ? 1 : 0;
        p.lost += rows[i].code == 2 ? 1 : 0;
      }
      out.push_back(p);
    }
  }

  std::vector<Whole> dense_;                        // by plumber id
  std::unordered_map<std::int64_t, Whole> sparse_;  // ids past dense_limit
  std::vector<Slotted> claims_, payments_;
  std::vector<domain::ClaimResponse> responses_;
};

// Counts plumber_totals' rows: claims, wins and response times, and the distinct plumbers among
// claimants and payers (sorted and made unique here rather than by a UNION in SQL).
class PlumberTotalsFold {
 public:
  template <RowReader R>
  void add_row(const R& r) {
    ids_.push_back(r.int64(0));
    const std::int64_t won = r.int64(1);
    if (won < 0) return;  // a payment
    totals_.claims += 1;
    totals_.won += won;
    if (auto response = r.opt_int64(2)) totals_.responses.push_back(*response);
  }
  domain::PlumberActivityTotals take() {
    std::sort(ids_.begin(), ids_.end());
    totals_.active = std::unique(ids_.begin(), ids_.end()) - ids_.begin();
    return totals_;
  }

 private:
  std::vector<std::int64_t> ids_;
  domain::PlumberActivityTotals totals_;
};

// A row of plumber_figures_of: a part (slot -1) with matches and credits.
template <RowReader R>
domain::PlumberActivityRow read_plumber_figures(const R& r) {
  domain::PlumberActivityRow p;
  p.plumber_id = r.int64(0);
  p.matched = r.int64(1);
  p.credits_bought = r.int64(2);
  p.credits_spent = r.int64(3);
  return p;
}

template <RowReader R>
domain::LeadChannelRow read_lead_channel(const R& r) {
  domain::LeadChannelRow c;
  c.source = r.text(0);
  c.utm_source = r.text(1);
  c.utm_medium = r.text(2);
  c.utm_campaign = r.text(3);
  c.referrer = r.text(4);
  c.requests = r.int64(5);
  c.matched = r.int64(6);
  c.claimed = r.int64(7);
  c.hired = r.int64(8);
  c.credits_spent = r.int64(9);
  c.disputes = r.int64(10);
  return c;
}

}  // namespace plumbline::store::sql

namespace plumbline::store::sql::report_activity {

// "$1, $2, … $100": the fixed list of ids of the *_of statements below, whose unused placeholders
// are bound NULL, which matches nothing (fixed arity: one prepared statement on both databases).
#define PLUMBLINE_HUNDRED_PLACEHOLDERS                                                     \
  "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, " \
  "$20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, "  \
  "$37, $38, $39, $40, $41, $42, $43, $44, $45, $46, $47, $48, $49, $50, $51, $52, $53, "  \
  "$54, $55, $56, $57, $58, $59, $60, $61, $62, $63, $64, $65, $66, $67, $68, $69, $70, "  \
  "$71, $72, $73, $74, $75, $76, $77, $78, $79, $80, $81, $82, $83, $84, $85, $86, $87, "  \
  "$88, $89, $90, $91, $92, $93, $94, $95, $96, $97, $98, $99, $100"

// Nothing here is grouped or sorted in SQL: each statement streams one covering index in its time
// order and the backends add the rows up per plumber in C++ (PlumberActivityFold below). A GROUP BY
// plumber would sort the period's rows first (SQLite sorted ~500,000 match entries for 90 days, and
// PostgreSQL's hash aggregate spilled to disk), which cost more than reading them.
//
// The period's matches, one row each (the plumber): index lead_matches_report (0028).
inline constexpr Statement plumber_matches{
    "report_plumber_matches",
    "SELECT plumber_id FROM lead_matches WHERE matched_at >= $1 AND matched_at < $2"};

// The period's claims and payments, one row each, stacked: plumber, slot (t / $3), what the row is
// (PlumberActivityFold's codes: 0 an open claim, 1 won, 2 lost, 5 a payment) and a value: a
// claim's response time (claims.response_ms, migration 0031; NULL without a match). Indexes
// claims_report_plumbers (0031), payments_report (0024).
inline constexpr Statement plumber_activity{
    "report_plumber_activity",
    "SELECT plumber_id, created_at / CAST($3 AS BIGINT), "
    "CASE outcome WHEN 'won' THEN 1 WHEN 'lost' THEN 2 ELSE 0 END, response_ms FROM claims "
    "WHERE created_at >= $1 AND created_at < $2 "
    "UNION ALL SELECT user_id, created_at / CAST($3 AS BIGINT), 5, 0 FROM payments "
    "WHERE created_at >= $1 AND created_at < $2"};

// The period's purchase and claim ledger rows, one each, in plumber_activity's shape: user, -1,
// 3 credits bought or 4 credits spent, the amount. Index credit_ledger_activity (0028).
inline constexpr Statement plumber_ledger{
    "report_plumber_ledger",
    "SELECT user_id, -1, CASE kind WHEN 'purchase' THEN 3 ELSE 4 END, amount "
    "FROM credit_ledger WHERE kind IN ('purchase', 'claim') AND created_at >= $1 "
    "AND created_at < $2"};

inline constexpr Statement plumber_names{"report_plumber_names",
                                         "SELECT user_id, business_name FROM plumbers"};

// The names of up to 100 plumbers by id (the page's rows).
inline constexpr std::size_t plumber_names_per_statement = 100;
inline constexpr Statement plumber_names_of{
    "report_plumber_names_of",
    "SELECT user_id, business_name FROM plumbers WHERE user_id IN (" PLUMBLINE_HUNDRED_PLACEHOLDERS
    ")"};

// The matches, credits bought and credits spent of up to 100 plumbers in the period, a row per
// plumber and table (plumber, matches, bought, spent; the other figures 0): the Plumbers page ranks
// by claims and reads these only for the plumbers it can show. Ids $1…$100 (unused ones NULL),
// the period $101, $102. Short ranges of lead_matches_plumber_time and credit_ledger_user_time
// (0037), one per plumber.
inline constexpr std::size_t plumber_figures_per_statement = 100;
inline constexpr Statement plumber_figures_of{
    "report_plumber_figures_of",
    "SELECT plumber_id, count(*), CAST(0 AS BIGINT), CAST(0 AS BIGINT) FROM lead_matches "
    "WHERE matched_at >= $101 AND matched_at < $102 AND plumber_id IN "
    "(" PLUMBLINE_HUNDRED_PLACEHOLDERS
    ") GROUP BY plumber_id "
    "UNION ALL SELECT user_id, CAST(0 AS BIGINT), "
    "CAST(coalesce(sum(CASE WHEN kind = 'purchase' THEN amount END), 0) AS BIGINT), "
    "CAST(-coalesce(sum(CASE WHEN kind = 'claim' THEN amount END), 0) AS BIGINT) "
    "FROM credit_ledger WHERE kind IN ('purchase', 'claim') AND created_at >= $101 "
    "AND created_at < $102 AND user_id IN (" PLUMBLINE_HUNDRED_PLACEHOLDERS ") GROUP BY user_id"};

// The period's claims (plumber, 1 when won, response time) and payments (payer, -1, NULL), one
// row each: the backends count claims and wins, keep the response times (the previous period's
// median) and count the distinct plumbers (PlumberTotalsFold), which a UNION would sort.
inline constexpr Statement plumber_totals{
    "report_plumber_totals",
    "SELECT plumber_id, CASE WHEN outcome = 'won' THEN 1 ELSE 0 END, response_ms FROM claims "
    "WHERE created_at >= $1 AND created_at < $2 "
    "UNION ALL SELECT user_id, -1, NULL FROM payments WHERE created_at >= $1 AND created_at < $2"};

inline constexpr Statement approved_plumbers{
    "report_approved_plumbers",
    "SELECT count(*) FROM plumbers WHERE status = 'approved' AND reviewed_at < $1"};

// Credits and disputes are looked up only for requests with a claim (claims_count > 0): most
// requests have none, and those that do reach their claims and disputes by lead_id. A partner
// source's requests (issue 20) are their own channel, "partner:<id>".
inline constexpr Statement lead_channels{
    "report_lead_channels",
    "SELECT CASE WHEN l.partner_source_id IS NULL THEN l.source "
    "ELSE 'partner:' || l.partner_source_id END, l.utm_source, l.utm_medium, l.utm_campaign, "
    "l.referrer, count(*), "
    "count(*) FILTER (WHERE l.match_count > 0), count(*) FILTER (WHERE l.claims_count > 0), "
    "count(*) FILTER (WHERE l.status = 'closed' AND l.closed_reason = 'hired'), "
    "CAST(coalesce(sum(CASE WHEN l.claims_count > 0 THEN (SELECT sum(k.price_credits) "
    "FROM claims k WHERE k.lead_id = l.id) END), 0) AS BIGINT), "
    "CAST(coalesce(sum(CASE WHEN l.claims_count > 0 THEN (SELECT count(*) FROM disputes d "
    "WHERE d.lead_id = l.id) END), 0) AS BIGINT) "
    "FROM leads l WHERE l.created_at >= $1 AND l.created_at < $2 "
    "GROUP BY 1, l.utm_source, l.utm_medium, l.utm_campaign, l.referrer "
    "ORDER BY 1, l.utm_source, l.utm_medium, l.utm_campaign, l.referrer"};

}  // namespace plumbline::store::sql::report_activity

#undef PLUMBLINE_HUNDRED_PLACEHOLDERS
