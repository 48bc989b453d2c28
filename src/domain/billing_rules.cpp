// Pure checks for admin-edited plans and credit packs.
#include "domain/billing_rules.hpp"

#include <cctype>

namespace plumbline::domain {

namespace {

void check_common(const std::string& id, Cents price_cents, Credits credits,
                  const std::string& price_id, const std::string& credits_field,
                  const std::string& prefix, std::vector<FieldError>& out) {
  if (!is_catalog_slug(id))
    out.push_back({prefix + "id", "Use 1 to 40 lower-case letters, digits or underscores."});
  if (price_cents < 1 || price_cents > price_cents_max)
    out.push_back({prefix + "price_cents", "Enter a price from 1 cent to $100,000."});
  if (credits < 1 || credits > catalog_credits_max)
    out.push_back({prefix + credits_field, "Enter from 1 to 1000 credits."});
  // Stripe ids are ASCII; a price id pasted with spaces or from another object would only fail
  // later, at checkout, in front of a plumber.
  // Required (the column is NOT NULL UNIQUE): "not for sale" is the active flag, not an empty id.
  bool price_ok = price_id.size() > 6 && price_id.size() <= stripe_price_id_max &&
                  price_id.rfind("price_", 0) == 0;
  for (char c : price_id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) price_ok = false;
  if (!price_ok)
    out.push_back({prefix + "stripe_price_id",
                   "Enter the Stripe price id (price_…); untick Active to stop selling it."});
}

}  // namespace

bool is_catalog_slug(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::vector<FieldError> plan_problems(const PaymentPlan& plan, const std::string& prefix) {
  std::vector<FieldError> out;
  check_common(plan.id, plan.price_cents, plan.monthly_credits, plan.stripe_price_id,
               "monthly_credits", prefix, out);
  // Counted in characters, not bytes, so "Plomería" is 8.
  std::size_t chars = 0;
  bool blank = true;
  for (unsigned char c : plan.name) {
    if ((c & 0xC0) != 0x80) ++chars;
    if (!std::isspace(c)) blank = false;
  }
  if (blank || chars > static_cast<std::size_t>(plan_name_max))
    out.insert(out.begin() + (out.empty() || out.front().field != prefix + "id" ? 0 : 1),
               FieldError{prefix + "name", "Enter a name of 1 to 60 characters."});
  return out;
}

std::vector<FieldError> pack_problems(const CreditPack& pack, const std::string& prefix) {
  std::vector<FieldError> out;
  check_common(pack.id, pack.price_cents, pack.credits, pack.stripe_price_id, "credits", prefix,
               out);
  return out;
}

}  // namespace plumbline::domain
