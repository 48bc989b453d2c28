// Console request-list benchmark: 1,000,000 leads, ~3,000,000 matches, ~300,000 claims and
// 130,000 plumbers, then the list (LeadConsoleService::page: one page of 50 and the capped count,
// as GET /admin/leads runs it) with each single filter and each search kind, p50/p95 over varied
// values; then the CSV export's read-and-format loop over 100,000 rows with the process's peak RSS.
//
// Usage: console_leads DATABASE_URL [leads=1000000] [runs=60] [seed=7]
//   DATABASE_URL  sqlite:PATH or postgres://… (migrated here; run from the repository root, or set
//                 PLUMBLINE_ZIP_FILE to data/generated/zips.tsv)
// A database that already holds `leads` leads is reused as it is (the generator is replayed, not
// written, so the searched values are the same). Loading writes 20,000 leads per transaction
// through the store's own methods (on SQLite with the secondary indexes dropped, then built). Lead
// i is created 31.5 s after lead i-1 (a year in all), at a random real ZIP, with a random service
// (12), urgency (4) and source (web 80 %, api 17 %, admin 3
// %); 10 % closed, 20 % expired, 10 % full; 2 % duplicates; 0.1 % reported "never
// requested"; 8 % matched to nobody, the rest to 1–6 plumbers; ~30 % claimed, 1 % of claims with
// a pending dispute. Reports only; nothing is asserted.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "bench_fixture.hpp"
#include "crypto/tokens.hpp"
#include "domain/marketplace.hpp"
#include "geo/zip_table.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/lead_console.hpp"
#include "store/store.hpp"
#include "web/present/lead_list_view.hpp"

using namespace plumbline;
using Clock = std::chrono::steady_clock;
using bench::first_names;
using bench::last_names;
using bench::Rng;
using bench::service_slugs;
using bench::sqlite_indexes;
using bench::urgencies;

namespace {

constexpr domain::Millis t_start = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr domain::Millis spacing = 31'536;             // a year over 1,000,000 leads

// What a sampled lead was generated with, for the searches.
struct Sample {
  std::int64_t index = 0;
  std::string phone, email, name, zip, city, token;
};

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

long status_kb(const char* field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::string(field).size());
  return 0;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines as they happen
  if (argc < 2) {
    std::fprintf(stderr, "usage: console_leads DATABASE_URL [leads] [runs] [seed]\n");
    return 2;
  }
  std::string url = argv[1];
  const int leads = argc > 2 ? std::atoi(argv[2]) : 1'000'000;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 60;
  const std::uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 7;
  const int plumbers = std::max(1000, leads * 13 / 100);
  const char* zip_env = std::getenv("PLUMBLINE_ZIP_FILE");
  auto zips = geo::ZipTable::load_file(zip_env ? zip_env : "data/generated/zips.tsv");
  std::vector<const geo::ZipInfo*> zip_list;
  char buf[32];
  for (int i = 0; i < 100000; ++i) {
    std::snprintf(buf, sizeof buf, "%05d", i);
    if (const auto* z = zips.find(buf); z && !z->city.empty()) zip_list.push_back(z);
  }
  const int nz = static_cast<int>(zip_list.size());

  store::StoreOptions so;
  so.read_pool_size = 4;
  so.synchronous_full = false;  // SQLite: loading a fixture, not measuring durable writes
  auto st = store::open_store(url, so);
  st->migrate();
  const std::string backend = st->backend();

