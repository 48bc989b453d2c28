// SQLite: the outbox (enqueue, lease, outcomes, listing, delivery reports) and SMS opt-outs.
#include "store/sql/outbox.hpp"

#include <algorithm>

#include "store/sqlite/sqlite_tx.hpp"

namespace plumbline::store::sqlite {

namespace {
// SQLite only: no FOR UPDATE SKIP LOCKED (one writer).
// Runs on the single writer inside its transaction, so no other leaser can interleave.
constexpr const char* lease_sql =
    "UPDATE outbox SET status = 'sending', lease_owner = ?1, lease_until = ?3, "
    "attempts = attempts + 1, updated_at = ?2 "
    "WHERE id IN (SELECT id FROM outbox "
    "WHERE (status = 'pending' AND due_at <= ?2) OR (status = 'sending' AND lease_until < ?2) "
    "ORDER BY due_at, id LIMIT ?4) "
    "RETURNING " OUTBOX_COLUMNS;
// SQLite only: no FOR UPDATE (one writer).
constexpr const char* delivery_by_provider_sql =
    "SELECT id, delivery_status FROM outbox WHERE provider_id = ?1 ORDER BY id DESC LIMIT 1";

std::vector<domain::OutboxMessage> read_all(Statement& st) {
  std::vector<domain::OutboxMessage> out;
  while (st.step()) out.push_back(sql::read_message(st));
  return out;
}

bool changed_one(Connection& c) {
  return sqlite3_changes(c.handle()) == 1;
}
}  // namespace

// One statement per row: SQLite runs in this process, so there is no round trip to save.
void SqliteTx::enqueue_messages(const std::vector<domain::OutboundMessage>& ms) {
  for (const auto& m : ms) enqueue_message(m);
}

std::int64_t SqliteTx::enqueue_message(const domain::OutboundMessage& m) {
  {
    auto st = c_.prepare<sql::outbox::outbox_enqueue>();
    st.bind(1, m.kind).bind(2, m.channel).bind(3, m.recipient).bind(4, m.template_name);
    st.bind(5, m.data_json).bind(6, m.sealed_json).bind(7, m.idempotency_key).bind(8, m.lead_id);
    st.bind(9, m.transactional ? 1 : 0).bind(10, m.max_attempts).bind(11, m.event_at);
    st.bind(12, m.due_at).bind(13, m.expires_at).bind(14, m.recipient_key);
    if (st.step()) {
      std::int64_t id = st.int64(0);
      st.run();
      return id;
    }
  }
  auto st = c_.prepare<sql::outbox::outbox_id_by_key>();
  st.bind(1, m.idempotency_key);
  if (!st.step()) throw StoreError(StoreErrorKind::other, "outbox: idempotency key vanished");
  return st.int64(0);
}

std::int64_t SqliteTx::count_recent_messages(const std::string& kind,
                                             const std::string& recipient_key,
                                             domain::Millis since) {
  if (recipient_key.empty()) return 0;
  // The single writer serialises every write transaction: no concurrent count to guard against.
  auto st = c_.prepare<sql::outbox::outbox_count_recent>();
  st.bind(1, kind).bind(2, recipient_key).bind(3, since);
  return st.step() ? st.int64(0) : 0;
}

std::vector<domain::OutboxMessage> SqliteTx::lease_messages(const std::string& owner,
                                                            domain::Millis now,
                                                            domain::Millis lease_until, int limit) {
  if (limit <= 0) return {};  // a negative LIMIT means "no limit" to SQLite
  auto st = c_.prepare(lease_sql);
  st.bind(1, owner).bind(2, now).bind(3, lease_until).bind(4, limit);
  auto out = read_all(st);
  // RETURNING yields rows in no particular order.
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.due_at != b.due_at ? a.due_at < b.due_at : a.id < b.id;
  });
  return out;
}

void SqliteTx::mark_message_sent(std::int64_t id, domain::Millis now,
                                 const std::string& provider_id) {
  auto st = c_.prepare<sql::outbox::outbox_mark_sent>();
  st.bind(1, id).bind(2, now).bind(3, provider_id);
  st.run();
}

void SqliteTx::mark_message_retry(std::int64_t id, domain::Millis next_due,
                                  const std::string& error, domain::Millis now) {
  auto st = c_.prepare<sql::outbox::outbox_mark_retry>();
  st.bind(1, id).bind(2, next_due).bind(3, error).bind(4, now);
  st.run();
}

