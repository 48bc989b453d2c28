// Lead cards as JSON for plumbers: labels from the catalogue, an excerpt, distance, age, checks.
#include "web/present/lead_card.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/lead_decision.hpp"
#include "web/present/service_questions_view.hpp"

namespace plumbline::web {

namespace {
bool utf8_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}
}  // namespace

std::string description_excerpt(const std::string& text, std::size_t max_chars) {
  std::string flat;
  flat.reserve(text.size());
  for (char c : text) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
    if (c == ' ' && (flat.empty() || flat.back() == ' ')) continue;
    flat += c;
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  if (flat.size() <= max_chars) return flat;
  std::size_t cut = max_chars;
  while (cut > 0 && utf8_continuation_byte(flat[cut])) --cut;
  auto space = flat.rfind(' ', cut);
  if (space != std::string::npos && space > max_chars / 2) cut = space;
  return flat.substr(0, cut) + "…";
}

boost::json::object lead_card_json(const domain::LeadCard& card, const domain::Catalog& catalog,
                                   domain::Millis now) {
  const auto* service = catalog.service(card.service_type);
  const auto* urgency = catalog.urgency(card.urgency);
  double rounded = static_cast<double>(static_cast<long long>(card.distance_miles * 10 + 0.5)) / 10;
  boost::json::array quality;
  for (const auto& q : domain::quality_signals(card.quality))
    quality.push_back({{"slug", q.slug}, {"label", q.label}, {"detail", q.detail}});
  return {{"id", card.lead_id.value},
          {"service_type", card.service_type},
          {"service_label", service ? service->label : card.service_type},
          {"urgency", card.urgency},
          {"urgency_label", urgency ? urgency->label : card.urgency},
          {"city", card.city},
          {"state", card.state},
          {"zip", card.zip},
          {"excerpt", description_excerpt(card.description)},
          {"status", domain::to_string(card.status)},
          {"price_credits", card.price_credits},
          {"max_claims", card.max_claims},
          {"claims_count", card.claims_count},
          {"slots_left", card.slots_left()},
          {"distance_miles", rounded},
          {"created_at", card.created_at},
          {"age_seconds", std::max<domain::Millis>(0, now - card.created_at) / 1000},
          {"quality", std::move(quality)},
          {"answers", lead_answers_view(card.answers)}};  // questions per service (issue 17)
}
boost::json::object lead_card_placeholders() {
  boost::json::array quality{boost::json::object{{"slug", ""}, {"label", ""}}};
  // One empty answer: the live script clones it once per answer (issue 17).
  boost::json::array answers{boost::json::object{{"key", ""}, {"label", ""}, {"answer", ""}}};
  return {{"service_class", "svc-badge"},  {"has_answers", true},  {"answers", std::move(answers)},
          {"price_text", "credits"},       {"price_dollars", "-"}, {"has_quality", true},
          {"quality", std::move(quality)}, {"lead_url", "#"},      {"claim_url", "#"}};
}

}  // namespace plumbline::web
