// The Plumbers report built from the store's grouped rows: slots folded into buckets, plumbers
// sorted by claims, medians of response time from the one integer per claim.
#include "services/report_plumbers.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace plumbline::services {

namespace plumbers_report {

using domain::ReportCell;
using domain::ReportUnit;

// Everything the report reads, in one read transaction.
struct Facts {
  std::vector<domain::PlumberActivityRow> parts;
  std::vector<domain::PlumberActivityRow> plumbers;  // parts added up, in the table's order
  std::size_t whole_rows = 0;  // how many of them are in order and get their table row's cells
  // The page's rows when only the shown plumbers' matches and credits were read
  // (shown_candidates): then `plumbers` have neither, are in no order, and the table holds these
  // rows only.
  std::optional<std::vector<domain::PlumberActivityRow>> page_rows;
  std::vector<domain::PlumberName> names;
  std::vector<domain::ClaimResponse> responses;
  std::int64_t approved = 0, approved_before = 0;
  domain::PlumberActivityTotals previous;
};

ReportCell number(std::int64_t v) {
  return ReportCell{v, {}, false};
}
ReportCell words(std::string s) {
  return ReportCell{0, std::move(s), false};
}
ReportCell nothing() {
  return ReportCell{0, {}, true};
}

// a / b in hundredths, rounded half up; 0 when b is 0.
std::int64_t hundredths(std::int64_t a, std::int64_t b) {
  return b <= 0 ? 0 : (a * 200 + b) / (2 * b);
}
// a / b rounded half up (b > 0).
std::int64_t rounded_ratio(std::int64_t a, std::int64_t b) {
  return (a * 2 + b) / (2 * b);
}

// The nearest-rank median (domain::nearest_rank at 0.5: rank ceil(n / 2)), found by nth_element
// rather than a sort of ~100,000 values; `values` is left partly reordered.
std::optional<std::int64_t> median_of(std::vector<std::int64_t>& values) {
  if (values.empty()) return std::nullopt;
  const auto at = values.begin() + static_cast<std::ptrdiff_t>((values.size() + 1) / 2 - 1);
  std::nth_element(values.begin(), at, values.end());
  return *at;
}

const char* grain_word(domain::ReportGrain g) {
  switch (g) {
    case domain::ReportGrain::day:
      return "day";
    case domain::ReportGrain::week:
      return "week";
    case domain::ReportGrain::month:
      return "month";
  }
  return "day";
}

// Active plumbers and claims per bucket: a plumber counts once in each bucket they were active.
domain::ReportTable active_table(const domain::ReportRange& range,
                                 const std::vector<domain::PlumberActivityRow>& parts,
                                 std::vector<std::int64_t>& active,
                                 std::vector<std::int64_t>& claims) {
  std::vector<std::vector<std::int64_t>> who(range.buckets.size());
  active.assign(range.buckets.size(), 0);
  claims.assign(range.buckets.size(), 0);
  // Each slot's bucket, looked up once per slot (a 90-day period has 2,160 hourly slots).
  std::unordered_map<std::int64_t, int> bucket_of_slot;
  for (const auto& p : parts) {
    if (p.slot < 0) continue;  // matches and ledger rows: not what makes a plumber active
    auto [known, added] = bucket_of_slot.try_emplace(p.slot, 0);
    if (added) known->second = range.bucket_of(p.slot * range.slot_ms);
    const int b = known->second;
    if (b < 0) continue;
    who[b].push_back(p.plumber_id);
    claims[b] += p.claimed;
  }
  domain::ReportTable t;
  t.key = "active_by_bucket";
  t.title = std::string("Active plumbers per ") + grain_word(range.grain);
  t.columns = {{"bucket", "Period", ReportUnit::text},
               {"active_plumbers", "Active plumbers", ReportUnit::count},
               {"claims", "Claims", ReportUnit::count},
               {"claims_per_active", "Claims per active plumber", ReportUnit::hundredths}};
  for (std::size_t b = 0; b < range.buckets.size(); ++b) {
    std::sort(who[b].begin(), who[b].end());
    active[b] = std::unique(who[b].begin(), who[b].end()) - who[b].begin();
    t.rows.push_back({words(range.buckets[b].label), number(active[b]), number(claims[b]),
                      number(hundredths(claims[b], active[b]))});
  }
  t.note = "Active: at least one claim or one payment in the period.";
  return t;
}

// A plumber's parts added up: one row per plumber, in no particular order. Plumber ids are dense
// integers, so a plumber's row is found through an array indexed by id (a map for ids too large).
std::vector<domain::PlumberActivityRow> per_plumber(
    const std::vector<domain::PlumberActivityRow>& parts) {
  constexpr std::int64_t dense_limit = std::int64_t{1} << 24;
  std::vector<std::size_t> dense;  // id → row + 1
  std::unordered_map<std::int64_t, std::size_t> sparse;
  std::vector<domain::PlumberActivityRow> out;
  for (const auto& p : parts) {
    std::size_t* at = nullptr;
    if (p.plumber_id >= 0 && p.plumber_id < dense_limit) {
      const auto i = static_cast<std::size_t>(p.plumber_id);
      if (i >= dense.size()) dense.resize(std::max(i + 1, dense.size() * 2), 0);
      at = &dense[i];
    } else {
      at = &sparse[p.plumber_id];
    }
    if (*at == 0) {
      out.emplace_back();
      out.back().plumber_id = p.plumber_id;
      *at = out.size();
    }
    out[*at - 1].add(p);
  }
  return out;
}

// The table's order: claims, then matches (both descending), then id. With `first` below the
// number of rows, only that many come first in order and the rest in no order (the page's case).
void sort_plumbers(std::vector<domain::PlumberActivityRow>& rows, std::size_t first) {
  auto before = [](const auto& a, const auto& b) {
    if (a.claimed != b.claimed) return a.claimed > b.claimed;
    if (a.matched != b.matched) return a.matched > b.matched;
    return a.plumber_id < b.plumber_id;
  };
  if (first < rows.size())
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(first), rows.end(),
                      before);
  else
    std::sort(rows.begin(), rows.end(), before);
}

