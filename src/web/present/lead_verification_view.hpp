// The homeowner's contact-check box (issue 17 item 1): the "Phone verified" badge, or the code
// form with "Send a new code", as the confirmation, tracking and verify pages show it.
#pragma once
#include <string>

#include "services/lead_verification.hpp"
#include "web/view.hpp"

namespace plumbline::web {

// templates/pages/lead_verify_box.mustache rendered for the request behind `token`; `error` is
// shown at the code field (a wrong or stale code).
std::string verification_box_html(const View& view, const services::VerificationStatus& v,
                                  const std::string& token, const std::string& csrf_token,
                                  const std::string& error = {});

}  // namespace plumbline::web
