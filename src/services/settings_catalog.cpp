// The settings service's catalog edits: service types (label, description, base price, active,
// order; new ones) and urgencies (label, surcharge), with one audit row, and the cache told at
// once.
#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "services/audit.hpp"
#include "services/settings.hpp"

namespace plumbline::services {

namespace json = boost::json;

namespace {

json::object catalog_service_json(const domain::ServiceType& s) {
  return {{"label", s.label},
          {"description", s.description},
          {"base_price_credits", s.base_price_credits},
          {"active", s.active},
          {"sort_order", s.sort_order},
          {"questions", domain::question_lines(s.questions)}};
}

json::object catalog_urgency_json(const domain::Urgency& u) {
  return {{"label", u.label}, {"surcharge_credits", u.surcharge_credits}};
}

// The fields of `after` that differ from `before`, as two small objects.
void catalog_changed_fields(const json::object& before, const json::object& after,
                            json::object& was, json::object& now_is) {
  for (const auto& kv : after) {
    auto it = before.find(kv.key());
    if (it != before.end() && it->value() == kv.value()) continue;
    if (it != before.end()) was[kv.key()] = it->value();
    now_is[kv.key()] = kv.value();
  }
}

}  // namespace

domain::Result<domain::Catalog> SettingsService::catalog() const {
  try {
    return store_.read<domain::Catalog>([](store::Tx& tx) { return tx.catalog(); });
  } catch (const domain::Failure& e) {
    return e.error;
  }
}

domain::Result<domain::Catalog> SettingsService::update_catalog(const domain::Actor& actor,
                                                                const domain::Catalog& proposed,
                                                                const std::string& reason,
                                                                const QuestionEdits& questions) {
  if (domain::trim(reason).empty()) return settings_reason_required("the catalog");
  auto now = clock_.now_ms();
  auto r = store_.write<domain::Catalog>([&](store::Tx& tx) -> domain::Result<domain::Catalog> {
    auto current = tx.catalog();
    auto refusal = domain::catalog_refusal(proposed, current);
    std::vector<domain::FieldError> question_errs;
    for (const auto& [slug, list] : questions) {
      auto errs = domain::question_list_problems(list, "questions_" + slug);
      question_errs.insert(question_errs.end(), errs.begin(), errs.end());
    }
    if (refusal || !question_errs.empty()) {
      auto e = refusal ? *refusal
                       : domain::Error::make(domain::ErrorCode::invalid_input,
                                             "Some catalog entries need fixing.");
      e.details.insert(e.details.end(), question_errs.begin(), question_errs.end());
      return e;
    }
    json::object was, now_is;
    for (auto s : proposed.services) {
      json::object before;
      for (const auto& c : current.services)
        if (c.slug == s.slug) {
          before = catalog_service_json(c);
          s.questions = c.questions;  // kept unless edited below
        }
      bool edited = false;
      for (const auto& [slug, list] : questions)
        if (slug == s.slug) {
          edited = list != s.questions;
          s.questions = list;
        }
      json::object w, n;
      catalog_changed_fields(before, catalog_service_json(s), w, n);
      if (n.empty()) continue;
      tx.put_service_type(s);
      if (edited) tx.replace_service_questions(s.slug, s.questions);
      if (!w.empty()) was["service:" + s.slug] = std::move(w);
      now_is["service:" + s.slug] = std::move(n);
    }
    for (const auto& u : proposed.urgencies) {
      json::object before;
      for (const auto& c : current.urgencies)
        if (c.slug == u.slug) before = catalog_urgency_json(c);
      json::object w, n;
      catalog_changed_fields(before, catalog_urgency_json(u), w, n);
      if (n.empty()) continue;
      tx.update_urgency(u);
      was["urgency:" + u.slug] = std::move(w);
      now_is["urgency:" + u.slug] = std::move(n);
    }
    if (!now_is.empty()) {
      auto e = audit_entry(actor, now, "catalog.update", "catalog");
      e.reason = domain::trim(reason);
      e.before_json = json::serialize(was);
      e.after_json = json::serialize(now_is);
      tx.append_audit(e);
    }
    return tx.catalog();
  });
  if (r) catalog_.invalidate();  // the next request here is priced with the new catalog
  return r;
}

}  // namespace plumbline::services
