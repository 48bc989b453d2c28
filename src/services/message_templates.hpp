// Message templates staff can override: the shipped e-mail and SMS templates listed per message,
// an override saved (validated against the message's sample data) or reverted, each audited; a
// preview rendered against the sample; a test sent to the staff member through the outbox.
// TemplateOverrideCache is what the outbox worker asks for a template's text.
#pragma once
#include <boost/json/object.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/message_templates.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/message_render.hpp"
#include "store/store.hpp"
#include "templating/template_check.hpp"

namespace plumbline::services {

// The sample data of a message (e.g. "lead_alert"), built like the real message's data, with the
// variables every message has (add_message_globals). Empty for an unknown message.
boost::json::object message_sample_data(const std::string& message, const std::string& base_url,
                                        const domain::MessageBranding& branding);
// site_url, platform_name, support_email, support_phone, postal_address: the worker adds them to
// every message.
void add_message_globals(boost::json::object& data, const std::string& base_url,
                         const domain::MessageBranding& branding);

// Overrides as every process sees them: the store is the source, re-read at most every ttl, and
// at once after invalidate() (a save in this process).
class TemplateOverrideCache {
 public:
  TemplateOverrideCache(store::Store& store, const Clock& clock, domain::Millis ttl_ms = 5000)
      : store_(store), clock_(clock), ttl_ms_(ttl_ms) {}
  // The override of a part ("email/lead_alert.subject"), or nullopt for the shipped file.
  std::optional<std::string> find(const std::string& name);
  void invalidate();

 private:
  store::Store& store_;
  const Clock& clock_;
  domain::Millis ttl_ms_;
  std::mutex mu_;
  std::map<std::string, std::string> bodies_;
  domain::Millis loaded_at_ = 0;
  bool loaded_ = false;
};

// One part of a message template: "subject", "txt" or "html" of an e-mail, "txt" of an SMS.
struct TemplatePart {
  std::string part;   // subject | txt | html
  std::string name;   // "email/lead_alert.subject": the file and the override's key
  std::string label;  // "Subject", "Text", "HTML", "SMS text"
  std::string shipped;
  std::optional<domain::TemplateOverride> override;
  const std::string& text() const { return override ? override->body : shipped; }
};

// A message on one channel: "email.lead_alert" or "sms.lead_alert".
struct MessageTemplate {
  std::string key, channel, message;
  std::vector<TemplatePart> parts;
  bool overridden() const;
};

// What a text renders to against the sample, and what is wrong with it (per part).
struct TemplateRendering {
  std::map<std::string, std::string> rendered;  // part → output
  std::map<std::string, std::vector<templating::TemplateProblem>> problems;
  std::vector<std::string> warnings;  // e.g. an SMS past one segment
  bool ok() const { return problems.empty(); }
};

// The editor: the template, its variables, the rendering of `texts` (the saved text, or what was
// typed), and the audit rows that hold its previous versions.
struct TemplateEditor {
  MessageTemplate tmpl;
  std::vector<std::string> variables;
  std::map<std::string, std::string> texts;  // part → text shown in the textarea
  TemplateRendering rendering;
  std::vector<domain::AuditEntry> history;
  bool can_send_test = true;  // e-mail; an SMS needs a phone number staff accounts do not have
};

struct TemplatesSettings {
  std::string templates_dir = "templates";
  std::string base_url;
  domain::MessageBranding branding;                 // when no source is set
  const BrandingSource* branding_source = nullptr;  // the business settings, read per preview
  int max_attempts = 8;
  int tests_per_minute = 3;
};

class MessageTemplateService {
 public:
  // Reads the shipped templates from settings.templates_dir once.
  MessageTemplateService(store::Store& store, const Clock& clock, TemplateOverrideCache& cache,
                         OutboxNotifier& outbox, TemplatesSettings settings);

  domain::Result<std::vector<MessageTemplate>> list();
  domain::Result<TemplateEditor> editor(const std::string& key);
  // The editor with `texts` (part → typed text; absent parts keep the saved text) rendered.
  domain::Result<TemplateEditor> preview(const std::string& key,
                                         std::map<std::string, std::string> texts);
  // Saves the parts that differ from what is in force (a part equal to the shipped file drops its
  // override), audited template.update with the bodies before and after. invalid_input naming
  // each part and the line and column of each problem, with nothing saved.
  domain::Result<MessageTemplate> save(const domain::Actor& actor, const std::string& key,
                                       std::map<std::string, std::string> texts,
                                       const std::string& reason);
  // Deletes every override of the template, audited template.revert with the bodies removed.
  domain::Result<MessageTemplate> revert(const domain::Actor& actor, const std::string& key,
                                         const std::string& reason);
  // Queues the template rendered with its sample data to the actor's e-mail (the saved text);
  // a few per minute.
  domain::Result<std::string> send_test(const domain::Actor& actor, const std::string& key);

 private:
  const MessageTemplate* shipped(const std::string& key) const;
  MessageTemplate with_overrides(const MessageTemplate& t, store::Tx& tx) const;
  TemplateRendering render_texts(const MessageTemplate& t,
                                 const std::map<std::string, std::string>& texts) const;

  store::Store& store_;
  const Clock& clock_;
  TemplateOverrideCache& cache_;
  OutboxNotifier& outbox_;
  TemplatesSettings settings_;
  std::vector<MessageTemplate> shipped_;  // sorted by key, overrides empty
};

}  // namespace plumbline::services