void SqliteTx::mark_message_dead(std::int64_t id, const std::string& reason, domain::Millis now) {
  auto st = c_.prepare<sql::outbox::outbox_mark_dead>();
  st.bind(1, id).bind(2, reason).bind(3, now);
  st.run();
}

std::optional<domain::OutboxMessage> SqliteTx::message_by_id(std::int64_t id) {
  auto st = c_.prepare<sql::outbox::outbox_by_id>();
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  return sql::read_message(st);
}

std::vector<domain::OutboxMessage> SqliteTx::messages_by_status(const std::string& status,
                                                                int limit) {
  if (limit <= 0) return {};
  if (status.empty()) {
    auto st = c_.prepare<sql::outbox::outbox_all>();
    st.bind(1, limit);
    return read_all(st);
  }
  auto st = c_.prepare<sql::outbox::outbox_by_status>();
  st.bind(1, status).bind(2, limit);
  return read_all(st);
}

std::vector<domain::OutboxMessage> SqliteTx::messages_for_lead(domain::LeadId lead_id) {
  auto st = c_.prepare<sql::outbox::outbox_for_lead>();
  st.bind(1, lead_id);
  return read_all(st);
}

bool SqliteTx::retry_dead_message(std::int64_t id, domain::Millis now) {
  auto st = c_.prepare<sql::outbox::outbox_retry_dead>();
  st.bind(1, id).bind(2, now);
  st.run();
  return changed_one(c_);
}

domain::OutboxCounts SqliteTx::outbox_counts() {
  domain::OutboxCounts counts;
  auto st = c_.prepare<sql::outbox::outbox_counts>();
  while (st.step()) {
    counts.add(st.text(0), st.int64(1));
  }
  return counts;
}

bool SqliteTx::update_delivery_status(const std::string& provider_id, const std::string& status,
                                      domain::Millis now) {
  if (provider_id.empty()) return false;  // unsent messages all have an empty provider id
  std::int64_t id = 0;
  {
    auto st = c_.prepare(delivery_by_provider_sql);
    st.bind(1, provider_id);
    if (!st.step()) return false;
    id = st.int64(0);
    if (!domain::delivery_status_may_replace(st.text(1), status)) return false;
  }
  auto st = c_.prepare<sql::outbox::outbox_set_delivery>();
  st.bind(1, id).bind(2, status).bind(3, now);
  st.run();
  return changed_one(c_);
}

void SqliteTx::set_sms_opt_out(const std::string& phone_e164, bool opted_out,
                               const std::string& keyword, domain::Millis now) {
  auto st = c_.prepare<sql::outbox::sms_set_opt_out>();
  st.bind(1, phone_e164).bind(2, opted_out ? 1 : 0).bind(3, keyword).bind(4, now);
  st.run();
}

bool SqliteTx::sms_opted_out(const std::string& phone_e164) {
  auto st = c_.prepare<sql::outbox::sms_opted_out>();
  st.bind(1, phone_e164);
  return st.step() && st.int64(0) != 0;
}

std::vector<domain::ListedMessage> SqliteTx::list_messages(const domain::OutboxFilter& f) {
  if (f.limit <= 0) return {};
  auto st = c_.prepare<sql::outbox::outbox_list>();
  st.bind(1, f.status).bind(2, f.channel).bind(3, f.template_name).bind(4, f.from);
  st.bind(5, f.to).bind(6, f.before_id).bind(7, f.limit);
  std::vector<domain::ListedMessage> out;
  while (st.step()) out.push_back(sql::read_listed_message(st));
  return out;
}

bool SqliteTx::release_message_lease(std::int64_t id, const std::string& owner,
                                     domain::Millis now) {
  auto st = c_.prepare<sql::outbox::outbox_release_lease>();
  st.bind(1, id).bind(2, owner).bind(3, now);
  st.run();
  return changed_one(c_);
}

bool SqliteTx::expedite_pending_message(std::int64_t id, domain::Millis now) {
  auto st = c_.prepare<sql::outbox::outbox_expedite>();
  st.bind(1, id).bind(2, now);
  st.run();
  return changed_one(c_);
}

bool SqliteTx::cancel_pending_message(std::int64_t id, const std::string& error,
                                      domain::Millis now) {
  auto st = c_.prepare<sql::outbox::outbox_cancel>();
  st.bind(1, id).bind(2, error).bind(3, now);
  st.run();
  return changed_one(c_);
}

std::optional<domain::Millis> SqliteTx::oldest_pending_message_at() {
  auto st = c_.prepare<sql::outbox::outbox_oldest_pending>();
  if (!st.step()) return std::nullopt;
  return st.opt_int64(0);
}

}  // namespace plumbline::store::sqlite
