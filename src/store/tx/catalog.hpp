// CatalogTx: service types and urgencies; store/{sqlite,postgres}/catalog.cpp implement it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/catalog.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_CATALOG_TX(M)                                                               \
  M(domain::Catalog, catalog, ())                                                             \
  /* Inserts a service type, or updates the one with its slug (leads keep theirs as sold). */ \
  M(void, put_service_type, (const domain::ServiceType& service))                             \
  /* Updates an urgency's label and surcharge; false when the slug is unknown. */             \
  M(bool, update_urgency, (const domain::Urgency& urgency))                                   \
  /* Replaces a service's questions with `questions`, in their order (issue 17). */           \
  M(void, replace_service_questions,                                                          \
    (const std::string& slug, const std::vector<domain::ServiceQuestion>& questions))

namespace plumbline::store {

class CatalogTx {
 public:
  PLUMBLINE_CATALOG_TX(PLUMBLINE_TX_PURE)

 protected:
  ~CatalogTx() = default;
};

}  // namespace plumbline::store
