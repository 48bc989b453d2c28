// MessageTemplatesTx: staff overrides of the shipped message templates;
// store/{sqlite,postgres}/message_templates.cpp implement it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/message_templates.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_MESSAGE_TEMPLATES_TX(M)                                                       \
  /* Every override, by name. */                                                                \
  M(std::vector<domain::TemplateOverride>, list_template_overrides, ())                         \
  M(std::optional<domain::TemplateOverride>, find_template_override, (const std::string& name)) \
  /* Inserts or replaces the override of o.name. */                                             \
  M(void, save_template_override, (const domain::TemplateOverride& o))                          \
  /* Deletes the override; false when there was none. */                                        \
  M(bool, delete_template_override, (const std::string& name))

namespace plumbline::store {

class MessageTemplatesTx {
 public:
  PLUMBLINE_MESSAGE_TEMPLATES_TX(PLUMBLINE_TX_PURE)

 protected:
  ~MessageTemplatesTx() = default;
};

}  // namespace plumbline::store
