// The overview report's raw figures as the store returns them: sums per time slot (t / slot_ms),
// which the report service folds into the period's buckets (see domain::ReportRange::slot_ms).
#pragma once
#include <cstdint>

namespace plumbline::domain {

// One slot's sums; what `first` and `second` count is said by the store method that returns it.
struct OverviewSlot {
  std::int64_t slot = 0;  // created_at / slot_ms
  std::int64_t first = 0;
  std::int64_t second = 0;
};

}  // namespace plumbline::domain
