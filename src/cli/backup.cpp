// `plumbline backup --to FILE` and `plumbline restore --from FILE` (SQLite; PostgreSQL is backed
// up with pg_dump or pgBackRest, and both commands say so).
#include "store/backup.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <iostream>

#include "cli/common.hpp"

namespace plumbline::cli {

namespace {
std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

int run_backup(const CommonOptions& common, const std::string& to) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  try {
    auto r = store::backup_database(c->database_url, to);
    std::cout << boost::json::serialize(boost::json::object{
                     {"backup", r.file}, {"bytes", r.bytes}, {"version", r.version}})
              << "\n";
    return exit_ok;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: " << e.what() << "\n";
    return c->database_url.starts_with("sqlite:") ? exit_runtime : exit_usage;
  }
}

int run_restore(const CommonOptions& common, const std::string& from) {
  auto c = load_config(common);
  if (!c) return exit_usage;
  try {
    auto check = store::restore_database(c->database_url, from, now_ms());
    std::cout << "plumbline: restored " << from << " (schema version " << check.version << ") into "
              << c->database_url << "\n";
    if (!check.pending.empty())
      std::cout << "plumbline: the backup lacks " << check.pending.size()
                << " migration(s) of this version: run `plumbline migrate` before starting.\n";
    return exit_ok;
  } catch (const std::exception& e) {
    std::cerr << "plumbline: restore refused: " << e.what() << "\n";
    return c->database_url.starts_with("sqlite:") ? exit_runtime : exit_usage;
  }
}

}  // namespace plumbline::cli
