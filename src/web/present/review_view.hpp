// View models of issue 17: a review as pages show it (stars, text, reply, hidden state), the
// public profile's page context, and its schema.org Plumber JSON-LD.
#pragma once
#include <boost/json.hpp>
#include <string>

#include "domain/reviews.hpp"
#include "geo/time_zone.hpp"
#include "services/public_profiles.hpp"

namespace plumbline::web {

// One review: id, stars per criterion, overall (tenths), body, created_at (in `zone`),
// created_iso, reply, replied_at, hidden, hidden_reason_label, business_name.
boost::json::object review_json(const domain::Review& r, const geo::TimeZone& zone);

// schema.org Plumber with AggregateRating (visible reviews only, none without any) and up to 20
// Review items; `url` is the profile's absolute address. `<` is escaped so the text cannot close
// the script element it sits in.
std::string profile_json_ld(const services::PublicProfile& p, const std::string& url);

// The profile page's context: business, area, years, checks with dates, rating, reviews.
boost::json::object profile_context(const services::PublicProfile& p, const geo::TimeZone& zone,
                                    const std::string& platform_name);

}  // namespace plumbline::web
