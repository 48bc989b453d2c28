// Late matching against a real database with a fixed clock: each way of becoming able to receive
// leads (approval, plan by the admin or a Stripe event, unpausing, a wider area or more services)
// sends the open leads intake would have sent, with alerts, once; the homeowner nobody had been
// sent is told once; the burst cap; plumbers who still cannot receive leads get nothing.
#include <boost/json.hpp>
#include <set>

#include "marketplace_fixture.hpp"
#include "services/payments.hpp"

namespace plumbline::late_matching_test {
using namespace market_test;

namespace {

class LateMatchTest : public MarketTest {
 protected:
  std::set<domain::UserId> matched_to(domain::LeadId lead_id) {
    std::set<domain::UserId> out;
    for (const auto& m : store_->read<std::vector<domain::LeadMatch>>(
             [&](store::Tx& tx) { return tx.lead_matches(lead_id); }))
      out.insert(m.plumber_id);
    return out;
  }
  std::vector<domain::OutboxMessage> messages_for(const std::string& kind, domain::LeadId lead_id) {
    std::vector<domain::OutboxMessage> out;
    for (auto& m : messages(kind))
      if (m.lead_id == domain::LeadId{lead_id.value}) out.push_back(std::move(m));
    return out;
  }
  // A plumber who is not approved yet (complete profile, settings as given).
  domain::UserId applicant(const std::string& name, PlumberSpec spec = {}) {
    spec.approve = false;
    return plumber(name, spec);
  }
  int late(domain::UserId plumber_id) {
    int n = 0;
    store_->write_tx([&](store::Tx& tx) {
      n = matching_->match_open_leads(tx, plumber_id.value, clock_.now_ms());
      return true;
    });
    return n;
  }
  // Everything a late match writes, counted: matches, alerts, homeowner notices, live events.
  std::size_t footprint() {
    std::size_t n = messages("lead_alert").size() + messages("lead_plumber_joined").size() +
                    live_events().size();
    for (const auto& l : submitted_) n += matched_to(l).size();
    return n;
  }
  services::SubmittedLead remember(services::SubmittedLead s) {
    submitted_.push_back(s.id);
    return s;
  }
  std::vector<domain::LeadId> submitted_;
};

TEST_P(LateMatchTest, ApprovalSendsTheOpenLeadsAndTellsTheHomeownerOnce) {
  auto p = applicant("ann");
  ASSERT_TRUE(
      admin_tools_->set_plan(domain::Actor{admin_}, p, "active").ok());  // still pending: nothing
  auto lead = remember(submit("drain_cleaning", "flexible", "94103"));
  ASSERT_EQ(lead.matched, 0);
  clock_.advance_ms(2 * hour);
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, p, approval()).ok());

  EXPECT_EQ(matched_to(lead.id), (std::set<domain::UserId>{p}));
  auto alerts = messages_for("lead_alert", lead.id);
  ASSERT_EQ(alerts.size(), 1u);  // e-mail only: the plumber's default settings
  EXPECT_EQ(alerts[0].recipient, "ann@example.com");
  EXPECT_EQ(alerts[0].due_at, t0 + 2 * hour);
  EXPECT_EQ(alerts[0].expires_at, t0 + services::MarketplaceSettings{}.lead_expiry_ms);
  auto all = everything(alerts[0]);
  for (const char* secret_bit : {"Maria", "555-2", "maria", "Valencia"})
    EXPECT_EQ(all.find(secret_bit), std::string::npos) << secret_bit;

  // The homeowner chose text: the notice goes by e-mail and SMS, where the confirmation went, with
  // the same sealed tracking link and nothing they typed.
  auto confirmations = messages_for("lead_confirmation", lead.id);
  auto notices = messages_for("lead_plumber_joined", lead.id);
  ASSERT_EQ(notices.size(), 2u);
  for (const auto& n : notices) {
    EXPECT_EQ(n.due_at, t0 + 2 * hour);
    EXPECT_NE(n.data_json.find("A plumber who covers 94103 has joined and was sent your request."),
              std::string::npos)
        << n.data_json;
    bool same_as_confirmation = false;
    for (const auto& c : confirmations)
      same_as_confirmation =
          same_as_confirmation ||
          (c.channel == n.channel && c.recipient == n.recipient && c.sealed_json == n.sealed_json);
    EXPECT_TRUE(same_as_confirmation) << n.channel;
    EXPECT_NE(everything(n).find("/t/" + lead.tracking_token), std::string::npos);
    EXPECT_EQ(everything(n).find("Kitchen sink"), std::string::npos);
  }
  EXPECT_EQ(live_events().back().kind, domain::live_lead_new);
  EXPECT_EQ(live_events().back().lead_id, lead.id);
  auto tracked = leads_->track(lead.tracking_token);
  ASSERT_TRUE(tracked.ok());
  EXPECT_EQ(tracked->matched, 1);
  EXPECT_EQ(tracked->history.back().note,
            "Sent to a plumber who started covering this area after the request");