// The most candidates ranked_page_rows counts matches for (10 statements of 100); past that the
// page reads every match of the period like the CSV.
constexpr std::size_t most_page_candidates = 1000;

// The plumbers that can be among the page's first `shown` rows without counting everyone's
// matches: the order is claims first, so when at least `shown` plumbers claimed, the first rows
// are those with at least the claims of the `shown`-th (the cut; all tied at it included, as
// matches then decide). Empty when that does not hold (too few claimants, or more than
// most_page_candidates at or above the cut): then every match must be counted.
std::vector<std::int64_t> page_candidates(const std::vector<domain::PlumberActivityRow>& plumbers,
                                          std::size_t shown) {
  std::vector<std::int64_t> claims;
  for (const auto& p : plumbers)
    if (p.claimed > 0) claims.push_back(p.claimed);
  if (shown == 0 || claims.size() < shown) return {};
  const auto cut_at = claims.begin() + static_cast<std::ptrdiff_t>(shown - 1);
  std::nth_element(claims.begin(), cut_at, claims.end(), std::greater<>());
  const std::int64_t cut = *cut_at;
  std::vector<std::int64_t> ids;
  for (const auto& p : plumbers)
    if (p.claimed >= cut) ids.push_back(p.plumber_id);
  if (ids.size() > most_page_candidates) return {};
  return ids;
}

// The page's rows from page_candidates' plumbers and their matches and credits
// (report_plumber_figures_of), in the table's order, at most PlumbersReport::shown_plumbers.
std::vector<domain::PlumberActivityRow> shown_candidates(
    const std::vector<domain::PlumberActivityRow>& plumbers, const std::vector<std::int64_t>& ids,
    const std::vector<domain::PlumberActivityRow>& figures) {
  std::unordered_map<std::int64_t, domain::PlumberActivityRow> more;
  for (auto id : ids) more.emplace(id, domain::PlumberActivityRow{});
  for (const auto& f : figures)
    if (auto it = more.find(f.plumber_id); it != more.end()) it->second.add(f);
  std::vector<domain::PlumberActivityRow> rows;
  for (const auto& p : plumbers) {
    auto it = more.find(p.plumber_id);
    if (it == more.end()) continue;
    rows.push_back(p);
    rows.back().add(it->second);
  }
  sort_plumbers(rows, rows.size());
  if (rows.size() > PlumbersReport::shown_plumbers) rows.resize(PlumbersReport::shown_plumbers);
  return rows;
}

