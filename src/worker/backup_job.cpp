// The backup thread: the folder's file names say when the last backup was taken, so a restarted
// worker neither repeats one nor waits a whole interval.
#include "worker/backup_job.hpp"

#include <algorithm>
#include <filesystem>

#include "domain/backups.hpp"
#include "log/log.hpp"
#include "store/backup.hpp"

namespace plumbline::worker {

namespace fs = std::filesystem;

namespace {
std::vector<std::string> file_names(const std::string& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.is_regular_file(ec)) names.push_back(e.path().filename().string());
  return names;
}
}  // namespace

BackupJob::BackupJob(BackupJobOptions options, const services::Clock& clock)
    : o_(std::move(options)),
      clock_(clock),
      periodic_([this] { run_once(); },
                std::min<std::chrono::milliseconds>(o_.interval, std::chrono::minutes(1))) {}

void BackupJob::start() {
  periodic_.start();
}

void BackupJob::stop() {
  periodic_.stop();
}

std::string BackupJob::run_once() {
  std::string written;
  const auto now = clock_.now_ms();
  if (domain::backup_due(
          file_names(o_.folder), now,
          std::chrono::duration_cast<std::chrono::milliseconds>(o_.interval).count())) {
    try {
      auto r = store::backup_database(
          o_.database_url, (fs::path(o_.folder) / domain::backup_file_name(now)).string());
      written = r.file;
      log::info("backup_written", {{"file", r.file},
                                   {"bytes", r.bytes},
                                   {"version", static_cast<std::int64_t>(r.version)},
                                   {"ms", clock_.now_ms() - now}});
    } catch (const std::exception& e) {
      log::error("backup_failed", {{"folder", o_.folder}, {"error", std::string(e.what())}});
      return written;
    }
  }
  for (const auto& name : domain::backups_to_prune(file_names(o_.folder), o_.keep)) {
    std::error_code ec;
    fs::remove(fs::path(o_.folder) / name, ec);
    log::info("backup_deleted", {{"file", (fs::path(o_.folder) / name).string()},
                                 {"error", ec ? ec.message() : std::string()}});
  }
  return written;
}

}  // namespace plumbline::worker
