// Verified-fact changes after approval: what changed, which check it clears, and labels.
#include "domain/profile_change_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "domain/contact.hpp"

namespace plumbline::domain {

namespace {

struct Fact {
  const char* field;
  const char* label;
  bool licence;  // clears the licence check (else the insurance check)
  std::string PlumberProfileInput::*value;
};

const std::array<Fact, 5>& facts() {
  static const std::array<Fact, 5> all{{
      {fact_business_name, "business name", true, &PlumberProfileInput::business_name},
      {fact_licence_number, "licence number", true, &PlumberProfileInput::licence_number},
      {fact_licence_state, "licence state", true, &PlumberProfileInput::licence_state},
      {fact_insurance_carrier, "insurance carrier", false, &PlumberProfileInput::insurance_carrier},
      {fact_insurance_expires_on, "insurance expiry date", false,
       &PlumberProfileInput::insurance_expires_on},
  }};
  return all;
}

const Fact* find_fact(const std::string& field) {
  for (const auto& f : facts())
    if (field == f.field) return &f;
  return nullptr;
}

// Trimmed, white space runs as one space, ASCII case folded.
std::string normalised(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : trim(s)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

bool is_verified_fact(const std::string& field) {
  return find_fact(field) != nullptr;
}

bool verified_facts_apply(const PlumberReview& r) {
  if (r.status == PlumberStatus::approved) return true;
  return r.status == PlumberStatus::suspended &&
         (!r.licence_verified_on.empty() || !r.insurance_valid_until.empty());
}

std::vector<ProfileChange> verified_fact_changes(UserId plumber_id,
                                                 const PlumberProfileInput& stored,
                                                 const PlumberProfileInput& input, Millis now) {
  std::vector<ProfileChange> out;
  for (const auto& f : facts()) {
    const auto& was = stored.*f.value;
    const auto& now_is = input.*f.value;
    if (normalised(was) == normalised(now_is)) continue;
    ProfileChange c;
    c.plumber_id = plumber_id;
    c.field = f.field;
    c.old_value = was;
    c.new_value = now_is;
    c.created_at = now;
    out.push_back(std::move(c));
  }
  return out;
}

PlumberReview review_after_changes(PlumberReview review,
                                   const std::vector<ProfileChange>& changes) {
  for (const auto& c : changes) {
    const auto* f = find_fact(c.field);
    if (!f) continue;
    if (f->licence)
      review.licence_verified_on.clear();
    else
      review.insurance_valid_until.clear();
  }
  return review;
}

std::string verified_fact_label(const std::string& field) {
  const auto* f = find_fact(field);
  return f ? f->label : field;
}

std::vector<std::string> facts_waiting_for_check(const std::vector<ProfileChange>& changes) {
  std::vector<std::string> out;
  for (const auto& f : facts())
    if (std::any_of(changes.begin(), changes.end(),
                    [&](const ProfileChange& c) { return c.pending() && c.field == f.field; }))
      out.emplace_back(f.label);
  return out;
}

}  // namespace plumbline::domain
