// Demo data for a first run: realistic homeowner requests, demo plumbers and a demo admin created
// through the services. Demo mode only (`seed-demo`, PLUMBLINE_DEMO_DATA).
#pragma once
#include <string>
#include <vector>

#include "app/app.hpp"

namespace plumbline::cli {

// The one password of every demo plumber. Demo only: it is printed and documented, so a database
// holding demo plumbers must never face the internet.
inline constexpr const char* demo_plumber_password = "plumbline-demo-only";

struct DemoLogin {
  std::string email, business, state;  // state: "approved, 20 credits", "waiting for review"…
};

// Creates the demo plumbers that do not exist yet (four approved around the demo leads' ZIPs with
// an active plan and 20 credits, one pending review); returns the ones created.
std::vector<DemoLogin> seed_demo_plumbers(app::App& a);

// Every demo plumber that exists in the database, with its review status as it is now (for the
// start-up banner, which lists them on every run, not only the first).
std::vector<DemoLogin> existing_demo_plumbers(app::App& a);

// When the database has no leads: creates the demo plumbers, then `count` demo leads (matched to
// them as any request is), and logs the demo log-ins. Returns how many leads were created.
int seed_demo_if_empty(app::App& a, int count, std::vector<DemoLogin>* logins = nullptr);

inline constexpr const char* demo_admin_email = "demo-admin@example.com";

struct DemoAdmin {
  std::string email;     // the admin to sign in as (the demo one, or the first admin created)
  std::string password;  // only when this run created it with a generated password: shown once
  bool created = false;  // created by this run
};

// With demo data: when no admin exists, creates demo-admin@example.com with
// PLUMBLINE_DEMO_ADMIN_PASSWORD or, when `can_show_password` (a terminal will show it), a generated
// one. Otherwise creates nothing: an admin whose password nobody saw would be no use. Returns the
// admin to name in the banner (email empty when there is none). The password is never logged.
DemoAdmin ensure_demo_admin(app::App& a, bool can_show_password);
// The first admin account, if any (email empty when there is none).
DemoAdmin existing_admin(app::App& a);

}  // namespace plumbline::cli
