// The staff console's plumber tools: search (and its CSV, page by page), the dossier in one read
// transaction, and reactivate / edit / password-reset link / end sessions — each refused without a
// reason, e-mailing the plumber and appending its audit row in the same write transaction.
#include "services/plumber_console.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "crypto/tokens.hpp"
#include "domain/contact.hpp"
#include "domain/marketplace_rules.hpp"
#include "log/log.hpp"
#include "services/account_mail.hpp"
#include "services/audit.hpp"
#include "services/marketplace_messages.hpp"
#include "services/service_steps.hpp"

namespace plumbline::services {

using namespace steps;

namespace {

constexpr domain::Millis console_reset_ttl_ms = 3600LL * 1000;  // as the forgot-password link
constexpr int console_max_within_miles = 500;
constexpr std::size_t console_reason_max = 1000;

// The cursor of the page after `last`: "id:number:name" (the name may hold ':').
std::string console_cursor(const domain::PlumberRow& last, const std::string& sort) {
  std::int64_t num = sort == domain::plumber_sort_balance       ? last.balance
                     : sort == domain::plumber_sort_last_active ? last.last_active_at
                                                                : 0;
  std::string name;
  if (sort == domain::plumber_sort_name)
    for (char c : last.business_name)
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::to_string(last.id) + ":" + std::to_string(num) + ":" + name;
}

bool read_console_cursor(const std::string& s, domain::PlumberSearch& q) {
  auto a = s.find(':');
  auto b = a == std::string::npos ? a : s.find(':', a + 1);
  if (b == std::string::npos) return false;
  auto id = std::from_chars(s.data(), s.data() + a, q.after_id);
  auto num = std::from_chars(s.data() + a + 1, s.data() + b, q.after_num);
  if (id.ec != std::errc{} || id.ptr != s.data() + a || num.ec != std::errc{} ||
      num.ptr != s.data() + b || q.after_id <= 0)
    return false;
  q.after_name = s.substr(b + 1);
  return true;
}

// The reason every console action needs: trimmed, present, not a novel.
std::optional<Error> console_reason_problem(const std::string& reason) {
  if (reason.empty())
    return invalid("reason", "Say why; the plumber is told and the audit trail keeps it.");
  if (reason.size() > console_reason_max)
    return invalid("reason", "Keep the reason under 1,000 characters.");
  return std::nullopt;
}

std::string console_json(const boost::json::object& o) {
  return boost::json::serialize(o);
}

// Appends the action's audit row (target: the plumber) in the caller's transaction; before and
// after hold the changed values only (empty: none).
void append_console_audit(store::Tx& tx, const domain::Actor& actor, domain::Millis at,
                          const char* action, domain::UserId plumber_id, const std::string& reason,
                          const boost::json::object& before, const boost::json::object& after) {
  auto e = audit_entry(actor, at, action, "plumber", std::to_string(plumber_id.value));
  e.reason = reason;
  if (!before.empty()) e.before_json = console_json(before);
  if (!after.empty()) e.after_json = console_json(after);
  tx.append_audit(e);
}

// The log line of a committed console action.
void log_console_action(const char* action, const domain::Actor& actor, domain::UserId plumber_id,
                        int late_matches = 0) {
  log::info("admin_action", {{"action", action},
                             {"admin_id", actor.user_id.value},
                             {"plumber_id", plumber_id.value},
                             {"late_matches", static_cast<std::int64_t>(late_matches)}});
}

boost::json::array console_json_list(const std::vector<std::string>& items) {
  boost::json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return a;
}

}  // namespace

Result<domain::PlumberSearch> PlumberConsoleService::to_query(const PlumberSearchRequest& r) {
  domain::PlumberSearch q;
  q.term = domain::parse_plumber_search(r.text);
  q.status = r.status == "active" ? domain::to_string(domain::PlumberStatus::approved) : r.status;
  if (!q.status.empty() && !domain::is_plumber_status(q.status) &&
      q.status != domain::plumber_state_closed)
    return invalid("status", "Choose pending, approved, rejected, suspended or closed.");
  q.plan_status = r.plan_status;
  if (!q.plan_status.empty() && !domain::is_plan_status(q.plan_status))
    return invalid("plan", "Choose none, active, trialing, past_due or canceled.");
  q.service = r.service;
  if (!q.service.empty()) {
    auto catalog = catalog_.get();
    bool known = false;
    for (const auto& s : catalog.services) known = known || s.slug == q.service;
    if (!known) return invalid("service", "Choose a service from the list.");
  }
  auto zip = domain::trim(r.zip);
  if (!zip.empty()) {
    const auto* z = zips_.find(zip);
    if (!z) return invalid("zip", "That ZIP code is not one we know.");
    q.near = true;
    q.zip = zip;
    q.lat = z->lat;
    q.lng = z->lng;
  }
  if (r.within_miles < 0 || r.within_miles > console_max_within_miles)
    return invalid("miles", "Give a distance from 0 to 500 miles.");
  q.within_miles = r.within_miles;
  q.signed_up_from = r.signed_up_from;
  q.signed_up_to = r.signed_up_to;
  q.active_from = r.active_from;
  q.active_to = r.active_to;
  if ((r.balance_min && *r.balance_min < 0) || (r.balance_max && *r.balance_max < 0))
    return invalid("balance", "Balances are never below zero.");
  q.balance_min = r.balance_min;
  q.balance_max = r.balance_max;
  q.sort = r.sort.empty() ? domain::plumber_sort_newest : r.sort;
  if (!domain::is_plumber_sort(q.sort))
    return invalid("sort", "Sort by newest, name, balance or last_active.");
  if (!r.after.empty() && !read_console_cursor(r.after, q))
    return invalid("after", "That page link is not valid; start from the first page.");
  q.limit = clamp_limit(r.limit, 500);
  return q;
}

Result<PlumberSearchPage> PlumberConsoleService::search(const PlumberSearchRequest& request) {
  auto q = to_query(request);
  if (!q) return q.error();
  auto query = q.value();
  ++query.limit;  // one more row says whether there is a next page
  try {
    auto rows = store_.read<std::vector<domain::PlumberRow>>(
        [&](store::Tx& tx) { return tx.search_plumbers(query); });
    PlumberSearchPage page;
    if (static_cast<int>(rows.size()) == query.limit) {
      rows.pop_back();
      page.next = console_cursor(rows.back(), query.sort);
    }
    page.rows = std::move(rows);
    return page;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "search_plumbers");
  }
}

