// `plumbline seed-demo` and the demo data used by `make run`: demo plumbers, then demo leads.
#include <iostream>

#include "cli/common.hpp"
#include "cli/demo_data.hpp"
#include "log/log.hpp"

namespace plumbline::cli {

namespace {

void log_logins(const std::vector<DemoLogin>& logins) {
  if (logins.empty()) return;
  std::string emails;
  for (const auto& l : logins)
    emails += (emails.empty() ? "" : ", ") + l.email + " (" + l.state + ")";
  log::info("demo_logins", {{"plumbers", emails},
                            {"password", std::string(demo_plumber_password)},
                            {"note", std::string("demo-only password; never expose demo data")}});
}

}  // namespace

int seed_demo_if_empty(app::App& a, int count, std::vector<DemoLogin>* logins_out) {
  auto existing = a.store->read<std::int64_t>([](store::Tx& tx) { return tx.count_leads(); });
  if (existing > 0) return 0;
  // Plumbers first, so the demo leads match them and their dashboards are not empty.
  auto logins = seed_demo_plumbers(a);
  log_logins(logins);
  if (logins_out) *logins_out = logins;
  struct Demo {
    const char *service, *urgency, *zip, *name, *description;
  };
  static const Demo demos[] = {
      {"leak_repair", "emergency", "94110", "Maria Lopez",
       "Water is dripping through the kitchen ceiling under the upstairs bathroom."},
      {"drain_cleaning", "within_24h", "94103", "Sam Chen",
       "Shower and bathroom sink both drain very slowly; tried a plunger."},
      {"water_heater", "this_week", "94117", "Priya Patel",
       "40-gallon gas water heater is 14 years old and the pilot keeps going out."},
      {"toilet_repair", "flexible", "94114", "Dan Miller",
       "Toilet runs constantly after flushing; flapper replaced last year."},
      {"fixture_install", "flexible", "94122", "Ana Souza",
       "Install a new kitchen faucet and garbage disposal that I have already bought."},
      {"sewer_line", "within_24h", "94112", "Grace Kim",
       "Sewage backing up into the basement floor drain when the washer runs."},
      {"gas_line", "this_week", "94107", "Omar Haddad",
       "Need a gas line run to a new range about 10 feet from the meter wall."},
      {"repiping", "flexible", "94118", "Lena Novak",
       "1950s house with galvanized pipes; low pressure everywhere. Want a quote to repipe."},
      {"sump_pump", "emergency", "94124", "Tom Becker",
       "Sump pump stopped and the basement is taking on water after the storm."},
      {"water_line", "this_week", "94116", "Ivy Nguyen",
       "Wet spot in the front yard and the water bill doubled; suspect the main line."},
      {"remodel", "flexible", "94121", "Carlos Diaz",
       "Bathroom remodel: move the vanity and add a walk-in shower."},
      {"other", "flexible", "94109", "June Park",
       "Outdoor hose bib leaks when the tap is on; want it replaced with frost-free."},
  };
  int made = 0;
  for (int i = 0; i < count; ++i) {
    const auto& d = demos[i % (sizeof demos / sizeof demos[0])];
    domain::LeadInput in;
    in.service_type = d.service;
    in.urgency = d.urgency;
    in.zip = d.zip;
    in.name = d.name;
    in.description = d.description;
    in.phone = "(415) 555-" + std::to_string(1000 + i);
    in.email = "demo" + std::to_string(i) + "@example.com";
    in.contact_method = i % 3 == 0 ? "text" : (i % 3 == 1 ? "phone" : "email");
    in.consent = true;
    in.utm_source = "demo";
    auto r = a.leads->submit(in, {"127.0.0.1", "plumbline seed-demo", "web", 0});
    if (r)
      ++made;
    else
      log::warn("demo_lead_rejected", {{"error", r.error().message}});
  }
  log::info("demo_data_loaded", {{"leads", static_cast<std::int64_t>(made)}});
  return made;
}

int run_seed_demo(const CommonOptions& common, int count) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  auto store = open_current_database(*c);
  if (!store) return exit_database;
  try {
    auto a = app::build(*c, std::move(store));
    std::vector<DemoLogin> logins;
    int made = seed_demo_if_empty(*a, count, &logins);
    std::cout << (made ? "created " + std::to_string(made) + " demo leads"
                       : std::string("database already has leads; nothing added"))
              << "\n";
    if (!logins.empty()) {
      std::cout << "demo plumbers (password \"" << demo_plumber_password
                << "\" - demo only, never on a real site):\n";
      for (const auto& l : logins)
        std::cout << "  " << l.email << "  " << l.business << " (" << l.state << ")\n";
    }
    return exit_ok;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: seed-demo failed: " << e.what() << "\n";
    return exit_runtime;
  }
}

}  // namespace plumbline::cli
