// Console pages of the message templates (admins): the list, the editor with the shipped text, the
// variables and a preview against sample data, save (with a reason), revert and a test send.
// Adapters only: MessageTemplateService does the work.
#include <boost/json.hpp>

#include "http/errors.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

const char* const template_parts[] = {"subject", "txt", "html"};

// The sample HTML part, framed on the editor: its inline styles and data: images and nothing else
// (no script, no request anywhere, no form, no navigation); `sandbox` gives it an origin of its
// own.
constexpr const char* template_frame_policy =
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'; sandbox";

// "lead_alert" → "Lead alert".
std::string tpl_message_label(std::string message) {
  for (auto& c : message)
    if (c == '_') c = ' ';
  if (!message.empty() && message[0] >= 'a' && message[0] <= 'z') message[0] -= 32;
  return message;
}

std::string tpl_channel_label(const std::string& channel) {
  return channel == "sms" ? "SMS" : "E-mail";
}

std::string tpl_url(const std::string& key) {
  return "/admin/templates/" + key;
}

// The success message for ?done=… (fixed texts: nothing from the URL is shown).
std::string tpl_flash(const std::string& done) {
  if (done == "saved") return "Template saved: the next messages use it.";
  if (done == "reverted") return "Template reverted: the next messages use the shipped text.";
  if (done == "tested") return "Test queued to your e-mail address: it arrives in a minute.";
  return {};
}

// The typed parts of a form (absent parts keep their saved text).
std::map<std::string, std::string> tpl_typed(const http::FormData& f) {
  std::map<std::string, std::string> texts;
  for (const char* part : template_parts)
    if (f.has(std::string("part_") + part)) texts[part] = f.get(std::string("part_") + part);
  return texts;
}

json::object tpl_history_row(const domain::AuditEntry& e, const geo::TimeZone& zone) {
  json::array before;
  if (auto v = json::parse(e.before_json.empty() ? "{}" : e.before_json); v.is_object())
    for (const auto& [part, body] : v.get_object())
      if (body.is_string())
        before.push_back(json::object{{"part", std::string(part)}, {"body", body.get_string()}});
  return {{"at", local_time(e.at, zone)},
          {"actor", e.actor_email},
          {"action", e.action == "template.revert" ? "Reverted"
                     : e.action == "template.test" ? "Test sent"
                                                   : "Saved"},
          {"reason", e.reason},
          {"has_before", !before.empty()},
          {"before", std::move(before)}};
}

Response tpl_editor_page(const Services& a, const Request& req, int status,
                         const services::TemplateEditor& ed, const std::string& flash,
                         const std::string& general_error, const domain::Error* error,
                         const std::string& typed_reason) {
  const auto& zone = staff_zone(a);
  const auto& t = ed.tmpl;
  json::array parts;
  for (const auto& p : t.parts) {
    json::array errors;
    if (auto it = ed.rendering.problems.find(p.part); it != ed.rendering.problems.end())
      for (const auto& problem : it->second)
        errors.push_back(json::object{
            {"line", problem.line}, {"column", problem.column}, {"message", problem.message}});
    auto rendered = ed.rendering.rendered.find(p.part);
    parts.push_back(
        json::object{{"part", p.part},
                     {"label", p.label},
                     {"field", "part_" + p.part},
                     {"id", "part-" + p.part},
                     {"text", ed.texts.at(p.part)},
                     {"shipped", p.shipped},
                     {"overridden", p.override.has_value()},
                     {"updated_at", p.override ? local_time(p.override->updated_at, zone) : ""},
                     {"rows", p.part == "subject" ? 2 : 12},
                     {"has_errors", !errors.empty()},
                     {"errors", std::move(errors)},
                     {"rendered", rendered == ed.rendering.rendered.end() ? "" : rendered->second},
                     {"has_rendered", rendered != ed.rendering.rendered.end()},
                     {"is_html", p.part == "html"}});
  }
  json::array variables, warnings, history;
  for (const auto& v : ed.variables) variables.push_back(json::object{{"name", v}});
  for (const auto& w : ed.rendering.warnings) warnings.push_back(json::object{{"text", w}});
  for (const auto& e : ed.history) history.push_back(tpl_history_row(e, zone));
  std::string reason_error;
  if (error)
    for (const auto& d : error->details)
      if (d.field == "reason") reason_error = d.message;
  auto title = tpl_message_label(t.message) + " (" + tpl_channel_label(t.channel) + ")";
  return render(a, req, status, "admin_template", title + " - Message templates",
                {{"title", title},
                 {"key", t.key},
                 {"is_sms", t.channel == "sms"},
                 {"overridden", t.overridden()},
                 {"parts", std::move(parts)},
                 {"variables", std::move(variables)},
                 {"warnings", std::move(warnings)},
                 {"has_warnings", !ed.rendering.warnings.empty()},
                 {"has_problems", !ed.rendering.ok()},
                 {"history", std::move(history)},
                 {"has_history", !ed.history.empty()},
                 {"can_send_test", ed.can_send_test},
                 {"save_url", tpl_url(t.key)},
                 {"preview_url", tpl_url(t.key) + "/preview"},
                 {"html_url", tpl_url(t.key) + "/html"},
                 {"revert_url", tpl_url(t.key) + "/revert"},
                 {"test_url", tpl_url(t.key) + "/test"},
                 {"flash", flash},
                 {"general_error", general_error},
                 {"reason_error", reason_error},
                 {"typed_reason", typed_reason}});
}

