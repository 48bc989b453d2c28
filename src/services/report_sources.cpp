// The Lead sources report built from requests grouped by channel in SQL: folded here by intake
// source, by campaign (source + UTM parameters) and by referrer host.
#include "services/report_sources.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace plumbline::services {

namespace sources_report {

using domain::ReportCell;
using domain::ReportUnit;

// The figures every row of the three tables carries, summed over channels.
struct Counts {
  std::int64_t requests = 0, matched = 0, claimed = 0, hired = 0, credits_spent = 0, disputes = 0;
  void add(const domain::LeadChannelRow& r) {
    requests += r.requests;
    matched += r.matched;
    claimed += r.claimed;
    hired += r.hired;
    credits_spent += r.credits_spent;
    disputes += r.disputes;
  }
};

ReportCell number(std::int64_t v) {
  return ReportCell{v, {}, false};
}
ReportCell words(std::string s) {
  return ReportCell{0, std::move(s), false};
}

std::vector<domain::ReportColumn> count_columns() {
  return {{"requests", "Requests", ReportUnit::count},
          {"matched", "Matched", ReportUnit::count},
          {"claimed", "Claimed", ReportUnit::count},
          {"hired", "Hired", ReportUnit::count},
          {"hired_share_bp", "Hired share", ReportUnit::basis_points},
          {"credits_spent", "Credits spent", ReportUnit::credits},
          {"disputes", "Disputes", ReportUnit::count}};
}

void append_counts(std::vector<ReportCell>& row, const Counts& c) {
  for (auto v : {c.requests, c.matched, c.claimed, c.hired, domain::share_bp(c.hired, c.requests),
                 c.credits_spent, c.disputes})
    row.push_back(number(v));
}

// Most requests first; ties by label, so the order is stable.
template <typename Key>
std::vector<std::pair<Key, Counts>> by_requests(const std::map<Key, Counts>& groups) {
  std::vector<std::pair<Key, Counts>> out(groups.begin(), groups.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second.requests > b.second.requests;
  });
  return out;
}

// Partner lead sources (issue 20): the query names them "partner:<id>"; the label is the name.
using PartnerNames = std::map<std::string, std::string>;

std::string source_label(const std::string& source, const PartnerNames& partners = {}) {
  if (auto it = partners.find(source); it != partners.end()) return "Partner: " + it->second;
  if (source == "web") return "Web form";
  if (source == "api") return "API";
  if (source == "admin") return "Staff";
  if (source == "phone") return "Phone";
  return source;
}

std::string or_none(const std::string& s) {
  return s.empty() ? "(none)" : s;
}

domain::ReportTable source_table(const std::vector<domain::LeadChannelRow>& rows,
                                 const PartnerNames& partners) {
  // Every intake source has a row, so the chart's bars keep their places from period to period.
  std::map<std::string, Counts> groups{{"web", {}}, {"api", {}}, {"admin", {}}, {"phone", {}}};
  for (const auto& r : rows) groups[r.source].add(r);
  domain::ReportTable t;
  t.key = "by_source";
  t.title = "Requests by intake source";
  t.columns = {{"source", "Source", ReportUnit::text}};
  for (auto& c : count_columns()) t.columns.push_back(std::move(c));
  for (const char* s : {"web", "api", "admin", "phone"}) {
    std::vector<ReportCell> row{words(source_label(s))};
    append_counts(row, groups[s]);
    t.rows.push_back(std::move(row));
    groups.erase(s);
  }
  for (const auto& [s, c] : groups) {  // partner sources (issue 20), or one added later
    std::vector<ReportCell> row{words(source_label(s, partners))};
    append_counts(row, c);
    t.rows.push_back(std::move(row));
  }
  t.note =
      "Staff: entered in the console; Phone: taken by staff on the phone; Partner: posted with a "
      "partner source's key or its embedded form.";
  return t;
}

domain::ReportTable campaign_table(const std::vector<domain::LeadChannelRow>& rows,
                                   const PartnerNames& partners) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, Counts> groups;
  for (const auto& r : rows) groups[{r.source, r.utm_source, r.utm_medium, r.utm_campaign}].add(r);
  domain::ReportTable t;
  t.key = "by_campaign";
  t.title = "Requests by campaign";
  t.columns = {{"channel", "Channel", ReportUnit::text},
               {"source", "Intake source", ReportUnit::text},
               {"utm_source", "UTM source", ReportUnit::text},
               {"utm_medium", "UTM medium", ReportUnit::text},
               {"utm_campaign", "UTM campaign", ReportUnit::text},
               {"paid", "Paid", ReportUnit::text}};
  for (auto& c : count_columns()) t.columns.push_back(std::move(c));
  for (const auto& [key, c] : by_requests(groups)) {
    const auto& [source, utm_source, medium, campaign] = key;
    auto label = source_label(source, partners) + " · " + or_none(utm_source) + " / " +
                 or_none(medium) + " / " + or_none(campaign);
    std::vector<ReportCell> row{
        words(label),  words(source),   words(utm_source),
        words(medium), words(campaign), words(domain::is_paid_medium(medium) ? "yes" : "no")};
    append_counts(row, c);
    t.rows.push_back(std::move(row));
  }
  t.shown_rows = SourcesReport::shown_channels;
  t.note = "Paid: UTM medium cpc, ppc, cpm, cpv, cpa, cpl, display, retargeting or paid….";
  return t;
}