  // ---- load (or replay the generator over a database loaded before)
  std::int64_t have = st->read<std::int64_t>([](store::Tx& tx) { return tx.count_leads(); });
  const bool load = have < leads;
  auto t_load = Clock::now();
  std::vector<std::int64_t> plumber_ids;
  const bool sqlite_load = load && backend == "sqlite";
  std::vector<std::string> dropped;
  if (sqlite_load) dropped = sqlite_indexes(url.substr(std::string("sqlite:").size()), {});
  if (load) {
    for (int from = 0; from < plumbers; from += 5000) {
      st->write_tx([&](store::Tx& tx) {
        for (int i = from; i < std::min(plumbers, from + 5000); ++i) {
          domain::User u;
          u.email = "console-bench-" + std::to_string(i) + "@example.com";
          u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
          u.role = domain::Role::plumber;
          u.created_at = t_start;
          u.updated_at = t_start;
          auto id = tx.insert_user(u);
          std::snprintf(buf, sizeof buf, "+1555%07d", i);
          tx.insert_plumber(domain::Plumber{id, "Bench Plumbing " + std::to_string(i), "C", buf});
          plumber_ids.push_back(id.value);
        }
        return true;
      });
    }
    std::printf("%s: %d plumbers loaded in %.1f s\n", backend.c_str(), plumbers,
                ms_since(t_load) / 1000);
  }
  Rng rng{seed};
  std::vector<Sample> samples;
  std::int64_t matches = 0, claims = 0, disputes = 0, first_id = 0;
  std::int64_t last_id = 0;
  for (int from = 0; from < leads; from += 20000) {
    std::vector<domain::NewLead> batch;
    std::vector<int> status_pick, flag_pick, match_count, claim_count;
    for (int i = from; i < std::min(leads, from + 20000); ++i) {
      domain::NewLead l;
      const auto* z = zip_list[rng.below(nz)];
      l.service_type = service_slugs[rng.below(12)];
      l.urgency = urgencies[rng.below(4)];
      l.description = "Bench request";
      l.zip = z->zip;
      l.city = z->city;
      l.state = z->state;
      l.lat = z->lat;
      l.lng = z->lng;
      l.name = first_names[rng.below(50)] + " " + last_names[rng.below(50)];
      std::snprintf(buf, sizeof buf, "+1%d%d%04d", 201 + rng.below(780), 201 + rng.below(780),
                    rng.below(10000));
      l.phone_e164 = buf;
      l.email =
          lower(l.name.substr(0, l.name.find(' '))) + "." + std::to_string(i) + "@Example.com";
      l.contact_method = "phone";
      l.consent_text = "I agree.";
      l.consent_ip = "203.0.113.7";
      l.consent_user_agent = "bench";
      int src = rng.below(100);
      l.source = src < 80 ? "web" : src < 97 ? "api" : "admin";
      std::string token = "bench-token-" + std::to_string(i) + "-padding-padding";
      l.tracking_hash = crypto::sha256_hex(token);
      l.created_at = t_start + static_cast<domain::Millis>(i) * spacing;
      l.consent_at = l.created_at;
      l.price_credits = 2;
      if (rng.per_mille(20) && i > 0)
        l.duplicate_of = domain::LeadId{-1};  // the previous lead, set on insert
      status_pick.push_back(rng.below(100));
      flag_pick.push_back(rng.per_mille(1));
      match_count.push_back(rng.below(100) < 8 ? 0 : 1 + rng.below(6));
      claim_count.push_back(rng.below(100) < 30 ? (rng.below(100) < 10 ? 2 : 1) : 0);
      if (i % (leads / 1000 > 0 ? leads / 1000 : 1) == 7)
        samples.push_back({i, l.phone_e164, lower(l.email), l.name, l.zip, l.city, token});
      batch.push_back(std::move(l));
    }
    // The plumbers of each match and claim (drawn even when replaying, to keep the sequence).
    std::vector<std::vector<int>> picks(batch.size());
    for (std::size_t k = 0; k < batch.size(); ++k) {
      std::set<int> chosen;
      while (static_cast<int>(chosen.size()) < match_count[k]) chosen.insert(rng.below(plumbers));
      picks[k].assign(chosen.begin(), chosen.end());
    }
    std::vector<int> dispute_pick;
    for (std::size_t k = 0; k < batch.size(); ++k) dispute_pick.push_back(rng.per_mille(10));
    if (!load) continue;
    st->write_tx([&](store::Tx& tx) {
      std::vector<domain::LeadMatch> ms;
      for (std::size_t k = 0; k < batch.size(); ++k) {
        auto& l = batch[k];
        if (l.duplicate_of) l.duplicate_of = domain::LeadId{last_id};
        auto id = tx.insert_lead(l);
        if (first_id == 0) first_id = id.value;
        last_id = id.value;
        int s = status_pick[k];
        auto to = s < 10   ? domain::LeadStatus::closed
                  : s < 30 ? domain::LeadStatus::expired
                  : s < 40 ? domain::LeadStatus::full
                           : domain::LeadStatus::open;
        if (to != domain::LeadStatus::open)
          tx.update_lead_status(id, domain::LeadStatus::open, to, "", l.created_at);
        if (flag_pick[k]) tx.set_lead_flag(id, domain::lead_flag_never_requested, l.created_at);
        for (int p : picks[k])
          ms.push_back({domain::LeadId{id}, domain::UserId{plumber_ids[p]}, 3.0, l.created_at});
        matches += static_cast<std::int64_t>(picks[k].size());
        int c = std::min<int>(claim_count[k], static_cast<int>(picks[k].size()));
        for (int j = 0; j < c; ++j) {
          domain::Claim cl;
          cl.lead_id = domain::LeadId{id};
          cl.plumber_id = domain::UserId{plumber_ids[picks[k][j]]};
          cl.price_credits = 2;
          cl.created_at = cl.updated_at = l.created_at + 60'000;
          auto claim_id = tx.insert_claim(cl);
          ++claims;
          if (j == 0 && dispute_pick[k]) {
            domain::Dispute d;
            d.claim_id = domain::ClaimId{claim_id};
            d.plumber_id = cl.plumber_id;
            d.lead_id = domain::LeadId{id};
            d.reason = "wrong_contact";
            d.created_at = cl.created_at;
            tx.insert_dispute(d);
            ++disputes;
          }
        }
      }
      tx.insert_lead_matches(ms);
      return true;
    });
  }
  if (sqlite_load) {
    auto t_index = Clock::now();
    sqlite_indexes(url.substr(std::string("sqlite:").size()), dropped);
    std::printf("sqlite: %zu indexes built after the load in %.1f s\n", dropped.size(),
                ms_since(t_index) / 1000);
  }
  if (load)
    std::printf("%s: %d leads, %lld matches, %lld claims, %lld pending disputes loaded in %.1f s\n",
                backend.c_str(), leads, static_cast<long long>(matches),
                static_cast<long long>(claims), static_cast<long long>(disputes),
                ms_since(t_load) / 1000);
  else
    std::printf("%s: reusing %lld leads already in the database\n", backend.c_str(),
                static_cast<long long>(have));

