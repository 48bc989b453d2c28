// A SQL statement written once for both backends: PostgreSQL's $N placeholders, rewritten to
// SQLite's ?N at compile time.
#pragma once
#include <array>
#include <cstddef>
#include <string_view>

namespace plumbline::store::sql {

// Bytes bound as a BLOB (SQLite) or bytea (PostgreSQL), not as text (photos, issue 17).
struct Blob {
  std::string_view bytes;
};

// The statement text with a name for PostgreSQL's prepared statement (unique in the program).
template <std::size_t N>
struct Statement {
  const char* name;
  std::array<char, N> text;
  consteval Statement(const char* statement_name, const char (&sql)[N])
      : name(statement_name), text() {
    for (std::size_t i = 0; i < N; ++i) text[i] = sql[i];
  }
};

// Rewrites each placeholder $N to ?N (same length, so the text keeps its size). SQLite reads $N as
// a named parameter numbered by first appearance, so "$2 … $1" would swap the binds; ?N keeps the
// number. A $ inside a quoted literal or identifier ('…', E'…', "…") stays as it is.
// constexpr, not consteval: statements are rewritten at compile time (sqlite_text_of), and the
// fuzz target (fuzz/sql_placeholders_fuzz.cpp) calls it at run time.
template <std::size_t N>
constexpr std::array<char, N> sqlite_placeholders(const std::array<char, N>& pg) {
  std::array<char, N> out = pg;
  char quote = 0;            // the quote character of the literal we are in, 0 outside
  bool backslashes = false;  // inside E'…', where a backslash escapes the next character
  for (std::size_t i = 0; i < N; ++i) {
    char ch = pg[i];
    if (quote != 0) {
      if (backslashes && ch == '\\') {
        ++i;
      } else if (ch == quote) {
        quote = 0;  // a doubled quote ('') closes and reopens: same outcome
      }
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      backslashes = ch == '\'' && i > 0 && (pg[i - 1] == 'E' || pg[i - 1] == 'e');
    } else if (ch == '$' && i + 1 < N && pg[i + 1] >= '0' && pg[i + 1] <= '9') {
      out[i] = '?';
    }
  }
  return out;
}

// The SQLite text of a shared statement, one array per statement in the program (so its address
// can key SQLite's statement cache).
template <const auto& S>
inline constexpr auto sqlite_text_of = sqlite_placeholders(S.text);

template <const auto& S>
inline constexpr const char* sqlite_text = sqlite_text_of<S>.data();

}  // namespace plumbline::store::sql
