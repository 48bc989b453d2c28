// Admin page for the service catalog (/admin/catalog): each service's label, description, base
// price, active flag, display order and questions (issue 17), a new service, and the urgencies'
// labels and surcharges.
#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/settings.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// A whole number from the form; a problem is recorded under `field`.
std::int64_t catalog_number(const std::string& text, const std::string& field,
                            std::vector<domain::FieldError>& errs) {
  if (auto n = parse_int64(text)) return *n;
  errs.push_back({field, "Enter a whole number."});
  return -1;
}

// "services[2].base_price_credits" → "Water heater: base price …", for the error summary.
std::string catalog_error_line(const domain::Catalog& proposed, const domain::FieldError& e) {
  if (e.field.starts_with("questions_")) {  // "Water heater (questions): Line 2: …"
    auto slug = e.field.substr(10);
    for (const auto& s : proposed.services)
      if (s.slug == slug)
        return (s.label.empty() ? s.slug : s.label) + " (questions): " + e.message;
    return slug + " (questions): " + e.message;
  }
  auto open = e.field.find('['), close = e.field.find(']');
  if (open == std::string::npos || close == std::string::npos) return e.message;
  auto i = std::stoul(e.field.substr(open + 1, close - open - 1));
  auto what = e.field.substr(close + 2);
  std::string name;
  if (e.field.starts_with("services") && i < proposed.services.size())
    name =
        proposed.services[i].label.empty() ? proposed.services[i].slug : proposed.services[i].label;
  if (e.field.starts_with("urgencies") && i < proposed.urgencies.size())
    name = proposed.urgencies[i].slug;
  return name + " (" + what + "): " + e.message;
}

// The page: the stored catalog, or with `typed` (a refused form) what the admin typed, so that
// nothing they entered is lost.
Response admin_catalog_page(const Services& a, const Request& req, int status,
                            const std::string& flash, const std::vector<std::string>& problems,
                            const std::string& reason, const http::FormData* typed = nullptr) {
  auto cat = a.business->catalog();
  if (!cat) return http::error_response(req, cat.error());
  // A typed value when the refused form had the field, else the stored one.
  auto typed_or = [typed](const std::string& field, json::value stored) -> json::value {
    if (typed && typed->has(field)) return json::string(typed->get(field));
    return stored;
  };
  json::array services, urgencies, errors;
  for (const auto& s : cat.value().services) {
    bool listed = typed && typed->has("price_" + s.slug);  // the service was on the form
    services.push_back(
        {{"slug", s.slug},
         {"label", typed_or("label_" + s.slug, json::string(s.label))},
         {"description", typed_or("description_" + s.slug, json::string(s.description))},
         {"price", typed_or("price_" + s.slug, s.base_price_credits)},
         {"active", listed ? typed->get("active_" + s.slug) == "yes" : s.active},
         {"order", typed_or("order_" + s.slug, s.sort_order)},
         {"questions",
          typed_or("questions_" + s.slug, json::string(domain::question_lines(s.questions)))},
         {"questions_rows", std::max<std::size_t>(3, s.questions.size() + 2)}});
  }
  for (const auto& u : cat.value().urgencies)
    urgencies.push_back({{"slug", u.slug},
                         {"label", typed_or("ulabel_" + u.slug, json::string(u.label))},
                         {"surcharge", typed_or("surcharge_" + u.slug, u.surcharge_credits)}});
  for (const auto& p : problems) errors.push_back(json::string(p));
  bool failed = !problems.empty();
  return render(a, req, status, "admin_catalog",
                failed ? "Catalog: please check the form" : "Service catalog",
                {{"flash", flash},
                 {"failed", failed},
                 {"errors", std::move(errors)},
                 {"reason", reason},
                 {"services", std::move(services)},
                 {"urgencies", std::move(urgencies)},
                 {"new_slug", typed_or("new_slug", "")},
                 {"new_label", typed_or("new_label", "")},
                 {"new_description", typed_or("new_description", "")},
                 {"new_price", typed_or("new_price", "2")},
                 {"new_order", typed_or("new_order", "100")},
                 {"new_active", typed ? typed->get("new_active") == "yes" : true}});
}

}  // namespace

Response show_admin_catalog(const Services& a, Request& req) {
  auto q = query_of(req);
  return admin_catalog_page(a, req, 200, q.get("saved") == "1" ? "The catalog is saved." : "", {},
                            "");
}

Response submit_admin_catalog(const Services& a, Request& req) {
  auto f = form_of(req);
  domain::Catalog proposed;
  std::vector<domain::FieldError> errs;
  for (const auto& [name, slug] : f.fields) {
    if (name == "slug") {
      auto at = "services[" + std::to_string(proposed.services.size()) + "].";
      domain::ServiceType s;
      s.slug = slug;
      s.label = domain::trim(f.get("label_" + slug));
      s.description = domain::trim(f.get("description_" + slug));
      s.base_price_credits =
          catalog_number(f.get("price_" + slug), at + "base_price_credits", errs);
      s.sort_order =
          static_cast<int>(catalog_number(f.get("order_" + slug), at + "sort_order", errs));
      s.active = f.get("active_" + slug) == "yes";
      proposed.services.push_back(std::move(s));
    } else if (name == "urgency") {
      auto at = "urgencies[" + std::to_string(proposed.urgencies.size()) + "].";
      domain::Urgency u;
      u.slug = slug;
      u.label = domain::trim(f.get("ulabel_" + slug));
      u.surcharge_credits =
          catalog_number(f.get("surcharge_" + slug), at + "surcharge_credits", errs);
      proposed.urgencies.push_back(std::move(u));
    }
  }
  // Questions per service (issue 17): each listed service's question lines, parsed here and checked
  // again by the service; a line that does not parse is named in the summary.
  services::SettingsService::QuestionEdits questions;
  for (const auto& s : proposed.services) {
    if (!f.has("questions_" + s.slug)) continue;
    auto parsed = domain::parse_question_lines(f.get("questions_" + s.slug), "questions_" + s.slug);
    if (parsed)
      questions.emplace_back(s.slug, std::move(parsed.value()));
    else
      errs.insert(errs.end(), parsed.error().details.begin(), parsed.error().details.end());
  }
  if (!domain::trim(f.get("new_slug")).empty()) {  // a new service
    auto at = "services[" + std::to_string(proposed.services.size()) + "].";
    domain::ServiceType s;
    s.slug = domain::trim(f.get("new_slug"));
    s.label = domain::trim(f.get("new_label"));
    s.description = domain::trim(f.get("new_description"));
    s.base_price_credits = catalog_number(f.get("new_price"), at + "base_price_credits", errs);
    s.sort_order = static_cast<int>(catalog_number(f.get("new_order"), at + "sort_order", errs));
    s.active = f.get("new_active") == "yes";
    proposed.services.push_back(std::move(s));
  }
  if (errs.empty()) {
    auto saved = a.business->update_catalog(actor_of(req), proposed, f.get("reason"), questions);
    if (saved) return Response::redirect("/admin/catalog?saved=1");
    if (saved.error().code != domain::ErrorCode::invalid_input)
      return http::error_response(req, saved.error());
    errs = saved.error().details;
  }
  std::vector<std::string> problems;
  for (const auto& e : errs) problems.push_back(catalog_error_line(proposed, e));
  return admin_catalog_page(a, req, 422, "", problems, f.get("reason"), &f);
}

}  // namespace plumbline::web
