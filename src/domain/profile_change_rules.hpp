// Verification that follows the facts: which verified profile facts a plumber changed after an
// admin checked them, and the review that is left once those changes clear their checks.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/marketplace.hpp"

namespace plumbline::domain {

// The verified facts, in the order they are compared and listed.
inline constexpr const char* fact_business_name = "business_name";
inline constexpr const char* fact_licence_number = "licence_number";
inline constexpr const char* fact_licence_state = "licence_state";
inline constexpr const char* fact_insurance_carrier = "insurance_carrier";
inline constexpr const char* fact_insurance_expires_on = "insurance_expires_on";

bool is_verified_fact(const std::string& field);

// Whether changes to verified facts must be recorded and clear their checks: the plumber is
// approved, or suspended after a check (a verification date is on record). A pending or rejected
// plumber is reviewed as a whole anyway.
bool verified_facts_apply(const PlumberReview& review);

// The verified facts that differ between the stored profile and the (validated) new input, as
// pending changes at `now`, in fact order. Values are compared after normalisation (trimmed, runs
// of white space as one space, case folded), so "c36-1 " and "C36-1" are the same licence.
std::vector<ProfileChange> verified_fact_changes(UserId plumber_id,
                                                 const PlumberProfileInput& stored,
                                                 const PlumberProfileInput& input, Millis now);

// The review after these changes: a business name, licence number or licence state change clears
// licence_verified_on (the licence check ties the number to the business); an insurance carrier or
// expiry change clears insurance_valid_until. Status, reason and reviewer stay: the plumber keeps
// working while the change waits for an admin.
PlumberReview review_after_changes(PlumberReview review, const std::vector<ProfileChange>& changes);

// "licence number", "insurance expiry date", ... (the field itself when unknown).
std::string verified_fact_label(const std::string& field);

// The labels of the facts with a pending change, each once, in fact order.
std::vector<std::string> facts_waiting_for_check(const std::vector<ProfileChange>& changes);

}  // namespace plumbline::domain
