// The demo's admin account: created once, with a generated password shown on the terminal only.
#include "cli/demo_data.hpp"
#include "crypto/tokens.hpp"
#include "log/log.hpp"

namespace plumbline::cli {

namespace {

// 80 random bits as five groups of four hex digits: easy to read off a terminal and type in.
std::string generated_admin_password() {
  auto hex = crypto::random_hex(10);
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 4)
    out += (out.empty() ? "" : "-") + hex.substr(i, 4);
  return out;
}

std::optional<domain::User> first_admin(app::App& a) {
  return a.store->read<std::optional<domain::User>>(
      [](store::Tx& tx) { return tx.oldest_user_with_role(domain::Role::admin); });
}

}  // namespace

DemoAdmin existing_admin(app::App& a) {
  if (auto u = first_admin(a)) return {u->email, "", false};
  return {};
}

DemoAdmin ensure_demo_admin(app::App& a, bool can_show_password) {
  if (auto existing = first_admin(a)) return {existing->email, "", false};
  const bool given = !a.config.demo_admin_password.empty();
  if (!given && !can_show_password) {
    log::info(
        "demo_admin_not_created",
        {{"reason", std::string("no terminal to show a generated password on")},
         {"hint", std::string("run `make run` in a terminal, set PLUMBLINE_DEMO_ADMIN_PASSWORD, "
                              "or use `plumbline create-admin --email E`")}});
    return {};
  }
  auto password = given ? a.config.demo_admin_password : generated_admin_password();
  auto made = a.accounts->create_first_admin(demo_admin_email, password);
  if (!made) {
    log::warn("demo_admin_not_created", {{"error", made.error().message}});
    if (auto existing = first_admin(a)) return {existing->email, "", false};  // a racing start
    return {};
  }
  log::info("demo_admin_created", {{"email", made->email}});
  return {made->email, given ? std::string() : password, true};
}

}  // namespace plumbline::cli
