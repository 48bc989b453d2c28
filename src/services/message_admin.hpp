// The console's messages (issue 15, point 7): the outbox listed and filtered, one message with its
// rendered content, and staff's retry and cancel, each with a reason and an audit row.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/outbox.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/message_render.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct MessagePage {
  std::vector<domain::ListedMessage> messages;  // recipients masked unless the viewer is an admin
  std::int64_t next_before_id = 0;              // 0 = no older page
};

struct MessageDetail {
  domain::ListedMessage listed;  // recipient masked unless the viewer is an admin
  RenderedMessage rendered;
  std::string render_error;  // why it cannot be rendered (then `rendered` is empty)
};

class MessageAdminService {
 public:
  // Loads the templates once (like the worker, which sends with the same ones).
  MessageAdminService(store::Store& store, const Clock& clock, OutboxNotifier& outbox,
                      const std::string& templates_dir, MessageRenderSettings render);

  // Newest first; filter.limit is clamped to 1..200. Support staff see masked recipients.
  domain::Result<MessagePage> list(const domain::Actor& viewer, domain::OutboxFilter filter);
  domain::Result<MessageDetail> message(const domain::Actor& viewer, std::int64_t id);
  // Template names that have e-mail or SMS templates, for the filter.
  std::vector<std::string> template_names() const;

  // A dead message back to pending (attempts reset), a pending one due now; a sent one or one
  // being sent → conflict. The reason (required) goes into the audit row message.retry.
  domain::Result<domain::OutboxMessage> retry(const domain::Actor& actor, std::int64_t id,
                                              const std::string& reason);
  // A pending message is not sent (status dead, the reason in its last error); anything else →
  // conflict. Audit row message.cancel.
  domain::Result<domain::OutboxMessage> cancel(const domain::Actor& actor, std::int64_t id,
                                               const std::string& reason);

 private:
  store::Store& store_;
  const Clock& clock_;
  OutboxNotifier& outbox_;
  MessageTemplates templates_;
  MessageRenderSettings render_;
};

}  // namespace plumbline::services
