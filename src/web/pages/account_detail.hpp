// Helpers of the account pages shared by the log-in's two steps (pages/account.cpp,
// pages/two_factor.cpp).
#pragma once
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "web/handlers.hpp"
#include "web/present/form_errors.hpp"

namespace plumbline::web::account_detail {

// The client's address, browser and device cookie (password-guessing throttle).
services::ClientInfo client_of(const Services& a, const Request& req);
// Sets the session cookie (and the device cookie of a newly known device).
void set_session_cookie(const Services& a, const Request& req, Response& res,
                        const services::NewSession& s);
// Where a user lands after log-in.
std::string home_for(const domain::User& u);
// `next` when it is a same-site path, else "".
std::string safe_next(const std::string& next);

}  // namespace plumbline::web::account_detail

namespace plumbline::web {
// pages/two_factor.cpp: sets the challenge cookie and sends the browser to the code page.
Response two_factor_challenge_redirect(const Services& a, const Request& req,
                                       const services::NewSession& s, const std::string& next);
}  // namespace plumbline::web
