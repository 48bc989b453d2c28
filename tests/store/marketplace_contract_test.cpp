// Marketplace store contract on SQLite and PostgreSQL: profiles, matching, cards, claims, disputes.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <thread>
#include <unordered_map>

#include "marketplace_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

using domain::AvailableQuery;
using domain::LeadCard;
using domain::MatchCandidate;
using domain::PlumberProfile;

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class Market : public accounts_test::AccountsFixture {
 protected:
  std::int64_t plumber(int n, const PlumberSpec& s = {}) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = add_plumber(tx, n, s); });
    return id;
  }
  std::int64_t lead(const domain::NewLead& l) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_lead(l); });
    return id;
  }
  PlumberProfile profile(std::int64_t id) {
    auto p = read<std::optional<PlumberProfile>>([&](Tx& tx) { return tx.plumber_profile(id); });
    if (!p) throw std::runtime_error("no profile for " + std::to_string(id));
    return *p;
  }
  domain::Lead get_lead(std::int64_t id) {
    auto l = read<std::optional<domain::Lead>>([&](Tx& tx) { return tx.lead_by_id(id); });
    if (!l) throw std::runtime_error("no lead " + std::to_string(id));
    return *l;
  }
  std::vector<MatchCandidate> match(const domain::MatchQuery& q) {
    return read<std::vector<MatchCandidate>>([&](Tx& tx) { return tx.match_plumbers(q); });
  }
  std::vector<std::int64_t> match_ids(const domain::MatchQuery& q) {
    std::vector<std::int64_t> out;
    for (const auto& m : match(q)) out.push_back(m.plumber_id);
    return out;
  }
  std::int64_t claim(std::int64_t lead_id, std::int64_t plumber_id, Millis at,
                     domain::Credits price = 2) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_claim(make_claim(lead_id, plumber_id, at, price)); });
    return id;
  }
  domain::Claim get_claim(std::int64_t id) {
    auto c = read<std::optional<domain::Claim>>([&](Tx& tx) { return tx.claim_by_id(id); });
    if (!c) throw std::runtime_error("no claim " + std::to_string(id));
    return *c;
  }
  void set_status(std::int64_t lead_id, const char* to) {
    write([&](Tx& tx) { ASSERT_TRUE(tx.update_lead_status(lead_id, "open", to, to, t0 + 99)); });
  }
  domain::AvailablePage available(AvailableQuery q) {
    return read<domain::AvailablePage>([&](Tx& tx) { return tx.available_leads(q); });
  }
  std::vector<std::int64_t> available_ids(AvailableQuery q) {
    std::vector<std::int64_t> out;
    for (const auto& c : available(q).leads) out.push_back(c.lead_id);
    return out;
  }
};

// ---------------------------------------------------------------- profiles

TEST_P(Market, ProfileDefaultsAfterSignup) {
  auto id = add_user("joe@example.com");
  write([&](Tx& tx) {
    tx.insert_plumber(domain::Plumber{id, "Joe's Pipes", "Joe Jiménez", "+12125550199"});
  });
  auto p = profile(id);
  EXPECT_EQ(p.user_id, id);
  EXPECT_EQ(p.email, "joe@example.com");
  EXPECT_EQ(p.profile.business_name, "Joe's Pipes");
  EXPECT_EQ(p.profile.contact_name, "Joe Jiménez");
  EXPECT_EQ(p.profile.phone_e164, "+12125550199");
  EXPECT_EQ(p.profile.base_zip, "");
  EXPECT_EQ(p.profile.radius_miles, domain::radius_default_miles);
  EXPECT_TRUE(p.profile.services.empty());
  EXPECT_TRUE(p.profile.extra_zips.empty());
  EXPECT_EQ(p.review.status, domain::plumber_pending);
  EXPECT_EQ(p.review.reviewed_by, std::nullopt);
  EXPECT_EQ(p.plan_status, domain::plan_none);
  domain::PlumberSettings d;
  EXPECT_EQ(p.settings.notify_email, d.notify_email);
  EXPECT_EQ(p.settings.notify_sms, d.notify_sms);
  EXPECT_EQ(p.settings.daily_cap, d.daily_cap);
  EXPECT_EQ(p.settings.utc_offset_minutes, d.utc_offset_minutes);
  EXPECT_EQ(p.settings.paused, false);

  // Not a plumber, or no such user: nullopt.
  auto admin = add_user(make_user("admin@example.com", domain::role_admin));
  EXPECT_EQ(read<std::optional<PlumberProfile>>([&](Tx& tx) { return tx.plumber_profile(admin); }),
            std::nullopt);
  EXPECT_EQ(
      read<std::optional<PlumberProfile>>([&](Tx& tx) { return tx.plumber_profile(id + 1000); }),
      std::nullopt);
}

TEST_P(Market, ProfileRoundTripReplacesServicesAndZips) {
  auto id = add_user("joe@example.com");
  write([&](Tx& tx) { tx.insert_plumber(domain::Plumber{id, "Old", "Old", "+12125550100"}); });

  domain::PlumberProfileInput in;
  in.business_name = "Joe's Pipes & Drains, LLC — \"since 1999\"";
  in.contact_name = "Joe \"JJ\" Jiménez";
  in.phone_e164 = "+12125550199";
  in.licence_number = "MP-00123/B";
  in.licence_state = "NJ";
  in.insurance_carrier = "Zoë's Mutual";
  in.insurance_expires_on = "2027-03-31";
  in.years_in_business = 27;
  in.description = "Line one.\nLine two — ünïcödé; 'quotes'.";
  in.services = {"water_heater", "leak_repair", "sewer_line"};
  in.base_zip = "07030";
  in.base_lat = zip("07030").lat;
  in.base_lng = zip("07030").lng;
  in.radius_miles = 37;
  in.extra_zips = {"10001", "11201", "08540"};
  write([&](Tx& tx) { tx.save_plumber_profile(id, in, t0 + 5); });

  auto p = profile(id);
  EXPECT_EQ(p.email, "joe@example.com");
  EXPECT_EQ(p.profile.business_name, in.business_name);
  EXPECT_EQ(p.profile.contact_name, in.contact_name);
  EXPECT_EQ(p.profile.phone_e164, in.phone_e164);
  EXPECT_EQ(p.profile.licence_number, in.licence_number);
  EXPECT_EQ(p.profile.licence_state, in.licence_state);
  EXPECT_EQ(p.profile.insurance_carrier, in.insurance_carrier);
  EXPECT_EQ(p.profile.insurance_expires_on, in.insurance_expires_on);
  EXPECT_EQ(p.profile.years_in_business, 27);
  EXPECT_EQ(p.profile.description, in.description);
  EXPECT_EQ(sorted(p.profile.services), sorted(in.services));
  EXPECT_EQ(p.profile.base_zip, "07030");
  EXPECT_DOUBLE_EQ(p.profile.base_lat, in.base_lat);
  EXPECT_DOUBLE_EQ(p.profile.base_lng, in.base_lng);
  EXPECT_EQ(p.profile.radius_miles, 37);
  EXPECT_EQ(sorted(p.profile.extra_zips), sorted(in.extra_zips));
  EXPECT_EQ(p.updated_at, t0 + 5);
  // The signup row (plumber_by_user) follows the profile's names and phone.
  auto row = read<std::optional<domain::Plumber>>([&](Tx& tx) { return tx.plumber_by_user(id); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->business_name, in.business_name);
  EXPECT_EQ(row->phone_e164, in.phone_e164);

  // A second save replaces the lists (not appended), and every field.
  in.services = {"drain_cleaning"};
  in.extra_zips = {"11201", "10002"};
  in.radius_miles = 1;
  in.years_in_business = 0;
  in.description = "";
  write([&](Tx& tx) { tx.save_plumber_profile(id, in, t0 + 6); });
  p = profile(id);
  EXPECT_EQ(p.profile.services, std::vector<std::string>{"drain_cleaning"});
  EXPECT_EQ(sorted(p.profile.extra_zips), (std::vector<std::string>{"10002", "11201"}));
  EXPECT_EQ(p.profile.radius_miles, 1);
  EXPECT_EQ(p.profile.years_in_business, 0);
  EXPECT_EQ(p.profile.description, "");
  EXPECT_EQ(p.updated_at, t0 + 6);

  // Empty lists clear them.
  in.services.clear();
  in.extra_zips.clear();
  write([&](Tx& tx) { tx.save_plumber_profile(id, in, t0 + 7); });
  p = profile(id);
  EXPECT_TRUE(p.profile.services.empty());
  EXPECT_TRUE(p.profile.extra_zips.empty());

  // Another plumber's lists are untouched by these saves.
  auto other = plumber(2, PlumberSpec{"10001", 25, {"leak_repair", "gas_line"}, {"10003"}});
  write([&](Tx& tx) { tx.save_plumber_profile(id, in, t0 + 8); });
  auto o = profile(other);
  EXPECT_EQ(sorted(o.profile.services), (std::vector<std::string>{"gas_line", "leak_repair"}));
  EXPECT_EQ(o.profile.extra_zips, std::vector<std::string>{"10003"});
}

TEST_P(Market, SettingsReviewAndPlanRoundTripIndependently) {
  auto admin = add_user(make_user("admin@example.com", domain::role_admin));
  auto id = plumber(
      1, PlumberSpec{"10001", 25, {"leak_repair"}, {}, domain::plumber_pending, domain::plan_none});
  auto before = profile(id);

  domain::PlumberSettings s;
  s.notify_email = false;
  s.notify_sms = true;
  s.quiet_start_minute = 22 * 60 + 30;
  s.quiet_end_minute = 7 * 60;
  s.utc_offset_minutes = -420;
  s.daily_cap = 3;
  s.paused = true;
  write([&](Tx& tx) { tx.save_plumber_settings(id, s, t0 + 10); });
  auto p = profile(id);
  EXPECT_FALSE(p.settings.notify_email);
  EXPECT_TRUE(p.settings.notify_sms);
  EXPECT_EQ(p.settings.quiet_start_minute, 1350);
  EXPECT_EQ(p.settings.quiet_end_minute, 420);
  EXPECT_EQ(p.settings.utc_offset_minutes, -420);
  EXPECT_EQ(p.settings.daily_cap, 3);
  EXPECT_TRUE(p.settings.paused);
  EXPECT_EQ(p.profile.business_name, before.profile.business_name);  // profile untouched
  EXPECT_EQ(p.profile.services, before.profile.services);
  EXPECT_EQ(p.review.status, domain::plumber_pending);

  domain::PlumberReview r;
  r.status = domain::plumber_approved;
  r.reason = "Licence and insurance checked — OK";
  r.licence_verified_on = "2026-11-20";
  r.insurance_valid_until = "2027-05-31";
  r.reviewed_by = admin;
  r.reviewed_at = t0 + 20;
  write([&](Tx& tx) { tx.set_plumber_review(id, r); });
  p = profile(id);
  EXPECT_EQ(p.review.status, domain::plumber_approved);
  EXPECT_EQ(p.review.reason, r.reason);
  EXPECT_EQ(p.review.licence_verified_on, "2026-11-20");
  EXPECT_EQ(p.review.insurance_valid_until, "2027-05-31");
  EXPECT_EQ(p.review.reviewed_by, std::optional<std::int64_t>(admin));
  EXPECT_EQ(p.review.reviewed_at, t0 + 20);
  EXPECT_EQ(p.settings.daily_cap, 3);  // settings untouched

  r.status = domain::plumber_suspended;
  r.reason = "Complaints";
  r.reviewed_by = std::nullopt;
  r.reviewed_at = t0 + 30;
  write([&](Tx& tx) { tx.set_plumber_review(id, r); });
  p = profile(id);
  EXPECT_EQ(p.review.status, domain::plumber_suspended);
  EXPECT_EQ(p.review.reason, "Complaints");
  EXPECT_EQ(p.review.reviewed_by, std::nullopt);
  EXPECT_EQ(p.review.reviewed_at, t0 + 30);

  EXPECT_EQ(p.plan_status, domain::plan_none);
  for (const char* plan : {domain::plan_active, domain::plan_trialing, domain::plan_past_due,
                           domain::plan_canceled, domain::plan_none}) {
    write([&](Tx& tx) { tx.set_plumber_plan(id, plan, t0 + 40); });
    p = profile(id);
    EXPECT_EQ(p.plan_status, plan);
    EXPECT_EQ(p.plan_changed_at, t0 + 40);
  }
  write([&](Tx& tx) { tx.set_plumber_plan(id, domain::plan_active, t0 + 41); });
  EXPECT_EQ(profile(id).plan_changed_at, t0 + 41);

  // Saving the profile keeps settings, review and plan.
  write([&](Tx& tx) { tx.save_plumber_profile(id, profile_input(1, PlumberSpec{}), t0 + 50); });
  p = profile(id);
  EXPECT_TRUE(p.settings.paused);
  EXPECT_EQ(p.settings.daily_cap, 3);
  EXPECT_EQ(p.review.status, domain::plumber_suspended);
  EXPECT_EQ(p.plan_status, domain::plan_active);
}

TEST_P(Market, ListAndCountPlumbersByStatus) {
  std::vector<std::int64_t> approved, pending;
  const char* statuses[] = {domain::plumber_approved, domain::plumber_pending,
                            domain::plumber_approved, domain::plumber_rejected,
                            domain::plumber_approved, domain::plumber_suspended,
                            domain::plumber_pending,  domain::plumber_approved};
  std::vector<std::int64_t> all;
  for (int i = 0; i < 8; ++i) {
    PlumberSpec s;
    s.status = statuses[i];
    auto id = plumber(i, s);
    all.push_back(id);
    if (s.status == domain::plumber_approved) approved.push_back(id);
    if (s.status == domain::plumber_pending) pending.push_back(id);
  }
  add_user(make_user("admin@example.com", domain::role_admin));  // not a plumber
  auto ids = [&](const std::string& status, int limit, int offset) {
    domain::PlumberListQuery q;
    q.status = status;
    q.limit = limit;
    q.offset = offset;
    std::vector<std::int64_t> out;
    for (const auto& p :
         read<std::vector<PlumberProfile>>([&](Tx& tx) { return tx.list_plumbers(q); })) {
      if (!status.empty()) {
        EXPECT_EQ(p.review.status, status);
      }
      out.push_back(p.user_id);
    }
    return out;
  };
  EXPECT_EQ(ids(domain::plumber_approved, 50, 0), approved);
  EXPECT_EQ(ids(domain::plumber_pending, 50, 0), pending);
  EXPECT_EQ(ids("", 50, 0), all);
  EXPECT_EQ(ids(domain::plumber_approved, 2, 0),
            (std::vector<std::int64_t>{approved[0], approved[1]}));
  EXPECT_EQ(ids(domain::plumber_approved, 2, 2),
            (std::vector<std::int64_t>{approved[2], approved[3]}));
  EXPECT_TRUE(ids(domain::plumber_approved, 2, 4).empty());
  EXPECT_EQ(ids("", 3, 6), (std::vector<std::int64_t>{all[6], all[7]}));
  // Listed profiles carry their lists too.
  domain::PlumberListQuery q;
  q.status = domain::plumber_rejected;
  auto rejected = read<std::vector<PlumberProfile>>([&](Tx& tx) { return tx.list_plumbers(q); });
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].profile.services, std::vector<std::string>{"leak_repair"});
  EXPECT_EQ(rejected[0].profile.base_zip, "10001");

  auto count = [&](const std::string& s) {
    return read<std::int64_t>([&](Tx& tx) { return tx.count_plumbers(s); });
  };
  EXPECT_EQ(count(domain::plumber_approved), 4);
  EXPECT_EQ(count(domain::plumber_pending), 2);
  EXPECT_EQ(count(domain::plumber_rejected), 1);
  EXPECT_EQ(count(domain::plumber_suspended), 1);
  EXPECT_EQ(count(""), 8);
}