Result<PlumberDossier> PlumberConsoleService::dossier(domain::UserId plumber_id) {
  try {
    return store_.read<Result<PlumberDossier>>([&](store::Tx& tx) -> Result<PlumberDossier> {
      auto view = read_profile_view(tx, plumber_id);
      if (!view) return not_found("that plumber");
      PlumberDossier d;
      d.view = std::move(*view);
      const auto id = plumber_id.value;
      d.closure = tx.user_closure(domain::UserId{id});
      domain::AuditFilter f;
      f.target_type = "plumber";
      f.target_id = std::to_string(id);
      f.limit = 50;
      d.history = tx.list_audit(f);
      d.claims = tx.claims_for_plumber(domain::UserId{id}, 20, 0);
      d.balance = tx.credit_balance(domain::UserId{id});
      d.ledger = tx.ledger_entries(domain::UserId{id}, 20, 0);
      domain::PaymentListQuery pq;
      pq.user_id = domain::UserId{id};
      pq.limit = 20;
      d.payments = tx.list_payments(pq);
      d.disputes = tx.plumber_disputes(domain::UserId{id}, 20);
      d.messages = tx.plumber_messages(d.view.plumber.email, d.view.plumber.profile.phone_e164, 20);
      d.sessions = tx.sessions_of_user(domain::UserId{id});
      return d;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "plumber_dossier");
  }
}

Result<ProfileView> PlumberConsoleService::reactivate(const domain::Actor& actor,
                                                      domain::UserId plumber_id,
                                                      const std::string& raw_reason) {
  auto reason = domain::trim(raw_reason);
  if (auto problem = console_reason_problem(reason)) return *problem;
  auto now = clock_.now_ms();
  int late_matches = 0;
  try {
    auto r = store_.write<ProfileView>([&](store::Tx& tx) -> Result<ProfileView> {
      auto current = tx.plumber_profile(plumber_id);
      if (!current) return not_found("that plumber");
      if (tx.user_closure(plumber_id))
        return Error::make(ErrorCode::conflict,
                           "This account is closed; it cannot be reactivated.");
      if (current->review.status != domain::PlumberStatus::suspended)
        return Error::make(ErrorCode::conflict, "Only a suspended plumber can be reactivated.");
      // Reactivation keeps what was verified; the reason replaces the suspension's.
      auto review = current->review;
      review.status = domain::PlumberStatus::approved;
      review.reason = reason;
      review.reviewed_by = actor.user_id;
      review.reviewed_at = now;
      tx.set_plumber_review(plumber_id, review);
      tx.enqueue_message(
          plumber_account_message(notifications_, *current, "reactivated", reason, now));
      append_console_audit(tx, actor, now, "plumber.reactivate", plumber_id, reason,
                           {{"status", domain::to_string(domain::PlumberStatus::suspended)}},
                           {{"status", domain::to_string(domain::PlumberStatus::approved)}});
      late_matches = matcher_.match_open_leads(tx, plumber_id.value, now);
      return *read_profile_view(tx, plumber_id);
    });
    if (r) {
      log_console_action("plumber_reactivate", actor, plumber_id, late_matches);
      outbox_.messages_queued();
    }
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "reactivate_plumber");
  }
}

