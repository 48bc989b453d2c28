// Parsing and lookup for the ZIP centroid table; haversine distance.
#include "geo/zip_table.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "geo/zip_number.hpp"

namespace plumbline::geo {

namespace {

[[noreturn]] void fail(std::size_t line_no, const std::string& what) {
  throw std::runtime_error("zip table line " + std::to_string(line_no) + ": " + what);
}

bool all_upper(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

double parse_degrees(std::string_view s, double limit, const char* name, std::size_t line_no) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) ||
      std::fabs(v) > limit) {
    fail(line_no, std::string("bad ") + name + " '" + std::string(s) + "'");
  }
  return v;
}

bool plausible_zone_name(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) {
                       return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                              (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' ||
                              c == '+';
                     }) &&
         s.find("..") == std::string_view::npos && (s.empty() || s.front() != '/');
}

ZipInfo parse_row(std::string_view line, std::size_t line_no) {
  std::string_view f[6];
  std::size_t n = 0;
  while (true) {
    auto tab = line.find('\t');
    if (n == 6) fail(line_no, "more than 6 tab-separated fields");
    f[n++] = line.substr(0, tab);
    if (tab == std::string_view::npos) break;
    line.remove_prefix(tab + 1);
  }
  if (n != 5 && n != 6)
    fail(line_no, "expected 5 or 6 tab-separated fields, got " + std::to_string(n));
  if (!zip_number(f[0])) {
    fail(line_no, "bad ZIP '" + std::string(f[0]) + "'");
  }
  if (!(f[4].empty() || (f[4].size() == 2 && all_upper(f[4])))) {
    fail(line_no, "bad state '" + std::string(f[4]) + "'");
  }
  if (!plausible_zone_name(f[5])) fail(line_no, "bad time zone '" + std::string(f[5]) + "'");
  return ZipInfo{std::string(f[0]),
                 parse_degrees(f[1], 90, "latitude", line_no),
                 parse_degrees(f[2], 180, "longitude", line_no),
                 std::string(f[3]),
                 std::string(f[4]),
                 std::string(f[5])};
}

}  // namespace

ZipTable ZipTable::parse(std::string_view text) {
  ZipTable table;
  std::vector<ZipInfo> rows;
  std::vector<std::size_t> line_of;
  bool sorted = true;
  std::size_t line_no = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      if (rows.empty() && table.source_line_.empty()) {
        line.remove_prefix(1);
        while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
        table.source_line_ = std::string(line);
      }
      continue;
    }
    rows.push_back(parse_row(line, line_no));
    line_of.push_back(line_no);
    std::size_t k = rows.size();
    if (k > 1 && rows[k - 1].zip <= rows[k - 2].zip) {
      if (rows[k - 1].zip == rows[k - 2].zip) fail(line_no, "duplicate ZIP " + rows[k - 1].zip);
      sorted = false;
    }
  }
  if (sorted) {
    table.rows_ = std::move(rows);
    table.index_rows();
    return table;
  }
  std::vector<std::size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rows[a].zip < rows[b].zip; });
  table.rows_.reserve(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i > 0 && rows[order[i]].zip == table.rows_.back().zip) {  // rows[order[i-1]] moved
      fail(line_of[order[i]], "duplicate ZIP " + rows[order[i]].zip + " (first on line " +
                                  std::to_string(line_of[order[i - 1]]) + ")");
    }
    table.rows_.push_back(std::move(rows[order[i]]));
  }
  table.index_rows();
  return table;
}

void ZipTable::index_rows() {
  row_of_number_.assign(zip_numbers, -1);
  for (std::size_t i = 0; i < rows_.size(); ++i)  // parse_row checked five digits
    row_of_number_[*zip_number(rows_[i].zip)] = static_cast<std::int32_t>(i);
}

ZipTable ZipTable::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot open ZIP table " + path + ": " + std::strerror(errno));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read ZIP table " + path);
  try {
    ZipTable table = parse(buf.str());
    if (table.size() == 0) throw std::runtime_error("no rows");
    return table;
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("ZIP table " + path + ": " + e.what());
  }
}

const ZipInfo* ZipTable::find(std::string_view zip5) const {
  const auto n = zip_number(zip5);
  if (!n || row_of_number_.empty()) return nullptr;
  const auto row = row_of_number_[*n];
  return row < 0 ? nullptr : &rows_[static_cast<std::size_t>(row)];
}

std::vector<std::string> ZipTable::zone_names() const {
  std::vector<std::string> out;
  for (const auto& r : rows_)
    if (!r.tz.empty()) out.push_back(r.tz);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace plumbline::geo
