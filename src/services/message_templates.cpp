// Message templates: the shipped files per message, overrides validated against the sample data
// and audited in the transaction that saves or deletes them, previews and test sends.
#include "services/message_templates.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/tokens.hpp"
#include "log/log.hpp"
#include "services/audit.hpp"
#include "templating/mustache.hpp"

namespace plumbline::services {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t max_template_size = 20'000;
constexpr const char* test_kind = "template_test";

std::string read_file_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string part_label(const std::string& channel, const std::string& part) {
  if (channel == "sms") return "SMS text";
  if (part == "subject") return "Subject";
  if (part == "txt") return "Plain text";
  return "HTML";
}

// Textareas send CRLF line ends; the shipped files and the worker use LF.
std::string normalized(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out.push_back(s[i]);
  return out;
}

std::string problem_text(const templating::TemplateProblem& p) {
  return "Line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ": " +
         p.message;
}

domain::Error unknown_template() {
  return domain::Error::make(domain::ErrorCode::not_found, "There is no such message template.");
}

// The shipped files, grouped per message and channel, parts in the order the editor shows them.
std::vector<MessageTemplate> load_shipped(const std::string& dir) {
  std::map<std::string, MessageTemplate> by_key;
  for (const char* channel : {"email", "sms"}) {
    fs::path folder = fs::path(dir) / channel;
    if (!fs::is_directory(folder)) continue;
    for (const auto& e : fs::directory_iterator(folder)) {
      auto file = e.path().filename().string();
      const std::string suffix = ".mustache";
      if (file.size() <= suffix.size() || !file.ends_with(suffix)) continue;
      auto stem = file.substr(0, file.size() - suffix.size());  // lead_alert.subject
      auto dot = stem.rfind('.');
      if (dot == std::string::npos) continue;
      auto message = stem.substr(0, dot), part = stem.substr(dot + 1);
      auto& t = by_key[std::string(channel) + "." + message];
      t.key = std::string(channel) + "." + message;
      t.channel = channel;
      t.message = message;
      t.parts.push_back({part, std::string(channel) + "/" + stem, part_label(channel, part),
                         read_file_text(e.path()), std::nullopt});
    }
  }
  std::vector<MessageTemplate> out;
  for (auto& [key, t] : by_key) {
    auto rank = [](const std::string& p) { return p == "subject" ? 0 : p == "txt" ? 1 : 2; };
    std::sort(t.parts.begin(), t.parts.end(),
              [&](const auto& a, const auto& b) { return rank(a.part) < rank(b.part); });
    out.push_back(std::move(t));
  }
  return out;
}

std::string json_of(const std::map<std::string, std::string>& m) {
  boost::json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return boost::json::serialize(o);
}

// The audit row of a change to template `key`: the changed parts' bodies before and after.
void append_template_audit(store::Tx& tx, const domain::Actor& actor, domain::Millis now,
                           const char* action, const std::string& key, const std::string& reason,
                           const std::map<std::string, std::string>& before,
                           const std::map<std::string, std::string>& after) {
  auto entry = audit_entry(actor, now, action, "template", key);
  entry.reason = reason;
  entry.before_json = json_of(before);
  entry.after_json = json_of(after);
  tx.append_audit(entry);
}

}  // namespace

std::optional<std::string> TemplateOverrideCache::find(const std::string& name) {
  std::lock_guard lk(mu_);
  auto now = clock_.now_ms();
  if (!loaded_ || now - loaded_at_ >= ttl_ms_ || now < loaded_at_) {
    try {
      auto rows = store_.read<std::vector<domain::TemplateOverride>>(
          [](store::Tx& tx) { return tx.list_template_overrides(); });
      bodies_.clear();
      for (auto& r : rows) bodies_[r.name] = std::move(r.body);
      loaded_ = true;
      loaded_at_ = now;
    } catch (const std::exception& e) {
      // Keep what was read last (or the shipped files): a message is never held up by this.
      log::warn("template_overrides_unreadable", {{"error", std::string(e.what())}});
    }
  }
  auto it = bodies_.find(name);
  if (it == bodies_.end()) return std::nullopt;
  return it->second;
}

void TemplateOverrideCache::invalidate() {
  std::lock_guard lk(mu_);
  loaded_ = false;
}

bool MessageTemplate::overridden() const {
  return std::any_of(parts.begin(), parts.end(), [](const auto& p) { return p.override; });
}

MessageTemplateService::MessageTemplateService(store::Store& store, const Clock& clock,
                                               TemplateOverrideCache& cache, OutboxNotifier& outbox,
                                               TemplatesSettings settings)
    : store_(store),
      clock_(clock),
      cache_(cache),
      outbox_(outbox),
      settings_(std::move(settings)),
      shipped_(load_shipped(settings_.templates_dir)) {}

