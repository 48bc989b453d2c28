// The error code table: each code's name as clients see it and its HTTP status.
#include "domain/error.hpp"

namespace plumbline::domain {

const std::vector<ErrorCodeInfo>& error_codes() {
  using C = ErrorCode;
  static const std::vector<ErrorCodeInfo> table{
      {C::invalid_input, "invalid_input", 422},
      {C::not_found, "not_found", 404},
      {C::forbidden, "forbidden", 403},
      {C::unauthorized, "unauthorized", 401},
      {C::conflict, "conflict", 409},
      {C::insufficient_credits, "insufficient_credits", 402},
      {C::lead_full, "lead_full", 409},
      {C::already_claimed, "already_claimed", 409},
      {C::not_eligible, "not_eligible", 403},
      {C::payments_not_set_up, "payments_not_set_up", 409},
      {C::two_factor_required, "two_factor_required", 401},
      {C::two_factor_setup_required, "two_factor_setup_required", 403},
      {C::rate_limited, "rate_limited", 429},
      {C::payload_too_large, "payload_too_large", 413},
      {C::unsupported_media_type, "unsupported_media_type", 415},
      {C::unavailable, "unavailable", 503},
      {C::internal, "internal", 500},
      {C::bad_request, "bad_request", 400},
      {C::invalid_json, "invalid_json", 400},
      {C::wrong_livemode, "wrong_livemode", 400},
      {C::signature_missing_header, "signature_missing_header", 400},
      {C::signature_malformed, "signature_malformed", 400},
      {C::signature_stale, "signature_stale", 400},
      {C::signature_mismatch, "signature_mismatch", 400},
      {C::method_not_allowed, "method_not_allowed", 405},
      {C::misdirected_request, "misdirected_request", 421},
      {C::header_too_large, "header_too_large", 431},
      {C::not_configured, "not_configured", 503},
      {C::gone, "gone", 410},
      {C::sessions_ended, "sessions_ended", 401},
  };
  return table;
}

namespace {
const ErrorCodeInfo& info_of(ErrorCode code) {
  const auto& table = error_codes();
  auto i = static_cast<std::size_t>(code);
  // The table follows the declaration order (error_test checks it); an out-of-range value is a bug.
  return i < table.size() ? table[i] : table[static_cast<std::size_t>(ErrorCode::internal)];
}
}  // namespace

const char* error_code_name(ErrorCode code) {
  return info_of(code).name;
}

int error_http_status(ErrorCode code) {
  return info_of(code).http_status;
}

}  // namespace plumbline::domain
