// GET /pros/{slug} (issue 17): a plumber's public profile with its title, meta description and
// schema.org Plumber JSON-LD; an old slug after a rename answers 301 to the current one.
#include "http/errors.hpp"
#include "web/handlers.hpp"
#include "web/local_time.hpp"
#include "web/present/review_view.hpp"

namespace plumbline::web {

Response show_public_profile(const Services& a, Request& req) {
  auto slug = req.param("slug");
  auto p = a.public_profiles->profile(slug);
  if (!p) return http::error_response(req, p.error());
  if (p->slug != slug) return Response::redirect("/pros/" + p->slug, 301);
  auto name = platform_name(a);
  auto url = a.settings.base_url + "/pros/" + p->slug;
  auto ctx = profile_context(*p, staff_zone(a), name);
  const auto& prof = p->plumber.profile;
  std::string where = p->city.empty() ? prof.base_zip : p->city + ", " + p->state;
  std::string description =
      prof.business_name + ": plumber in " + where + " with checks " + name + " made and dated";
  if (p->rating.count > 0)
    description += ", rated " + domain::tenths_text(p->rating.overall_x10) + " of 5 by " +
                   std::to_string(p->rating.count) + " verified " +
                   (p->rating.count == 1 ? "homeowner" : "homeowners");
  description += ".";
  ctx["meta_description"] = description;
  ctx["canonical_url"] = url;
  ctx["json_ld"] = profile_json_ld(*p, url);
  return render(a, req, 200, "public_profile", prof.business_name + ", plumber in " + where, ctx);
}

}  // namespace plumbline::web
