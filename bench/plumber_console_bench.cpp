// Plumbers console benchmark: search_plumbers with each filter and sort on a database of plumbers
// (p50/p95/max, ms, 30 runs each after 3 warm-ups unless told, first page of 50), and the CSV's
// keyset walk over every plumber (1,000 rows per read transaction).
//
// Usage: plumber_console_bench DATABASE_URL [runs=30]
//   Load the plumbers first with bench/plumber_console_fixture.sh (market_bench plus a history,
//   and a COPY into PostgreSQL); run from the repository root (ZIP table) or set
//   PLUMBLINE_ZIP_FILE. Reports only; nothing is asserted.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "geo/zip_table.hpp"
#include "store/store.hpp"

using namespace plumbline;
using BenchClock = std::chrono::steady_clock;

namespace {

double console_ms_since(BenchClock::time_point t) {
  return std::chrono::duration<double, std::milli>(BenchClock::now() - t).count();
}

// Runs per case (after min(3, runs) warm-ups); the second argument, 30 unless given.
int console_runs = 30;

void console_case(store::Store& st, const char* name, const domain::PlumberSearch& q) {
  std::vector<double> ms;
  std::size_t rows = 0;
  int warm = std::min(3, console_runs);
  try {
    for (int i = 0; i < warm + console_runs; ++i) {
      auto t = BenchClock::now();
      rows = st.read<std::vector<domain::PlumberRow>>([&](store::Tx& tx) {
                 return tx.search_plumbers(q);
               }).size();
      if (i >= warm) ms.push_back(console_ms_since(t));
    }
  } catch (const std::exception& e) {  // e.g. PostgreSQL's statement_timeout (see performance.md)
    std::printf("%-28s failed after %zu runs: %s\n", name, ms.size(), e.what());
    return;
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-28s rows %3zu  p50 %7.1f  p95 %7.1f  max %7.1f ms\n", name, rows,
              ms[ms.size() / 2], ms[ms.size() * 95 / 100], ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: plumber_console_bench DATABASE_URL [runs=30]\n");
    return 2;
  }
  if (argc > 2) console_runs = std::max(1, std::atoi(argv[2]));
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each case as it ends
  const char* zip_file = std::getenv("PLUMBLINE_ZIP_FILE");
  auto zips = geo::ZipTable::load_file(zip_file ? zip_file : "data/generated/zips.tsv");
  store::StoreOptions so;
  auto st = store::open_store(argv[1], so);
  st->migrate();
  auto total =
      st->read<std::int64_t>([](store::Tx& tx) { return tx.count_plumbers(std::nullopt); });
  std::printf("plumbers: %lld\n", static_cast<long long>(total));
  const auto* chicago = zips.find("60601");
  auto base = [] {
    domain::PlumberSearch q;
    q.limit = 50;
    return q;
  };
  auto with = [&](auto edit) {
    auto q = base();
    edit(q);
    return q;
  };
  console_case(*st, "no filter (newest)", base());
  console_case(*st, "sort name", with([](auto& q) { q.sort = domain::plumber_sort_name; }));
  console_case(*st, "sort balance", with([](auto& q) { q.sort = domain::plumber_sort_balance; }));
  console_case(*st, "sort last active",
               with([](auto& q) { q.sort = domain::plumber_sort_last_active; }));
  console_case(*st, "name prefix 'acme'",
               with([](auto& q) { q.term = domain::parse_plumber_search("acme"); }));
  console_case(*st, "e-mail prefix",
               with([](auto& q) { q.term = domain::parse_plumber_search("bench-plumber-1234@"); }));
  console_case(*st, "phone digits",
               with([](auto& q) { q.term = domain::parse_plumber_search("(312) 555-01"); }));
  console_case(*st, "id", with([](auto& q) { q.term = domain::parse_plumber_search("65000"); }));
  console_case(*st, "status suspended", with([](auto& q) { q.status = "suspended"; }));
  console_case(*st, "plan past_due", with([](auto& q) { q.plan_status = "past_due"; }));
  console_case(*st, "service gas_line", with([](auto& q) { q.service = "gas_line"; }));
  if (chicago) {
    console_case(*st, "covers 60601", with([&](auto& q) {
      q.near = true;
      q.zip = "60601";
      q.lat = chicago->lat;
      q.lng = chicago->lng;
    }));
    console_case(*st, "within 20 mi of 60601", with([&](auto& q) {
      q.near = true;
      q.zip = "60601";
      q.lat = chicago->lat;
      q.lng = chicago->lng;
      q.within_miles = 20;
    }));
  }
  console_case(*st, "balance >= 1", with([](auto& q) { q.balance_min = 1; }));
  console_case(*st, "active since 2020", with([](auto& q) { q.active_from = 1'577'836'800'000; }));
  // Added with the fixture's history (bench/plumber_console_fixture.sh): narrow and wide prefixes,
  // the rarer states, recent windows, and a filter combined with each computed sort.
  const domain::Millis day = 86'400'000;
  const domain::Millis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
  console_case(*st, "name prefix (111 rows)",
               with([](auto& q) { q.term = domain::parse_plumber_search("bench plumbing 1234"); }));
  console_case(*st, "name prefix (11,111 rows)",
               with([](auto& q) { q.term = domain::parse_plumber_search("bench plumbing 12"); }));
  console_case(*st, "status closed",
               with([](auto& q) { q.status = domain::plumber_state_closed; }));
  console_case(*st, "status rejected", with([](auto& q) { q.status = "rejected"; }));
  console_case(*st, "signed up last 30 days",
               with([&](auto& q) { q.signed_up_from = now - 30 * day; }));
  console_case(*st, "signed up 1 month, 2 yrs ago", with([&](auto& q) {
    q.signed_up_from = now - 730 * day;
    q.signed_up_to = now - 700 * day;
  }));
  console_case(*st, "balance >= 295", with([](auto& q) { q.balance_min = 295; }));
  console_case(*st, "active before 300 days ago",
               with([&](auto& q) { q.active_to = now - 300 * day; }));
  console_case(*st, "balance 100-110", with([](auto& q) {
    q.balance_min = 100;
    q.balance_max = 110;
  }));
  console_case(*st, "active last 7 days", with([&](auto& q) { q.active_from = now - 7 * day; }));
  console_case(*st, "approved, sort name", with([](auto& q) {
    q.status = "approved";
    q.sort = domain::plumber_sort_name;
  }));
  console_case(*st, "gas_line, sort balance", with([](auto& q) {
    q.service = "gas_line";
    q.sort = domain::plumber_sort_balance;
  }));
  console_case(*st, "past_due, sort last active", with([](auto& q) {
    q.plan_status = "past_due";
    q.sort = domain::plumber_sort_last_active;
  }));
  console_case(*st, "sort name, mid-list", with([](auto& q) {
    q.sort = domain::plumber_sort_name;
    q.after_name = "bench plumbing 5";
    q.after_id = 1;
  }));
  console_case(*st, "sort balance, mid-list", with([](auto& q) {
    q.sort = domain::plumber_sort_balance;
    q.after_num = 150;
    q.after_id = 65'000;
  }));
  console_case(*st, "sort last active, mid-list", with([&](auto& q) {
    q.sort = domain::plumber_sort_last_active;
    q.after_num = now - 180 * day;
    q.after_id = 65'000;
  }));
  // The CSV's walk: every plumber, 1,000 rows per read transaction along the keyset.
  auto t = BenchClock::now();
  auto q = base();
  q.limit = 1000;
  std::size_t seen = 0;
  for (;;) {
    auto rows = st->read<std::vector<domain::PlumberRow>>(
        [&](store::Tx& tx) { return tx.search_plumbers(q); });
    seen += rows.size();
    if (rows.size() < 1000) break;
    q.after_id = rows.back().id;
  }
  std::printf("CSV walk: %zu rows in %.0f ms\n", seen, console_ms_since(t));
  return 0;
}
