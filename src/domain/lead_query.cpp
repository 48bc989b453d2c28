// The console's request-list query: classifying the search text, reading and checking the filters,
// local days to instants, list cursors and masked contacts.
#include "domain/lead_query.hpp"

#include <cctype>
#include <charconv>

#include "domain/contact.hpp"
#include "domain/lead_rules.hpp"
#include "domain/statuses.hpp"

namespace plumbline::domain {

namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The token of a tracking link ("https://…/t/TOKEN"), or the text itself.
std::string_view tracking_token_of(std::string_view text) {
  auto at = text.rfind("/t/");
  if (at != std::string_view::npos) text = text.substr(at + 3);
  auto end = text.find_first_of("?#/");
  return text.substr(0, end);
}

// Only phone punctuation besides the digits: "(415) 555-0134", "+1 415.555.0134".
bool phone_like(std::string_view s) {
  int digits = 0;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      ++digits;
    else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '+')
      return false;
  }
  return digits == 10 || digits == 11;
}

std::optional<std::int64_t> positive_int64(std::string_view s) {
  if (!all_digits(s) || s.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  if (v <= 0) return std::nullopt;
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Days since 1970-01-01 of a valid YYYY-MM-DD (from 1970); nullopt otherwise.
std::optional<std::int64_t> civil_days(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
  auto y = positive_int64(date.substr(0, 4)), m = positive_int64(date.substr(5, 2)),
       d = positive_int64(date.substr(8, 2));
  if (!y || !m || !d || *m > 12 || *y < 1970) return std::nullopt;
  static const std::int64_t month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
  if (*d > month_days[*m - 1] || (*m == 2 && *d == 29 && !leap)) return std::nullopt;
  return days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

// Local midnight starting day `days` in `zone`, in Unix milliseconds. The offset is guessed with
// the offset at that instant in UTC, then corrected once (a change of offset near midnight
// settles on the second pass).
Millis local_midnight(std::int64_t days, const geo::TimeZone& zone) {
  std::int64_t local = days * 86400;
  std::int64_t utc = local - zone.at(local).utc_offset_seconds;
  utc = local - zone.at(utc).utc_offset_seconds;
  return utc * 1000;
}

bool flag_on(const std::string& v) {
  return v == "1" || v == "on" || v == "true" || v == "yes";
}

}  // namespace

const char* to_string(LeadSearchKind kind) {
  switch (kind) {
    case LeadSearchKind::none:
      return "none";
    case LeadSearchKind::id:
      return "id";
    case LeadSearchKind::tracking:
      return "tracking";
    case LeadSearchKind::phone:
      return "phone";
    case LeadSearchKind::email:
      return "email";
    case LeadSearchKind::name:
      return "name";
    case LeadSearchKind::zip:
      return "zip";
    case LeadSearchKind::city:
      return "city";
  }
  return "none";
}

const std::vector<std::string>& lead_sources() {
  static const std::vector<std::string> sources{"web", "api", "admin", "phone"};
  return sources;
}

LeadSearchKind classify_lead_search(std::string_view raw) {
  std::string text = trim(raw);
  if (text.empty()) return LeadSearchKind::none;
  if (text[0] == '#' && all_digits(std::string_view(text).substr(1))) return LeadSearchKind::id;
  if (text.find("/t/") != std::string::npos) return LeadSearchKind::tracking;
  if (text.find('@') != std::string::npos) return LeadSearchKind::email;
  if (phone_like(text)) return LeadSearchKind::phone;
  if (all_digits(text)) return text.size() == 5 ? LeadSearchKind::zip : LeadSearchKind::id;
  // Tracking tokens are 32 URL-safe base64 characters: no name looks like that (mixed digits).
  bool has_digit = false;
  for (char c : text) has_digit = has_digit || std::isdigit(static_cast<unsigned char>(c));
  if (has_digit && plausible_tracking_token(text)) return LeadSearchKind::tracking;
  return LeadSearchKind::name;
}

std::optional<Millis> local_day_start(std::string_view date, const geo::TimeZone& zone) {
  auto days = civil_days(date);
  if (!days) return std::nullopt;
  return local_midnight(*days, zone);
}

std::string cursor_text(const LeadCursor& c) {
  return std::to_string(c.created_at) + "." + std::to_string(c.id);
}

std::optional<LeadCursor> parse_cursor(std::string_view text) {
  auto dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto at = std::string_view(text).substr(0, dot);
  auto id = positive_int64(text.substr(dot + 1));
  if (!id || !all_digits(at) || at.size() > 18) return std::nullopt;
  LeadCursor c;
  std::from_chars(at.data(), at.data() + at.size(), c.created_at);
  c.id = *id;
  return c;
}

Result<LeadQuery> read_lead_query(const LeadQueryInput& in, const Catalog& catalog,
                                  const geo::TimeZone& zone) {
  LeadQuery out;
  std::vector<FieldError> errors;
  auto fail = [&](const char* field, std::string message) {
    errors.push_back({field, std::move(message)});
  };

  std::string text = trim(in.q);
  LeadSearchKind kind = classify_lead_search(text);
  if (!in.by.empty() && in.by != "auto" && !text.empty()) {
    static const LeadSearchKind kinds[] = {LeadSearchKind::id,    LeadSearchKind::tracking,
                                           LeadSearchKind::phone, LeadSearchKind::email,
                                           LeadSearchKind::name,  LeadSearchKind::zip,
                                           LeadSearchKind::city};
    kind = LeadSearchKind::none;
    for (auto k : kinds)
      if (in.by == to_string(k)) kind = k;
    if (kind == LeadSearchKind::none) fail("by", "Choose what to search by from the list.");
  }
  out.search = kind;
  switch (kind) {
    case LeadSearchKind::none:
      break;
    case LeadSearchKind::id: {
      auto id = positive_int64(text[0] == '#' ? std::string_view(text).substr(1) : text);
      if (!id)
        fail("q", "A request number is digits only, like 1042.");
      else
        out.search_value = std::to_string(*id);
      break;
    }
    case LeadSearchKind::tracking: {
      std::string token(tracking_token_of(text));
      if (!plausible_tracking_token(token))
        fail("q", "That is not a tracking link or reference: paste the whole link (…/t/…).");
      else
        out.search_value = token;
      break;
    }
    case LeadSearchKind::phone: {
      auto e164 = normalize_us_phone(text);
      if (!e164)
        fail("q", "Enter a US phone number with its area code, like (415) 555-0134.");
      else
        out.search_value = *e164;
      break;
    }
    case LeadSearchKind::email:
      if (!plausible_email(text))
        fail("q", "Enter a whole e-mail address, like name@example.com.");
      else
        out.search_value = ascii_lower(text);
      break;
    case LeadSearchKind::zip:
      if (text.size() != 5 || !all_digits(text))
        fail("q", "A ZIP code is 5 digits.");
      else
        out.search_value = text;
      break;
    case LeadSearchKind::name:
    case LeadSearchKind::city:
      if (utf8_length(text) > 100 || has_control_chars(text, false))
        fail("q", "Search for at most 100 plain characters.");
      else
        out.search_value = ascii_lower(text);
      break;
  }

  if (!in.status.empty()) {
    if (parse<LeadStatus>(in.status))
      out.status = in.status;
    else
      fail("status", "Choose a status from the list.");
  }
  if (!in.service.empty()) {
    bool known = false;  // inactive services too: old requests keep theirs
    for (const auto& s : catalog.services) known = known || s.slug == in.service;
    if (known)
      out.service = in.service;
    else
      fail("service", "Choose a service from the list.");
  }
  if (!in.urgency.empty()) {
    if (catalog.urgency(in.urgency))
      out.urgency = in.urgency;
    else
      fail("urgency", "Choose an urgency from the list.");
  }
  if (!in.source.empty()) {
    bool known = false;
    for (const auto& s : lead_sources()) known = known || s == in.source;
    if (known)
      out.source = in.source;
    else
      fail("source", "Choose a source from the list.");
  }
  if (!in.from.empty()) {
    if (auto ms = local_day_start(in.from, zone))
      out.from = *ms;
    else
      fail("from", "Enter the first day as YYYY-MM-DD.");
  }
  if (!in.to.empty()) {
    // The day after `to`, so that the range takes all of that day.
    if (auto days = civil_days(in.to))
      out.to = local_midnight(*days + 1, zone);
    else
      fail("to", "Enter the last day as YYYY-MM-DD.");
  }
  if (out.from > 0 && out.to > 0 && out.to <= out.from)
    fail("to", "The last day is before the first day.");
  out.duplicates_only = flag_on(in.duplicates);
  out.flagged_only = flag_on(in.flagged);
  out.unmatched_only = flag_on(in.unmatched);
  if (in.sort == "oldest")
    out.sort = LeadSort::oldest;
  else if (!in.sort.empty() && in.sort != "newest")
    fail("sort", "Sort by newest or oldest first.");
  if (!in.after.empty() || !in.before.empty()) {
    auto c = parse_cursor(in.before.empty() ? in.after : in.before);
    if (!c)
      fail(in.before.empty() ? "after" : "before", "That page link is broken: start again.");
    else
      out.after = *c;
    out.before = !in.before.empty();
  }
  if (!errors.empty()) {
    auto e = Error::make(ErrorCode::invalid_input, "Some search values are not valid.");
    e.details = std::move(errors);
    return e;
  }
  return out;
}

}  // namespace plumbline::domain
