// Service types and urgencies: reference data loaded from the database, with their labels and
// prices.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "domain/credits.hpp"
#include "domain/service_questions.hpp"

namespace plumbline::domain {

struct ServiceType {
  std::string slug, label;
  Credits base_price_credits = 0;
  bool active = true;
  std::string description;  // shown on the request form
  int sort_order = 0;
  std::vector<ServiceQuestion> questions;  // asked on the request form, in order (issue 17)
};

struct Urgency {
  std::string slug, label;
  Credits surcharge_credits = 0;
  int sort_order = 0;
};

struct Catalog {
  std::vector<ServiceType> services;  // in display order
  std::vector<Urgency> urgencies;     // in display order

  const ServiceType* service(std::string_view slug) const {
    for (const auto& s : services)
      if (s.slug == slug && s.active) return &s;
    return nullptr;
  }
  const Urgency* urgency(std::string_view slug) const {
    for (const auto& u : urgencies)
      if (u.slug == slug) return &u;
    return nullptr;
  }
};

}  // namespace plumbline::domain
