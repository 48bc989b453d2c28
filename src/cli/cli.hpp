// The subcommands of the plumbline binary; each returns the process exit code.
#pragma once
#include <cstdint>
#include <string>

namespace plumbline::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_usage = 2;     // bad flags or configuration
inline constexpr int exit_database = 3;  // database unreachable or schema out of date
inline constexpr int exit_runtime = 1;   // anything else

struct CommonOptions {
  std::string config_file;  // --config FILE (KEY=VALUE lines)
};

int run_serve(const CommonOptions& common, bool migrate_first, bool print_config);
int run_migrate(const CommonOptions& common, bool status_only);
// Builds the reports' missing rollup days at once (services/report_rollups.hpp); with `verify`,
// then compares every stored day with the raw rows.
int run_rollup_reports(const CommonOptions& common, bool verify);
int run_seed_demo(const CommonOptions& common, int count);
int run_worker(const CommonOptions& common, int threads);
int run_create_admin(const CommonOptions& common, const std::string& email);
// Prints "METHOD PATTERN GROUP" for every route, from the same add_routes() that serve uses.
int run_routes(const CommonOptions& common);
// One Stripe reconciliation pass; prints its report as one JSON line (exit 1 when a call failed).
int run_stripe_reconcile(const CommonOptions& common);
// A consistent copy of the SQLite database while it serves (store/backup.hpp); PostgreSQL: a hint.
int run_backup(const CommonOptions& common, const std::string& to);
// Replaces the SQLite database with a checked backup; refuses while a Plumbline process has it
// open.
int run_restore(const CommonOptions& common, const std::string& from);
// action: "list" (status filter, limit), "show" (id) or "retry" (id).
int run_outbox(const CommonOptions& common, const std::string& action, const std::string& status,
               std::int64_t id, int limit);

}  // namespace plumbline::cli
