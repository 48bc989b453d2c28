// Matching on SQLite and PostgreSQL (the Market suite, instantiated here): every eligibility rule,
// radius and extra ZIPs, ordering, and the lead match rows.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

TEST_P(Market, EveryEligibilityRuleExcludes) {
  auto spec = [](auto change) {
    PlumberSpec s;
    change(s);
    return s;
  };
  auto eligible = plumber(1);
  auto pending =
      plumber(2, spec([](PlumberSpec& s) { s.status = domain::PlumberStatus::pending; }));
  auto rejected =
      plumber(3, spec([](PlumberSpec& s) { s.status = domain::PlumberStatus::rejected; }));
  auto suspended =
      plumber(4, spec([](PlumberSpec& s) { s.status = domain::PlumberStatus::suspended; }));
  auto no_plan = plumber(5, spec([](PlumberSpec& s) { s.plan = domain::PlanStatus::none; }));
  auto canceled = plumber(6, spec([](PlumberSpec& s) { s.plan = domain::PlanStatus::canceled; }));
  auto trialing = plumber(7, spec([](PlumberSpec& s) { s.plan = domain::PlanStatus::trialing; }));
  auto past_due = plumber(8, spec([](PlumberSpec& s) { s.plan = domain::PlanStatus::past_due; }));
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
  (void)pending, (void)rejected, (void)suspended, (void)no_plan, (void)canceled, (void)paused;
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
    tx.save_plumber_settings(domain::UserId{eligible}, s, t0);
  });
  auto ms = match(match_at_zip("10001", "leak_repair", since));
  ASSERT_FALSE(ms.empty());
  const auto& m = ms[0];
  EXPECT_EQ(m.plumber_id, domain::UserId{eligible});
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
  c.plan = domain::PlanStatus::canceled;
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
      auto b = *tx.plumber_billing(domain::UserId{id});
      b.current_period_end = end_s;
      b.stripe_state_at = 1;
      ASSERT_TRUE(tx.save_plumber_billing(b, t0));
    });
  };
  set_period_end(ending, now / 1000 + 60);
  set_period_end(ended, now / 1000);  // ends exactly now: over
  set_period_end(far, now / 1000 + 60);
  EXPECT_EQ(read<std::optional<domain::PlumberProfile>>([&](Tx& tx) {
              return tx.plumber_profile(domain::UserId{ending});
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
                                       domain::PlumberStatus::approved,
                                       domain::PlanStatus::active,
                                       false,
                                       1});
  auto l = lead(market_lead(1, "10001", "leak_repair"));
  auto c = claim(l, capped, t0 + 5);
  write([&](Tx& tx) { ASSERT_TRUE(tx.mark_claim_refunded(domain::ClaimId{c}, t0 + 6)); });
  EXPECT_TRUE(match_ids(match_at_zip("10001", "leak_repair", t0)).empty());
  EXPECT_EQ(read<int>([&](Tx& tx) { return tx.count_claims_since(domain::UserId{capped}, t0); }),
            1);

  auto no_base = plumber(2, PlumberSpec{"", 25, {"leak_repair"}, {"60601"}});
  EXPECT_EQ(profile(no_base).profile.base_zip, "");
  auto ms = match(match_at_zip("60601", "leak_repair"));
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].plumber_id, domain::UserId{no_base});
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
    tx.save_plumber_profile(domain::UserId{id},
                            profile_input(1, PlumberSpec{"94110", 10, {"leak_repair"}}), t0);
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
  write([&](Tx& tx) { tx.save_plumber_settings(domain::UserId{id}, s, t0 + 1); });
  EXPECT_TRUE(match_ids(q).empty());
  s.paused = false;
  write([&](Tx& tx) { tx.save_plumber_settings(domain::UserId{id}, s, t0 + 2); });
  EXPECT_EQ(match_ids(q), std::vector<std::int64_t>{id});
  write([&](Tx& tx) {
    tx.set_plumber_plan(domain::UserId{id}, domain::PlanStatus::canceled, t0 + 3);
  });
  EXPECT_TRUE(match_ids(q).empty());
  write(
      [&](Tx& tx) { tx.set_plumber_plan(domain::UserId{id}, domain::PlanStatus::active, t0 + 4); });
  EXPECT_EQ(match_ids(q), std::vector<std::int64_t>{id});
  domain::PlumberReview r;
  r.status = domain::PlumberStatus::suspended;
  r.reviewed_at = t0 + 5;
  write([&](Tx& tx) { tx.set_plumber_review(domain::UserId{id}, r); });
  EXPECT_TRUE(match_ids(q).empty());
  r.status = domain::PlumberStatus::approved;
  write([&](Tx& tx) { tx.set_plumber_review(domain::UserId{id}, r); });
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
          if (m.plumber_id.value == id) {
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
  EXPECT_EQ(ms[0].plumber_id, domain::UserId{p1});
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
  EXPECT_EQ(ms[0].plumber_id, domain::UserId{p2});
  EXPECT_NEAR(ms[0].distance_miles, miles_between(zip("10001"), zip("11201")), 1e-6);
  EXPECT_EQ(ms[1].plumber_id, domain::UserId{p3});
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
  for (const auto& m : ms) got.push_back(m.plumber_id.value);
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
    tx.save_plumber_profile(domain::UserId{id},
                            profile_input(1, PlumberSpec{"94110", 10, {"leak_repair"}}), t0 + 1);
  });
  EXPECT_TRUE(match_ids(nyc).empty());
  EXPECT_TRUE(match_ids(chicago).empty());  // the old extra ZIP went with the save
  auto ms = match(sf);
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].plumber_id, domain::UserId{id});
  EXPECT_NEAR(ms[0].distance_miles, 0.0, 1e-6);

  // Growing the radius reaches further, shrinking it pulls back.
  auto oakland = match_at_zip("94607", "leak_repair");
  double d = miles_between(zip("94110"), zip("94607"));
  ASSERT_GT(d, 5);
  ASSERT_LT(d, 20);
  write([&](Tx& tx) {
    tx.save_plumber_profile(domain::UserId{id},
                            profile_input(1, PlumberSpec{"94110", 3, {"leak_repair"}}), t0 + 2);
  });
  EXPECT_TRUE(match_ids(oakland).empty());
  write([&](Tx& tx) {
    tx.save_plumber_profile(domain::UserId{id},
                            profile_input(1, PlumberSpec{"94110", 20, {"leak_repair"}}), t0 + 3);
  });
  EXPECT_EQ(match_ids(oakland), std::vector<std::int64_t>{id});
  // And the profile update inside a rolled-back transaction leaves the area where it was.
  store_->write_tx([&](Tx& tx) {
    tx.save_plumber_profile(domain::UserId{id},
                            profile_input(1, PlumberSpec{"10001", 20, {"leak_repair"}}), t0 + 4);
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

TEST_P(Market, LeadMatchesRoundTrip) {
  auto p1 = plumber(1), p2 = plumber(2);
  auto l1 = lead(market_lead(1, "10001", "leak_repair")),
       l2 = lead(market_lead(2, "10001", "leak_repair"));
  write([&](Tx& tx) {
    tx.insert_lead_matches({store::lead_match_row(l1, p2, 3.5, t0 + 1),
                            store::lead_match_row(l1, p1, 1.25, t0 + 1),
                            store::lead_match_row(l2, p2, 0.0, t0 + 2)});
  });
  auto ms = read<std::vector<domain::LeadMatch>>(
      [&](Tx& tx) { return tx.lead_matches(domain::LeadId{l1}); });
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].plumber_id, domain::UserId{p1});
  EXPECT_EQ(ms[0].lead_id, domain::LeadId{l1});
  EXPECT_DOUBLE_EQ(ms[0].distance_miles, 1.25);
  EXPECT_EQ(ms[0].matched_at, t0 + 1);
  EXPECT_EQ(ms[1].plumber_id, domain::UserId{p2});
  EXPECT_DOUBLE_EQ(ms[1].distance_miles, 3.5);
  auto m = read<std::optional<domain::LeadMatch>>(
      [&](Tx& tx) { return tx.lead_match(domain::LeadId{l2}, domain::UserId{p2}); });
  ASSERT_TRUE(m);
  EXPECT_DOUBLE_EQ(m->distance_miles, 0.0);
  EXPECT_EQ(m->matched_at, t0 + 2);
  EXPECT_EQ(read<std::optional<domain::LeadMatch>>(
                [&](Tx& tx) { return tx.lead_match(domain::LeadId{l2}, domain::UserId{p1}); }),
            std::nullopt);
  EXPECT_TRUE(read<std::vector<domain::LeadMatch>>([&](Tx& tx) {
                return tx.lead_matches(domain::LeadId{l2 + 100});
              }).empty());
  // An empty batch is fine.
  write([&](Tx& tx) { tx.insert_lead_matches({}); });
  EXPECT_EQ(read<std::vector<domain::LeadMatch>>([&](Tx& tx) {
              return tx.lead_matches(domain::LeadId{l1});
            }).size(),
            2u);
}

// The Market suite runs in several files (one per aggregate); its backends are listed once, here.
INSTANTIATE_TEST_SUITE_P(Backends, Market, ::testing::Values("sqlite", "postgres"), backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
