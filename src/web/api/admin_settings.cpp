// JSON twins of the console's settings and catalog pages (api-admin): GET/PUT
// /api/v1/admin/settings and GET/PUT /api/v1/admin/catalog.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "services/settings.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;
using api_io::ok_json;

json::object api_setting_change_json(const domain::SettingChange& c) {
  return {{"at", c.at},
          {"by_user_id", c.by_user_id ? json::value(*c.by_user_id) : json::value(nullptr)},
          {"by_email", c.by_email},
          {"old_value", json::parse(c.old_value_json.empty() ? "null" : c.old_value_json)},
          {"new_value", json::parse(c.new_value_json)}};
}

Response api_settings_answer(const Services& a, const Request& req) {
  auto fields = a.business->view();
  if (!fields) return http::error_response(req, fields.error());
  json::object out;
  for (const auto& v : fields.value()) {
    const auto& f = *v.field;
    json::value value = json::string(v.value);
    if (f.kind == domain::SettingKind::number) value = std::stoll(v.value);
    out[f.key] = {
        {"section", f.section},
        {"label", f.label},
        {"value", value},
        {"last_change", v.last_change ? json::value(api_setting_change_json(*v.last_change))
                                      : json::value(nullptr)}};
  }
  return ok_json(200, json::object{{"settings", std::move(out)}});
}

json::object api_catalog_json(const domain::Catalog& c) {
  json::array services, urgencies;
  for (const auto& s : c.services)
    services.push_back({{"slug", s.slug},
                        {"label", s.label},
                        {"description", s.description},
                        {"base_price_credits", s.base_price_credits},
                        {"active", s.active},
                        {"sort_order", s.sort_order}});
  for (const auto& u : c.urgencies)
    urgencies.push_back({{"slug", u.slug},
                         {"label", u.label},
                         {"surcharge_credits", u.surcharge_credits},
                         {"sort_order", u.sort_order}});
  return {{"services", std::move(services)}, {"urgencies", std::move(urgencies)}};
}

}  // namespace

Response api_admin_settings(const Services& a, Request& req) {
  return api_settings_answer(a, req);
}

// {"settings": {"key": value, ...}, "reason": "..."}: numbers as JSON numbers or strings, the rest
// as strings. Keys left out stay as they are.
Response api_admin_put_settings(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  const auto* settings = o->if_contains("settings");
  if (!settings || !settings->is_object())
    return http::error_response(req, type_errors({{"settings", "must be an object"}}));
  std::vector<std::pair<std::string, std::string>> changes;
  std::vector<domain::FieldError> errs;
  for (const auto& kv : settings->get_object()) {
    std::string key(kv.key());
    if (kv.value().is_string())
      changes.emplace_back(key, std::string(kv.value().get_string()));
    else if (kv.value().is_int64())
      changes.emplace_back(key, std::to_string(kv.value().get_int64()));
    else
      errs.push_back({key, "must be a string or a whole number"});
  }
  if (!errs.empty()) return http::error_response(req, type_errors(std::move(errs)));
  JsonFields in{*o};
  auto saved = a.business->update(actor_of(req), changes, in.str("reason"));
  if (!saved) return http::error_response(req, saved.error());
  return api_settings_answer(a, req);
}

Response api_admin_catalog(const Services& a, Request& req) {
  auto c = a.business->catalog();
  if (!c) return http::error_response(req, c.error());
  return ok_json(200, api_catalog_json(c.value()));
}

// {"services": [{slug, label, description, base_price_credits, active, sort_order}],
//  "urgencies": [{slug, label, surcharge_credits}], "reason": "..."}: the listed items are
// replaced (a new service slug adds one); items left out stay as they are.
Response api_admin_put_catalog(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  domain::Catalog proposed;
  std::vector<domain::FieldError> errs;
  auto each = [&](const char* key, auto read_one) {
    const auto* list = o->if_contains(key);
    if (!list) return;
    if (!list->is_array() || list->get_array().size() > 200) {
      errs.push_back({key, "must be an array of at most 200 items"});
      return;
    }
    const auto& items = list->get_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto name = std::string(key) + "[" + std::to_string(i) + "]";
      if (!items[i].is_object()) {
        errs.push_back({name, "must be an object"});
        continue;
      }
      JsonFields in{items[i].get_object(), name + "."};
      read_one(in);
      errs.insert(errs.end(), in.errors.begin(), in.errors.end());
    }
  };
  each("services", [&](JsonFields& in) {
    domain::ServiceType s;
    s.slug = in.str("slug");
    s.label = in.str("label");
    s.description = in.str("description");
    s.base_price_credits = in.integer("base_price_credits");
    s.active = in.boolean("active", true);
    in.read("sort_order", s.sort_order);
    proposed.services.push_back(std::move(s));
  });
  each("urgencies", [&](JsonFields& in) {
    domain::Urgency u;
    u.slug = in.str("slug");
    u.label = in.str("label");
    u.surcharge_credits = in.integer("surcharge_credits");
    proposed.urgencies.push_back(std::move(u));
  });
  if (!errs.empty()) return http::error_response(req, type_errors(std::move(errs)));
  JsonFields in{*o};
  auto saved = a.business->update_catalog(actor_of(req), proposed, in.str("reason"));
  if (!saved) return http::error_response(req, saved.error());
  return ok_json(200, api_catalog_json(saved.value()));
}

}  // namespace plumbline::web