  // Idempotent: approving again, saving the settings or running it directly adds nothing.
  auto before = footprint();
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, p, approval()).ok());
  ASSERT_TRUE(profiles_->save_settings(p, {}).ok());
  EXPECT_EQ(late(p), 0);
  EXPECT_EQ(footprint(), before);

  // A second plumber joining later is sent it too, but the homeowner hears only once.
  auto q = applicant("bob");
  ASSERT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, q, "active").ok());
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, q, approval()).ok());
  EXPECT_EQ(matched_to(lead.id), (std::set<domain::UserId>{p, q}));
  EXPECT_EQ(messages_for("lead_alert", lead.id).size(), 2u);
  EXPECT_EQ(messages_for("lead_plumber_joined", lead.id).size(), 2u);
}

TEST_P(LateMatchTest, RequestsThatHadPlumbersGetNoNotice) {
  plumber("ann");
  auto lead = remember(submit());
  ASSERT_EQ(lead.matched, 1);
  auto b = plumber("bob");  // approved, then the plan: matched late
  EXPECT_EQ(matched_to(lead.id).count(b), 1u);
  EXPECT_TRUE(messages_for("lead_plumber_joined", lead.id).empty());
  auto tracked = leads_->track(lead.tracking_token);
  EXPECT_EQ(tracked->matched, 2);  // the tracking page's count simply goes up
}

TEST_P(LateMatchTest, PlanActivationByTheAdminOrAStripeEventSendsTheLeads) {
  auto admin_plan = applicant("ann");
  auto stripe_plan = applicant("bob");
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, admin_plan, approval())
                  .ok());  // approved, no plan
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, stripe_plan, approval()).ok());
  auto lead = remember(submit());
  ASSERT_EQ(lead.matched, 0);

  ASSERT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, admin_plan, "active").ok());
  EXPECT_EQ(matched_to(lead.id), (std::set<domain::UserId>{admin_plan}));

  // The Stripe path: the app gives the payment service the matching service for late matching.
  services::PaymentService payments(*store_, clock_, nullptr, matching_.get());
  namespace json = boost::json;
  auto now_s = clock_.now_ms() / 1000;
  json::value sub{{"id", "sub_1"},
                  {"object", "subscription"},
                  {"customer", "cus_1"},
                  {"status", "active"},
                  {"cancel_at_period_end", false},
                  {"metadata", {{"plumber_id", domain::to_string(stripe_plan)}}},
                  {"items",
                   {{"object", "list"},
                    {"data", json::array{{{"price", {{"id", "price_x"}}},
                                          {"current_period_end", now_s + 30 * 86400}}}}}},
                  {"created", now_s - 100}};
  json::value event{{"id", "evt_1"},
                    {"object", "event"},
                    {"type", "customer.subscription.updated"},
                    {"created", now_s},
                    {"data", {{"object", sub}}}};
  auto r = payments.apply_event(event);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->outcome, "status:active");
  EXPECT_EQ(matched_to(lead.id), (std::set<domain::UserId>{admin_plan, stripe_plan}));
  EXPECT_EQ(messages_for("lead_alert", lead.id).size(), 2u);
  EXPECT_EQ(messages_for("lead_plumber_joined", lead.id).size(), 2u);  // once: e-mail and SMS
  auto before = footprint();
  ASSERT_TRUE(payments.apply_event(event).ok());  // a repeated event changes nothing
  EXPECT_EQ(footprint(), before);
}

TEST_P(LateMatchTest, UnpausingSendsWhatArrivedMeanwhile) {
  domain::PlumberSettings paused;
  paused.paused = true;
  auto p = plumber("ann", {.settings = paused});
  auto lead = remember(submit());
  ASSERT_EQ(lead.matched, 0);
  domain::PlumberSettings still_paused = paused;
  still_paused.notify_sms = true;
  ASSERT_TRUE(profiles_->save_settings(p, still_paused).ok());
  EXPECT_TRUE(matched_to(lead.id).empty());

  clock_.advance_ms(hour);
  domain::PlumberSettings back;
  back.notify_sms = true;
  ASSERT_TRUE(profiles_->save_settings(p, back).ok());
  EXPECT_EQ(matched_to(lead.id), (std::set<domain::UserId>{p}));
  EXPECT_EQ(messages_for("lead_alert", lead.id).size(), 2u);  // e-mail and SMS, as now chosen
  auto before = footprint();
  ASSERT_TRUE(profiles_->save_settings(p, back).ok());
  EXPECT_EQ(footprint(), before);
}

