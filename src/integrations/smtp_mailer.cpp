// SMTP delivery with libcurl: STARTTLS when offered (required before sending a password to a
// remote server), implicit TLS for smtps://, AUTH from the URL, our own MIME text as the upload.
#include <curl/curl.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cctype>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <vector>

#include "integrations/curl_pool.hpp"
#include "integrations/mail_detail.hpp"
#include "integrations/mailer.hpp"
#include "integrations/text.hpp"

namespace plumbline::integrations {

namespace detail {

namespace {

void replace_all(std::string& s, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (auto pos = s.find(what); pos != std::string::npos; pos = s.find(what, pos + with.size()))
    s.replace(pos, what.size(), with);
}

}  // namespace

std::optional<SmtpUrl> parse_smtp_url(std::string_view text, std::string* error) {
  auto fail = [&](const char* why) -> std::optional<SmtpUrl> {
    if (error) *error = why;
    return std::nullopt;
  };
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed)
    return fail(
        "the SMTP URL is not a valid URL (percent-encode special characters in the password)");
  const auto& u = *parsed;
  SmtpUrl out;
  auto scheme = ascii_lower(u.scheme());
  if (scheme != "smtp" && scheme != "smtps")
    return fail("the SMTP URL must start with smtp:// or smtps://");
  out.implicit_tls = scheme == "smtps";
  if (!u.has_authority() || u.encoded_host().empty()) return fail("the SMTP URL has no host");
  out.host = std::string(u.encoded_host());
  out.port = std::string(u.port());
  // Boost.URL 1.81 reads "host:2x5" as port 2 and path "x5": an authority must end at "/".
  if (!u.encoded_path().empty() && u.encoded_path().front() != '/')
    return fail("the SMTP URL has an invalid port");
  if (u.has_port() && (out.port.empty() || out.port.size() > 5 ||
                       !std::all_of(out.port.begin(), out.port.end(),
                                    [](char c) { return c >= '0' && c <= '9'; }) ||
                       std::stoi(out.port) == 0 || std::stoi(out.port) > 65535))
    return fail("the SMTP URL has an invalid port");
  if (u.has_userinfo()) {
    out.username = u.user();
    if (u.has_password()) out.password = u.password();
  }
  boost::urls::url clean(u);
  clean.remove_userinfo();
  clean.remove_query();
  clean.remove_fragment();
  out.url = std::string(clean.buffer());
  auto host = ascii_lower(out.host);
  out.loopback = host == "localhost" || host.rfind("127.", 0) == 0 || host == "[::1]";
  return out;
}

domain::SendResult classify_smtp(const SmtpAttempt& a, std::string_view password,
                                 std::string_view message_id) {
  if (a.curl_code == 0) return {domain::SendOutcome::sent, std::string(message_id), ""};
  std::string err = "SMTP";
  if (a.reply_code > 0) {
    err += ' ';
    err += std::to_string(a.reply_code);
  }
  err += ": ";
  err +=
      a.curl_error.empty() ? std::string_view("transfer failed") : std::string_view(a.curl_error);
  if (!a.server_reply.empty()) {
    err += " (server said: ";
    err += a.server_reply;
    err += ')';
  }
  replace_all(err, password, "****");
  if (err.size() > 1000) err.resize(1000);
  auto outcome = domain::smtp_reply_is_permanent(a.reply_code)
                     ? domain::SendOutcome::permanent_failure
                     : domain::SendOutcome::temporary_failure;
  return {outcome, "", err};
}

}  // namespace detail

