// The service types and urgencies, read from the store and kept a few seconds (other instances
// follow a console edit that quickly); a catalog write in this process drops the copy at once.
#pragma once
#include <mutex>

#include "domain/catalog.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace plumbline::services {

class CatalogCache {
 public:
  CatalogCache(store::Store& store, const Clock& clock, domain::Millis keep_ms = 5'000)
      : store_(store), clock_(clock), keep_ms_(keep_ms) {}
  // A copy: callers may keep pointers into it.
  domain::Catalog get();
  // The next get() reads the store again (after a catalog write).
  void invalidate();

 private:
  store::Store& store_;
  const Clock& clock_;
  const domain::Millis keep_ms_;
  std::mutex mu_;
  domain::Catalog catalog_;
  domain::Millis loaded_at_ = -1;
};

}  // namespace plumbline::services
