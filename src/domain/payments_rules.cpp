// Payment rules without I/O: which Stripe mode a secret key belongs to.
#include "domain/payments_rules.hpp"

namespace plumbline::domain {

bool stripe_key_is_live(std::string_view key) {
  return key.starts_with("sk_live_") || key.starts_with("rk_live_");
}

}  // namespace plumbline::domain