// ---------------------------------------------------------------- matching

TEST_P(Market, EveryEligibilityRuleExcludes) {
  auto spec = [](auto change) {
    PlumberSpec s;
    change(s);
    return s;
  };
  auto eligible = plumber(1);
  auto pending = plumber(2, spec([](PlumberSpec& s) { s.status = domain::plumber_pending; }));
  auto rejected = plumber(3, spec([](PlumberSpec& s) { s.status = domain::plumber_rejected; }));
  auto suspended = plumber(4, spec([](PlumberSpec& s) { s.status = domain::plumber_suspended; }));
  auto plan_none = plumber(5, spec([](PlumberSpec& s) { s.plan = domain::plan_none; }));
  auto canceled = plumber(6, spec([](PlumberSpec& s) { s.plan = domain::plan_canceled; }));
  auto trialing = plumber(7, spec([](PlumberSpec& s) { s.plan = domain::plan_trialing; }));
  auto past_due = plumber(8, spec([](PlumberSpec& s) { s.plan = domain::plan_past_due; }));
  auto paused = plumber(9, spec([](PlumberSpec& s) { s.paused = true; }));
  auto cap0 = plumber(10, spec([](PlumberSpec& s) { s.daily_cap = 0; }));
  auto capped = plumber(11, spec([](PlumberSpec& s) { s.daily_cap = 2; }));
  auto capped_at_edge = plumber(12, spec([](PlumberSpec& s) { s.daily_cap = 2; }));
  auto cap_old = plumber(13, spec([](PlumberSpec& s) { s.daily_cap = 2; }));
  auto cap_below = plumber(14, spec([](PlumberSpec& s) { s.daily_cap = 3; }));
  auto other_service = plumber(15, spec([](PlumberSpec& s) {
                                 s.services = {"drain_cleaning", "water_heater"};
                               }));
  auto many_services = plumber(16, spec([](PlumberSpec& s) {
                                 s.services = {"drain_cleaning", "leak_repair", "remodel"};
                               }));

  // Claims on earlier leads; the window starts at cap_since (inclusive).
  const Millis since = t0 + 86'400'000;
  auto l1 = lead(market_lead(1, "10001", "leak_repair", t0));
  auto l2 = lead(market_lead(2, "10001", "leak_repair", t0));
  claim(l1, capped, since + 10);
  claim(l2, capped, since + 20);
  claim(l1, capped_at_edge, since);  // exactly at cap_since: counts
  claim(l2, capped_at_edge, since + 1);
  claim(l1, cap_old, since - 1);  // before the window: does not count
  claim(l2, cap_old, since + 1);
  claim(l1, cap_below, since + 1);
  claim(l2, cap_below, since + 2);

  auto q = match_at_zip("10001", "leak_repair", since);
  EXPECT_EQ(match_ids(q), (std::vector<std::int64_t>{eligible, trialing, past_due, cap_old,
                                                     cap_below, many_services}));
  (void)pending, (void)rejected, (void)suspended, (void)plan_none, (void)canceled, (void)paused;
  (void)cap0, (void)capped, (void)capped_at_edge;

  // Moving the window forward past the claims frees the capped plumbers.
  q.cap_since = since + 21;
  EXPECT_EQ(match_ids(q),
            (std::vector<std::int64_t>{eligible, trialing, past_due, capped, capped_at_edge,
                                       cap_old, cap_below, many_services}));

  // The service decides too.
  q = match_at_zip("10001", "drain_cleaning", since);
  EXPECT_EQ(match_ids(q), (std::vector<std::int64_t>{other_service, many_services}));
  q = match_at_zip("10001", "gas_line", since);
  EXPECT_TRUE(match_ids(q).empty());

  // What the alerts need comes with the candidate.
  write([&](Tx& tx) {
    domain::PlumberSettings s;
    s.notify_sms = true;
    s.notify_email = false;
    s.quiet_start_minute = 1320;
    s.quiet_end_minute = 360;
    s.utc_offset_minutes = -480;
    s.daily_cap = 7;
    tx.save_plumber_settings(eligible, s, t0);
  });
  auto ms = match(match_at_zip("10001", "leak_repair", since));
  ASSERT_FALSE(ms.empty());
  const auto& m = ms[0];
  EXPECT_EQ(m.plumber_id, eligible);
  EXPECT_EQ(m.email, "plumber1@example.com");
  EXPECT_EQ(m.business_name, profile_input(1, {}).business_name);
  EXPECT_EQ(m.phone_e164, profile_input(1, {}).phone_e164);
  EXPECT_EQ(m.base_zip, "10001");  // its time zone is the one the quiet hours follow
  EXPECT_NEAR(m.distance_miles, 0.0, 1e-6);
  EXPECT_TRUE(m.settings.notify_sms);
  EXPECT_FALSE(m.settings.notify_email);
  EXPECT_EQ(m.settings.quiet_start_minute, 1320);
  EXPECT_EQ(m.settings.quiet_end_minute, 360);
  EXPECT_EQ(m.settings.utc_offset_minutes, -480);
  EXPECT_EQ(m.settings.daily_cap, 7);
  EXPECT_FALSE(m.settings.paused);

  // Far away: nobody.
  EXPECT_TRUE(match_ids(match_at_zip("90210", "leak_repair", since)).empty());
}

