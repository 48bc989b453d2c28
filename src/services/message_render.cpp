// Rendering outbox messages from templates/email and templates/sms, or a staff override of one,
// so that the console shows exactly what the worker sends.
#include "services/message_render.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "crypto/sealed.hpp"
#include "log/log.hpp"
#include "services/message_templates.hpp"
#include "templating/mustache.hpp"

namespace plumbline::services {

namespace {

std::string trim_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n')) ++i;
  return s.substr(i);
}

std::string render_part(const MessageTemplates& templates, const MessageRenderSettings& settings,
                        const std::string& name, const domain::OutboxMessage& m, bool required) {
  auto it = templates.find(name);
  if (it == templates.end()) {
    if (required) throw std::invalid_argument("missing template " + name);
    return {};
  }
  boost::json::object data;
  auto parsed = boost::json::parse(m.data_json.empty() ? "{}" : m.data_json);
  if (parsed.is_object()) data = parsed.get_object();
  if (!m.sealed_json.empty()) {
    auto opened = crypto::unseal(settings.secret_key, m.sealed_json);
    if (!opened)
      throw std::invalid_argument(
          "sealed data cannot be opened (was PLUMBLINE_SECRET_KEY changed?)");
    auto secret = boost::json::parse(*opened);
    if (secret.is_object())
      for (auto& [k, v] : secret.get_object())
        data[k] = settings.hide_sealed ? boost::json::value(sealed_placeholder) : v;
  }
  add_message_globals(data, settings.base_url,
                      branding_now(settings.branding_source, settings.branding));
  if (settings.template_override) {
    if (auto text = settings.template_override(name)) {
      try {
        return templating::render("override:" + name, *text, data);
      } catch (const std::exception& e) {
        // Validation should have stopped it; the shipped file still delivers the message.
        log::warn("template_override_failed",
                  {{"id", m.id}, {"template", name}, {"error", std::string(e.what())}});
      }
    }
  }
  return templating::render(name, it->second, data);
}

}  // namespace

MessageTemplates load_message_templates(const std::string& dir) {
  namespace fs = std::filesystem;
  MessageTemplates out;
  for (const char* sub : {"email", "sms"}) {
    fs::path p = fs::path(dir) / sub;
    if (!fs::is_directory(p)) continue;
    for (const auto& e : fs::directory_iterator(p)) {
      auto name = e.path().filename().string();
      const std::string suffix = ".mustache";
      if (name.size() <= suffix.size() || name.substr(name.size() - suffix.size()) != suffix)
        continue;
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      auto text = ss.str();
      auto err = templating::check(text);
      if (!err.empty())
        throw std::runtime_error("template " + e.path().string() + " is invalid: " + err);
      out[std::string(sub) + "/" + name.substr(0, name.size() - suffix.size())] = text;
    }
  }
  return out;
}

RenderedMessage render_message(const MessageTemplates& templates,
                               const MessageRenderSettings& settings,
                               const domain::OutboxMessage& m) {
  RenderedMessage r;
  if (m.channel == domain::channel_sms) {
    r.text =
        trim_line(render_part(templates, settings, "sms/" + m.template_name + ".txt", m, true));
    return r;
  }
  const std::string base = "email/" + m.template_name;
  r.subject = trim_line(render_part(templates, settings, base + ".subject", m, true));
  r.text = render_part(templates, settings, base + ".txt", m, true);
  r.html = render_part(templates, settings, base + ".html", m, false);
  return r;
}

}  // namespace plumbline::services
