// Fuzz target: the Stripe webhook as web/webhooks/stripe.cpp handles it: the Stripe-Signature
// check over the raw body, the JSON, the mode rule, then PaymentService::handle_event applying
// the event to a real SQLite store (one plumber, the seeded plans and packs). Oracles: nothing
// throws; the plumber's cached balance always equals the sum of their ledger.
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>

#include "fuzz_input.hpp"
#include "integrations/stripe_signature.hpp"
#include "services/payments.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace plumbline;

constexpr domain::Millis now_ms = 1'700'000'000'000;
const std::string secret = "whsec_fuzz";

struct World {
  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
  services::FixedClock clock{now_ms};
  std::unique_ptr<services::PaymentService> payments;
  domain::UserId plumber;

  World() {
    dir = std::filesystem::temp_directory_path() /
          ("plumbline_fuzz_stripe_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store::StoreOptions options;
    options.read_pool_size = 1;
    options.synchronous_full = false;  // a throwaway database: no fsync per event
    store = store::make_sqlite_store((dir / "fuzz.db").string(), options);
    store->migrate();
    store->write_tx([&](store::Tx& tx) {
      domain::User u;
      u.email = "plumber1@example.com";
      u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
      u.role = domain::Role::plumber;
      u.created_at = u.updated_at = now_ms;
      plumber = tx.insert_user(u);
      tx.insert_plumber(domain::Plumber{plumber, "Pipes & Drains", "Zoë", "+14155550134"});
      return true;
    });
    payments = std::make_unique<services::PaymentService>(*store, clock);
  }
  ~World() {
    payments.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

World& world() {
  static World w;
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)world();
  return 0;
}

// Input: a Stripe-Signature header, NUL, the body. An empty header is replaced by a valid
// signature of the body, so that most inputs reach the event handling.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto f = fuzz::fields(fuzz::text(data, size), 2);
  auto& w = world();
  auto now_s = now_ms / 1000;
  std::string header(f[0]);
  if (header.empty())
    header =
        "t=" + std::to_string(now_s) + ",v1=" + integrations::stripe_signature(secret, now_s, f[1]);
  if (integrations::verify_stripe_signature(secret, header, f[1], now_s) !=
      integrations::StripeSignatureResult::ok)
    return 0;
  boost::system::error_code ec;
  auto event = boost::json::parse(f[1], ec);
  if (ec || w.payments->wrong_mode(event)) return 0;
  auto result = w.payments->handle_event(event);
  if (!result.ok()) FUZZ_CHECK(result.error().code != domain::ErrorCode::internal);
  w.store->read_tx([&](store::Tx& tx) {
    FUZZ_CHECK(tx.credit_balance(w.plumber) == tx.ledger_sum(w.plumber));
    FUZZ_CHECK(tx.credit_balance(w.plumber) >= 0);
  });
  return 0;
}
