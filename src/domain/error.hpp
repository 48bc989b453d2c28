// The one list of error codes, and Result<T> that carries a value or an error across layers.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace plumbline::domain {

enum class ErrorCode {
  invalid_input,  // a field or the body is wrong; details name the fields
  not_found,
  forbidden,
  unauthorized,
  conflict,
  insufficient_credits,  // 402: the balance is below the price
  lead_full,             // 409: every slot on the lead was taken
  already_claimed,       // 409: this plumber holds a claim on the lead already
  not_eligible,          // 403: the plumber may not claim this lead (the message says why)
  payments_not_set_up,   // 409: no Stripe key and no test payments; an admin grants credits
  // 401: the account signs in with a second factor; send the code.
  two_factor_required,
  // 403: an admin must set up two-factor sign-in first.
  two_factor_setup_required,
  rate_limited,
  payload_too_large,
  unsupported_media_type,
  unavailable,  // the database or a dependency is down; try again
  internal,
};

struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;              // safe to show to the client
  std::vector<FieldError> details;  // per-field problems, in form order
  std::string log_detail;           // for logs only; never shown to clients
  int retry_after_seconds = 0;      // for rate_limited: when the client may try again

  static Error make(ErrorCode c, std::string msg, std::string log = {}) {
    return Error{c, std::move(msg), {}, std::move(log), 0};
  }
};

// Returns the stable snake_case name used in JSON envelopes and logs.
const char* error_code_name(ErrorCode code);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() {
  return Unit{};
}

}  // namespace plumbline::domain
