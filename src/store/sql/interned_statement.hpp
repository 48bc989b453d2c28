// Statements whose text is put together at run time (the console's searches): each distinct text
// is stored once, with a stable prepared-statement name and its SQLite spelling.
#pragma once
#include <string>

namespace plumbline::store::sql {

struct InternedStatement {
  std::string name;         // "<family>_<n>", n counting the family's distinct texts
  std::string pg_text;      // the text given, with PostgreSQL's $N placeholders
  std::string sqlite_text;  // the same with ?N (the fragments' literals hold no '$')
};

// Same family and text → the same stored strings, for the life of the process (a few dozen
// shapes per family in practice: one per combination of filters in use). Thread-safe.
const InternedStatement& intern_statement(const std::string& family, const std::string& pg_text);

}  // namespace plumbline::store::sql
