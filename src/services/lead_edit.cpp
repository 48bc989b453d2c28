// Staff's hands on a request: a phone-in through intake, a correction validated like intake, and
// re-run matching; each writes its audit row in the transaction that makes the change.
#include "services/lead_edit.hpp"

#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "domain/lead_admin.hpp"
#include "domain/lead_rules.hpp"
#include "domain/marketplace_rules.hpp"
#include "domain/privacy.hpp"
#include "log/log.hpp"
#include "services/audit.hpp"
#include "services/marketplace_messages.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
using domain::Result;

namespace {

// The fields staff may correct, in form order, with the words the claimant's notice uses.
struct EditableField {
  const char* name;  // the form's and the API's name (phone_e164 is typed as "phone")
  const char* words;
  std::string domain::NewLead::*member;
};
constexpr EditableField editable_fields[] = {
    {"service_type", "the type of work", &domain::NewLead::service_type},
    {"description", "the description", &domain::NewLead::description},
    {"urgency", "how soon", &domain::NewLead::urgency},
    {"zip", "the ZIP code", &domain::NewLead::zip},
    {"address", "the street address", &domain::NewLead::address},
    {"name", "the homeowner's name", &domain::NewLead::name},
    {"phone", "the phone number", &domain::NewLead::phone_e164},
    {"email", "the e-mail address", &domain::NewLead::email},
    {"contact_method", "how they prefer to be contacted", &domain::NewLead::contact_method},
    {"best_time", "the best time to reach them", &domain::NewLead::best_time},
};

// The stored request as typed input, with staff's corrections laid over it.
domain::LeadInput merged_input(const domain::Lead& l, const LeadEdit& e) {
  auto pick = [](const std::optional<std::string>& v, const std::string& stored) {
    return v ? *v : stored;
  };
  domain::LeadInput in;
  in.service_type = pick(e.service_type, l.service_type);
  in.description = pick(e.description, l.description);
  in.urgency = pick(e.urgency, l.urgency);
  in.zip = pick(e.zip, l.zip);
  in.address = pick(e.address, l.address);
  in.name = pick(e.name, l.name);
  in.phone = pick(e.phone, l.phone_e164);
  in.email = pick(e.email, l.email);
  in.contact_method = pick(e.contact_method, l.contact_method);
  in.best_time = pick(e.best_time, l.best_time);
  in.consent = true;  // given with the request; an edit does not ask again
  return in;
}

std::optional<domain::FieldError> reason_problem(const std::string& reason) {
  if (reason.empty()) return domain::FieldError{"reason", "Say why, for the audit trail."};
  if (domain::utf8_length(reason) > 500)
    return domain::FieldError{"reason", "Keep the reason under 500 characters."};
  if (domain::has_control_chars(reason, true))
    return domain::FieldError{"reason", "Remove unusual control characters."};
  return std::nullopt;
}

Error edit_lead_not_found() {
  return Error::make(ErrorCode::not_found, "There is no request with that number.");
}

// "a, b and c".
std::string in_words(const std::vector<std::string>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

}  // namespace

LeadEditService::LeadEditService(store::Store& store, const geo::ZipTable& zips, const Clock& clock,
                                 CatalogCache& catalog, LeadService& leads, LeadMatcher& matcher,
                                 OutboxNotifier& outbox, NotificationSettings notifications,
                                 const MarketplaceRules& rules)
    : store_(store),
      zips_(zips),
      clock_(clock),
      catalog_(catalog),
      leads_(leads),
      matcher_(matcher),
      outbox_(outbox),
      notifications_(std::move(notifications)),
      rules_(rules) {}

std::string LeadEditService::consent_wording() const {
  auto rules = rules_.marketplace();
  return rules.consent_text.empty() ? domain::consent_text(rules.max_claims_per_lead)
                                    : rules.consent_text;
}

Result<SubmittedLead> LeadEditService::create_by_phone(const domain::Actor& actor,
                                                       const PhoneLead& in) {
  // The audit row's reason: staff's note on the call, or what the call itself was.
  auto reason = domain::trim(in.reason);
  if (!reason.empty())
    if (auto bad = domain::staff_text_problem("reason", reason)) return *bad;
  if (reason.empty()) reason = "Taken by phone";
  domain::LeadInput fields = in.fields;
  fields.consent = in.consent_read;
  fields.send_anyway = true;  // staff see the coverage on the lead afterwards
  domain::RequestContext ctx;
  // The consent record of a phone-in: the staff member's address, and who read the wording out.
  ctx.ip = actor.ip;
  ctx.user_agent = "phone: read by " + actor.email;
  ctx.source = "phone";
  ctx.created_by = actor.user_id;
  ctx.match_now = in.notify_now;
  auto r = leads_.submit(fields, ctx, [&](store::Tx& tx, const SubmittedLead& s) {
    auto e = audit_entry(actor, clock_.now_ms(), "lead.create", "lead", std::to_string(s.id.value));
    e.reason = reason;
    e.after_json = boost::json::serialize(boost::json::object{{"source", "phone"},
                                                              {"notify_now", in.notify_now},
                                                              {"matched", s.matched},
                                                              {"duplicate", s.duplicate}});
    tx.append_audit(e);
  });
  if (!r) {
    // Intake's words are the homeowner's; staff tick the box for the caller.
    auto e = r.error();
    for (auto& d : e.details)
      if (d.field == "consent")
        d.message = "Read the consent wording to the caller and tick the box once they agree.";
    return e;
  }
  return r;
}

Result<domain::Lead> LeadEditService::lead(domain::LeadId id) {
  try {
    auto l =
        store_.read<std::optional<domain::Lead>>([&](store::Tx& tx) { return tx.lead_by_id(id); });
    if (!l) return edit_lead_not_found();
    return std::move(*l);
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "lead_for_edit");
  }
}

