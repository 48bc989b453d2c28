// The reports benchmark's data: two years of a marketplace before "now" in a fresh SQLite file —
// by default 1,000,000 requests, ~3,000,000 matches, ~500,000 claims, ~200,000 payments and
// 130,000 plumbers — written directly (secondary indexes dropped, built after the load), then
// checked through the store: count_report_fact_mismatches must be 0 and every balance must equal
// its ledger sum. bench/console_leads_copy_pg.sh copies the file into PostgreSQL.
//
// Usage: reports_data sqlite:PATH [leads=1000000] [seed=16] [now_ms=current hour]
//        reports_data --check DATABASE_URL   (count_report_fact_mismatches alone; 0 exits 0)
//   (run from the repository root, or set PLUMBLINE_ZIP_FILE to data/generated/zips.tsv)
// The same seed and now give the same data. Shapes: growth (0.6x → 1.4x over the two years),
// winter peak, weekdays over weekends, working hours (US Eastern); cities by their number of ZIPs;
// ~8 % of three-digit ZIP areas with no plumber (unmatched requests); web sources with UTM
// campaigns and referrers, partner API, phone and staff entry; 2 % duplicates; claims minutes to
// a day after the request; homeowner outcomes; see reports_data_money.cpp for the money.
#include "reports_data.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "crypto/password.hpp"
#include "crypto/tokens.hpp"
#include "geo/distance.hpp"
#include "store/store.hpp"

using namespace plumbline;
using namespace plumbline::bench;

namespace {

struct GenZip {
  std::string zip, city, state;
  double lat = 0, lng = 0;
  int area = 0;  // three-digit prefix
};

// Picks an index with probability proportional to its weight.
struct Picker {
  std::vector<double> cumulative;
  explicit Picker(const std::vector<double>& w) {
    double s = 0;
    for (double x : w) cumulative.push_back(s += x);
  }
  int pick(Rng& rng) const {
    double u = rng.unit() * cumulative.back();
    return static_cast<int>(std::upper_bound(cumulative.begin(), cumulative.end(), u) -
                            cumulative.begin());
  }
};

struct Channel {
  const char *source, *medium, *campaign, *referrer;
  double weight;
};
const std::vector<Channel> web_channels{
    {"google", "cpc", "search-generic", "https://www.google.com/", 20},
    {"google", "cpc", "search-emergency", "https://www.google.com/", 10},
    {"", "", "", "", 20},                         // direct
    {"", "", "", "https://www.google.com/", 15},  // organic search
    {"facebook", "paid_social", "fb-homeowners", "https://m.facebook.com/", 10},
    {"bing", "cpc", "bing-generic", "https://www.bing.com/", 5},
    {"nextdoor", "social", "nd-neighbors", "https://nextdoor.com/", 5},
    {"yelp", "referral", "", "https://www.yelp.com/biz/plumbline", 6},
    {"newsletter", "email", "monthly-tips", "", 4},
    {"", "", "", "https://www.reddit.com/r/HomeImprovement/", 2},
    {"homeadvisor", "affiliate", "ha-partner", "https://www.homeadvisor.com/", 3}};
const char* partners[] = {"angi", "angi", "thumbtack", "porch"};
const double service_weights[] = {20, 18, 14, 10, 8, 5, 3, 3, 4, 4, 4, 7};
const int service_price[] = {2, 2, 3, 2, 2, 4, 4, 5, 3, 4, 5, 2};
const double urgency_weights[] = {15, 35, 30, 20};

// bench/reports.mjs signs in with these.
constexpr const char* bench_plumber_email = "reports-bench-plumber@example.com";
constexpr const char* bench_plumber_password = "Reports-Bench-Plumber-2031";

Ms lognormal_ms(Rng& rng, double median_ms, double sigma) {
  double u1 = std::max(rng.unit(), 1e-12), u2 = rng.unit();
  return static_cast<Ms>(median_ms *
                         std::exp(sigma * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2)));
}

std::vector<GenZip> load_zips(const char* path) {
  std::ifstream in(path);
  std::vector<GenZip> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    GenZip z;
    std::string lat, lng;
    std::getline(f, z.zip, '\t');
    std::getline(f, lat, '\t');
    std::getline(f, lng, '\t');
    std::getline(f, z.city, '\t');
    std::getline(f, z.state, '\t');
    if (z.zip.size() != 5 || z.city.empty()) continue;
    z.lat = std::atof(lat.c_str());
    z.lng = std::atof(lng.c_str());
    z.area = std::atoi(z.zip.substr(0, 3).c_str());
    out.push_back(std::move(z));
  }
  return out;
}