const MessageTemplate* MessageTemplateService::shipped(const std::string& key) const {
  for (const auto& t : shipped_)
    if (t.key == key) return &t;
  return nullptr;
}

MessageTemplate MessageTemplateService::with_overrides(const MessageTemplate& t,
                                                       store::Tx& tx) const {
  auto out = t;
  for (auto& p : out.parts) p.override = tx.find_template_override(p.name);
  return out;
}

TemplateRendering MessageTemplateService::render_texts(
    const MessageTemplate& t, const std::map<std::string, std::string>& texts) const {
  TemplateRendering r;
  auto sample = message_sample_data(t.message, settings_.base_url,
                                    branding_now(settings_.branding_source, settings_.branding));
  for (const auto& p : t.parts) {
    const auto& text = texts.at(p.part);
    std::vector<templating::TemplateProblem> problems;
    if (text.size() > max_template_size)
      problems.push_back({1, 1, "At most " + std::to_string(max_template_size) + " characters"});
    else
      problems = templating::check_template(text, sample);
    if (problems.empty() && p.part == "subject") problems = templating::check_one_line(text);
    if (problems.empty()) {
      try {
        r.rendered[p.part] = templating::render("preview:" + p.name, text, sample);
      } catch (const std::exception& e) {
        problems.push_back({1, 1, e.what()});
      }
    }
    if (!problems.empty()) {
      r.problems[p.part] = std::move(problems);
      continue;
    }
    if (t.channel == "sms") {
      auto n = templating::sms_length(r.rendered[p.part]);
      if (n.segments > 1)
        r.warnings.push_back("With the sample data this SMS is " + std::to_string(n.characters) +
                             (n.gsm7 ? " GSM-7" : " UCS-2 (not GSM-7)") + " characters: " +
                             std::to_string(n.segments) + " segments, each charged as one text.");
    }
  }
  return r;
}

