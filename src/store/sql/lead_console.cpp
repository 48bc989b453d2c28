// The console's request list: statements put together from fixed fragments (one per filter in
// use) and interned, so that each shape of query is prepared once.
#include "store/sql/lead_console.hpp"

#include "store/sql/interned_statement.hpp"

namespace plumbline::store::sql::lead_console {

namespace {

// The columns of a row (read_row reads them in this order). "Flagged" is the definition in
// domain::LeadQuery::flagged_only. The filters, order and limit go in the inner query, which
// carries only ids: a filter that matches thousands of rows (a name prefix, "flagged") sorts ids,
// and the counts below are worked out for the page's rows alone.
constexpr const char* select_columns =
    "SELECT l.id, l.created_at, l.status, l.service_type, l.urgency, l.source, l.city, l.state, "
    "l.zip, l.name, l.phone_e164, l.email, "
    "(SELECT count(*) FROM lead_matches m WHERE m.lead_id = l.id), l.claims_count, "
    "l.duplicate_of, "
    "CASE WHEN l.flag = 'never_requested' OR EXISTS (SELECT 1 FROM disputes d "
    "WHERE d.lead_id = l.id AND d.status = 'pending') THEN 1 ELSE 0 END "
    "FROM (SELECT l.id FROM leads l";

// The largest code point: prefix + this is above every text that starts with prefix (in byte
// order, as SQLite's BINARY and PostgreSQL's C collation compare).
constexpr const char* max_code_point = "\xF4\x8F\xBF\xBF";

class Where {
 public:
  std::string text;
  std::vector<Arg> args;
  // "$N" for a new argument.
  std::string arg(Arg a) {
    args.push_back(std::move(a));
    return "$" + std::to_string(args.size());
  }
  void add(const std::string& condition) {
    text += (text.empty() ? " WHERE " : " AND ") + condition;
  }
};

Where filters(const domain::LeadQuery& q) {
  Where w;
  const std::string& v = q.search_value;
  switch (q.search) {
    case domain::LeadSearchKind::none:
      break;
    case domain::LeadSearchKind::id:
      w.add("l.id = " + w.arg(std::stoll(v)));
      break;
    case domain::LeadSearchKind::tracking:
      w.add("l.tracking_hash = " + w.arg(v));
      break;
    case domain::LeadSearchKind::phone:
      w.add("l.phone_e164 = " + w.arg(v));
      break;
    case domain::LeadSearchKind::email:
      w.add("lower(l.email) = " + w.arg(v));
      break;
    case domain::LeadSearchKind::zip:
      w.add("l.zip = " + w.arg(v));
      break;
    case domain::LeadSearchKind::city:
      w.add("lower(l.city) = " + w.arg(v));
      break;
    case domain::LeadSearchKind::name: {
      // A range on the lower(name) index; the substr check keeps the answer right under a
      // collation that does not order by bytes.
      auto low = w.arg(v);
      w.add("lower(l.name) >= " + low + " AND lower(l.name) < " + w.arg(v + max_code_point) +
            " AND substr(lower(l.name), 1, " + w.arg(static_cast<std::int64_t>(v.size())) +
            ") = " + low);
      break;
    }
  }
  if (!q.status.empty()) w.add("l.status = " + w.arg(q.status));
  if (!q.service.empty()) w.add("l.service_type = " + w.arg(q.service));
  if (!q.urgency.empty()) w.add("l.urgency = " + w.arg(q.urgency));
  if (!q.source.empty()) w.add("l.source = " + w.arg(q.source));
  if (q.from > 0) w.add("l.created_at >= " + w.arg(q.from));
  if (q.to > 0) w.add("l.created_at < " + w.arg(q.to));
  if (q.duplicates_only) w.add("l.duplicate_of IS NOT NULL");
  // Both sets are small: listed through their own indexes (the partial leads_never_requested,
  // disputes_status), not by filtering a scan of every lead.
  if (q.flagged_only)
    w.add(
        "l.id IN (SELECT f.id FROM leads f WHERE f.flag = 'never_requested' "
        "UNION SELECT d.lead_id FROM disputes d WHERE d.status = 'pending')");
  if (q.unmatched_only) w.add("NOT EXISTS (SELECT 1 FROM lead_matches m WHERE m.lead_id = l.id)");
  return w;
}

Built finish(const std::string& text, std::vector<Arg> args) {
  const auto& s = intern_statement("lead_console", text);
  return Built{s.name.c_str(), s.pg_text.c_str(), s.sqlite_text.c_str(), std::move(args)};
}

}  // namespace

Built search(const domain::LeadQuery& q) {
  Where w = filters(q);
  // Newest first scans descending; a previous page scans the other way from its cursor.
  bool descending = (q.sort == domain::LeadSort::newest) != q.before;
  if (q.after.set()) {
    auto at = w.arg(q.after.created_at);
    w.add(std::string("(l.created_at, l.id) ") + (descending ? "<" : ">") + " (" + at + ", " +
          w.arg(q.after.id) + ")");
  }
  const char* order =
      descending ? " ORDER BY l.created_at DESC, l.id DESC" : " ORDER BY l.created_at, l.id";
  auto limit = w.arg(static_cast<std::int64_t>(q.limit));
  return finish(select_columns + w.text + order + " LIMIT " + limit +
                    ") AS page JOIN leads l ON l.id = page.id" + order,
                std::move(w.args));
}

Built count(const domain::LeadQuery& q, std::int64_t cap) {
  Where w = filters(q);
  auto limit = w.arg(cap + 1);
  // "No plumber matched" counts in the list's order, so that its anti-join probes lead_matches in
  // lead order, not at random through whatever index the planner scans (p95 203 → 29 ms on SQLite
  // with 1,000,000 leads). The others count in any order: sorting would only add work.
  const char* order = q.unmatched_only ? " ORDER BY l.created_at DESC, l.id DESC" : "";
  return finish("SELECT count(*) FROM (SELECT l.id FROM leads l" + w.text + order + " LIMIT " +
                    limit + ") AS capped",
                std::move(w.args));
}

}  // namespace plumbline::store::sql::lead_console
