// Admin pages for the business settings (/admin/settings) and the service catalog (/admin/catalog),
// and the public legal pages (/terms, /privacy) that show the settings' texts.
#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "domain/settings.hpp"
#include "http/errors.hpp"
#include "http/forms.hpp"
#include "services/settings.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

json::object settings_errors_of(const std::vector<domain::FieldError>& errs) {
  json::object o;
  for (const auto& e : errs)
    if (!o.contains(e.field)) o[e.field] = e.message;
  return o;
}

const char* settings_section_title(std::string_view section) {
  if (section == "rules") return "Marketplace rules";
  if (section == "business") return "The business";
  return "Legal texts";
}

// typed: what the admin sent when saving failed (shown again instead of the stored values).
Response admin_settings_page(const Services& a, const Request& req, int status,
                             const std::string& flash, const http::FormData* typed,
                             const std::vector<domain::FieldError>& errs) {
  auto fields = a.business->view();
  if (!fields) return http::error_response(req, fields.error());
  auto errors = settings_errors_of(errs);
  const auto& zone = staff_zone(a);
  json::array sections;
  for (const char* section : {"rules", "business", "legal"}) {
    json::array rows;
    for (const auto& v : fields.value()) {
      const auto& f = *v.field;
      if (std::string_view(f.section) != section) continue;
      bool long_text =
          f.kind == domain::SettingKind::text || f.kind == domain::SettingKind::consent;
      json::object row{{"key", f.key},
                       {"label", f.label},
                       {"help", f.help},
                       {"value", typed && typed->has(f.key) ? typed->get(f.key) : v.value},
                       {"long_text", long_text},
                       {"rows", f.max > 1000 ? 10 : 4},
                       {"numeric", f.kind == domain::SettingKind::number}};
      if (errors.contains(f.key)) row["error"] = errors.at(f.key);
      if (v.last_change) {
        row["changed"] = true;
        row["previous_value"] = v.previous_value;
        row["changed_at"] = local_time(v.last_change->at, zone);
        row["changed_by"] = v.last_change->by_email.empty() ? "(unknown)" : v.last_change->by_email;
      }
      rows.push_back(std::move(row));
    }
    sections.push_back(
        {{"id", section},
         {"title", settings_section_title(section)},
         {"fields", std::move(rows)},
         {"reason", typed ? typed->get("reason") : ""},
         {"reason_error", errors.contains("reason") && typed && typed->get("section") == section
                              ? errors.at("reason")
                              : json::value("")}});
  }
  return render(a, req, status, "admin_settings",
                errs.empty() ? "Settings" : "Settings: please check the form",
                {{"flash", flash}, {"failed", !errs.empty()}, {"sections", std::move(sections)}});
}

// Paragraphs of a legal text: blank lines separate them (escaped by the template).
json::array legal_paragraphs(const std::string& text) {
  json::array out;
  std::string para;
  std::size_t i = 0;
  while (i <= text.size()) {
    auto nl = text.find('\n', i);
    std::string line = text.substr(i, nl == std::string::npos ? std::string::npos : nl - i);
    if (domain::trim(line).empty()) {
      if (!domain::trim(para).empty()) out.push_back(json::string(domain::trim(para)));
      para.clear();
    } else {
      para += (para.empty() ? "" : "\n") + line;
    }
    if (nl == std::string::npos) break;
    i = nl + 1;
  }
  if (!domain::trim(para).empty()) out.push_back(json::string(domain::trim(para)));
  return out;
}

Response legal_page(const Services& a, const Request& req, const char* title,
                    const std::string& text) {
  auto s = a.business->current();
  return render(a, req, 200, "legal", title,
                {{"heading", title},
                 {"paragraphs", legal_paragraphs(text)},
                 {"platform_name", s->platform_name},
                 {"support_email", s->support_email},
                 {"support_phone", domain::display_phone(s->support_phone)},
                 {"postal_address", s->postal_address}});
}

}  // namespace

Response show_admin_settings(const Services& a, Request& req) {
  auto q = query_of(req);
  return admin_settings_page(a, req, 200, q.get("saved") == "1" ? "The settings are saved." : "",
                             nullptr, {});
}

// The form of one section: every setting key it holds, and a reason. Keys of other sections are
// not in it and stay as they are.
Response submit_admin_settings(const Services& a, Request& req) {
  auto f = form_of(req);
  std::vector<std::pair<std::string, std::string>> changes;
  for (const auto& field : domain::setting_fields())
    if (f.has(field.key)) changes.emplace_back(field.key, f.get(field.key));
  auto saved = a.business->update(actor_of(req), changes, f.get("reason"));
  if (saved) return Response::redirect("/admin/settings?saved=1#" + f.get("section"));
  if (saved.error().code != domain::ErrorCode::invalid_input)
    return http::error_response(req, saved.error());
  return admin_settings_page(a, req, 422, "", &f, saved.error().details);
}

Response show_terms(const Services& a, Request& req) {
  return legal_page(a, req, "Terms of service", a.business->current()->terms_text);
}

Response show_privacy(const Services& a, Request& req) {
  return legal_page(a, req, "Privacy", a.business->current()->privacy_text);
}

}  // namespace plumbline::web
