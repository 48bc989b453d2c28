// SMS delivery: the SmsSender interface and a Twilio Messages API implementation (libcurl).
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "domain/outbox.hpp"

namespace plumbline::integrations {

struct Sms {
  std::string to;                   // E.164
  std::string body;                 // ≤ 1600 characters
  std::string status_callback_url;  // optional
};

class SmsSender {
 public:
  virtual ~SmsSender() = default;
  // Sends through the provider; never throws for delivery failures. provider_id is the message SID.
  virtual domain::SendResult send(const Sms& sms) = 0;
};

struct TwilioOptions {
  std::string api_base = "https://api.twilio.com";
  std::string account_sid, auth_token, from;
  std::chrono::seconds timeout{15};
};
std::unique_ptr<SmsSender> make_twilio_sms(const TwilioOptions& options);

// X-Twilio-Signature: base64(HMAC-SHA1(auth_token, url + sorted(name + value)...)).
std::string twilio_signature(const std::string& auth_token, const std::string& url,
                             const std::vector<std::pair<std::string, std::string>>& params);
// Checks a signature in constant time against the URL as given and its :443/:80 variants.
bool verify_twilio_signature(const std::string& auth_token, const std::string& url,
                             const std::vector<std::pair<std::string, std::string>>& params,
                             const std::string& signature);

}  // namespace plumbline::integrations
