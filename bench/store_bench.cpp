// Raw storage limit: the intake transaction (duplicate check + lead + history) through LeadService,
// from many threads at once, without HTTP. Usage: store_bench DATABASE_URL [threads] [total]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "geo/zip_table.hpp"
#include "services/leads.hpp"
#include "store/store.hpp"

using namespace plumbline;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: store_bench DATABASE_URL [threads=64] [total=20000]\n");
    return 2;
  }
  std::string url = argv[1];
  int threads = argc > 2 ? std::atoi(argv[2]) : 64;
  int total = argc > 3 ? std::atoi(argv[3]) : 20000;
  store::StoreOptions so;
  so.read_pool_size = 8;
  auto st = store::open_store(url, so);
  st->migrate();
  auto zips = geo::ZipTable::load_file("data/generated/zips.tsv");
  services::SystemClock clock;
  services::NotificationSettings notify{"http://127.0.0.1:8080",
                                        "bench-secret-0123456789abcdef0123456789", false, 8};
  // Intake alone: no plumber is matched and nobody listens.
  struct NoMatching final : services::LeadMatcher, services::LeadEvents {
    int match_new_lead(store::Tx&, std::int64_t, const domain::NewLead&, const domain::Catalog&,
                       domain::Millis) override {
      return 0;
    }
    bool covers(const domain::NewLead&) override { return true; }
    int match_again(store::Tx&, const domain::Lead&, domain::Millis) override { return 0; }
    void lead_submitted(const services::SubmittedLead&) override {}
  } quiet;
  services::CatalogCache catalog(*st, clock);
  services::FixedMarketplaceRules rules;
  services::LeadService leads(*st, zips, clock, catalog, quiet, quiet, notify, rules);
  std::atomic<int> next{0}, failed{0};
  std::vector<std::vector<double>> lat(threads);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int i; (i = next++) < total;) {
        domain::LeadInput in;
        in.service_type = "leak_repair";
        in.description = "Water dripping under the kitchen sink";
        in.urgency = "this_week";
        in.zip = "94110";
        in.name = "Bench Mark";
        char phone[16];
        std::snprintf(phone, sizeof phone, "415%07d", 2000000 + i % 8000000);
        in.phone = phone;
        in.email = "bench@example.com";
        in.contact_method = "text";
        in.consent = true;
        auto t0 = std::chrono::steady_clock::now();
        auto r = leads.submit(in, {"127.0.0.1", "bench", "api", 0});
        lat[t].push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
        if (!r && failed++ == 0)
          std::fprintf(stderr, "first failure: %s (%s)\n", r.error().message.c_str(),
                       r.error().log_detail.c_str());
      }
    });
  for (auto& th : pool) th.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty() ? 0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
  };
  auto stats = st->pool_stats();
  std::printf(
      "%s: %d submissions, %d threads, %.0f/s, p50 %.2f ms, p99 %.2f ms, %d failed, %llu commits "
      "(%.1f per commit)\n",
      st->backend().c_str(), total, threads, total / secs, pct(0.5), pct(0.99), failed.load(),
      static_cast<unsigned long long>(stats.commits),
      stats.commits ? double(total) / stats.commits : 0.0);
  return failed.load() ? 1 : 0;
}
