// `plumbline outbox list|show|retry`: look into the message queue and send a dead message again.
#include "domain/outbox.hpp"

#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>

#include "cli/common.hpp"

namespace plumbline::cli {

namespace {
std::string when(std::optional<domain::Millis> ms) {
  if (!ms) return "-";
  std::time_t t = *ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// Masks most of a recipient so terminal scroll-back holds no full addresses or numbers.
std::string masked(const std::string& r) {
  if (r.size() <= 4) return "****";
  auto at = r.find('@');
  if (at != std::string::npos) return r.substr(0, 1) + "***" + r.substr(at);
  return "***" + r.substr(r.size() - 4);
}
}  // namespace

int run_outbox(const CommonOptions& common, const std::string& action, const std::string& status,
               std::int64_t id, int limit) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  auto store = open_database(*c);
  if (!store) return exit_database;
  try {
    if (action == "list") {
      if (!status.empty() && status != "pending" && status != "sending" && status != "sent" &&
          status != "dead") {
        std::cerr << "plumbline: --status must be pending, sending, sent or dead\n";
        return exit_usage;
      }
      auto counts =
          store->read<domain::OutboxCounts>([](store::Tx& tx) { return tx.outbox_counts(); });
      std::cout << "pending " << counts.pending << ", sending " << counts.sending << ", sent "
                << counts.sent << ", dead " << counts.dead << "\n";
      auto rows = store->read<std::vector<domain::OutboxMessage>>(
          [&](store::Tx& tx) { return tx.messages_by_status(status, limit); });
      for (const auto& m : rows)
        std::cout << std::setw(8) << m.id << "  " << std::setw(7) << domain::to_string(m.status)
                  << "  " << std::setw(5) << m.channel << "  " << m.kind << "  to "
                  << masked(m.recipient) << "  attempts " << m.attempts << "  due "
                  << when(m.due_at) << (m.last_error.empty() ? "" : "  last error: " + m.last_error)
                  << "\n";
      return exit_ok;
    }
    auto m = store->read<std::optional<domain::OutboxMessage>>(
        [&](store::Tx& tx) { return tx.message_by_id(id); });
    if (!m) {
      std::cerr << "plumbline: no message with id " << id << "\n";
      return exit_runtime;
    }
    if (action == "show") {
      std::cout << "id:              " << m->id << "\nkind:            " << m->kind
                << "\nchannel:         " << m->channel
                << "\nrecipient:       " << masked(m->recipient)
                << "\ntemplate:        " << m->template_name
                << "\nstatus:          " << domain::to_string(m->status)
                << "\nattempts:        " << m->attempts << " of " << m->max_attempts
                << "\nevent at:        " << when(m->event_at)
                << "\ndue at:          " << when(m->due_at)
                << "\nexpires at:      " << when(m->expires_at)
                << "\nsent at:         " << when(m->sent_at)
                << "\nprovider id:     " << m->provider_id
                << "\ndelivery status: " << m->delivery_status
                << "\nlast error:      " << m->last_error
                << "\nidempotency key: " << m->idempotency_key
                << "\ndata:            " << m->data_json << "\n";
      return exit_ok;
    }
    bool ok = false;
    store->write_tx([&](store::Tx& tx) {
      ok = tx.retry_dead_message(id, std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
      return ok;
    });
    if (!ok) {
      std::cerr << "plumbline: message " << id << " is " << domain::to_string(m->status)
                << ", not dead; only dead messages are retried\n";
      return exit_runtime;
    }
    std::cout << "message " << id
              << " is pending again and will be sent by the next worker round\n";
    return exit_ok;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: outbox " << action << " failed: " << e.what() << "\n";
    return exit_database;
  }
}

}  // namespace plumbline::cli
