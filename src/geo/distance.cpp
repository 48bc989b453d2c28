// Haversine distance and radius bounding boxes.
#include "geo/distance.hpp"

#include <algorithm>
#include <cmath>

namespace plumbline::geo {

namespace {
constexpr double kPi = 3.14159265358979323846;
constexpr double kRad = kPi / 180.0;
}  // namespace

double great_circle_miles(double lat1, double lng1, double lat2, double lng2) {
  const double dlat = (lat2 - lat1) * kRad;
  const double dlng = (lng2 - lng1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * earth_radius_miles * std::asin(std::sqrt(std::clamp(a, 0.0, 1.0)));
}

BoundingBox bounding_box(double lat, double lng, double miles) {
  // Angular radius plus a small margin so rounding never drops a point the exact check accepts.
  const double angle = miles / earth_radius_miles * 1.0001 + 1e-9;
  const double dlat = angle / kRad;
  BoundingBox b{std::max(-90.0, lat - dlat), std::min(90.0, lat + dlat), -180.0, 180.0};
  if (b.min_lat <= -90.0 || b.max_lat >= 90.0) return b;
  // The widest longitude span of a spherical cap is asin(sin(angle) / cos(lat)).
  const double s = std::sin(angle) / std::cos(lat * kRad);
  if (s >= 1.0) return b;
  const double dlng = std::asin(s) / kRad;
  if (lng - dlng < -180.0 || lng + dlng > 180.0) return b;
  b.min_lng = lng - dlng;
  b.max_lng = lng + dlng;
  return b;
}

}  // namespace plumbline::geo
