// Public plumber profiles: the approved plumber behind a slug, with services, area, dated checks,
// visible reviews and their averages, the hidden count and the median alert-to-claim time.
#include "services/public_profiles.hpp"

#include "services/leads.hpp"
#include "services/service_steps.hpp"

namespace plumbline::services {

using namespace steps;

Result<PublicProfile> PublicProfileService::profile(const std::string& slug) {
  auto id = domain::profile_slug_id(slug);
  if (!id) return not_found("that plumber");
  auto catalog = catalog_.get();
  try {
    return store_.read<Result<PublicProfile>>([&](store::Tx& tx) -> Result<PublicProfile> {
      auto p = tx.plumber_profile(domain::UserId{*id});
      if (!p) return not_found("that plumber");
      if (p->review.status == domain::PlumberStatus::suspended ||
          tx.account_closed(domain::UserId{*id}))
        return Error::make(ErrorCode::gone, "This plumber is no longer on Plumbline.");
      if (p->review.status != domain::PlumberStatus::approved) return not_found("that plumber");
      PublicProfile out;
      out.slug = domain::profile_slug(p->profile.business_name, *id);
      if (const auto* z = zips_.find(p->profile.base_zip)) {
        out.city = z->city;
        out.state = z->state;
      }
      for (const auto& s : p->profile.services)
        if (const auto* c = catalog.service(s)) out.service_labels.push_back(c->label);
      for (auto& r : tx.reviews_for_plumber(domain::UserId{*id})) {
        if (r.hidden()) {
          ++out.hidden_count;
          continue;
        }
        out.reviews.push_back(std::move(r));
      }
      out.rating = domain::rating_summary(out.reviews);
      auto delays = tx.plumber_claim_delays(domain::UserId{*id});
      out.response_samples = static_cast<int>(delays.size());
      out.median_response_ms = domain::median_millis(std::move(delays));
      out.plumber = std::move(*p);
      return out;
    });
  } catch (const domain::Failure& e) {
    return unavailable_error(e, "public_profile");
  }
}

}  // namespace plumbline::services
