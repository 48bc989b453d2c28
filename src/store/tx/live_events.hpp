// LiveEventsTx: the dashboard's live event feed; store/{sqlite,postgres}/live_events.cpp implement
// it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/marketplace.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_LIVE_EVENTS_TX(M)                                                        \
  M(std::int64_t, insert_live_event,                                                       \
    (const std::string& kind, domain::LeadId lead_id, domain::Millis at))                  \
  /* Events with id > after_id, oldest first. */                                           \
  M(std::vector<domain::LiveEvent>, live_events_after, (std::int64_t after_id, int limit)) \
  /* 0 when there are none. */                                                             \
  M(std::int64_t, last_live_event_id, ())                                                  \
  M(int, delete_live_events_before, (domain::Millis before))

namespace plumbline::store {

class LiveEventsTx {
 public:
  PLUMBLINE_LIVE_EVENTS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~LiveEventsTx() = default;
};

}  // namespace plumbline::store
