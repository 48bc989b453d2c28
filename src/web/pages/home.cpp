// Landing and about pages.
#include "web/handlers.hpp"

namespace plumbline::web {

Response render(app::App& a, int status, const std::string& page, const std::string& title,
                const boost::json::object& ctx) {
  return Response::html(status, a.view->page(page, title, ctx));
}

Response show_home(app::App& a, Request&) {
  boost::json::array services;
  for (const auto& s : a.leads->catalog().services)
    services.push_back({{"slug", s.slug}, {"label", s.label}});
  return render(a, 200, "home", "Plumbline: local plumbers, fast and fair",
                {{"services", std::move(services)}});
}

Response show_about(app::App& a, Request&) {
  return render(a, 200, "about", "About Plumbline",
                {{"zip_source_line", a.zips->source_line()},
                 {"zip_rows", static_cast<std::int64_t>(a.zips->size())}});
}

}  // namespace plumbline::web
