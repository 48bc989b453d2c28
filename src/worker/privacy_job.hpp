// Periodic privacy job: anonymises accounts closed more than 30 days ago and homeowner contact
// details of requests closed or expired longer ago than the retention setting.
#pragma once
#include <chrono>

#include "services/accounts.hpp"
#include "services/retention.hpp"
#include "worker/periodic.hpp"

namespace plumbline::worker {

struct PrivacyPass {
  int accounts = 0;  // closed accounts anonymised
  int leads = 0;     // requests whose homeowner details were anonymised
};

class PrivacyJob {
 public:
  PrivacyJob(services::AccountService& accounts, services::RetentionService& retention,
             std::chrono::milliseconds interval);
  PrivacyJob(const PrivacyJob&) = delete;
  PrivacyJob& operator=(const PrivacyJob&) = delete;

  void start();
  void stop();
  // One pass (idempotent: what is anonymised already is skipped); failures are logged.
  PrivacyPass run_once();

 private:
  services::AccountService& accounts_;
  services::RetentionService& retention_;
  Periodic periodic_;  // declared last: stopped before the members its task uses go
};

}  // namespace plumbline::worker
