// Public plumber profiles at /pros/{slug} (issue 17): what the plumber offers and where, each
// dated check Plumbline made, the verified reviews with replies and their averages, and the median
// time from alert to claim. Read-only.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/marketplace.hpp"
#include "domain/reviews.hpp"
#include "geo/zip_table.hpp"
#include "services/catalog_cache.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct PublicProfile {
  domain::PlumberProfile plumber;
  std::string slug;  // the current address; differs from the one asked for after a rename
  std::string city, state;
  std::vector<std::string> service_labels;
  std::vector<domain::Review> reviews;  // visible ones only, newest first
  int hidden_count = 0;                 // reviews staff hid (shown as a count)
  domain::RatingSummary rating;         // over the visible reviews
  std::optional<domain::Millis> median_response_ms;
  int response_samples = 0;
};

class PublicProfileService {
 public:
  PublicProfileService(store::Store& store, const geo::ZipTable& zips, CatalogCache& catalog)
      : store_(store), zips_(zips), catalog_(catalog) {}

  // not_found for an unknown slug or a plumber not (yet) approved; gone for a suspended or
  // closed account.
  domain::Result<PublicProfile> profile(const std::string& slug);

 private:
  store::Store& store_;
  const geo::ZipTable& zips_;
  CatalogCache& catalog_;
};

}  // namespace plumbline::services
