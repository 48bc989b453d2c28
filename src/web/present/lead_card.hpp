// A lead card as plumbers see it in JSON (the live dashboard feed and the API): never contact
// details. The live feed's poller formats its cards through LeadCardJson.
#pragma once
#include <boost/json/object.hpp>
#include <string>

#include "domain/catalog.hpp"
#include "domain/marketplace.hpp"
#include "services/live_feed.hpp"

namespace plumbline::web {

boost::json::object lead_card_json(const domain::LeadCard& card, const domain::Catalog& catalog,
                                   domain::Millis now);
// The first ~160 characters of a description, cut at a word where possible.
std::string description_excerpt(const std::string& text, std::size_t max_chars = 160);

// The context that renders templates/pages/lead_card.mustache as the empty card the live script
// clones: every optional part present (dollar price, one quality check), no lead's data and no
// price (a page without a credit rate says no "(about $…)").
boost::json::object lead_card_placeholders();

// lead_card_json for the live feed, which the composition root hands it at construction.
class LeadCardJson : public services::LeadCardFormatter {
 public:
  boost::json::object card(const domain::LeadCard& card, const domain::Catalog& catalog,
                           domain::Millis now) const override {
    return lead_card_json(card, catalog, now);
  }
};

}  // namespace plumbline::web