// Both implementations agree on two points the interface leaves open; these keep them in step:
// refunded claims still count towards the daily cap (like count_claims_since), and a plumber with
// no base ZIP matches only through extra ZIPs, at distance 0.
// A canceled plan was paid up to current_period_end (Unix seconds): it matches until then, found
// by radius or by an extra ZIP.
TEST_P(Market, ACanceledPlanMatchesUntilItsPeriodEnds) {
  PlumberSpec c;
  c.plan = domain::plan_canceled;
  PlumberSpec by_zip = c;
  by_zip.base_zip = "";
  by_zip.extra_zips = {"10001"};
  auto active = plumber(1);
  auto ending = plumber(2, c);
  auto ended = plumber(3, c);
  auto never_paid = plumber(4, c);  // canceled with no known period end (0)
  auto far = plumber(5, by_zip);
  const Millis now = t0 + 86'400'000;
  auto set_period_end = [&](std::int64_t id, std::int64_t end_s) {
    write([&](Tx& tx) {
      auto b = *tx.plumber_billing(id);
      b.current_period_end = end_s;
      b.stripe_state_at = 1;
      ASSERT_TRUE(tx.save_plumber_billing(b, t0));
    });
  };
  set_period_end(ending, now / 1000 + 60);
  set_period_end(ended, now / 1000);  // ends exactly now: over
  set_period_end(far, now / 1000 + 60);
  EXPECT_EQ(read<std::optional<domain::PlumberProfile>>([&](Tx& tx) {
              return tx.plumber_profile(ending);
            })->current_period_end,
            now / 1000 + 60);
  auto q = match_at_zip("10001", "leak_repair", now);
  q.now = now;
  EXPECT_EQ(match_ids(q), (std::vector<std::int64_t>{active, ending, far}));
  q.now = now + 59'999;
  EXPECT_EQ(match_ids(q), (std::vector<std::int64_t>{active, ending, far}));
  q.now = now + 60'000;
  EXPECT_EQ(match_ids(q), (std::vector<std::int64_t>{active}));
  (void)ended, (void)never_paid;
}

TEST_P(Market, RefundedClaimsCountAndExtraZipsWithoutBase) {
  auto capped = plumber(1, PlumberSpec{"10001",
                                       25,
                                       {"leak_repair"},
                                       {},
                                       domain::plumber_approved,
                                       domain::plan_active,
                                       false,
                                       1});
  auto l = lead(market_lead(1, "10001", "leak_repair"));
  auto c = claim(l, capped, t0 + 5);
  write([&](Tx& tx) { ASSERT_TRUE(tx.mark_claim_refunded(c, t0 + 6)); });
  EXPECT_TRUE(match_ids(match_at_zip("10001", "leak_repair", t0)).empty());
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_claims_since(capped, t0); }), 1);

  auto no_base = plumber(2, PlumberSpec{"", 25, {"leak_repair"}, {"60601"}});
  EXPECT_EQ(profile(no_base).profile.base_zip, "");
  auto ms = match(match_at_zip("60601", "leak_repair"));
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].plumber_id, no_base);
  EXPECT_EQ(ms[0].base_zip, "");  // quiet hours then follow the platform's zone
  EXPECT_DOUBLE_EQ(ms[0].distance_miles, 0.0);
  // Never by radius, wherever the lead is (also at the unset base point 0, 0).
  EXPECT_TRUE(match_ids(match_at_zip("60602", "leak_repair")).empty());
  EXPECT_TRUE(match_ids(match_query(0, 0, "00000", "leak_repair")).empty());
}

// Matching runs inside the intake's write transaction: it sees that transaction's own changes.
TEST_P(Market, MatchingSeesChangesInTheSameTransaction) {
  write([&](Tx& tx) {
    auto id = add_plumber(tx, 1, PlumberSpec{"10001", 10, {"leak_repair"}, {"90210"}});
    EXPECT_EQ(tx.match_plumbers(match_at_zip("10001", "leak_repair")).size(), 1u);
    EXPECT_EQ(tx.match_plumbers(match_at_zip("90210", "leak_repair")).size(), 1u);
    tx.save_plumber_profile(id, profile_input(1, PlumberSpec{"94110", 10, {"leak_repair"}}), t0);
    EXPECT_TRUE(tx.match_plumbers(match_at_zip("10001", "leak_repair")).empty());
    EXPECT_TRUE(tx.match_plumbers(match_at_zip("90210", "leak_repair")).empty());
    EXPECT_EQ(tx.match_plumbers(match_at_zip("94110", "leak_repair")).size(), 1u);
  });
}

TEST_P(Market, ChangesToSettingsReviewAndPlanTakeEffect) {
  auto id = plumber(1);
  auto q = match_at_zip("10001", "leak_repair");
  ASSERT_EQ(match_ids(q), std::vector<std::int64_t>{id});
  domain::PlumberSettings s;
  s.paused = true;
  write([&](Tx& tx) { tx.save_plumber_settings(id, s, t0 + 1); });
  EXPECT_TRUE(match_ids(q).empty());
  s.paused = false;
  write([&](Tx& tx) { tx.save_plumber_settings(id, s, t0 + 2); });
  EXPECT_EQ(match_ids(q), std::vector<std::int64_t>{id});
  write([&](Tx& tx) { tx.set_plumber_plan(id, domain::plan_canceled, t0 + 3); });
  EXPECT_TRUE(match_ids(q).empty());
  write([&](Tx& tx) { tx.set_plumber_plan(id, domain::plan_active, t0 + 4); });
  EXPECT_EQ(match_ids(q), std::vector<std::int64_t>{id});
  domain::PlumberReview r;
  r.status = domain::plumber_suspended;
  r.reviewed_at = t0 + 5;
  write([&](Tx& tx) { tx.set_plumber_review(id, r); });
  EXPECT_TRUE(match_ids(q).empty());
  r.status = domain::plumber_approved;
  write([&](Tx& tx) { tx.set_plumber_review(id, r); });
  EXPECT_EQ(match_ids(q), std::vector<std::int64_t>{id});
}

// A lead a hair inside the radius matches, a hair outside does not, in every direction, at
// several latitudes and radii (the bounding box must never cut the circle).
TEST_P(Market, RadiusBoundaryIsExact) {
  struct Case {
    const char* zip;
    int radius;
  };
  // Manhattan, Miami, Fairbanks and Barrow (far north: wide longitude span), Honolulu, Adak,
  // American Samoa (southern hemisphere), an APO in the Aleutians whose circle crosses the
  // antimeridian (178.9 E), Guam (east longitudes).
  const Case cases[] = {{"10001", 10},  {"33101", 1},   {"99701", 100},
                        {"99723", 100}, {"96813", 37},  {"99546", 100},
                        {"96799", 100}, {"96507", 100}, {"96910", 50}};
  int n = 0;
  for (const auto& c : cases) {
    auto id = plumber(++n, PlumberSpec{c.zip, c.radius, {"leak_repair"}});
    const auto& base = zip(c.zip);
    std::vector<double> bearings{0, 45, 90, 135, 180, 225, 270, 315};
    // The circle's easternmost and westernmost points are not due east and west of the centre
    // (away from the equator): find the bearings of the widest longitude span.
    double east = 90, west = 270, east_dlng = 0, west_dlng = 0;
    for (double b = 45; b <= 135; b += 0.01) {
      double dlng =
          std::remainder(destination(base.lat, base.lng, b, c.radius).second - base.lng, 360.0);
      if (dlng > east_dlng) {
        east_dlng = dlng;
        east = b;
      }
      if (dlng > west_dlng) {  // the west side mirrors the east one
        west_dlng = dlng;
        west = 360 - b;
      }
    }
    bearings.push_back(east);
    bearings.push_back(west);
    for (double bearing : bearings) {
      for (double delta : {-0.005, 0.005}) {
        auto [lat, lng] = destination(base.lat, base.lng, bearing, c.radius + delta);
        double d = geo::great_circle_miles(base.lat, base.lng, lat, lng);
        ASSERT_NEAR(d, c.radius + delta, 1e-6);  // the fixture's own geometry
        auto ms = match(match_query(lat, lng, "00000", "leak_repair"));
        std::vector<std::int64_t> got;
        for (const auto& m : ms)
          if (m.plumber_id == id) {
            got.push_back(id);
            EXPECT_NEAR(m.distance_miles, d, 1e-6);
          }
        if (delta < 0) {
          EXPECT_EQ(got, std::vector<std::int64_t>{id})
              << c.zip << " radius " << c.radius << " bearing " << bearing << ": " << d
              << " mi is inside";
        } else {
          EXPECT_TRUE(got.empty()) << c.zip << " radius " << c.radius << " bearing " << bearing
                                   << ": " << d << " mi is outside";
        }
      }
    }
  }
}

TEST_P(Market, ExtraZipsMatchOutsideTheRadiusWithDistanceFromBase) {
  // p1: Manhattan, 2 miles, plus Beverly Hills. p2: Manhattan, 25 miles, plus Brooklyn (inside).
  // p3: Brooklyn, 10 miles. Ids ascend p1 < p2 < p3; distances to Brooklyn do not.
  auto p1 = plumber(1, PlumberSpec{"10001", 2, {"leak_repair"}, {"90210"}});
  auto p2 = plumber(2, PlumberSpec{"10001", 25, {"leak_repair"}, {"11201", "10002"}});
  auto p3 = plumber(3, PlumberSpec{"11201", 10, {"leak_repair"}});

  auto ms = match(match_at_zip("90210", "leak_repair"));
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].plumber_id, p1);
  EXPECT_NEAR(ms[0].distance_miles, miles_between(zip("10001"), zip("90210")), 1e-6);
  EXPECT_GT(ms[0].distance_miles, 2000);

  // A neighbouring ZIP that is not listed does not match.
  ASSERT_LT(miles_between(zip("90210"), zip("90211")), 5);
  EXPECT_TRUE(match_ids(match_at_zip("90211", "leak_repair")).empty());
  // The extra ZIP is matched by its code: the same point under another code is not an extra ZIP.
  auto bh = zip("90210");
  EXPECT_TRUE(match_ids(match_query(bh.lat, bh.lng, "90211", "leak_repair")).empty());

  // Brooklyn: p2 by radius and by extra ZIP (listed once), p3 by radius; p1's 2 miles are too few.
  ASSERT_GT(miles_between(zip("10001"), zip("11201")), 2);
  ms = match(match_at_zip("11201", "leak_repair"));
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].plumber_id, p2);
  EXPECT_NEAR(ms[0].distance_miles, miles_between(zip("10001"), zip("11201")), 1e-6);
  EXPECT_EQ(ms[1].plumber_id, p3);
  EXPECT_NEAR(ms[1].distance_miles, 0.0, 1e-6);

  // The service still has to match on an extra ZIP.
  EXPECT_TRUE(match_ids(match_at_zip("90210", "drain_cleaning")).empty());
}

