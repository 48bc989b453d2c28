// Scheduled SQLite backups: a copy when the newest in the folder is an interval old, then the
// oldest beyond the number kept are deleted. PostgreSQL is backed up by its own tools instead.
#pragma once
#include <chrono>
#include <string>

#include "services/clock.hpp"
#include "worker/periodic.hpp"

namespace plumbline::worker {

struct BackupJobOptions {
  std::string database_url;  // sqlite:PATH
  std::string folder;        // where the plumbline-<UTC time>.db files go
  std::chrono::seconds interval{86400};
  int keep = 7;
};

class BackupJob {
 public:
  BackupJob(BackupJobOptions options, const services::Clock& clock);
  BackupJob(const BackupJob&) = delete;
  BackupJob& operator=(const BackupJob&) = delete;

  // Checks at start, then every minute (or every interval, when shorter).
  void start();
  void stop();
  // One check: a backup when one is due (the file written, else empty), then retention. Failures
  // are logged; the next check tries again.
  std::string run_once();

 private:
  BackupJobOptions o_;
  const services::Clock& clock_;
  Periodic periodic_;  // declared last: stopped before the members its task uses go
};

}  // namespace plumbline::worker
