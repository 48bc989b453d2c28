// PaymentService::handle_event against a real database (SQLite, and PostgreSQL with TEST_PG_URL)
// and a canned Stripe client: the current subscription wins over the event snapshot, a failed fetch
// falls back to it, pack payments get their charge and receipt, invoices and packs are recorded as
// payments, refunds and disputes are recorded without taking credits back.
#include <boost/json.hpp>
#include <map>

#include "../store/store_fixture.hpp"
#include "services/payments.hpp"

namespace plumbline::payment_service_test {
using namespace store;
using namespace store::accounts_test;

namespace {

namespace json = boost::json;
using integrations::StripeParams;
using integrations::StripeReply;

// Answers GETs from a table of canned replies (path → reply) and records every call; an unknown
// path answers like an unreachable Stripe.
class CannedStripe final : public integrations::StripeClient {
 public:
  StripeReply post(const std::string& path, const StripeParams&, const std::string&) override {
    calls.push_back("POST " + path);
    return unreachable();
  }
  StripeReply get(const std::string& path, const StripeParams& params) override {
    std::string call = "GET " + path;
    for (std::size_t k = 0; k < params.size(); ++k)  // unencoded: the names are what matters here
      call += (k == 0 ? "?" : "&") + params[k].first + "=" + params[k].second;
    calls.push_back(call);
    auto it = replies.find(path);
    return it == replies.end() ? unreachable() : it->second;
  }
  void set_api_base(const std::string&) override {}

  void answer(const std::string& path, json::value body) {
    StripeReply r;
    r.ok = true;
    r.http_status = 200;
    r.body = std::move(body);
    r.attempts = 1;
    replies[path] = r;
  }
  static StripeReply unreachable() {
    StripeReply r;
    r.error_type = "network_error";
    r.attempts = 3;
    return r;
  }

  std::map<std::string, StripeReply> replies;
  std::vector<std::string> calls;
};

constexpr std::int64_t now_s = t0 / 1000;

json::value envelope(const std::string& id, const std::string& type, std::int64_t created,
                     json::value object) {
  return json::value{{"id", id},
                     {"object", "event"},
                     {"type", type},
                     {"created", created},
                     {"api_version", "2026-10-28.endive"},
                     {"livemode", false},
                     {"data", {{"object", std::move(object)}}}};
}

json::value subscription(const std::string& status, const std::string& price,
                         std::int64_t period_end, bool cancel_at_period_end, std::int64_t plumber) {
  return json::value{
      {"id", "sub_1"},
      {"object", "subscription"},
      {"customer", "cus_1"},
      {"status", status},
      {"cancel_at_period_end", cancel_at_period_end},
      {"metadata", {{"plumber_id", std::to_string(plumber)}}},
      {"items",
       {{"object", "list"},
        {"data", json::array{{{"price", {{"id", price}}}, {"current_period_end", period_end}}}}}},
      {"created", now_s - 1000}};
}

class PaymentServiceTest : public AccountsFixture {
 protected:
  void SetUp() override {
    AccountsFixture::SetUp();
    if (IsSkipped()) return;
    joe = add_user("joe@example.com");
    write([&](Tx& tx) {
      tx.insert_plumber(domain::Plumber{domain::UserId{joe}, "Pipes", "Joe", "+12125550199"});
    });
  }

  services::StripeEventOutcome handle(const json::value& event, bool with_client = true) {
    services::PaymentService service(*store_, clock_, with_client ? &stripe_ : nullptr);
    auto r = service.handle_event(event);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : services::StripeEventOutcome{};
  }
  domain::PlumberBilling billing() {
    return *read<std::optional<domain::PlumberBilling>>(
        [&](Tx& tx) { return tx.plumber_billing(domain::UserId{joe}); });
  }
  std::int64_t balance() {
    return read<std::int64_t>([&](Tx& tx) { return tx.ledger_sum(domain::UserId{joe}); });
  }
  std::optional<domain::Payment> payment(const std::string& stripe_id) {
    return read<std::optional<domain::Payment>>(
        [&](Tx& tx) { return tx.payment_by_stripe_id(stripe_id); });
  }
  std::vector<domain::Payment> payments() {
    return read<std::vector<domain::Payment>>(
        [](Tx& tx) { return tx.list_payments(domain::PaymentListQuery{}); });
  }

