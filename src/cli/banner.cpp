// The start-up banner for a person at a terminal: URL, demo log-ins, the demo admin, mail, test
// card.
#include "cli/banner.hpp"

#include <algorithm>
#include <filesystem>

#include "cli/demo_data.hpp"

namespace plumbline::cli {

namespace {

// "  Label       text\n", the labels in one column.
std::string banner_row(const std::string& label, const std::string& text) {
  std::string out = "  " + label;
  out.append(label.size() < 12 ? 12 - label.size() : 1, ' ');
  return out + text + "\n";
}

}  // namespace

std::string startup_banner(const BannerFacts& f) {
  std::string out = "\n  Plumbline is running at " + f.base_url + "\n\n";
  if (f.demo_data)
    out += banner_row("Homeowner",
                      f.base_url + "/request  (ZIP 94110, San Francisco, has demo plumbers)");
  else
    out += banner_row("Homeowner", f.base_url + "/request");
  if (!f.demo_plumbers.empty()) {
    std::string label = "Plumbers";
    std::size_t width = 0;
    for (const auto& p : f.demo_plumbers) width = std::max(width, p.email.size());
    for (const auto& p : f.demo_plumbers) {
      auto email = p.email + std::string(width - p.email.size(), ' ');
      out += banner_row(label, email + "  " + p.business + " (" + p.state + ")");
      label.clear();
    }
    out += banner_row("", std::string("password for all: ") + demo_plumber_password +
                              "  (demo only: never expose demo data)");
  }
  const std::string reset = f.program + " create-admin --email ";
  if (!f.admin.email.empty() && !f.admin.password.empty()) {
    out += banner_row("Admin", f.admin.email);
    out += banner_row("", "password: " + f.admin.password + "  (shown this once: note it now)");
    if (f.admin_two_factor)
      out += banner_row("", "first sign-in: set up a second factor with an authenticator app");
  } else if (!f.admin.email.empty()) {
    out += banner_row("Admin", f.admin.email + (f.admin.created ? " (created now)" : " (exists)"));
    out += banner_row("", "forgot the password? " + reset + f.admin.email);
  } else {
    out += banner_row("Admin", "none yet: " + reset + "you@example.com");
  }
  if (f.dev_mailbox)
    out +=
        banner_row("E-mail", "nothing is sent; read every message at " + f.base_url + "/dev/mail");
  else
    out += banner_row("E-mail", f.mail_destination);
  if (f.test_payments)
    out += banner_row("Test card",
                      "4242 4242 4242 4242, any future date, any CVC (TEST MODE: no money moves)");
  out += banner_row("Stop", "Ctrl+C. The lines that follow are the server's JSON logs.");
  return out + "\n";
}

std::string program_path_for_banner() {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "plumbline";
  auto here = fs::current_path(ec);
  if (!ec) {
    auto rel = self.lexically_relative(here);
    if (!rel.empty() && *rel.begin() != "..") return rel.string();
  }
  return self.string();
}

}  // namespace plumbline::cli
