// Landing and about pages.
#include "web/handlers.hpp"

namespace plumbline::web {

Response show_home(const Services& a, Request& req) {
  boost::json::array services;
  for (const auto& s : a.leads->catalog().services)
    services.push_back({{"slug", s.slug}, {"label", s.label}});
  return render(a, req, 200, "home", platform_name(a) + ": local plumbers, fast and fair",
                {{"services", std::move(services)}});
}

Response show_about(const Services& a, Request& req) {
  return render(
      a, req, 200, "about", "About " + platform_name(a),
      {{"zip_source_line", a.zips->source_line()},
       {"zip_rows", static_cast<std::int64_t>(a.zips->size())},
       {"retention_days", static_cast<std::int64_t>(a.settings.homeowner_retention_days)},
       {"retention_on", a.settings.homeowner_retention_days > 0},
       {"closed_keep_days", static_cast<std::int64_t>(a.settings.closed_account_keep_days)}});
}

}  // namespace plumbline::web