  json::value pack_checkout(const std::string& session, const std::string& intent) {
    return json::value{{"id", session},
                       {"object", "checkout.session"},
                       {"mode", "payment"},
                       {"status", "complete"},
                       {"payment_status", "paid"},
                       {"customer", "cus_1"},
                       {"payment_intent", intent},
                       {"amount_total", 18000},
                       {"currency", "usd"},
                       {"client_reference_id", "plumber_" + std::to_string(joe)},
                       {"metadata", {{"plumber_id", std::to_string(joe)}, {"pack_id", "pack_20"}}}};
  }
  json::value invoice(const std::string& id, const std::string& price) {
    return json::value{
        {"id", id},
        {"object", "invoice"},
        {"customer", "cus_1"},
        {"amount_paid", 12900},
        {"currency", "usd"},
        {"billing_reason", "subscription_cycle"},
        {"hosted_invoice_url", "https://invoice.stripe.com/i/" + id},
        {"parent",
         {{"type", "subscription_details"},
          {"subscription_details",
           {{"subscription", "sub_1"}, {"metadata", {{"plumber_id", std::to_string(joe)}}}}}}},
        {"lines",
         {{"data",
           json::array{{{"pricing", {{"price_details", {{"price", price}}}}},
                        {"period", {{"start", now_s - 10}, {"end", now_s + 2'592'000}}}}}}}},
        {"payments",
         {{"data", json::array{{{"payment",
                                 {{"type", "payment_intent"}, {"payment_intent", "pi_inv"}}}}}}}}};
  }
  json::value charge(const std::string& intent, std::int64_t refunded) {
    return json::value{{"id", "ch_1"},
                       {"object", "charge"},
                       {"payment_intent", intent},
                       {"amount", 18000},
                       {"amount_refunded", refunded},
                       {"refunded", refunded == 18000},
                       {"customer", "cus_1"},
                       {"receipt_url", "https://pay.stripe.com/receipts/from_charge"}};
  }
  json::value dispute(const std::string& status) {
    return json::value{
        {"id", "dp_1"},    {"object", "dispute"},    {"charge", "ch_1"}, {"payment_intent", "pi_1"},
        {"amount", 18000}, {"reason", "fraudulent"}, {"status", status}};
  }