namespace {

struct Upload {
  const std::string* data;
  std::size_t pos = 0;
};

std::size_t read_cb(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  std::size_t want = size * n;
  std::size_t left = up->data->size() - up->pos;
  std::size_t k = std::min(want, left);
  std::copy_n(up->data->data() + up->pos, k, buf);
  up->pos += k;
  return k;
}

// Collects the server's reply lines (libcurl passes SMTP replies to the header callback).
std::size_t reply_cb(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* lines = static_cast<std::vector<std::string>*>(user);
  std::string line(buf, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  if (!line.empty()) {
    for (auto& c : line)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    if (line.size() > 300) line.resize(300);
    if (lines->size() >= 16) lines->erase(lines->begin());
    lines->push_back(std::move(line));
  }
  return size * n;
}

// The last reply line with the given code ("550 5.1.1 ..."), not the "221 Bye" that follows it.
std::string reply_with_code(const std::vector<std::string>& lines, long code) {
  if (code <= 0) return {};
  const std::string prefix = std::to_string(code);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (it->rfind(prefix, 0) == 0) return *it;
  return {};
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class SmtpMailer final : public Mailer {
 public:
  SmtpMailer(detail::SmtpUrl url, std::chrono::seconds timeout)
      : url_(std::move(url)), timeout_(timeout) {
    if (timeout_.count() <= 0) timeout_ = std::chrono::seconds(30);
    detail::curl_global_once();
  }

  std::string describe() const override {
    std::string d = url_.url;
    if (!url_.username.empty()) d += " as " + url_.username;
    d += url_.implicit_tls ? " (implicit TLS)"
         : require_tls()   ? " (STARTTLS required)"
                           : " (STARTTLS when offered)";
    return d;
  }

  domain::SendResult send(const Email& input) override {
    using domain::SendOutcome;
    const auto now = now_ms();
    Email email = input;
    email.message_id = detail::message_id_for(email, now);
    const auto from = detail::parse_mailbox(email.from).address;
    const auto to = detail::clean_header_value(email.to);  // a bare address, never "Name <addr>"
    if (!detail::valid_envelope_address(from))
      return {SendOutcome::permanent_failure, "",
              "invalid sender address: " + detail::clean_header_value(from)};
    if (!detail::valid_envelope_address(to))
      return {SendOutcome::permanent_failure, "",
              "invalid recipient address: " + detail::clean_header_value(to)};
    std::string message;
    try {
      message = build_mime_message(email, now);
    } catch (const std::exception& e) {
      return {SendOutcome::permanent_failure, "", e.what()};
    }

    detail::PooledHandle handle(pool_);
    CURL* h = handle.get();
    if (!h) return {SendOutcome::temporary_failure, "", "SMTP: curl_easy_init failed"};
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(
        curl_slist_append(nullptr, ("<" + to + ">").c_str()), &curl_slist_free_all);
    const std::string mail_from = "<" + from + ">";
    char errbuf[CURL_ERROR_SIZE] = {0};
    Upload upload{&message};
    std::vector<std::string> replies;
    const long total_ms = static_cast<long>(std::chrono::milliseconds(timeout_).count());

    curl_easy_setopt(h, CURLOPT_URL, url_.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (!url_.username.empty()) {
      curl_easy_setopt(h, CURLOPT_USERNAME, url_.username.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, url_.password.c_str());
    }
    if (!url_.implicit_tls)
      curl_easy_setopt(h, CURLOPT_USE_SSL,
                       static_cast<long>(require_tls() ? CURLUSESSL_ALL : CURLUSESSL_TRY));
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &reply_cb);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &replies);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, std::min(total_ms, 10'000L));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, total_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

    CURLcode rc = curl_easy_perform(h);
    detail::SmtpAttempt attempt;
    attempt.curl_code = static_cast<int>(rc);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &attempt.reply_code);
    if (rc != CURLE_OK) {
      attempt.curl_error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
      attempt.server_reply = reply_with_code(replies, attempt.reply_code);
    }
    handle.set_reusable(rc == CURLE_OK);
    return detail::classify_smtp(attempt, url_.password, email.message_id);
  }

 private:
  // A password never crosses the network in clear text, except to this machine (test sinks).
  bool require_tls() const {
    return !url_.implicit_tls && !url_.username.empty() && !url_.loopback;
  }

  detail::SmtpUrl url_;
  std::chrono::seconds timeout_;
  detail::CurlPool pool_;
};

}  // namespace

std::unique_ptr<Mailer> make_smtp_mailer(const std::string& smtp_url,
                                         std::chrono::seconds timeout) {
  std::string error;
  auto url = detail::parse_smtp_url(smtp_url, &error);
  if (!url) throw std::invalid_argument(error);
  return std::make_unique<SmtpMailer>(std::move(*url), timeout);
}

}  // namespace plumbline::integrations