Result<ProfileView> PlumberConsoleService::edit(const domain::Actor& actor,
                                                domain::UserId plumber_id, const PlumberEdit& edit,
                                                const std::string& raw_reason) {
  auto reason = domain::trim(raw_reason);
  if (auto problem = console_reason_problem(reason)) return *problem;
  auto now = clock_.now_ms();
  int late_matches = 0;
  try {
    auto r = store_.write<ProfileView>([&](store::Tx& tx) -> Result<ProfileView> {
      auto current = tx.plumber_profile(plumber_id);
      if (!current) return not_found("that plumber");
      if (tx.user_closure(plumber_id))
        return Error::make(ErrorCode::conflict, "This account is closed; it cannot be edited.");
      auto input = current->profile;
      input.business_name = edit.business_name;
      input.contact_name = edit.contact_name;
      input.phone_e164 = edit.phone_e164;
      input.services = edit.services;
      input.base_zip = edit.base_zip;
      input.radius_miles = edit.radius_miles;
      auto valid = domain::validate_profile(input, catalog_.get(), zips_);
      if (!valid) return valid.error();
      const auto& was = current->profile;
      const auto& now_is = valid.value();
      boost::json::object before, after;
      auto note = [&](const char* field, const std::string& a, const std::string& b) {
        if (a == b) return;
        before[field] = a;
        after[field] = b;
      };
      note("business_name", was.business_name, now_is.business_name);
      note("contact_name", was.contact_name, now_is.contact_name);
      note("phone_e164", was.phone_e164, now_is.phone_e164);
      note("base_zip", was.base_zip, now_is.base_zip);
      if (was.radius_miles != now_is.radius_miles) {
        before["radius_miles"] = was.radius_miles;
        after["radius_miles"] = now_is.radius_miles;
      }
      if (was.services != now_is.services) {
        before["services"] = console_json_list(was.services);
        after["services"] = console_json_list(now_is.services);
      }
      if (after.empty()) return invalid("profile", "Nothing changed: edit a field before saving.");
      tx.save_plumber_profile(plumber_id, now_is, now);
      auto updated = *tx.plumber_profile(plumber_id);
      tx.enqueue_message(plumber_account_message(notifications_, updated, "edited", reason, now));
      append_console_audit(tx, actor, now, "plumber.edit", plumber_id, reason, before, after);
      late_matches = matcher_.match_open_leads(tx, plumber_id.value, now);
      return *read_profile_view(tx, plumber_id);
    });
    if (r) {
      log_console_action("plumber_edit", actor, plumber_id, late_matches);
      outbox_.messages_queued();
    }
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "edit_plumber");
  }
}