  services::FixedClock clock_{t0};
  CannedStripe stripe_;
  std::int64_t joe = 0;
};

TEST_P(PaymentServiceTest, ASubscriptionEventAppliesStripesCurrentObjectAtTheFetchTime) {
  // The snapshot (older) says past_due on starter; Stripe now says active on pro, ending later.
  stripe_.answer("/v1/subscriptions/sub_1",
                 subscription("active", "price_pro_monthly", now_s + 5000, true, joe));
  auto out =
      handle(envelope("evt_1", "customer.subscription.updated", now_s - 500,
                      subscription("past_due", "price_starter_monthly", now_s + 100, false, joe)));
  EXPECT_EQ(out.outcome, "status:active");
  EXPECT_EQ(out.plumber_id, domain::UserId{joe});
  EXPECT_EQ(stripe_.calls, std::vector<std::string>{"GET /v1/subscriptions/sub_1"});
  auto b = billing();
  EXPECT_EQ(b.plan_status, "active");
  EXPECT_EQ(b.plan_id, "pro");
  EXPECT_EQ(b.current_period_end, now_s + 5000);
  EXPECT_TRUE(b.cancel_at_period_end);
  EXPECT_EQ(b.stripe_state_at, now_s) << "the fetch time, not event.created";
  EXPECT_EQ(b.stripe_subscription_id, "sub_1");

  // An event created before that fetch can no longer move the state back.
  stripe_.replies.clear();
  out =
      handle(envelope("evt_2", "customer.subscription.updated", now_s - 1,
                      subscription("past_due", "price_starter_monthly", now_s + 100, false, joe)));
  EXPECT_EQ(out.outcome, "state_older");
  EXPECT_EQ(billing().plan_status, "active");
}

TEST_P(PaymentServiceTest, AFailedFetchFallsBackToTheSnapshot) {
  auto out =
      handle(envelope("evt_1", "customer.subscription.updated", now_s - 500,
                      subscription("past_due", "price_starter_monthly", now_s + 100, true, joe)));
  EXPECT_EQ(out.outcome, "status:past_due");
  EXPECT_EQ(stripe_.calls.size(), 1u);
  auto b = billing();
  EXPECT_EQ(b.plan_status, "past_due");
  EXPECT_EQ(b.plan_id, "starter");
  EXPECT_EQ(b.current_period_end, now_s + 100);
  EXPECT_TRUE(b.cancel_at_period_end);
  EXPECT_EQ(b.stripe_state_at, now_s - 500);

  // A reply about some other subscription is no answer either.
  stripe_.answer("/v1/subscriptions/sub_1", json::value{{"id", "sub_other"}, {"status", "active"}});
  out =
      handle(envelope("evt_2", "customer.subscription.updated", now_s - 400,
                      subscription("past_due", "price_starter_monthly", now_s + 100, false, joe)));
  EXPECT_EQ(billing().stripe_state_at, now_s - 400);
  EXPECT_FALSE(billing().cancel_at_period_end);
}

TEST_P(PaymentServiceTest, WithoutAClientTheSnapshotIsTrustedAndNothingIsFetched) {
  stripe_.answer("/v1/subscriptions/sub_1",
                 subscription("active", "price_pro_monthly", now_s + 5000, false, joe));
  auto out =
      handle(envelope("evt_1", "customer.subscription.deleted", now_s - 5,
                      subscription("canceled", "price_starter_monthly", now_s + 100, false, joe)),
             false);
  EXPECT_EQ(out.outcome, "status:canceled");
  EXPECT_TRUE(stripe_.calls.empty());
  EXPECT_EQ(billing().plan_status, "canceled");
}

TEST_P(PaymentServiceTest, AnInvoiceGrantsOnceRecordsThePaymentAndTakesTheCurrentState) {
  stripe_.answer("/v1/subscriptions/sub_1",
                 subscription("active", "price_pro_monthly", now_s + 9000, true, joe));
  auto event =
      envelope("evt_inv", "invoice.paid", now_s - 50, invoice("in_1", "price_pro_monthly"));
  auto out = handle(event);
  EXPECT_EQ(out.outcome, "grant");
  EXPECT_EQ(balance(), 15);
  auto p = payment("in_1");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->user_id, domain::UserId{joe});
  EXPECT_EQ(p->kind, "subscription");
  EXPECT_EQ(p->amount_cents, 12900);
  EXPECT_EQ(p->currency, "usd");
  EXPECT_EQ(p->receipt_url, "https://invoice.stripe.com/i/in_1");
  EXPECT_EQ(p->payment_intent, "pi_inv");
  EXPECT_EQ(p->credits, 15);
  EXPECT_EQ(p->item_id, "pro");
  EXPECT_EQ(p->description, "Pro plan");
  EXPECT_EQ(p->created_at, t0);
  auto b = billing();
  EXPECT_EQ(b.plan_status, "active");
  EXPECT_EQ(b.plan_id, "pro");
  EXPECT_EQ(b.current_period_end, now_s + 9000) << "from the subscription, not the invoice line";
  EXPECT_TRUE(b.cancel_at_period_end);
  EXPECT_EQ(b.stripe_state_at, now_s);

