// TZif (RFC 8536) and POSIX TZ rule reading; local wall-clock text for people.
#include "geo/time_zone.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace plumbline::geo {

namespace {

constexpr std::int64_t tz_day_seconds = 86400;

[[noreturn]] void tz_fail(const std::string& name, const std::string& what) {
  throw std::runtime_error("time zone " + name + ": " + what);
}

std::int64_t tz_read_be(std::string_view b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
std::int64_t tz_days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct TzCivil {
  std::int64_t year;
  int month, day;
};
TzCivil tz_civil_from_days(std::int64_t z) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t tz_floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

int tz_weekday(std::int64_t days) {  // 0 = Sunday; 1970-01-01 was a Thursday
  return static_cast<int>(((days % 7) + 11) % 7);
}

bool tz_leap(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int tz_month_days(std::int64_t y, int m) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && tz_leap(y) ? 29 : days[m - 1];
}

// Local seconds since 1970 (as if UTC) at which a rule day starts in `year`.
std::int64_t tz_rule_local_seconds(const TimeZone::RuleDay& r, std::int64_t year) {
  std::int64_t days = 0;
  if (r.kind == 'M') {
    std::int64_t first = tz_days_from_civil(year, r.month, 1);
    int day = 1 + (r.weekday - tz_weekday(first) + 7) % 7 + 7 * (r.week - 1);
    while (day > tz_month_days(year, r.month)) day -= 7;  // week 5 = the last one
    days = first + day - 1;
  } else if (r.kind == 'J') {
    days = tz_days_from_civil(year, 1, 1) + r.day - 1;
    if (tz_leap(year) && r.day >= 60) ++days;  // Jn never counts February 29
  } else {
    days = tz_days_from_civil(year, 1, 1) + r.day;
  }
  return days * tz_day_seconds + r.seconds;
}

// A small cursor over a POSIX TZ string.
struct TzRuleReader {
  std::string_view s;
  const std::string& zone;
  std::size_t i = 0;

  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
  [[noreturn]] void bad() const { tz_fail(zone, "bad POSIX TZ rule '" + std::string(s) + "'"); }

  std::string abbreviation() {
    std::string out;
    if (peek() == '<') {
      auto close = s.find('>', i);
      if (close == std::string_view::npos) bad();
      out = std::string(s.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      while (!done() && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
        out += s[i++];
    }
    if (out.size() < 3) bad();
    return out;
  }
  int number(int max) {
    if (done() || s[i] < '0' || s[i] > '9') bad();
    int v = 0;
    while (!done() && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + (s[i++] - '0');
      if (v > max) bad();
    }
    return v;
  }
  // [+-]hh[:mm[:ss]] as seconds.
  std::int32_t clock(int max_hours) {
    int sign = 1;
    if (peek() == '+' || peek() == '-') sign = s[i++] == '-' ? -1 : 1;
    std::int32_t v = number(max_hours) * 3600;
    if (peek() == ':') {
      ++i;
      v += number(59) * 60;
      if (peek() == ':') {
        ++i;
        v += number(59);
      }
    }
    return sign * v;
  }
  TimeZone::RuleDay day() {
    TimeZone::RuleDay r;
    if (peek() == 'M') {
      ++i;
      r.month = number(12);
      if (peek() != '.') bad();
      ++i;
      r.week = number(5);
      if (peek() != '.') bad();
      ++i;
      r.weekday = number(6);
      if (r.month < 1 || r.week < 1) bad();
    } else if (peek() == 'J') {
      ++i;
      r.kind = 'J';
      r.day = number(365);
      if (r.day < 1) bad();
    } else {
      r.kind = 'D';
      r.day = number(365);
    }
    if (peek() == '/') {
      ++i;
      r.seconds = clock(167);
    }
    return r;
  }
};

}  // namespace

void TimeZone::parse_footer(std::string_view rule) {
  TzRuleReader in{rule, name_};
  standard_.abbreviation = in.abbreviation();
  standard_.utc_offset_seconds = -in.clock(24);  // POSIX counts west of Greenwich as positive
  has_footer_ = true;
  if (in.done()) return;
  footer_dst_ = true;
  daylight_.dst = true;
  daylight_.abbreviation = in.abbreviation();
  daylight_.utc_offset_seconds = standard_.utc_offset_seconds + 3600;
  if (!in.done() && in.peek() != ',') daylight_.utc_offset_seconds = -in.clock(24);
  if (in.done()) {  // no dates given: POSIX leaves them to the system; the US rules are the custom
    dst_start_ = {'M', 3, 2, 0, 0, 7200};
    dst_end_ = {'M', 11, 1, 0, 0, 7200};
    return;
  }
  if (in.peek() != ',') in.bad();
  ++in.i;
  dst_start_ = in.day();
  if (in.peek() != ',') in.bad();
  ++in.i;
  dst_end_ = in.day();
  if (!in.done()) in.bad();
}

ZoneOffset TimeZone::footer_at(std::int64_t t) const {
  if (!footer_dst_) return {standard_.utc_offset_seconds, standard_.abbreviation};
  // The year as the zone's standard-time calendar sees it; DST rules never straddle New Year.
  auto year =
      tz_civil_from_days(tz_floor_div(t + standard_.utc_offset_seconds, tz_day_seconds)).year;
  std::int64_t start = tz_rule_local_seconds(dst_start_, year) - standard_.utc_offset_seconds;
  std::int64_t end = tz_rule_local_seconds(dst_end_, year) - daylight_.utc_offset_seconds;
  bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  const Type& ty = dst ? daylight_ : standard_;
  return {ty.utc_offset_seconds, ty.abbreviation};
}

TimeZone TimeZone::parse_tzif(std::string name, std::string_view b) {
  TimeZone z;
  z.name_ = std::move(name);
  const std::size_t header = 44;
  if (b.size() < header || b.substr(0, 4) != "TZif") tz_fail(z.name_, "not a TZif file");
  if (b[4] < '2') tz_fail(z.name_, "TZif version 1 has no 64-bit data");
  auto counts = [&](std::size_t at, std::int64_t c[6]) {
    if (b.size() < at + header || b.substr(at, 4) != "TZif") tz_fail(z.name_, "truncated header");
    for (int k = 0; k < 6; ++k) c[k] = tz_read_be(b, at + 20 + 4 * k, 4);
  };
  std::int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  counts(0, c);
  std::size_t v1 = c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
  std::size_t at = header + v1;
  counts(at, c);
  auto [isut, isstd, leap, timecnt, typecnt, charcnt] =
      std::tuple{std::size_t(c[0]), std::size_t(c[1]), std::size_t(c[2]),
                 std::size_t(c[3]), std::size_t(c[4]), std::size_t(c[5])};
  at += header;
  std::size_t body = timecnt * 9 + typecnt * 6 + charcnt + leap * 12 + isstd + isut;
  if (typecnt == 0 || b.size() < at + body) tz_fail(z.name_, "truncated data");
  for (std::size_t k = 0; k < timecnt; ++k) z.transitions_.push_back(tz_read_be(b, at + 8 * k, 8));
  at += timecnt * 8;
  for (std::size_t k = 0; k < timecnt; ++k) {
    auto idx = static_cast<std::uint8_t>(b[at + k]);
    if (idx >= typecnt) tz_fail(z.name_, "transition to an unknown type");
    z.type_after_.push_back(idx);
  }
  at += timecnt;
  std::string_view chars = b.substr(at + typecnt * 6, charcnt);
  for (std::size_t k = 0; k < typecnt; ++k, at += 6) {
    Type ty;
    ty.utc_offset_seconds = static_cast<std::int32_t>(tz_read_be(b, at, 4));
    ty.dst = b[at + 4] != 0;
    auto ai = static_cast<unsigned char>(b[at + 5]);
    if (ai >= chars.size()) tz_fail(z.name_, "abbreviation out of range");
    auto abbr = chars.substr(ai);
    ty.abbreviation = std::string(abbr.substr(0, abbr.find('\0')));
    z.types_.push_back(std::move(ty));
  }
  at += charcnt + leap * 12 + isstd + isut;
  if (at < b.size() && b[at] == '\n') {
    auto end = b.find('\n', at + 1);
    if (end == std::string_view::npos) tz_fail(z.name_, "unterminated footer");
    auto rule = b.substr(at + 1, end - at - 1);
    if (!rule.empty()) z.parse_footer(rule);
  }
  return z;
}

TimeZone TimeZone::from_posix_rule(std::string name, std::string_view rule) {
  TimeZone z;
  z.name_ = std::move(name);
  z.parse_footer(rule);
  z.types_.push_back(z.standard_);
  return z;
}

TimeZone TimeZone::utc() {
  return from_posix_rule("UTC", "UTC0");
}

ZoneOffset TimeZone::at(std::int64_t t) const {
  if (transitions_.empty() || t >= transitions_.back()) {
    if (has_footer_) return footer_at(t);
    const Type& last = transitions_.empty() ? types_.front() : types_[type_after_.back()];
    return {last.utc_offset_seconds, last.abbreviation};
  }
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
  // Before the first transition RFC 8536 says to use type 0.
  const Type& ty = it == transitions_.begin() ? types_.front()
                                              : types_[type_after_[it - transitions_.begin() - 1]];
  return {ty.utc_offset_seconds, ty.abbreviation};
}

TimeZones::TimeZones() {
  zones_.emplace("UTC", TimeZone::utc());
}

namespace {

// An IANA zone name ("America/Los_Angeles", "Etc/GMT+5"): nothing that could leave the folder.
bool iana_zone_name(std::string_view n) {
  if (n.empty() || n.size() > 64 || n.front() == '/' || n.find("..") != std::string_view::npos)
    return false;
  return std::all_of(n.begin(), n.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '-' || c == '+';
  });
}

// The zone file `dir`/`n` parsed; throws std::runtime_error saying why not.
TimeZone read_zone_file(const std::string& dir, const std::string& n) {
  if (!iana_zone_name(n))
    throw std::runtime_error("time zone name '" + n + "' is not an IANA name");
  std::string path = dir + "/" + n;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("unknown time zone " + n + ": cannot open " + path + ": " +
                             std::strerror(errno) +
                             " (check the name, e.g. PLUMBLINE_TIME_ZONE, and that Debian's "
                             "tzdata package is installed in PLUMBLINE_ZONEINFO_DIR)");
  std::ostringstream buf;
  buf << in.rdbuf();
  return TimeZone::parse_tzif(n, buf.str());
}

}  // namespace

TimeZones TimeZones::load(const std::string& dir, const std::vector<std::string>& names) {
  TimeZones out;
  out.dir_ = dir;
  for (const auto& n : names) {
    if (n.empty() || out.zones_.count(n)) continue;
    out.zones_.emplace(n, read_zone_file(dir, n));
  }
  return out;
}

const TimeZone* TimeZones::find(std::string_view name) const {
  {
    std::shared_lock lock(*mu_);
    auto it = zones_.find(name);
    if (it != zones_.end()) return &it->second;
  }
  if (dir_.empty() || !iana_zone_name(name)) return nullptr;
  std::optional<TimeZone> zone;
  try {  // read outside the lock; a zone read twice by racing threads is kept once
    zone = read_zone_file(dir_, std::string(name));
  } catch (const std::exception&) {
    return nullptr;  // not a zone (no such file, a folder, not TZif): not remembered either
  }
  std::unique_lock lock(*mu_);
  return &zones_.emplace(std::string(name), std::move(*zone)).first->second;
}

const TimeZone& TimeZones::get_or_utc(std::string_view name) const {
  if (auto* z = find(name)) return *z;
  std::shared_lock lock(*mu_);
  return zones_.find("UTC")->second;
}

std::size_t TimeZones::size() const {
  std::shared_lock lock(*mu_);
  return zones_.size();
}

namespace {
struct TzWall {
  TzCivil date;
  int weekday, hour, minute;
  std::string abbreviation;
};
TzWall tz_wall(std::int64_t unix_ms, const TimeZone& zone) {
  std::int64_t t = tz_floor_div(unix_ms, 1000);
  auto off = zone.at(t);
  std::int64_t local = t + off.utc_offset_seconds;
  std::int64_t days = tz_floor_div(local, tz_day_seconds);
  std::int64_t secs = local - days * tz_day_seconds;
  return {tz_civil_from_days(days), tz_weekday(days), static_cast<int>(secs / 3600),
          static_cast<int>(secs % 3600 / 60), off.abbreviation};
}
constexpr const char* tz_weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* tz_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace

std::string local_date_text(std::int64_t unix_ms, const TimeZone& zone) {
  auto w = tz_wall(unix_ms, zone);
  return std::string(tz_weekdays[w.weekday]) + " " + std::to_string(w.date.day) + " " +
         tz_months[w.date.month - 1] + " " + std::to_string(w.date.year);
}

std::string local_time_text(std::int64_t unix_ms, const TimeZone& zone) {
  auto w = tz_wall(unix_ms, zone);
  int h12 = w.hour % 12 == 0 ? 12 : w.hour % 12;
  std::string mm = (w.minute < 10 ? "0" : "") + std::to_string(w.minute);
  return std::string(tz_weekdays[w.weekday]) + " " + std::to_string(w.date.day) + " " +
         tz_months[w.date.month - 1] + " " + std::to_string(w.date.year) + ", " +
         std::to_string(h12) + ":" + mm + (w.hour < 12 ? " am " : " pm ") + w.abbreviation;
}

std::optional<std::int64_t> iso_date_days(std::string_view s) {
  auto digits = [&](std::size_t at, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d || *y < 1970 || *m < 1 || *m > 12 || *d < 1 || *d > 31) return std::nullopt;
  std::int64_t days = tz_days_from_civil(*y, *m, *d);
  if (tz_civil_from_days(days).day != *d) return std::nullopt;  // 31 April and the like
  return days;
}

std::string iso_date_of_days(std::int64_t days) {
  auto c = tz_civil_from_days(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(c.year),
                static_cast<int>(c.month), static_cast<int>(c.day));
  return buf;
}

std::string local_iso_date(std::int64_t unix_ms, const TimeZone& zone) {
  auto w = tz_wall(unix_ms, zone);
  return iso_date_of_days(tz_days_from_civil(w.date.year, w.date.month, w.date.day));
}

std::int64_t local_midnight_of_days(std::int64_t days, const TimeZone& zone) {
  std::int64_t local = days * tz_day_seconds;
  // The offset at local midnight: a first guess, then the offset at that guess (right across a
  // change of offset, except inside the skipped hour, which no US zone puts at midnight).
  std::int64_t utc = local - zone.at(local).utc_offset_seconds;
  utc = local - zone.at(utc).utc_offset_seconds;
  return utc * 1000;
}

std::optional<std::int64_t> local_midnight_ms(std::string_view s, const TimeZone& zone,
                                              int days_after) {
  auto days = iso_date_days(s);
  if (!days) return std::nullopt;
  return local_midnight_of_days(*days + days_after, zone);
}

}  // namespace plumbline::geo