TEST_P(Market, ResultsAreOrderedByPlumberId) {
  // Created far to near: ids ascend while distances descend.
  const char* bases[] = {"10301", "11201", "10013", "10001"};
  std::vector<std::int64_t> ids;
  int n = 0;
  for (const char* b : bases) ids.push_back(plumber(++n, PlumberSpec{b, 30, {"leak_repair"}}));
  auto ms = match(match_at_zip("10001", "leak_repair"));
  std::vector<std::int64_t> got;
  for (const auto& m : ms) got.push_back(m.plumber_id);
  EXPECT_EQ(got, ids);
  ASSERT_EQ(ms.size(), 4u);
  for (std::size_t i = 0; i < ms.size(); ++i)
    EXPECT_NEAR(ms[i].distance_miles, miles_between(zip(bases[i]), zip("10001")), 1e-6);
}

TEST_P(Market, MovingTheBaseZipMovesTheArea) {
  auto id = plumber(1, PlumberSpec{"10001", 10, {"leak_repair"}, {"60601"}});
  auto nyc = match_at_zip("10001", "leak_repair");
  auto sf = match_at_zip("94110", "leak_repair");
  auto chicago = match_at_zip("60601", "leak_repair");
  EXPECT_EQ(match_ids(nyc), std::vector<std::int64_t>{id});
  EXPECT_EQ(match_ids(chicago), std::vector<std::int64_t>{id});
  EXPECT_TRUE(match_ids(sf).empty());

  write([&](Tx& tx) {
    tx.save_plumber_profile(id, profile_input(1, PlumberSpec{"94110", 10, {"leak_repair"}}),
                            t0 + 1);
  });
  EXPECT_TRUE(match_ids(nyc).empty());
  EXPECT_TRUE(match_ids(chicago).empty());  // the old extra ZIP went with the save
  auto ms = match(sf);
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].plumber_id, id);
  EXPECT_NEAR(ms[0].distance_miles, 0.0, 1e-6);

  // Growing the radius reaches further, shrinking it pulls back.
  auto oakland = match_at_zip("94607", "leak_repair");
  double d = miles_between(zip("94110"), zip("94607"));
  ASSERT_GT(d, 5);
  ASSERT_LT(d, 20);
  write([&](Tx& tx) {
    tx.save_plumber_profile(id, profile_input(1, PlumberSpec{"94110", 3, {"leak_repair"}}), t0 + 2);
  });
  EXPECT_TRUE(match_ids(oakland).empty());
  write([&](Tx& tx) {
    tx.save_plumber_profile(id, profile_input(1, PlumberSpec{"94110", 20, {"leak_repair"}}),
                            t0 + 3);
  });
  EXPECT_EQ(match_ids(oakland), std::vector<std::int64_t>{id});
  // And the profile update inside a rolled-back transaction leaves the area where it was.
  store_->write_tx([&](Tx& tx) {
    tx.save_plumber_profile(id, profile_input(1, PlumberSpec{"10001", 20, {"leak_repair"}}),
                            t0 + 4);
    return false;
  });
  EXPECT_EQ(match_ids(oakland), std::vector<std::int64_t>{id});
  EXPECT_TRUE(match_ids(nyc).empty());
}

// A smaller generated fixture on each backend against the brute-force answer.
TEST_P(Market, GeneratedFixtureMatchesBruteForce) {
  auto ps = generate_plumbers(2000, 0x5eed'0001);
  auto ids = load_plumbers(*store_, ps, t0);
  auto leads = generate_leads(150, ps, 0x5eed'0002);
  int total = 0;
  for (const auto& l : leads) {
    auto want = brute_force_matches(ps, ids, l);
    auto got = as_expected(match(match_at_zip(l.zip, l.service, t0)));
    total += static_cast<int>(want.size());
    EXPECT_EQ(diff_matches(want, got), "") << "lead at " << l.zip << " for " << l.service;
  }
  EXPECT_GT(total, 300) << "the fixture should produce plenty of matches";
}

// ---------------------------------------------------------------- lead matches and cards

TEST_P(Market, LeadMatchesRoundTrip) {
  auto p1 = plumber(1), p2 = plumber(2);
  auto l1 = lead(market_lead(1, "10001", "leak_repair")),
       l2 = lead(market_lead(2, "10001", "leak_repair"));
  write([&](Tx& tx) {
    tx.insert_lead_matches({{l1, p2, 3.5, t0 + 1}, {l1, p1, 1.25, t0 + 1}, {l2, p2, 0.0, t0 + 2}});
  });
  auto ms = read<std::vector<domain::LeadMatch>>([&](Tx& tx) { return tx.lead_matches(l1); });
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].plumber_id, p1);
  EXPECT_EQ(ms[0].lead_id, l1);
  EXPECT_DOUBLE_EQ(ms[0].distance_miles, 1.25);
  EXPECT_EQ(ms[0].matched_at, t0 + 1);
  EXPECT_EQ(ms[1].plumber_id, p2);
  EXPECT_DOUBLE_EQ(ms[1].distance_miles, 3.5);
  auto m = read<std::optional<domain::LeadMatch>>([&](Tx& tx) { return tx.lead_match(l2, p2); });
  ASSERT_TRUE(m);
  EXPECT_DOUBLE_EQ(m->distance_miles, 0.0);
  EXPECT_EQ(m->matched_at, t0 + 2);
  EXPECT_EQ(read<std::optional<domain::LeadMatch>>([&](Tx& tx) { return tx.lead_match(l2, p1); }),
            std::nullopt);
  EXPECT_TRUE(read<std::vector<domain::LeadMatch>>([&](Tx& tx) {
                return tx.lead_matches(l2 + 100);
              }).empty());
  // An empty batch is fine.
  write([&](Tx& tx) { tx.insert_lead_matches({}); });
  EXPECT_EQ(
      read<std::vector<domain::LeadMatch>>([&](Tx& tx) { return tx.lead_matches(l1); }).size(), 2u);
}

class AvailableLeads : public Market {
 protected:
  struct Spec {
    const char* service;
    const char* urgency;
    int price;
    Millis created;
    double distance;
  };
  void SetUp() override {
    Market::SetUp();
    if (IsSkipped()) return;
    me = plumber(1);
    other = plumber(2);
    // A..F are available to me; F is claimed by the other plumber (a slot is taken).
    const Spec specs[] = {
        {"leak_repair", "within_24h", 2, t0 + 10, 5.0},    // A
        {"drain_cleaning", "emergency", 3, t0 + 20, 1.0},  // B
        {"water_heater", "this_week", 3, t0 + 30, 5.0},    // C
        {"leak_repair", "emergency", 2, t0 + 30, 12.0},    // D (same age as C, larger id)
        {"sewer_line", "flexible", 4, t0 + 40, 1.0},       // E
        {"leak_repair", "within_24h", 2, t0 + 5, 7.5},     // F
    };
    int n = 0;
    for (const auto& s : specs) {
      ++n;
      auto l =
          market_lead(n, n % 2 ? "10001" : "11201", s.service, s.created, s.urgency, s.price, 3);
      auto id = lead(l);
      ids.push_back(id);
      write([&](Tx& tx) { tx.insert_lead_matches({{id, me, s.distance, s.created}}); });
    }
    A = ids[0], B = ids[1], C = ids[2], D = ids[3], E = ids[4], F = ids[5];
    write([&](Tx& tx) {
      tx.insert_lead_matches({{F, other, 2.0, t0 + 5}});
      ASSERT_EQ(tx.take_claim_slot(F, t0 + 50), std::optional<int>(1));
      tx.insert_claim(make_claim(F, other, t0 + 50));
    });
    // Not available to me: matched only to the other plumber; full; closed; expired; claimed by me.
    G = lead(market_lead(7, "10001", "leak_repair", t0 + 60));
    write([&](Tx& tx) { tx.insert_lead_matches({{G, other, 1.0, t0 + 60}}); });
    for (const char* st : {domain::lead_full, domain::lead_closed, domain::lead_expired}) {
      auto id = lead(market_lead(++n + 10, "10001", "leak_repair", t0 + 70));
      write([&](Tx& tx) { tx.insert_lead_matches({{id, me, 1.0, t0 + 70}}); });
      set_status(id, st);
      hidden.push_back(id);
    }
    auto mine = lead(market_lead(30, "10001", "leak_repair", t0 + 80));
    write([&](Tx& tx) {
      tx.insert_lead_matches({{mine, me, 1.0, t0 + 80}});
      ASSERT_EQ(tx.take_claim_slot(mine, t0 + 81), std::optional<int>(1));
      tx.insert_claim(make_claim(mine, me, t0 + 81));
    });
    hidden.push_back(mine);
  }
  AvailableQuery q(const std::string& sort = domain::sort_newest) {
    AvailableQuery out;
    out.plumber_id = me;
    out.sort = sort;
    out.limit = 50;
    return out;
  }
  std::int64_t me = 0, other = 0, A = 0, B = 0, C = 0, D = 0, E = 0, F = 0, G = 0;
  std::vector<std::int64_t> ids, hidden;
};

