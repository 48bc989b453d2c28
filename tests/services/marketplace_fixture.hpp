// Marketplace service fixture: a fresh database (SQLite, or PostgreSQL with TEST_PG_URL), a fixed
// clock, the lead, matching, profile, claim, dispute, homeowner, admin and retention services
// wired as the app wires them (app/app.cpp build_services), and makers for admins, approved
// plumbers and leads.
#pragma once
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "../store/id_rows.hpp"
#include "../store/temp_db.hpp"
#include "crypto/sealed.hpp"
#include "services/claims.hpp"
#include "services/disputes.hpp"
#include "services/homeowner.hpp"
#include "services/lead_browse.hpp"
#include "services/leads.hpp"
#include "services/matching.hpp"
#include "services/plumber_admin.hpp"
#include "services/profiles.hpp"
#include "services/retention.hpp"
#include "store/store.hpp"

namespace plumbline::market_test {

using domain::Millis;
inline const std::string secret = "test-secret-0123456789abcdef0123456789";
inline constexpr Millis t0 = 1'800'000'000'000;  // 2027-01-15T08:00:00Z
inline constexpr Millis hour = 3'600'000, day = 24 * hour;

// A few real ZIP centroids with their zones: San Francisco, Oakland (~8 miles from 94110), Los
// Angeles and New York; 09001 (military mail, put at New York's point) has no zone.
inline const geo::ZipTable& zips() {
  static const auto t = geo::ZipTable::parse(
      "# test\n"
      "94110\t37.75002\t-122.4152\tSan Francisco\tCA\tAmerica/Los_Angeles\n"
      "94103\t37.77298\t-122.41134\tSan Francisco\tCA\tAmerica/Los_Angeles\n"
      "94122\t37.76046\t-122.48389\tSan Francisco\tCA\tAmerica/Los_Angeles\n"
      "94607\t37.80884\t-122.3047\tOakland\tCA\tAmerica/Los_Angeles\n"
      "90012\t34.06159\t-118.23977\tLos Angeles\tCA\tAmerica/Los_Angeles\n"
      "10001\t40.75064\t-73.99728\tNew York\tNY\tAmerica/New_York\n"
      "09001\t40.75064\t-73.99728\t\tAE\n");
  return t;
}

// Debian's tzdata for the zones above; the platform zone (local_zones()) is New York.
inline const geo::TimeZones& zones() {
  static const auto z =
      geo::TimeZones::load("/usr/share/zoneinfo", {"America/Los_Angeles", "America/New_York"});
  return z;
}

inline const services::LocalZones& local_zones() {
  static const services::LocalZones z(zips(), zones(), "America/New_York");
  return z;
}

// What the app's LeadSubscribers and OutboxDoorbell hear, counted.
struct CountingEvents final : services::LeadEvents, services::OutboxNotifier {
  void lead_submitted(const services::SubmittedLead&) override { ++leads; }
  void messages_queued() override { ++nudges; }
  int leads = 0, nudges = 0;
};

struct PlumberSpec {
  std::string zip = "94110";
  int radius = 25;
  std::vector<std::string> services = {"drain_cleaning", "leak_repair", "water_heater"};
  domain::Credits credits = 20;
  domain::PlumberSettings settings;
  bool approve = true;
};

class MarketTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const char* pg = std::getenv("TEST_PG_URL");
    if (GetParam() == "postgres" && !pg) GTEST_SKIP() << "TEST_PG_URL is not set";
    db_ = std::make_unique<testing::TempDb>(GetParam(), pg ? pg : "", false);
    store::StoreOptions so;
    so.read_pool_size = 8;  // real concurrency for the races on PostgreSQL
    store_ = store::open_store(db_->url(), so);
    store_->migrate();
    notify_ = {"https://plumbline.test", secret, true, 8};
    const auto& n = notify_;
    auto& st = *store_;
    catalog_ = std::make_unique<services::CatalogCache>(st, clock_);
    matching_ = std::make_unique<services::MatchingService>(st, zips(), local_zones(), clock_,
                                                            *catalog_, n, settings_);
    leads_ = std::make_unique<services::LeadService>(st, zips(), clock_, *catalog_, *matching_,
                                                     events_, n, settings_);
    profiles_ = std::make_unique<services::ProfileService>(st, zips(), clock_, *catalog_,
                                                           *matching_, events_);
    browse_ = std::make_unique<services::LeadBrowseService>(st, zips(), clock_, settings_);
    services::MarketplaceContext market{st, clock_, *catalog_, events_, n, settings_};
    claims_ = std::make_unique<services::ClaimService>(market);
    disputes_ = std::make_unique<services::DisputeService>(market);
    homeowners_ = std::make_unique<services::HomeownerService>(market);
    admin_tools_ =
        std::make_unique<services::PlumberAdminService>(st, clock_, *matching_, events_, n);
    retention_ = std::make_unique<services::RetentionService>(st, clock_, settings_);
    admin_ = user("admin@example.com", domain::Role::admin);
  }

  domain::UserId user(const std::string& email, domain::Role role) {
    std::int64_t id = 0;
    store_->write_tx([&](store::Tx& tx) {
      domain::User u;
      u.email = email;
      u.password_hash = "x";
      u.role = role;
      u.created_at = u.updated_at = t0;
      id = tx.insert_user(u).value;
      tx.set_user_email_verified(domain::UserId{id}, t0);
      if (role == domain::Role::plumber)
        tx.insert_plumber({domain::UserId{id}, "Biz " + email, "Contact " + email, ""});
      return true;
    });
    return domain::UserId{id};
  }

  // An approved plumber with an active plan, `credits` credits and a complete profile.
  domain::UserId plumber(const std::string& name, const PlumberSpec& spec = {}) {
    auto id = user(name + "@example.com", domain::Role::plumber);
    domain::PlumberProfileInput p;
    p.business_name = name + " Plumbing";
    p.contact_name = name;
    p.phone_e164 = "+1415555" + std::to_string(1000 + id.value % 9000);
    p.licence_number = "C36-" + std::to_string(100000 + id.value);
    p.licence_state = "CA";
    p.insurance_carrier = "Acme Mutual";
    p.insurance_expires_on = "2027-12-31";
    p.services = spec.services;
    p.base_zip = spec.zip;
    p.radius_miles = spec.radius;
    EXPECT_TRUE(profiles_->save_profile(id, p).ok());
    EXPECT_TRUE(profiles_->save_settings(id, spec.settings).ok());
    if (!spec.approve) return id;
    EXPECT_TRUE(admin_tools_->review(domain::Actor{admin_}, id, approval()).ok());
    EXPECT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, id, "active").ok());
    if (spec.credits > 0) {
      EXPECT_TRUE(
          admin_tools_->adjust_credits(domain::Actor{admin_}, id, spec.credits, "Start").ok());
    }
    return id;
  }

  static domain::PlumberReview approval() {
    return {domain::PlumberStatus::approved, "", "2027-01-10", "2027-12-31", std::nullopt, 0};
  }

  // A homeowner's request; returns the lead id and the tracking token.
  services::SubmittedLead submit(const std::string& service = "drain_cleaning",
                                 const std::string& urgency = "flexible",
                                 const std::string& zip = "94103") {
    static int n = 0;
    domain::LeadInput in;
    in.service_type = service;
    in.urgency = urgency;
    in.zip = zip;
    in.description = "Kitchen sink drains slowly since last week.";
    in.name = "Maria Lopez";
    in.phone = "(415) 555-" + std::to_string(2000 + (n++ % 8000));
    in.email = "maria" + std::to_string(n) + "@example.com";
    in.address = "1 Valencia St";
    in.contact_method = "text";
    in.consent = true;
    auto r = leads_->submit(in, {"203.0.113.9", "test", "web", 0});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.value();
  }

  int balance(domain::UserId id) {
    return store_->read<int>([&](store::Tx& tx) { return tx.credit_balance(id); });
  }
  domain::Lead lead(domain::LeadId id) {
    return store_->read<domain::Lead>([&](store::Tx& tx) { return *tx.lead_by_id(id); });
  }
  std::vector<domain::OutboxMessage> messages(const std::string& kind) {
    auto all = store_->read<std::vector<domain::OutboxMessage>>(
        [](store::Tx& tx) { return tx.messages_by_status("", 100000); });
    std::vector<domain::OutboxMessage> out;
    for (auto& m : all)
      if (m.kind == kind) out.push_back(std::move(m));
    return out;
  }
  std::vector<domain::LiveEvent> live_events() {
    return store_->read<std::vector<domain::LiveEvent>>(
        [](store::Tx& tx) { return tx.live_events_after(0, 100000); });
  }
  std::vector<domain::LedgerEntry> ledger(domain::UserId id) {
    return store_->read<std::vector<domain::LedgerEntry>>(
        [&](store::Tx& tx) { return tx.ledger_entries(id, 1000, 0); });
  }
  // Plain and sealed template data of a message, as one JSON text.
  static std::string everything(const domain::OutboxMessage& m) {
    auto opened = m.sealed_json.empty() ? std::optional<std::string>("")
                                        : crypto::unseal(secret, m.sealed_json);
    return m.recipient + m.data_json + opened.value_or("UNSEALABLE");
  }

  services::FixedClock clock_{t0};
  std::unique_ptr<testing::TempDb> db_;
  std::unique_ptr<store::Store> store_;
  services::NotificationSettings notify_;
  services::FixedMarketplaceRules settings_;  // the defaults: 3 claims per lead, 72 h, 14 days
  CountingEvents events_;
  std::unique_ptr<services::CatalogCache> catalog_;
  std::unique_ptr<services::MatchingService> matching_;
  std::unique_ptr<services::LeadService> leads_;
  std::unique_ptr<services::ProfileService> profiles_;
  std::unique_ptr<services::LeadBrowseService> browse_;
  std::unique_ptr<services::ClaimService> claims_;
  std::unique_ptr<services::DisputeService> disputes_;
  std::unique_ptr<services::HomeownerService> homeowners_;
  std::unique_ptr<services::PlumberAdminService> admin_tools_;
  std::unique_ptr<services::RetentionService> retention_;
  domain::UserId admin_;
};

}  // namespace plumbline::market_test
