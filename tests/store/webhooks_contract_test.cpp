// The webhook storage contract on SQLite and PostgreSQL (issue 20 item 3): endpoints by owner and
// by event, secret rotation, deactivation, the delivery log's paging, and the outbox's new channel.
#include "store_fixture.hpp"

namespace plumbline::store::webhooks_store_test {
namespace {

using namespace accounts_test;  // the shared fixture (store_fixture.hpp)

class WebhooksStore : public AccountsFixture {
 protected:
  std::int64_t add_endpoint(std::optional<domain::UserId> owner, std::vector<std::string> events,
                            const std::string& url = "https://hooks.example.com/in") {
    domain::WebhookEndpoint e;
    e.owner_id = owner;
    e.url = url;
    e.events = std::move(events);
    e.description = "CRM";
    e.secret_sealed = "sealed-1";
    e.created_at = t0;
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_webhook_endpoint(e); });
    return id;
  }
  std::optional<domain::WebhookEndpoint> endpoint(std::int64_t id) {
    return read<std::optional<domain::WebhookEndpoint>>(
        [&](Tx& tx) { return tx.webhook_endpoint(id); });
  }
  std::vector<std::int64_t> ids(const std::vector<domain::WebhookEndpoint>& list) {
    std::vector<std::int64_t> out;
    for (const auto& e : list) out.push_back(e.id);
    return out;
  }
};

TEST_P(WebhooksStore, StoresEveryFieldAndListsByOwnerAndEvent) {
  auto bob = domain::UserId{add_user("bob@example.com")};
  auto ann = domain::UserId{add_user("ann@example.com")};
  auto mine = add_endpoint(bob, {"lead.matched", "claim.created"});
  auto other = add_endpoint(ann, {"claim.created"});
  auto platform = add_endpoint(std::nullopt, {"lead.closed", "lead.matched"});
  auto e = endpoint(mine);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->owner_id, bob);
  EXPECT_EQ(e->url, "https://hooks.example.com/in");
  EXPECT_EQ(e->events, (std::vector<std::string>{"lead.matched", "claim.created"}));
  EXPECT_EQ(e->description, "CRM");
  EXPECT_EQ(e->secret_sealed, "sealed-1");
  EXPECT_EQ(e->previous_secret_sealed, "");
  EXPECT_TRUE(e->active);
  EXPECT_EQ(e->created_at, t0);
  EXPECT_FALSE(endpoint(platform)->owner_id.has_value());
  EXPECT_FALSE(endpoint(999999).has_value());

  auto of = [&](std::optional<domain::UserId> o) {
    return ids(read<std::vector<domain::WebhookEndpoint>>(
        [&](Tx& tx) { return tx.webhook_endpoints_of(o); }));
  };
  EXPECT_EQ(of(bob), std::vector<std::int64_t>{mine});
  EXPECT_EQ(of(ann), std::vector<std::int64_t>{other});
  EXPECT_EQ(of(std::nullopt), std::vector<std::int64_t>{platform});  // the platform's only

  auto hearing = [&](const std::string& event) {
    return ids(read<std::vector<domain::WebhookEndpoint>>(
        [&](Tx& tx) { return tx.webhook_endpoints_for_event(event); }));
  };
  EXPECT_EQ(hearing("lead.matched"), (std::vector<std::int64_t>{mine, platform}));
  EXPECT_EQ(hearing("claim.created"), (std::vector<std::int64_t>{mine, other}));
  EXPECT_EQ(hearing("lead.closed"), std::vector<std::int64_t>{platform});
  EXPECT_TRUE(hearing("lead").empty());  // whole names only
  EXPECT_TRUE(hearing("review.created").empty());

  // Deactivated: out of both lists, still readable, and only once.
  bool changed = false;
  write([&](Tx& tx) { changed = tx.deactivate_webhook_endpoint(mine, t0 + 5); });
  EXPECT_TRUE(changed);
  write([&](Tx& tx) { changed = tx.deactivate_webhook_endpoint(mine, t0 + 6); });
  EXPECT_FALSE(changed);
  EXPECT_FALSE(endpoint(mine)->active);
  EXPECT_EQ(endpoint(mine)->updated_at, t0 + 5);
  EXPECT_TRUE(of(bob).empty());
  EXPECT_EQ(hearing("lead.matched"), std::vector<std::int64_t>{platform});
}

