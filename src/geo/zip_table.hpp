// Offline US ZIP centroid table (data/generated/zips.tsv).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geo/distance.hpp"

namespace plumbline::geo {

struct ZipInfo {
  std::string zip;  // 5 digits, leading zeros kept
  double lat = 0;   // degrees, WGS84
  double lng = 0;
  std::string city;   // may be empty (territory ZCTAs that GeoNames does not list)
  std::string state;  // 2-letter USPS code (states, DC, territories, AA/AE/AP military)
  std::string tz;     // IANA time zone ("America/Chicago"); empty when unknown (military mail)
};

// Immutable after construction; safe to share between threads.
class ZipTable {
 public:
  // Format: optional leading "# ..." comment line, then `zip\tlat\tlng\tcity\tstate[\ttz]` lines
  // (v1 files have no tz column).
  // Blank lines and further '#' lines are skipped. Rows are sorted by ZIP if they are not.
  // Throws std::runtime_error naming the line on malformed input or a duplicate ZIP.
  static ZipTable parse(std::string_view tsv_text);
  // Reads and parses a file; throws std::runtime_error naming the path.
  static ZipTable load_file(const std::string& path);

  const ZipInfo* find(std::string_view zip5) const;  // nullptr when unknown
  std::size_t size() const { return rows_.size(); }
  std::string source_line() const { return source_line_; }  // first '#' line, without "# "
  std::vector<std::string> zone_names() const;              // the distinct non-empty tz values

 private:
  void index_rows();

  std::vector<ZipInfo> rows_;  // sorted by zip, unique
  // Row of each five-digit ZIP by its number (-1: none): find() is one array read, which the
  // Demand report does for every ZIP of a period (a binary search of strings took ~10 % of it).
  std::vector<std::int32_t> row_of_number_;
  std::string source_line_;
};

}  // namespace plumbline::geo
