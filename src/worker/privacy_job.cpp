// The privacy thread; a failed pass is logged and retried at the next interval.
#include "worker/privacy_job.hpp"

#include "log/log.hpp"

namespace plumbline::worker {

PrivacyJob::PrivacyJob(services::AccountService& accounts, services::RetentionService& retention,
                       std::chrono::milliseconds interval)
    : accounts_(accounts), retention_(retention), periodic_([this] { run_once(); }, interval) {}

void PrivacyJob::start() {
  periodic_.start();
}

void PrivacyJob::stop() {
  periodic_.stop();
}

PrivacyPass PrivacyJob::run_once() {
  PrivacyPass pass;
  // A catch-up over many rows ends between batches when the worker stops (SIGTERM must not wait
  // for hundreds of thousands of rows); the next run goes on.
  auto keep_going = [this] { return !periodic_.stop_requested(); };
  auto accounts = accounts_.anonymise_closed_accounts(keep_going);
  if (accounts)
    pass.accounts = accounts.value();
  else
    log::warn("privacy_job_failed", {{"step", "accounts"}, {"error", accounts.error().log_detail}});
  auto leads = retention_.anonymise_old_leads(keep_going);
  if (leads)
    pass.leads = leads.value();
  else
    log::warn("privacy_job_failed", {{"step", "leads"}, {"error", leads.error().log_detail}});
  return pass;
}

}  // namespace plumbline::worker
