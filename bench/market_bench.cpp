// Matching benchmark: N plumbers over real US ZIPs, then match_plumbers per lead (p50/p99/max, µs)
// and the intake's record_match_misses for the same leads (issue 16).
//
// Usage: market_bench DATABASE_URL [plumbers=130000] [leads=2000] [seed=1]
//   DATABASE_URL  sqlite:PATH or postgres://… (migrated here; run from the repository root, or set
//                 PLUMBLINE_ZIP_FILE to data/generated/zips.tsv)
// Plumbers are loaded once (2,000 per write transaction); a database that already holds at least
// that many plumbers is reused as it is. Each plumber: a uniformly random real ZIP as base, radius
// mix 5/10/25/50/100 miles (some 1–100 at random), each service with 40 % probability, 20 % with
// 1–3 extra ZIPs, 90 % approved, 90 % on an active plan, 3 % paused. Leads: real ZIPs weighted like
// the plumbers (a random plumber's base ZIP, or any ZIP), random service. Each match runs in its
// own read transaction; the time is the match_plumbers call alone (the intake calls it inside its
// write transaction). 200 warm-up leads are not counted. Reports only; nothing is asserted.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "geo/zip_table.hpp"
#include "store/store.hpp"

using namespace plumbline;
using Clock = std::chrono::steady_clock;

namespace {

const std::vector<std::string> services{"leak_repair",   "drain_cleaning",  "water_heater",
                                        "toilet_repair", "fixture_install", "sewer_line",
                                        "gas_line",      "repiping",        "sump_pump",
                                        "water_line",    "remodel",         "other"};

// splitmix64: the same fixture on every platform.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
};

