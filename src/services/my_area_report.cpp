// "Demand in my area": two grouped reads (the requests in the plumber's area by slot, service and
// fate; the plumber's own matches and claims by slot) over both periods, folded into weekly tables.
#include "services/my_area_report.hpp"

#include <algorithm>
#include <map>

namespace plumbline::services {

using domain::ReportCell;
using domain::ReportUnit;
using domain::Result;

namespace {

// The fates in the order the "what became of them" table lists them (claimed first, then the
// ways a request was missed, the service they do not offer last).
constexpr std::string_view my_area_fates[] = {
    domain::fate_claimed,   domain::fate_open,         domain::fate_filled,
    domain::fate_unclaimed, domain::miss_paused,       domain::miss_daily_cap,
    domain::miss_plan,      domain::fate_not_recorded, domain::fate_not_offered};

bool my_area_matched(std::string_view fate) {
  return fate == domain::fate_claimed || fate == domain::fate_filled || fate == domain::fate_open ||
         fate == domain::fate_unclaimed;
}
// Missed: a request of a service they offer that they did not claim and can no longer claim.
bool my_area_missed(std::string_view fate) {
  return fate != domain::fate_claimed && fate != domain::fate_open &&
         fate != domain::fate_not_offered;
}

// Per bucket of one period: requests by service, and the headline counts.
struct MyAreaWeek {
  std::map<std::string, std::int64_t> by_service;
  std::int64_t offered = 0, other = 0, matched = 0, claimed = 0, missed = 0;
  std::int64_t matches = 0, claims = 0, credits = 0, won = 0;
};

// The fold of both reads: one MyAreaWeek per bucket of each period, and per-fate totals.
struct MyAreaFold {
  std::vector<MyAreaWeek> current, previous;
  std::map<std::string, std::int64_t> fates, previous_fates;
};

MyAreaFold fold_my_area(const domain::ReportRange& range,
                        const std::vector<domain::MyAreaLeadCount>& leads,
                        const std::vector<domain::MyAreaActivity>& activity, domain::Millis slot) {
  MyAreaFold f;
  f.current.resize(range.buckets.size());
  f.previous.resize(range.previous_buckets.size());
  auto week_of = [&](std::int64_t s) -> std::pair<MyAreaWeek*, bool> {
    if (int i = range.bucket_of(s * slot); i >= 0) return {&f.current[i], true};
    if (int i = range.previous_bucket_of(s * slot); i >= 0) return {&f.previous[i], false};
    return {nullptr, false};
  };
  for (const auto& row : leads) {
    auto [week, is_current] = week_of(row.slot);
    if (!week) continue;
    const bool offered = row.fate != domain::fate_not_offered;
    week->by_service[row.service_type] += row.requests;
    (offered ? week->offered : week->other) += row.requests;
    if (my_area_matched(row.fate)) week->matched += row.requests;
    if (row.fate == domain::fate_claimed) week->claimed += row.requests;
    if (my_area_missed(row.fate)) week->missed += row.requests;
    (is_current ? f.fates : f.previous_fates)[row.fate] += row.requests;
  }
  for (const auto& row : activity) {
    auto [week, is_current] = week_of(row.slot);
    if (!week) continue;
    week->matches += row.matches;
    week->claims += row.claims;
    week->credits += row.credits_spent;
    week->won += row.jobs_won;
  }
  return f;
}

std::int64_t my_area_total(const std::vector<MyAreaWeek>& weeks, std::int64_t MyAreaWeek::*field) {
  std::int64_t n = 0;
  for (const auto& w : weeks) n += w.*field;
  return n;
}

domain::ReportKpi my_area_kpi(std::string key, std::string label, const MyAreaFold& f,
                              std::int64_t MyAreaWeek::*field) {
  domain::ReportKpi k;
  k.key = std::move(key);
  k.label = std::move(label);
  k.value = my_area_total(f.current, field);
  k.previous = my_area_total(f.previous, field);
  for (const auto& w : f.current) k.trend.push_back(w.*field);
  return k;
}

ReportCell my_area_number(std::int64_t n) {
  return {n, "", false};
}
ReportCell my_area_text(std::string s) {
  return {0, std::move(s), false};
}

// Requests per week by service (the services seen, in catalog order), and the two totals.
domain::ReportTable my_area_weeks_table(const domain::ReportRange& range, const MyAreaFold& f,
                                        const domain::Catalog& catalog,
                                        std::vector<std::string>& service_keys) {
  std::map<std::string, bool> seen;
  for (const auto& w : f.current)
    for (const auto& [slug, n] : w.by_service) seen[slug] = true;
  for (const auto& s : catalog.services)
    if (seen.erase(s.slug)) service_keys.push_back(s.slug);
  for (const auto& [slug, unused] : seen) service_keys.push_back(slug);  // no longer in the catalog
  domain::ReportTable t;
  t.key = "by_week";
  t.title = "Requests in your area per week, by service";
  t.columns.push_back({"week", "Week from", ReportUnit::text});
  for (const auto& slug : service_keys) {
    const auto* s = catalog.service(slug);
    t.columns.push_back({slug, s ? s->label : slug, ReportUnit::count});
  }
  t.columns.push_back({"your_services", "Services you offer", ReportUnit::count});
  t.columns.push_back({"other_services", "Other services", ReportUnit::count});
  for (std::size_t i = 0; i < f.current.size(); ++i) {
    const auto& w = f.current[i];
    std::vector<ReportCell> row{my_area_text(range.buckets[i].label)};
    for (const auto& slug : service_keys) {
      auto it = w.by_service.find(slug);
      row.push_back(my_area_number(it == w.by_service.end() ? 0 : it->second));
    }
    row.push_back(my_area_number(w.offered));
    row.push_back(my_area_number(w.other));
    t.rows.push_back(std::move(row));
  }
  t.note = "Requests inside your radius or at your extra ZIPs, duplicates left out.";
  return t;
}

domain::ReportTable my_area_fates_table(const MyAreaFold& f) {
  domain::ReportTable t;
  t.key = "outcomes";
  t.title = "What became of the requests in your area";
  t.columns = {{"outcome", "Outcome", ReportUnit::text},
               {"requests", "Requests", ReportUnit::count},
               {"previous", "Previous period", ReportUnit::count}};
  for (auto fate : my_area_fates) {
    auto at = [&](const std::map<std::string, std::int64_t>& m) {
      auto it = m.find(std::string(fate));
      return it == m.end() ? 0 : it->second;
    };
    t.rows.push_back({my_area_text(domain::my_area_reason_label(fate)), my_area_number(at(f.fates)),
                      my_area_number(at(f.previous_fates))});
  }
  t.note =
      "Reasons are recorded when a request arrives; requests from before that show "
      "\"reason not recorded\".";
  return t;
}

domain::ReportTable my_area_activity_table(const domain::ReportRange& range, const MyAreaFold& f) {
  domain::ReportTable t;
  t.key = "my_claims";
  t.title = "Your claim rate and cost per job won, per week";
  t.columns = {{"week", "Week from", ReportUnit::text},
               {"matches", "Sent to you", ReportUnit::count},
               {"claims", "Claimed", ReportUnit::count},
               {"claim_rate", "Claim rate", ReportUnit::basis_points},
               {"credits_spent", "Credits spent", ReportUnit::credits},
               {"jobs_won", "Jobs won", ReportUnit::count},
               {"cost_per_job_won", "Credits per job won", ReportUnit::credits}};
  for (std::size_t i = 0; i < f.current.size(); ++i) {
    const auto& w = f.current[i];
    ReportCell cost = my_area_number(w.won > 0 ? (w.credits + w.won / 2) / w.won : 0);
    cost.missing = w.won == 0;
    // No rate in a week nothing was sent: a gap in the chart, a dash in the table.
    ReportCell rate = my_area_number(domain::share_bp(w.claims, w.matches));
    rate.missing = w.matches == 0;
    t.rows.push_back({my_area_text(range.buckets[i].label), my_area_number(w.matches),
                      my_area_number(w.claims), rate, my_area_number(w.credits),
                      my_area_number(w.won), cost});
  }
  t.note =
      "Sent to you counts matches by when they were sent; claims, credits and jobs won by when you "
      "claimed (refunded claims cost nothing). Jobs won are the claims you marked won.";
  return t;
}

}  // namespace

MyAreaReportService::MyAreaReportService(store::Store& store, const LocalZones& zones,
                                         const Clock& clock, CatalogCache& catalog)
    : store_(store), zones_(zones), clock_(clock), catalog_(catalog) {}

Result<domain::Report> MyAreaReportService::build(std::int64_t plumber_id, std::string_view preset,
                                                  std::string_view from_date,
                                                  std::string_view to_date) const {
  auto plumber = store_.read<std::optional<domain::PlumberProfile>>(
      [&](store::Tx& tx) { return tx.plumber_profile(domain::UserId{plumber_id}); });
  if (!plumber) return domain::Error::make(domain::ErrorCode::not_found, "No such plumber.");
  const auto& zone = zones_.of_zip(plumber->profile.base_zip);
  auto resolved = domain::resolve_my_area_range(preset, from_date, to_date, clock_.now_ms(), zone);
  if (!resolved) {
    // A period is a query parameter of a GET: a bad one is a bad request (400), field named.
    auto e = resolved.error();
    e.code = domain::ErrorCode::bad_request;
    return e;
  }
  const auto& range = *resolved;
  // One read of each kind over both periods (the previous one ends where the current begins).
  const domain::MyAreaQuery q{plumber_id, range.previous.from_ms, range.current.to_ms,
                              range.slot_ms};
  std::vector<domain::MyAreaLeadCount> leads;
  std::vector<domain::MyAreaActivity> activity;
  store_.read<bool>([&](store::Tx& tx) {
    leads = tx.my_area_leads(q);
    activity = tx.my_area_activity(q);
    return true;
  });
  auto f = fold_my_area(range, leads, activity, range.slot_ms);
  domain::Report r;
  r.name = "my-area";
  r.title = "Demand in my area";
  r.summary =
      "How many requests came from your area, which reached you, and why you missed the rest.";
  r.range = range;
  r.kpis.push_back(my_area_kpi("requests", "Requests in my area", f, &MyAreaWeek::offered));
  r.kpis.back().label = "Requests in my area (services you offer)";
  r.kpis.push_back(my_area_kpi("matched", "Sent to me", f, &MyAreaWeek::matched));
  r.kpis.push_back(my_area_kpi("claimed", "Claimed by me", f, &MyAreaWeek::claimed));
  auto missed = my_area_kpi("missed", "Missed", f, &MyAreaWeek::missed);
  missed.higher_is_better = false;
  std::string top;
  std::int64_t top_n = 0;
  for (const auto& [fate, n] : f.fates)
    if (my_area_missed(fate) && n > top_n) top = fate, top_n = n;
  if (top_n > 0) missed.label = "Missed (mostly: " + domain::my_area_reason_label(top) + ")";
  r.kpis.push_back(std::move(missed));
  std::vector<std::string> service_keys;
  auto catalog = catalog_.get();
  r.tables.push_back(my_area_weeks_table(range, f, catalog, service_keys));
  r.tables.push_back(my_area_fates_table(f));
  r.tables.push_back(my_area_activity_table(range, f));
  r.charts.push_back(
      {"by_week", "Requests per week by service", "stacked-bar", "by_week", "week", service_keys});
  r.charts.push_back(
      {"outcomes", "What became of them", "bar", "outcomes", "outcome", {"requests"}});
  r.charts.push_back(
      {"claim_rate", "Claim rate per week", "line", "my_claims", "week", {"claim_rate"}});
  r.charts.push_back({"cost_per_job_won",
                      "Credits per job won, per week",
                      "line",
                      "my_claims",
                      "week",
                      {"cost_per_job_won"}});
  return r;
}

}  // namespace plumbline::services
