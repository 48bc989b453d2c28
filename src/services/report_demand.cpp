// The Demand report: one read transaction of grouped counts (store/sql/report_demand.hpp), folded
// into buckets and ranked by the rules in domain/report_demand.hpp, then laid out as KPIs, tables,
// charts and the density map.
#include "services/report_demand.hpp"

#include <utility>

#include "domain/catalog.hpp"
#include "domain/report_demand.hpp"

namespace plumbline::services {
namespace {

using domain::ReportCell;
using domain::ReportColumn;
using domain::ReportTable;
using domain::ReportUnit;

// Everything the report reads, in one snapshot.
struct DemandRows {
  domain::Catalog catalog;
  std::vector<domain::DemandSlotCount> services, duplicates, previous_duplicates;
  std::vector<domain::DemandSlotMix> urgency_source;
  std::vector<domain::DemandZipCount> zips, previous_zips;
  std::vector<domain::DemandUnmatched> unmatched, previous_unmatched;
};

domain::RollupRow encode_demand_count(const domain::DemandSlotCount& c) {
  domain::RollupRow r;
  r.text[0] = c.key;
  r.num[0] = c.requests;
  r.num[1] = c.unmatched;
  return r;
}
domain::DemandSlotCount decode_demand_count(const domain::RollupRow& r, std::int64_t slot) {
  return {slot, r.text[0], r.num[0], r.num[1]};
}
domain::RollupRow encode_demand_mix(const domain::DemandSlotMix& m) {
  domain::RollupRow r;
  r.text[0] = m.urgency;
  r.text[1] = m.source;
  r.num[0] = m.requests;
  return r;
}
domain::DemandSlotMix decode_demand_mix(const domain::RollupRow& r, std::int64_t slot) {
  return {slot, r.text[0], r.text[1], r.num[0]};
}

// The counts per slot, through the daily rollups; the per-ZIP lists stay raw (a day has about as
// many ZIPs as requests, so a rollup would not be smaller).
const RolledStatement<domain::DemandSlotCount> demand_services{
    "demand_services", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.demand_by_service(s, slot_ms);
    },
    encode_demand_count, decode_demand_count};
const RolledStatement<domain::DemandSlotMix> demand_mix{
    "demand_urgency_source", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.demand_by_urgency_source(s, slot_ms);
    },
    encode_demand_mix, decode_demand_mix};
const RolledStatement<domain::DemandSlotCount> demand_duplicates{
    "demand_duplicates", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis slot_ms) {
      return tx.demand_duplicates(s, slot_ms);
    },
    encode_demand_count, decode_demand_count};

// The sources a request can come from (leads.source), in the order the report lists them.
const std::pair<const char*, const char*> demand_sources[] = {
    {"web", "Web form"}, {"api", "API"}, {"admin", "Admin"}, {"phone", "Phone (staff)"}};

ReportCell demand_num(std::int64_t n) {
  return {n, "", false};
}
ReportCell demand_text(std::string s) {
  return {0, std::move(s), false};
}

std::int64_t demand_sum(const std::vector<domain::DemandSlotCount>& rows) {
  std::int64_t n = 0;
  for (const auto& r : rows) n += r.requests;
  return n;
}

ReportColumn demand_bucket_column(const domain::ReportRange& range) {
  switch (range.grain) {
    case domain::ReportGrain::week:
      return {"bucket", "Week from", ReportUnit::text};
    case domain::ReportGrain::month:
      return {"bucket", "Month", ReportUnit::text};
    case domain::ReportGrain::day:
      break;
  }
  return {"bucket", "Day", ReportUnit::text};
}

// A table per bucket with a column per key (in `keys` order, only those with requests), and the
// total; and its stacked-bar chart.
void add_demand_dimension(domain::Report& report, const domain::ReportRange& range,
                          const std::vector<domain::DemandSlotCount>& rows,
                          std::vector<std::pair<std::string, std::string>> keys, std::string key,
                          std::string title) {
  auto folded = domain::fold_demand_slots(range, rows);
  for (const auto& [k, series] : folded.requests) {  // a value the list does not know: its slug
    bool known = false;
    for (const auto& kv : keys) known = known || kv.first == k;
    if (!known) keys.emplace_back(k, k);
  }
  ReportTable t{key, title, {demand_bucket_column(range)}, {}, "", 0};
  domain::ReportChart chart{key, title, "stacked-bar", key, "bucket", {}};
  std::vector<const std::vector<std::int64_t>*> series;
  for (const auto& [k, label] : keys) {
    auto it = folded.requests.find(k);
    if (it == folded.requests.end()) continue;
    t.columns.push_back({k, label, ReportUnit::count});
    chart.value_columns.push_back(k);
    series.push_back(&it->second);
  }
  t.columns.push_back({"total", "Total", ReportUnit::count});
  for (std::size_t b = 0; b < range.buckets.size(); ++b) {
    std::vector<ReportCell> row{demand_text(range.buckets[b].label)};
    for (const auto* s : series) row.push_back(demand_num((*s)[b]));
    row.push_back(demand_num(folded.total[b]));
    t.rows.push_back(std::move(row));
  }
  report.tables.push_back(std::move(t));
  report.charts.push_back(std::move(chart));
}

