// Rules of hired choices, reviews and public profiles: stars, text caps, hide reasons, slugs and
// the rating and response-time figures.
#include "domain/reviews.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "domain/contact.hpp"

namespace plumbline::domain {

namespace {

Error review_problems(std::vector<FieldError> errs) {
  auto e = Error::make(ErrorCode::invalid_input, "Some answers need fixing.");
  e.details = std::move(errs);
  return e;
}

std::optional<std::int64_t> positive_id(std::string_view digits) {
  if (digits.empty() || digits.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace

std::optional<HiredChoice> parse_hired_choice(std::string_view value) {
  if (value == "someone_else") return HiredChoice{};
  constexpr std::string_view prefix = "plumber:";
  if (!value.starts_with(prefix)) return std::nullopt;
  auto id = positive_id(value.substr(prefix.size()));
  if (!id) return std::nullopt;
  return HiredChoice{UserId{*id}};
}

Status validate_review(const ReviewInput& in) {
  std::vector<FieldError> errs;
  auto stars = [&](int v, const char* field, const char* what) {
    if (v < 1 || v > 5) errs.push_back({field, std::string("Give 1 to 5 stars for ") + what + "."});
  };
  stars(in.punctuality, "punctuality", "punctuality");
  stars(in.quality, "quality", "the quality of the work");
  stars(in.price, "price", "the price");
  if (utf8_length(in.body) > review_text_max)
    errs.push_back({"body", "Keep your review under 2,000 characters."});
  else if (has_control_chars(in.body, true))
    errs.push_back({"body", "Remove unusual control characters."});
  if (errs.empty()) return ok_status();
  return review_problems(std::move(errs));
}

Status validate_review_reply(const std::string& text) {
  auto n = utf8_length(trim(text));
  if (n == 0) return review_problems({{"reply", "Write your reply."}});
  if (n > review_reply_max)
    return review_problems({{"reply", "Keep your reply under 1,000 characters."}});
  if (has_control_chars(text, true))
    return review_problems({{"reply", "Remove unusual control characters."}});
  return ok_status();
}

const std::vector<std::string>& review_hide_reasons() {
  static const std::vector<std::string> reasons{"abuse", "personal_data", "not_about_job"};
  return reasons;
}

bool is_review_hide_reason(std::string_view reason) {
  const auto& r = review_hide_reasons();
  return std::find(r.begin(), r.end(), reason) != r.end();
}

std::string review_hide_reason_label(std::string_view reason) {
  if (reason == "abuse") return "Abusive language";
  if (reason == "personal_data") return "Personal data";
  if (reason == "not_about_job") return "Not about the job";
  return std::string(reason);
}

std::string profile_slug(std::string_view business_name, std::int64_t plumber_id) {
  std::string out;
  bool dash = false;
  for (unsigned char c : business_name) {
    if (std::isalnum(c) && c < 0x80) {
      if (dash && !out.empty()) out += '-';
      dash = false;
      out += static_cast<char>(std::tolower(c));
      if (out.size() >= 60) break;
    } else {
      dash = true;
    }
  }
  if (out.empty()) out = "plumber";
  return out + "-" + std::to_string(plumber_id);
}

std::optional<std::int64_t> profile_slug_id(std::string_view slug) {
  auto dash = slug.rfind('-');
  return positive_id(dash == std::string_view::npos ? slug : slug.substr(dash + 1));
}

RatingSummary rating_summary(const std::vector<Review>& reviews) {
  RatingSummary s;
  std::int64_t p = 0, q = 0, c = 0;
  for (const auto& r : reviews) {
    if (r.hidden()) continue;
    ++s.count;
    p += r.punctuality;
    q += r.quality;
    c += r.price;
  }
  if (s.count == 0) return s;
  auto tenths = [&](std::int64_t sum, std::int64_t n) {
    return static_cast<int>((sum * 10 * 2 + n) / (2 * n));  // rounded half up
  };
  s.punctuality_x10 = tenths(p, s.count);
  s.quality_x10 = tenths(q, s.count);
  s.price_x10 = tenths(c, s.count);
  s.overall_x10 = tenths(p + q + c, 3LL * s.count);
  return s;
}

std::optional<Millis> median_millis(std::vector<Millis> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  auto n = values.size();
  if (n % 2 == 1) return values[n / 2];
  return (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string tenths_text(int x10) {
  return std::to_string(x10 / 10) + "." + std::to_string(x10 % 10);
}

std::string duration_words(Millis ms) {
  constexpr Millis minute = 60'000, hour = 60 * minute, day = 24 * hour;
  auto plural = [](Millis n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
  };
  if (ms < minute) return "under a minute";
  if (ms < hour) return plural(ms / minute, "minute");
  if (ms < day) return plural((ms + hour / 2) / hour, "hour");
  return plural((ms + day / 2) / day, "day");
}

}  // namespace plumbline::domain
