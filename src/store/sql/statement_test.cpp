// Unit tests of the compile-time $N → ?N rewrite that lets SQLite run the shared statements.
#include "store/sql/statement.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace plumbline::store::sql {
namespace {

constexpr Statement one{"t_one", "SELECT x FROM t WHERE id = $1"};
constexpr Statement ten{"t_ten", "UPDATE t SET a = $10, b = $2 WHERE id = $1"};
constexpr Statement reversed{"t_rev", "UPDATE t SET a = $2 WHERE id = $1"};
constexpr Statement literal{"t_lit", "SELECT '$1 costs $2', x FROM t WHERE y = $1"};
constexpr Statement escaped{"t_esc",
                            "SELECT a || E'\\n\\'$3' || $3::text, 'it''s $1', \"$1\" FROM t"};
constexpr Statement dollar_word{"t_word", "SELECT $x, $ FROM t WHERE z = $1"};

std::string_view text_of(const char* s) {
  return s;
}

TEST(SqlStatement, RewritesPlaceholdersKeepingTheirNumbers) {
  EXPECT_EQ(text_of(sqlite_text<one>), "SELECT x FROM t WHERE id = ?1");
  EXPECT_EQ(text_of(sqlite_text<ten>), "UPDATE t SET a = ?10, b = ?2 WHERE id = ?1");
  EXPECT_EQ(text_of(sqlite_text<reversed>), "UPDATE t SET a = ?2 WHERE id = ?1");
}

TEST(SqlStatement, LeavesDollarsInsideLiteralsCastsAndWordsAlone) {
  EXPECT_EQ(text_of(sqlite_text<literal>), "SELECT '$1 costs $2', x FROM t WHERE y = ?1");
  EXPECT_EQ(text_of(sqlite_text<escaped>),
            "SELECT a || E'\\n\\'$3' || ?3::text, 'it''s $1', \"$1\" FROM t");
  EXPECT_EQ(text_of(sqlite_text<dollar_word>), "SELECT $x, $ FROM t WHERE z = ?1");
}

TEST(SqlStatement, KeepsTheNameAndThePostgresText) {
  EXPECT_EQ(std::string_view(ten.name), "t_ten");
  EXPECT_EQ(text_of(ten.text.data()), "UPDATE t SET a = $10, b = $2 WHERE id = $1");
}

// The rewrite runs at compile time.
static_assert(sqlite_text_of<reversed>[17] == '?');

}  // namespace
}  // namespace plumbline::store::sql
