// The thread's current store principal and its scope.
#include "store/principal.hpp"

namespace plumbline::store {

namespace {
thread_local Principal current;
}

Principal current_principal() {
  return current;
}

PrincipalScope::PrincipalScope(Principal p) : previous_(current) {
  current = p;
}

PrincipalScope::~PrincipalScope() {
  current = previous_;
}

}  // namespace plumbline::store
