// What a plumber reads before claiming: the available leads, the dashboard's figures, one lead as
// the caller may see it, the lead page, and the price of a credit behind dollar prices.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "domain/error.hpp"
#include "domain/lead_decision.hpp"
#include "domain/marketplace.hpp"
#include "domain/photos.hpp"
#include "geo/zip_table.hpp"
#include "services/clock.hpp"
#include "services/marketplace_settings.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct DashboardFigures {
  domain::Credits balance = 0;
  int claims_this_month = 0;
  std::optional<double> win_rate;           // won / (won + lost); none before any outcome
  std::optional<double> cost_per_job_won;   // credits spent / jobs won; none before a win
  std::optional<std::string> not_eligible;  // why new leads cannot be claimed right now
};

// A lead as the caller may see it: the card always; contact details only for claimants and
// admins (`contact` set).
struct LeadView {
  domain::LeadCard card;
  std::optional<domain::Lead> contact;  // the full lead, contact details included
  std::optional<domain::Claim> my_claim;
};

// A lead as a plumber weighs it before claiming (the lead page, the claim confirmation): the card
// and the homeowner's answers, never their name, phone, e-mail or street address.
struct LeadPage {
  domain::LeadCard card;
  std::string extra_details, contact_method, best_time;
  bool has_area = false;  // the ZIP's centre point is known
  double area_lat = 0, area_lng = 0;
  int plumbers_told = 0;
  std::optional<domain::MatchReason> why;  // for the matched plumber; none for admins
  std::optional<domain::CreditPrice> credit_price;
  domain::Credits balance = 0;
  std::optional<domain::Claim> my_claim;
  std::optional<domain::Error> refusal;  // why a claim would be refused right now
  domain::Millis expires_at = 0;
  std::vector<domain::PhotoInfo> photos;  // issue 17: thumbnails before claiming
};

class LeadBrowseService {
 public:
  LeadBrowseService(store::Store& store, const geo::ZipTable& zips, const Clock& clock,
                    const MarketplaceRules& rules)
      : store_(store), zips_(zips), clock_(clock), rules_(rules) {}

  domain::Result<domain::AvailablePage> available(const domain::AvailableQuery& query);
  domain::Result<DashboardFigures> figures(domain::UserId user_id);
  // not_found when a plumber asks for a lead that did not match them and they did not claim.
  domain::Result<LeadView> lead_view(domain::UserId user_id, bool is_admin, domain::LeadId lead_id);
  // The lead page: for a plumber it matched (or who claimed it: my_claim set) and for admins;
  // not_found for anyone else.
  domain::Result<LeadPage> lead_page(domain::UserId user_id, bool is_admin, domain::LeadId lead_id);
  // What one credit costs this plumber (domain::effective_credit_price); nullopt when they bought
  // neither a plan nor a pack.
  domain::Result<std::optional<domain::CreditPrice>> credit_price(domain::UserId user_id);

 private:
  store::Store& store_;
  const geo::ZipTable& zips_;
  const Clock& clock_;
  const MarketplaceRules& rules_;  // read per operation: console changes apply at once
};

}  // namespace plumbline::services
