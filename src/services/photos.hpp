// PhotoService: the photos homeowners add to their requests (issue 17 item 2): decoded and
// stripped through the ImageProcessor before any transaction, stored through the store, and served
// only to the viewers domain::photo_visible lets see them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/ids.hpp"
#include "domain/photos.hpp"
#include "domain/statuses.hpp"
#include "integrations/images.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// One uploaded file as the form sent it. The name is shown back in messages, never trusted.
struct PhotoUpload {
  std::string filename;
  std::string_view bytes;  // the caller keeps them alive for the call (a form body: no copy)
};

// Photos decoded and checked, not yet stored (the request form stores them after its intake).
struct PreparedPhotos {
  std::vector<integrations::ProcessedImage> images;
};

// Who asks for a photo. Exactly what the request carried: a tracking token in the URL, or a
// signed-in user and role (or neither).
struct PhotoAsker {
  std::string tracking_token;
  domain::UserId user_id;
  std::optional<domain::Role> role;
};

class PhotoService {
 public:
  PhotoService(store::Store& store, const Clock& clock, const integrations::ImageProcessor& images)
      : store_(store), clock_(clock), images_(images) {}

  // Checks the count and byte caps (as if `stored` photos were there already), then decodes each
  // file; invalid_input (field "photos", naming the file) for the first that is refused. No I/O
  // but the CPU: call it before the transaction.
  domain::Result<PreparedPhotos> prepare(const std::vector<PhotoUpload>& files,
                                         int stored = 0) const;
  // Stores prepared photos on the request behind `token`, in one transaction that checks the
  // count again (two tabs at once cannot pass six). Returns the request's photos after it.
  domain::Result<std::vector<domain::PhotoInfo>> attach(const std::string& token,
                                                        PreparedPhotos photos);
  // The tracking page's "add details" box: prepare and attach; conflict once the request is
  // closed or expired.
  domain::Result<std::vector<domain::PhotoInfo>> add_by_token(
      const std::string& token, const std::vector<PhotoUpload>& files);
  // The photos of the request behind a tracking token (the tracking page), oldest first.
  domain::Result<std::vector<domain::PhotoInfo>> for_homeowner(const std::string& token);
  // The photos of a request that `asker` may see at `size` at least (empty when none).
  domain::Result<std::vector<domain::PhotoInfo>> for_viewer(domain::LeadId lead,
                                                            const PhotoAsker& asker);
  // One photo's bytes, checked against the asker on every call: not_found for an unknown id or a
  // viewer who may see nothing of the request; forbidden for a matched plumber asking for the full
  // image before claiming.
  domain::Result<domain::PhotoBytes> photo(const std::string& id, domain::PhotoSize size,
                                           const PhotoAsker& asker);

 private:
  store::Store& store_;
  const Clock& clock_;
  const integrations::ImageProcessor& images_;
};

}  // namespace plumbline::services
