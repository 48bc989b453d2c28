// `plumbline migrate`: applies pending migrations, or prints the schema status with --status.
#include <iostream>

#include "cli/common.hpp"

namespace plumbline::cli {

int run_migrate(const CommonOptions& common, bool status_only) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  auto store = open_database(*c);
  if (!store) return exit_database;
  try {
    if (status_only) {
      auto s = store->migration_status();
      std::cout << "schema version " << s.current << " of " << s.latest << "\n";
      for (const auto& p : s.pending) std::cout << "pending: " << p << "\n";
      for (const auto& m : s.mismatched) std::cout << "edited after it was applied: " << m << "\n";
      return s.up_to_date() ? exit_ok : exit_database;
    }
    auto applied = store->migrate();
    for (const auto& name : applied) std::cout << "applied " << name << "\n";
    auto s = store->migration_status();
    std::cout << (applied.empty() ? "schema already up to date" : "schema now up to date")
              << " (version " << s.current << ", " << store->backend() << ")\n";
    return exit_ok;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: migration failed: " << e.what() << "\n";
    return exit_database;
  }
}

}  // namespace plumbline::cli
