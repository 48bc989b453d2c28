// The console's request list: reads the query, runs one page (and a capped count) in one read
// transaction, and works out the neighbouring pages' cursors.
#include "services/lead_console.hpp"

#include <algorithm>

#include "crypto/tokens.hpp"

namespace plumbline::services {

namespace {

// The store compares the SHA-256 of a tracking token (only the hash is kept).
domain::LeadQuery for_store(domain::LeadQuery q) {
  if (q.search == domain::LeadSearchKind::tracking)
    q.search_value = crypto::sha256_hex(q.search_value);
  return q;
}

}  // namespace

domain::Result<domain::LeadQuery> LeadConsoleService::read_query(const domain::LeadQueryInput& in,
                                                                 const geo::TimeZone& zone) {
  return domain::read_lead_query(in, catalog_.get(), zone);
}

domain::Result<LeadListPage> LeadConsoleService::page(domain::LeadQuery query, int limit,
                                                      bool with_count) {
  LeadListPage out;
  out.query = query;
  auto q = for_store(std::move(query));
  q.limit = std::clamp(limit, 1, 500) + 1;  // one more tells whether another page follows
  try {
    store_.read<int>([&](store::Tx& tx) {
      out.rows = tx.search_leads(q);
      if (with_count) out.count = tx.count_matching_leads(q, count_cap);
      return 0;
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
  bool more = static_cast<int>(out.rows.size()) == q.limit;
  if (more) {
    // The extra row is beyond the page on the side the scan went: the far end of the list for a
    // next page, the near end for a previous one (rows come back in list order).
    if (q.before)
      out.rows.erase(out.rows.begin());
    else
      out.rows.pop_back();
  }
  if (!out.rows.empty()) {
    auto first = domain::LeadCursor{out.rows.front().created_at, out.rows.front().id};
    auto last = domain::LeadCursor{out.rows.back().created_at, out.rows.back().id};
    // Going forward from a cursor there were rows before it; going back there are rows after.
    if (q.before ? more : q.after.set()) out.previous = first;
    if (q.before || more) out.next = last;
  }
  if (with_count) {
    out.count_more = out.count > count_cap;
    out.count = std::min(out.count, count_cap);
  }
  return out;
}

domain::Result<std::vector<domain::LeadListRow>> LeadConsoleService::next_rows(
    domain::LeadQuery query, int limit) {
  auto q = for_store(std::move(query));
  q.before = false;
  q.limit = std::clamp(limit, 1, 1000);
  try {
    return store_.read<std::vector<domain::LeadListRow>>(
        [&](store::Tx& tx) { return tx.search_leads(q); });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

}  // namespace plumbline::services