// Re-renders the editor with what was typed after a refused action (or the error page when even
// that fails: an unknown template, the database down).
Response tpl_refused(const Services& a, const Request& req, const std::string& key,
                     const domain::Error& e, const std::map<std::string, std::string>& texts,
                     const std::string& reason) {
  if (e.code == domain::ErrorCode::not_found || e.code == domain::ErrorCode::unavailable)
    return http::error_response(req, e);
  auto ed = a.message_templates->preview(key, texts);
  if (!ed) return http::error_response(req, ed.error());
  return tpl_editor_page(a, req, domain::error_http_status(e.code), *ed, {}, e.message, &e, reason);
}

// The HTML part rendered with the sample data as a framed document, or a plain note of why not.
Response tpl_framed_html(const services::TemplateEditor& ed) {
  std::string body;
  if (auto it = ed.rendering.rendered.find("html"); it != ed.rendering.rendered.end()) {
    body = it->second;
  } else if (auto p = ed.rendering.problems.find("html"); p != ed.rendering.problems.end()) {
    body =
        "<!DOCTYPE html><html lang=\"en\"><title>Problems</title><p>The HTML part has problems; "
        "they are listed under it.</p></html>";
  } else {
    body =
        "<!DOCTYPE html><html lang=\"en\"><title>No HTML part</title><p>This message has no "
        "HTML part.</p></html>";
  }
  auto res = Response::html(200, std::move(body));
  res.set_header("Content-Security-Policy", template_frame_policy);
  res.set_header("X-Frame-Options", "SAMEORIGIN");
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

}  // namespace

Response show_admin_templates(const Services& a, Request& req) {
  auto list = a.message_templates->list();
  if (!list) return http::error_response(req, list.error());
  const auto& zone = staff_zone(a);
  json::array rows;
  for (const auto& t : *list) {
    json::array parts;
    domain::Millis updated = 0;
    for (const auto& p : t.parts) {
      parts.push_back(json::object{{"label", p.label}, {"overridden", p.override.has_value()}});
      if (p.override) updated = std::max(updated, p.override->updated_at);
    }
    rows.push_back(json::object{{"key", t.key},
                                {"url", tpl_url(t.key)},
                                {"message", tpl_message_label(t.message)},
                                {"channel", tpl_channel_label(t.channel)},
                                {"parts", std::move(parts)},
                                {"overridden", t.overridden()},
                                {"updated_at", updated ? local_time(updated, zone) : ""}});
  }
  return render(a, req, 200, "admin_templates", "Message templates",
                {{"templates", std::move(rows)}});
}

Response show_admin_template(const Services& a, Request& req) {
  auto ed = a.message_templates->editor(req.param("name"));
  if (!ed) return http::error_response(req, ed.error());
  return tpl_editor_page(a, req, 200, *ed, tpl_flash(query_of(req).get("done")), {}, nullptr, {});
}

// The saved HTML part with the sample data, framed on the editor page.
Response show_admin_template_html(const Services& a, Request& req) {
  auto ed = a.message_templates->editor(req.param("name"));
  if (!ed) return http::error_response(req, ed.error());
  return tpl_framed_html(*ed);
}

// The editor with the typed text rendered; with frame=html (the "Preview HTML" button, which
// targets the frame) only the framed HTML part.
Response submit_admin_template_preview(const Services& a, Request& req) {
  auto f = form_of(req);
  auto ed = a.message_templates->preview(req.param("name"), tpl_typed(f));
  if (!ed) return http::error_response(req, ed.error());
  if (f.get("frame") == "html") return tpl_framed_html(*ed);
  return tpl_editor_page(a, req, 200, *ed, {}, {}, nullptr, f.get("reason"));
}

Response submit_admin_template_save(const Services& a, Request& req) {
  auto f = form_of(req);
  auto key = req.param("name");
  auto texts = tpl_typed(f);
  auto saved = a.message_templates->save(actor_of(req), key, texts, f.get("reason"));
  if (!saved) return tpl_refused(a, req, key, saved.error(), texts, f.get("reason"));
  return Response::redirect(tpl_url(key) + "?done=saved", 303);
}

Response submit_admin_template_revert(const Services& a, Request& req) {
  auto f = form_of(req);
  auto key = req.param("name");
  auto reverted = a.message_templates->revert(actor_of(req), key, f.get("reason"));
  if (!reverted) return tpl_refused(a, req, key, reverted.error(), {}, f.get("reason"));
  return Response::redirect(tpl_url(key) + "?done=reverted", 303);
}

Response submit_admin_template_test(const Services& a, Request& req) {
  auto key = req.param("name");
  auto sent = a.message_templates->send_test(actor_of(req), key);
  if (!sent) return tpl_refused(a, req, key, sent.error(), {}, {});
  return Response::redirect(tpl_url(key) + "?done=tested", 303);
}

}  // namespace plumbline::web