// Requests per hour over the window: growth, winter peak, weekdays, working hours (UTC-5).
std::vector<double> hourly_weights(Ms start, int hours) {
  const double weekday[] = {1.15, 1.1, 1.05, 1.0, 0.95, 0.75, 0.7};  // Monday first
  const double hour_of_day[] = {0.2, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.4, 1.6, 1.6, 1.5,
                                1.4, 1.4,  1.4, 1.3, 1.3,  1.2, 1.1, 1.0, 0.9, 0.7, 0.5, 0.3};
  std::vector<double> w(hours);
  for (int h = 0; h < hours; ++h) {
    Ms local = start + h * ms_hour - 5 * ms_hour;
    std::int64_t day = local / ms_day;
    int dow = static_cast<int>((day + 3) % 7);  // 1970-01-01 was a Thursday
    int hod = static_cast<int>((local % ms_day) / ms_hour);
    double day_of_year = std::fmod(static_cast<double>(day), 365.2425);
    double season = 1 + 0.15 * std::cos(2 * M_PI * (day_of_year - 15) / 365.2425);
    double growth = 0.6 + 0.8 * h / hours;
    w[h] = growth * season * weekday[dow] * hour_of_day[hod];
  }
  return w;
}

std::string quarter_tag(Ms t) {
  using namespace std::chrono;
  year_month_day d{sys_days{days{t / ms_day}}};
  return std::to_string(static_cast<int>(d.year())) + "q" +
         std::to_string((static_cast<unsigned>(d.month()) - 1) / 3 + 1);
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  if (argc == 3 && std::string(argv[1]) == "--check") {  // the facts check alone, either backend
    auto st = store::open_store(argv[2], store::StoreOptions{});
    auto n =
        st->read<std::int64_t>([](store::Tx& tx) { return tx.count_report_fact_mismatches(); });
    std::printf("count_report_fact_mismatches: %lld\n", static_cast<long long>(n));
    return n == 0 ? 0 : 1;
  }
  if (argc < 2 || std::string(argv[1]).rfind("sqlite:", 0) != 0) {
    std::fprintf(stderr, "usage: reports_data sqlite:PATH [leads] [seed] [now_ms]\n");
    return 2;
  }
  const std::string url = argv[1], path = url.substr(7);
  const int n_leads = argc > 2 ? std::atoi(argv[2]) : 1'000'000;
  const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 16;
  Ms now = argc > 4 ? std::atoll(argv[4]) : 0;
  if (now == 0) {
    now = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count();
    now -= now % ms_hour;
  }
  const int n_plumbers = std::max(1000, n_leads * 13 / 100);
  const int hours = 730 * 24;
  const Ms start = now - static_cast<Ms>(hours) * ms_hour;
  if (std::ifstream(path).good()) {
    std::fprintf(stderr, "reports_data: %s exists; give a new file\n", path.c_str());
    return 2;
  }
  std::printf("seed %llu, now %lld: requests from %lld to %lld (ms since the epoch)\n",
              static_cast<unsigned long long>(seed), static_cast<long long>(now),
              static_cast<long long>(start), static_cast<long long>(now));
  const auto t0 = std::chrono::steady_clock::now();
  {
    store::StoreOptions so;
    so.synchronous_full = false;
    store::open_store(url, so)->migrate();
  }
  auto dropped = sqlite_indexes(path, {},
                                "'leads', 'lead_matches', 'claims', 'disputes', 'credit_ledger', "
                                "'payments', 'users', 'plumbers', 'plumber_services'");
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  exec_or_die(db, "PRAGMA journal_mode = DELETE");
  exec_or_die(db, "PRAGMA synchronous = OFF");
  exec_or_die(db, "PRAGMA cache_size = -1000000");
  exec_or_die(db, "BEGIN");

  Rng rng{seed};
  const char* zip_env = std::getenv("PLUMBLINE_ZIP_FILE");
  const auto zips = load_zips(zip_env ? zip_env : "data/generated/zips.tsv");
  // Dense cities: a ZIP's weight grows with the number of ZIPs its city has.
  std::map<std::string, int> city_size;
  for (const auto& z : zips) ++city_size[z.city + "|" + z.state];
  std::vector<double> zip_weight;
  for (const auto& z : zips) zip_weight.push_back(std::sqrt(city_size[z.city + "|" + z.state]));
  const Picker zip_picker(zip_weight);
  std::vector<bool> area_covered(1000);
  for (int a = 0; a < 1000; ++a) area_covered[a] = rng.below(100) >= 8;

  // ---- plumbers: half joined before the window, half during it (growing)
  std::vector<GenPlumber> plumbers(n_plumbers);
  std::vector<int> plumber_zip(n_plumbers);
  std::vector<std::uint16_t> plumber_services(n_plumbers);
  std::vector<std::vector<std::int32_t>> area_plumbers(1000);
  {
    RowWriter user(db,
                   "INSERT INTO users (id, email, password_hash, role, email_verified_at, "
                   "created_at, updated_at) VALUES (?1, ?2, ?3, 'plumber', ?4, ?4, ?4)");
    RowWriter plumber(
        db,
        "INSERT INTO plumbers (user_id, business_name, contact_name, phone_e164, licence_number, "
        "licence_state, years_in_business, base_zip, base_lat, base_lng, radius_miles, status, "
        "reviewed_at, paused, daily_cap, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    RowWriter service(db, "INSERT INTO plumber_services (user_id, service_type) VALUES (?1, ?2)");
    RowWriter area(db,
                   "INSERT INTO plumber_areas (id, min_lat, max_lat, min_lng, max_lng) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
    char phone[32];
    for (int i = 0; i < n_plumbers; ++i) {
      auto& p = plumbers[i];
      p.user_id = i + 1;
      p.joined_at = rng.below(2) == 0
                        ? start - static_cast<Ms>(rng.unit() * 1095) * ms_day
                        : start + static_cast<Ms>(std::sqrt(rng.unit()) * (now - start - ms_day));
      int z = zip_picker.pick(rng);
      for (int tries = 0; tries < 50 && !area_covered[zips[z].area]; ++tries)
        z = zip_picker.pick(rng);
      plumber_zip[i] = z;
      int s = rng.below(100);
      const char* status = s < 86   ? "approved"
                           : s < 92 ? "pending"
                           : s < 95 ? "rejected"
                                    : "suspended";
      p.approved = s < 86 && area_covered[zips[z].area];
      std::uint16_t mask = 0xFFF;
      if (rng.below(100) >= 60)
        while (__builtin_popcount(mask = static_cast<std::uint16_t>(rng.next() & 0xFFF)) < 4) {
        }
      plumber_services[i] = mask;
      const std::string contact = first_names[rng.below(50)] + " " + last_names[rng.below(50)];
      std::snprintf(phone, sizeof phone, "+1555%07d", i);
      user.row({p.user_id, "reports-bench-" + std::to_string(i) + "@example.com",
                std::string("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"),
                p.joined_at});
      const int radius = 10 + rng.below(31);
      plumber.row(
          {p.user_id, contact.substr(contact.find(' ') + 1) + " Plumbing " + std::to_string(i),
           contact, std::string(phone), "PL-" + std::to_string(100000 + i), zips[z].state,
           std::int64_t{1 + rng.below(30)}, zips[z].zip, zips[z].lat, zips[z].lng,
           std::int64_t{radius}, std::string(status),
           s < 86 ? RowWriter::Value(p.joined_at + ms_day) : RowWriter::Value(nullptr),
           std::int64_t{rng.below(100) < 5},
           std::int64_t{rng.below(100) < 80 ? 10 : 3 + rng.below(20)}, p.joined_at + ms_day});
      for (int k = 0; k < 12; ++k)
        if (mask & (1u << k)) service.row({p.user_id, service_slugs[k]});
      auto box = geo::bounding_box(zips[z].lat, zips[z].lng, radius);
      area.row({p.user_id, box.min_lat, box.max_lat, box.min_lng, box.max_lng});
      if (p.approved) area_plumbers[zips[z].area].push_back(i);
    }
    for (auto& a : area_plumbers)
      std::sort(a.begin(), a.end(),
                [&](int x, int y) { return plumbers[x].joined_at < plumbers[y].joined_at; });
  }
  std::printf("plumbers: %d written in %.1f s\n", n_plumbers, ms_since(t0) / 1000);

  // ---- requests, matches, claims
  std::vector<std::int64_t> per_hour(hours);
  {
    auto w = hourly_weights(start, hours);
    double total = 0, cum = 0;
    for (double x : w) total += x;
    std::int64_t given = 0;
    for (int h = 0; h < hours; ++h) {
      cum += w[h];
      auto upto = static_cast<std::int64_t>(std::floor(cum / total * n_leads + 0.5));
      per_hour[h] = upto - given;
      given = upto;
    }
  }
  const Picker service_picker({std::begin(service_weights), std::end(service_weights)});
  const Picker urgency_picker({std::begin(urgency_weights), std::end(urgency_weights)});
  std::vector<double> channel_w;
  for (const auto& c : web_channels) channel_w.push_back(c.weight);
  const Picker channel_picker(channel_w);
  RowWriter lead_row(
      db,
      "INSERT INTO leads (id, status, closed_reason, service_type, description, urgency, zip, "
      "city, "
      "state, lat, lng, address, name, phone_e164, email, contact_method, best_time, consent_text, "
      "consent_at, consent_ip, consent_user_agent, utm_source, utm_medium, utm_campaign, referrer, "
      "source, tracking_hash, duplicate_of, created_at, updated_at, price_credits, max_claims, "
      "claims_count, flag, match_count, first_claim_at, live_since) VALUES (?1, ?2, ?3, ?4, ?5, "
      "?6, ?7, ?8, "
      "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, '', 'I agree to be contacted.', ?17, '203.0.113.7', "
      "'Mozilla/5.0', ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?17, ?25, ?26, 3, ?27, ?28, ?29, ?30, "
      "?17)");
  RowWriter match_row(db,
                      "INSERT INTO lead_matches (lead_id, plumber_id, distance_miles, matched_at) "
                      "VALUES (?1, ?2, ?3, ?4)");
  struct Recent {
    std::int64_t id;
    int zip, service;
    std::string name, phone, email;
  };
  std::vector<Recent> recent;
  std::vector<std::int32_t> matches_of(n_plumbers, 0);
  std::vector<GenClaim> claims;
  claims.reserve(n_leads * 6 / 10);
  std::int64_t n_matches = 0, n_unmatched = 0, n_dups = 0, id = 0;
  char buf[64];
  for (int h = 0; h < hours; ++h) {
    std::vector<Ms> times(per_hour[h]);
    for (auto& t : times) t = start + h * ms_hour + rng.below(3'600'000);
    std::sort(times.begin(), times.end());
    for (Ms t : times) {
      ++id;
      int z = zip_picker.pick(rng), service = service_picker.pick(rng);
      const int urgency = urgency_picker.pick(rng);
      std::string name = first_names[rng.below(50)] + " " + last_names[rng.below(50)];
      std::snprintf(buf, sizeof buf, "+1%d%d%04d", 201 + rng.below(780), 201 + rng.below(780),
                    rng.below(10000));
      std::string phone = buf;
      std::string email =
          name.substr(0, name.find(' ')) + "." + std::to_string(id) + "@example.com";
      RowWriter::Value duplicate_of = nullptr;
      if (!recent.empty() && rng.per_mille(20)) {  // the same homeowner asks again
        const auto& r = recent[rng.below(static_cast<int>(recent.size()))];
        z = r.zip, service = r.service, name = r.name, phone = r.phone, email = r.email;
        duplicate_of = r.id;
        ++n_dups;
      } else {
        recent.push_back({id, z, service, name, phone, email});
        if (recent.size() > 40) recent.erase(recent.begin());
      }
      const auto& zip = zips[z];
      // Where it came from.
      int s = rng.below(100);
      std::string source = s < 74 ? "web" : s < 88 ? "api" : s < 95 ? "phone" : "admin";
      std::string utm_source, utm_medium, utm_campaign, referrer;
      if (source == "web") {
        const auto& c = web_channels[channel_picker.pick(rng)];
        utm_source = c.source, utm_medium = c.medium, referrer = c.referrer;
        if (*c.campaign) utm_campaign = std::string(c.campaign) + "-" + quarter_tag(t);
      } else if (source == "api") {
        utm_source = partners[rng.below(4)], utm_medium = "partner", utm_campaign = "api-feed";
      }
      // Matches: approved plumbers of the area who had joined, offer the service, mostly the
      // established ones.
      std::vector<std::int32_t> chosen;
      const auto& pool = area_plumbers[zip.area];
      const auto eligible = static_cast<int>(
          std::upper_bound(pool.begin(), pool.end(), t,
                           [&](Ms v, std::int32_t p) { return v < plumbers[p].joined_at; }) -
          pool.begin());
      if (eligible > 0) {
        int want = 1 + static_cast<int>(-std::log(1 - rng.unit()) * 2.9);
        want = std::min(want, 10);
        for (int tries = 0; tries < want * 6 && static_cast<int>(chosen.size()) < want; ++tries) {
          auto p = pool[static_cast<int>(eligible * std::pow(rng.unit(), 1.7))];
          if (!(plumber_services[p] & (1u << service))) continue;
          if (std::find(chosen.begin(), chosen.end(), p) != chosen.end()) continue;
          chosen.push_back(p);
        }
      }
      for (auto p : chosen) {
        const auto& pz = zips[plumber_zip[p]];
        match_row.row(
            {id, plumbers[p].user_id,
             std::round(geo::great_circle_miles(zip.lat, zip.lng, pz.lat, pz.lng) * 100) / 100,
             t + 2000});
      }
      for (auto p : chosen) ++matches_of[p];
      n_matches += static_cast<std::int64_t>(chosen.size());
      if (chosen.empty()) ++n_unmatched;
      // Claims: minutes (emergencies) to a day after the request, at most 3, none after now.
      int u = rng.below(100);
      int want_claims = u < 60 ? 0 : u < 85 ? 1 : u < 95 ? 2 : 3;
      want_claims = std::min<int>(want_claims, static_cast<int>(chosen.size()));
      const int price = service_price[service] + (urgency == 0 ? 1 : 0);
      std::vector<Ms> claim_at;
      Ms at = t;
      for (int k = 0; k < want_claims; ++k) {
        at += std::clamp<Ms>(lognormal_ms(rng, urgency == 0 ? 8 * ms_minute : 35 * ms_minute, 1.3),
                             40'000, 30 * ms_hour);
        if (at >= now || at >= t + 72 * ms_hour) break;
        claim_at.push_back(at);
      }
      const int n_claims = static_cast<int>(claim_at.size());
      const Ms last_claim = n_claims ? claim_at.back() : t;
      // What became of it.
      const Ms age = now - t;
      std::string status = "open", closed_reason, flag;
      Ms updated = n_claims ? last_claim : t;
      int o = rng.below(1000);
      bool hired = false, never_requested = false;
      Ms closed_at = last_claim + ms_hour + rng.below(72) * ms_hour;
      if (o < 3 && age > ms_day && last_claim + 6 * ms_hour < now) {
        never_requested = true;
        closed_at = std::min(now - 1, last_claim + 6 * ms_hour);
        status = "closed", closed_reason = "never_requested", flag = "never_requested";
      } else if (n_claims && o < 303 && closed_at < now) {
        hired = true;
        status = "closed", closed_reason = "hired";
      } else if (o >= 303 && o < 350 && closed_at < now) {
        status = "closed", closed_reason = "cancelled";
      } else if (o >= 350 && o < 352 && closed_at < now) {
        status = "closed", closed_reason = "removed";
      } else if (n_claims == 3) {
        status = "full";
      } else if (age > 72 * ms_hour) {
        status = "expired", closed_at = t + 72 * ms_hour;
      }
      if (status != "open" && status != "full") updated = closed_at;
      for (int k = 0; k < n_claims; ++k)
        claims.push_back(
            {claim_at[k], id, chosen[k], price, never_requested, hired && k == 0, closed_at});
      std::string token = "reports-bench-" + std::to_string(seed) + "-" + std::to_string(id);
      lead_row.row({id,
                    status,
                    closed_reason,
                    service_slugs[service],
                    std::string("Bench request: ") + service_slugs[service],
                    urgencies[urgency],
                    zip.zip,
                    zip.city,
                    zip.state,
                    zip.lat,
                    zip.lng,
                    std::to_string(100 + rng.below(9800)) + " Main St",
                    name,
                    phone,
                    email,
                    std::string(rng.below(100) < 70 ? "phone"
                                : rng.below(2)      ? "text"
                                                    : "email"),
                    t,
                    utm_source,
                    utm_medium,
                    utm_campaign,
                    referrer,
                    source,
                    crypto::sha256_hex(token),
                    duplicate_of,
                    updated,
                    std::int64_t{price},
                    std::int64_t{n_claims},
                    flag,
                    static_cast<std::int64_t>(chosen.size()),
                    n_claims ? RowWriter::Value(claim_at.front()) : RowWriter::Value(nullptr)});
    }
    if (h % (24 * 60) == 0 && h > 0) {
      exec_or_die(db, "COMMIT");
      exec_or_die(db, "BEGIN");
      std::printf("  %lld requests by day %d (%.0f s)\n", static_cast<long long>(id), h / 24,
                  ms_since(t0) / 1000);
    }
  }
  std::printf(
      "requests: %lld (%lld duplicates, %lld unmatched), %lld matches, %zu claims in %.1f s\n",
      static_cast<long long>(id), static_cast<long long>(n_dups),
      static_cast<long long>(n_unmatched), static_cast<long long>(n_matches), claims.size(),
      ms_since(t0) / 1000);

  const double subscriber_share = std::getenv("REPORTS_DATA_SUBSCRIBERS")
                                      ? std::atof(std::getenv("REPORTS_DATA_SUBSCRIBERS"))
                                      : 0.08;
  // The busiest plumber can sign in, for the plumber's own report (GET /api/v1/reports/my-area).
  {
    auto busiest = std::max_element(matches_of.begin(), matches_of.end()) - matches_of.begin();
    RowWriter login(db, "UPDATE users SET email = ?2, password_hash = ?3 WHERE id = ?1");
    login.row({plumbers[busiest].user_id, std::string(bench_plumber_email),
               crypto::hash_password(bench_plumber_password)});
    std::printf("plumber %lld (%d matches) signs in as %s\n",
                static_cast<long long>(plumbers[busiest].user_id), matches_of[busiest],
                bench_plumber_email);
  }
  auto money = write_money(db, rng, claims, plumbers, start, now, subscriber_share);
  exec_or_die(db, "COMMIT");
  std::printf(
      "money: %lld payments (%lld packs, %lld subscription invoices, %lld refunded, %lld "
      "chargebacks), %lld ledger rows, %lld disputes (%lld approved) in %.1f s\n",
      static_cast<long long>(money.payments), static_cast<long long>(money.pack_payments),
      static_cast<long long>(money.subscription_payments),
      static_cast<long long>(money.refunded_payments), static_cast<long long>(money.chargebacks),
      static_cast<long long>(money.ledger_rows), static_cast<long long>(money.disputes),
      static_cast<long long>(money.approved_disputes), ms_since(t0) / 1000);
  // Explicit ids keep sqlite_sequence current by themselves (AUTOINCREMENT records the max).
  for (const auto& c : dropped) exec_or_die(db, c);
  // No ANALYZE: the server never runs it, so the reports are measured with the plans it would get.
  exec_or_die(db, "PRAGMA journal_mode = WAL");
  sqlite3_close(db);
  std::printf("indexes built; %.1f s in all\n", ms_since(t0) / 1000);

  // ---- the checks, through the store
  auto st = store::open_store(url, store::StoreOptions{});
  auto mismatches =
      st->read<std::int64_t>([](store::Tx& tx) { return tx.count_report_fact_mismatches(); });
  std::printf("count_report_fact_mismatches: %lld\n", static_cast<long long>(mismatches));
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(
      db,
      "SELECT count(*) FROM credit_balances b LEFT JOIN (SELECT user_id, sum(amount) "
      "s FROM credit_ledger GROUP BY user_id) l ON l.user_id = b.user_id "
      "WHERE coalesce(l.s, 0) <> b.balance",
      -1, &q, nullptr);
  sqlite3_step(q);
  auto balance_mismatches = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  sqlite3_close(db);
  std::printf("balances that differ from their ledger sum: %lld\n",
              static_cast<long long>(balance_mismatches));
  return mismatches == 0 && balance_mismatches == 0 ? 0 : 1;
}
