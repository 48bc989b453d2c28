// The admin's plumber tools — list (or the queue of profile changes), review
// (approve / reject / suspend, plumber notified; approval closes pending changes and sends the open
// leads around them), credits (grant or adjustment, capped, never below zero) and the plan flag.
#include "services/plumber_admin.hpp"

#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "domain/marketplace_rules.hpp"
#include "log/log.hpp"
#include "services/audit.hpp"
#include "services/marketplace_messages.hpp"
#include "services/service_steps.hpp"

namespace plumbline::services {

using namespace steps;

namespace {

namespace json = boost::json;

// The audit action of a review: plumber.approve (also a reactivation), .reject or .suspend.
std::string plumber_review_action(domain::PlumberStatus status) {
  if (status == domain::PlumberStatus::approved) return "plumber.approve";
  if (status == domain::PlumberStatus::rejected) return "plumber.reject";
  if (status == domain::PlumberStatus::suspended) return "plumber.suspend";
  return "plumber.review";
}

std::string joined_with_and(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : (i + 1 == items.size() ? " and " : ", ")) + items[i];
  return out;
}

// Why this review may not happen now, given the current profile.
std::optional<Error> review_refusal(const ProfileView& v, domain::PlumberStatus status) {
  if (status == domain::PlumberStatus::approved && !v.missing.empty()) {
    auto e = Error::make(
        ErrorCode::invalid_input,
        "This profile cannot be approved yet: it still needs " + joined_with_and(v.missing) + ".");
    for (const auto& m : v.missing) e.details.push_back({"profile", "Missing " + m + "."});
    return e;
  }
  if (status == domain::PlumberStatus::suspended &&
      v.plumber.review.status != domain::PlumberStatus::approved)
    return Error::make(ErrorCode::conflict,
                       "Only approved plumbers can be suspended; reject a pending profile.");
  return std::nullopt;
}

}  // namespace

Result<PlumberPage> PlumberAdminService::list_plumbers(const domain::PlumberListQuery& query) {
  auto q = query;
  q.limit = clamp_limit(q.limit, 200);
  q.offset = clamp_offset(q.offset);
  try {
    return store_.read<PlumberPage>([&](store::Tx& tx) {
      PlumberPage page;
      if (q.pending_changes) {
        for (auto id : tx.plumbers_with_pending_changes(q.limit, q.offset))
          if (auto v = read_profile_view(tx, domain::UserId{id}))
            page.plumbers.push_back(std::move(*v));
        page.total = tx.count_plumbers_with_pending_changes();
        return page;
      }
      for (auto& p : tx.list_plumbers(q))
        if (auto v = read_profile_view(tx, p.user_id)) page.plumbers.push_back(std::move(*v));
      page.total = tx.count_plumbers(q.status);
      return page;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "list_plumbers");
  }
}

Result<ProfileView> PlumberAdminService::review(const domain::Actor& actor, domain::UserId user_id,
                                                domain::PlumberReview review) {
  const domain::UserId admin_id = actor.user_id;
  review.reason = domain::trim(review.reason);
  review.licence_verified_on = domain::trim(review.licence_verified_on);
  review.insurance_valid_until = domain::trim(review.insurance_valid_until);
  if (auto ok = domain::validate_review(review); !ok) return ok.error();
  review.reviewed_by = admin_id;
  review.reviewed_at = clock_.now_ms();
  int closed = 0, late_matches = 0;
  try {
    auto r = store_.write<ProfileView>([&](store::Tx& tx) -> Result<ProfileView> {
      auto current = read_profile_view(tx, user_id);
      if (!current) return not_found("that plumber");
      if (auto refusal = review_refusal(*current, review.status)) return *refusal;
      // Rejecting or suspending does not undo what was verified: keep the recorded dates unless
      // the admin gave new ones.
      if (review.status != domain::PlumberStatus::approved) {
        const auto& was = current->plumber.review;
        if (review.licence_verified_on.empty())
          review.licence_verified_on = was.licence_verified_on;
        if (review.insurance_valid_until.empty())
          review.insurance_valid_until = was.insurance_valid_until;
      }
      tx.set_plumber_review(user_id, review);
      auto row = audit_entry(actor, review.reviewed_at, plumber_review_action(review.status),
                             "plumber", std::to_string(user_id.value));
      row.reason = review.reason;
      row.before_json = json::serialize(
          json::object{{"status", domain::to_string(current->plumber.review.status)}});
      row.after_json = json::serialize(json::object{{"status", domain::to_string(review.status)}});
      tx.append_audit(row);
      // Approval records both checks anew, so the changes waiting for a check are done.
      if (review.status == domain::PlumberStatus::approved)
        closed = tx.close_profile_changes(user_id, admin_id.value, review.reviewed_at);
      tx.enqueue_message(plumber_review_message(notifications_, current->plumber, review));
      if (review.status == domain::PlumberStatus::approved)
        late_matches = matcher_.match_open_leads(tx, user_id.value, review.reviewed_at);
      return *read_profile_view(tx, user_id);
    });
    if (r) {
      log::info("admin_action", {{"action", "plumber_review"},
                                 {"admin_id", admin_id.value},
                                 {"plumber_id", user_id.value},
                                 {"status", domain::to_string(review.status)},
                                 {"profile_changes_closed", static_cast<std::int64_t>(closed)},
                                 {"late_matches", static_cast<std::int64_t>(late_matches)}});
      outbox_.messages_queued();
    }
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "review_plumber");
  }
}

