// Twilio Messages API over libcurl: Basic auth, form body, JSON reply (integrations.md §3.1).
#include <curl/curl.h>

#include <boost/json.hpp>
#include <cctype>
#include <memory>

#include "integrations/curl_pool.hpp"
#include "integrations/sms.hpp"
#include "integrations/text.hpp"
#include "integrations/twilio_detail.hpp"

namespace plumbline::integrations {

namespace detail {

namespace {

void percent_encode(std::string_view s, std::string& out, bool space_as_plus) {
  static const char* hex = "0123456789ABCDEF";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else if (c == ' ' && space_as_plus) {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

}  // namespace

std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    percent_encode(name, out, true);
    out += '=';
    percent_encode(value, out, true);
  }
  return out;
}

std::string twilio_messages_url(std::string_view api_base, std::string_view account_sid) {
  while (!api_base.empty() && api_base.back() == '/') api_base.remove_suffix(1);
  std::string url(api_base);
  url += "/2010-04-01/Accounts/";
  percent_encode(account_sid, url, false);
  url += "/Messages.json";
  return url;
}

domain::SendResult classify_twilio(int curl_code, std::string_view curl_error, long http_status,
                                   std::string_view body) {
  using domain::SendOutcome;
  // No HTTP status: the request may not have arrived. Retry.
  if (curl_code != 0 && http_status == 0)
    return {SendOutcome::temporary_failure, "",
            "Twilio request failed: " + printable(curl_error, 500)};
  boost::system::error_code ec;
  auto parsed = boost::json::parse(body, ec);
  const boost::json::object* obj = !ec && parsed.is_object() ? &parsed.get_object() : nullptr;
  auto field = [&](const char* key) -> std::string {
    if (!obj) return {};
    auto it = obj->find(key);
    if (it == obj->end()) return {};
    if (it->value().is_string()) return std::string(it->value().get_string());
    if (it->value().is_int64()) return std::to_string(it->value().get_int64());
    if (it->value().is_uint64()) return std::to_string(it->value().get_uint64());
    return {};
  };
  if (http_status >= 200 && http_status < 300) {
    // Accepted by Twilio: never retried (that would send the SMS twice), even if the reply was cut
    // short or is odd.
    return {SendOutcome::sent, printable(field("sid"), 64), ""};
  }
  std::string err = "Twilio HTTP " + std::to_string(http_status);
  auto code = field("code"), message = field("message");
  if (!code.empty()) err += ", error " + printable(code, 20);
  if (!message.empty())
    err += ": " + printable(message, 500);
  else if (!obj && !body.empty())
    err += ": " + printable(body, 200);
  if (curl_code != 0) err += " (" + printable(curl_error, 200) + ")";
  auto outcome = domain::twilio_status_is_permanent(http_status) ? SendOutcome::permanent_failure
                                                                 : SendOutcome::temporary_failure;
  return {outcome, "", err};
}

}  // namespace detail

namespace {

std::size_t twilio_collect_cb(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  std::size_t k = size * n;
  if (out->size() + k > (1u << 20)) return 0;  // no reply of ours is this big: abort
  out->append(buf, k);
  return k;
}

class TwilioSms final : public SmsSender {
 public:
  explicit TwilioSms(TwilioOptions o)
      : opts_(std::move(o)), url_(detail::twilio_messages_url(opts_.api_base, opts_.account_sid)) {
    if (opts_.timeout.count() <= 0) opts_.timeout = std::chrono::seconds(15);
    detail::curl_global_once();
  }

  domain::SendResult send(const Sms& sms) override {
    using domain::SendOutcome;
    if (opts_.account_sid.empty() || opts_.auth_token.empty() || opts_.from.empty())
      return {SendOutcome::permanent_failure, "", "Twilio is not configured"};
    if (sms.to.empty()) return {SendOutcome::permanent_failure, "", "no recipient number"};
    std::vector<std::pair<std::string, std::string>> params{
        {"To", sms.to}, {"From", opts_.from}, {"Body", sms.body}};
    if (!sms.status_callback_url.empty())
      params.emplace_back("StatusCallback", sms.status_callback_url);
    const std::string form = detail::form_urlencode(params);

    detail::PooledHandle handle(pool_);
    CURL* h = handle.get();
    if (!h) return {SendOutcome::temporary_failure, "", "Twilio: curl_easy_init failed"};
    curl_slist* raw = nullptr;
    raw = curl_slist_append(raw, "Accept: application/json");
    raw = curl_slist_append(raw, "Content-Type: application/x-www-form-urlencoded");
    raw = curl_slist_append(raw, "Expect:");
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(raw, &curl_slist_free_all);
    std::string reply;
    char errbuf[CURL_ERROR_SIZE] = {0};
    const long total_ms = static_cast<long>(std::chrono::milliseconds(opts_.timeout).count());

    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(h, CURLOPT_USERNAME, opts_.account_sid.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, opts_.auth_token.c_str());
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_USERAGENT, "plumbline");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &twilio_collect_cb);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(total_ms, 10'000L));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, total_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    std::string curl_error;
    if (rc != CURLE_OK) {
      curl_error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    }
    handle.set_reusable(rc == CURLE_OK);
    return detail::classify_twilio(static_cast<int>(rc), curl_error, status, reply);
  }

 private:
  TwilioOptions opts_;
  std::string url_;
  detail::CurlPool pool_;
};

}  // namespace

std::unique_ptr<SmsSender> make_twilio_sms(const TwilioOptions& options) {
  return std::make_unique<TwilioSms>(options);
}

}  // namespace plumbline::integrations
