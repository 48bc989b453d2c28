// Opens the store principal scope around a signed-in request's handler.
#include "web/row_principal.hpp"

#include "services/acting_for.hpp"

namespace plumbline::web {

http::Middleware row_principal() {
  return [](http::Request& req, const http::Handler& next) {
    services::ActingFor acting(req.principal.user_id, req.principal.role);
    return next(req);
  };
}

}  // namespace plumbline::web
