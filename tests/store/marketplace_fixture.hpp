// Marketplace suite fixture: real ZIPs, plumber/lead makers, a generated fixture and its oracle.
#pragma once
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "accounts_fixture.hpp"
#include "geo/distance.hpp"
#include "geo/zip_table.hpp"
#include "source_root.hpp"

namespace plumbline::store::market_test {

using accounts_test::make_user;
using domain::Millis;
using outbox_test::backend_name;
using outbox_test::pg_url;
using outbox_test::t0;

inline const std::vector<std::string>& all_services() {
  static const std::vector<std::string> s{"leak_repair",   "drain_cleaning",  "water_heater",
                                          "toilet_repair", "fixture_install", "sewer_line",
                                          "gas_line",      "repiping",        "sump_pump",
                                          "water_line",    "remodel",         "other"};
  return s;
}
inline const std::vector<std::string>& all_urgencies() {
  static const std::vector<std::string> u{"emergency", "within_24h", "this_week", "flexible"};
  return u;
}

// The real US ZIP centroids (data/generated/zips.tsv), loaded once.
inline const geo::ZipTable& zip_table() {
  static const geo::ZipTable t = geo::ZipTable::load_file(
      (plumbline::testing::source_root() / "data/generated/zips.tsv").string());
  return t;
}
inline const geo::ZipInfo& zip(const std::string& z) {
  const auto* p = zip_table().find(z);
  if (!p) throw std::runtime_error("unknown ZIP " + z);
  return *p;
}
// Every ZIP of the table, in ZIP order (the table has no index access).
inline const std::vector<const geo::ZipInfo*>& zip_list() {
  static const std::vector<const geo::ZipInfo*> list = [] {
    std::vector<const geo::ZipInfo*> out;
    char buf[8];
    for (int i = 0; i < 100000; ++i) {
      std::snprintf(buf, sizeof buf, "%05d", i);
      if (const auto* p = zip_table().find(buf)) out.push_back(p);
    }
    return out;
  }();
  return list;
}

inline double miles_between(const geo::ZipInfo& a, const geo::ZipInfo& b) {
  return geo::great_circle_miles(a.lat, a.lng, b.lat, b.lng);
}

// The point `miles` away from (lat, lng) along the initial bearing `bearing_deg`, on the sphere of
// geo::earth_radius_m.
inline std::pair<double, double> destination(double lat, double lng, double bearing_deg,
                                             double miles) {
  constexpr double rad = M_PI / 180.0;
  double d = miles / geo::earth_radius_miles, th = bearing_deg * rad;
  double p1 = lat * rad, l1 = lng * rad;
  double p2 = std::asin(std::sin(p1) * std::cos(d) + std::cos(p1) * std::sin(d) * std::cos(th));
  double l2 = l1 + std::atan2(std::sin(th) * std::sin(d) * std::cos(p1),
                              std::cos(d) - std::sin(p1) * std::sin(p2));
  return {p2 / rad, std::remainder(l2 / rad, 360.0)};
}

// What a test plumber looks like; the defaults make an eligible plumber in Manhattan.
struct PlumberSpec {
  std::string base_zip = "10001";
  int radius = 25;
  std::vector<std::string> services{"leak_repair"};
  std::vector<std::string> extra_zips;
  std::string status = domain::plumber_approved;
  std::string plan = domain::plan_active;
  bool paused = false;
  int daily_cap = 10;
};

inline domain::PlumberProfileInput profile_input(int n, const PlumberSpec& s) {
  domain::PlumberProfileInput p;
  p.business_name = outbox_test::tagged("Pipes & Drains #", n);
  p.contact_name = outbox_test::tagged("Contact ", n);
  char phone[16];
  std::snprintf(phone, sizeof phone, "+1212%07d", n % 10000000);
  p.phone_e164 = phone;
  p.licence_number = outbox_test::tagged("LIC-", n);
  p.licence_state = "NY";
  p.insurance_carrier = "Acme Mutual";
  p.insurance_expires_on = "2027-06-30";
  p.years_in_business = n % 40;
  p.description = "Family business.";
  p.services = s.services;
  p.base_zip = s.base_zip;
  if (!s.base_zip.empty()) {
    p.base_lat = zip(s.base_zip).lat;
    p.base_lng = zip(s.base_zip).lng;
  }
  p.radius_miles = s.radius;
  p.extra_zips = s.extra_zips;
  return p;
}

// Inserts user + plumber row, then profile, settings, review and plan (in the caller's
// transaction).
inline std::int64_t add_plumber(Tx& tx, int n, const PlumberSpec& s, Millis at = t0) {
  auto id = tx.insert_user(make_user(outbox_test::tagged("plumber", n) + "@example.com"));
  auto in = profile_input(n, s);
  tx.insert_plumber(domain::Plumber{id, in.business_name, in.contact_name, in.phone_e164});
  tx.save_plumber_profile(id, in, at);
  domain::PlumberSettings st;
  st.paused = s.paused;
  st.daily_cap = s.daily_cap;
  tx.save_plumber_settings(id, st, at);
  if (s.status != domain::plumber_pending) {
    domain::PlumberReview r;
    r.status = s.status;
    r.reason = s.status == domain::plumber_approved ? "" : "test";
    r.licence_verified_on = "2026-01-15";
    r.insurance_valid_until = "2027-06-30";
    r.reviewed_at = at;
    tx.set_plumber_review(id, r);
  }
  if (s.plan != domain::plan_none) tx.set_plumber_plan(id, s.plan, at);
  return id;
}

// A lead at a real ZIP (centroid), open, with the given service, price and creation time.
inline domain::NewLead market_lead(int n, const std::string& zip5, const std::string& service,
                                   Millis created_at = t0,
                                   const std::string& urgency = "within_24h",
                                   domain::Credits price = 2, int max_claims = 3) {
  domain::NewLead l = outbox_test::make_lead(n);
  const auto& z = zip(zip5);
  l.zip = z.zip;
  l.city = z.city;
  l.state = z.state;
  l.lat = z.lat;
  l.lng = z.lng;
  l.address = "12 Main St";
  l.name = "Homeowner " + std::to_string(n);
  l.service_type = service;
  l.urgency = urgency;
  l.description = "Request " + std::to_string(n);
  l.price_credits = price;
  l.max_claims = max_claims;
  l.created_at = created_at;
  l.consent_at = created_at;
  return l;
}

inline domain::Claim make_claim(std::int64_t lead_id, std::int64_t plumber_id, Millis at,
                                domain::Credits price = 2) {
  domain::Claim c;
  c.lead_id = lead_id;
  c.plumber_id = plumber_id;
  c.price_credits = price;
  c.created_at = at;
  c.updated_at = at;
  return c;
}

inline domain::MatchQuery match_query(double lat, double lng, const std::string& zip5,
                                      const std::string& service, Millis cap_since = t0) {
  domain::MatchQuery q;
  q.lat = lat;
  q.lng = lng;
  q.zip = zip5;
  q.service_type = service;
  q.cap_since = cap_since;
  return q;
}
inline domain::MatchQuery match_at_zip(const std::string& zip5, const std::string& service,
                                       Millis cap_since = t0) {
  const auto& z = zip(zip5);
  return match_query(z.lat, z.lng, zip5, service, cap_since);
}

// ---- a deterministic many-plumber fixture and its brute-force answers ----

struct GenPlumber {
  int n = 0;
  PlumberSpec spec;
  bool over_cap = false;   // has daily_cap claims inside the cap window
  bool old_claim = false;  // has one claim before the cap window (must not count)
};
struct GenLead {
  std::string zip, service;
};
struct Expected {
  std::int64_t plumber_id;
  double distance;
};

// A splitmix64 generator: the same sequence on every platform and standard library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }

 private:
  std::uint64_t s_;
};

inline std::vector<GenPlumber> generate_plumbers(int count, std::uint64_t seed) {
  Rng rng(seed);
  const auto& zs = zip_list();
  const auto& svcs = all_services();
  std::vector<GenPlumber> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    GenPlumber g;
    g.n = i;
    auto& s = g.spec;
    int base_index = rng.below(static_cast<int>(zs.size()));
    const auto* base = zs[base_index];
    s.base_zip = base->zip;
    int r = rng.below(100);
    s.radius = r < 5 ? 1 : r < 10 ? 100 : r < 40 ? 1 + rng.below(25) : 1 + rng.below(100);
    s.services.clear();
    for (const auto& sv : svcs)
      if (rng.chance(35)) s.services.push_back(sv);
    if (s.services.empty()) s.services.push_back(svcs[rng.below(static_cast<int>(svcs.size()))]);
    if (rng.chance(
            25)) {  // extra ZIPs: neighbours in ZIP order (often inside the radius) or anywhere
      int k = 1 + rng.below(5);
      std::set<std::string> extras;
      for (int j = 0; j < k; ++j) {
        int at = rng.chance(50) ? std::clamp(base_index + rng.below(41) - 20, 0,
                                             static_cast<int>(zs.size()) - 1)
                                : rng.below(static_cast<int>(zs.size()));
        if (zs[at]->zip != base->zip) extras.insert(zs[at]->zip);
      }
      s.extra_zips.assign(extras.begin(), extras.end());
    }
    int st = rng.below(100);
    s.status = st < 80   ? domain::plumber_approved
               : st < 87 ? domain::plumber_pending
               : st < 94 ? domain::plumber_rejected
                         : domain::plumber_suspended;
    int pl = rng.below(100);
    s.plan = pl < 78   ? domain::plan_active
             : pl < 84 ? domain::plan_trialing
             : pl < 90 ? domain::plan_past_due
             : pl < 95 ? domain::plan_none
                       : domain::plan_canceled;
    s.paused = rng.chance(5);
    int cap = rng.below(100);
    s.daily_cap = cap < 5 ? 0 : cap < 15 ? 1 : 10;
    if (s.daily_cap == 1) {
      g.over_cap = rng.chance(50);
      g.old_claim = !g.over_cap;
    }
    out.push_back(std::move(g));
  }
  return out;
}

