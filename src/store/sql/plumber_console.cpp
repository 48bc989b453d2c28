// The plumbers console's search: a statement put together from fixed fragments (one per filter in
// use and one per sort) and interned, so that each shape of query is prepared once.
#include "store/sql/plumber_console.hpp"

#include "store/sql/interned_statement.hpp"

namespace plumbline::store::sql::plumber_console {

namespace {

// The largest code point: prefix + this is above every text that starts with prefix (in byte
// order, as SQLite's BINARY and PostgreSQL's C collation compare; see lead_console.cpp).
constexpr const char* plumber_max_code_point = "\xF4\x8F\xBF\xBF";

// A text compared in byte order: SQLite's BINARY always; on PostgreSQL the C collation, which
// migration 0039's name, contact and e-mail indexes use whatever the database's collation. So a
// prefix is exactly a range (the planner can estimate it), and both backends sort names alike.
std::string bytewise(const std::string& expr, Dialect dialect) {
  return dialect == Dialect::sqlite ? expr : "(" + expr + " COLLATE \"C\")";
}

// The columns read_plumber_row reads, for the page's ids alone (the filters, cursor, order and
// limit run in the inner query, which carries only ids, so it can be answered from indexes).
constexpr const char* plumber_page_columns =
    "SELECT u.id, p.business_name, p.contact_name, u.email, p.phone_e164, p.status, "
    "p.plan_status, p.base_zip, p.radius_miles, coalesce(b.balance, 0), u.created_at, "
    "u.closed_at, u.last_active_at FROM (";
constexpr const char* plumber_page_joins =
    ") AS page JOIN plumbers p ON p.user_id = page.id JOIN users u ON u.id = page.id "
    "LEFT JOIN credit_balances b ON b.user_id = page.id";

class PlumberWhere {
 public:
  std::vector<Arg> args;
  // "$N" for a new argument.
  std::string arg(Arg a) {
    args.push_back(std::move(a));
    return "$" + std::to_string(args.size());
  }
};

// " AND c1 AND c2 …" (empty when there is none).
struct Conditions {
  std::string text;
  void add(const std::string& condition) { text += " AND " + condition; }
};

// "key starts with the prefix": a range on the key's index (key compared bytewise).
std::string prefix_test(PlumberWhere& w, const std::string& key, const std::string& prefix) {
  return key + " >= " + w.arg(prefix) + " AND " + key + " < " +
         w.arg(prefix + plumber_max_code_point);
}

// The search box: the ids that match any of its readings, each found through its own index
// (name and contact name prefixes, e-mail prefix, id) or the phone index's scan.
std::string term_ids(PlumberWhere& w, const domain::PlumberSearchTerm& t, Dialect dialect) {
  std::string ids;  // IN ignores repeats, so UNION ALL: no de-duplicating step
  auto add = [&](const std::string& select) { ids += (ids.empty() ? "" : " UNION ALL ") + select; };
  if (!t.name_prefix.empty()) {
    add("SELECT n.user_id FROM plumbers n WHERE " +
        prefix_test(w, bytewise("lower(n.business_name)", dialect), t.name_prefix));
    add("SELECT c.user_id FROM plumbers c WHERE " +
        prefix_test(w, bytewise("lower(c.contact_name)", dialect), t.name_prefix));
  }
  if (!t.email_prefix.empty())
    add("SELECT e.id FROM users e WHERE " +
        prefix_test(w, bytewise("e.email", dialect), t.email_prefix));
  // Digits only (parse_plumber_search), so the pattern holds no wildcard of its own. SQLite scans
  // the phone index (a fraction of the table); PostgreSQL reads its trigram index.
  if (!t.phone_digits.empty())
    add("SELECT f.user_id FROM plumbers f WHERE f.phone_e164 LIKE " +
        w.arg("%" + t.phone_digits + "%"));
  if (t.id != 0) add("SELECT i.id FROM users i WHERE i.id = " + w.arg(t.id));
  return ids;
}

// The area test of the dialect: the plumber's base within `within_miles` of (lat, lng), or within
// their own radius (or `zip` among their extra ZIPs) when within_miles is 0. The sphere of
// geo::earth_radius_m on both, as matching, so both backends return the same rows.
std::string area_test(PlumberWhere& w, const domain::PlumberSearch& q, Dialect dialect) {
  std::string miles =
      q.within_miles > 0
          ? "CAST(" + w.arg(static_cast<std::int64_t>(q.within_miles)) + " AS BIGINT)"
          : std::string("p.radius_miles");
  auto lat = w.arg(q.lat), lng = w.arg(q.lng);
  std::string within =
      dialect == Dialect::sqlite
          ? "great_circle_miles(p.base_lat, p.base_lng, " + lat + ", " + lng + ") <= " + miles
          : "ST_DWithin(p.base_location, ST_SetSRID(ST_MakePoint(" + lng + ", " + lat +
                "), 4326)::geography, " + miles + " * 1609.344::double precision, false)";
  std::string test = "(p.base_zip <> '' AND " + within + ")";
  if (q.within_miles <= 0)
    test +=
        " OR EXISTS (SELECT 1 FROM plumber_extra_zips z WHERE z.user_id = p.user_id AND "
        "z.zip = " +
        w.arg(q.zip) + ")";
  return "(" + test + ")";
}

// Every filter but the balance range (which the balance sort places itself). Aliases: p plumbers,
// u users. by_user_id: the page is read in user id order (newest first), which the status and plan
// indexes (status, user_id) serve too. In another order SQLite, which has no statistics, would
// still pick them for an equality and sort every approved plumber (124 ms at 130,000); its unary
// + keeps it on the sort's index. PostgreSQL weighs both with its statistics.
Conditions filters(PlumberWhere& w, const domain::PlumberSearch& q, Dialect dialect,
                   bool by_user_id) {
  Conditions c;
  const char* not_indexed = dialect == Dialect::sqlite && !by_user_id ? "+" : "";
  auto ids = term_ids(w, q.term, dialect);
  if (!ids.empty()) c.add("p.user_id IN (" + ids + ")");
  if (q.status == domain::plumber_state_closed)
    c.add("u.closed_at IS NOT NULL");
  else if (!q.status.empty())
    c.add("u.closed_at IS NULL AND " + std::string(not_indexed) + "p.status = " + w.arg(q.status));
  if (!q.plan_status.empty())
    c.add(std::string(not_indexed) + "p.plan_status = " + w.arg(q.plan_status));
  if (!q.service.empty())
    c.add(
        "EXISTS (SELECT 1 FROM plumber_services ps WHERE ps.user_id = p.user_id AND "
        "ps.service_type = " +
        w.arg(q.service) + ")");
  if (q.near) c.add(area_test(w, q, dialect));
  if (q.signed_up_from > 0) c.add("u.created_at >= " + w.arg(q.signed_up_from));
  if (q.signed_up_to > 0) c.add("u.created_at < " + w.arg(q.signed_up_to));
  if (q.active_from > 0) c.add("u.last_active_at >= " + w.arg(q.active_from));
  if (q.active_to > 0) c.add("u.last_active_at < " + w.arg(q.active_to));
  return c;
}

// Whether the page's query must join users (u): a filter or the sort reads it.
bool reads_users(const domain::PlumberSearch& q) {
  return !q.status.empty() || q.signed_up_from > 0 || q.signed_up_to > 0 || q.active_from > 0 ||
         q.active_to > 0 || q.sort == domain::plumber_sort_last_active;
}

void add_balance_range(PlumberWhere& w, Conditions& c, const domain::PlumberSearch& q,
                       const std::string& balance) {
  if (q.balance_min) c.add(balance + " >= " + w.arg(*q.balance_min));
  if (q.balance_max) c.add(balance + " <= " + w.arg(*q.balance_max));
}

// The ids of one page for the sorts read straight off one index: newest (the primary key), name
// (plumbers_name_key) and last active (users_last_active).
std::string single_index_page(PlumberWhere& w, const domain::PlumberSearch& q, Dialect dialect) {
  std::string from = " FROM plumbers p";
  if (reads_users(q)) from += " JOIN users u ON u.id = p.user_id";
  bool by_user_id =
      q.sort != domain::plumber_sort_name && q.sort != domain::plumber_sort_last_active;
  Conditions c = filters(w, q, dialect, by_user_id);
  if (q.balance_min || q.balance_max) {
    from += " LEFT JOIN credit_balances b ON b.user_id = p.user_id";
    add_balance_range(w, c, q, "coalesce(b.balance, 0)");
  }
  std::string order;
  bool after = q.after_id != 0;
  if (q.sort == domain::plumber_sort_name) {
    auto key = bytewise("lower(p.business_name)", dialect);
    if (after)
      c.add("(" + key + ", p.user_id) > (" + w.arg(q.after_name) + ", " + w.arg(q.after_id) + ")");
    order = " ORDER BY " + key + ", p.user_id";
  } else if (q.sort == domain::plumber_sort_last_active) {
    if (after)
      c.add("(u.last_active_at, u.id) < (" + w.arg(q.after_num) + ", " + w.arg(q.after_id) + ")");
    order = " ORDER BY u.last_active_at DESC, u.id DESC";
  } else {
    if (after) c.add("p.user_id < " + w.arg(q.after_id));
    order = " ORDER BY p.user_id DESC";
  }
  return "SELECT p.user_id AS id" + from + " WHERE 1 = 1" + c.text + order + " LIMIT " +
         w.arg(static_cast<std::int64_t>(q.limit));
}

// The balance sort's page: positive balances from credit_balances_balance, then the plumbers at 0
// (a row at 0 or none) newest first; each part is skipped when the cursor or the range rules it
// out.
std::string balance_page(PlumberWhere& w, const domain::PlumberSearch& q, Dialect dialect) {
  bool after = q.after_id != 0;
  bool positives = !(after && q.after_num <= 0) && !(q.balance_max && *q.balance_max <= 0);
  bool zeros = !(q.balance_min && *q.balance_min > 0);
  auto limit = w.arg(static_cast<std::int64_t>(q.limit));
  std::string users = reads_users(q) ? " JOIN users u ON u.id = p.user_id" : "";
  std::string parts;
  if (positives) {
    Conditions c = filters(w, q, dialect, false);
    c.add("b.balance > 0");
    add_balance_range(w, c, q, "b.balance");
    if (after)
      c.add("(b.balance, b.user_id) < (" + w.arg(q.after_num) + ", " + w.arg(q.after_id) + ")");
    parts +=
        "SELECT id, bal FROM (SELECT b.user_id AS id, b.balance AS bal FROM credit_balances b "
        "JOIN plumbers p ON p.user_id = b.user_id" +
        users + " WHERE 1 = 1" + c.text + " ORDER BY b.balance DESC, b.user_id DESC LIMIT " +
        limit + ") AS positive";
  }
  if (zeros) {
    Conditions c = filters(w, q, dialect, true);
    c.add("coalesce(b.balance, 0) = 0");
    if (after && q.after_num <= 0) c.add("p.user_id < " + w.arg(q.after_id));
    if (!parts.empty()) parts += " UNION ALL ";
    parts += "SELECT id, 0 AS bal FROM (SELECT p.user_id AS id FROM plumbers p" + users +
             " LEFT JOIN credit_balances b ON b.user_id = p.user_id WHERE 1 = 1" + c.text +
             " ORDER BY p.user_id DESC LIMIT " + limit + ") AS zero";
  }
  if (parts.empty()) parts = "SELECT 0 AS id, 0 AS bal WHERE 1 = 0";
  return "SELECT id FROM (" + parts + " ORDER BY bal DESC, id DESC LIMIT " + limit + ") AS by_bal";
}

}  // namespace

Built search(const domain::PlumberSearch& q, Dialect dialect) {
  PlumberWhere w;
  std::string page, order;
  if (q.sort == domain::plumber_sort_balance) {
    page = balance_page(w, q, dialect);
    order = " ORDER BY coalesce(b.balance, 0) DESC, u.id DESC";
  } else {
    page = single_index_page(w, q, dialect);
    order = q.sort == domain::plumber_sort_name
                ? " ORDER BY " + bytewise("lower(p.business_name)", dialect) + ", u.id"
            : q.sort == domain::plumber_sort_last_active
                ? " ORDER BY u.last_active_at DESC, u.id DESC"
                : " ORDER BY u.id DESC";
  }
  // The dialects' texts differ (collations, the area test), so each is interned on its own.
  const auto& s =
      intern_statement(dialect == Dialect::sqlite ? "plumber_console_sqlite" : "plumber_console",
                       plumber_page_columns + page + plumber_page_joins + order);
  return Built{s.name.c_str(),
               dialect == Dialect::sqlite ? s.sqlite_text.c_str() : s.pg_text.c_str(),
               std::move(w.args)};
}

}  // namespace plumbline::store::sql::plumber_console