  // ---- the list
  services::SystemClock clock;
  services::CatalogCache catalog(*st, clock);
  services::LeadConsoleService console(*st, catalog);
  struct Case {
    const char* name;
    std::function<domain::LeadQuery(int run)> make;
  };
  auto search = [&](domain::LeadSearchKind kind, std::string value) {
    domain::LeadQuery q;
    q.search = kind;
    q.search_value = std::move(value);
    return q;
  };
  auto sample = [&](int run) -> const Sample& { return samples[(run * 37) % samples.size()]; };
  const char* statuses[] = {"open", "full", "closed", "expired"};
  const char* sources[] = {"web", "api", "admin"};
  const domain::Millis span = static_cast<domain::Millis>(leads) * spacing;
  std::vector<Case> cases{
      {"no filter, newest first", [](int) { return domain::LeadQuery{}; }},
      {"no filter, oldest first",
       [](int) {
         domain::LeadQuery q;
         q.sort = domain::LeadSort::oldest;
         return q;
       }},
      {"no filter, a page deep in the list (keyset)",
       [&](int run) {
         domain::LeadQuery q;
         q.after = {t_start + (span / runs) * run, 1LL << 40};
         return q;
       }},
      {"status (each of 4)",
       [&](int run) {
         domain::LeadQuery q;
         q.status = statuses[run % 4];
         return q;
       }},
      {"service (each of 12)",
       [&](int run) {
         domain::LeadQuery q;
         q.service = service_slugs[run % 12];
         return q;
       }},
      {"urgency (each of 4)",
       [&](int run) {
         domain::LeadQuery q;
         q.urgency = urgencies[run % 4];
         return q;
       }},
      {"source (each of 3; admin 3 %)",
       [&](int run) {
         domain::LeadQuery q;
         q.source = sources[run % 3];
         return q;
       }},
      {"date range: one day",
       [&](int run) {
         domain::LeadQuery q;
         q.from = t_start + (span / runs) * run;
         q.to = q.from + 86'400'000;
         return q;
       }},
      {"date range: 30 days",
       [&](int run) {
         domain::LeadQuery q;
         q.from = t_start + ((span - 30LL * 86'400'000) / runs) * run;
         q.to = q.from + 30LL * 86'400'000;
         return q;
       }},
      {"duplicates only (2 %)",
       [](int) {
         domain::LeadQuery q;
         q.duplicates_only = true;
         return q;
       }},
      {"flagged only (~0.4 %)",
       [](int) {
         domain::LeadQuery q;
         q.flagged_only = true;
         return q;
       }},
      {"no plumber matched (8 %)",
       [](int) {
         domain::LeadQuery q;
         q.unmatched_only = true;
         return q;
       }},
      {"search: request id",
       [&](int run) {
         return search(domain::LeadSearchKind::id,
                       std::to_string(1 + (static_cast<std::int64_t>(run) * 7919) % leads));
       }},
      {"search: tracking link",
       [&](int run) { return search(domain::LeadSearchKind::tracking, sample(run).token); }},
      {"search: phone",
       [&](int run) { return search(domain::LeadSearchKind::phone, sample(run).phone); }},
      {"search: e-mail",
       [&](int run) { return search(domain::LeadSearchKind::email, sample(run).email); }},
      {"search: name prefix (first name + 3 letters)",
       [&](int run) {
         const auto& n = sample(run).name;
         return search(domain::LeadSearchKind::name, lower(n.substr(0, n.find(' ') + 4)));
       }},
      {"search: ZIP",
       [&](int run) { return search(domain::LeadSearchKind::zip, sample(run).zip); }},
      {"search: city",
       [&](int run) { return search(domain::LeadSearchKind::city, lower(sample(run).city)); }},
      {"status + service + 30 days",
       [&](int run) {
         domain::LeadQuery q;
         q.status = statuses[run % 4];
         q.service = service_slugs[run % 12];
         q.from = t_start + ((span - 30LL * 86'400'000) / runs) * run;
         q.to = q.from + 30LL * 86'400'000;
         return q;
       }},
  };
  std::printf(
      "%s: the request list, one page of 50 + the count capped at %lld, %d runs each "
      "(ms)\n",
      backend.c_str(), static_cast<long long>(services::LeadConsoleService::count_cap), runs);
  std::printf("  %-46s %8s %8s %8s %8s\n", "query", "p50", "p95", "max", "rows");
  for (const auto& c : cases) {
    for (int w = 0; w < 3; ++w) (void)console.page(c.make(w), 50, true);  // warm the cache
    std::vector<double> t;
    std::int64_t rows = 0;
    for (int run = 0; run < runs; ++run) {
      auto q = c.make(run);
      auto t0 = Clock::now();
      auto page = console.page(q, 50, true);
      t.push_back(ms_since(t0));
      if (!page) {
        std::fprintf(stderr, "%s failed: %s\n", c.name, page.error().log_detail.c_str());
        return 1;
      }
      rows += page->count;
    }
    std::sort(t.begin(), t.end());
    std::printf("  %-46s %8.2f %8.2f %8.2f %8lld\n", c.name, t[t.size() / 2],
                t[std::min(t.size() - 1, t.size() * 95 / 100)], t.back(),
                static_cast<long long>(rows / runs));
  }

