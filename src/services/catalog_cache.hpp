// The service types and urgencies, read from the store and kept for a minute.
#pragma once
#include <mutex>

#include "domain/catalog.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace plumbline::services {

class CatalogCache {
 public:
  CatalogCache(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  // A copy: callers may keep pointers into it.
  domain::Catalog get();

 private:
  store::Store& store_;
  const Clock& clock_;
  std::mutex mu_;
  domain::Catalog catalog_;
  domain::Millis loaded_at_ = -1;
};

}  // namespace plumbline::services
