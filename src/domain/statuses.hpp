// The states records move through (lead, plumber review, plan, claim outcome, dispute, outbox
// message, user role) as enum classes, with one to_string/parse pair: the strings are the ones
// stored in the database and sent on the wire, converted at the edges only.
#pragma once
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace plumbline::domain {

enum class LeadStatus { open, full, closed, expired };
enum class PlumberStatus { pending, approved, rejected, suspended };   // the admin's review
enum class PlanStatus { none, active, trialing, past_due, canceled };  // Stripe's or an admin's
enum class ClaimOutcome { new_, contacted, quoted, won, lost };        // "new": not contacted yet
enum class DisputeStatus { pending, approved, denied };
enum class MessageStatus { pending, sending, sent, dead };  // an outbox message
// Support staff read everything, decide disputes, resend messages and add notes; no money,
// settings, roles or closure (those are the admin's).
enum class Role { plumber, admin, support };

// The stored string of each enumerator, in declaration order.
template <class E>
struct StatusNames;
template <>
struct StatusNames<LeadStatus> {
  static constexpr std::array<const char*, 4> names{"open", "full", "closed", "expired"};
};
template <>
struct StatusNames<PlumberStatus> {
  static constexpr std::array<const char*, 4> names{"pending", "approved", "rejected", "suspended"};
};
template <>
struct StatusNames<PlanStatus> {
  static constexpr std::array<const char*, 5> names{"none", "active", "trialing", "past_due",
                                                    "canceled"};
};
template <>
struct StatusNames<ClaimOutcome> {
  static constexpr std::array<const char*, 5> names{"new", "contacted", "quoted", "won", "lost"};
};
template <>
struct StatusNames<DisputeStatus> {
  static constexpr std::array<const char*, 3> names{"pending", "approved", "denied"};
};
template <>
struct StatusNames<MessageStatus> {
  static constexpr std::array<const char*, 4> names{"pending", "sending", "sent", "dead"};
};
template <>
struct StatusNames<Role> {
  static constexpr std::array<const char*, 3> names{"plumber", "admin", "support"};
};

template <class E>
concept NamedStatus = requires {
  StatusNames<E>::names;
};

// The stored string ("past_due"); never empty. A value outside the enumerators (only a cast can
// make one) reads "unknown" rather than past the end of the table.
template <NamedStatus E>
constexpr const char* to_string(E e) {
  const auto i = static_cast<std::size_t>(e);
  return i < StatusNames<E>::names.size() ? StatusNames<E>::names[i] : "unknown";
}

// The enumerator a stored or submitted string names; nullopt for any other string (case matters).
template <NamedStatus E>
constexpr std::optional<E> parse(std::string_view s) {
  const auto& names = StatusNames<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (s == names[i]) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace plumbline::domain
