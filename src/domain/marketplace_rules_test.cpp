// Unit tests for the marketplace rules: prices, quiet hours, claim refusals and their order,
// profiles, reviews, outcomes, disputes and months.
#include "domain/marketplace_rules.hpp"

#include <gtest/gtest.h>

namespace plumbline::domain {
namespace {

constexpr Millis midnight = 1'799'971'200'000;  // 2027-01-15T00:00:00Z
constexpr Millis hour = 3'600'000, minute = 60'000;

Millis utc(int h, int m = 0) {
  return midnight + h * hour + m * minute;
}

Catalog catalog() {
  Catalog c;
  c.services = {{"drain_cleaning", "Drain cleaning", 2, true},
                {"water_heater", "Water heater", 3, true},
                {"sewer_line", "Sewer line", 4, true},
                {"repiping", "Repiping", 5, true},
                {"retired", "Retired", 9, false}};
  c.urgencies = {{"emergency", "Emergency", 1}, {"flexible", "Flexible", 0}};
  return c;
}

const geo::ZipTable& zips() {
  static const auto t = geo::ZipTable::parse(
      "# test\n94110\t37.75\t-122.415\tSan Francisco\tCA\n94103\t37.77\t-122.41\tSan "
      "Francisco\tCA\n94607\t37.80\t-122.30\tOakland\tCA\n");
  return t;
}

PlumberProfileInput full_input() {
  PlumberProfileInput p;
  p.business_name = " Pat's Plumbing ";
  p.contact_name = "Pat Lee";
  p.phone_e164 = "(415) 555-0134";
  p.licence_number = "C36-123456";
  p.licence_state = "ca";
  p.insurance_carrier = "Acme Mutual";
  p.insurance_expires_on = "2028-02-29";
  p.years_in_business = 12;
  p.services = {"drain_cleaning", "water_heater", "drain_cleaning"};
  p.base_zip = "94110";
  p.radius_miles = 25;
  p.extra_zips = {"94607", " 94607", "94103"};
  return p;
}

PlumberProfile approved_plumber() {
  PlumberProfile p;
  p.user_id = domain::UserId{7};
  p.profile = validate_profile(full_input(), catalog(), zips()).value();
  p.review.status = PlumberStatus::approved;
  p.plan_status = PlanStatus::active;
  p.settings.daily_cap = 5;
  return p;
}

Lead open_lead() {
  Lead l;
  l.id = domain::LeadId{42};
  l.status = LeadStatus::open;
  l.service_type = "drain_cleaning";
  l.urgency = "flexible";
  l.price_credits = 2;
  l.max_claims = 3;
  l.claims_count = 1;
  return l;
}

std::vector<std::string> fields(const Error& e) {
  std::vector<std::string> f;
  for (const auto& d : e.details) f.push_back(d.field);
  return f;
}

// --- price ---

TEST(MarketplaceRules, PriceIsBasePlusUrgencySurcharge) {
  EXPECT_EQ(lead_price(catalog(), "drain_cleaning", "flexible"), 2);
  EXPECT_EQ(lead_price(catalog(), "water_heater", "flexible"), 3);
  EXPECT_EQ(lead_price(catalog(), "sewer_line", "emergency"), 5);
  EXPECT_EQ(lead_price(catalog(), "repiping", "emergency"), 6);
  EXPECT_EQ(lead_price(catalog(), "nope", "emergency"), 0);
  EXPECT_EQ(lead_price(catalog(), "drain_cleaning", "nope"), 0);
  EXPECT_EQ(lead_price(catalog(), "retired", "flexible"), 0);  // inactive services are unknown
}

// --- quiet hours ---

// A wall clock at a fixed offset from UTC, in minutes.
UtcOffsetAt fixed_offset(int minutes) {
  return [minutes](Millis) { return static_cast<Millis>(minutes) * 60'000; };
}

// A wall clock whose offset changes from `before` to `after` minutes at the instant `change`.
UtcOffsetAt offset_changing_at(Millis change, int before, int after) {
  return [=](Millis at) { return static_cast<Millis>(at < change ? before : after) * 60'000; };
}

TEST(MarketplaceRules, NoQuietHoursWhenStartEqualsEnd) {
  PlumberSettings s;
  s.quiet_start_minute = s.quiet_end_minute = 600;
  EXPECT_FALSE(in_quiet_hours(s, utc(15), 0));
  EXPECT_EQ(sms_due_at(s, "flexible", utc(15), fixed_offset(0)), utc(15));
}

TEST(MarketplaceRules, DaytimeQuietRange) {
  PlumberSettings s;
  s.quiet_start_minute = 12 * 60;  // 12:00–13:30 lunch
  s.quiet_end_minute = 13 * 60 + 30;
  EXPECT_FALSE(in_quiet_hours(s, utc(11, 59), 0));
  EXPECT_TRUE(in_quiet_hours(s, utc(12), 0));
  EXPECT_TRUE(in_quiet_hours(s, utc(13, 29), 0));
  EXPECT_FALSE(in_quiet_hours(s, utc(13, 30), 0));
  EXPECT_EQ(sms_due_at(s, "flexible", utc(12, 10), fixed_offset(0)), utc(13, 30));
  EXPECT_EQ(sms_due_at(s, "flexible", utc(14), fixed_offset(0)), utc(14));
}

TEST(MarketplaceRules, OvernightQuietRangeWithOffset) {
  PlumberSettings s;
  const Millis minus5 = -300 * 60'000;  // UTC-5
  const auto utc_minus5 = fixed_offset(-300);
  s.quiet_start_minute = 21 * 60;  // 21:00–07:00 local = 02:00–12:00 UTC
  s.quiet_end_minute = 7 * 60;
  EXPECT_FALSE(in_quiet_hours(s, utc(1, 59), minus5));                    // 20:59 local
  EXPECT_TRUE(in_quiet_hours(s, utc(2), minus5));                         // 21:00 local
  EXPECT_TRUE(in_quiet_hours(s, utc(4, 30), minus5));                     // 23:30 local
  EXPECT_TRUE(in_quiet_hours(s, utc(5, 30), minus5));                     // 00:30 local
  EXPECT_TRUE(in_quiet_hours(s, utc(11, 59), minus5));                    // 06:59 local
  EXPECT_FALSE(in_quiet_hours(s, utc(12), minus5));                       // 07:00 local
  EXPECT_EQ(sms_due_at(s, "flexible", utc(3), utc_minus5), utc(12));      // before local midnight
  EXPECT_EQ(sms_due_at(s, "flexible", utc(6, 15), utc_minus5), utc(12));  // after local midnight
  EXPECT_EQ(sms_due_at(s, "flexible", utc(13), utc_minus5), utc(13));
}

TEST(MarketplaceRules, PositiveOffsetAcrossUtcMidnight) {
  PlumberSettings s;
  const Millis plus530 = 330 * 60'000;  // UTC+5:30
  s.quiet_start_minute = 22 * 60;       // 22:00–06:00 local = 16:30–00:30 UTC
  s.quiet_end_minute = 6 * 60;
  EXPECT_TRUE(in_quiet_hours(s, utc(16, 30), plus530));
  EXPECT_TRUE(in_quiet_hours(s, utc(0, 15), plus530));
  EXPECT_FALSE(in_quiet_hours(s, utc(0, 30), plus530));
  EXPECT_EQ(sms_due_at(s, "flexible", utc(20), fixed_offset(330)), utc(24, 30));
}

// Quiet 21:00–07:00 in Los Angeles; the clocks change overnight at utc(10) (02:00 local).
TEST(MarketplaceRules, QuietHoursEndOnTheWallClockWhenDaylightSavingTimeStarts) {
  PlumberSettings s;
  s.quiet_start_minute = 21 * 60;
  s.quiet_end_minute = 7 * 60;
  auto spring_forward = offset_changing_at(utc(10), -480, -420);  // PST → PDT
  // 23:00 PST: 07:00 PDT is 14:00 UTC, an hour earlier than a fixed -8 h offset would say.
  EXPECT_EQ(sms_due_at(s, "flexible", utc(7), spring_forward), utc(14));
  // After the change (03:30 PDT) the offset of the moment is already -7 h.
  EXPECT_EQ(sms_due_at(s, "flexible", utc(10, 30), spring_forward), utc(14));
  // Quiet hours ending at 02:30, a wall time that is skipped that night: the first instant after.
  s.quiet_end_minute = 2 * 60 + 30;
  EXPECT_EQ(sms_due_at(s, "flexible", utc(7), spring_forward), utc(10, 30));
}

TEST(MarketplaceRules, QuietHoursEndOnTheWallClockWhenDaylightSavingTimeEnds) {
  PlumberSettings s;
  s.quiet_start_minute = 21 * 60;
  s.quiet_end_minute = 7 * 60;
  auto fall_back = offset_changing_at(utc(9), -420, -480);  // PDT → PST at 02:00 PDT
  // 23:00 PDT (06:00 UTC): 07:00 PST is 15:00 UTC, an hour later than a fixed -7 h offset.
  EXPECT_EQ(sms_due_at(s, "flexible", utc(6), fall_back), utc(15));
  EXPECT_EQ(sms_due_at(s, "flexible", utc(12), fall_back), utc(15));  // 04:00 PST
  EXPECT_EQ(sms_due_at(s, "flexible", utc(15), fall_back), utc(15));  // 07:00 PST: not quiet
  EXPECT_TRUE(in_quiet_hours(s, utc(14, 30), -480 * 60'000));
}

TEST(MarketplaceRules, EmergenciesIgnoreQuietHours) {
  PlumberSettings s;
  s.quiet_start_minute = 0;
  s.quiet_end_minute = 23 * 60;
  EXPECT_TRUE(in_quiet_hours(s, utc(3), 0));
  EXPECT_EQ(sms_due_at(s, "emergency", utc(3), fixed_offset(0)), utc(3));
  EXPECT_EQ(sms_due_at(s, "flexible", utc(3), fixed_offset(0)), utc(23));
}

// --- plans and eligibility ---

TEST(MarketplaceRules, PlanGate) {
  EXPECT_TRUE(plan_allows_claiming(PlanStatus::active, 0, 0, utc(1), day_ms));
  EXPECT_TRUE(plan_allows_claiming(PlanStatus::trialing, 0, 0, utc(1), day_ms));
  EXPECT_TRUE(plan_allows_claiming(PlanStatus::past_due, utc(0), 0, utc(23), day_ms));
  EXPECT_FALSE(plan_allows_claiming(PlanStatus::past_due, utc(0), 0, utc(24), day_ms));
  EXPECT_FALSE(plan_allows_claiming(PlanStatus::none, 0, 0, utc(1), day_ms));
  EXPECT_FALSE(plan_allows_claiming(PlanStatus::none, 0, utc(48) / 1000, utc(1), day_ms));
  EXPECT_FALSE(plan_allows_claiming(PlanStatus::canceled, 0, 0, utc(1), day_ms));
}

// A canceled plan was paid up to current_period_end (Unix seconds): claiming stops exactly there.
TEST(MarketplaceRules, ACanceledPlanClaimsUntilItsPeriodEnds) {
  std::int64_t end_s = utc(10) / 1000;
  EXPECT_TRUE(plan_allows_claiming(PlanStatus::canceled, utc(0), end_s, utc(9), day_ms));
  EXPECT_TRUE(plan_allows_claiming(PlanStatus::canceled, utc(0), end_s, utc(10) - 1, day_ms));
  EXPECT_FALSE(plan_allows_claiming(PlanStatus::canceled, utc(0), end_s, utc(10), day_ms));
  EXPECT_FALSE(plan_allows_claiming(PlanStatus::canceled, utc(0), end_s, utc(40), day_ms));

  auto p = approved_plumber();
  p.plan_status = PlanStatus::canceled;
  p.current_period_end = end_s;
  EXPECT_FALSE(plumber_not_eligible(p, utc(9), day_ms).has_value());
  auto e = plumber_not_eligible(p, utc(11), day_ms);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, ErrorCode::not_eligible);
  EXPECT_NE(e->message.find("Choose a plan on the Billing page"), std::string::npos) << e->message;
}

TEST(MarketplaceRules, NotEligibleSaysWhy) {
  auto p = approved_plumber();
  EXPECT_FALSE(plumber_not_eligible(p, utc(1), day_ms).has_value());
  p.review.status = PlumberStatus::pending;
  EXPECT_NE(plumber_not_eligible(p, utc(1), day_ms)->message.find("waiting for review"),
            std::string::npos);
  p.review = {PlumberStatus::suspended, "Licence lapsed.", "", "", std::nullopt, 0};
  auto e = plumber_not_eligible(p, utc(1), day_ms);
  EXPECT_EQ(e->code, ErrorCode::not_eligible);
  EXPECT_NE(e->message.find("suspended: Licence lapsed."), std::string::npos);
  p.review = {PlumberStatus::rejected, "No insurance.", "", "", std::nullopt, 0};
  EXPECT_NE(plumber_not_eligible(p, utc(1), day_ms)->message.find("No insurance."),
            std::string::npos);
  p.review.status = PlumberStatus::approved;
  p.plan_status = PlanStatus::none;
  EXPECT_NE(plumber_not_eligible(p, utc(1), day_ms)->message.find("active plan"),
            std::string::npos);
  p.plan_status = PlanStatus::past_due;
  p.plan_changed_at = 0;
  EXPECT_NE(plumber_not_eligible(p, utc(1), day_ms)->message.find("past due"), std::string::npos);
  p.plan_status = PlanStatus::canceled;
  EXPECT_NE(plumber_not_eligible(p, utc(1), day_ms)->message.find("canceled"), std::string::npos);
  p.plan_status = PlanStatus::active;
  p.settings.paused = true;
  EXPECT_NE(plumber_not_eligible(p, utc(1), day_ms)->message.find("paused"), std::string::npos);
}

struct ClaimFixture {
  PlumberProfile plumber = approved_plumber();
  Lead lead = open_lead();
  ClaimCheck check() {
    ClaimCheck c;
    c.plumber = &plumber;
    c.lead = &lead;
    c.matched = c.offers_service = true;
    c.balance = 10;
    c.claims_last_24h = 0;
    c.now = utc(9);
    c.past_due_grace_ms = day_ms;
    return c;
  }
};

TEST(MarketplaceRules, ClaimAllowedWhenEverythingHolds) {
  ClaimFixture f;
  EXPECT_FALSE(claim_refusal(f.check()).has_value());
  auto c = f.check();
  c.balance = 2;  // exactly the price
  EXPECT_FALSE(claim_refusal(c).has_value());
  c.claims_last_24h = 4;  // one below the cap
  EXPECT_FALSE(claim_refusal(c).has_value());
}

TEST(MarketplaceRules, EveryClaimRefusal) {
  ClaimFixture f;
  auto code = [](const ClaimCheck& c) { return claim_refusal(c)->code; };
  auto c = f.check();
  c.lead = nullptr;
  EXPECT_EQ(code(c), ErrorCode::not_found);
  c = f.check();
  c.already_claimed = true;
  EXPECT_EQ(code(c), ErrorCode::already_claimed);
  c = f.check();
  c.matched = false;  // a lead never sent to me reads as an unknown one
  EXPECT_EQ(code(c), ErrorCode::not_found);
  EXPECT_EQ(claim_refusal(c)->message, "We could not find that lead.");
  c.already_claimed = true;
  EXPECT_EQ(code(c), ErrorCode::already_claimed);
  c = f.check();
  c.offers_service = false;
  EXPECT_NE(claim_refusal(c)->message.find("no longer offer"), std::string::npos);
  f.lead.status = LeadStatus::full;
  EXPECT_EQ(code(f.check()), ErrorCode::lead_full);
  f.lead.status = LeadStatus::open;
  f.lead.claims_count = 3;
  EXPECT_EQ(code(f.check()), ErrorCode::lead_full);
  f.lead.claims_count = 1;
  f.lead.status = LeadStatus::expired;
  EXPECT_NE(claim_refusal(f.check())->message.find("expired"), std::string::npos);
  f.lead.status = LeadStatus::closed;
  EXPECT_EQ(code(f.check()), ErrorCode::conflict);
  f.lead.status = LeadStatus::open;
  c = f.check();
  c.claims_last_24h = 5;
  EXPECT_EQ(code(c), ErrorCode::not_eligible);
  EXPECT_NE(claim_refusal(c)->message.find("daily limit of 5"), std::string::npos);
  c = f.check();
  c.balance = 1;
  auto e = claim_refusal(c);
  EXPECT_EQ(e->code, ErrorCode::insufficient_credits);
  EXPECT_NE(e->message.find("costs 2 credits and you have 1 credit: you need 1 credit more"),
            std::string::npos)
      << e->message;
  EXPECT_NE(e->message.find("Buy a credit pack on the Billing page"), std::string::npos);
}

TEST(MarketplaceRules, ClaimRefusalOrder) {
  ClaimFixture f;
  auto everything_wrong = [&] {
    auto c = f.check();
    c.already_claimed = true;
    c.matched = c.offers_service = false;
    c.balance = 0;
    c.claims_last_24h = 99;
    return c;
  };
  f.plumber.review.status = PlumberStatus::pending;
  f.lead.status = LeadStatus::full;
  // A double-click reads "already claimed" whatever else changed since the first click.
  EXPECT_EQ(claim_refusal(everything_wrong())->code, ErrorCode::already_claimed);
  auto c = everything_wrong();
  c.already_claimed = false;
  // A lead never sent to me reads as unknown before anything about me is said.
  EXPECT_EQ(claim_refusal(c)->code, ErrorCode::not_found);
  c.matched = true;
  EXPECT_NE(claim_refusal(c)->message.find("waiting for review"), std::string::npos);
  f.plumber.review.status = PlumberStatus::approved;
  EXPECT_NE(claim_refusal(c)->message.find("no longer offer"), std::string::npos);
  c.offers_service = true;
  EXPECT_EQ(claim_refusal(c)->code, ErrorCode::lead_full);
  f.lead.status = LeadStatus::open;
  EXPECT_NE(claim_refusal(c)->message.find("daily limit"), std::string::npos);
  c.claims_last_24h = 0;
  EXPECT_EQ(claim_refusal(c)->code, ErrorCode::insufficient_credits);
}

// --- profiles ---

TEST(MarketplaceRules, ValidProfileIsNormalised) {
  auto r = validate_profile(full_input(), catalog(), zips());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->business_name, "Pat's Plumbing");
  EXPECT_EQ(r->phone_e164, "+14155550134");
  EXPECT_EQ(r->licence_state, "CA");
  EXPECT_EQ(r->services, (std::vector<std::string>{"drain_cleaning", "water_heater"}));
  EXPECT_EQ(r->extra_zips, (std::vector<std::string>{"94607", "94103"}));
  EXPECT_DOUBLE_EQ(r->base_lat, 37.75);
  EXPECT_DOUBLE_EQ(r->base_lng, -122.415);
}

TEST(MarketplaceRules, ProfileProblemsAllAtOnce) {
  PlumberProfileInput p;
  p.phone_e164 = "12";
  p.licence_state = "XX";
  p.insurance_expires_on = "2027-02-29";
  p.years_in_business = -1;
  p.services = {"drain_cleaning", "moon_repair"};
  p.base_zip = "99999";
  p.radius_miles = 0;
  p.extra_zips = {"94110", "00000", "abc"};
  auto r = validate_profile(p, catalog(), zips());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(fields(r.error()),
            (std::vector<std::string>{"business_name", "contact_name", "phone", "licence_state",
                                      "insurance_expires_on", "years_in_business", "services",
                                      "base_zip", "radius_miles", "extra_zips"}));
  EXPECT_NE(r.error().details.back().message.find("00000, abc"), std::string::npos);
}

TEST(MarketplaceRules, RadiusBoundsAndExtraZipLimit) {
  auto p = full_input();
  for (int r : {1, 100}) {
    p.radius_miles = r;
    EXPECT_TRUE(validate_profile(p, catalog(), zips()).ok()) << r;
  }
  p.radius_miles = 101;
  EXPECT_EQ(fields(validate_profile(p, catalog(), zips()).error()),
            std::vector<std::string>{"radius_miles"});
  p.radius_miles = 25;
  p.extra_zips.clear();
  for (int i = 0; i < 51; ++i) p.extra_zips.push_back(std::to_string(10000 + i));
  auto r = validate_profile(p, catalog(), zips());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().details[0].message.find("at most 50"), std::string::npos);
}

TEST(MarketplaceRules, PartialProfileIsSavableButNotApprovable) {
  PlumberProfileInput p;
  p.business_name = "Pat's Plumbing";
  p.contact_name = "Pat Lee";
  p.phone_e164 = "4155550134";
  auto r = validate_profile(p, catalog(), zips());
  ASSERT_TRUE(r.ok());
  PlumberProfile pl;
  pl.profile = r.value();
  auto missing = approval_missing(pl, false);
  EXPECT_EQ(missing.size(), 7u);
  EXPECT_NE(missing[0].find("verified e-mail"), std::string::npos);
  EXPECT_EQ(missing[1], "your licence number");
  EXPECT_EQ(missing.back(), "the ZIP code your service area starts from");
  EXPECT_TRUE(approval_missing(approved_plumber(), true).empty());
}

TEST(MarketplaceRules, Settings) {
  PlumberSettings s;
  EXPECT_TRUE(validate_settings(s).ok());
  s.quiet_start_minute = 1440;
  s.utc_offset_minutes = 7;  // unused since quiet hours follow the base ZIP's zone
  s.daily_cap = -1;
  EXPECT_EQ(fields(validate_settings(s).error()),
            (std::vector<std::string>{"quiet_start_minute", "daily_cap"}));
}

// --- reviews ---

TEST(MarketplaceRules, Reviews) {
  PlumberReview r{PlumberStatus::approved, "", "2027-01-10", "2027-12-31", UserId{1}, 0};
  EXPECT_TRUE(validate_review(r).ok());
  r.insurance_valid_until = "";
  EXPECT_EQ(fields(validate_review(r).error()), std::vector<std::string>{"insurance_valid_until"});
  r.licence_verified_on = "2027-13-01";
  EXPECT_EQ(fields(validate_review(r).error()).front(), "licence_verified_on");
  EXPECT_EQ(fields(validate_review({PlumberStatus::rejected, " ", "", "", UserId{1}, 0}).error()),
            std::vector<std::string>{"reason"});
  EXPECT_TRUE(
      validate_review({PlumberStatus::rejected, "No licence on file.", "", "", UserId{1}, 0}).ok());
  EXPECT_FALSE(validate_review({PlumberStatus::suspended, "", "", "", UserId{1}, 0}).ok());
  EXPECT_TRUE(
      validate_review({PlumberStatus::suspended, "Complaints.", "", "", UserId{1}, 0}).ok());
  EXPECT_EQ(fields(validate_review({PlumberStatus::pending, "x", "", "", UserId{1}, 0}).error()),
            std::vector<std::string>{"status"});
  EXPECT_TRUE(is_plumber_status("suspended"));
  EXPECT_FALSE(is_plumber_status("gone"));
  EXPECT_TRUE(is_plan_status("past_due"));
  EXPECT_FALSE(is_plan_status("gold"));
}

// --- outcomes, disputes, months ---

TEST(MarketplaceRules, Outcomes) {
  EXPECT_TRUE(validate_outcome({ClaimOutcome::won, 125'000, "Replaced the heater"}).ok());
  EXPECT_TRUE(validate_outcome({ClaimOutcome::new_, 0, ""}).ok());
  EXPECT_EQ(
      fields(validate_outcome({parse<ClaimOutcome>("maybe"), -1, std::string(5001, 'x')}).error()),
      (std::vector<std::string>{"outcome", "job_value", "notes"}));
}

TEST(MarketplaceRules, Disputes) {
  for (const char* r : {dispute_wrong_contact, dispute_outside_area, dispute_service_not_offered,
                        dispute_duplicate, dispute_never_requested}) {
    EXPECT_TRUE(is_dispute_reason(r)) << r;
    EXPECT_NE(dispute_reason_label(r), r);
  }
  EXPECT_FALSE(is_dispute_reason("bored"));
  for (auto st : {DisputeStatus::pending, DisputeStatus::approved, DisputeStatus::denied})
    EXPECT_NE(dispute_status_label(st), to_string(st));
  Lead lead = open_lead();
  EXPECT_FALSE(dispute_auto_refunds(dispute_duplicate, lead));
  EXPECT_FALSE(dispute_auto_refunds(dispute_never_requested, lead));
  lead.duplicate_of = domain::LeadId{41};
  EXPECT_TRUE(dispute_auto_refunds(dispute_duplicate, lead));
  EXPECT_FALSE(dispute_auto_refunds(dispute_wrong_contact, lead));
  lead.duplicate_of.reset();
  lead.flag = lead_flag_never_requested;
  EXPECT_TRUE(dispute_auto_refunds(dispute_never_requested, lead));
  EXPECT_TRUE(dispute_auto_refunds(dispute_wrong_contact, lead));
}

TEST(MarketplaceRules, DisputeWindow) {
  Claim c;
  c.created_at = utc(0);
  EXPECT_TRUE(within_dispute_window(c, utc(0) + 14 * day_ms, 14 * day_ms));
  EXPECT_FALSE(within_dispute_window(c, utc(0) + 14 * day_ms + 1, 14 * day_ms));
}

TEST(MarketplaceRules, MonthStart) {
  EXPECT_EQ(month_start_utc(utc(9)), 1'798'761'600'000);             // 2027-01-01
  EXPECT_EQ(month_start_utc(1'798'761'600'000), 1'798'761'600'000);  // the first instant itself
  EXPECT_EQ(month_start_utc(1'709'251'199'000), 1'706'745'600'000);  // 2024-02-29 → 2024-02-01
  EXPECT_EQ(month_start_utc(-1'468'800'000), -2'678'400'000);        // 1969-12-15 → 1969-12-01
}

}  // namespace
}  // namespace plumbline::domain