TEST_P(AvailableLeads, SortsWithTies) {
  using V = std::vector<std::int64_t>;
  // newest: created_at desc, then id desc.
  EXPECT_EQ(available_ids(q(domain::sort_newest)), (V{E, D, C, B, A, F}));
  // nearest: distance asc; ties newest first.
  EXPECT_EQ(available_ids(q(domain::sort_nearest)), (V{E, B, C, A, F, D}));
  // cheapest: price asc; ties newest first (D and C tie on age too: id desc).
  EXPECT_EQ(available_ids(q(domain::sort_cheapest)), (V{D, A, F, C, B, E}));
  EXPECT_EQ(available(q()).total, 6);
  // The other plumber sees only G (F is claimed by them).
  auto theirs = q();
  theirs.plumber_id = other;
  EXPECT_EQ(available_ids(theirs), (V{G}));
  EXPECT_EQ(available(theirs).total, 1);
  // A plumber with no matches sees nothing.
  auto nobody = q();
  nobody.plumber_id = other + 1000;
  EXPECT_TRUE(available_ids(nobody).empty());
  EXPECT_EQ(available(nobody).total, 0);
}

TEST_P(AvailableLeads, FiltersAndPaging) {
  using V = std::vector<std::int64_t>;
  auto f = q();
  f.service_type = "leak_repair";
  EXPECT_EQ(available_ids(f), (V{D, A, F}));
  EXPECT_EQ(available(f).total, 3);
  f = q();
  f.urgency = "emergency";
  EXPECT_EQ(available_ids(f), (V{D, B}));
  f = q();
  f.max_distance = 5.0;  // inclusive
  EXPECT_EQ(available_ids(f), (V{E, C, B, A}));
  EXPECT_EQ(available(f).total, 4);
  f.max_distance = 0.5;
  EXPECT_TRUE(available_ids(f).empty());
  f = q(domain::sort_nearest);
  f.service_type = "leak_repair";
  f.max_distance = 10.0;
  EXPECT_EQ(available_ids(f), (V{A, F}));
  f.urgency = "emergency";
  EXPECT_TRUE(available_ids(f).empty());
  EXPECT_EQ(available(f).total, 0);

  auto page = [&](int limit, int offset, const std::string& sort) {
    auto p = q(sort);
    p.limit = limit;
    p.offset = offset;
    return available(p);
  };
  auto p0 = page(2, 0, domain::sort_newest);
  EXPECT_EQ(p0.total, 6);
  ASSERT_EQ(p0.leads.size(), 2u);
  EXPECT_EQ(p0.leads[0].lead_id, E);
  EXPECT_EQ(p0.leads[1].lead_id, D);
  auto p1 = page(2, 2, domain::sort_newest);
  EXPECT_EQ(p1.total, 6);
  ASSERT_EQ(p1.leads.size(), 2u);
  EXPECT_EQ(p1.leads[0].lead_id, C);
  EXPECT_EQ(p1.leads[1].lead_id, B);
  auto p2 = page(4, 4, domain::sort_cheapest);
  EXPECT_EQ(p2.total, 6);
  ASSERT_EQ(p2.leads.size(), 2u);
  EXPECT_EQ(p2.leads[0].lead_id, B);
  EXPECT_EQ(p2.leads[1].lead_id, E);
  auto p3 = page(2, 6, domain::sort_newest);
  EXPECT_EQ(p3.total, 6);
  EXPECT_TRUE(p3.leads.empty());
  auto pf = q();
  pf.service_type = "leak_repair";
  pf.limit = 1;
  pf.offset = 1;
  auto pfp = available(pf);
  EXPECT_EQ(pfp.total, 3);
  ASSERT_EQ(pfp.leads.size(), 1u);
  EXPECT_EQ(pfp.leads[0].lead_id, A);
}

TEST_P(AvailableLeads, CardsCarryTheLeadAsThisPlumberSeesIt) {
  auto all = available(q()).leads;
  ASSERT_EQ(all.size(), 6u);
  const LeadCard* f = nullptr;
  for (const auto& c : all)
    if (c.lead_id == F) f = &c;
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->service_type, "leak_repair");
  EXPECT_EQ(f->urgency, "within_24h");
  EXPECT_EQ(f->zip, "11201");
  EXPECT_EQ(f->city, zip("11201").city);
  EXPECT_EQ(f->state, "NY");
  EXPECT_EQ(f->description, "Request 6");
  EXPECT_EQ(f->status, domain::lead_open);
  EXPECT_EQ(f->price_credits, 2);
  EXPECT_EQ(f->max_claims, 3);
  EXPECT_EQ(f->claims_count, 1);
  EXPECT_EQ(f->slots_left(), 2);
  EXPECT_DOUBLE_EQ(f->distance_miles, 7.5);
  EXPECT_EQ(f->created_at, t0 + 5);

  // lead_card: my distance; 0 for a plumber who was not matched; any status; nullopt if unknown.
  auto card = [&](std::int64_t lead_id, std::int64_t plumber_id) {
    return read<std::optional<LeadCard>>([&](Tx& tx) { return tx.lead_card(lead_id, plumber_id); });
  };
  auto c = card(F, me);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->lead_id, F);
  EXPECT_DOUBLE_EQ(c->distance_miles, 7.5);
  EXPECT_EQ(c->claims_count, 1);
  EXPECT_EQ(c->description, "Request 6");
  c = card(F, other);
  ASSERT_TRUE(c);
  EXPECT_DOUBLE_EQ(c->distance_miles, 2.0);
  c = card(G, me);
  ASSERT_TRUE(c);
  EXPECT_DOUBLE_EQ(c->distance_miles, 0.0);
  c = card(hidden[0], me);  // full
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, domain::lead_full);
  EXPECT_DOUBLE_EQ(c->distance_miles, 1.0);
  EXPECT_EQ(card(hidden.back() + 1000, me), std::nullopt);

  // The quality signals as stored: a first request with its consent passes both checks; a
  // duplicate of it does not pass the duplicate check (issue 13).
  EXPECT_TRUE(f->quality.duplicate_check_passed);
  EXPECT_TRUE(f->quality.consent_recorded);
  auto dup = market_lead(40, "10001", "leak_repair", t0 + 90);
  dup.duplicate_of = F;
  auto dup_id = lead(dup);
  c = card(dup_id, me);
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->quality.duplicate_check_passed);
  EXPECT_TRUE(c->quality.consent_recorded);
}

TEST_P(AvailableLeads, ClaimingOrClosingRemovesALead) {
  using V = std::vector<std::int64_t>;
  write([&](Tx& tx) {
    ASSERT_EQ(tx.take_claim_slot(B, t0 + 90), std::optional<int>(1));
    tx.insert_claim(make_claim(B, me, t0 + 90));
  });
  set_status(E, domain::lead_closed);
  EXPECT_EQ(available_ids(q()), (V{D, C, A, F}));
  EXPECT_EQ(available(q()).total, 4);
  // A lead filled by others disappears for me too.
  write([&](Tx& tx) {
    auto p3 = add_plumber(tx, 3, {});
    auto p4 = add_plumber(tx, 4, {});
    for (auto p : {p3, p4}) {
      ASSERT_TRUE(tx.take_claim_slot(A, t0 + 91).has_value());
      tx.insert_claim(make_claim(A, p, t0 + 91));
    }
    EXPECT_EQ(tx.take_claim_slot(A, t0 + 91), std::optional<int>(3));  // the last slot
  });
  EXPECT_EQ(available_ids(q()), (V{D, C, F}));
}

// ---------------------------------------------------------------- claim slots

TEST_P(Market, TakeClaimSlotCountsUpToTheCap) {
  auto l = lead(market_lead(1, "10001", "leak_repair", t0, "within_24h", 2, 3));
  auto take = [&](std::int64_t id) {
    std::optional<int> out;
    write([&](Tx& tx) { out = tx.take_claim_slot(id, t0 + 10); });
    return out;
  };
  EXPECT_EQ(take(l), std::optional<int>(1));
  EXPECT_EQ(get_lead(l).status, domain::lead_open);
  EXPECT_EQ(take(l), std::optional<int>(2));
  EXPECT_EQ(get_lead(l).claims_count, 2);
  EXPECT_EQ(get_lead(l).status, domain::lead_open);
  EXPECT_EQ(take(l), std::optional<int>(3));
  auto full = get_lead(l);
  EXPECT_EQ(full.status, domain::lead_full);
  EXPECT_EQ(full.claims_count, 3);
  EXPECT_EQ(take(l), std::nullopt);
  EXPECT_EQ(get_lead(l).claims_count, 3);
  EXPECT_EQ(get_lead(l).status, domain::lead_full);

  // max_claims 1: the first slot is the last.
  auto one = lead(market_lead(2, "10001", "leak_repair", t0, "within_24h", 2, 1));
  EXPECT_EQ(take(one), std::optional<int>(1));
  EXPECT_EQ(get_lead(one).status, domain::lead_full);
  EXPECT_EQ(take(one), std::nullopt);

  // Not open: no change.
  auto closed = lead(market_lead(3, "10001", "leak_repair"));
  set_status(closed, domain::lead_closed);
  EXPECT_EQ(take(closed), std::nullopt);
  EXPECT_EQ(get_lead(closed).claims_count, 0);
  EXPECT_EQ(get_lead(closed).status, domain::lead_closed);
  auto expired = lead(market_lead(4, "10001", "leak_repair"));
  set_status(expired, domain::lead_expired);
  EXPECT_EQ(take(expired), std::nullopt);
  EXPECT_EQ(take(expired + 1000), std::nullopt);  // unknown lead

  // Rolled back with its transaction.
  auto rb = lead(market_lead(5, "10001", "leak_repair", t0, "within_24h", 2, 1));
  store_->write_tx([&](Tx& tx) {
    EXPECT_EQ(tx.take_claim_slot(rb, t0), std::optional<int>(1));
    return false;
  });
  EXPECT_EQ(get_lead(rb).claims_count, 0);
  EXPECT_EQ(get_lead(rb).status, domain::lead_open);
}

TEST_P(Market, ConcurrentClaimSlotsNeverExceedTheCap) {
  constexpr int threads = 50, rounds = 40;
  std::vector<std::int64_t> leads;
  write([&](Tx& tx) {
    for (int r = 0; r < rounds; ++r)
      leads.push_back(
          tx.insert_lead(market_lead(r, "10001", "leak_repair", t0, "within_24h", 2, 1 + r % 5)));
  });
  // A second store with a bigger pool, so that many PostgreSQL transactions really overlap.
  StoreOptions options;
  options.read_pool_size = 16;
  auto st = open_store(db_->url(), options);
  std::vector<std::atomic<int>> wins(rounds);
  std::atomic<int> errors{0}, over{0};
  std::barrier sync(threads);
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&] {
      for (int r = 0; r < rounds; ++r) {
        sync.arrive_and_wait();
        try {
          st->write_tx([&](Tx& tx) {
            auto n = tx.take_claim_slot(leads[r], t0 + r);
            if (!n) return false;
            if (*n > 1 + r % 5) ++over;
            ++wins[r];
            return true;
          });
        } catch (const std::exception&) {
          ++errors;
        }
      }
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(over.load(), 0);
  for (int r = 0; r < rounds; ++r) {
    auto l = get_lead(leads[r]);
    EXPECT_EQ(wins[r].load(), l.max_claims) << "round " << r;
    EXPECT_EQ(l.claims_count, l.max_claims) << "round " << r;
    EXPECT_EQ(l.status, domain::lead_full) << "round " << r;
  }
}

