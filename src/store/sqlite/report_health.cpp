// SQLite: the Marketplace health report's grouped reads.
#include "store/sql/report_health.hpp"

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {

// Slot rows of (slot, a, b) into HealthClaimSlot: claims and refunds, or disputes and approvals.
template <typename St>
std::vector<domain::HealthClaimSlot> health_claim_rows(St& st, bool disputes) {
  std::vector<domain::HealthClaimSlot> out;
  while (st.step()) {
    domain::HealthClaimSlot s;
    s.slot = st.int64(0);
    (disputes ? s.counts.disputed : s.counts.claims) = st.int64(1);
    (disputes ? s.counts.approved : s.counts.refunded) = st.int64(2);
    out.push_back(s);
  }
  return out;
}

}  // namespace

std::vector<domain::HealthRequestSlot> SqliteTx::report_health_requests(domain::Millis from,
                                                                        domain::Millis to,
                                                                        domain::Millis slot_ms) {
  auto st = c_.prepare<sql::report_health::requests>();
  st.bind(1, from).bind(2, to).bind(3, slot_ms);
  std::vector<domain::HealthRequestSlot> out;
  while (st.step()) out.push_back(sql::read_health_request_slot(st));
  return out;
}

std::vector<domain::HealthClaimSlot> SqliteTx::report_health_claims(domain::Millis from,
                                                                    domain::Millis to,
                                                                    domain::Millis slot_ms) {
  auto st = c_.prepare<sql::report_health::claims>();
  st.bind(1, from).bind(2, to).bind(3, slot_ms);
  return health_claim_rows(st, false);
}

std::vector<domain::HealthClaimSlot> SqliteTx::report_health_disputes(domain::Millis from,
                                                                      domain::Millis to,
                                                                      domain::Millis slot_ms) {
  auto st = c_.prepare<sql::report_health::disputes>();
  st.bind(1, from).bind(2, to).bind(3, slot_ms);
  return health_claim_rows(st, true);
}

std::vector<domain::HealthClaimDelay> SqliteTx::report_health_first_claim_delays(
    domain::Millis from, domain::Millis to, domain::Millis slot_ms) {
  auto st = c_.prepare<sql::report_health::first_claim_delays>();
  st.bind(1, from).bind(2, to).bind(3, slot_ms);
  std::vector<domain::HealthClaimDelay> out;
  while (st.step()) out.push_back({st.int64(0), st.int64(1)});
  return out;
}

}  // namespace plumbline::store::sqlite
