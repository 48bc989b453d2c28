// The catalog cache: reloaded when older than keep_ms, or at once after invalidate().
#include "services/catalog_cache.hpp"

namespace plumbline::services {

domain::Catalog CatalogCache::get() {
  std::lock_guard lk(mu_);
  auto now = clock_.now_ms();
  if (loaded_at_ < 0 || now - loaded_at_ > keep_ms_) {
    catalog_ = store_.read<domain::Catalog>([](store::Tx& tx) { return tx.catalog(); });
    loaded_at_ = now;
  }
  return catalog_;
}

void CatalogCache::invalidate() {
  std::lock_guard lk(mu_);
  loaded_at_ = -1;
}

}  // namespace plumbline::services
