// The SQL of the Plumbers and Lead sources reports, written once for both backends (PostgreSQL
// placeholders; see statement.hpp). Everything is grouped here; the services only fold slots
// into buckets and take medians. Indexes: migration 0028.
#pragma once
#include "domain/report_activity.hpp"
#include "store/sql/row.hpp"
#include "store/sql/statement.hpp"

namespace plumbline::store::sql {

template <RowReader R>
domain::PlumberActivityRow read_plumber_activity(const R& r) {
  domain::PlumberActivityRow a;
  a.plumber_id = r.int64(0);
  a.slot = r.int64(1);
  a.matched = r.int64(2);
  a.claimed = r.int64(3);
  a.won = r.int64(4);
  a.lost = r.int64(5);
  a.credits_bought = r.int64(6);
  a.credits_spent = r.int64(7);
  a.payments = r.int64(8);
  return a;
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

// Four grouped scans, one per table on its 0028 index, stacked: the service adds a plumber's
// parts (an outer GROUP BY here would re-sort every part and cost more than the scans). Ledger:
// purchase rows are credits bought, claim rows (negative amounts) credits spent.
inline constexpr Statement plumber_activity{
    "report_plumber_activity",
    "SELECT plumber_id, -1, count(*), 0, 0, 0, 0, 0, 0 FROM lead_matches "
    "WHERE matched_at >= $1 AND matched_at < $2 GROUP BY plumber_id "
    "UNION ALL SELECT plumber_id, created_at / CAST($3 AS BIGINT), 0, count(*), "
    "count(*) FILTER (WHERE outcome = 'won'), count(*) FILTER (WHERE outcome = 'lost'), 0, 0, 0 "
    "FROM claims WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2 "
    "UNION ALL SELECT user_id, -1, 0, 0, 0, 0, "
    "CAST(coalesce(sum(amount) FILTER (WHERE kind = 'purchase'), 0) AS BIGINT), "
    "CAST(coalesce(-sum(amount) FILTER (WHERE kind = 'claim'), 0) AS BIGINT), 0 "
    "FROM credit_ledger WHERE kind IN ('purchase', 'claim') AND created_at >= $1 "
    "AND created_at < $2 GROUP BY user_id "
    "UNION ALL SELECT user_id, created_at / CAST($3 AS BIGINT), 0, 0, 0, 0, 0, 0, count(*) "
    "FROM payments WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2"};

inline constexpr Statement plumber_names{"report_plumber_names",
                                         "SELECT user_id, business_name FROM plumbers"};

// One row per claim, two integers: the medians need the values themselves. The match is a scalar
// subquery so that both databases look it up by key per claim of the period (PostgreSQL otherwise
// hash-joins all of lead_matches); a claim without its match (none today) reads NULL, and the
// backends leave it out (a WHERE on the value would run the subquery twice on PostgreSQL).
inline constexpr Statement claim_responses{
    "report_claim_responses",
    "SELECT k.plumber_id, k.created_at - (SELECT m.matched_at FROM lead_matches m "
    "WHERE m.lead_id = k.lead_id AND m.plumber_id = k.plumber_id) "
    "FROM claims k WHERE k.created_at >= $1 AND k.created_at < $2"};

inline constexpr Statement plumber_totals{
    "report_plumber_totals",
    "SELECT (SELECT count(*) FROM (SELECT plumber_id FROM claims "
    "WHERE created_at >= $1 AND created_at < $2 UNION SELECT user_id FROM payments "
    "WHERE created_at >= $1 AND created_at < $2) a), "
    "count(*), count(*) FILTER (WHERE outcome = 'won') FROM claims "
    "WHERE created_at >= $1 AND created_at < $2"};

inline constexpr Statement approved_plumbers{
    "report_approved_plumbers",
    "SELECT count(*) FROM plumbers WHERE status = 'approved' AND reviewed_at < $1"};

// Credits and disputes are looked up only for requests with a claim (claims_count > 0): most
// requests have none, and those that do reach their claims and disputes by lead_id.
inline constexpr Statement lead_channels{
    "report_lead_channels",
    "SELECT l.source, l.utm_source, l.utm_medium, l.utm_campaign, l.referrer, count(*), "
    "count(*) FILTER (WHERE l.match_count > 0), count(*) FILTER (WHERE l.claims_count > 0), "
    "count(*) FILTER (WHERE l.status = 'closed' AND l.closed_reason = 'hired'), "
    "CAST(coalesce(sum(CASE WHEN l.claims_count > 0 THEN (SELECT sum(k.price_credits) "
    "FROM claims k WHERE k.lead_id = l.id) END), 0) AS BIGINT), "
    "CAST(coalesce(sum(CASE WHEN l.claims_count > 0 THEN (SELECT count(*) FROM disputes d "
    "WHERE d.lead_id = l.id) END), 0) AS BIGINT) "
    "FROM leads l WHERE l.created_at >= $1 AND l.created_at < $2 "
    "GROUP BY l.source, l.utm_source, l.utm_medium, l.utm_campaign, l.referrer "
    "ORDER BY l.source, l.utm_source, l.utm_medium, l.utm_campaign, l.referrer"};

}  // namespace plumbline::store::sql::report_activity
