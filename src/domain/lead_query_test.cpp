// Unit tests for the console's request-list query: guessing the search kind, reading and refusing
// values, local days to instants, cursors and masked contacts.
#include "domain/lead_query.hpp"

#include <gtest/gtest.h>

#include "domain/masking.hpp"

namespace plumbline::domain {
namespace {

Catalog lead_query_catalog() {
  Catalog c;
  c.services = {{"leak_repair", "Leak repair", 2, true}, {"old_service", "Old", 2, false}};
  c.urgencies = {{"emergency", "Emergency", 1}, {"flexible", "Flexible", 0}};
  return c;
}

Result<LeadQuery> read_in_la(const LeadQueryInput& in) {
  static const auto zone = geo::TimeZone::from_posix_rule("la", "PST8PDT,M3.2.0,M11.1.0");
  return read_lead_query(in, lead_query_catalog(), zone);
}

std::vector<std::string> fields_in_error(const Result<LeadQuery>& r) {
  std::vector<std::string> out;
  if (!r)
    for (const auto& d : r.error().details) out.push_back(d.field);
  return out;
}

TEST(LeadSearch, GuessesTheKindFromTheText) {
  EXPECT_EQ(classify_lead_search(""), LeadSearchKind::none);
  EXPECT_EQ(classify_lead_search("  "), LeadSearchKind::none);
  EXPECT_EQ(classify_lead_search("#1042"), LeadSearchKind::id);
  EXPECT_EQ(classify_lead_search("1042"), LeadSearchKind::id);
  EXPECT_EQ(classify_lead_search("94103"), LeadSearchKind::zip);
  EXPECT_EQ(classify_lead_search("(415) 555-0134"), LeadSearchKind::phone);
  EXPECT_EQ(classify_lead_search("+1 415 555 0134"), LeadSearchKind::phone);
  EXPECT_EQ(classify_lead_search("4155550134"), LeadSearchKind::phone);
  EXPECT_EQ(classify_lead_search("Zoe@Example.com"), LeadSearchKind::email);
  EXPECT_EQ(classify_lead_search("https://plumbline.test/t/abcDEF123_-abcDEF123_-abcDEF12"),
            LeadSearchKind::tracking);
  EXPECT_EQ(classify_lead_search("abcDEF123_-abcDEF123_-abcDEF12"), LeadSearchKind::tracking);
  EXPECT_EQ(classify_lead_search("Smith"), LeadSearchKind::name);
  EXPECT_EQ(classify_lead_search("Mary Ann"), LeadSearchKind::name);
}

TEST(LeadSearch, NormalisesEachKind) {
  auto phone = read_in_la({.q = "(415) 555-0134"});
  ASSERT_TRUE(phone);
  EXPECT_EQ(phone->search, LeadSearchKind::phone);
  EXPECT_EQ(phone->search_value, "+14155550134");
  auto email = read_in_la({.q = " Zoe@Example.COM "});
  ASSERT_TRUE(email);
  EXPECT_EQ(email->search_value, "zoe@example.com");
  auto name = read_in_la({.q = "SMI"});
  ASSERT_TRUE(name);
  EXPECT_EQ(name->search, LeadSearchKind::name);
  EXPECT_EQ(name->search_value, "smi");
  auto city = read_in_la({.q = "Oakland", .by = "city"});
  ASSERT_TRUE(city);
  EXPECT_EQ(city->search, LeadSearchKind::city);
  EXPECT_EQ(city->search_value, "oakland");
  auto id = read_in_la({.q = "#0042"});
  ASSERT_TRUE(id);
  EXPECT_EQ(id->search_value, "42");
  auto track = read_in_la({.q = "https://x.test/t/abcDEF123_-abcDEF123_-abcDEF12?utm=1"});
  ASSERT_TRUE(track);
  EXPECT_EQ(track->search, LeadSearchKind::tracking);
  EXPECT_EQ(track->search_value, "abcDEF123_-abcDEF123_-abcDEF12");
}

TEST(LeadSearch, RefusesTextThatCannotBeWhatStaffChose) {
  EXPECT_EQ(fields_in_error(read_in_la({.q = "Smith", .by = "phone"})),
            std::vector<std::string>{"q"});
  EXPECT_EQ(fields_in_error(read_in_la({.q = "12", .by = "zip"})), std::vector<std::string>{"q"});
  EXPECT_EQ(fields_in_error(read_in_la({.q = "abc", .by = "id"})), std::vector<std::string>{"q"});
  EXPECT_EQ(fields_in_error(read_in_la({.q = "a@", .by = "email"})), std::vector<std::string>{"q"});
  EXPECT_EQ(fields_in_error(read_in_la({.q = "x", .by = "shoe_size"})),
            std::vector<std::string>{"by"});
  EXPECT_EQ(fields_in_error(read_in_la({.q = "x/t/bad"})), std::vector<std::string>{"q"});
}

TEST(LeadFilters, AcceptsKnownValuesIncludingInactiveServices) {
  auto q = read_in_la({.status = "closed",
                       .service = "old_service",
                       .urgency = "emergency",
                       .source = "phone",
                       .duplicates = "1",
                       .flagged = "on",
                       .unmatched = "1",
                       .sort = "oldest"});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->status, "closed");
  EXPECT_EQ(q->service, "old_service");
  EXPECT_EQ(q->urgency, "emergency");
  EXPECT_EQ(q->source, "phone");
  EXPECT_TRUE(q->duplicates_only && q->flagged_only && q->unmatched_only);
  EXPECT_EQ(q->sort, LeadSort::oldest);
}

TEST(LeadFilters, RefusesUnknownValuesNamingEachField) {
  auto r = read_in_la({.status = "lost",
                       .service = "roofing",
                       .urgency = "yesterday",
                       .source = "fax",
                       .from = "2026-13-01",
                       .to = "soon",
                       .sort = "matches",
                       .after = "x"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
  EXPECT_EQ(fields_in_error(r), (std::vector<std::string>{"status", "service", "urgency", "source",
                                                          "from", "to", "sort", "after"}));
}

TEST(LeadFilters, DatesAreWholeLocalDays) {
  // 2026-07-04 in Los Angeles (PDT, UTC-7): from 07:00 UTC that day to 07:00 UTC the next.
  auto q = read_in_la({.from = "2026-07-04", .to = "2026-07-04"});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->from, 1783148400000);  // 2026-07-04T07:00:00Z
  EXPECT_EQ(q->to, 1783148400000 + 86'400'000);
  // Across the autumn change (1 Nov 2026): the day is 25 hours long.
  auto fall = read_in_la({.from = "2026-11-01", .to = "2026-11-01"});
  ASSERT_TRUE(fall);
  EXPECT_EQ(fall->to - fall->from, 25LL * 3600 * 1000);
  EXPECT_EQ(fields_in_error(read_in_la({.from = "2026-07-05", .to = "2026-07-04"})),
            std::vector<std::string>{"to"});
  EXPECT_FALSE(local_day_start("2026-02-29", geo::TimeZone::utc()));
  EXPECT_TRUE(local_day_start("2028-02-29", geo::TimeZone::utc()));
  EXPECT_EQ(*local_day_start("1970-01-02", geo::TimeZone::utc()), 86'400'000);
}

TEST(LeadCursorText, RoundTripsAndRefusesJunk) {
  LeadCursor c{1'700'000'000'123, 42};
  auto back = parse_cursor(cursor_text(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->created_at, c.created_at);
  EXPECT_EQ(back->id, 42);
  for (const char* bad : {"", "1", "1.", ".5", "1.0", "a.5", "1.-5", "1.5.6"})
    EXPECT_FALSE(parse_cursor(bad)) << bad;
  auto q = read_in_la({.before = "100.7"});
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->before);
  EXPECT_EQ(q->after.id, 7);
}

TEST(LeadContacts, MaskingKeepsOnlyWhatConfirmsACaller) {
  EXPECT_EQ(mask_phone("+14155550134"), "•••-•••-0134");
  EXPECT_EQ(mask_email("zoe@example.com"), "z•••@example.com");
  EXPECT_EQ(mask_email("nonsense"), "•••");
}

}  // namespace
}  // namespace plumbline::domain
