// PostgreSQL: the Marketplace health report's grouped reads.
#include "store/sql/report_health.hpp"

#include "store/postgres/pg_tx.hpp"

namespace plumbline::store::pg {

namespace {

// PostgreSQL only: a 90-day period's requests (~125,000 rows, already in slot order from the
// index) sort in memory instead of spilling to disk under the default 4 MB; for this read
// transaction only.
constexpr Sql health_work_mem{"health_work_mem", "SELECT set_config('work_mem', '32MB', true)"};

// Slot rows of (slot, a, b) into HealthClaimSlot: claims and refunds, or disputes and approvals.
std::vector<domain::HealthClaimSlot> pg_health_claim_rows(const Result& r, bool disputes) {
  std::vector<domain::HealthClaimSlot> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) {
    domain::HealthClaimSlot s;
    s.slot = r.int64(i, 0);
    (disputes ? s.counts.disputed : s.counts.claims) = r.int64(i, 1);
    (disputes ? s.counts.approved : s.counts.refunded) = r.int64(i, 2);
    out.push_back(s);
  }
  return out;
}

}  // namespace

std::vector<domain::HealthRequestSlot> PgTx::report_health_requests(domain::Millis from,
                                                                    domain::Millis to,
                                                                    domain::Millis slot_ms) {
  c_.run(health_work_mem);
  auto r = c_.run(sql::report_health::requests, from, to, slot_ms);
  std::vector<domain::HealthRequestSlot> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back(sql::read_health_request_slot(r.row(i)));
  return out;
}

std::vector<domain::HealthClaimSlot> PgTx::report_health_claims(domain::Millis from,
                                                                domain::Millis to,
                                                                domain::Millis slot_ms) {
  return pg_health_claim_rows(c_.run(sql::report_health::claims, from, to, slot_ms), false);
}

std::vector<domain::HealthClaimSlot> PgTx::report_health_disputes(domain::Millis from,
                                                                  domain::Millis to,
                                                                  domain::Millis slot_ms) {
  return pg_health_claim_rows(c_.run(sql::report_health::disputes, from, to, slot_ms), true);
}

std::vector<domain::HealthClaimDelay> PgTx::report_health_first_claim_delays(
    domain::Millis from, domain::Millis to, domain::Millis slot_ms) {
  auto r = c_.run(sql::report_health::first_claim_delays, from, to, slot_ms);
  std::vector<domain::HealthClaimDelay> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.int64(i, 0), r.int64(i, 1)});
  return out;
}

}  // namespace plumbline::store::pg
