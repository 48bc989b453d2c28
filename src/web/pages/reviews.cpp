// Verified reviews (issue 17): the homeowner's review page by its single-use link, the plumber's
// reviews with their one reply, and the staff's list where a review can be hidden for a listed
// reason.
#include "domain/reviews.hpp"

#include "http/errors.hpp"
#include "web/handlers.hpp"
#include "web/input.hpp"
#include "web/local_time.hpp"
#include "web/present/form_errors.hpp"
#include "web/present/review_view.hpp"

namespace plumbline::web {

namespace {

namespace json = boost::json;

// The review form, fresh or with what was typed and the problems.
Response review_form_page(const Services& a, const Request& req, int status,
                          const services::ReviewInvitation& inv, const domain::ReviewInput& typed,
                          const std::vector<domain::FieldError>& errors) {
  auto ctx = form_errors_context(errors);
  json::array criteria;
  const std::tuple<const char*, const char*, int> rows[] = {
      {"punctuality", "Punctuality: did they come when they said?", typed.punctuality},
      {"quality", "Quality of the work", typed.quality},
      {"price", "Price: fair for the job?", typed.price}};
  for (const auto& [name, label, value] : rows) {
    json::array stars;
    for (int n = 1; n <= 5; ++n)
      stars.push_back({{"value", n}, {"checked", n == value}, {"name", name}});
    criteria.push_back(
        {{"name", name},
         {"label", label},
         {"stars", std::move(stars)},
         {"error", ctx["errors"].as_object().contains(name) ? ctx["errors"].as_object().at(name)
                                                            : json::value("")}});
  }
  ctx["criteria"] = std::move(criteria);
  ctx["business_name"] = inv.business_name;
  ctx["service_label"] = inv.service_label;
  ctx["typed_body"] = typed.body;
  ctx["action"] = "/reviews/" + req.param("token");
  ctx["max_chars"] = static_cast<std::int64_t>(domain::review_text_max);
  auto res = render(a, req, status, "review_form", "Review " + inv.business_name, ctx);
  res.set_header("Referrer-Policy", "no-referrer");  // the URL is the secret
  res.set_header("Cache-Control", "no-store");
  return res;
}

Response review_link_problem(const Services& a, const Request& req, const domain::Error& e) {
  if (e.code != domain::ErrorCode::conflict) return http::error_response(req, e);
  auto res = render(a, req, 409, "message", "Review link",
                    {{"heading", "Review link"}, {"message", e.message}});
  res.set_header("Referrer-Policy", "no-referrer");
  return res;
}

json::array hide_reason_options() {
  json::array out;
  for (const auto& r : domain::review_hide_reasons())
    out.push_back({{"value", r}, {"label", domain::review_hide_reason_label(r)}});
  return out;
}

// The plumber's reviews page; `error_id`/`e`: the reply form that failed.
Response my_reviews_page(const Services& a, const Request& req, int status,
                         const std::string& flash, std::int64_t error_id = 0,
                         const domain::Error* e = nullptr, const std::string& typed = {}) {
  auto list = a.reviews->for_plumber(req.principal.user_id);
  if (!list) return http::error_response(req, list.error());
  const auto& zone = plumber_zone(a, req.principal.user_id);
  json::array reviews;
  for (const auto& r : *list) {
    auto o = review_json(r, zone);
    o["reply_url"] = "/my-reviews/" + std::to_string(r.id) + "/reply";
    o["can_reply"] = !r.reply.has_value();
    if (r.id == error_id && e) {
      o["error"] = e->details.empty() ? e->message : e->details.front().message;
      o["typed"] = typed;
    }
    reviews.push_back(std::move(o));
  }
  std::string slug;  // the reviews carry the business name: no second service call
  if (!list->empty())
    slug = domain::profile_slug(list->front().business_name, req.principal.user_id.value);
  return render(a, req, status, "my_reviews", "My reviews",
                {{"reviews", std::move(reviews)},
                 {"has_reviews", !list->empty()},
                 {"profile_url", slug.empty() ? "" : "/pros/" + slug},
                 {"flash", flash}});
}

Response admin_reviews_page(const Services& a, const Request& req, int status,
                            const std::string& flash, std::int64_t error_id = 0,
                            const domain::Error* e = nullptr) {
  auto list = a.reviews->list(200, 0);
  if (!list) return http::error_response(req, list.error());
  const auto& zone = staff_zone(a);
  json::array reviews;
  int hidden = 0;
  for (const auto& r : *list) {
    auto o = review_json(r, zone);
    o["hide_url"] = "/admin/reviews/" + std::to_string(r.id) + "/hide";
    o["profile_url"] = "/pros/" + domain::profile_slug(r.business_name, r.plumber_id.value);
    o["reasons"] = hide_reason_options();
    if (r.id == error_id && e)
      o["error"] = e->details.empty() ? e->message : e->details.front().message;
    if (r.hidden()) ++hidden;
    reviews.push_back(std::move(o));
  }
  return render(a, req, status, "admin_reviews", "Reviews",
                {{"reviews", std::move(reviews)},
                 {"has_reviews", !list->empty()},
                 {"hidden_count", hidden},
                 {"flash", flash}});
}

}  // namespace

// GET /reviews/{token}: the review form behind the e-mail's single-use link.
Response show_review_form(const Services& a, Request& req) {
  auto inv = a.reviews->invitation(req.param("token"));
  if (!inv) return review_link_problem(a, req, inv.error());
  return review_form_page(a, req, 200, *inv, {}, {});
}

// POST /reviews/{token}: stores the review (once) and thanks the homeowner.
Response submit_review(const Services& a, Request& req) {
  auto f = form_of(req);
  domain::ReviewInput in;
  in.punctuality = parse_int(f.get("punctuality"), 1, 5).value_or(0);
  in.quality = parse_int(f.get("quality"), 1, 5).value_or(0);
  in.price = parse_int(f.get("price"), 1, 5).value_or(0);
  in.body = f.get("body");
  auto token = req.param("token");
  auto r = a.reviews->submit(token, in);
  if (r) {
    auto res = render(
        a, req, 200, "message", "Thank you",
        {{"heading", "Thank you for your review"},
         {"message", "Your review is on the plumber's public profile now."},
         {"link_url", "/pros/" + domain::profile_slug(r->business_name, r->plumber_id.value)},
         {"link_text", "See the profile"}});
    res.set_header("Referrer-Policy", "no-referrer");
    return res;
  }
  if (r.error().code == domain::ErrorCode::invalid_input) {
    auto inv = a.reviews->invitation(token);
    if (!inv) return review_link_problem(a, req, inv.error());
    return review_form_page(a, req, 422, *inv, in, r.error().details);
  }
  return review_link_problem(a, req, r.error());
}

Response show_my_reviews(const Services& a, Request& req) {
  auto done = query_of(req).get("done");
  return my_reviews_page(a, req, 200, done == "replied" ? "Your reply is published." : "");
}

Response submit_review_reply(const Services& a, Request& req) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such review."});
  auto text = form_of(req).get("reply");
  auto r = a.reviews->reply(req.principal.user_id, *id, text);
  if (r) return Response::redirect("/my-reviews?done=replied#review-" + std::to_string(*id));
  const auto& e = r.error();
  if (e.code == domain::ErrorCode::invalid_input || e.code == domain::ErrorCode::conflict)
    return my_reviews_page(a, req, e.code == domain::ErrorCode::conflict ? 409 : 422, "", *id, &e,
                           text);
  return http::error_response(req, e);
}

Response show_admin_reviews(const Services& a, Request& req) {
  auto done = query_of(req).get("done");
  return admin_reviews_page(a, req, 200, done == "hidden" ? "The review is hidden." : "");
}

// POST /admin/reviews/{id}/hide: reason (abuse | personal_data | not_about_job), optional note.
Response submit_admin_review_hide(const Services& a, Request& req) {
  auto id = parse_id(req.param("id"));
  if (!id) return http::error_response(req, {domain::ErrorCode::not_found, "No such review."});
  auto f = form_of(req);
  auto r = a.reviews->hide(actor_of(req), *id, f.get("reason"), f.get("note"));
  if (r) return Response::redirect("/admin/reviews?done=hidden#review-" + std::to_string(*id));
  const auto& e = r.error();
  if (e.code == domain::ErrorCode::invalid_input || e.code == domain::ErrorCode::conflict)
    return admin_reviews_page(a, req, e.code == domain::ErrorCode::conflict ? 409 : 422, "", *id,
                              &e);
  return http::error_response(req, e);
}

}  // namespace plumbline::web