TEST_P(WebhooksStore, RotationKeepsThePreviousSecretUntilItsEnd) {
  auto id = add_endpoint(std::nullopt, {"lead.closed"});
  bool changed = false;
  write([&](Tx& tx) {
    changed = tx.rotate_webhook_secret(id, "sealed-2", "sealed-1", t0 + 1000, t0 + 10);
  });
  EXPECT_TRUE(changed);
  auto e = endpoint(id);
  EXPECT_EQ(e->secret_sealed, "sealed-2");
  EXPECT_EQ(e->previous_secret_sealed, "sealed-1");
  EXPECT_EQ(e->previous_until, t0 + 1000);
  EXPECT_EQ(e->updated_at, t0 + 10);
  write([&](Tx& tx) { tx.deactivate_webhook_endpoint(id, t0 + 11); });
  write(
      [&](Tx& tx) { changed = tx.rotate_webhook_secret(id, "sealed-3", "sealed-2", 0, t0 + 12); });
  EXPECT_FALSE(changed);  // an inactive endpoint keeps its secrets
  EXPECT_EQ(endpoint(id)->secret_sealed, "sealed-2");
}

TEST_P(WebhooksStore, DeliveryLogNewestFirstWithPaging) {
  auto id = add_endpoint(std::nullopt, {"lead.closed"});
  auto other = add_endpoint(std::nullopt, {"lead.closed"});
  std::vector<std::int64_t> logged;
  write([&](Tx& tx) {
    for (int i = 1; i <= 3; ++i) {
      domain::WebhookDelivery d;
      d.endpoint_id = id;
      d.message_id = 40 + i;
      d.event = "lead.closed";
      d.event_id = "evt_" + std::to_string(i);
      d.attempt = i;
      d.status_code = i == 3 ? 200 : 500;
      d.response_ms = 10 * i;
      d.error = i == 3 ? "" : "HTTP 500";
      d.created_at = t0 + i;
      logged.push_back(tx.insert_webhook_delivery(d));
    }
    domain::WebhookDelivery elsewhere;
    elsewhere.endpoint_id = other;
    elsewhere.message_id = 1;
    elsewhere.event = "lead.closed";
    elsewhere.event_id = "evt_x";
    elsewhere.created_at = t0;
    tx.insert_webhook_delivery(elsewhere);
  });
  auto page = [&](std::int64_t before, int limit) {
    return read<std::vector<domain::WebhookDelivery>>(
        [&](Tx& tx) { return tx.webhook_deliveries(id, before, limit); });
  };
  auto first = page(0, 2);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].id, logged[2]);
  EXPECT_EQ(first[0].status_code, 200);
  EXPECT_EQ(first[0].response_ms, 30);
  EXPECT_EQ(first[0].attempt, 3);
  EXPECT_EQ(first[0].message_id, 43);
  EXPECT_EQ(first[0].event_id, "evt_3");
  EXPECT_EQ(first[1].id, logged[1]);
  EXPECT_EQ(first[1].error, "HTTP 500");
  auto rest = page(first[1].id, 2);
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, logged[0]);
  auto one = read<std::optional<domain::WebhookDelivery>>(
      [&](Tx& tx) { return tx.webhook_delivery(logged[0]); });
  ASSERT_TRUE(one);
  EXPECT_EQ(one->endpoint_id, id);
  EXPECT_EQ(one->created_at, t0 + 1);
}

TEST_P(WebhooksStore, OutboxTakesTheWebhookChannel) {
  domain::OutboundMessage m;
  m.kind = "webhook";
  m.channel = domain::channel_webhook;
  m.recipient = "webhook:1";
  m.template_name = "lead.closed";
  m.data_json = R"({"id":"evt_1"})";
  m.idempotency_key = "webhook:1:evt_1";
  m.event_at = m.due_at = t0;
  std::int64_t id = 0;
  write([&](Tx& tx) { id = tx.enqueue_message(m); });
  auto stored =
      read<std::optional<domain::OutboxMessage>>([&](Tx& tx) { return tx.message_by_id(id); });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->channel, "webhook");
  EXPECT_EQ(stored->data_json, R"({"id":"evt_1"})");
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhooksStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::webhooks_store_test