  // ---- the CSV export's loop over 100,000 rows (what the streamed response's producer does)
  {
    domain::LeadQuery q;
    q.sort = domain::LeadSort::oldest;
    q.from = t_start + static_cast<domain::Millis>(leads / 3) * spacing;
    q.to = q.from + static_cast<domain::Millis>(std::min(leads, 100'000)) * spacing;
    auto cat = catalog.get();
    std::FILE* sink = std::fopen("/dev/null", "w");
    {
      std::ofstream clear("/proc/self/clear_refs");
      clear << "5";  // resets VmHWM, so the peak below is the export's
    }
    long rss_before = status_kb("VmRSS:");
    auto t0 = Clock::now();
    std::int64_t rows = 0, bytes = 0;
    std::string piece = web::lead_csv_header();
    for (;;) {
      auto page = console.next_rows(q, 1000);
      if (!page) return 1;
      for (const auto& r : *page) piece += web::lead_csv_line(r, cat, true);
      bytes += static_cast<std::int64_t>(piece.size());
      std::fwrite(piece.data(), 1, piece.size(), sink);
      piece.clear();
      rows += static_cast<std::int64_t>(page->size());
      if (page->size() < 1000) break;
      q.after = {page->back().created_at, page->back().id};
    }
    std::fclose(sink);
    std::printf(
        "%s: CSV export of %lld rows (%.1f MB) in %.0f ms; RSS before %ld kB, peak during "
        "%ld kB\n",
        backend.c_str(), static_cast<long long>(rows), bytes / 1e6, ms_since(t0), rss_before,
        status_kb("VmHWM:"));
  }
  return 0;
}
