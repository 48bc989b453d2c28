// The console's request list: search, filters and keyset pages over every lead, for the staff
// page, its JSON twin and the CSV export.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/lead_query.hpp"
#include "geo/time_zone.hpp"
#include "services/catalog_cache.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct LeadListPage {
  domain::LeadQuery query;  // as read (tracking token, not its hash)
  std::vector<domain::LeadListRow> rows;
  std::optional<domain::LeadCursor> previous, next;  // where the neighbouring pages start
  std::int64_t count = 0;                            // capped: above count_cap means "more"
  bool count_more = false;
};

class LeadConsoleService {
 public:
  // The count stops here: counting all of a million rows for every page view is not worth it.
  static constexpr std::int64_t count_cap = 1000;

  LeadConsoleService(store::Store& store, CatalogCache& catalog)
      : store_(store), catalog_(catalog) {}

  // Reads the query (invalid_input naming each bad field) with dates in `zone`.
  domain::Result<domain::LeadQuery> read_query(const domain::LeadQueryInput& in,
                                               const geo::TimeZone& zone);
  // One page (`limit` rows, 1–500) and, when `with_count`, the capped count; one read
  // transaction.
  domain::Result<LeadListPage> page(domain::LeadQuery query, int limit, bool with_count);
  // The next `limit` rows (1–1000) after query.after, newest or oldest first as the query says:
  // what the CSV export reads page by page (each its own short transaction, so an export never
  // holds a snapshot or a connection while the client reads).
  domain::Result<std::vector<domain::LeadListRow>> next_rows(domain::LeadQuery query, int limit);

 private:
  store::Store& store_;
  CatalogCache& catalog_;
};

}  // namespace plumbline::services