// `rows` in order (sort_plumbers) up to `whole_rows`; the rows after that get no cells (the page
// shows only the first shown_plumbers, and `names` then covers only those).
domain::ReportTable plumber_table(const std::vector<domain::PlumberActivityRow>& rows,
                                  std::size_t whole_rows,
                                  const std::vector<domain::PlumberName>& names,
                                  const std::vector<domain::ClaimResponse>& responses,
                                  bool counted) {
  std::unordered_map<std::int64_t, std::string_view> name_of;
  name_of.reserve(names.size());
  for (const auto& n : names) name_of.emplace(n.plumber_id, n.business_name);
  std::unordered_map<std::int64_t, std::vector<std::int64_t>> by_plumber;
  std::unordered_set<std::int64_t> wanted;  // the plumbers whose rows get cells
  const bool every_row = counted && whole_rows >= rows.size();
  for (std::size_t i = 0; !every_row && i < whole_rows; ++i) wanted.insert(rows[i].plumber_id);
  for (const auto& r : responses)
    if (every_row || wanted.count(r.plumber_id) > 0)
      by_plumber[r.plumber_id].push_back(r.response_ms);
  domain::ReportTable t;
  t.key = "by_plumber";
  t.title = "Plumbers by claims";
  t.columns = {{"business_name", "Plumber", ReportUnit::text},
               {"plumber_id", "Id", ReportUnit::text},
               {"matched", "Leads matched", ReportUnit::count},
               {"claimed", "Claimed", ReportUnit::count},
               {"claim_rate_bp", "Claim rate", ReportUnit::basis_points},
               {"median_response_ms", "Median response", ReportUnit::millis},
               {"won", "Won", ReportUnit::count},
               {"lost", "Lost", ReportUnit::count},
               {"open", "Open", ReportUnit::count},
               {"win_rate_bp", "Win rate", ReportUnit::basis_points},
               {"cost_per_won_credits", "Cost per job won", ReportUnit::credits},
               {"credits_bought", "Credits bought", ReportUnit::credits},
               {"credits_spent", "Credits spent", ReportUnit::credits}};
  t.rows.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size() && i < whole_rows; ++i) {
    const auto& r = rows[i];
    auto it = by_plumber.find(r.plumber_id);
    std::optional<std::int64_t> median;
    if (it != by_plumber.end()) median = median_of(it->second);
    auto name = name_of.find(r.plumber_id);
    t.rows.push_back({words(name == name_of.end() ? std::string() : std::string(name->second)),
                      words(std::to_string(r.plumber_id)), number(r.matched), number(r.claimed),
                      r.matched > 0 ? number(domain::share_bp(r.claimed, r.matched)) : nothing(),
                      median ? number(*median) : nothing(), number(r.won), number(r.lost),
                      number(r.claimed - r.won - r.lost),
                      r.claimed > 0 ? number(domain::share_bp(r.won, r.claimed)) : nothing(),
                      r.won > 0 ? number(rounded_ratio(r.credits_spent, r.won)) : nothing(),
                      number(r.credits_bought), number(r.credits_spent)});
  }
  for (std::size_t i = whole_rows; i < rows.size(); ++i) t.rows.emplace_back();
  t.shown_rows = PlumbersReport::shown_plumbers;
  t.rows_counted = counted;
  t.note =
      "Claims, outcomes and response times are of claims made in the period; claim rate is those "
      "claims over the matches made in it. Cost per job won: credits spent / jobs won.";
  return t;
}

}  // namespace plumbers_report

domain::Report PlumbersReport::build(const domain::ReportRange& range) const {
  return make(range, false);
}

domain::Report PlumbersReport::build_page(const domain::ReportRange& range) const {
  return make(range, true);
}

