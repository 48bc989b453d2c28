// Internals of the Twilio client, exposed for unit tests: form encoding, the Messages URL, the
// classification of a reply and the URL variants a signature is checked against.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/outbox.hpp"

namespace plumbline::integrations::detail {

// application/x-www-form-urlencoded: unreserved characters kept, space as "+", the rest %XX.
std::string form_urlencode(const std::vector<std::pair<std::string, std::string>>& params);

// {api_base without trailing "/"}/2010-04-01/Accounts/{sid}/Messages.json
std::string twilio_messages_url(std::string_view api_base, std::string_view account_sid);

// No HTTP status (curl failed before a reply): temporary. 2xx: sent, provider_id = the JSON "sid"
// (even if the transfer failed afterwards: retrying would send the SMS twice). Otherwise the error
// carries Twilio's "code" and "message"; permanent per domain::twilio_status_is_permanent.
domain::SendResult classify_twilio(int curl_code, std::string_view curl_error, long http_status,
                                   std::string_view body);

// The URL as given, then without its port (if it has one) or with the scheme's default port
// (:443 for https, :80 for http) added (if it has none).
std::vector<std::string> twilio_url_variants(std::string_view url);

}  // namespace plumbline::integrations::detail
