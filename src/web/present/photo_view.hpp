// Request photos as pages show them (issue 17): thumbnails with their size, and a link to the full
// image where the viewer may open it. The URLs carry the photo's random id; every fetch is checked.
#pragma once
#include <boost/json/array.hpp>
#include <string>
#include <vector>

#include "domain/photos.hpp"

namespace plumbline::web {

// `base`: "/photos" for signed-in viewers, "/t/{token}/photos" for the homeowner. `full`: whether
// each thumbnail links to the full image (claimants, staff, the homeowner).
boost::json::array photo_gallery(const std::vector<domain::PhotoInfo>& photos,
                                 const std::string& base, bool full);

}  // namespace plumbline::web