// ---------------------------------------------------------------- claims

TEST_P(Market, ClaimsRoundTripAndUniquePerLeadAndPlumber) {
  auto p = plumber(1), q = plumber(2), r = plumber(3);
  auto l1 = lead(market_lead(1, "10001", "leak_repair", t0));
  auto l2 = lead(market_lead(2, "11201", "drain_cleaning", t0 + 1));
  auto c1 = claim(l1, p, t0 + 10, 3);
  EXPECT_GT(c1, 0);
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_claim(make_claim(l1, p, t0 + 11)); }),
            std::optional(StoreErrorKind::unique_violation));
  // A double claim inside the claim transaction rolls its slot back with it.
  EXPECT_EQ(failure([&](Tx& tx) {
              EXPECT_EQ(tx.take_claim_slot(l1, t0 + 11), std::optional<int>(1));
              tx.insert_claim(make_claim(l1, p, t0 + 11));
            }),
            std::optional(StoreErrorKind::unique_violation));
  EXPECT_EQ(get_lead(l1).claims_count, 0);
  EXPECT_EQ(get_lead(l1).status, domain::lead_open);
  EXPECT_EQ(read<std::int64_t>([&](Tx& tx) { return tx.count_claims_for_plumber(p); }), 1);
  auto c2 = claim(l1, q, t0 + 12);
  auto c3 = claim(l2, p, t0 + 20, 4);
  EXPECT_NE(c1, c2);

  auto c = get_claim(c1);
  EXPECT_EQ(c.id, c1);
  EXPECT_EQ(c.lead_id, l1);
  EXPECT_EQ(c.plumber_id, p);
  EXPECT_EQ(c.price_credits, 3);
  EXPECT_EQ(c.outcome, domain::outcome_new);
  EXPECT_EQ(c.job_value_cents, 0);
  EXPECT_EQ(c.notes, "");
  EXPECT_EQ(c.refunded_at, std::nullopt);
  EXPECT_EQ(c.created_at, t0 + 10);
  EXPECT_EQ(c.updated_at, t0 + 10);
  EXPECT_EQ(read<std::optional<domain::Claim>>([&](Tx& tx) { return tx.claim_by_id(c3 + 100); }),
            std::nullopt);

  auto cf = read<std::optional<domain::Claim>>([&](Tx& tx) { return tx.claim_for(l1, q); });
  ASSERT_TRUE(cf);
  EXPECT_EQ(cf->id, c2);
  EXPECT_EQ(read<std::optional<domain::Claim>>([&](Tx& tx) { return tx.claim_for(l1, r); }),
            std::nullopt);
  EXPECT_EQ(read<std::optional<domain::Claim>>([&](Tx& tx) { return tx.claim_for(l2, q); }),
            std::nullopt);

  // claims_for_lead: oldest first.
  auto fl = read<std::vector<domain::Claim>>([&](Tx& tx) { return tx.claims_for_lead(l1); });
  ASSERT_EQ(fl.size(), 2u);
  EXPECT_EQ(fl[0].id, c1);
  EXPECT_EQ(fl[1].id, c2);

  // claims_for_plumber: newest first, with the lead (contact details) and dispute status.
  auto mine = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(p, 50, 0); });
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].claim.id, c3);
  EXPECT_EQ(mine[0].claim.price_credits, 4);
  EXPECT_EQ(mine[0].lead.id, l2);
  EXPECT_EQ(mine[0].lead.zip, "11201");
  EXPECT_EQ(mine[0].lead.service_type, "drain_cleaning");
  EXPECT_EQ(mine[0].lead.name, "Homeowner 2");
  EXPECT_EQ(mine[0].lead.phone_e164, market_lead(2, "11201", "drain_cleaning").phone_e164);
  EXPECT_EQ(mine[0].lead.email, market_lead(2, "11201", "drain_cleaning").email);
  EXPECT_EQ(mine[0].lead.address, "12 Main St");
  EXPECT_EQ(mine[0].dispute_status, std::nullopt);
  EXPECT_EQ(mine[1].claim.id, c1);
  EXPECT_EQ(mine[1].lead.id, l1);

  domain::Dispute d;
  d.claim_id = c1;
  d.plumber_id = p;
  d.lead_id = l1;
  d.reason = domain::dispute_wrong_contact;
  d.created_at = t0 + 30;
  write([&](Tx& tx) { tx.insert_dispute(d); });
  mine = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(p, 50, 0); });
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].dispute_status, std::nullopt);
  EXPECT_EQ(mine[1].dispute_status, std::optional<std::string>(domain::dispute_pending));

  auto paged = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(p, 1, 1); });
  ASSERT_EQ(paged.size(), 1u);
  EXPECT_EQ(paged[0].claim.id, c1);
  EXPECT_TRUE(read<std::vector<domain::ClaimWithLead>>([&](Tx& tx) {
                return tx.claims_for_plumber(r, 50, 0);
              }).empty());
  auto count = [&](std::int64_t id) {
    return read<std::int64_t>([&](Tx& tx) { return tx.count_claims_for_plumber(id); });
  };
  EXPECT_EQ(count(p), 2);
  EXPECT_EQ(count(q), 1);
  EXPECT_EQ(count(r), 0);
}

