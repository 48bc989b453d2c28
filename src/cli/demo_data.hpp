// Demo data for a first run: realistic homeowner requests and demo plumbers created through the
// services. Demo mode only (`seed-demo`, PLUMBLINE_DEMO_DATA).
#pragma once
#include <string>
#include <vector>

#include "app/app.hpp"

namespace plumbline::cli {

// The one password of every demo plumber. Demo only: it is printed and documented, so a database
// holding demo plumbers must never face the internet.
inline constexpr const char* demo_plumber_password = "plumbline-demo-only";

struct DemoLogin {
  std::string email, business, state;  // state: "approved, 20 credits" or "pending review"
};

// Creates the demo plumbers that do not exist yet (four approved around the demo leads' ZIPs with
// an active plan and 20 credits, one pending review); returns the ones created.
std::vector<DemoLogin> seed_demo_plumbers(app::App& a);

// When the database has no leads: creates the demo plumbers, then `count` demo leads (matched to
// them as any request is), and logs the demo log-ins. Returns how many leads were created.
int seed_demo_if_empty(app::App& a, int count, std::vector<DemoLogin>* logins = nullptr);

}  // namespace plumbline::cli
