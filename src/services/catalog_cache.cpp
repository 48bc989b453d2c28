// The catalog cache: reloaded when older than a minute.
#include "services/catalog_cache.hpp"

namespace plumbline::services {

domain::Catalog CatalogCache::get() {
  std::lock_guard lk(mu_);
  auto now = clock_.now_ms();
  if (loaded_at_ < 0 || now - loaded_at_ > 60'000) {
    catalog_ = store_.read<domain::Catalog>([](store::Tx& tx) { return tx.catalog(); });
    loaded_at_ = now;
  }
  return catalog_;
}

}  // namespace plumbline::services
