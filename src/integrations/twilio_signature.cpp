// X-Twilio-Signature (integrations.md §3.3): base64(HMAC-SHA1(token, url + name+value ...)), names
// in byte order, a repeated name's values de-duplicated and sorted; checked against the URL
// variants.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <map>
#include <set>

#include "crypto/tokens.hpp"
#include "integrations/mail_detail.hpp"
#include "integrations/sms.hpp"
#include "integrations/twilio_detail.hpp"

namespace plumbline::integrations {

namespace detail {

std::vector<std::string> twilio_url_variants(std::string_view url) {
  std::vector<std::string> out{std::string(url)};
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return out;
  std::size_t auth_start = scheme_end + 3;
  std::size_t auth_end = url.find_first_of("/?#", auth_start);
  if (auth_end == std::string_view::npos) auth_end = url.size();
  std::string_view authority = url.substr(auth_start, auth_end - auth_start);
  auto at = authority.rfind('@');
  std::size_t host_start = at == std::string_view::npos ? 0 : at + 1;
  std::string_view hostport = authority.substr(host_start);
  std::size_t colon = std::string_view::npos;
  if (!hostport.empty() && hostport.front() == '[') {
    auto close = hostport.find(']');
    if (close != std::string_view::npos && close + 1 < hostport.size() &&
        hostport[close + 1] == ':')
      colon = close + 1;
  } else {
    colon = hostport.rfind(':');
  }
  if (colon != std::string_view::npos) {
    std::string without(url);
    without.erase(auth_start + host_start + colon, hostport.size() - colon);
    out.push_back(std::move(without));
    return out;
  }
  std::string scheme(url.substr(0, scheme_end));
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const char* port = scheme == "https" ? ":443" : scheme == "http" ? ":80" : nullptr;
  if (port) {
    std::string with(url);
    with.insert(auth_end, port);
    out.push_back(std::move(with));
  }
  return out;
}

}  // namespace detail

std::string twilio_signature(const std::string& auth_token, const std::string& url,
                             const std::vector<std::pair<std::string, std::string>>& params) {
  // std::string orders by unsigned bytes (char_traits<char>::lt), which is the byte order asked
  // for.
  std::map<std::string, std::set<std::string>> sorted;
  for (const auto& [name, value] : params) sorted[name].insert(value);
  std::string data = url;
  for (const auto& [name, values] : sorted)
    for (const auto& value : values) {
      data += name;
      data += value;
    }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), auth_token.data(), static_cast<int>(auth_token.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return detail::base64(std::string_view(reinterpret_cast<const char*>(mac), len));
}

bool verify_twilio_signature(const std::string& auth_token, const std::string& url,
                             const std::vector<std::pair<std::string, std::string>>& params,
                             const std::string& signature) {
  if (signature.empty() || auth_token.empty()) return false;
  bool ok = false;
  for (const auto& variant : detail::twilio_url_variants(url))
    ok |= crypto::constant_time_equal(twilio_signature(auth_token, variant, params), signature);
  return ok;
}

}  // namespace plumbline::integrations
