// PhotosTx: the photos homeowners add to their requests (issue 17);
// store/{sqlite,postgres}/photos.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/photos.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_PHOTOS_TX(M)                                                              \
  /* Stores one processed photo (both encodings); a repeated id throws unique_violation. */ \
  M(void, insert_lead_photo, (const domain::NewPhoto& photo))                               \
  M(int, count_lead_photos, (domain::LeadId lead_id))                                       \
  /* A request's photos without their bytes, oldest first. */                               \
  M(std::vector<domain::PhotoInfo>, lead_photos, (domain::LeadId lead_id))                  \
  /* One photo's info and the bytes of the size asked for; nullopt for an unknown id. */    \
  M(std::optional<domain::PhotoBytes>, lead_photo,                                          \
    (const std::string& id, domain::PhotoSize size))                                        \
  /* Removes every photo of a request ("Delete my details"); returns how many. */           \
  M(int, delete_lead_photos, (domain::LeadId lead_id))

namespace plumbline::store {

class PhotosTx {
 public:
  PLUMBLINE_PHOTOS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~PhotosTx() = default;
};

}  // namespace plumbline::store