TEST_P(LateMatchTest, AWiderAreaOrANewServiceSendsTheLeadsNowCovered) {
  auto p = plumber("ann", {.zip = "10001"});
  auto sf = remember(submit("drain_cleaning", "flexible", "94103"));
  auto heater = remember(submit("sewer_line", "flexible", "10001"));
  ASSERT_EQ(sf.matched, 0);
  ASSERT_EQ(heater.matched, 0);
  auto profile = profiles_->profile(p)->plumber.profile;

  profile.extra_zips = {"94103"};  // an extra ZIP on the other coast
  ASSERT_TRUE(profiles_->save_profile(p, profile).ok());
  EXPECT_EQ(matched_to(sf.id), (std::set<domain::UserId>{p}));
  EXPECT_TRUE(matched_to(heater.id).empty());

  profile.services.push_back("sewer_line");
  ASSERT_TRUE(profiles_->save_profile(p, profile).ok());
  EXPECT_EQ(matched_to(heater.id), (std::set<domain::UserId>{p}));
  EXPECT_EQ(messages("lead_alert").size(), 2u);
  auto before = footprint();
  ASSERT_TRUE(profiles_->save_profile(p, profile).ok());
  EXPECT_EQ(footprint(), before);
}

TEST_P(LateMatchTest, AtMostTheNewestBurstPerEvent) {
  constexpr int burst = services::MarketplaceSettings{}.late_match_burst;
  std::vector<services::SubmittedLead> leads;  // oldest first
  for (int i = 0; i < burst + 3; ++i) {
    leads.push_back(remember(submit()));
    clock_.advance_ms(60'000);
  }
  auto p = plumber("ann");
  std::size_t sent = 0;
  for (std::size_t i = 0; i < leads.size(); ++i) {
    bool newest = i >= leads.size() - burst;
    EXPECT_EQ(matched_to(leads[i].id).size(), newest ? 1u : 0u) << "lead #" << i;
    sent += matched_to(leads[i].id).size();
  }
  EXPECT_EQ(sent, static_cast<std::size_t>(burst));
  EXPECT_EQ(messages("lead_alert").size(), static_cast<std::size_t>(burst));
  // The newest are sent already, so a later event does not go on to the older ones.
  EXPECT_EQ(late(p), 0);
  ASSERT_TRUE(profiles_->save_settings(p, {}).ok());
  EXPECT_EQ(messages("lead_alert").size(), static_cast<std::size_t>(burst));
}

TEST_P(LateMatchTest, PlumbersWhoStillCannotReceiveLeadsGetNothing) {
  auto lead = remember(submit());
  ASSERT_EQ(lead.matched, 0);
  auto before = footprint();

  // Suspended: a new plan, settings or profile change sends nothing.
  auto suspended = applicant("sue");
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, suspended, approval()).ok());
  domain::PlumberReview suspend{
      domain::PlumberStatus::suspended, "Complaints", "", "", std::nullopt, 0};
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, suspended, suspend).ok());
  ASSERT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, suspended, "active").ok());
  ASSERT_TRUE(profiles_->save_settings(suspended, {}).ok());
  // Paused: approval and a plan send nothing.
  domain::PlumberSettings paused;
  paused.paused = true;
  auto pause = applicant("pat", {.settings = paused});
  ASSERT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, pause, "active").ok());
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, pause, approval()).ok());
  // Rejected, and a plan without approval.
  auto rejected = applicant("rex");
  ASSERT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, rejected, "active").ok());
  domain::PlumberReview reject{
      domain::PlumberStatus::rejected, "No licence", "", "", std::nullopt, 0};
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, rejected, reject).ok());
  // A closed account approved by mistake afterwards.
  auto closed = applicant("cal");
  store_->write_tx([&](store::Tx& tx) { return tx.close_user(closed, "bye", {}, t0); });
  ASSERT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, closed, "active").ok());
  (void)admin_tools_->review(domain::Actor{admin_}, closed, approval());
  // Other work or too far away.
  auto far = plumber("fay", {.zip = "10001"});
  auto other_work = plumber("oz", {.services = {"water_heater"}});

  for (auto id : {suspended, pause, rejected, closed, far, other_work}) EXPECT_EQ(late(id), 0);
  EXPECT_TRUE(matched_to(lead.id).empty());
  EXPECT_EQ(footprint(), before);
  EXPECT_TRUE(messages("lead_alert").empty());
  EXPECT_TRUE(messages("lead_plumber_joined").empty());

  // Reactivated by an admin: now the suspended plumber is sent it, and the homeowner told.
  ASSERT_TRUE(admin_tools_->review(domain::Actor{admin_}, suspended, approval()).ok());
  EXPECT_EQ(matched_to(lead.id), (std::set<domain::UserId>{suspended}));
  EXPECT_EQ(messages("lead_plumber_joined").size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, LateMatchTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::late_matching_test