Result<EditedLead> LeadEditService::edit(const domain::Actor& actor, domain::LeadId id,
                                         const LeadEdit& edit) {
  auto reason = domain::trim(edit.reason);
  auto now = clock_.now_ms();
  auto cat = catalog_.get();
  try {
    auto r = store_.write<EditedLead>([&](store::Tx& tx) -> Result<EditedLead> {
      auto stored = tx.lead_by_id(id);
      if (!stored) return edit_lead_not_found();
      if (domain::lead_anonymised(*stored))
        return Error::make(ErrorCode::conflict,
                           "This request's contact details were deleted; it cannot be edited.");
      domain::RequestContext ctx;
      ctx.max_claims = stored->max_claims;
      auto validated = domain::validate_lead(merged_input(*stored, edit), cat, zips_, ctx);
      auto problem = reason_problem(reason);
      if (!validated || problem) {
        Error e = validated ? Error::make(ErrorCode::invalid_input, "Some answers need fixing.")
                            : validated.error();
        if (problem) e.details.push_back(*problem);
        return e;
      }
      domain::NewLead next = std::move(validated.value());
      EditedLead out;
      boost::json::object before, after;
      std::vector<std::string> words;
      for (const auto& f : editable_fields) {
        const auto& was = (*stored).*(f.member);
        const auto& now_is = next.*(f.member);
        if (was == now_is) continue;
        out.changed.push_back(f.name);
        words.push_back(f.words);
        before[f.name] = was;
        after[f.name] = now_is;
      }
      if (out.changed.empty())
        return Error::make(ErrorCode::invalid_input,
                           "Nothing to save: every field is as the request already has it.");
      if (next.zip != stored->zip) {
        before["city"] = stored->city;
        before["state"] = stored->state;
        after["city"] = next.city;
        after["state"] = next.state;
      }
      // Later claims pay the price of the corrected service and urgency; claims made keep
      // the price they paid (claims.price_credits).
      next.price_credits =
          next.service_type == stored->service_type && next.urgency == stored->urgency
              ? stored->price_credits
              : domain::lead_price(cat, next.service_type, next.urgency);
      if (next.price_credits != stored->price_credits) {
        before["price_credits"] = stored->price_credits;
        after["price_credits"] = next.price_credits;
      }
      tx.update_lead_fields(id, next, now);
      auto status = stored->status;
      tx.insert_lead_history(
          {id, now, status, status, "admin", "Corrected by Plumbline: " + in_words(words)});
      out.lead = *tx.lead_by_id(id);
      if (edit.notify_claimants)
        for (const auto& claim : tx.claims_for_lead(id)) {
          if (claim.refunded_at) continue;
          if (auto p = tx.plumber_profile(claim.plumber_id)) {
            tx.enqueue_message(
                lead_updated_message(notifications_, out.lead, *p, cat, in_words(words), now));
            ++out.claimants_notified;
          }
        }
      after["claimants_notified"] = out.claimants_notified;
      auto e = audit_entry(actor, now, "lead.edit", "lead", std::to_string(id.value));
      e.reason = reason;
      e.before_json = boost::json::serialize(before);
      e.after_json = boost::json::serialize(after);
      tx.append_audit(e);
      return out;
    });
    if (r && r.value().claimants_notified > 0) outbox_.messages_queued();
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "edit_lead");
  }
}

Result<int> LeadEditService::rematch(const domain::Actor& actor, domain::LeadId id,
                                     const std::string& raw_reason) {
  auto reason = domain::trim(raw_reason);
  if (auto problem = reason_problem(reason)) {
    Error e = Error::make(ErrorCode::invalid_input, "Say why you re-run matching.");
    e.details.push_back(*problem);
    return e;
  }
  auto now = clock_.now_ms();
  try {
    auto r = store_.write<int>([&](store::Tx& tx) -> Result<int> {
      auto lead = tx.lead_by_id(id);
      if (!lead) return edit_lead_not_found();
      if (lead->status != domain::LeadStatus::open)
        return Error::make(ErrorCode::conflict,
                           "Only an open request can be sent to more plumbers; this one is " +
                               std::string(to_string(lead->status)) + ".");
      // The `required` policy holds a request from every plumber until the homeowner confirms
      // their phone (issue 17): staff cannot send it around that rule.
      if (tx.lead_verification(id).awaiting)
        return Error::make(ErrorCode::conflict,
                           "This request waits for the homeowner to confirm their phone; it is "
                           "sent to plumbers once they do, and expires if they do not.");
      int n = matcher_.match_again(tx, *lead, now);
      if (n == 0) {  // match_again writes the line when it sent the request to someone
        auto status = lead->status;
        tx.insert_lead_history({id, now, status, status, "admin",
                                "Matching re-run by staff: no other plumber matches it now"});
      }
      auto e = audit_entry(actor, now, "lead.rematch", "lead", std::to_string(id.value));
      e.reason = reason;
      e.after_json = boost::json::serialize(boost::json::object{{"new_matches", n}});
      tx.append_audit(e);
      return n;
    });
    if (r && r.value() > 0) outbox_.messages_queued();
    if (r)
      log::info("lead_rematch", {{"lead_id", id.value}, {"new_matches", std::int64_t{r.value()}}});
    return r;
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "rematch_lead");
  }
}

}  // namespace plumbline::services
