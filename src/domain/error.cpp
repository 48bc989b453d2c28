// Names of the error codes as clients see them.
#include "domain/error.hpp"

namespace plumbline::domain {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_input:
      return "invalid_input";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::forbidden:
      return "forbidden";
    case ErrorCode::unauthorized:
      return "unauthorized";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::insufficient_credits:
      return "insufficient_credits";
    case ErrorCode::lead_full:
      return "lead_full";
    case ErrorCode::already_claimed:
      return "already_claimed";
    case ErrorCode::not_eligible:
      return "not_eligible";
    case ErrorCode::payments_not_set_up:
      return "payments_not_set_up";
    case ErrorCode::two_factor_required:
      return "two_factor_required";
    case ErrorCode::two_factor_setup_required:
      return "two_factor_setup_required";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::payload_too_large:
      return "payload_too_large";
    case ErrorCode::unsupported_media_type:
      return "unsupported_media_type";
    case ErrorCode::unavailable:
      return "unavailable";
    case ErrorCode::internal:
      return "internal";
  }
  return "internal";
}

}  // namespace plumbline::domain
