// The store principal of a signed-in route group: routes.cpp puts it after `require` so that the
// handler's transactions run under PostgreSQL's row-level security as that plumber (or as staff).
#pragma once
#include "http/router.hpp"

namespace plumbline::web {

// A plumber's request runs as that plumber; a staff member's as staff; anyone else's as the
// system (the store's default).
http::Middleware row_principal();

}  // namespace plumbline::web
