// Plumber profiles on SQLite and PostgreSQL (the Market suite): defaults, round trips, lists.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

TEST_P(Market, ProfileDefaultsAfterSignup) {
  auto id = add_user("joe@example.com");
  write([&](Tx& tx) {
    tx.insert_plumber(
        domain::Plumber{domain::UserId{id}, "Joe's Pipes", "Joe Jiménez", "+12125550199"});
  });
  auto p = profile(id);
  EXPECT_EQ(p.user_id, domain::UserId{id});
  EXPECT_EQ(p.email, "joe@example.com");
  EXPECT_EQ(p.profile.business_name, "Joe's Pipes");
  EXPECT_EQ(p.profile.contact_name, "Joe Jiménez");
  EXPECT_EQ(p.profile.phone_e164, "+12125550199");
  EXPECT_EQ(p.profile.base_zip, "");
  EXPECT_EQ(p.profile.radius_miles, domain::radius_default_miles);
  EXPECT_TRUE(p.profile.services.empty());
  EXPECT_TRUE(p.profile.extra_zips.empty());
  EXPECT_EQ(p.review.status, domain::PlumberStatus::pending);
  EXPECT_EQ(p.review.reviewed_by, std::nullopt);
  EXPECT_EQ(p.plan_status, domain::PlanStatus::none);
  domain::PlumberSettings d;
  EXPECT_EQ(p.settings.notify_email, d.notify_email);
  EXPECT_EQ(p.settings.notify_sms, d.notify_sms);
  EXPECT_EQ(p.settings.daily_cap, d.daily_cap);
  EXPECT_EQ(p.settings.utc_offset_minutes, d.utc_offset_minutes);
  EXPECT_EQ(p.settings.paused, false);

  // Not a plumber, or no such user: nullopt.
  auto admin = add_user(make_user("admin@example.com", domain::Role::admin));
  EXPECT_EQ(read<std::optional<PlumberProfile>>(
                [&](Tx& tx) { return tx.plumber_profile(domain::UserId{admin}); }),
            std::nullopt);
  EXPECT_EQ(read<std::optional<PlumberProfile>>(
                [&](Tx& tx) { return tx.plumber_profile(domain::UserId{id + 1000}); }),
            std::nullopt);
}

TEST_P(Market, ProfileRoundTripReplacesServicesAndZips) {
  auto id = add_user("joe@example.com");
  write([&](Tx& tx) {
    tx.insert_plumber(domain::Plumber{domain::UserId{id}, "Old", "Old", "+12125550100"});
  });

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
  write([&](Tx& tx) { tx.save_plumber_profile(domain::UserId{id}, in, t0 + 5); });

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
  auto row = read<std::optional<domain::Plumber>>(
      [&](Tx& tx) { return tx.plumber_by_user(domain::UserId{id}); });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->business_name, in.business_name);
  EXPECT_EQ(row->phone_e164, in.phone_e164);

  // A second save replaces the lists (not appended), and every field.
  in.services = {"drain_cleaning"};
  in.extra_zips = {"11201", "10002"};
  in.radius_miles = 1;
  in.years_in_business = 0;
  in.description = "";
  write([&](Tx& tx) { tx.save_plumber_profile(domain::UserId{id}, in, t0 + 6); });
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
  write([&](Tx& tx) { tx.save_plumber_profile(domain::UserId{id}, in, t0 + 7); });
  p = profile(id);
  EXPECT_TRUE(p.profile.services.empty());
  EXPECT_TRUE(p.profile.extra_zips.empty());

  // Another plumber's lists are untouched by these saves.
  auto other = plumber(2, PlumberSpec{"10001", 25, {"leak_repair", "gas_line"}, {"10003"}});
  write([&](Tx& tx) { tx.save_plumber_profile(domain::UserId{id}, in, t0 + 8); });
  auto o = profile(other);
  EXPECT_EQ(sorted(o.profile.services), (std::vector<std::string>{"gas_line", "leak_repair"}));
  EXPECT_EQ(o.profile.extra_zips, std::vector<std::string>{"10003"});
}