TEST_P(Market, ClaimantsOutcomesAndRefunds) {
  auto admin = add_user(make_user("admin@example.com", domain::role_admin));
  auto p = plumber(1), q = plumber(2), r = plumber(3);
  domain::PlumberReview rev;
  rev.status = domain::plumber_approved;
  rev.licence_verified_on = "2026-10-01";
  rev.insurance_valid_until = "2028-01-31";
  rev.reviewed_by = admin;
  rev.reviewed_at = t0;
  write([&](Tx& tx) { tx.set_plumber_review(q, rev); });
  auto l = lead(market_lead(1, "10001", "leak_repair"));
  auto cq = claim(l, q, t0 + 10);
  auto cp = claim(l, p, t0 + 20);
  auto cr = claim(l, r, t0 + 30);

  auto cl = read<std::vector<domain::Claimant>>([&](Tx& tx) { return tx.claimants(l); });
  ASSERT_EQ(cl.size(), 3u);
  EXPECT_EQ(cl[0].plumber_id, q);
  EXPECT_EQ(cl[0].business_name, profile_input(2, {}).business_name);
  EXPECT_EQ(cl[0].phone_e164, profile_input(2, {}).phone_e164);
  EXPECT_EQ(cl[0].licence_number, "LIC-2");
  EXPECT_EQ(cl[0].licence_state, "NY");
  EXPECT_EQ(cl[0].licence_verified_on, "2026-10-01");
  EXPECT_EQ(cl[0].insurance_valid_until, "2028-01-31");
  EXPECT_EQ(cl[0].claimed_at, t0 + 10);
  EXPECT_EQ(cl[1].plumber_id, p);
  EXPECT_EQ(cl[2].plumber_id, r);

  // Refund once; refunded claimants disappear from the homeowner's list, not from claims_for_lead.
  bool first = false, second = true;
  write([&](Tx& tx) { first = tx.mark_claim_refunded(cp, t0 + 40); });
  write([&](Tx& tx) { second = tx.mark_claim_refunded(cp, t0 + 50); });
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_EQ(get_claim(cp).refunded_at, std::optional<Millis>(t0 + 40));
  EXPECT_EQ(get_claim(cq).refunded_at, std::nullopt);
  cl = read<std::vector<domain::Claimant>>([&](Tx& tx) { return tx.claimants(l); });
  ASSERT_EQ(cl.size(), 2u);
  EXPECT_EQ(cl[0].plumber_id, q);
  EXPECT_EQ(cl[1].plumber_id, r);
  EXPECT_EQ(read<std::vector<domain::Claim>>([&](Tx& tx) { return tx.claims_for_lead(l); }).size(),
            3u);
  write([&](Tx& tx) { EXPECT_FALSE(tx.mark_claim_refunded(cr + 100, t0)); });

  // Outcomes: only the claim's own plumber may change it.
  domain::ClaimOutcomeUpdate u{domain::outcome_won, 125'000, "Replaced the water heater — paid."};
  bool ok = true;
  write([&](Tx& tx) { ok = tx.update_claim_outcome(cq, p, u, t0 + 60); });
  EXPECT_FALSE(ok);
  auto c = get_claim(cq);
  EXPECT_EQ(c.outcome, domain::outcome_new);
  EXPECT_EQ(c.job_value_cents, 0);
  EXPECT_EQ(c.notes, "");
  EXPECT_EQ(c.updated_at, t0 + 10);
  write([&](Tx& tx) { ok = tx.update_claim_outcome(cq, q, u, t0 + 61); });
  EXPECT_TRUE(ok);
  c = get_claim(cq);
  EXPECT_EQ(c.outcome, domain::outcome_won);
  EXPECT_EQ(c.job_value_cents, 125'000);
  EXPECT_EQ(c.notes, u.notes);
  EXPECT_EQ(c.updated_at, t0 + 61);
  EXPECT_EQ(c.created_at, t0 + 10);
  write([&](Tx& tx) {
    ok = tx.update_claim_outcome(cq, q, {domain::outcome_contacted, 0, ""}, t0 + 62);
  });
  EXPECT_TRUE(ok);
  c = get_claim(cq);
  EXPECT_EQ(c.outcome, domain::outcome_contacted);
  EXPECT_EQ(c.notes, "");
  write([&](Tx& tx) { ok = tx.update_claim_outcome(cq + 1000, q, u, t0 + 63); });
  EXPECT_FALSE(ok);
}

TEST_P(Market, CountClaimsSinceAndStats) {
  auto p = plumber(1), q = plumber(2);
  const Millis month = t0 + 1'000'000;
  std::vector<std::int64_t> ls;
  for (int i = 0; i < 6; ++i) ls.push_back(lead(market_lead(i, "10001", "leak_repair")));
  auto old_won = claim(ls[0], p, month - 10, 5);      // before the month
  auto old_refunded = claim(ls[1], p, month - 5, 3);  // before the month, refunded
  auto won = claim(ls[2], p, month, 2);               // at the month's start: this month
  auto lost = claim(ls[3], p, month + 10, 4);
  auto open = claim(ls[4], p, month + 20, 3);
  claim(ls[0], q, month + 30, 9);  // another plumber
  write([&](Tx& tx) {
    ASSERT_TRUE(tx.update_claim_outcome(old_won, p, {domain::outcome_won, 10'000, ""}, month));
    ASSERT_TRUE(tx.update_claim_outcome(won, p, {domain::outcome_won, 2'550, ""}, month));
    ASSERT_TRUE(tx.update_claim_outcome(lost, p, {domain::outcome_lost, 0, ""}, month));
    ASSERT_TRUE(tx.mark_claim_refunded(old_refunded, month));
  });
  (void)open;
  auto since = [&](std::int64_t id, Millis at) {
    return read<int>([&](Tx& tx) { return tx.count_claims_since(id, at); });
  };
  EXPECT_EQ(since(p, month), 3);
  EXPECT_EQ(since(p, month + 1), 2);
  EXPECT_EQ(since(p, month + 21), 0);
  EXPECT_EQ(since(q, month), 1);
  EXPECT_EQ(since(q + 100, 0), 0);

  auto s = read<domain::PlumberStats>([&](Tx& tx) { return tx.plumber_stats(p, month); });
  EXPECT_EQ(s.claims_this_month, 3);
  EXPECT_EQ(s.won, 2);
  EXPECT_EQ(s.lost, 1);
  EXPECT_EQ(s.credits_spent, 5 + 2 + 4 + 3);  // the refunded claim's 3 credits do not count
  EXPECT_EQ(s.won_value_cents, 12'550);
  auto none = read<domain::PlumberStats>([&](Tx& tx) { return tx.plumber_stats(q + 100, month); });
  EXPECT_EQ(none.claims_this_month, 0);
  EXPECT_EQ(none.won, 0);
  EXPECT_EQ(none.lost, 0);
  EXPECT_EQ(none.credits_spent, 0);
  EXPECT_EQ(none.won_value_cents, 0);
  auto qs = read<domain::PlumberStats>([&](Tx& tx) { return tx.plumber_stats(q, month); });
  EXPECT_EQ(qs.claims_this_month, 1);
  EXPECT_EQ(qs.credits_spent, 9);
}

// Issue 12.7: lead and claim prices beyond 32 bits, and their sum in the stats, read back exactly.
TEST_P(Market, PricesAbove2To31RoundTripOnLeadsClaimsCardsAndStats) {
  auto p = plumber(1);
  const Millis month = t0 + 1'000'000;
  auto l1 = lead(market_lead(1, "10001", "leak_repair", t0, "within_24h", 3'000'000'000));
  auto l2 = lead(market_lead(2, "10001", "leak_repair", t0, "within_24h", 2'000'000'000));
  EXPECT_EQ(get_lead(l1).price_credits, 3'000'000'000);
  auto c1 = claim(l1, p, month, 3'000'000'000);
  claim(l2, p, month + 1, 2'000'000'000);
  EXPECT_EQ(get_claim(c1).price_credits, 3'000'000'000);
  auto card = read<std::optional<LeadCard>>([&](Tx& tx) { return tx.lead_card(l2, p); });
  ASSERT_TRUE(card);
  EXPECT_EQ(card->price_credits, 2'000'000'000);
  auto s = read<domain::PlumberStats>([&](Tx& tx) { return tx.plumber_stats(p, month); });
  EXPECT_EQ(s.credits_spent, 5'000'000'000);
  EXPECT_EQ(s.claims_this_month, 2);
}

// ---------------------------------------------------------------- lead changes

TEST_P(Market, FlagsAndExtraDetails) {
  auto l = lead(market_lead(1, "10001", "leak_repair", t0, "emergency", 7, 5));
  auto fresh = get_lead(l);
  EXPECT_EQ(fresh.price_credits, 7);
  EXPECT_EQ(fresh.max_claims, 5);
  EXPECT_EQ(fresh.claims_count, 0);
  EXPECT_EQ(fresh.status, domain::lead_open);
  auto other = lead(market_lead(2, "10001", "leak_repair"));
  EXPECT_EQ(get_lead(l).flag, "");
  EXPECT_EQ(get_lead(l).extra_details, "");
  write([&](Tx& tx) { tx.set_lead_flag(l, domain::lead_flag_never_requested, t0 + 1); });
  EXPECT_EQ(get_lead(l).flag, domain::lead_flag_never_requested);
  write([&](Tx& tx) { tx.set_lead_flag(l, domain::lead_flag_removed, t0 + 2); });
  EXPECT_EQ(get_lead(l).flag, domain::lead_flag_removed);
  write([&](Tx& tx) { tx.set_lead_flag(l, "", t0 + 3); });
  EXPECT_EQ(get_lead(l).flag, "");

  write([&](Tx& tx) { tx.append_lead_details(l, "The leak is under the sink.", t0 + 4); });
  EXPECT_EQ(get_lead(l).extra_details, "The leak is under the sink.");
  write([&](Tx& tx) { tx.append_lead_details(l, "Gate code: 1234 — ring twice.", t0 + 5); });
  EXPECT_EQ(get_lead(l).extra_details,
            "The leak is under the sink.\n\nGate code: 1234 — ring twice.");
  write([&](Tx& tx) { tx.append_lead_details(l, "Third.", t0 + 6); });
  EXPECT_EQ(get_lead(l).extra_details,
            "The leak is under the sink.\n\nGate code: 1234 — ring twice.\n\nThird.");
  auto o = get_lead(other);
  EXPECT_EQ(o.flag, "");
  EXPECT_EQ(o.extra_details, "");
  EXPECT_EQ(get_lead(l).description, "Request 1");  // the original stays
}

TEST_P(Market, ExpireOpenLeadsOldestFirstWithLimit) {
  // Created out of id order: l3 is the oldest.
  auto l1 = lead(market_lead(1, "10001", "leak_repair", t0 + 2));
  auto l2 = lead(market_lead(2, "10001", "leak_repair", t0 + 3));
  auto l3 = lead(market_lead(3, "10001", "leak_repair", t0 + 1));
  auto at_cut = lead(market_lead(4, "10001", "leak_repair", t0 + 4));  // not before the cut
  auto newer = lead(market_lead(5, "10001", "leak_repair", t0 + 9));
  auto full = lead(market_lead(6, "10001", "leak_repair", t0));
  auto closed = lead(market_lead(7, "10001", "leak_repair", t0));
  set_status(full, domain::lead_full);
  set_status(closed, domain::lead_closed);

  auto expire = [&](int limit) {
    std::vector<std::int64_t> out;
    write([&](Tx& tx) { out = tx.expire_open_leads(t0 + 4, t0 + 100, limit); });
    return out;
  };
  EXPECT_EQ(expire(2), (std::vector<std::int64_t>{l3, l1}));
  EXPECT_EQ(get_lead(l2).status, domain::lead_open);
  EXPECT_EQ(expire(10), (std::vector<std::int64_t>{l2}));
  EXPECT_TRUE(expire(10).empty());
  for (auto id : {l1, l2, l3}) {
    auto l = get_lead(id);
    EXPECT_EQ(l.status, domain::lead_expired);
    EXPECT_EQ(l.closed_reason, "expired");
  }
  EXPECT_EQ(get_lead(at_cut).status, domain::lead_open);
  EXPECT_EQ(get_lead(newer).status, domain::lead_open);
  EXPECT_EQ(get_lead(full).status, domain::lead_full);
  EXPECT_EQ(get_lead(closed).status, domain::lead_closed);
  EXPECT_EQ(get_lead(closed).closed_reason, domain::lead_closed);  // set_status's reason, unchanged
}

// ---------------------------------------------------------------- disputes

TEST_P(Market, DisputesLifecycle) {
  auto admin = add_user(make_user("admin@example.com", domain::role_admin));
  auto p = plumber(1), q = plumber(2);
  auto l1 = lead(market_lead(1, "10001", "leak_repair"));
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  auto c1 = claim(l1, p, t0 + 1), c2 = claim(l1, q, t0 + 2), c3 = claim(l2, p, t0 + 3);
  auto dispute = [&](std::int64_t claim_id, std::int64_t plumber_id, std::int64_t lead_id,
                     const char* reason, Millis at) {
    domain::Dispute d;
    d.claim_id = claim_id;
    d.plumber_id = plumber_id;
    d.lead_id = lead_id;
    d.reason = reason;
    d.details = "The number rings a pizzeria — \"Luigi's\".";
    d.created_at = at;
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_dispute(d); });
    return id;
  };
  auto d1 = dispute(c1, p, l1, domain::dispute_wrong_contact, t0 + 10);
  auto d2 = dispute(c2, q, l1, domain::dispute_outside_area, t0 + 11);
  auto d3 = dispute(c3, p, l2, domain::dispute_duplicate, t0 + 12);
  EXPECT_EQ(failure([&](Tx& tx) {
              domain::Dispute d;
              d.claim_id = c1;
              d.plumber_id = p;
              d.lead_id = l1;
              d.reason = domain::dispute_service_not_offered;
              d.created_at = t0 + 13;
              tx.insert_dispute(d);
            }),
            std::optional(StoreErrorKind::unique_violation));

  auto get = [&](std::int64_t id) {
    auto d = read<std::optional<domain::Dispute>>([&](Tx& tx) { return tx.dispute_by_id(id); });
    if (!d) throw std::runtime_error("no dispute");
    return *d;
  };
  auto d = get(d1);
  EXPECT_EQ(d.id, d1);
  EXPECT_EQ(d.claim_id, c1);
  EXPECT_EQ(d.plumber_id, p);
  EXPECT_EQ(d.lead_id, l1);
  EXPECT_EQ(d.reason, domain::dispute_wrong_contact);
  EXPECT_EQ(d.details, "The number rings a pizzeria — \"Luigi's\".");
  EXPECT_EQ(d.status, domain::dispute_pending);
  EXPECT_EQ(d.resolution, "");
  EXPECT_EQ(d.resolved_by, std::nullopt);
  EXPECT_EQ(d.created_at, t0 + 10);
  EXPECT_EQ(d.resolved_at, std::nullopt);
  EXPECT_EQ(read<std::optional<domain::Dispute>>([&](Tx& tx) { return tx.dispute_by_id(d3 + 9); }),
            std::nullopt);
  auto fc = read<std::optional<domain::Dispute>>([&](Tx& tx) { return tx.dispute_for_claim(c2); });
  ASSERT_TRUE(fc);
  EXPECT_EQ(fc->id, d2);
  EXPECT_EQ(fc->reason, domain::dispute_outside_area);
  auto c4 = claim(l2, q, t0 + 4);
  EXPECT_EQ(read<std::optional<domain::Dispute>>([&](Tx& tx) { return tx.dispute_for_claim(c4); }),
            std::nullopt);

  auto list = [&](const std::string& status, int limit = 50, int offset = 0) {
    std::vector<std::int64_t> out;
    for (const auto& x : read<std::vector<domain::Dispute>>(
             [&](Tx& tx) { return tx.list_disputes(status, limit, offset); }))
      out.push_back(x.id);
    return out;
  };
  using V = std::vector<std::int64_t>;
  EXPECT_EQ(list(domain::dispute_pending), (V{d1, d2, d3}));
  EXPECT_EQ(list(domain::dispute_pending, 2, 1), (V{d2, d3}));
  EXPECT_TRUE(list(domain::dispute_approved).empty());

  auto resolve = [&](std::int64_t id, const char* status, const std::string& why,
                     std::optional<std::int64_t> by, Millis at) {
    bool ok = false;
    write([&](Tx& tx) { ok = tx.resolve_dispute(id, status, why, by, at); });
    return ok;
  };
  EXPECT_TRUE(resolve(d2, domain::dispute_approved, "Outside the area: refunded", admin, t0 + 20));
  EXPECT_FALSE(resolve(d2, domain::dispute_denied, "changed my mind", admin, t0 + 21));
  EXPECT_TRUE(resolve(d3, domain::dispute_denied, "Not a duplicate", std::nullopt, t0 + 22));
  EXPECT_FALSE(resolve(d3 + 100, domain::dispute_denied, "x", admin, t0 + 23));
  d = get(d2);
  EXPECT_EQ(d.status, domain::dispute_approved);
  EXPECT_EQ(d.resolution, "Outside the area: refunded");
  EXPECT_EQ(d.resolved_by, std::optional<std::int64_t>(admin));
  EXPECT_EQ(d.resolved_at, std::optional<Millis>(t0 + 20));
  d = get(d3);
  EXPECT_EQ(d.status, domain::dispute_denied);
  EXPECT_EQ(d.resolved_by, std::nullopt);
  EXPECT_EQ(d.resolved_at, std::optional<Millis>(t0 + 22));

  EXPECT_EQ(list(domain::dispute_pending), (V{d1}));
  EXPECT_EQ(list(domain::dispute_approved), (V{d2}));
  EXPECT_EQ(list(domain::dispute_denied), (V{d3}));
  // The plumbers' claim lists follow the dispute status.
  auto theirs = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(q, 50, 0); });
  ASSERT_EQ(theirs.size(), 2u);
  EXPECT_EQ(theirs[0].claim.id, c4);
  EXPECT_EQ(theirs[0].dispute_status, std::nullopt);
  EXPECT_EQ(theirs[1].claim.id, c2);
  EXPECT_EQ(theirs[1].dispute_status, std::optional<std::string>(domain::dispute_approved));
  auto mine = read<std::vector<domain::ClaimWithLead>>(
      [&](Tx& tx) { return tx.claims_for_plumber(p, 50, 0); });
  ASSERT_EQ(mine.size(), 2u);
  EXPECT_EQ(mine[0].claim.id, c3);
  EXPECT_EQ(mine[0].dispute_status, std::optional<std::string>(domain::dispute_denied));
  EXPECT_EQ(mine[1].dispute_status, std::optional<std::string>(domain::dispute_pending));
  EXPECT_EQ(list(""), (V{d1, d2, d3}));
  EXPECT_EQ(list("", 1, 2), (V{d3}));
}

// ---------------------------------------------------------------- live events

TEST_P(Market, LiveEventsAppendReadAndPrune) {
  auto last = [&] { return read<std::int64_t>([&](Tx& tx) { return tx.last_live_event_id(); }); };
  auto after = [&](std::int64_t id, int limit) {
    return read<std::vector<domain::LiveEvent>>(
        [&](Tx& tx) { return tx.live_events_after(id, limit); });
  };
  EXPECT_EQ(last(), 0);
  EXPECT_TRUE(after(0, 10).empty());
  const char* kinds[] = {domain::live_lead_new, domain::live_lead_slots, domain::live_lead_gone,
                         domain::live_lead_new, domain::live_lead_slots};
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_live_event(kinds[i], 100 + i, t0 + i + 1); });
    if (!ids.empty()) {
      EXPECT_GT(id, ids.back());
    }
    ids.push_back(id);
  }
  EXPECT_EQ(last(), ids[4]);
  auto all = after(0, 100);
  ASSERT_EQ(all.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(all[i].id, ids[i]);
    EXPECT_EQ(all[i].kind, kinds[i]);
    EXPECT_EQ(all[i].lead_id, 100 + i);
    EXPECT_EQ(all[i].created_at, t0 + i + 1);
  }
  auto some = after(ids[1], 2);
  ASSERT_EQ(some.size(), 2u);
  EXPECT_EQ(some[0].id, ids[2]);
  EXPECT_EQ(some[1].id, ids[3]);
  EXPECT_TRUE(after(ids[4], 10).empty());

  // Several events in one transaction; rolled-back events never appear.
  write([&](Tx& tx) {
    tx.insert_live_event(domain::live_lead_slots, 200, t0 + 10);
    tx.insert_live_event(domain::live_lead_gone, 200, t0 + 10);
  });
  store_->write_tx([&](Tx& tx) {
    tx.insert_live_event(domain::live_lead_new, 300, t0 + 11);
    return false;
  });
  auto tail = after(ids[4], 10);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].lead_id, 200);
  EXPECT_EQ(tail[0].kind, domain::live_lead_slots);
  EXPECT_EQ(tail[1].kind, domain::live_lead_gone);
  auto newest = last();
  EXPECT_EQ(newest, tail[1].id);

  // Pruning: strictly before the time; the last id stays.
  int deleted = -1;
  write([&](Tx& tx) { deleted = tx.delete_live_events_before(t0 + 3); });
  EXPECT_EQ(deleted, 2);
  all = after(0, 100);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].id, ids[2]);
  write([&](Tx& tx) { deleted = tx.delete_live_events_before(t0 + 1000); });
  EXPECT_EQ(deleted, 5);
  EXPECT_TRUE(after(0, 100).empty());
  std::int64_t next = 0;
  write([&](Tx& tx) { next = tx.insert_live_event(domain::live_lead_new, 1, t0 + 2000); });
  EXPECT_GT(next, newest);  // ids are never reused
}

INSTANTIATE_TEST_SUITE_P(Backends, Market, ::testing::Values("sqlite", "postgres"), backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, AvailableLeads, ::testing::Values("sqlite", "postgres"),
                         backend_name);

// ---------------------------------------------------------------- identical answers

// The same 10,000 plumbers over real ZIPs on SQLite and PostgreSQL: ~300 leads give the same
// (plumber, distance) lists on both, and both equal the brute-force answer.
TEST(MarketIdentical, TenThousandPlumbersSameMatchesOnBothBackends) {
  if (pg_url().empty())
    GTEST_SKIP() << "TEST_PG_URL is not set; start one with scripts/pg-temp.sh start DIR";
  auto ps = generate_plumbers(10000, 0x0123'4567'89ab'cdefULL);
  auto leads = generate_leads(300, ps, 0xfeed'beefULL);
  plumbline::testing::TempDb lite_db("sqlite", "", false), pg_db("postgres", pg_url(), false);
  StoreOptions options;
  auto lite = open_store(lite_db.url(), options);
  auto pg = open_store(pg_db.url(), options);
  lite->migrate();
  pg->migrate();
  const Millis since = t0;
  auto lite_ids = load_plumbers(*lite, ps, since);
  auto pg_ids = load_plumbers(*pg, ps, since);
  // Compare by fixture index, not by the ids each database assigned.
  std::unordered_map<std::int64_t, std::int64_t> lite_index, pg_index;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    lite_index[lite_ids[i]] = static_cast<std::int64_t>(i);
    pg_index[pg_ids[i]] = static_cast<std::int64_t>(i);
  }
  auto indexed = [](std::vector<Expected> v, const auto& index) {
    for (auto& e : v) {
      auto it = index.find(e.plumber_id);
      e.plumber_id = it == index.end() ? -1 - e.plumber_id : it->second;
    }
    return v;
  };
  std::vector<std::int64_t> positions(ps.size());
  for (std::size_t i = 0; i < ps.size(); ++i) positions[i] = static_cast<std::int64_t>(i);

  std::size_t total = 0, nonempty = 0;
  for (const auto& l : leads) {
    auto q = match_at_zip(l.zip, l.service, since);
    auto a = indexed(as_expected(lite->read<std::vector<MatchCandidate>>(
                         [&](Tx& tx) { return tx.match_plumbers(q); })),
                     lite_index);
    auto b = indexed(as_expected(pg->read<std::vector<MatchCandidate>>(
                         [&](Tx& tx) { return tx.match_plumbers(q); })),
                     pg_index);
    auto want = brute_force_matches(ps, positions, l);
    EXPECT_EQ(diff_matches(a, b), "")
        << "sqlite vs postgres, lead at " << l.zip << " for " << l.service;
    EXPECT_EQ(diff_matches(want, a), "") << "sqlite vs brute force, lead at " << l.zip;
    EXPECT_EQ(diff_matches(want, b), "") << "postgres vs brute force, lead at " << l.zip;
    total += want.size();
    nonempty += want.empty() ? 0 : 1;
  }
  EXPECT_GT(total, 1000u);
  EXPECT_GT(nonempty, 150u);
  std::printf("[ info ] 10,000 plumbers, %zu leads: %zu matches, %zu leads with at least one\n",
              leads.size(), total, nonempty);
}

}  // namespace
}  // namespace plumbline::store::market_test