struct Row {
  domain::PlumberProfileInput p;
  domain::PlumberSettings s;
  domain::PlumberStatus status;
  domain::PlanStatus plan;
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: market_bench DATABASE_URL [plumbers=130000] [leads=2000] [seed=1]\n");
    return 2;
  }
  std::string url = argv[1];
  int plumbers = argc > 2 ? std::atoi(argv[2]) : 130000;
  int leads = argc > 3 ? std::atoi(argv[3]) : 2000;
  std::uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1;
  const char* zip_env = std::getenv("PLUMBLINE_ZIP_FILE");
  auto zips = geo::ZipTable::load_file(zip_env ? zip_env : "data/generated/zips.tsv");
  std::vector<const geo::ZipInfo*> zip_list;
  char buf[16];
  for (int i = 0; i < 100000; ++i) {
    std::snprintf(buf, sizeof buf, "%05d", i);
    if (const auto* z = zips.find(buf)) zip_list.push_back(z);
  }
  const int nz = static_cast<int>(zip_list.size());

  store::StoreOptions so;
  so.read_pool_size = 4;
  auto st = store::open_store(url, so);
  st->migrate();

  // ---- load
  Rng rng{seed};
  std::vector<std::string> bases;  // plumbers' base ZIPs, for lead placement
  bases.reserve(plumbers);
  std::int64_t have =
      st->read<std::int64_t>([](store::Tx& tx) { return tx.count_plumbers(std::nullopt); });
  bool load = have < plumbers;
  auto t_load = Clock::now();
  const domain::Millis now = 1'800'000'000'000;
  constexpr int batch = 2000;
  for (int from = 0; from < plumbers; from += batch) {
    int to = std::min(plumbers, from + batch);
    std::vector<Row> rows;
    for (int i = from; i < to; ++i) {
      domain::PlumberProfileInput p;
      int zi = rng.below(nz);
      const auto* z = zip_list[zi];
      p.business_name = "Bench Plumbing " + std::to_string(i);
      p.contact_name = "Contact " + std::to_string(i);
      std::snprintf(buf, sizeof buf, "%07d", i % 10000000);
      p.phone_e164 = std::string("+1555") + buf;
      p.licence_number = "B-" + std::to_string(i);
      p.licence_state = z->state.size() == 2 ? z->state : "NY";
      p.base_zip = z->zip;
      p.base_lat = z->lat;
      p.base_lng = z->lng;
      int r = rng.below(100);
      p.radius_miles = r < 10   ? 5
                       : r < 25 ? 10
                       : r < 55 ? 25
                       : r < 75 ? 50
                       : r < 85 ? 100
                                : 1 + rng.below(100);
      for (const auto& s : services)
        if (rng.chance(40)) p.services.push_back(s);
      if (p.services.empty()) p.services.push_back(services[rng.below(12)]);
      if (rng.chance(20)) {
        std::set<std::string> extra;
        for (int k = 1 + rng.below(3); k > 0; --k) {
          int at = std::clamp(zi + rng.below(61) - 30, 0, nz - 1);
          if (zip_list[at]->zip != z->zip) extra.insert(zip_list[at]->zip);
        }
        p.extra_zips.assign(extra.begin(), extra.end());
      }
      domain::PlumberSettings s;
      s.paused = rng.chance(3);
      auto status =
          rng.chance(90) ? domain::PlumberStatus::approved : domain::PlumberStatus::pending;
      auto plan = rng.chance(90) ? domain::PlanStatus::active : domain::PlanStatus::none;
      bases.push_back(z->zip);
      rows.push_back({std::move(p), s, status, plan});
    }
    if (!load) continue;
    st->write_tx([&](store::Tx& tx) {
      for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto& [p, s, status, plan] = rows[k];
        domain::User u;
        u.email = "bench-plumber-" + std::to_string(from + k) + "@example.com";
        u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
        u.role = domain::Role::plumber;
        u.created_at = now;
        u.updated_at = now;
        auto id = tx.insert_user(u);
        tx.insert_plumber(domain::Plumber{id, p.business_name, p.contact_name, p.phone_e164});
        tx.save_plumber_profile(id, p, now);
        tx.save_plumber_settings(id, s, now);
        if (status != domain::PlumberStatus::pending) {
          domain::PlumberReview rev;
          rev.status = status;
          rev.reviewed_at = now;
          tx.set_plumber_review(id, rev);
        }
        if (plan != domain::PlanStatus::none) tx.set_plumber_plan(id, plan, now);
      }
      return true;
    });
  }
  if (load)
    std::printf("%s: loaded %d plumbers in %.1f s\n", st->backend().c_str(), plumbers,
                seconds_since(t_load));
  else
    std::printf("%s: reusing %lld plumbers already in the database\n", st->backend().c_str(),
                static_cast<long long>(have));

  // ---- match
  std::vector<domain::MatchQuery> qs;
  for (int i = 0; i < leads + 200; ++i) {
    const geo::ZipInfo* z = rng.chance(50)
                                ? zips.find(bases[rng.below(static_cast<int>(bases.size()))])
                                : zip_list[rng.below(nz)];
    domain::MatchQuery q;
    q.lat = z->lat;
    q.lng = z->lng;
    q.zip = z->zip;
    q.service_type = services[rng.below(12)];
    q.cap_since = now - 86'400'000;
    qs.push_back(q);
  }
  // Wall time suffers from a busy machine (preemption shows up in p99); the thread's CPU time is
  // what the match itself costs here (SQLite only: PostgreSQL's work is in the server process).
  auto thread_cpu_us = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
  };
  std::vector<double> us, cpu;
  std::size_t matched = 0, max_matched = 0;
  auto t_match = Clock::now();
  for (std::size_t i = 0; i < qs.size(); ++i) {
    st->read_tx([&](store::Tx& tx) {
      auto t = Clock::now();
      double c0 = thread_cpu_us();
      auto ms = tx.match_plumbers(qs[i]);
      double c = thread_cpu_us() - c0;
      double d = std::chrono::duration<double, std::micro>(Clock::now() - t).count();
      if (i < 200) return;  // warm-up
      us.push_back(d);
      cpu.push_back(c);
      matched += ms.size();
      max_matched = std::max(max_matched, ms.size());
    });
  }
  double secs = seconds_since(t_match);
  std::sort(us.begin(), us.end());
  std::sort(cpu.begin(), cpu.end());
  auto pct_of = [](const std::vector<double>& v, double p) {
    return v.empty() ? 0.0 : v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
  };
  auto pct = [&](double p) { return pct_of(us, p); };
  std::printf(
      "%s: match_plumbers over %d plumbers, %d leads: p50 %.0f us, p99 %.0f us, max %.0f us; "
      "%.1f matches per lead (max %zu); %.0f leads/s incl. transactions\n",
      st->backend().c_str(), plumbers, leads, pct(0.5), pct(0.99), us.empty() ? 0.0 : us.back(),
      us.empty() ? 0.0 : double(matched) / us.size(), max_matched, qs.size() / secs);
  std::printf("%s: client thread CPU per match: p50 %.0f us, p99 %.0f us\n", st->backend().c_str(),
              pct_of(cpu, 0.5), pct_of(cpu, 0.99));

  // ---- misses (issue 16): what intake adds to each lead for "Demand in my area", the
  // record_match_misses statement over the same leads, each in a write transaction rolled back
  // (against one stored lead, for the foreign key).
  domain::NewLead stored;
  stored.service_type = "leak_repair";
  stored.description = "Bench lead";
  stored.urgency = "flexible";
  stored.zip = "10001";
  stored.city = "New York";
  stored.state = "NY";
  stored.name = "Bench";
  stored.phone_e164 = "+12125550100";
  stored.email = "bench@example.com";
  stored.contact_method = "email";
  stored.consent_text = "I agree.";
  stored.consent_ip = "203.0.113.7";
  stored.consent_user_agent = "bench";
  stored.consent_at = stored.created_at = now;
  stored.source = "web";
  // A fresh hash per run: the database may be reused.
  const auto stamp = std::to_string(static_cast<long long>(std::time(nullptr)));
  stored.tracking_hash = std::string(64 - stamp.size(), 'c') + stamp;
  std::int64_t lead_id = 0;
  st->write_tx([&](store::Tx& tx) {
    lead_id = tx.insert_lead(stored).value;
    return true;
  });
  std::vector<double> miss_us;
  std::size_t missed = 0;
  for (std::size_t i = 0; i < qs.size(); ++i) {
    st->write_tx([&](store::Tx& tx) {
      auto t = Clock::now();
      auto n = tx.record_match_misses(domain::LeadId{lead_id}, qs[i]);
      double d = std::chrono::duration<double, std::micro>(Clock::now() - t).count();
      if (i >= 200) {
        miss_us.push_back(d);
        missed += static_cast<std::size_t>(n);
      }
      return false;  // rolled back: every lead sees the same table
    });
  }
  std::sort(miss_us.begin(), miss_us.end());
  std::printf(
      "%s: record_match_misses per lead: p50 %.0f us, p99 %.0f us, max %.0f us; %.1f rows per "
      "lead\n",
      st->backend().c_str(), pct_of(miss_us, 0.5), pct_of(miss_us, 0.99),
      miss_us.empty() ? 0.0 : miss_us.back(),
      miss_us.empty() ? 0.0 : double(missed) / miss_us.size());
  return 0;
}
