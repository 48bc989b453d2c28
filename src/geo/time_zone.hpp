// IANA time zones read from the system's TZif files (Debian's tzdata), and times as people read
// them.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace plumbline::geo {

// What a wall clock in one zone shows at one instant: its offset from UTC and its abbreviation.
struct ZoneOffset {
  std::int64_t utc_offset_seconds = 0;  // local = UTC + offset
  std::string abbreviation;             // "PST", "PDT", "HST", "UTC"
};

// One zone's rules: the transitions listed in its TZif file, then the POSIX TZ rule of its footer
// for instants past the last one (Debian's "fat" files list transitions up to 2037; "slim" ones
// stop at the last rule change and rely on the footer). Immutable; safe to share between threads.
class TimeZone {
 public:
  // Parses TZif version 2 or later (the 64-bit part and its footer); throws std::runtime_error.
  static TimeZone parse_tzif(std::string name, std::string_view bytes);
  // A zone given by a POSIX TZ rule alone, e.g. "PST8PDT,M3.2.0,M11.1.0"; throws on a bad rule.
  static TimeZone from_posix_rule(std::string name, std::string_view rule);
  static TimeZone utc();

  const std::string& name() const { return name_; }
  ZoneOffset at(std::int64_t unix_seconds) const;

  struct Type {
    std::int32_t utc_offset_seconds = 0;
    bool dst = false;
    std::string abbreviation;
  };
  // A POSIX rule's change day: 'M' (month, week 1-5 where 5 = last, weekday 0 = Sunday), 'J'
  // (day 1-365, February 29 never counted) or 'D' (day 0-365); at `seconds` past local midnight.
  struct RuleDay {
    char kind = 'M';
    int month = 0, week = 0, weekday = 0, day = 0;
    std::int32_t seconds = 7200;
  };

 private:
  std::string name_;
  std::vector<std::int64_t> transitions_;  // ascending Unix seconds
  std::vector<std::uint8_t> type_after_;   // index into types_ in force from transitions_[i]
  std::vector<Type> types_;
  bool has_footer_ = false;
  Type standard_, daylight_;  // the footer's; daylight_ used only when footer_dst_
  bool footer_dst_ = false;
  RuleDay dst_start_, dst_end_;

  ZoneOffset footer_at(std::int64_t unix_seconds) const;
  void parse_footer(std::string_view rule);
};

// The zones a server uses: those named at start-up, and any other zone of the zoneinfo folder the
// first time it is asked for (a time zone staff pick in the settings). Safe to share between
// threads: a zone, once loaded, stays at the same address until the TimeZones is destroyed.
class TimeZones {
 public:
  // Loads each named zone from `zoneinfo_dir` (e.g. /usr/share/zoneinfo); throws
  // std::runtime_error naming a zone that is missing or malformed. "UTC" needs no file. Later
  // finds load other zones of the same folder.
  static TimeZones load(const std::string& zoneinfo_dir, const std::vector<std::string>& names);
  TimeZones();  // UTC only

  // The named zone, loaded from the zoneinfo folder on first use; nullptr when the name is not
  // an IANA name of a readable zone file there.
  const TimeZone* find(std::string_view name) const;
  // The named zone, or UTC when the name is empty or no such zone exists.
  const TimeZone& get_or_utc(std::string_view name) const;
  std::size_t size() const;

 private:
  std::string dir_;  // the zoneinfo folder find() reads ("": none, UTC only)
  std::unique_ptr<std::shared_mutex> mu_ = std::make_unique<std::shared_mutex>();  // over zones_
  mutable std::map<std::string, TimeZone, std::less<>> zones_;  // a std::map: entries never move
};

// "Sat 5 Dec 2026, 2:40 pm PST": the local wall time in `zone` of a Unix time in milliseconds.
std::string local_time_text(std::int64_t unix_ms, const TimeZone& zone);
// "Sat 5 Dec 2026": the local date only.
std::string local_date_text(std::int64_t unix_ms, const TimeZone& zone);
// The instant (unix ms) the local date "YYYY-MM-DD" (plus days_after days) begins in the zone;
// nullopt when the text is not such a date (a date filter typed by staff).
std::optional<std::int64_t> local_midnight_ms(std::string_view yyyy_mm_dd, const TimeZone& zone,
                                              int days_after = 0);
// "2026-12-05": the local date of a Unix time in milliseconds, as ISO 8601.
std::string local_iso_date(std::int64_t unix_ms, const TimeZone& zone);
// Days since 1970-01-01 of a valid "YYYY-MM-DD" from 1970 on; nullopt otherwise.
std::optional<std::int64_t> iso_date_days(std::string_view yyyy_mm_dd);
// "YYYY-MM-DD" of a day counted from 1970-01-01.
std::string iso_date_of_days(std::int64_t days);
// The instant (unix ms) local day `days` (counted from 1970-01-01) begins in the zone.
std::int64_t local_midnight_of_days(std::int64_t days, const TimeZone& zone);

}  // namespace plumbline::geo
