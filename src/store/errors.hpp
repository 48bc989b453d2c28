// Storage failures as kinds the services can map; driver error codes never leave store/.
#pragma once
#include <string>

#include "domain/error.hpp"

namespace plumbline::store {

enum class StoreErrorKind {
  unique_violation,
  check_violation,
  busy,
  connection_lost,
  schema,
  other
};

// A Failure whose error is `unavailable`: a service or handler that does not handle the kind itself
// answers 503 "try again", never 500 (which is kept for bugs).
class StoreError : public domain::Failure {
 public:
  StoreError(StoreErrorKind kind, const std::string& what)
      : domain::Failure(domain::Error::make(domain::ErrorCode::unavailable,
                                            "The service is unavailable; please try again.", what)),
        kind_(kind) {}
  StoreErrorKind kind() const { return kind_; }

 private:
  StoreErrorKind kind_;
};

}  // namespace plumbline::store
