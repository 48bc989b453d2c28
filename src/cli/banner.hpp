// The start-up banner `plumbline serve` prints when its output is a terminal (`make run`).
#pragma once
#include <string>
#include <vector>

#include "cli/demo_data.hpp"

namespace plumbline::cli {

struct BannerFacts {
  std::string base_url;
  bool demo_data = false;
  bool test_payments = false;    // the built-in TEST MODE Stripe serves checkouts
  bool dev_mailbox = false;      // mail is readable at /dev/mail
  std::string mail_destination;  // where mail goes otherwise, for people ("SMTP", a folder)
  std::vector<DemoLogin> demo_plumbers;
  DemoAdmin admin;
  bool admin_two_factor = true;  // admins set up a second factor at their first sign-in
  std::string program;           // how to run this binary from here, e.g. build/release/plumbline
};

// A few aligned lines for a person: where to go, who to sign in as, where mail goes, the test
// card. Holds the demo admin's generated password when this run created it (the only place it is
// ever shown).
std::string startup_banner(const BannerFacts& f);

// argv[0]'s equivalent for commands in the banner: this executable's path, relative to the working
// folder when inside it ("build/release/plumbline"), else as it is.
std::string program_path_for_banner();

}  // namespace plumbline::cli
