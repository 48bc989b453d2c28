// The recording wrappers of the SMTP mailer, the Twilio sender and the Stripe client.
#include "services/integration_recorders.hpp"

#include "domain/system_status.hpp"

namespace plumbline::services {

namespace {

void record_send(SystemStatusService& status, const char* name, const domain::SendResult& r) {
  status.record_integration(name, r.outcome == domain::SendOutcome::sent, r.error);
}

class RecordingMailer final : public integrations::Mailer {
 public:
  RecordingMailer(std::unique_ptr<integrations::Mailer> inner, SystemStatusService& status)
      : inner_(std::move(inner)), status_(status) {}
  domain::SendResult send(const integrations::Email& email) override {
    auto r = inner_->send(email);
    record_send(status_, domain::integration_smtp, r);
    return r;
  }
  std::string describe() const override { return inner_->describe(); }

 private:
  std::unique_ptr<integrations::Mailer> inner_;
  SystemStatusService& status_;
};

class RecordingSms final : public integrations::SmsSender {
 public:
  RecordingSms(std::unique_ptr<integrations::SmsSender> inner, SystemStatusService& status)
      : inner_(std::move(inner)), status_(status) {}
  domain::SendResult send(const integrations::Sms& sms) override {
    auto r = inner_->send(sms);
    record_send(status_, domain::integration_twilio, r);
    return r;
  }

 private:
  std::unique_ptr<integrations::SmsSender> inner_;
  SystemStatusService& status_;
};

class RecordingStripe final : public integrations::StripeClient {
 public:
  RecordingStripe(std::unique_ptr<integrations::StripeClient> inner, SystemStatusService& status)
      : inner_(std::move(inner)), status_(status) {}
  integrations::StripeReply post(const std::string& path, const integrations::StripeParams& params,
                                 const std::string& idempotency_key) override {
    return recorded(inner_->post(path, params, idempotency_key));
  }
  integrations::StripeReply get(const std::string& path,
                                const integrations::StripeParams& params) override {
    return recorded(inner_->get(path, params));
  }
  void set_api_base(const std::string& api_base) override { inner_->set_api_base(api_base); }

 private:
  integrations::StripeReply recorded(integrations::StripeReply r) {
    const long s = r.http_status;
    const bool failed = !r.ok && (s == 0 || s == 401 || s == 403 || s >= 500);
    std::string error;
    if (failed)
      error = (s == 0 ? std::string("no answer") : "HTTP " + std::to_string(s)) + ": " +
              r.error_type + (r.error_message.empty() ? "" : " " + r.error_message);
    status_.record_integration(domain::integration_stripe, !failed, error);
    return r;
  }

  std::unique_ptr<integrations::StripeClient> inner_;
  SystemStatusService& status_;
};

}  // namespace

std::unique_ptr<integrations::Mailer> recording_mailer(std::unique_ptr<integrations::Mailer> inner,
                                                       SystemStatusService& status) {
  return std::make_unique<RecordingMailer>(std::move(inner), status);
}

std::unique_ptr<integrations::SmsSender> recording_sms(
    std::unique_ptr<integrations::SmsSender> inner, SystemStatusService& status) {
  return std::make_unique<RecordingSms>(std::move(inner), status);
}

std::unique_ptr<integrations::StripeClient> recording_stripe(
    std::unique_ptr<integrations::StripeClient> inner, SystemStatusService& status) {
  return std::make_unique<RecordingStripe>(std::move(inner), status);
}

}  // namespace plumbline::services
