// Masked contact details for support staff.
#include "domain/masking.hpp"

namespace plumbline::domain {

namespace {
const std::string mask_dots = "\u2022\u2022\u2022";  // •••
}  // namespace

std::string mask_email(std::string_view email) {
  auto at = email.find('@');
  if (at == std::string_view::npos) return mask_dots;
  return std::string(email.substr(0, at == 0 ? 0 : 1)) + mask_dots + std::string(email.substr(at));
}

std::string mask_phone(std::string_view e164) {
  if (e164.size() < 4) return mask_dots;
  return mask_dots + "-" + mask_dots + "-" + std::string(e164.substr(e164.size() - 4));
}

std::string mask_recipient(std::string_view r) {
  if (r.empty()) return {};
  if (r.find('@') != std::string_view::npos) return mask_email(r);
  if (r.size() <= 6) return mask_dots;
  // A number: "+1" and the last four digits stay, one dot per hidden digit.
  std::string out(r.substr(0, 2));
  for (std::size_t i = 2; i + 4 < r.size(); ++i) out += "\u2022";
  return out + std::string(r.substr(r.size() - 4));
}

}  // namespace plumbline::domain
