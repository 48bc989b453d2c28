// Plumber view helpers: CSV fields, money, ids, excerpts and the available-leads parameters.
#include "web/present/plumber_view.hpp"

#include <gtest/gtest.h>

#include "web/present/lead_card.hpp"

namespace plumbline::web {

TEST(PlumberView, CsvFieldsAreQuotedAndFormulaSafe) {
  EXPECT_EQ(csv_field("plain"), "\"plain\"");
  EXPECT_EQ(csv_field("say \"hi\", then\nleave"), "\"say \"\"hi\"\", then\nleave\"");
  EXPECT_EQ(csv_field("=SUM(A1)"), "\"'=SUM(A1)\"");
  EXPECT_EQ(csv_field("+14155550100"), "\"'+14155550100\"");
  EXPECT_EQ(csv_field("-2"), "\"'-2\"");
  EXPECT_EQ(csv_field("@cmd"), "\"'@cmd\"");
  EXPECT_EQ(csv_field("\tx"), "\"'\tx\"");
  EXPECT_EQ(csv_field(""), "\"\"");
}

TEST(PlumberView, ParsesDollarsAndIds) {
  EXPECT_EQ(parse_dollars("450"), 45000);
  EXPECT_EQ(parse_dollars("$1,250.5"), 125050);
  EXPECT_EQ(parse_dollars("0.07"), 7);
  EXPECT_EQ(parse_dollars(""), 0);
  EXPECT_FALSE(parse_dollars("12.345"));
  EXPECT_FALSE(parse_dollars("-5"));
  EXPECT_FALSE(parse_dollars("lots"));
  EXPECT_EQ(dollars(125050), "1250.50");
  EXPECT_EQ(dollars(7), "0.07");
  EXPECT_EQ(parse_id("42"), 42);
  EXPECT_FALSE(parse_id("0"));
  EXPECT_FALSE(parse_id("4x"));
  EXPECT_FALSE(parse_id(""));
  EXPECT_EQ(parse_int("100", 1, 100), 100);
  EXPECT_FALSE(parse_int("101", 1, 100));
  // 64-bit credits and cents: exact up to the limits, refused (never wrapped) beyond them.
  EXPECT_EQ(parse_int64("3000000000"), 3'000'000'000);
  EXPECT_EQ(parse_int64("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(parse_int64("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(parse_int64("9223372036854775808"));
  EXPECT_FALSE(parse_int64("99999999999999999999"));
  EXPECT_FALSE(parse_int64("1.5"));
  EXPECT_FALSE(parse_int64(""));
  EXPECT_EQ(dollars(300'000'000'000), "3000000000.00");
}

TEST(PlumberView, ExcerptsCutAtAWordAndKeepUtf8Whole) {
  EXPECT_EQ(description_excerpt("  short\n text "), "short text");
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "word ";
  auto e = description_excerpt(long_text, 30);
  EXPECT_LE(e.size(), 30u + 3u);
  EXPECT_EQ(e.substr(e.size() - 3), "…");
  EXPECT_EQ(e.substr(0, 4), "word");
  auto accents = description_excerpt(std::string(20, 'a') + "ééééééééééééé", 25);
  EXPECT_TRUE(accents.find("\xc3…") == std::string::npos);
}

TEST(PlumberView, AvailableParametersAreChecked) {
  domain::Catalog c;
  c.services.push_back({"leak_repair", "Leak repair"});
  c.urgencies.push_back({"emergency", "Emergency"});
  std::vector<domain::FieldError> errs;
  auto q = http::parse_urlencoded(
               "service_type=leak_repair&urgency=emergency&max_distance=30&sort=cheapest&page=3&"
               "per_page=10")
               .value();
  auto p = available_params(q, domain::UserId{7}, c, errs);
  EXPECT_TRUE(errs.empty());
  EXPECT_EQ(p.query.plumber_id, domain::UserId{7});
  EXPECT_EQ(p.query.sort, "cheapest");
  EXPECT_EQ(p.query.limit, 10);
  EXPECT_EQ(p.query.offset, 20);
  EXPECT_EQ(*p.query.max_distance, 30);
  auto bad =
      http::parse_urlencoded("service_type=x&urgency=y&max_distance=0&sort=z&page=0&per_page=101")
          .value();
  available_params(bad, domain::UserId{7}, c, errs);
  EXPECT_EQ(errs.size(), 6u);
}

TEST(PlumberView, ServiceBadgeClassIsOnePerSlugAndNeverInjectsMarkup) {
  EXPECT_EQ(service_badge_class("leak_repair"), "svc-badge svc-leak_repair");
  EXPECT_EQ(service_badge_class("water_heater"), "svc-badge svc-water_heater");
  EXPECT_EQ(service_badge_class(""), "svc-badge");
  EXPECT_EQ(service_badge_class("x\" onmouseover=\"y"), "svc-badge");
  EXPECT_EQ(service_badge_class("Leak Repair"), "svc-badge");
}

}  // namespace plumbline::web