domain::ReportTable referrer_table(const std::vector<domain::LeadChannelRow>& rows) {
  std::map<std::string, Counts> groups;
  for (const auto& r : rows) groups[domain::referrer_host(r.referrer)].add(r);
  domain::ReportTable t;
  t.key = "by_referrer";
  t.title = "Requests by referrer";
  t.columns = {{"referrer_host", "Referrer", ReportUnit::text}};
  for (auto& c : count_columns()) t.columns.push_back(std::move(c));
  for (const auto& [host, c] : by_requests(groups)) {
    std::vector<ReportCell> row{words(host.empty() ? "(none)" : host)};
    append_counts(row, c);
    t.rows.push_back(std::move(row));
  }
  t.shown_rows = SourcesReport::shown_channels;
  t.note =
      "The referring site's host as the browser sent it at intake; (none): typed, bookmarked "
      "or from an app.";
  return t;
}

// Requests, those from paid campaigns, hired and credits spent over one period.
struct Headline {
  Counts all;
  std::int64_t paid = 0;
};
Headline headline_of(const std::vector<domain::LeadChannelRow>& rows) {
  Headline h;
  for (const auto& r : rows) {
    h.all.add(r);
    if (domain::is_paid_medium(r.utm_medium)) h.paid += r.requests;
  }
  return h;
}

domain::RollupRow encode_lead_channel(const domain::LeadChannelRow& c) {
  domain::RollupRow r;
  r.text = {c.source, c.utm_source, c.utm_medium, c.utm_campaign, c.referrer, ""};
  r.num[0] = c.requests;
  r.num[1] = c.matched;
  r.num[2] = c.claimed;
  r.num[3] = c.hired;
  r.num[4] = c.credits_spent;
  r.num[5] = c.disputes;
  return r;
}
domain::LeadChannelRow decode_lead_channel(const domain::RollupRow& r, std::int64_t) {
  domain::LeadChannelRow c;
  c.source = r.text[0];
  c.utm_source = r.text[1];
  c.utm_medium = r.text[2];
  c.utm_campaign = r.text[3];
  c.referrer = r.text[4];
  c.requests = r.num[0];
  c.matched = r.num[1];
  c.claimed = r.num[2];
  c.hired = r.num[3];
  c.credits_spent = r.num[4];
  c.disputes = r.num[5];
  return c;
}

// Channels per day through the daily rollups: a channel then has a row per day, which the tables
// add up like any other rows of the same group.
const RolledStatement<domain::LeadChannelRow> lead_channels{
    "sources_lead_channels", 0,
    [](store::Tx& tx, const domain::ReportSpan& s, domain::Millis) {
      return tx.report_lead_channels(s.from_ms, s.to_ms);
    },
    encode_lead_channel, decode_lead_channel};

}  // namespace sources_report

std::vector<RollupEntry> sources_rollups() {
  return {rollup_entry(sources_report::lead_channels)};
}

domain::Report SourcesReport::build(const domain::ReportRange& range) const {
  using namespace sources_report;
  using Rows = std::vector<domain::LeadChannelRow>;
  PartnerNames partners;
  auto [rows, previous_rows] = store_.read<std::pair<Rows, Rows>>([&](store::Tx& tx) {
    for (const auto& p : tx.list_partner_sources())
      partners["partner:" + std::to_string(p.id.value)] = p.name;
    return std::pair{
        RollupReader(tx, range.current, range.buckets, range.slot_ms).rows(lead_channels),
        RollupReader(tx, range.previous, range.previous_buckets, range.slot_ms)
            .rows(lead_channels)};
  });

  domain::Report report;
  report.name = std::string(name());
  report.title = std::string(title());
  report.summary = "Which channel brings requests that turn into claimed and hired jobs.";
  report.range = range;
  report.tables.push_back(source_table(rows, partners));
  report.tables.push_back(campaign_table(rows, partners));
  report.tables.push_back(referrer_table(rows));

  auto now = headline_of(rows), before = headline_of(previous_rows);
  report.kpis.push_back({"requests",
                         "Requests",
                         ReportUnit::count,
                         now.all.requests,
                         before.all.requests,
                         true,
                         true,
                         {}});
  report.kpis.push_back({"paid_share_bp",
                         "From paid campaigns",
                         ReportUnit::basis_points,
                         domain::share_bp(now.paid, now.all.requests),
                         domain::share_bp(before.paid, before.all.requests),
                         true,
                         true,
                         {}});
  report.kpis.push_back({"hired_share_bp",
                         "Hired share",
                         ReportUnit::basis_points,
                         domain::share_bp(now.all.hired, now.all.requests),
                         domain::share_bp(before.all.hired, before.all.requests),
                         true,
                         true,
                         {}});
  report.kpis.push_back({"credits_spent",
                         "Credits spent on them",
                         ReportUnit::credits,
                         now.all.credits_spent,
                         before.all.credits_spent,
                         true,
                         true,
                         {}});

  report.charts.push_back({"by_source",
                           "Requests and hired by source",
                           "bar",
                           "by_source",
                           "source",
                           {"requests", "hired"}});
  return report;
}

}  // namespace plumbline::services
