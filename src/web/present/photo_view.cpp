// Request photos as a gallery context: thumb_url, full_url (when allowed), sizes and a label.
#include "web/present/photo_view.hpp"

namespace plumbline::web {

boost::json::array photo_gallery(const std::vector<domain::PhotoInfo>& photos,
                                 const std::string& base, bool full) {
  boost::json::array out;
  int n = 0;
  for (const auto& p : photos) {
    ++n;
    boost::json::object o{{"thumb_url", base + "/" + p.id + "/thumb"},
                          {"thumb_width", p.thumb_width},
                          {"thumb_height", p.thumb_height},
                          {"alt", "Photo " + std::to_string(n) + " of " +
                                      std::to_string(photos.size()) + " from the homeowner"}};
    if (full) o["full_url"] = base + "/" + p.id;
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace plumbline::web
