// What a shared row mapper reads from: a SQLite statement on a row, or one PostgreSQL result row.
#pragma once
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/ids.hpp"
#include "domain/statuses.hpp"
#include "store/errors.hpp"

namespace plumbline::store::sql {

// Columns by index: sqlite::Statement and pg::Row both satisfy it.
template <typename R>
concept RowReader = requires(const R& r, int i) {
  { r.is_null(i) } -> std::same_as<bool>;
  { r.text(i) } -> std::same_as<std::string>;
  { r.int64(i) } -> std::same_as<std::int64_t>;
  { r.real(i) } -> std::same_as<double>;
  { r.boolean(i) } -> std::same_as<bool>;
  { r.opt_int64(i) } -> std::same_as<std::optional<std::int64_t>>;
};

// A status column as its enum (domain/statuses.hpp); a word the domain does not know is a row
// written by something else, refused rather than guessed.
template <domain::NamedStatus E, RowReader R>
E status_column(const R& r, int i) {
  auto word = r.text(i);
  if (auto e = domain::parse<E>(word)) return *e;
  throw StoreError(StoreErrorKind::other,
                   "unknown status '" + word + "' in column " + std::to_string(i));
}

// A status filter or nullable status as the word bound for it: '' for none (the statements read ''
// as "any status", and lead_history's first entry stores it).
template <domain::NamedStatus E>
std::string_view status_word(const std::optional<E>& e) {
  return e ? domain::to_string(*e) : "";
}

// An id column as its type (domain/ids.hpp): `c.lead_id = id_column<domain::LeadId>(r, i++)`.
template <class IdT, RowReader R>
IdT id_column(const R& r, int i) {
  return IdT{r.int64(i)};
}

// A nullable id column: none for NULL.
template <class IdT, RowReader R>
std::optional<IdT> opt_id_column(const R& r, int i) {
  if (r.is_null(i)) return std::nullopt;
  return IdT{r.int64(i)};
}

}  // namespace plumbline::store::sql
