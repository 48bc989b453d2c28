// Verified reviews: the worker's review e-mails, the homeowner's review by its single-use link,
// the plumber's reply and staff hiding (audited).
#include "services/reviews.hpp"

#include <boost/json.hpp>

#include "crypto/sealed.hpp"
#include "crypto/tokens.hpp"
#include "domain/contact.hpp"
#include "log/log.hpp"
#include "services/audit.hpp"
#include "services/service_steps.hpp"
#include "services/webhook_events.hpp"

namespace plumbline::services {

using namespace steps;

namespace {

constexpr int review_batch = 200;

std::string review_service_label(const domain::Catalog& c, const std::string& slug) {
  for (const auto& s : c.services)
    if (s.slug == slug) return s.label;
  return slug;
}

// The invitation behind a token, or why it cannot be used now.
Result<domain::ReviewInvite> usable_invite(store::Tx& tx, const std::string& token,
                                           domain::Millis now) {
  if (token.empty() || token.size() > 200) return not_found("that review link");
  auto invite = tx.review_invite_by_hash(crypto::sha256_hex(token));
  if (!invite) return not_found("that review link");
  if (invite->used_at)
    return Error::make(ErrorCode::conflict,
                       "This link was used already: thank you for your review.");
  if (invite->expires_at <= now)
    return Error::make(ErrorCode::conflict, "This review link has expired.");
  return *invite;
}

}  // namespace

domain::OutboundMessage review_request_message(const NotificationSettings& s,
                                               const domain::DueReviewRequest& due,
                                               const std::string& service_label,
                                               const std::string& token, domain::Millis now) {
  boost::json::object data{
      {"business_name", due.business_name}, {"service_label", service_label}, {"zip", due.zip}};
  boost::json::object secret{{"review_url", s.base_url + "/reviews/" + token}};
  domain::OutboundMessage m;
  m.kind = m.template_name = "review_request";
  m.channel = domain::channel_email;
  m.recipient = due.email;
  m.data_json = boost::json::serialize(data);
  m.sealed_json = crypto::seal(s.secret_key, boost::json::serialize(secret));
  m.idempotency_key = "review_request:email:" + std::to_string(due.claim_id.value);
  m.lead_id = due.lead_id;
  m.transactional = true;
  m.event_at = m.due_at = now;
  m.expires_at = now + 3LL * 24 * 3600 * 1000;
  m.max_attempts = s.max_attempts;
  return m;
}

Result<int> ReviewService::send_due_requests() {
  auto now = ctx_.clock.now_ms();
  auto delay = ctx_.rules.marketplace().review_request_delay_ms;
  auto catalog = ctx_.catalog.get();
  int sent = 0;
  try {
    auto r = ctx_.store.write<int>([&](store::Tx& tx) -> Result<int> {
      int n = 0;
      for (const auto& due : tx.hires_due_for_review(now - delay, review_batch)) {
        auto token = crypto::random_token(24);  // 192 bits, like the tracking links
        domain::ReviewInvite invite{due.claim_id,
                                    due.lead_id,
                                    due.plumber_id,
                                    crypto::sha256_hex(token),
                                    now,
                                    now + domain::review_link_valid_ms,
                                    std::nullopt};
        if (!tx.insert_review_invite(invite)) continue;  // another worker got there first
        tx.enqueue_message(review_request_message(
            ctx_.notifications, due, review_service_label(catalog, due.service_type), token, now));
        ++n;
      }
      return n;
    });
    if (!r) return r;
    sent = *r;
    if (sent > 0) {
      ctx_.outbox.messages_queued();
      log::info("review_requests_queued", {{"count", sent}});
    }
    return sent;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "send_review_requests");
  }
}

Result<ReviewInvitation> ReviewService::invitation(const std::string& token) {
  auto now = ctx_.clock.now_ms();
  auto catalog = ctx_.catalog.get();
  try {
    return ctx_.store.read<Result<ReviewInvitation>>(
        [&](store::Tx& tx) -> Result<ReviewInvitation> {
          auto invite = usable_invite(tx, token, now);
          if (!invite) return invite.error();
          ReviewInvitation out;
          out.plumber_id = invite->plumber_id.value;
          if (auto p = tx.plumber_profile(invite->plumber_id))
            out.business_name = p->profile.business_name;
          if (auto l = tx.lead_by_id(invite->lead_id))
            out.service_label = review_service_label(catalog, l->service_type);
          return out;
        });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "review_invitation");
  }
}

