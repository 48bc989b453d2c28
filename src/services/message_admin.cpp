// The console's messages: listing, one message rendered, staff's retry and cancel.
#include "services/message_admin.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>

#include "domain/account.hpp"
#include "domain/masking.hpp"
#include "services/audit.hpp"

namespace plumbline::services {

namespace {

// Support staff see the recipient masked, also where a provider's reply quotes it ("550 5.1.1
// <jane@example.com>: Recipient address rejected").
void mask_for(const domain::Actor& viewer, domain::ListedMessage& l) {
  if (viewer.role == domain::Role::admin) return;
  auto& m = l.message;
  auto masked = domain::mask_recipient(m.recipient);
  if (!m.recipient.empty())
    for (auto at = m.last_error.find(m.recipient); at != std::string::npos;
         at = m.last_error.find(m.recipient, at + masked.size()))
      m.last_error.replace(at, m.recipient.size(), masked);
  m.recipient = std::move(masked);
}

// A staff action's reason: required, at most 500 characters.
std::optional<domain::Error> check_staff_reason(const std::string& reason) {
  auto blank = reason.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank || reason.size() > 500)
    return domain::Error{domain::ErrorCode::invalid_input,
                         blank ? "Give a reason." : "Keep the reason under 500 characters.",
                         {{"reason", blank ? "Give a reason." : "At most 500 characters."}},
                         {},
                         0};
  return std::nullopt;
}

std::string status_json(domain::MessageStatus s) {
  return boost::json::serialize(boost::json::object{{"status", domain::to_string(s)}});
}

}  // namespace

MessageAdminService::MessageAdminService(store::Store& store, const Clock& clock,
                                         OutboxNotifier& outbox, const std::string& templates_dir,
                                         MessageRenderSettings render)
    : store_(store),
      clock_(clock),
      outbox_(outbox),
      templates_(load_message_templates(templates_dir)),
      render_(std::move(render)) {
  render_.hide_sealed = true;
}

domain::Result<MessagePage> MessageAdminService::list(const domain::Actor& viewer,
                                                      domain::OutboxFilter filter) {
  filter.limit = std::clamp(filter.limit, 1, 200);
  const int want = filter.limit;
  ++filter.limit;  // one more tells whether an older page exists
  MessagePage page;
  try {
    page.messages = store_.read<std::vector<domain::ListedMessage>>(
        [&](store::Tx& tx) { return tx.list_messages(filter); });
  } catch (const domain::Failure& f) {
    return f.error;
  }
  if (static_cast<int>(page.messages.size()) > want) {
    page.messages.resize(static_cast<std::size_t>(want));
    page.next_before_id = page.messages.back().message.id;
  }
  for (auto& l : page.messages) mask_for(viewer, l);
  return page;
}

domain::Result<MessageDetail> MessageAdminService::message(const domain::Actor& viewer,
                                                           std::int64_t id) {
  std::optional<domain::ListedMessage> found;
  try {
    found = store_.read<std::optional<domain::ListedMessage>>(
        [&](store::Tx& tx) -> std::optional<domain::ListedMessage> {
          // The list's query with its row's plumber link: the newest row below id + 1 is id.
          domain::OutboxFilter one;
          one.before_id = id + 1;
          one.limit = 1;
          auto rows = tx.list_messages(one);
          if (rows.empty() || rows.front().message.id != id) return std::nullopt;
          return rows.front();
        });
  } catch (const domain::Failure& f) {
    return f.error;
  }
  if (!found) return domain::Error::make(domain::ErrorCode::not_found, "No such message.");
  MessageDetail d;
  d.listed = std::move(*found);
  try {
    // What was sent, with the sealed values (links and codes that act for the recipient)
    // hidden from every staff member: staff resend a message, they never use its links.
    d.rendered = render_message(templates_, render_, d.listed.message);
  } catch (const std::exception& e) {
    d.render_error = e.what();
  }
  mask_for(viewer, d.listed);
  return d;
}

std::vector<std::string> MessageAdminService::template_names() const {
  std::set<std::string> names;
  for (const auto& [key, text] : templates_) {
    auto slash = key.find('/');
    auto dot = key.find('.', slash);
    names.insert(key.substr(slash + 1, dot - slash - 1));
  }
  return {names.begin(), names.end()};
}

domain::Result<domain::OutboxMessage> MessageAdminService::retry(const domain::Actor& actor,
                                                                 std::int64_t id,
                                                                 const std::string& reason) {
  if (auto bad = check_staff_reason(reason)) return *bad;
  auto r = store_.write<domain::OutboxMessage>(
      [&](store::Tx& tx) -> domain::Result<domain::OutboxMessage> {
        auto m = tx.message_by_id(id);
        if (!m) return domain::Error::make(domain::ErrorCode::not_found, "No such message.");
        if (auto why = domain::retry_refusal(m->status); !why.empty())
          return domain::Error::make(domain::ErrorCode::conflict, why);
        auto now = clock_.now_ms();
        bool moved = m->status == domain::MessageStatus::dead
                         ? tx.retry_dead_message(id, now)
                         : tx.expedite_pending_message(id, now);
        // The worker leased it between the read and the update.
        if (!moved)
          return domain::Error::make(domain::ErrorCode::conflict,
                                     "This message is being sent right now.");
        auto e = audit_entry(actor, now, "message.retry", "message", std::to_string(id));
        e.reason = reason;
        e.before_json = status_json(m->status);
        e.after_json = status_json(domain::MessageStatus::pending);
        tx.append_audit(e);
        return *tx.message_by_id(id);
      });
  if (r) outbox_.messages_queued();
  return r;
}

domain::Result<domain::OutboxMessage> MessageAdminService::cancel(const domain::Actor& actor,
                                                                  std::int64_t id,
                                                                  const std::string& reason) {
  if (auto bad = check_staff_reason(reason)) return *bad;
  return store_.write<domain::OutboxMessage>(
      [&](store::Tx& tx) -> domain::Result<domain::OutboxMessage> {
        auto m = tx.message_by_id(id);
        if (!m) return domain::Error::make(domain::ErrorCode::not_found, "No such message.");
        if (auto why = domain::cancel_refusal(m->status); !why.empty())
          return domain::Error::make(domain::ErrorCode::conflict, why);
        auto now = clock_.now_ms();
        if (!tx.cancel_pending_message(id, "cancelled by staff: " + reason, now))
          return domain::Error::make(domain::ErrorCode::conflict,
                                     "This message is being sent right now.");
        auto e = audit_entry(actor, now, "message.cancel", "message", std::to_string(id));
        e.reason = reason;
        e.before_json = status_json(m->status);
        e.after_json = status_json(domain::MessageStatus::dead);
        tx.append_audit(e);
        return *tx.message_by_id(id);
      });
}

}  // namespace plumbline::services
