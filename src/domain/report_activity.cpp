// The Plumbers and Lead sources reports' pure rules: paid campaign media and referrer hosts.
#include "domain/report_activity.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace plumbline::domain {

namespace {
std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

bool is_paid_medium(std::string_view medium) {
  auto m = lower_trimmed(medium);
  static constexpr std::array<std::string_view, 7> exact{"cpc", "ppc", "cpm",        "cpv",
                                                         "cpa", "cpl", "retargeting"};
  if (std::find(exact.begin(), exact.end(), m) != exact.end()) return true;
  return m == "display" || m.starts_with("paid");
}

std::string referrer_host(std::string_view referrer) {
  auto r = lower_trimmed(referrer);
  std::string_view v = r;
  if (auto scheme = v.find("://"); scheme != std::string_view::npos) v.remove_prefix(scheme + 3);
  v = v.substr(0, v.find_first_of("/?#"));
  if (auto at = v.rfind('@'); at != std::string_view::npos) v.remove_prefix(at + 1);
  if (auto colon = v.rfind(':'); colon != std::string_view::npos && v.find(']') == v.npos)
    v = v.substr(0, colon);
  if (v.starts_with("www.")) v.remove_prefix(4);
  return std::string(v);
}

}  // namespace plumbline::domain
