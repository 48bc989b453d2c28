// Every HTTP handler of the application, one line each; routes.cpp maps URLs to them.
#pragma once
#include "app/app.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace plumbline::web {

using http::Request;
using http::Response;

// pages/home.cpp
Response show_home(app::App& a, Request& req);
Response show_about(app::App& a, Request& req);

// pages/leads.cpp
Response show_lead_form(app::App& a, Request& req);
Response submit_lead_form(app::App& a, Request& req);
Response show_lead_confirmation(app::App& a, Request& req);
Response show_lead_tracking(app::App& a, Request& req);
Response cancel_lead(app::App& a, Request& req);

// api/leads.cpp
Response api_create_lead(app::App& a, Request& req);

// webhooks/twilio.cpp
Response twilio_status_callback(app::App& a, Request& req);
Response twilio_inbound_message(app::App& a, Request& req);

// pages/dev_mail.cpp
Response show_dev_mailbox(app::App& a, Request& req);
Response show_dev_mail_message(app::App& a, Request& req);

// ops.cpp
Response show_health(app::App& a, Request& req);
Response show_readiness(app::App& a, Request& req);
Response show_metrics(app::App& a, Request& req);

// routes.cpp: builds the whole route table.
void add_routes(http::Router& router, app::App& a);

// Renders a page with the site layout (HTML errors included).
Response render(app::App& a, int status, const std::string& page, const std::string& title,
                const boost::json::object& ctx);

}  // namespace plumbline::web
