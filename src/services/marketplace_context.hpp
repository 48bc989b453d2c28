// What the services that change leads, claims and credits and tell people about it share: the
// store, the clock, the catalog, the outbox's doorbell, the message settings and the marketplace's
// rules (ClaimService, DisputeService, HomeownerService).
#pragma once
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/events.hpp"
#include "services/marketplace_settings.hpp"
#include "services/notifications.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct MarketplaceContext {
  store::Store& store;
  const Clock& clock;
  CatalogCache& catalog;
  OutboxNotifier& outbox;  // rung after a committed change that queued e-mail or SMS
  NotificationSettings notifications;
  const MarketplaceRules& rules;  // read per operation: console changes apply at once
};

}  // namespace plumbline::services
