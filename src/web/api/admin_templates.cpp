// JSON twins of the console's message-template pages (admins): the list, one template with its
// shipped text, override, variables and sample rendering; PUT saves parts, DELETE reverts.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/api/api_io.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;
using api_io::ok_json;

json::object tpl_api_json(const services::MessageTemplate& t, bool with_text) {
  json::array parts;
  for (const auto& p : t.parts) {
    json::object o{{"part", p.part},
                   {"name", p.name},
                   {"overridden", p.override.has_value()},
                   {"updated_at", p.override ? json::value(p.override->updated_at) : nullptr}};
    if (with_text) {
      o["shipped"] = p.shipped;
      o["text"] = p.text();
    }
    parts.push_back(std::move(o));
  }
  return {{"key", t.key},
          {"channel", t.channel},
          {"message", t.message},
          {"overridden", t.overridden()},
          {"parts", std::move(parts)}};
}

}  // namespace

Response api_admin_templates(const Services& a, Request& req) {
  auto list = a.message_templates->list();
  if (!list) return http::error_response(req, list.error());
  json::array out;
  for (const auto& t : *list) out.push_back(tpl_api_json(t, false));
  return ok_json(200, json::object{{"templates", std::move(out)}});
}

Response api_admin_template(const Services& a, Request& req) {
  auto ed = a.message_templates->editor(req.param("name"));
  if (!ed) return http::error_response(req, ed.error());
  auto out = tpl_api_json(ed->tmpl, true);
  json::array variables, warnings;
  for (const auto& v : ed->variables) variables.push_back(json::string(v));
  for (const auto& w : ed->rendering.warnings) warnings.push_back(json::string(w));
  json::object sample;
  for (const auto& [part, text] : ed->rendering.rendered) sample[part] = text;
  out["variables"] = std::move(variables);
  out["sample_rendering"] = std::move(sample);
  out["warnings"] = std::move(warnings);
  return ok_json(200, out);
}

// {"parts": {"subject": "...", "txt": "...", "html": "..."}, "reason": "..."}.
Response api_admin_put_template(const Services& a, Request& req) {
  auto o = json_body(req);
  if (!o) return http::error_response(req, o.error());
  JsonFields in{*o};
  auto reason = in.str("reason");
  std::map<std::string, std::string> texts;
  if (const auto* parts = o->if_contains("parts"); parts && parts->is_object()) {
    JsonFields p{parts->get_object(), "parts."};
    for (const auto& [k, v] : parts->get_object()) texts[std::string(k)] = p.str(k);
    in.errors.insert(in.errors.end(), p.errors.begin(), p.errors.end());
  } else {
    in.errors.push_back({"parts", "Send an object of part → text (subject, txt, html)."});
  }
  if (!in.errors.empty()) return http::error_response(req, type_errors(std::move(in.errors)));
  auto saved = a.message_templates->save(actor_of(req), req.param("name"), texts, reason);
  if (!saved) return http::error_response(req, saved.error());
  return ok_json(200, tpl_api_json(*saved, true));
}

// Reverts to the shipped text; an optional ?reason= is recorded.
Response api_admin_delete_template(const Services& a, Request& req) {
  auto reverted =
      a.message_templates->revert(actor_of(req), req.param("name"), query_of(req).get("reason"));
  if (!reverted) return http::error_response(req, reverted.error());
  return ok_json(200, tpl_api_json(*reverted, true));
}

}  // namespace plumbline::web
