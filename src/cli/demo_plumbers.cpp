// Demo plumbers for a first run: approved San Francisco Bay Area businesses with full profiles,
// an active Starter plan and 20 credits each, plus one waiting for review. Demo mode only.
#include <ctime>

#include "cli/demo_data.hpp"
#include "crypto/password.hpp"
#include "domain/marketplace_rules.hpp"
#include "log/log.hpp"

namespace plumbline::cli {

namespace {

struct DemoPlumber {
  const char *email, *business, *contact, *phone, *licence, *base_zip;
  int radius;
  std::vector<std::string> services, extra_zips;
  bool approved;
};

const std::vector<DemoPlumber>& demo_plumbers() {
  static const std::vector<DemoPlumber> all = {
      {"demo-plumber1@example.com",
       "Mission Pipe & Drain",
       "Rosa Alvarez",
       "(415) 555-0101",
       "C36-1000001",
       "94110",
       25,
       {"leak_repair", "drain_cleaning", "water_heater", "toilet_repair", "fixture_install",
        "sewer_line", "gas_line", "repiping", "sump_pump", "water_line", "remodel", "other"},
       {},
       true},
      {"demo-plumber2@example.com",
       "Sunset Rooter",
       "Ken Tanaka",
       "(415) 555-0102",
       "C36-1000002",
       "94122",
       10,
       {"drain_cleaning", "sewer_line", "leak_repair", "toilet_repair", "sump_pump"},
       {"94124"},
       true},
      {"demo-plumber3@example.com",
       "Bay Water Heater Co",
       "Aisha Bello",
       "(510) 555-0103",
       "C36-1000003",
       "94607",
       15,
       {"water_heater", "gas_line", "repiping", "water_line", "fixture_install"},
       {},
       true},
      {"demo-plumber4@example.com",
       "Golden Gate Plumbing",
       "Luis Ortega",
       "(415) 555-0104",
       "C36-1000004",
       "94109",
       8,
       {"leak_repair", "fixture_install", "remodel", "other", "toilet_repair"},
       {},
       true},
      {"demo-pending@example.com",
       "New Pipe Co",
       "Sam Rivers",
       "(415) 555-0105",
       "C36-1000005",
       "94103",
       20,
       {"leak_repair", "drain_cleaning"},
       {},
       false},
  };
  return all;
}

std::string date_utc(domain::Millis ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The account, verified; nullopt when the address exists already (seeded before).
std::optional<std::int64_t> create_account(app::App& a, const DemoPlumber& d,
                                           const std::string& hash, domain::Millis now) {
  std::optional<std::int64_t> id;
  a.store->write_tx([&](store::Tx& tx) {
    if (tx.user_by_email(d.email)) return false;
    domain::User u;
    u.email = d.email;
    u.password_hash = hash;
    u.role = domain::Role::plumber;
    u.created_at = u.updated_at = now;
    u.id = tx.insert_user(u);
    tx.set_user_email_verified(u.id, now);
    tx.insert_plumber({u.id, d.business, d.contact, ""});
    id = u.id.value;
    return true;
  });
  return id;
}

// The cheapest active plan (Starter with the shipped price list), so that every page names the
// same plan (issue 13.2); empty when an admin removed them all.
std::string demo_plan_id(store::Tx& tx) {
  for (const auto& p : tx.list_plans())  // cheapest first
    if (p.active) return p.id;
  return {};
}

// Approval as an admin would record it, the plan (no Stripe subscription: it never renews or
// charges) and 20 credits (a grant, like a comped account).
void approve_with_credits(app::App& a, std::int64_t id, domain::Millis now) {
  a.store->write_tx([&](store::Tx& tx) {
    tx.set_plumber_review(domain::UserId{id},
                          {domain::PlumberStatus::approved, "", date_utc(now),
                           date_utc(now + 365 * domain::day_ms), std::nullopt, now});
    tx.set_plumber_plan(domain::UserId{id}, domain::PlanStatus::active, now);
    if (auto billing = tx.plumber_billing(domain::UserId{id})) {
      billing->plan_id = demo_plan_id(tx);
      tx.save_plumber_billing(*billing, now);
    }
    domain::LedgerEntry grant;
    grant.user_id = domain::UserId{id};
    grant.kind = domain::ledger_grant;
    grant.amount = 20;
    grant.reason = "Demo credits";
    grant.reference = "demo:" + std::to_string(id);
    grant.created_at = now;
    tx.append_ledger_entry(grant);
    return true;
  });
}

bool seed_one(app::App& a, const DemoPlumber& d, const std::string& hash, domain::Millis now) {
  auto id = create_account(a, d, hash, now);
  if (!id) return false;
  domain::PlumberProfileInput p;
  p.business_name = d.business;
  p.contact_name = d.contact;
  p.phone_e164 = d.phone;
  p.licence_number = d.licence;
  p.licence_state = "CA";
  p.insurance_carrier = "Golden State Mutual";
  p.insurance_expires_on = date_utc(now + 365 * domain::day_ms);
  p.years_in_business = 12;
  p.description = std::string(d.business) + " is a demo business: no such company exists.";
  p.services = d.services;
  p.base_zip = d.base_zip;
  p.radius_miles = d.radius;
  p.extra_zips = d.extra_zips;
  if (auto r = a.profiles->save_profile(domain::UserId{*id}, p); !r) {
    log::warn("demo_plumber_rejected",
              {{"email", std::string(d.email)}, {"error", r.error().message}});
    return false;
  }
  if (d.approved) approve_with_credits(a, *id, now);
  return true;
}

}  // namespace

std::vector<DemoLogin> seed_demo_plumbers(app::App& a) {
  auto now = a.clock.now_ms();
  auto hash = crypto::hash_password(demo_plumber_password);
  std::vector<DemoLogin> logins;
  for (const auto& d : demo_plumbers())
    if (seed_one(a, d, hash, now))
      logins.push_back({d.email, d.business,
                        d.approved ? "approved, Starter plan, 20 credits" : "pending review"});
  return logins;
}

std::vector<DemoLogin> existing_demo_plumbers(app::App& a) {
  return a.store->read<std::vector<DemoLogin>>([](store::Tx& tx) {
    std::vector<DemoLogin> out;
    for (const auto& d : demo_plumbers()) {
      auto u = tx.user_by_email(d.email);
      if (!u || u->role != domain::Role::plumber) continue;
      auto profile = tx.plumber_profile(u->id);
      auto status = profile ? profile->review.status : domain::PlumberStatus::pending;
      out.push_back({d.email, d.business,
                     status == domain::PlumberStatus::pending ? std::string("waiting for review")
                                                              : domain::to_string(status)});
    }
    return out;
  });
}

}  // namespace plumbline::cli
