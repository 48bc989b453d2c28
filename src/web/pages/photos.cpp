// Request photos' bytes (issue 17): for signed-in viewers (/photos/{id}, matched plumbers the
// thumbnail only) and for the homeowner by tracking token (/t/{token}/photos/{id}). The service
// checks the viewer against the photo's request on every request.
#include "services/photos.hpp"

#include "http/errors.hpp"
#include "web/handlers.hpp"

namespace plumbline::web {

namespace {

Response photo_response(const Request& req, const services::PhotoAsker& asker,
                        services::PhotoService& photos, domain::PhotoSize size) {
  auto r = photos.photo(req.param("id"), size, asker);
  if (!r) return http::error_response(req, r.error());
  auto res = Response::text(200, std::move(r->bytes), r->info.content_type);
  // Personal data: never in a shared cache, and only briefly in the browser's (access can end when
  // a claim is refunded). The bytes are always our own JPEG re-encode; nosniff keeps them an image.
  res.set_header("Cache-Control", "private, max-age=300");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Content-Disposition", "inline; filename=\"photo.jpg\"");
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

services::PhotoAsker signed_in_asker(const Request& req) {
  return {{}, req.principal.user_id, req.principal.role};
}

services::PhotoAsker homeowner_asker(const Request& req) {
  return {req.param("token"), {}, {}};
}

}  // namespace

Response show_photo(const Services& a, Request& req) {
  return photo_response(req, signed_in_asker(req), *a.photos, domain::PhotoSize::full);
}

Response show_photo_thumbnail(const Services& a, Request& req) {
  return photo_response(req, signed_in_asker(req), *a.photos, domain::PhotoSize::thumbnail);
}

Response show_lead_photo(const Services& a, Request& req) {
  return photo_response(req, homeowner_asker(req), *a.photos, domain::PhotoSize::full);
}

Response show_lead_photo_thumbnail(const Services& a, Request& req) {
  return photo_response(req, homeowner_asker(req), *a.photos, domain::PhotoSize::thumbnail);
}

}  // namespace plumbline::web
