// Rendering an outbox message from its templates: the one code both the outbox worker (what is
// sent) and the console's message page (what staff see was sent) use.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "domain/message_templates.hpp"
#include "domain/outbox.hpp"

namespace plumbline::services {

// "email/lead_confirmation.subject" → the template's text, every one checked when loaded.
using MessageTemplates = std::map<std::string, std::string>;

// Loads <dir>/email/*.mustache and <dir>/sms/*.mustache; throws std::runtime_error naming a
// template that does not parse.
MessageTemplates load_message_templates(const std::string& dir);

struct MessageRenderSettings {
  std::string base_url;              // site_url in every template
  std::string secret_key;            // opens the sealed template data
  domain::MessageBranding branding;  // platform_name, support_email, support_phone: every message
  // A staff override of a template part ("email/lead_alert.subject"), if any
  // (TemplateOverrideCache::find); unset: the shipped files only.
  std::function<std::optional<std::string>(const std::string& name)> template_override;
};

// An e-mail's subject (one line), text and optional HTML; an SMS's body is `text` (trimmed).
struct RenderedMessage {
  std::string subject, text, html;
};

// Renders the message's templates with its data and its opened sealed data. Throws
// std::invalid_argument when a required template is missing or the sealed data cannot be opened
// (a message that cannot be rendered will not render next time either).
RenderedMessage render_message(const MessageTemplates& templates,
                               const MessageRenderSettings& settings,
                               const domain::OutboxMessage& m);

}  // namespace plumbline::services
