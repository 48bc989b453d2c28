// Ids with a type per record (LeadId, UserId, ClaimId …): a lead's id cannot be passed where a
// user's is expected. Plain integers only at the edges (SQL binds and rows, paths, JSON, logs).
#pragma once
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>

namespace plumbline::domain {

// One kind of id; Tag only tells the kinds apart. 0 means "none" (no row has id 0).
template <class Tag>
struct Id {
  std::int64_t value = 0;

  constexpr Id() = default;
  constexpr explicit Id(std::int64_t v) : value(v) {}

  constexpr bool is_set() const { return value != 0; }
  friend constexpr bool operator==(Id, Id) = default;
  friend constexpr auto operator<=>(Id, Id) = default;
};

// For logs, URLs and messages: the number in decimal.
template <class Tag>
std::string to_string(Id<Tag> id) {
  return std::to_string(id.value);
}

template <class Tag>
std::ostream& operator<<(std::ostream& os, Id<Tag> id) {
  return os << id.value;
}

// A nullable id from its plain number (a NULL column, an absent field): none stays none.
template <class IdT>
std::optional<IdT> opt_id(std::optional<std::int64_t> v) {
  return v ? std::optional<IdT>(IdT{*v}) : std::nullopt;
}

using LeadId = Id<struct LeadTag>;
using UserId = Id<struct UserTag>;  // plumbers and admins are users: a plumber's id is a UserId
using ClaimId = Id<struct ClaimTag>;
using DisputeId = Id<struct DisputeTag>;

}  // namespace plumbline::domain

template <class Tag>
struct std::hash<plumbline::domain::Id<Tag>> {
  std::size_t operator()(plumbline::domain::Id<Tag> id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
