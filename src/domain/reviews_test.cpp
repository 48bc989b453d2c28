// Unit tests of the review rules: stars and text caps, hide reasons (none for "negative"), slugs,
// the rating summary (hidden reviews skipped) and the median.
#include "domain/reviews.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {

TEST(Reviews, HiredChoiceParsesPlumberOrSomeoneElse) {
  EXPECT_EQ(parse_hired_choice("plumber:42")->plumber_id, UserId{42});
  EXPECT_FALSE(parse_hired_choice("someone_else")->plumber_id.has_value());
  EXPECT_FALSE(parse_hired_choice("plumber:").has_value());
  EXPECT_FALSE(parse_hired_choice("plumber:-3").has_value());
  EXPECT_FALSE(parse_hired_choice("plumber:4x").has_value());
  EXPECT_FALSE(parse_hired_choice("").has_value());
}

TEST(Reviews, StarsMustBeOneToFiveAndTextIsCapped) {
  EXPECT_TRUE(validate_review({5, 1, 3, "Good job"}).ok());
  auto bad = validate_review({0, 6, 3, std::string(review_text_max + 1, 'x')});
  ASSERT_FALSE(bad.ok());
  std::vector<std::string> fields;
  for (const auto& d : bad.error().details) fields.push_back(d.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"punctuality", "quality", "body"}));
  EXPECT_TRUE(validate_review({1, 1, 1, std::string(review_text_max, 'x')}).ok());
}

TEST(Reviews, ReplyNeedsTextUnderTheCap) {
  EXPECT_TRUE(validate_review_reply("Thank you!").ok());
  EXPECT_FALSE(validate_review_reply("   ").ok());
  EXPECT_FALSE(validate_review_reply(std::string(review_reply_max + 1, 'x')).ok());
}

TEST(Reviews, NoReasonToHideANegativeReview) {
  EXPECT_TRUE(is_review_hide_reason("abuse"));
  EXPECT_TRUE(is_review_hide_reason("personal_data"));
  EXPECT_TRUE(is_review_hide_reason("not_about_job"));
  EXPECT_FALSE(is_review_hide_reason("negative"));
  EXPECT_FALSE(is_review_hide_reason(""));
  EXPECT_EQ(review_hide_reasons().size(), 3u);
}

TEST(Reviews, SlugIsTheNameAndTheId) {
  EXPECT_EQ(profile_slug("Bob's Plumbing & Heating, LLC", 42), "bob-s-plumbing-heating-llc-42");
  EXPECT_EQ(profile_slug("  ", 7), "plumber-7");
  EXPECT_EQ(profile_slug_id("bob-s-plumbing-42"), 42);
  EXPECT_EQ(profile_slug_id("42"), 42);
  EXPECT_FALSE(profile_slug_id("bob-plumbing").has_value());
  EXPECT_FALSE(profile_slug_id("bob-0").has_value());
}

TEST(Reviews, SummarySkipsHiddenReviews) {
  Review a, b, hidden;
  a.punctuality = 5, a.quality = 4, a.price = 3;
  b.punctuality = 4, b.quality = 4, b.price = 2;
  hidden.punctuality = hidden.quality = hidden.price = 1;
  hidden.hidden_at = 1;
  auto s = rating_summary({a, b, hidden});
  EXPECT_EQ(s.count, 2);
  EXPECT_EQ(s.punctuality_x10, 45);
  EXPECT_EQ(s.quality_x10, 40);
  EXPECT_EQ(s.price_x10, 25);
  EXPECT_EQ(s.overall_x10, 37);  // 22 / 6 = 3.67
  EXPECT_EQ(tenths_text(s.overall_x10), "3.7");
  EXPECT_EQ(rating_summary({}).count, 0);
}

TEST(Reviews, MedianOfOddAndEvenCounts) {
  EXPECT_FALSE(median_millis({}).has_value());
  EXPECT_EQ(median_millis({30, 10, 20}), 20);
  EXPECT_EQ(median_millis({40, 10, 20, 30}), 25);
  EXPECT_EQ(duration_words(30'000), "under a minute");
  EXPECT_EQ(duration_words(12 * 60'000), "12 minutes");
  EXPECT_EQ(duration_words(3 * 3'600'000), "3 hours");
}

}  // namespace plumbline::domain
