// The one list of error codes (with their HTTP status), Result<T> that carries a value or an error
// across layers, and Failure, the exception that carries an Error out of a read.
#pragma once
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace plumbline::domain {

// Every error a client can see. The JSON name and HTTP status of each sit in one table
// (error.cpp); a new code goes there too.
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
  unavailable,     // the database or a dependency is down; try again
  internal,        // a bug: logged with the request id
  bad_request,     // 400: the request itself cannot be read (no Host, a form that does not decode)
  invalid_json,    // 400: a webhook body that is not JSON
  wrong_livemode,  // 400: a Stripe event of the other mode (test vs live)
  signature_missing_header,  // 400: Stripe-Signature is absent
  signature_malformed,       // 400: Stripe-Signature lacks t= or v1=
  signature_stale,           // 400: Stripe-Signature is outside the tolerance
  signature_mismatch,        // 400: Stripe-Signature does not match the body
  method_not_allowed,        // 405: the path exists, the method does not
  misdirected_request,       // 421: a Host this server does not answer to
  header_too_large,          // 431: the request headers are too large
  not_configured,            // 503: a feature this server has no settings for
  gone,                      // 410: a public profile of a suspended or closed account (issue 17)
  // 401: an access token issued before the user's sessions were ended (issue 15); sign in again.
  sessions_ended,
};

// One row of the table: the name clients see in JSON envelopes and logs, and the HTTP status.
struct ErrorCodeInfo {
  ErrorCode code;
  const char* name;
  int http_status;
};

// Every code in declaration order (the table a unit test checks for gaps and repeated names).
const std::vector<ErrorCodeInfo>& error_codes();
// Returns the stable snake_case name used in JSON envelopes and logs.
const char* error_code_name(ErrorCode code);
// Returns the HTTP status for a code.
int error_http_status(ErrorCode code);

struct FieldError {
  std::string field;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;              // safe to show to the client
  std::vector<FieldError> details;  // per-field problems, in form order
  std::string log_detail;           // for logs only; never shown to clients
  int retry_after_seconds = 0;      // rate_limited, unavailable: when the client may try again

  static Error make(ErrorCode c, std::string msg, std::string log = {}) {
    return Error{c, std::move(msg), {}, std::move(log), 0};
  }
};

// Thrown where a Result cannot be returned (Store::read): the HTTP server answers with `error`.
// what() is the log detail, never shown to clients.
class Failure : public std::exception {
 public:
  explicit Failure(Error e) : error(std::move(e)) {}
  const char* what() const noexcept override {
    return error.log_detail.empty() ? error.message.c_str() : error.log_detail.c_str();
  }
  Error error;
};

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
