// Payment rules without I/O: which Stripe mode a secret key belongs to.
#pragma once
#include <string_view>

namespace plumbline::domain {

// True for live-mode keys (sk_live_…, rk_live_…); test keys and no key (test payments) are test
// mode. An event whose livemode differs was sent by the other mode's endpoint and is refused.
bool stripe_key_is_live(std::string_view secret_key);

}  // namespace plumbline::domain
