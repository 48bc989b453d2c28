// plumbline: subcommand dispatch only.
#include <CLI/CLI.hpp>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  using namespace plumbline::cli;
  CLI::App app{
      "Plumbline: a self-hostable lead marketplace for plumbers.\n"
      "Settings come from environment variables (see docs/config.md) and an optional --config "
      "file."};
  app.set_version_flag("--version", "plumbline 0.1.0");
  app.require_subcommand(1);
  CommonOptions common;
  app.add_option("--config", common.config_file,
                 "KEY=VALUE settings file (environment variables win)");

  auto* serve =
      app.add_subcommand("serve", "Serve the web site and API (the schema must be current)");
  bool migrate_first = false, print_config = false;
  serve->add_flag("--migrate", migrate_first, "Apply pending migrations before serving");
  serve->add_flag("--print-config", print_config, "Print the effective settings (secrets masked)");

  auto* migrate = app.add_subcommand("migrate", "Bring the database schema up to date");
  bool status_only = false;
  migrate->add_flag("--status", status_only, "Only show applied and pending migrations");

  auto* seed = app.add_subcommand("seed-demo", "Load demo data into an empty database");
  int count = 12;
  seed->add_option("--count", count, "How many demo leads")->check(CLI::Range(1, 1000));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? exit_ok : exit_usage;
  }
  if (*serve) return run_serve(common, migrate_first, print_config);
  if (*migrate) return run_migrate(common, status_only);
  if (*seed) return run_seed_demo(common, count);
  return exit_usage;
}
