// Requests taken by phone and staff's edits, on SQLite and PostgreSQL (the Market suite): source
// "phone" with its creator (migration 0019) and update_lead_fields.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

TEST_P(Market, PhoneLeadKeepsItsSourceCreatorAndConsent) {
  auto staff = add_user(accounts_test::make_user("desk@example.com", domain::Role::admin));
  auto l = market_lead(1, "10001", "leak_repair");
  l.source = "phone";
  l.created_by = domain::UserId{staff};
  l.consent_text = "The wording read out";
  l.consent_ip = "198.51.100.7";
  l.consent_user_agent = "phone: read by desk@example.com";
  auto id = lead(l);
  auto got = get_lead(id);
  EXPECT_EQ(got.source, "phone");
  ASSERT_TRUE(got.created_by.has_value());
  EXPECT_EQ(*got.created_by, domain::UserId{staff});
  EXPECT_EQ(got.consent_text, "The wording read out");
  EXPECT_EQ(got.consent_user_agent, "phone: read by desk@example.com");
  // A homeowner's own request has no creator.
  EXPECT_FALSE(get_lead(lead(market_lead(2, "10001", "leak_repair"))).created_by.has_value());
}

TEST_P(Market, UnknownLeadSourceIsStillRefused) {
  auto l = market_lead(1, "10001", "leak_repair");
  l.source = "fax";
  EXPECT_EQ(failure([&](Tx& tx) { tx.insert_lead(l); }), StoreErrorKind::check_violation);
}

TEST_P(Market, UpdateLeadFieldsChangesTheTypedFieldsOnly) {
  auto id = lead(market_lead(1, "10001", "leak_repair", t0, "emergency", 7, 5));
  auto other = lead(market_lead(2, "10001", "leak_repair"));
  auto before = get_lead(id);
  domain::NewLead f = market_lead(3, "11201", "water_heater", t0, "flexible", 4, 3);
  f.description = "Water heater makes a noise";
  f.address = "1 New Rd";
  f.name = "New Name";
  f.phone_e164 = "+14155550199";
  f.email = "new@example.com";
  f.contact_method = "text";
  f.best_time = "mornings";
  bool updated = false;
  write([&](Tx& tx) { updated = tx.update_lead_fields(domain::LeadId{id}, f, t0 + 50); });
  EXPECT_TRUE(updated);
  auto got = get_lead(id);
  EXPECT_EQ(got.description, "Water heater makes a noise");
  EXPECT_EQ(got.service_type, "water_heater");
  EXPECT_EQ(got.urgency, "flexible");
  EXPECT_EQ(got.zip, f.zip);
  EXPECT_EQ(got.city, f.city);
  EXPECT_EQ(got.state, f.state);
  EXPECT_DOUBLE_EQ(got.lat, f.lat);
  EXPECT_DOUBLE_EQ(got.lng, f.lng);
  EXPECT_EQ(got.address, "1 New Rd");
  EXPECT_EQ(got.name, "New Name");
  EXPECT_EQ(got.phone_e164, "+14155550199");
  EXPECT_EQ(got.email, "new@example.com");
  EXPECT_EQ(got.contact_method, "text");
  EXPECT_EQ(got.best_time, "mornings");
  EXPECT_EQ(got.price_credits, 4);
  EXPECT_EQ(got.updated_at, t0 + 50);
  // What the edit does not touch.
  EXPECT_EQ(got.max_claims, 5);
  EXPECT_EQ(got.status, before.status);
  EXPECT_EQ(got.tracking_hash, before.tracking_hash);
  EXPECT_EQ(got.consent_text, before.consent_text);
  EXPECT_EQ(got.created_at, before.created_at);
  EXPECT_EQ(get_lead(other).description, "Request 2");
  write([&](Tx& tx) { updated = tx.update_lead_fields(domain::LeadId{id + 1000}, f, t0 + 60); });
  EXPECT_FALSE(updated);
}

}  // namespace
}  // namespace plumbline::store::market_test
