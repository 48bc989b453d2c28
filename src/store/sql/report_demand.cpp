// DemandZipFold: the demand report's per-ZIP counts, added up in the store on both backends.
#include "store/sql/report_demand.hpp"

#include <algorithm>

#include "geo/zip_number.hpp"

namespace plumbline::store::sql::report_demand {

DemandZipFold::DemandZipFold() : by_number_(geo::zip_numbers, 0) {}

void DemandZipFold::add(std::string_view zip) {
  if (auto n = geo::zip_number(zip)) {
    ++by_number_[*n];
    return;
  }
  auto it = other_.find(zip);
  if (it == other_.end()) it = other_.emplace(std::string(zip), 0).first;
  ++it->second;
}

std::vector<domain::DemandZipCount> DemandZipFold::take() {
  std::vector<domain::DemandZipCount> out;
  for (std::size_t n = 0; n < by_number_.size(); ++n) {
    if (by_number_[n] == 0) continue;
    auto zip = std::to_string(n);
    out.push_back({std::string(5 - zip.size(), '0') + zip, by_number_[n]});
  }
  if (!other_.empty()) {  // five-digit ZIPs come out in order; anything else is put in place
    for (auto& [zip, count] : other_) out.push_back({zip, count});
    std::sort(out.begin(), out.end(),
              [](const domain::DemandZipCount& a, const domain::DemandZipCount& b) {
                return a.zip < b.zip;
              });
  }
  std::fill(by_number_.begin(), by_number_.end(), 0);
  other_.clear();
  return out;
}

}  // namespace plumbline::store::sql::report_demand