TEST_P(Market, SettingsReviewAndPlanRoundTripIndependently) {
  auto admin = add_user(make_user("admin@example.com", domain::Role::admin));
  auto id = plumber(1, PlumberSpec{"10001",
                                   25,
                                   {"leak_repair"},
                                   {},
                                   domain::PlumberStatus::pending,
                                   domain::PlanStatus::none});
  auto before = profile(id);

  domain::PlumberSettings s;
  s.notify_email = false;
  s.notify_sms = true;
  s.quiet_start_minute = 22 * 60 + 30;
  s.quiet_end_minute = 7 * 60;
  s.utc_offset_minutes = -420;
  s.daily_cap = 3;
  s.paused = true;
  write([&](Tx& tx) { tx.save_plumber_settings(domain::UserId{id}, s, t0 + 10); });
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
  EXPECT_EQ(p.review.status, domain::PlumberStatus::pending);

  domain::PlumberReview r;
  r.status = domain::PlumberStatus::approved;
  r.reason = "Licence and insurance checked — OK";
  r.licence_verified_on = "2026-11-20";
  r.insurance_valid_until = "2027-05-31";
  r.reviewed_by = domain::UserId{admin};
  r.reviewed_at = t0 + 20;
  write([&](Tx& tx) { tx.set_plumber_review(domain::UserId{id}, r); });
  p = profile(id);
  EXPECT_EQ(p.review.status, domain::PlumberStatus::approved);
  EXPECT_EQ(p.review.reason, r.reason);
  EXPECT_EQ(p.review.licence_verified_on, "2026-11-20");
  EXPECT_EQ(p.review.insurance_valid_until, "2027-05-31");
  EXPECT_EQ(p.review.reviewed_by, std::optional{domain::UserId{admin}});
  EXPECT_EQ(p.review.reviewed_at, t0 + 20);
  EXPECT_EQ(p.settings.daily_cap, 3);  // settings untouched

  r.status = domain::PlumberStatus::suspended;
  r.reason = "Complaints";
  r.reviewed_by = std::nullopt;
  r.reviewed_at = t0 + 30;
  write([&](Tx& tx) { tx.set_plumber_review(domain::UserId{id}, r); });
  p = profile(id);
  EXPECT_EQ(p.review.status, domain::PlumberStatus::suspended);
  EXPECT_EQ(p.review.reason, "Complaints");
  EXPECT_EQ(p.review.reviewed_by, std::nullopt);
  EXPECT_EQ(p.review.reviewed_at, t0 + 30);

  EXPECT_EQ(p.plan_status, domain::PlanStatus::none);
  for (auto plan :
       {domain::PlanStatus::active, domain::PlanStatus::trialing, domain::PlanStatus::past_due,
        domain::PlanStatus::canceled, domain::PlanStatus::none}) {
    write([&](Tx& tx) { tx.set_plumber_plan(domain::UserId{id}, plan, t0 + 40); });
    p = profile(id);
    EXPECT_EQ(p.plan_status, plan);
    EXPECT_EQ(p.plan_changed_at, t0 + 40);
  }
  write([&](Tx& tx) {
    tx.set_plumber_plan(domain::UserId{id}, domain::PlanStatus::active, t0 + 41);
  });
  EXPECT_EQ(profile(id).plan_changed_at, t0 + 41);

  // Saving the profile keeps settings, review and plan.
  write([&](Tx& tx) {
    tx.save_plumber_profile(domain::UserId{id}, profile_input(1, PlumberSpec{}), t0 + 50);
  });
  p = profile(id);
  EXPECT_TRUE(p.settings.paused);
  EXPECT_EQ(p.settings.daily_cap, 3);
  EXPECT_EQ(p.review.status, domain::PlumberStatus::suspended);
  EXPECT_EQ(p.plan_status, domain::PlanStatus::active);
}

TEST_P(Market, ListAndCountPlumbersByStatus) {
  std::vector<std::int64_t> approved, pending;
  const domain::PlumberStatus statuses[] = {
      domain::PlumberStatus::approved, domain::PlumberStatus::pending,
      domain::PlumberStatus::approved, domain::PlumberStatus::rejected,
      domain::PlumberStatus::approved, domain::PlumberStatus::suspended,
      domain::PlumberStatus::pending,  domain::PlumberStatus::approved};
  std::vector<std::int64_t> all;
  for (int i = 0; i < 8; ++i) {
    PlumberSpec s;
    s.status = statuses[i];
    auto id = plumber(i, s);
    all.push_back(id);
    if (s.status == domain::PlumberStatus::approved) approved.push_back(id);
    if (s.status == domain::PlumberStatus::pending) pending.push_back(id);
  }
  add_user(make_user("admin@example.com", domain::Role::admin));  // not a plumber
  auto ids = [&](std::optional<domain::PlumberStatus> status, int limit, int offset) {
    domain::PlumberListQuery q;
    q.status = status;
    q.limit = limit;
    q.offset = offset;
    std::vector<std::int64_t> out;
    for (const auto& p :
         read<std::vector<PlumberProfile>>([&](Tx& tx) { return tx.list_plumbers(q); })) {
      if (status) {
        EXPECT_EQ(p.review.status, *status);
      }
      out.push_back(p.user_id.value);
    }
    return out;
  };
  EXPECT_EQ(ids(domain::PlumberStatus::approved, 50, 0), approved);
  EXPECT_EQ(ids(domain::PlumberStatus::pending, 50, 0), pending);
  EXPECT_EQ(ids(std::nullopt, 50, 0), all);
  EXPECT_EQ(ids(domain::PlumberStatus::approved, 2, 0),
            (std::vector<std::int64_t>{approved[0], approved[1]}));
  EXPECT_EQ(ids(domain::PlumberStatus::approved, 2, 2),
            (std::vector<std::int64_t>{approved[2], approved[3]}));
  EXPECT_TRUE(ids(domain::PlumberStatus::approved, 2, 4).empty());
  EXPECT_EQ(ids(std::nullopt, 3, 6), (std::vector<std::int64_t>{all[6], all[7]}));
  // Listed profiles carry their lists too.
  domain::PlumberListQuery q;
  q.status = domain::PlumberStatus::rejected;
  auto rejected = read<std::vector<PlumberProfile>>([&](Tx& tx) { return tx.list_plumbers(q); });
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].profile.services, std::vector<std::string>{"leak_repair"});
  EXPECT_EQ(rejected[0].profile.base_zip, "10001");

  auto count = [&](std::optional<domain::PlumberStatus> s) {
    return read<std::int64_t>([&](Tx& tx) { return tx.count_plumbers(s); });
  };
  EXPECT_EQ(count(domain::PlumberStatus::approved), 4);
  EXPECT_EQ(count(domain::PlumberStatus::pending), 2);
  EXPECT_EQ(count(domain::PlumberStatus::rejected), 1);
  EXPECT_EQ(count(domain::PlumberStatus::suspended), 1);
  EXPECT_EQ(count(std::nullopt), 8);
}

}  // namespace
}  // namespace plumbline::store::market_test