Result<domain::Credits> PlumberAdminService::adjust_credits(const domain::Actor& actor,
                                                            domain::UserId user_id,
                                                            domain::Credits amount,
                                                            const std::string& raw_reason) {
  const domain::UserId admin_id = actor.user_id;
  if (auto problem = domain::credits_amount_problem(amount)) return invalid("amount", *problem);
  domain::LedgerEntry e;
  e.user_id = user_id;
  e.kind = amount > 0 ? domain::ledger_grant : domain::ledger_adjustment;
  e.amount = amount;
  e.reason = domain::trim(raw_reason);
  e.actor_user_id = admin_id;
  e.created_at = clock_.now_ms();
  if (e.reason.empty()) return invalid("reason", "Say why; the plumber sees it on the statement.");
  if (auto problem = domain::ledger_entry_problem(e)) return invalid("reason", *problem);
  try {
    auto r = store_.write<domain::Credits>([&](store::Tx& tx) -> Result<domain::Credits> {
      if (!tx.plumber_profile(user_id)) return not_found("that plumber");
      auto before = tx.credit_balance(user_id);
      // The store's conditional update holds both bounds; the refusal is explained afterwards.
      if (!tx.append_ledger_entry(e)) {
        auto balance = tx.credit_balance(user_id);
        if (auto over = domain::balance_cap_problem(balance, amount))
          return invalid("amount", *over);
        return invalid("amount", "That would take the balance below zero: it is " +
                                     std::to_string(balance) + ", so you can remove at most " +
                                     std::to_string(balance) + ".");
      }
      auto after = tx.credit_balance(user_id);
      auto row = audit_entry(actor, e.created_at, "plumber.credits", "plumber",
                             std::to_string(user_id.value));
      row.reason = e.reason;
      row.before_json = json::serialize(json::object{{"balance", before}});
      row.after_json = json::serialize(json::object{{"balance", after}, {"amount", amount}});
      tx.append_audit(row);
      return after;
    });
    if (r)
      log::info("admin_action", {{"action", "adjust_credits"},
                                 {"admin_id", admin_id.value},
                                 {"plumber_id", user_id.value},
                                 {"amount", amount}});
    return r;
  } catch (const domain::Failure& ex) {
    return unavailable_error(ex, "adjust_credits");
  }
}

Result<ProfileView> PlumberAdminService::set_plan(const domain::Actor& actor,
                                                  domain::UserId user_id,
                                                  const std::string& plan_word) {
  const domain::UserId admin_id = actor.user_id;
  auto plan_status = domain::parse<domain::PlanStatus>(plan_word);
  if (!plan_status)
    return invalid("status", "Choose none, active, trialing, past_due or canceled.");
  auto now = clock_.now_ms();
  int late_matches = 0;
  try {
    auto r = store_.write<ProfileView>([&](store::Tx& tx) -> Result<ProfileView> {
      auto was = tx.plumber_profile(user_id);
      if (!was) return not_found("that plumber");
      tx.set_plumber_plan(user_id, *plan_status, now);
      auto row = audit_entry(actor, now, "plumber.plan", "plumber", std::to_string(user_id.value));
      row.before_json =
          json::serialize(json::object{{"plan_status", domain::to_string(was->plan_status)}});
      row.after_json = json::serialize(json::object{{"plan_status", plan_word}});
      tx.append_audit(row);
      late_matches = matcher_.match_open_leads(tx, user_id.value, now);
      return *read_profile_view(tx, user_id);
    });
    if (r) {
      log::info("admin_action", {{"action", "set_plan"},
                                 {"admin_id", admin_id.value},
                                 {"plumber_id", user_id.value},
                                 {"status", plan_word},
                                 {"late_matches", static_cast<std::int64_t>(late_matches)}});
      if (late_matches > 0) outbox_.messages_queued();
    }
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "set_plan");
  }
}

}  // namespace plumbline::services