Result<domain::Review> ReviewService::submit(const std::string& token,
                                             const domain::ReviewInput& raw) {
  domain::ReviewInput in = raw;
  in.body = domain::trim(raw.body);
  if (auto ok = domain::validate_review(in); !ok) return ok.error();
  auto now = ctx_.clock.now_ms();
  try {
    return ctx_.store.write<domain::Review>([&](store::Tx& tx) -> Result<domain::Review> {
      auto invite = usable_invite(tx, token, now);
      if (!invite) return invite.error();
      domain::Review r;
      r.claim_id = invite->claim_id;
      r.lead_id = invite->lead_id;
      r.plumber_id = invite->plumber_id;
      r.punctuality = in.punctuality;
      r.quality = in.quality;
      r.price = in.price;
      r.body = in.body;
      r.created_at = now;
      auto id = tx.insert_review(r);
      // Nothing written: the request is no longer hired through this claim (refunded), or it
      // has its review already.
      if (!id)
        return Error::make(ErrorCode::conflict,
                           "This request cannot be reviewed (it has a review already, or the "
                           "hire no longer stands).");
      if (!tx.use_review_invite(invite->claim_id, now))
        return Error::make(ErrorCode::conflict, "This link was used already.");
      WebhookEvent ev;
      ev.type = domain::webhook_review_created;
      ev.plumbers = {r.plumber_id};
      ev.lead_id = r.lead_id;
      ev.data = {{"review_id", *id},
                 {"claim_id", r.claim_id.value},
                 {"lead_id", r.lead_id.value},
                 {"plumber_id", r.plumber_id.value},
                 {"punctuality", r.punctuality},
                 {"quality", r.quality},
                 {"price", r.price},
                 {"body", r.body}};
      queue_webhook_events(tx, ctx_.notifications.secret_key, {ev}, now);
      return *tx.review_by_id(*id);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "submit_review");
  }
}

Result<std::vector<domain::Review>> ReviewService::for_plumber(domain::UserId plumber) {
  try {
    return ctx_.store.read<std::vector<domain::Review>>(
        [&](store::Tx& tx) { return tx.reviews_for_plumber(plumber); });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "plumber_reviews");
  }
}

Result<domain::Review> ReviewService::reply(domain::UserId plumber, std::int64_t review_id,
                                            const std::string& raw) {
  if (auto ok = domain::validate_review_reply(raw); !ok) return ok.error();
  auto text = domain::trim(raw);
  auto now = ctx_.clock.now_ms();
  try {
    return ctx_.store.write<domain::Review>([&](store::Tx& tx) -> Result<domain::Review> {
      auto review = tx.review_by_id(review_id);
      if (!review || review->plumber_id != plumber) return not_found("that review");
      if (!tx.reply_to_review(review_id, plumber, text, now))
        return Error::make(ErrorCode::conflict, "You have replied to this review already.");
      return *tx.review_by_id(review_id);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "reply_to_review");
  }
}

Result<std::vector<domain::Review>> ReviewService::list(int limit, int offset) {
  try {
    return ctx_.store.read<std::vector<domain::Review>>([&](store::Tx& tx) {
      return tx.list_reviews(clamp_limit(limit, 500), clamp_offset(offset));
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "list_reviews");
  }
}

Result<domain::Review> ReviewService::hide(const domain::Actor& actor, std::int64_t review_id,
                                           const std::string& reason, const std::string& note) {
  if (!domain::is_review_hide_reason(reason))
    return invalid("reason",
                   "Choose abusive language, personal data or not about the job. A review is "
                   "never hidden for being negative.");
  auto trimmed = domain::trim(note);
  if (domain::utf8_length(trimmed) > 500)
    return invalid("note", "Keep the note under 500 characters.");
  auto now = ctx_.clock.now_ms();
  try {
    return ctx_.store.write<domain::Review>([&](store::Tx& tx) -> Result<domain::Review> {
      auto review = tx.review_by_id(review_id);
      if (!review) return not_found("that review");
      if (!tx.hide_review(review_id, reason, actor.user_id.value, now))
        return Error::make(ErrorCode::conflict, "This review is hidden already.");
      auto e = audit_entry(actor, now, "review.hide", "review", std::to_string(review_id));
      e.reason = domain::review_hide_reason_label(reason) + (trimmed.empty() ? "" : ": " + trimmed);
      e.before_json = R"({"hidden":false})";
      e.after_json = boost::json::serialize(boost::json::object{
          {"hidden", true}, {"hidden_reason", reason}, {"plumber_id", review->plumber_id.value}});
      tx.append_audit(e);
      return *tx.review_by_id(review_id);
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "hide_review");
  }
}

}  // namespace plumbline::services
