// Opens the store principal scope around a signed-in request's handler.
#include "web/row_principal.hpp"

#include "domain/account.hpp"
#include "store/principal.hpp"

namespace plumbline::web {

http::Middleware row_principal() {
  return [](http::Request& req, const http::Handler& next) {
    store::Principal p;
    if (req.principal.role == domain::role_plumber) {
      p.kind = store::Principal::Kind::plumber;
      p.user_id = req.principal.user_id;
    } else if (domain::is_staff(req.principal.role)) {
      p.kind = store::Principal::Kind::staff;
    }
    store::PrincipalScope scope(p);
    return next(req);
  };
}

}  // namespace plumbline::web
