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

  auto* worker = app.add_subcommand(
      "worker",
      "Deliver queued e-mail and SMS and expire old leads until stopped (SIGTERM/SIGINT)");
  int worker_threads = 0;
  worker
      ->add_option("--threads", worker_threads,
                   "Worker threads (default PLUMBLINE_WORKER_THREADS or 1)")
      ->check(CLI::Range(1, 64));

  auto* backup = app.add_subcommand(
      "backup",
      "Copy the SQLite database into FILE while the server runs (PostgreSQL: use pg_dump or "
      "pgBackRest)");
  std::string backup_to;
  backup->add_option("--to", backup_to, "The backup file to write")->required();
  auto* restore = app.add_subcommand(
      "restore",
      "Replace the SQLite database with a backup after checking it; the server and worker must be "
      "stopped");
  std::string restore_from;
  restore->add_option("--from", restore_from, "The backup file to restore")->required();

  auto* outbox = app.add_subcommand("outbox", "Inspect the message queue; retry a dead message");
  outbox->require_subcommand(1);
  auto* outbox_list = outbox->add_subcommand("list", "Counts by status and the newest messages");
  std::string outbox_status;
  int outbox_limit = 50;
  outbox_list->add_option("--status", outbox_status,
                          "pending, sending, sent or dead (default: all)");
  outbox_list->add_option("--limit", outbox_limit, "How many messages")
      ->check(CLI::Range(1, 10000));
  auto* outbox_show = outbox->add_subcommand("show", "Everything about one message");
  std::int64_t outbox_id = 0;
  outbox_show->add_option("id", outbox_id, "Message id")->required();
  auto* outbox_retry = outbox->add_subcommand("retry", "Queue a dead message again");
  outbox_retry->add_option("id", outbox_id, "Message id")->required();

  auto* create_admin = app.add_subcommand(
      "create-admin",
      "Create an admin (or promote an account); the password is read from a prompt, one line of "
      "stdin, or PLUMBLINE_ADMIN_PASSWORD_FILE, never from the command line");
  std::string admin_email;
  create_admin->add_option("--email", admin_email, "The admin's e-mail address")->required();

  auto* routes =
      app.add_subcommand("routes", "Print the route table: METHOD PATTERN GROUP, one route a line");

  auto* stripe_reconcile = app.add_subcommand(
      "stripe-reconcile",
      "Apply Stripe events and paid Checkout Sessions the webhook missed (one pass; "
      "prints a JSON report)");

  auto* rollup_reports = app.add_subcommand(
      "rollup-reports",
      "Build the reports' daily rollups for every settled day now (the worker keeps them "
      "current); prints a JSON summary");
  bool rollup_verify = false;
  rollup_reports->add_flag("--verify", rollup_verify,
                           "Also compare every stored day with what the raw rows give now (exit 1 "
                           "on a difference)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? exit_ok : exit_usage;
  }
  if (*serve) return run_serve(common, migrate_first, print_config);
  if (*migrate) return run_migrate(common, status_only);
  if (*seed) return run_seed_demo(common, count);
  if (*worker) return run_worker(common, worker_threads);
  if (*create_admin) return run_create_admin(common, admin_email);
  if (*routes) return run_routes(common);
  if (*stripe_reconcile) return run_stripe_reconcile(common);
  if (*rollup_reports) return run_rollup_reports(common, rollup_verify);
  if (*backup) return run_backup(common, backup_to);
  if (*restore) return run_restore(common, restore_from);
  if (*outbox_list) return run_outbox(common, "list", outbox_status, 0, outbox_limit);
  if (*outbox_show) return run_outbox(common, "show", "", outbox_id, 0);
  if (*outbox_retry) return run_outbox(common, "retry", "", outbox_id, 0);
  return exit_usage;
}