domain::Result<std::vector<MessageTemplate>> MessageTemplateService::list() {
  try {
    auto rows = store_.read<std::vector<domain::TemplateOverride>>(
        [](store::Tx& tx) { return tx.list_template_overrides(); });
    auto out = shipped_;
    for (auto& t : out)
      for (auto& p : t.parts)
        for (const auto& r : rows)
          if (r.name == p.name) p.override = r;
    return out;
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<TemplateEditor> MessageTemplateService::editor(const std::string& key) {
  return preview(key, {});
}

domain::Result<TemplateEditor> MessageTemplateService::preview(
    const std::string& key, std::map<std::string, std::string> texts) {
  const auto* t = shipped(key);
  if (!t) return unknown_template();
  TemplateEditor ed;
  try {
    store_.read<bool>([&](store::Tx& tx) {
      ed.tmpl = with_overrides(*t, tx);
      domain::AuditFilter f;
      f.target_type = "template";
      f.target_id = key;
      f.limit = 20;
      ed.history = tx.list_audit(f);
      return true;
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
  for (const auto& p : ed.tmpl.parts) {
    auto it = texts.find(p.part);
    ed.texts[p.part] = it == texts.end() ? p.text() : normalized(it->second);
  }
  ed.variables = templating::variable_names(message_sample_data(
      t->message, settings_.base_url, branding_now(settings_.branding_source, settings_.branding)));
  ed.rendering = render_texts(ed.tmpl, ed.texts);
  ed.can_send_test = t->channel == "email";
  return ed;
}

domain::Result<MessageTemplate> MessageTemplateService::save(
    const domain::Actor& actor, const std::string& key, std::map<std::string, std::string> texts,
    const std::string& reason) {
  const auto* t = shipped(key);
  if (!t) return unknown_template();
  auto why = reason;
  why.erase(0, why.find_first_not_of(" \t\r\n"));
  if (why.empty() || why.size() > 500) {
    auto e = domain::Error::make(domain::ErrorCode::invalid_input,
                                 "Say why you change this template (at most 500 characters).");
    e.details.push_back({"reason", e.message});
    return e;
  }
  std::map<std::string, std::string> typed;
  for (const auto& p : t->parts) {
    auto it = texts.find(p.part);
    if (it != texts.end()) typed[p.part] = normalized(it->second);
  }
  if (typed.empty()) {
    auto e = domain::Error::make(domain::ErrorCode::invalid_input,
                                 "Send the text of at least one part of the template.");
    e.details.push_back({t->parts.front().part, e.message});
    return e;
  }
  auto now = clock_.now_ms();
  auto result =
      store_.write<MessageTemplate>([&](store::Tx& tx) -> domain::Result<MessageTemplate> {
        auto current = with_overrides(*t, tx);
        std::map<std::string, std::string> all;
        for (const auto& p : current.parts)
          all[p.part] = typed.count(p.part) ? typed[p.part] : p.text();
        auto rendering = render_texts(current, all);
        if (!rendering.ok()) {
          auto e = domain::Error::make(domain::ErrorCode::invalid_input,
                                       "The template has problems; nothing was saved.");
          for (const auto& p : current.parts)
            if (rendering.problems.count(p.part))
              for (const auto& problem : rendering.problems[p.part])
                e.details.push_back({p.part, problem_text(problem)});
          return e;
        }
        std::map<std::string, std::string> before, after;
        for (auto& p : current.parts) {
          auto it = typed.find(p.part);
          if (it == typed.end() || it->second == p.text()) continue;
          before[p.part] = p.text();
          after[p.part] = it->second;
          if (it->second == p.shipped) {
            tx.delete_template_override(p.name);
            p.override.reset();
          } else {
            domain::TemplateOverride o{p.name, it->second, now, std::nullopt};
            if (actor.user_id.is_set()) o.updated_by = actor.user_id.value;
            tx.save_template_override(o);
            p.override = o;
          }
        }
        if (after.empty()) return current;  // nothing changed: nothing to record
        append_template_audit(tx, actor, now, "template.update", key, why, before, after);
        return current;
      });
  if (result) cache_.invalidate();
  return result;
}

domain::Result<MessageTemplate> MessageTemplateService::revert(const domain::Actor& actor,
                                                               const std::string& key,
                                                               const std::string& reason) {
  const auto* t = shipped(key);
  if (!t) return unknown_template();
  if (reason.size() > 500) {
    auto e = domain::Error::make(domain::ErrorCode::invalid_input,
                                 "A reason is at most 500 characters.");
    e.details.push_back({"reason", e.message});
    return e;
  }
  auto now = clock_.now_ms();
  auto result =
      store_.write<MessageTemplate>([&](store::Tx& tx) -> domain::Result<MessageTemplate> {
        auto current = with_overrides(*t, tx);
        std::map<std::string, std::string> before, after;
        for (auto& p : current.parts) {
          if (!p.override) continue;
          before[p.part] = p.override->body;
          after[p.part] = p.shipped;
          tx.delete_template_override(p.name);
          p.override.reset();
        }
        if (before.empty())
          return domain::Error::make(domain::ErrorCode::conflict,
                                     "This template already uses the shipped text.");
        append_template_audit(tx, actor, now, "template.revert", key, reason, before, after);
        return current;
      });
  if (result) cache_.invalidate();
  return result;
}

domain::Result<std::string> MessageTemplateService::send_test(const domain::Actor& actor,
                                                              const std::string& key) {
  const auto* t = shipped(key);
  if (!t) return unknown_template();
  if (t->channel != "email")
    return domain::Error::make(domain::ErrorCode::invalid_input,
                               "Staff accounts have no phone number, so a test SMS cannot be "
                               "sent to you; the preview shows the text as it would be sent.");
  if (actor.email.empty())
    return domain::Error::make(domain::ErrorCode::invalid_input,
                               "Your account has no e-mail address to send the test to.");
  auto now = clock_.now_ms();
  auto data = message_sample_data(t->message, settings_.base_url,
                                  branding_now(settings_.branding_source, settings_.branding));
  for (const char* global :
       {"site_url", "platform_name", "support_email", "support_phone", "postal_address"})
    data.erase(global);  // the worker adds them, as to every message
  domain::OutboundMessage m;
  m.kind = test_kind;
  m.template_name = t->message;
  m.channel = domain::channel_email;
  m.recipient = actor.email;
  m.recipient_key = std::string(test_kind) + ":" + std::to_string(actor.user_id.value);
  m.data_json = boost::json::serialize(data);
  // Each click is its own test (the rate limit below bounds them).
  m.idempotency_key = m.recipient_key + ":" + key + ":" + crypto::random_token(9);
  m.transactional = true;
  m.event_at = m.due_at = now;
  m.expires_at = now + 3600LL * 1000;
  m.max_attempts = settings_.max_attempts;
  auto result = store_.write<std::string>([&](store::Tx& tx) -> domain::Result<std::string> {
    if (tx.count_recent_messages(test_kind, m.recipient_key, now - 60'000) >=
        settings_.tests_per_minute) {
      auto e = domain::Error::make(domain::ErrorCode::rate_limited,
                                   "You sent " + std::to_string(settings_.tests_per_minute) +
                                       " tests in the last minute; wait a minute.");
      e.retry_after_seconds = 60;
      return e;
    }
    tx.enqueue_message(m);
    auto entry = audit_entry(actor, now, "template.test", "template", key);
    entry.after_json = boost::json::serialize(boost::json::object{{"to", actor.email}});
    tx.append_audit(entry);
    return actor.email;
  });
  if (result) outbox_.messages_queued();
  return result;
}

}  // namespace plumbline::services
