// Config loading and database opening with messages a person understands.
#include "cli/common.hpp"

#include <filesystem>
#include <iostream>

#include "app/app.hpp"
#include "config/layout.hpp"
#include "log/log.hpp"

namespace plumbline::cli {

std::optional<config::Config> load_config(const CommonOptions& common) {
  auto env = config::process_env();
  std::string file = common.config_file;
  if (file.empty() && env.count("PLUMBLINE_CONFIG")) file = env["PLUMBLINE_CONFIG"];
  // An installed binary (cmake --install, the Debian package) finds its files and its settings
  // file without being told; a checkout's build keeps the folder-relative defaults.
  config::Config defaults;
  if (auto layout = config::installed_layout(config::executable_path())) {
    defaults = config::installed_defaults(*layout);
    std::error_code ec;
    if (file.empty() && std::filesystem::exists(layout->config_file, ec))
      file = layout->config_file;
  }
  auto r = config::load(env, file, std::move(defaults));
  for (const auto& w : r.warnings) std::cerr << "plumbline: warning: " << w << "\n";
  if (!r.errors.empty()) {
    for (const auto& e : r.errors) std::cerr << "plumbline: configuration error: " << e << "\n";
    std::cerr << "plumbline: fix the settings above and start again (see docs/config.md).\n";
    return std::nullopt;
  }
  log::set_level(r.config.log_level);
  return r.config;
}

std::string default_base_url(const std::string& host, int port) {
  bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::unique_ptr<store::Store> open_database(const config::Config& c) {
  try {
    return app::open_store(c);
  } catch (const std::exception& e) {
    std::cerr << "plumbline: cannot open the database: " << e.what() << "\n"
              << "plumbline: check DATABASE_URL (now "
              << (c.database_url.rfind("sqlite:", 0) == 0 ? c.database_url : "postgres://…")
              << ") and that the database server is running.\n";
    return nullptr;
  }
}

std::unique_ptr<store::Store> open_current_database(const config::Config& c) {
  auto store = open_database(c);
  if (!store) return nullptr;
  try {
    if (store->migration_status().up_to_date()) return store;
    std::cerr << "plumbline: the database schema is out of date; run `plumbline migrate` first.\n";
  } catch (const std::exception& e) {
    std::cerr << "plumbline: cannot read the schema version: " << e.what() << "\n";
  }
  return nullptr;
}

}  // namespace plumbline::cli
