// Unit tests for the error code table: every code has a name and a status, and no name repeats.
#include "domain/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace plumbline::domain {
namespace {

TEST(ErrorCodes, EveryCodeHasARowInDeclarationOrder) {
  const auto& table = error_codes();
  // sessions_ended (issue 15) is the last enumerator: a code added after it must extend the table.
  ASSERT_EQ(table.size(), static_cast<std::size_t>(ErrorCode::sessions_ended) + 1);
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(table[i].code), i) << table[i].name;
    EXPECT_GE(table[i].http_status, 400) << table[i].name;
    EXPECT_LE(table[i].http_status, 599) << table[i].name;
  }
}

TEST(ErrorCodes, NamesAreUniqueAndNonEmpty) {
  std::set<std::string> seen;
  for (const auto& row : error_codes()) {
    ASSERT_NE(row.name, nullptr);
    EXPECT_FALSE(std::string(row.name).empty());
    EXPECT_TRUE(seen.insert(row.name).second) << "repeated name " << row.name;
  }
}

TEST(ErrorCodes, StatusesClientsRelyOn) {
  EXPECT_EQ(error_http_status(ErrorCode::invalid_input), 422);
  EXPECT_EQ(error_http_status(ErrorCode::insufficient_credits), 402);
  EXPECT_EQ(error_http_status(ErrorCode::rate_limited), 429);
  EXPECT_EQ(error_http_status(ErrorCode::unavailable), 503);
  EXPECT_EQ(error_http_status(ErrorCode::internal), 500);
  EXPECT_EQ(error_http_status(ErrorCode::method_not_allowed), 405);
  EXPECT_EQ(error_http_status(ErrorCode::sessions_ended), 401);  // issue 15: sign in again
  EXPECT_STREQ(error_code_name(ErrorCode::signature_stale), "signature_stale");
  EXPECT_STREQ(error_code_name(ErrorCode::header_too_large), "header_too_large");
}

TEST(ErrorCodes, FailureCarriesItsErrorAndLogDetail) {
  Failure f{Error::make(ErrorCode::unavailable, "Try again.", "database is locked")};
  EXPECT_EQ(f.error.code, ErrorCode::unavailable);
  EXPECT_STREQ(f.what(), "database is locked");
}

}  // namespace
}  // namespace plumbline::domain
