// The plan standing read from the plumbers row and the plan it names, and its JSON.
#include "services/plan_standing.hpp"

#include <ctime>

namespace plumbline::services {

domain::PlanStanding read_plan_standing(store::Tx& tx, domain::UserId user_id) {
  auto billing = tx.plumber_billing(user_id);
  if (!billing) return {};
  std::optional<domain::PaymentPlan> plan;
  if (!billing->plan_id.empty()) plan = tx.plan_by_id(billing->plan_id);
  return domain::plan_standing(*billing, plan);
}

std::string plan_date(std::int64_t unix_seconds) {
  if (unix_seconds <= 0) return {};
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

boost::json::object plan_standing_json(const domain::PlanStanding& s) {
  auto date = plan_date(s.period_end);
  auto maybe = [](const std::string& v) {
    return v.empty() ? boost::json::value(nullptr) : boost::json::value(v);
  };
  return {{"status", domain::to_string(s.status)},
          {"status_label", domain::plan_status_label(s.status)},
          {"plan", maybe(s.plan_id)},
          {"name", maybe(s.plan_name)},
          {"price_cents", s.price_cents},
          {"credits_per_month", s.credits_per_period},
          {"renews_on", s.ends_at_period_end ? boost::json::value(nullptr) : maybe(date)},
          {"ends_on", s.ends_at_period_end ? maybe(date) : boost::json::value(nullptr)}};
}

}  // namespace plumbline::services