std::string demand_services_text(const std::vector<std::pair<std::string, std::int64_t>>& asked,
                                 const domain::Catalog& catalog) {
  std::string out;
  for (const auto& [slug, n] : asked) {
    std::string label = slug;
    for (const auto& s : catalog.services)
      if (s.slug == slug) label = s.label;
    if (!out.empty()) out += ", ";
    out += label + " (" + std::to_string(n) + ")";
  }
  return out;
}

}  // namespace

std::vector<RollupEntry> demand_rollups() {
  return {rollup_entry(demand_services), rollup_entry(demand_mix), rollup_entry(demand_duplicates)};
}

domain::Report DemandReport::build(const domain::ReportRange& range) const {
  auto rows = store_.read<DemandRows>([&](store::Tx& tx) {
    DemandRows r;
    r.catalog = tx.catalog();
    const RollupReader now_rows(tx, range.current, range.buckets, range.slot_ms);
    const RollupReader before_rows(tx, range.previous, range.previous_buckets, range.slot_ms);
    r.services = now_rows.rows(demand_services);
    r.urgency_source = now_rows.rows(demand_mix);
    r.duplicates = now_rows.rows(demand_duplicates);
    r.previous_duplicates = before_rows.rows(demand_duplicates);
    r.zips = tx.demand_by_zip(range.current);
    r.previous_zips = tx.demand_by_zip(range.previous);
    r.unmatched = tx.demand_unmatched(range.current);
    r.previous_unmatched = tx.demand_unmatched(range.previous);
    return r;
  });
  // Every ZIP is named (city, state) by the ZIP table, as intake named its requests.
  auto name_of = [this](const std::string& zip) {
    const auto* z = zips_.find(zip);
    return z ? std::pair{z->city, z->state} : std::pair<std::string, std::string>{};
  };
  const auto areas = domain::demand_areas(rows.zips, rows.unmatched, name_of);
  const auto previous_areas =
      domain::demand_areas(rows.previous_zips, rows.previous_unmatched, name_of);

  domain::Report report;
  report.name = std::string(name());
  report.title = std::string(title());
  report.summary =
      "Where requests come from (service, urgency, source, area), how many are duplicates, and "
      "which areas no plumber covers.";
  report.range = range;

  // Per bucket: every request (by service), duplicates, unmatched.
  auto all = domain::fold_demand_slots(range, rows.services);
  auto dups = domain::fold_demand_slots(range, rows.duplicates);
  const auto now = domain::demand_totals(areas);
  const auto before = domain::demand_totals(previous_areas);
  const std::int64_t dup_now = demand_sum(rows.duplicates);
  const std::int64_t dup_before = demand_sum(rows.previous_duplicates);

  std::vector<std::int64_t> dup_share, unmatched_share;
  for (std::size_t b = 0; b < range.buckets.size(); ++b) {
    dup_share.push_back(domain::share_bp(dups.total[b], all.total[b]));
    unmatched_share.push_back(domain::share_bp(all.unmatched[b], all.total[b]));
  }
  report.kpis = {
      {"requests", "Requests", ReportUnit::count, now.requests, before.requests, true, true,
       all.total},
      {"duplicate_share", "Duplicates", ReportUnit::basis_points,
       domain::share_bp(dup_now, now.requests), domain::share_bp(dup_before, before.requests), true,
       false, dup_share},
      {"unmatched", "Unmatched requests", ReportUnit::count, now.unmatched, before.unmatched, true,
       false, all.unmatched},
      {"unmatched_share", "Unmatched share", ReportUnit::basis_points,
       domain::share_bp(now.unmatched, now.requests),
       domain::share_bp(before.unmatched, before.requests), true, false, unmatched_share},
      {"unmatched_areas",
       "ZIPs with unmatched requests",
       ReportUnit::count,
       now.unmatched_areas,
       before.unmatched_areas,
       true,
       false,
       {}},
  };

  std::vector<std::pair<std::string, std::string>> services, urgencies, sources;
  for (const auto& s : rows.catalog.services) services.emplace_back(s.slug, s.label);
  for (const auto& u : rows.catalog.urgencies) urgencies.emplace_back(u.slug, u.label);
  for (const auto& [slug, label] : demand_sources) sources.emplace_back(slug, label);
  add_demand_dimension(report, range, rows.services, services, "by_service", "Requests by service");
  add_demand_dimension(report, range, domain::demand_urgency_slots(rows.urgency_source), urgencies,
                       "by_urgency", "Requests by urgency");
  add_demand_dimension(report, range, domain::demand_source_slots(rows.urgency_source), sources,
                       "by_source", "Requests by source");

  ReportTable quality{
      "duplicates_unmatched",
      "Duplicates and unmatched requests",
      {demand_bucket_column(range),
       {"requests", "Requests", ReportUnit::count},
       {"duplicates", "Duplicates", ReportUnit::count},
       {"duplicate_share", "Duplicate share", ReportUnit::basis_points},
       {"unmatched", "Unmatched", ReportUnit::count},
       {"unmatched_share", "Unmatched share", ReportUnit::basis_points}},
      {},
      "A duplicate repeats an earlier request from the same phone for the same "
      "service (never sent to plumbers); an unmatched request is not a duplicate and "
      "reached no plumber.",
      0};
  for (std::size_t b = 0; b < range.buckets.size(); ++b)
    quality.rows.push_back({demand_text(range.buckets[b].label), demand_num(all.total[b]),
                            demand_num(dups.total[b]), demand_num(dup_share[b]),
                            demand_num(all.unmatched[b]), demand_num(unmatched_share[b])});
  report.tables.push_back(std::move(quality));
  report.charts.push_back({"duplicates_unmatched",
                           "Duplicates and unmatched requests",
                           "bar",
                           "duplicates_unmatched",
                           "bucket",
                           {"duplicates", "unmatched"}});

  // By area: cities, ZIPs (and the map of the same ZIPs), the recruiting list.
  ReportTable cities{
      "by_city",
      "Top cities",
      {{"city", "City", ReportUnit::text},
       {"state", "State", ReportUnit::text},
       {"requests", "Requests", ReportUnit::count},
       {"share", "Share", ReportUnit::basis_points},
       {"previous_requests", "Previous period", ReportUnit::count}},
      {},
      "The cities with the most requests (at most 50), each ZIP counted in its city.",
      15};
  for (const auto& c : domain::rank_demand_cities(areas, previous_areas, top_cities))
    cities.rows.push_back({demand_text(c.city), demand_text(c.state), demand_num(c.count),
                           demand_num(domain::share_bp(c.count, now.requests)),
                           demand_num(c.previous)});
  report.tables.push_back(std::move(cities));

  ReportTable by_zip{"by_zip",
                     "Top ZIP codes",
                     {{"zip", "ZIP", ReportUnit::text},
                      {"city", "City", ReportUnit::text},
                      {"state", "State", ReportUnit::text},
                      {"requests", "Requests", ReportUnit::count},
                      {"share", "Share", ReportUnit::basis_points},
                      {"previous_requests", "Previous period", ReportUnit::count}},
                     {},
                     "The ZIP codes with the most requests (at most 500); the map shows the same.",
                     25};
  domain::ReportMap map{"density", "Request density by ZIP", "by_zip", {}};
  for (const auto& z : domain::rank_demand_zips(areas, previous_areas, top_zips)) {
    by_zip.rows.push_back({demand_text(z.zip), demand_text(z.city), demand_text(z.state),
                           demand_num(z.count), demand_num(domain::share_bp(z.count, now.requests)),
                           demand_num(z.previous)});
    if (const auto* at = zips_.find(z.zip))
      map.points.push_back(
          {z.city.empty() ? z.zip : z.zip + " " + z.city, at->lat, at->lng, z.count});
  }
  report.tables.push_back(std::move(by_zip));
  report.maps.push_back(std::move(map));

  const auto& zone = zones_.get_or_utc(range.zone);
  ReportTable recruiting{"recruiting",
                         "Areas no plumber covers",
                         {{"zip", "ZIP", ReportUnit::text},
                          {"city", "City", ReportUnit::text},
                          {"state", "State", ReportUnit::text},
                          {"unmatched", "Unmatched requests", ReportUnit::count},
                          {"previous_unmatched", "Previous period", ReportUnit::count},
                          {"latest", "Latest", ReportUnit::text},
                          {"services", "Services asked for most", ReportUnit::text}},
                         {},
                         "These areas need plumbers: their requests reached no plumber.",
                         50};
  for (const auto& a : domain::demand_recruiting_list(areas, previous_areas, rows.unmatched))
    recruiting.rows.push_back({demand_text(a.zip), demand_text(a.city), demand_text(a.state),
                               demand_num(a.count), demand_num(a.previous),
                               demand_text(geo::local_iso_date(a.latest, zone)),
                               demand_text(demand_services_text(a.services, rows.catalog))});
  report.tables.push_back(std::move(recruiting));
  return report;
}

}  // namespace plumbline::services
