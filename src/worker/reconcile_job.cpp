// The Stripe reconciliation thread and its one pass: list recent events and paid Checkout Sessions
// from Stripe and apply them through the webhook's code path; a failed pass is retried next
// interval.
#include "worker/reconcile_job.hpp"

#include <boost/json.hpp>

#include "log/log.hpp"

namespace plumbline::worker {

namespace json = boost::json;

namespace {

// Every event type PaymentService acts on; the rest would only be recorded as ignored.
const char* const handled_event_types[] = {
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "charge.refunded",
    "charge.dispute.created",
    "charge.dispute.updated",
    "charge.dispute.closed",
};

// Enough for 100,000 objects in one lookback window; a has_more that never ends stops here.
constexpr int max_pages = 1000;

std::string str(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().get_string()) : "";
}

// What a failed call tells the log and the report: no bodies, no URLs, no secrets.
std::string describe(const char* what, const integrations::StripeReply& r) {
  std::string s = std::string(what) + " failed: ";
  s += r.http_status ? "HTTP " + std::to_string(r.http_status) : std::string("no answer");
  if (!r.error_type.empty()) s += ", " + r.error_type;
  if (!r.error_code.empty()) s += " (" + r.error_code + ")";
  if (!r.request_id.empty()) s += ", request " + r.request_id;
  return s;
}

// Every object of a Stripe list endpoint, following starting_after; stops at the first failed call
// and keeps what it has (each object is applied idempotently, so a partial list is still useful).
std::vector<json::object> list_all(integrations::StripeClient& stripe, const char* path,
                                   const integrations::StripeParams& base,
                                   ReconcileReport& report) {
  std::vector<json::object> out;
  std::string after;
  for (int page = 0; page < max_pages; ++page) {
    auto params = base;
    if (!after.empty()) params.emplace_back("starting_after", after);
    auto r = stripe.get(path, params);
    const json::object* body = r.ok && r.body.is_object() ? &r.body.get_object() : nullptr;
    const json::value* data = body ? body->if_contains("data") : nullptr;
    if (!data || !data->is_array()) {
      report.ok = false;
      if (report.error.empty()) report.error = describe(path, r);
      return out;
    }
    for (const auto& v : data->get_array())
      if (v.is_object()) out.push_back(v.get_object());
    const json::value* more = body->if_contains("has_more");
    if (!more || !more->is_bool() || !more->get_bool() || out.empty()) return out;
    auto next = str(out.back(), "id");
    if (next.empty() || next == after) return out;
    after = next;
  }
  return out;
}

}  // namespace

ReconcileJob::ReconcileJob(integrations::StripeClient& stripe, Apply apply,
                           const services::Clock& clock, std::chrono::milliseconds interval,
                           std::chrono::seconds lookback)
    : stripe_(stripe),
      apply_(std::move(apply)),
      clock_(clock),
      lookback_(lookback),
      periodic_([this] { run_once(); }, interval) {}

void ReconcileJob::start() {
  periodic_.start();
}

void ReconcileJob::stop() {
  periodic_.stop();
}

ReconcileReport ReconcileJob::run_once() {
  ReconcileReport report;
  const std::int64_t since = clock_.now_ms() / 1000 - lookback_.count();
  // Applies one event; true when it changed something (not a duplicate). An event the service
  // rejects is logged and skipped: one bad event must not hold back the others.
  auto apply = [&](const json::value& event, const std::string& id) {
    try {
      auto r = apply_(event);
      if (r) return !r.value().duplicate;
      log::warn("stripe_reconcile_event_rejected",
                {{"event_id", id}, {"error", r.error().log_detail}});
    } catch (const std::exception& e) {
      report.ok = false;
      if (report.error.empty()) report.error = "applying " + id + " failed";
      log::error("stripe_reconcile_apply_failed",
                 {{"event_id", id}, {"error", std::string(e.what())}});
    }
    return false;
  };

  integrations::StripeParams event_params{{"limit", "100"},
                                          {"created[gte]", std::to_string(since)}};
  for (const char* type : handled_event_types) event_params.emplace_back("types[]", type);
  auto events = list_all(stripe_, "/v1/events", event_params, report);
  // Stripe lists newest first; oldest first is the order they happened in.
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    ++report.events_seen;
    if (apply(json::value(*it), str(*it, "id"))) ++report.events_applied;
  }

  auto sessions = list_all(
      stripe_, "/v1/checkout/sessions",
      {{"limit", "100"}, {"created[gte]", std::to_string(since)}, {"status", "complete"}}, report);
  for (auto it = sessions.rbegin(); it != sessions.rend(); ++it) {
    const auto& s = *it;
    ++report.sessions_seen;
    auto id = str(s, "id");
    auto paid = str(s, "payment_status");
    if (id.empty() || (paid != "paid" && paid != "no_payment_required")) continue;
    // The session itself stands in for a checkout.session.completed event that may never have
    // arrived; its own id keeps repeats of this pass duplicates.
    json::object event;
    event["id"] = "reconcile:" + id;
    event["object"] = "event";
    event["type"] = "checkout.session.completed";
    auto created = s.if_contains("created");
    event["created"] = created && created->is_int64() ? created->get_int64() : 0;
    event["api_version"] = integrations::stripe_api_version;
    auto live = s.if_contains("livemode");
    event["livemode"] = live && live->is_bool() && live->get_bool();
    event["data"] = json::object{{"object", s}};
    if (apply(json::value(std::move(event)), "reconcile:" + id)) ++report.sessions_applied;
  }

  log::write(report.ok ? log::Level::info : log::Level::warn, "stripe_reconcile",
             {{"events_seen", static_cast<std::int64_t>(report.events_seen)},
              {"events_applied", static_cast<std::int64_t>(report.events_applied)},
              {"sessions_seen", static_cast<std::int64_t>(report.sessions_seen)},
              {"sessions_applied", static_cast<std::int64_t>(report.sessions_applied)},
              {"ok", report.ok},
              {"error", report.error}});
  return report;
}

}  // namespace plumbline::worker