  // The same event again, and a second delivery under a new event id, change nothing.
  EXPECT_TRUE(handle(event).duplicate);
  handle(
      envelope("evt_inv_again", "invoice.paid", now_s - 40, invoice("in_1", "price_pro_monthly")));
  EXPECT_EQ(balance(), 15);
  EXPECT_EQ(payments().size(), 1u);
}

TEST_P(PaymentServiceTest, AFailedInvoiceTakesTheCurrentStatusWhenFetched) {
  stripe_.answer("/v1/subscriptions/sub_1",
                 subscription("past_due", "price_starter_monthly", now_s + 900, false, joe));
  auto inv = invoice("in_2", "price_starter_monthly");
  auto out = handle(envelope("evt_f", "invoice.payment_failed", now_s - 50, inv));
  EXPECT_EQ(out.outcome, "status:past_due");
  EXPECT_EQ(balance(), 0);
  EXPECT_FALSE(payment("in_2")) << "a failed invoice is no payment";
  EXPECT_EQ(billing().plan_status, "past_due");
  EXPECT_EQ(billing().current_period_end, now_s + 900);
}

TEST_P(PaymentServiceTest, APaidPackGetsItsChargeAndReceiptAndCompletesTheCheckout) {
  domain::CheckoutRecord rec;
  rec.id = "cs_pack";
  rec.user_id = domain::UserId{joe};
  rec.mode = "payment";
  rec.pack_id = "pack_20";
  rec.created_at = t0 - 1000;
  write([&](Tx& tx) { tx.insert_checkout_session(rec); });
  stripe_.answer("/v1/payment_intents/pi_1",
                 json::value{{"id", "pi_1"},
                             {"object", "payment_intent"},
                             {"latest_charge",
                              {{"id", "ch_1"},
                               {"object", "charge"},
                               {"receipt_url", "https://pay.stripe.com/receipts/r_1"}}}});
  clock_.advance_ms(7);
  auto out = handle(envelope("evt_cs", "checkout.session.completed", now_s - 5,
                             pack_checkout("cs_pack", "pi_1")));
  EXPECT_EQ(out.outcome, "purchase");
  EXPECT_EQ(stripe_.calls,
            std::vector<std::string>{"GET /v1/payment_intents/pi_1?expand[]=latest_charge"});
  EXPECT_EQ(balance(), 20);
  auto p = payment("cs_pack");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, "pack");
  EXPECT_EQ(p->payment_intent, "pi_1");
  EXPECT_EQ(p->charge_id, "ch_1");
  EXPECT_EQ(p->receipt_url, "https://pay.stripe.com/receipts/r_1");
  EXPECT_EQ(p->amount_cents, 18000);
  EXPECT_EQ(p->credits, 20);
  EXPECT_EQ(p->item_id, "pack_20");
  EXPECT_EQ(p->description, "20 credits");
  auto done = read<std::optional<domain::CheckoutRecord>>(
      [](Tx& tx) { return tx.checkout_session("cs_pack"); });
  EXPECT_EQ(done->completed_at, t0 + 7);
}

TEST_P(PaymentServiceTest, APackWhoseChargeCannotBeFetchedIsStillRecorded) {
  auto out = handle(envelope("evt_cs", "checkout.session.completed", now_s - 5,
                             pack_checkout("cs_pack", "pi_1")));
  EXPECT_EQ(out.outcome, "purchase");
  EXPECT_EQ(balance(), 20);
  auto p = payment("cs_pack");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->charge_id, "");
  EXPECT_EQ(p->receipt_url, "");
}

