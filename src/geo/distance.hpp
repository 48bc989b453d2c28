// Great-circle distance and radius bounding boxes on the sphere PostGIS uses, so SQLite and
// PostgreSQL matching give the same answers.
#pragma once

namespace plumbline::geo {

// PostGIS's sphere (ST_DWithin with use_spheroid = false): the WGS84 mean radius.
inline constexpr double earth_radius_m = 6371008.7714;
inline constexpr double metres_per_mile = 1609.344;
inline constexpr double earth_radius_miles = earth_radius_m / metres_per_mile;

// Haversine distance in miles.
double great_circle_miles(double lat1, double lng1, double lat2, double lng2);

// A lat/lng box that contains every point within `miles` of the centre (a little larger, never
// smaller). Near the poles or across the antimeridian the longitude range widens to [-180, 180].
struct BoundingBox {
  double min_lat, max_lat, min_lng, max_lng;
};
BoundingBox bounding_box(double lat, double lng, double miles);

}  // namespace plumbline::geo
