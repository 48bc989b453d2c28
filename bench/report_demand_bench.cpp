// Demand report benchmark: DemandReport::build (one read transaction of grouped counts, folded and
// ranked in C++) over the requests already in a database, for the 7d, 30d and 90d presets ending
// at "now", p50/p95 over `runs` builds each. Reports only; nothing is asserted.
//
// Usage: report_demand_bench DATABASE_URL [runs=20]
//   DATABASE_URL  sqlite:PATH or postgres://… (migrated here; run from the repository root, or set
//                 PLUMBLINE_ZIP_FILE to data/generated/zips.tsv)
// Load the requests first (e.g. console_leads's 1,000,000, or any copy of a production-like
// `leads` table); the benchmark itself writes nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "geo/time_zone.hpp"
#include "geo/zip_table.hpp"
#include "services/report_demand.hpp"
#include "store/store.hpp"

using namespace plumbline;

namespace {

double demand_ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: report_demand_bench DATABASE_URL [runs=20]\n");
    return 2;
  }
  const int runs = argc > 2 ? std::atoi(argv[2]) : 20;
  const char* zip_file = std::getenv("PLUMBLINE_ZIP_FILE");
  auto zips = geo::ZipTable::load_file(zip_file ? zip_file : "data/generated/zips.tsv");
  auto zones = geo::TimeZones::load("/usr/share/zoneinfo", {"America/Chicago"});
  const auto& zone = *zones.find("America/Chicago");
  auto st = store::open_store(argv[1], {});
  st->migrate();
  // "Now": PLUMBLINE_BENCH_NOW (unix ms; e.g. just after the newest request), else the present.
  const char* now_env = std::getenv("PLUMBLINE_BENCH_NOW");
  const domain::Millis now = now_env ? std::atoll(now_env)
                                     : std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count();
  services::DemandReport report(*st, zips, zones);
  for (const char* preset : {"7d", "30d", "90d"}) {
    auto range = domain::resolve_report_range(preset, "", "", now, zone);
    if (!range.ok()) return 1;
    std::vector<double> ms;
    std::int64_t requests = 0;
    for (int i = 0; i < runs; ++i) {
      auto t = std::chrono::steady_clock::now();
      auto r = report.build(range.value());
      ms.push_back(demand_ms_since(t));
      requests = r.kpis.at(0).value;
    }
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
      return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))];
    };
    std::printf("%-4s %8lld requests  p50 %6.1f ms  p95 %6.1f ms  (%d runs)\n", preset,
                static_cast<long long>(requests), at(0.5), at(0.95), runs);
  }
  return 0;
}
