// The homeowner's contact-check box (issue 17 item 1).
#include "web/present/lead_verification_view.hpp"

#include <boost/json.hpp>

namespace plumbline::web {

std::string verification_box_html(const View& view, const services::VerificationStatus& v,
                                  const std::string& token, const std::string& csrf_token,
                                  const std::string& error) {
  auto base = "/t/" + token + "/verify";
  bool sms = v.channel == domain::verification_sms;
  auto badge = domain::verification_badge(v.facts);
  bool by_sms = v.can_verify && sms;  // the code field shows `error` itself
  return view.fragment("lead_verify_box",
                       {{"show", !badge.empty() || v.can_verify || !error.empty()},
                        {"alert", by_sms ? std::string() : error},
                        {"badge", badge},
                        {"can_verify", v.can_verify},
                        {"by_sms", by_sms},
                        {"by_email", v.can_verify && v.channel == domain::verification_email},
                        {"none_sent", v.can_verify && v.channel.empty()},
                        {"held", v.facts.awaiting},
                        {"sent_to", v.sent_to},
                        {"verify_url", base},
                        {"resend_url", base + "/resend"},
                        {"error", error},
                        {"csrf_token", csrf_token}});
}

}  // namespace plumbline::web