// Leads at real ZIPs: many at a plumber's base or extra ZIP (hits, ties at distance 0), the rest
// anywhere; the service is often one the chosen plumber offers.
inline std::vector<GenLead> generate_leads(int count, const std::vector<GenPlumber>& ps,
                                           std::uint64_t seed) {
  Rng rng(seed);
  const auto& zs = zip_list();
  const auto& svcs = all_services();
  std::vector<GenLead> out;
  for (int i = 0; i < count; ++i) {
    const auto& p = ps[rng.below(static_cast<int>(ps.size()))].spec;
    GenLead l;
    int where = rng.below(100);
    if (where < 40)
      l.zip = p.base_zip;
    else if (where < 55 && !p.extra_zips.empty())
      l.zip = p.extra_zips[rng.below(static_cast<int>(p.extra_zips.size()))];
    else
      l.zip = zs[rng.below(static_cast<int>(zs.size()))]->zip;
    l.service = rng.chance(50) ? p.services[rng.below(static_cast<int>(p.services.size()))]
                               : svcs[rng.below(static_cast<int>(svcs.size()))];
    out.push_back(std::move(l));
  }
  return out;
}

// Loads the plumbers, `batch` per write transaction; returns their user ids in the same order.
// Over-cap plumbers get one claim just inside the cap window, old-claim plumbers one just before
// it.
inline std::vector<std::int64_t> load_plumbers(Store& st, const std::vector<GenPlumber>& ps,
                                               Millis cap_since, std::size_t batch = 1000) {
  std::vector<std::int64_t> ids;
  ids.reserve(ps.size());
  for (std::size_t from = 0; from < ps.size(); from += batch) {
    std::size_t to = std::min(ps.size(), from + batch);
    st.write_tx([&](Tx& tx) {
      for (std::size_t i = from; i < to; ++i) ids.push_back(add_plumber(tx, ps[i].n, ps[i].spec));
      return true;
    });
  }
  st.write_tx([&](Tx& tx) {
    auto filler = tx.insert_lead(
        market_lead(900000, "10001", "other", cap_since - 86'400'000, "flexible", 2, 50));
    for (std::size_t i = 0; i < ps.size(); ++i) {
      if (ps[i].over_cap) tx.insert_claim(make_claim(filler, ids[i], cap_since + 1));
      if (ps[i].old_claim) tx.insert_claim(make_claim(filler, ids[i], cap_since - 1));
    }
    return true;
  });
  return ids;
}

// The contract of match_plumbers, by brute force over the generated plumbers.
inline std::vector<Expected> brute_force_matches(const std::vector<GenPlumber>& ps,
                                                 const std::vector<std::int64_t>& ids,
                                                 const GenLead& lead) {
  const auto& lz = zip(lead.zip);
  std::vector<Expected> out;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    const auto& s = ps[i].spec;
    bool plan_ok = s.plan == domain::plan_active || s.plan == domain::plan_trialing ||
                   s.plan == domain::plan_past_due;
    if (s.status != domain::plumber_approved || !plan_ok || s.paused || s.daily_cap == 0 ||
        ps[i].over_cap)
      continue;
    if (std::find(s.services.begin(), s.services.end(), lead.service) == s.services.end()) continue;
    const auto& b = zip(s.base_zip);
    double d = geo::great_circle_miles(b.lat, b.lng, lz.lat, lz.lng);
    bool in_extra =
        std::find(s.extra_zips.begin(), s.extra_zips.end(), lead.zip) != s.extra_zips.end();
    if (d <= s.radius || in_extra) out.push_back({ids[i], d});
  }
  std::sort(out.begin(), out.end(),
            [](const Expected& a, const Expected& b) { return a.plumber_id < b.plumber_id; });
  return out;
}

inline std::vector<Expected> as_expected(const std::vector<domain::MatchCandidate>& ms) {
  std::vector<Expected> out;
  for (const auto& m : ms) out.push_back({m.plumber_id, m.distance_miles});
  return out;
}

// "" when equal (same ids in the same order, distances within 1e-6 miles), else the first
// difference.
inline std::string diff_matches(const std::vector<Expected>& want,
                                const std::vector<Expected>& got) {
  std::size_t i = 0;
  for (; i < want.size() && i < got.size(); ++i) {
    if (want[i].plumber_id != got[i].plumber_id)
      return "at #" + std::to_string(i) + ": want plumber " + std::to_string(want[i].plumber_id) +
             " (" + std::to_string(want[i].distance) + " mi), got " +
             std::to_string(got[i].plumber_id) + " (" + std::to_string(got[i].distance) + " mi)";
    if (std::fabs(want[i].distance - got[i].distance) > 1e-6)
      return "plumber " + std::to_string(want[i].plumber_id) + ": distance " +
             std::to_string(want[i].distance) + " vs " + std::to_string(got[i].distance);
  }
  if (want.size() != got.size())
    return "sizes " + std::to_string(want.size()) + " vs " + std::to_string(got.size()) +
           (i < want.size() ? ", first missing plumber " + std::to_string(want[i].plumber_id)
                            : ", first extra plumber " + std::to_string(got[i].plumber_id));
  return "";
}

}  // namespace plumbline::store::market_test