// Issue 12.7: a paid pack that would pass domain::credits_balance_max (a grant came in between
// checkout and payment) is recorded as a payment, but its credits are not added.
TEST_P(PaymentServiceTest, APaidPackPastTheBalanceCapIsRecordedButNotCredited) {
  write([&](Tx& tx) {
    domain::LedgerEntry e;
    e.user_id = domain::UserId{joe};
    e.kind = domain::ledger_grant;
    e.amount = 9'999'999'990;  // 10 below the cap; pack_20 adds 20
    e.reason = "Seed";
    e.reference = "seed";
    e.created_at = t0;
    ASSERT_TRUE(tx.append_ledger_entry(e));
  });
  auto out = handle(envelope("evt_cs", "checkout.session.completed", now_s - 5,
                             pack_checkout("cs_pack", "pi_1")));
  EXPECT_EQ(out.outcome, "purchase");
  EXPECT_EQ(balance(), 9'999'999'990);
  EXPECT_EQ(read<std::int64_t>([&](Tx& tx) { return tx.credit_balance(domain::UserId{joe}); }),
            9'999'999'990);
  auto p = payment("cs_pack");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->credits, 20);
}

TEST_P(PaymentServiceTest, RefundsAndDisputesAreRecordedAndCreditsStay) {
  handle(envelope("evt_cs", "checkout.session.completed", now_s - 5,
                  pack_checkout("cs_pack", "pi_1")));
  ASSERT_EQ(balance(), 20);

  clock_.advance_ms(1000);
  auto out = handle(envelope("evt_r1", "charge.refunded", now_s, charge("pi_1", 9000)));
  EXPECT_EQ(out.outcome, "refund_recorded");
  EXPECT_EQ(out.plumber_id, joe);
  auto p = *payment("cs_pack");
  EXPECT_EQ(p.amount_refunded_cents, 9000);
  EXPECT_EQ(p.charge_id, "ch_1");
  EXPECT_EQ(p.receipt_url, "https://pay.stripe.com/receipts/from_charge");
  EXPECT_EQ(p.updated_at, t0 + 1000);
  // A late event with a smaller cumulative refund changes nothing; a larger one raises it.
  handle(envelope("evt_r0", "charge.refunded", now_s - 1, charge("pi_1", 5000)));
  EXPECT_EQ(payment("cs_pack")->amount_refunded_cents, 9000);
  handle(envelope("evt_r2", "charge.refunded", now_s + 1, charge("pi_1", 18000)));
  EXPECT_EQ(payment("cs_pack")->amount_refunded_cents, 18000);

  out = handle(envelope("evt_d1", "charge.dispute.created", now_s, dispute("needs_response")));
  EXPECT_EQ(out.outcome, "dispute_recorded");
  EXPECT_EQ(payment("cs_pack")->dispute_status, "needs_response");
  EXPECT_EQ(payment("cs_pack")->dispute_reason, "fraudulent");
  handle(envelope("evt_d2", "charge.dispute.closed", now_s + 5, dispute("lost")));
  handle(envelope("evt_d3", "charge.dispute.updated", now_s + 1, dispute("under_review")));
  EXPECT_EQ(payment("cs_pack")->dispute_status, "lost") << "a closed dispute stays closed";

  EXPECT_EQ(balance(), 20) << "credits are not clawed back automatically";
  domain::PaymentListQuery problems;
  problems.problems_only = true;
  EXPECT_EQ(
      read<std::vector<domain::Payment>>([&](Tx& tx) { return tx.list_payments(problems); }).size(),
      1u);

  auto stray = charge("pi_unknown", 100);
  stray.as_object()["id"] = "ch_unknown";
  out = handle(envelope("evt_r3", "charge.refunded", now_s, stray));
  EXPECT_EQ(out.outcome, "unknown_payment");
  EXPECT_FALSE(out.plumber_id.is_set());
}

TEST_P(PaymentServiceTest, ASubscriptionCheckoutCompletesTheRecordedSession) {
  domain::CheckoutRecord rec;
  rec.id = "cs_sub";
  rec.user_id = domain::UserId{joe};
  rec.mode = "subscription";
  rec.plan_id = "pro";
  rec.created_at = t0 - 1000;
  write([&](Tx& tx) { tx.insert_checkout_session(rec); });
  json::value session{{"id", "cs_sub"},
                      {"object", "checkout.session"},
                      {"mode", "subscription"},
                      {"status", "complete"},
                      {"payment_status", "paid"},
                      {"customer", "cus_1"},
                      {"subscription", "sub_1"},
                      {"metadata", {{"plumber_id", std::to_string(joe)}, {"plan_id", "pro"}}}};
  auto out = handle(envelope("evt_cs", "checkout.session.completed", now_s - 5, session));
  EXPECT_EQ(out.outcome, "subscription_linked");
  EXPECT_TRUE(stripe_.calls.empty()) << "nothing to fetch for a subscription checkout";
  auto done = read<std::optional<domain::CheckoutRecord>>(
      [](Tx& tx) { return tx.checkout_session("cs_sub"); });
  EXPECT_EQ(done->completed_at, t0);
  EXPECT_EQ(done->subscription_id, "sub_1");
  EXPECT_EQ(billing().stripe_subscription_id, "sub_1");
  EXPECT_TRUE(payments().empty()) << "the invoice records the money, not the checkout";
}

INSTANTIATE_TEST_SUITE_P(Backends, PaymentServiceTest, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::payment_service_test
