// Storage failures as kinds the services can map; driver error codes never leave store/.
#pragma once
#include <stdexcept>
#include <string>

namespace plumbline::store {

enum class StoreErrorKind {
  unique_violation,
  check_violation,
  busy,
  connection_lost,
  schema,
  other
};

class StoreError : public std::runtime_error {
 public:
  StoreError(StoreErrorKind kind, const std::string& what)
      : std::runtime_error(what), kind_(kind) {}
  StoreErrorKind kind() const { return kind_; }

 private:
  StoreErrorKind kind_;
};

}  // namespace plumbline::store
