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

// Where the business facts of every message come from when it is rendered: the console's
// business settings (app/app.cpp), so that the next message shows a change without a restart.
class BrandingSource {
 public:
  virtual ~BrandingSource() = default;
  virtual domain::MessageBranding branding() const = 0;
};

struct MessageRenderSettings {
  std::string base_url;              // site_url in every template
  std::string secret_key;            // opens the sealed template data
  domain::MessageBranding branding;  // platform_name, support_email, ...: when no source is set
  // A staff override of a template part ("email/lead_alert.subject"), if any
  // (TemplateOverrideCache::find); unset: the shipped files only.
  std::function<std::optional<std::string>(const std::string& name)> template_override;
  const BrandingSource* branding_source = nullptr;  // when set, read per message over `branding`
  // The console's view: every sealed value (a tracking, reset, invitation or review link, a
  // texted code) is shown as sealed_placeholder, so that no staff member can act as the
  // recipient with it; the worker always renders them whole.
  bool hide_sealed = false;
};

// What the console shows in place of a sealed value.
inline constexpr const char* sealed_placeholder = "[hidden: sent to the recipient only]";

// The branding to render with now: the source's current one, else the fixed one.
inline domain::MessageBranding branding_now(const BrandingSource* source,
                                            const domain::MessageBranding& fixed) {
  return source ? source->branding() : fixed;
}

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
