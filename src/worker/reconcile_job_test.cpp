// Unit tests for one reconciliation pass: what it asks Stripe for, paging, the order events are
// applied in, the synthetic events for paid sessions, and how failures are reported.
#include "worker/reconcile_job.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>

namespace plumbline::worker {
namespace {

namespace json = boost::json;
using integrations::StripeParams;
using integrations::StripeReply;

std::string param(const StripeParams& p, const std::string& name) {
  for (const auto& [k, v] : p)
    if (k == name) return v;
  return "";
}

// Answers GETs from canned list pages, keyed by path and starting_after.
class CannedStripe final : public integrations::StripeClient {
 public:
  std::map<std::pair<std::string, std::string>, std::string> pages;  // (path, after) → body
  std::vector<std::pair<std::string, StripeParams>> calls;

  StripeReply post(const std::string&, const StripeParams&, const std::string&) override {
    ADD_FAILURE() << "reconciliation never POSTs";
    return {};
  }
  StripeReply get(const std::string& path, const StripeParams& params) override {
    calls.emplace_back(path, params);
    StripeReply r;
    r.attempts = 1;
    auto it = pages.find({path, param(params, "starting_after")});
    if (it == pages.end()) {
      r.http_status = 500;
      r.error_type = "api_error";
      return r;
    }
    r.ok = true;
    r.http_status = 200;
    r.body = json::parse(it->second);
    return r;
  }
  void set_api_base(const std::string&) override {}
};

struct Applied {
  std::vector<json::value> events;
  std::map<std::string, int> seen;  // id → times applied
  ReconcileJob::Apply fn() {
    return [this](const json::value& e) -> domain::Result<services::StripeEventOutcome> {
      events.push_back(e);
      auto id = std::string(e.at("id").as_string());
      services::StripeEventOutcome out;
      out.duplicate = seen[id]++ > 0;
      out.outcome = out.duplicate ? "duplicate" : "applied";
      return out;
    };
  }
};

const char* kEmptyList = R"({"object":"list","data":[],"has_more":false})";

TEST(ReconcileJob, PagesThroughEventsAndAppliesThemOldestFirst) {
  CannedStripe stripe;
  stripe.pages[{"/v1/events", ""}] =
      R"({"object":"list","has_more":true,"data":[{"id":"evt_4","type":"invoice.paid","created":40},)"
      R"({"id":"evt_3","type":"invoice.paid","created":30}]})";
  stripe.pages[{"/v1/events", "evt_3"}] =
      R"({"object":"list","has_more":false,"data":[{"id":"evt_2","type":"invoice.paid","created":20},)"
      R"({"id":"evt_1","type":"invoice.paid","created":10}]})";
  stripe.pages[{"/v1/checkout/sessions", ""}] = kEmptyList;
  services::FixedClock clock(1'000'000'000);
  Applied applied;
  ReconcileJob job(stripe, applied.fn(), clock, std::chrono::seconds(60), std::chrono::hours(72));
  auto r = job.run_once();
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.events_seen, 4);
  EXPECT_EQ(r.events_applied, 4);
  ASSERT_EQ(applied.events.size(), 4u);
  EXPECT_EQ(applied.events[0].at("id").as_string(), "evt_1");
  EXPECT_EQ(applied.events[3].at("id").as_string(), "evt_4");

  ASSERT_GE(stripe.calls.size(), 2u);
  const auto& first = stripe.calls[0].second;
  EXPECT_EQ(param(first, "limit"), "100");
  EXPECT_EQ(param(first, "created[gte]"), std::to_string(1'000'000 - 72 * 3600));
  std::vector<std::string> types;
  for (const auto& [k, v] : first)
    if (k == "types[]") types.push_back(v);
  for (const char* t :
       {"checkout.session.completed", "invoice.paid", "invoice.payment_failed",
        "customer.subscription.created", "customer.subscription.updated",
        "customer.subscription.deleted", "charge.refunded", "charge.dispute.created"})
    EXPECT_NE(std::find(types.begin(), types.end(), t), types.end()) << t;
  EXPECT_EQ(param(stripe.calls[1].second, "starting_after"), "evt_3");

  // A second pass finds only duplicates.
  auto again = job.run_once();
  EXPECT_EQ(again.events_seen, 4);
  EXPECT_EQ(again.events_applied, 0);
}

TEST(ReconcileJob, PaidSessionsBecomeCheckoutCompletedEventsUnpaidOnesAreSkipped) {
  CannedStripe stripe;
  stripe.pages[{"/v1/events", ""}] = kEmptyList;
  stripe.pages[{"/v1/checkout/sessions", ""}] =
      R"({"object":"list","has_more":false,"data":[)"
      R"({"id":"cs_paid","object":"checkout.session","status":"complete","payment_status":"paid",)"
      R"("mode":"payment","created":1234,"livemode":false,"metadata":{"pack_id":"pack_5"}},)"
      R"({"id":"cs_unpaid","status":"complete","payment_status":"unpaid","created":1200}]})";
  services::FixedClock clock(2'000'000'000);
  Applied applied;
  ReconcileJob job(stripe, applied.fn(), clock, std::chrono::seconds(60), std::chrono::hours(1));
  auto r = job.run_once();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.sessions_seen, 2);
  EXPECT_EQ(r.sessions_applied, 1);
  ASSERT_EQ(applied.events.size(), 1u);
  const auto& e = applied.events[0].as_object();
  EXPECT_EQ(e.at("id").as_string(), "reconcile:cs_paid");
  EXPECT_EQ(e.at("type").as_string(), "checkout.session.completed");
  EXPECT_EQ(e.at("created").as_int64(), 1234);
  EXPECT_EQ(e.at("data").at("object").at("metadata").at("pack_id").as_string(), "pack_5");
  const auto& sessions_call = stripe.calls.back().second;
  EXPECT_EQ(param(sessions_call, "status"), "complete");
  EXPECT_EQ(param(sessions_call, "created[gte]"), std::to_string(2'000'000 - 3600));
}

TEST(ReconcileJob, AFailedListCallFailsThePassButKeepsWhatItHad) {
  CannedStripe stripe;
  stripe.pages[{"/v1/events", ""}] =
      R"({"object":"list","has_more":true,"data":[{"id":"evt_9","type":"invoice.paid"}]})";
  // The second page and the session list are missing: the canned client answers 500.
  services::FixedClock clock(1'000'000'000);
  Applied applied;
  ReconcileJob job(stripe, applied.fn(), clock, std::chrono::seconds(60), std::chrono::hours(1));
  auto r = job.run_once();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.find("HTTP 500"), std::string::npos) << r.error;
  EXPECT_EQ(r.events_applied, 1);
  EXPECT_EQ(r.sessions_seen, 0);
}

}  // namespace
}  // namespace plumbline::worker
