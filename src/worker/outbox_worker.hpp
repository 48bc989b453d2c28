// The outbox worker: leases due messages, renders them, hands them to SMTP/Twilio, records the
// outcome.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "domain/message_templates.hpp"
#include "domain/outbox.hpp"
#include "integrations/mailer.hpp"
#include "integrations/sms.hpp"
#include "integrations/webhook_client.hpp"
#include "services/clock.hpp"
#include "services/message_render.hpp"
#include "store/store.hpp"

namespace plumbline::worker {

struct OutboxWorkerOptions {
  std::string owner;  // lease owner prefix, e.g. "host:pid"
  int threads = 1;
  int batch = 20;
  std::chrono::milliseconds poll{250};
  domain::Millis lease_ms = 120'000;  // over twice the SMTP/Twilio timeouts, so a send started in
                                      // its first half ends while the lease holds
  std::string templates_dir = "templates";
  std::string mail_from, mail_reply_to, base_url, secret_key;
  domain::MessageBranding branding;  // platform_name, support_email, ...: when no source is set
  // The business settings, read for each message (app/app.cpp); null: `branding` as it is.
  const services::BrandingSource* branding_source = nullptr;
  // A staff override of a template part ("email/lead_alert.subject"), if any
  // (services::TemplateOverrideCache::find); unset: the shipped files only.
  std::function<std::optional<std::string>(const std::string& name)> template_override;
  // Outbound webhooks (issue 20 item 3; worker/webhook_delivery.cpp): null sends none (they go
  // dead). The allow-list and a shorter first retry are for tests on loopback.
  integrations::WebhookClient* webhook_client = nullptr;
  std::vector<std::string> webhook_allow_hosts;
  domain::Millis webhook_retry_first_ms = 30'000;
};

struct OutboxWorkerHooks {
  std::function<void(const domain::OutboxMessage&, double handoff_seconds)> on_sent;
  std::function<void(const domain::OutboxMessage&, const std::string& reason)> on_dead;
};

class OutboxWorker {
 public:
  // sms may be null: SMS messages then go dead with "SMS is not configured".
  OutboxWorker(store::Store& store, integrations::Mailer& mailer, integrations::SmsSender* sms,
               const services::Clock& clock, OutboxWorkerOptions options,
               OutboxWorkerHooks hooks = {});
  ~OutboxWorker();

  void start();
  // Stops leasing new messages and waits for messages being sent to finish.
  void stop();
  // Like stop(), but after `grace` aborts the SMTP/Twilio transfers still running (their messages
  // are retried later), so a hung provider cannot hold up shutdown.
  void stop_within(std::chrono::milliseconds grace);
  // Stops leasing new messages without waiting (the start of a shutdown).
  void request_stop();
  // Leases one batch and delivers it; returns how many messages were handled.
  int run_once(const std::string& owner);
  // Wakes idle threads now (called after a commit that enqueued messages).
  void nudge();

 private:
  void loop(int index);
  void deliver(const domain::OutboxMessage& m, const std::string& owner);
  // Gives batch[from...] back to the queue untried (see run_once).
  void release_untried(const std::vector<domain::OutboxMessage>& batch, std::size_t from,
                       const std::string& owner);
  domain::SendResult send_email(const domain::OutboxMessage& m);
  domain::SendResult send_sms(const domain::OutboxMessage& m);
  // Checks the endpoint's addresses again, signs, POSTs and logs the attempt.
  domain::SendResult send_webhook(const domain::OutboxMessage& m);
  services::MessageRenderSettings render_settings() const {
    return {opts_.base_url, opts_.secret_key, opts_.branding, opts_.template_override,
            opts_.branding_source};
  }

  store::Store& store_;
  integrations::Mailer& mailer_;
  integrations::SmsSender* sms_;
  const services::Clock& clock_;
  OutboxWorkerOptions opts_;
  OutboxWorkerHooks hooks_;
  services::MessageTemplates templates_;  // "email/x.subject" → text
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t nudges_ = 0;
  int running_ = 0;  // threads still in loop(), guarded by mu_
};

}  // namespace plumbline::worker
