// The staff's lead page as one JSON object, for the HTML page (local times) and the JSON API (ISO
// times) alike; the homeowner's e-mail and phone are masked unless `full_contact` (admins).
#pragma once
#include <boost/json/object.hpp>
#include <functional>
#include <string>

#include "domain/catalog.hpp"
#include "services/lead_admin.hpp"

namespace plumbline::web {

using TimeText = std::function<std::string(domain::Millis)>;

boost::json::object lead_detail_json(const services::LeadDetail& d, const domain::Catalog& catalog,
                                     const TimeText& time_text, bool full_contact);

}  // namespace plumbline::web
