// Unit tests for the row principal middleware: a plumber's handler runs as that plumber, staff as
// staff, anyone else as the system, and the scope ends with the request.
#include "web/row_principal.hpp"

#include <gtest/gtest.h>

#include "domain/account.hpp"
#include "store/principal.hpp"

namespace plumbline::web {
namespace {

using Kind = store::Principal::Kind;

// The principal the handler saw, for a request signed in with `role` as user 42.
store::Principal seen_by_handler(std::optional<domain::Role> role) {
  http::Request req;
  if (role) {
    req.principal.user_id = domain::UserId{42};
    req.principal.role = role;
  }
  store::Principal seen;
  row_principal()(req, [&](http::Request&) {
    seen = store::current_principal();
    return http::Response::text(200, "ok");
  });
  return seen;
}

TEST(RowPrincipal, APlumbersHandlerRunsAsThatPlumber) {
  auto p = seen_by_handler(domain::Role::plumber);
  EXPECT_EQ(p.kind, Kind::plumber);
  EXPECT_EQ(p.user_id.value, 42);
  EXPECT_EQ(store::current_principal().kind, Kind::system) << "the scope ends with the request";
}

TEST(RowPrincipal, StaffRunAsStaffAndEveryoneElseAsTheSystem) {
  EXPECT_EQ(seen_by_handler(domain::Role::admin).kind, Kind::staff);
  EXPECT_EQ(seen_by_handler(domain::Role::support).kind, Kind::staff);
  EXPECT_EQ(seen_by_handler(std::nullopt).kind, Kind::system);
}

}  // namespace
}  // namespace plumbline::web