domain::Report PlumbersReport::make(const domain::ReportRange& range, bool for_page) const {
  using namespace plumbers_report;
  const auto cur = range.current, prev = range.previous;
  auto facts = store_.read<Facts>([&](store::Tx& tx) {
    Facts f;
    auto read_activity = [&](bool whole) {
      auto activity = tx.report_plumber_activity(cur.from_ms, cur.to_ms, range.slot_ms, whole);
      f.parts = std::move(activity.parts);
      f.responses = std::move(activity.responses);
      f.plumbers = per_plumber(f.parts);
    };
    // The page first reads only claims and payments (what ranks the plumbers and counts the
    // active ones) and then matches and credits only for the plumbers it can show (a 90-day
    // period has half a million matches); the CSV, or a page whose first rows matches decide,
    // reads every match and ledger row.
    read_activity(!for_page);
    if (for_page) {
      auto ids = page_candidates(f.plumbers, shown_plumbers);
      if (ids.empty())
        read_activity(true);
      else
        f.page_rows = shown_candidates(f.plumbers, ids,
                                       tx.report_plumber_figures_of(cur.from_ms, cur.to_ms, ids));
    }
    std::vector<std::int64_t> shown_ids;  // the page reads only their names
    if (f.page_rows) {
      f.whole_rows = f.page_rows->size();
      for (const auto& r : *f.page_rows) shown_ids.push_back(r.plumber_id);
    } else {
      f.whole_rows = for_page ? shown_plumbers : f.plumbers.size();
      sort_plumbers(f.plumbers, f.whole_rows);
      for (std::size_t i = 0; for_page && i < f.plumbers.size() && i < f.whole_rows; ++i)
        shown_ids.push_back(f.plumbers[i].plumber_id);
    }
    f.names = for_page ? tx.report_plumber_names_of(shown_ids) : tx.report_plumber_names();
    f.approved = tx.report_approved_plumbers(cur.to_ms);
    f.approved_before = tx.report_approved_plumbers(prev.to_ms);
    f.previous = tx.report_plumber_totals(prev.from_ms, prev.to_ms);
    return f;
  });

  domain::Report report;
  report.name = std::string(name());
  report.title = std::string(title());
  report.summary =
      "Who is active, how fast plumbers answer an alert, and which of them win the jobs they buy.";
  report.range = range;

  std::vector<std::int64_t> active_trend, claims_trend;
  report.tables.push_back(active_table(range, facts.parts, active_trend, claims_trend));
  const auto& plumbers = facts.plumbers;
  std::int64_t active = 0, claims = 0, won = 0;
  for (const auto& p : plumbers) {
    if (p.claimed > 0 || p.payments > 0) ++active;
    claims += p.claimed;
    won += p.won;
  }
  report.tables.push_back(plumber_table(facts.page_rows ? *facts.page_rows : plumbers,
                                        facts.whole_rows, facts.names, facts.responses,
                                        !facts.page_rows));
  std::vector<std::int64_t> all_responses;
  for (const auto& r : facts.responses) all_responses.push_back(r.response_ms);
  auto median = median_of(all_responses);
  auto previous_median = median_of(facts.previous.responses);
  std::vector<std::int64_t> per_active_trend;
  for (std::size_t b = 0; b < active_trend.size(); ++b)
    per_active_trend.push_back(hundredths(claims_trend[b], active_trend[b]));

  const auto& p = facts.previous;
  report.kpis.push_back({"active_plumbers", "Active plumbers", ReportUnit::count, active, p.active,
                         true, true, active_trend});
  report.kpis.push_back({"claims_per_active", "Claims per active plumber", ReportUnit::hundredths,
                         hundredths(claims, active), hundredths(p.claims, p.active), true, true,
                         per_active_trend});
  report.kpis.push_back({"median_response_ms",
                         "Median response time",
                         ReportUnit::millis,
                         median.value_or(0),
                         previous_median.value_or(0),
                         previous_median.has_value(),
                         false,
                         {}});
  report.kpis.push_back({"win_rate_bp",
                         "Win rate",
                         ReportUnit::basis_points,
                         domain::share_bp(won, claims),
                         domain::share_bp(p.won, p.claims),
                         true,
                         true,
                         {}});
  report.kpis.push_back({"approved_plumbers",
                         "Approved plumbers at the end",
                         ReportUnit::count,
                         facts.approved,
                         facts.approved_before,
                         true,
                         true,
                         {}});

  report.charts.push_back(
      {"active", "Active plumbers", "line", "active_by_bucket", "bucket", {"active_plumbers"}});
  return report;
}

}  // namespace plumbline::services