domain::Status PlumberConsoleService::send_password_reset(const domain::Actor& actor,
                                                          domain::UserId plumber_id,
                                                          const std::string& raw_reason) {
  auto reason = domain::trim(raw_reason);
  if (auto problem = console_reason_problem(reason)) return *problem;
  auto now = clock_.now_ms();
  // The forgot-password e-mail (services/account_recovery.cpp), sent on the plumber's behalf.
  AccountSettings mail;
  mail.base_url = notifications_.base_url;
  mail.secret_key = notifications_.secret_key;
  mail.max_attempts = notifications_.max_attempts;
  try {
    auto r = store_.write<domain::Unit>([&](store::Tx& tx) -> Result<domain::Unit> {
      auto p = tx.plumber_profile(plumber_id);
      if (!p) return not_found("that plumber");
      if (tx.user_closure(plumber_id))
        return Error::make(ErrorCode::conflict, "This account is closed; it has no password.");
      tx.expire_auth_tokens(plumber_id, domain::token_reset_password, now);
      auto token = account_mail::issue_token(tx, plumber_id.value, domain::token_reset_password,
                                             now, console_reset_ttl_ms);
      account_mail::enqueue(tx, mail, "password_reset", p->email, {},
                            mail.base_url + "/password/reset/" + token, now,
                            crypto::sha256_hex(token).substr(0, 32));
      append_console_audit(tx, actor, now, "plumber.password_reset", plumber_id, reason, {},
                           {{"reset_link_sent_to", p->email}});
      return domain::Unit{};
    });
    if (r) {
      log::info("security_event", {{"event", "password_reset_sent_by_staff"},
                                   {"admin_id", actor.user_id.value},
                                   {"plumber_id", plumber_id.value}});
      outbox_.messages_queued();
    }
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "send_password_reset");
  }
}

Result<int> PlumberConsoleService::end_sessions(const domain::Actor& actor,
                                                domain::UserId plumber_id,
                                                const std::string& raw_reason) {
  auto reason = domain::trim(raw_reason);
  if (auto problem = console_reason_problem(reason)) return *problem;
  auto now = clock_.now_ms();
  try {
    auto r = store_.write<int>([&](store::Tx& tx) -> Result<int> {
      auto p = tx.plumber_profile(plumber_id);
      if (!p) return not_found("that plumber");
      // As "log out everywhere" (AccountService::logout_everywhere), keeping no session.
      int ended = tx.delete_user_sessions(plumber_id, "");
      tx.revoke_user_tokens(plumber_id, now);
      tx.enqueue_message(
          plumber_account_message(notifications_, *p, "sessions_ended", reason, now));
      append_console_audit(tx, actor, now, "plumber.end_sessions", plumber_id, reason, {},
                           {{"sessions_ended", ended}, {"refresh_tokens_revoked", true}});
      return ended;
    });
    if (r) {
      log::info("security_event", {{"event", "sessions_ended_by_staff"},
                                   {"admin_id", actor.user_id.value},
                                   {"plumber_id", plumber_id.value},
                                   {"sessions", static_cast<std::int64_t>(r.value())}});
      outbox_.messages_queued();
    }
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "end_plumber_sessions");
  }
}

}  // namespace plumbline::services
