// The store test fixture: a fresh migrated store per test on SQLite and PostgreSQL, and the makers
// and seeding helpers every store contract suite shares (messages, leads, users, tokens,
// plumbers, claims, real ZIPs, the generated matching fixture and its oracle).
#pragma once
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../id_compare.hpp"
#include "../source_root.hpp"
#include "geo/distance.hpp"
#include "geo/zip_table.hpp"
#include "id_rows.hpp"
#include "store/store.hpp"
#include "temp_db.hpp"

// Outbox and leads: the fixture every store suite builds on.
namespace plumbline::store::outbox_test {

using domain::Millis;
using domain::OutboundMessage;
using domain::OutboxMessage;

inline constexpr Millis t0 = 1'700'000'000'000;

inline std::string pg_url() {
  const char* v = std::getenv("TEST_PG_URL");
  return v ? v : "";
}

// prefix + n (built by appending: GCC 12 warns falsely about `"x" + std::to_string(n)` in threads).
inline std::string tagged(const char* prefix, std::int64_t n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

// An e-mail message due at `due` with the idempotency key "key-<n>".
inline OutboundMessage make_message(int n, Millis due = t0) {
  OutboundMessage m;
  m.kind = "lead_confirmation";
  m.channel = domain::channel_email;
  m.recipient = "zoe+" + std::to_string(n) + "@example.com";
  m.template_name = "lead_confirmation";
  m.data_json = R"({"name":"Zoë O'Brien","n":)" + std::to_string(n) + "}";
  m.idempotency_key = "key-" + std::to_string(n);
  m.event_at = due - 10;
  m.due_at = due;
  return m;
}

// A valid lead whose tracking hash is unique per n.
inline domain::NewLead make_lead(int n) {
  domain::NewLead l;
  l.service_type = "leak_repair";
  l.description = "Dripping pipe";
  l.urgency = "within_24h";
  l.zip = "10001";
  l.city = "New York";
  l.state = "NY";
  l.name = "Zoë";
  l.phone_e164 = "+12125550100";
  l.email = "zoe@example.com";
  l.contact_method = "email";
  l.lat = 40.7;
  l.lng = -73.9;
  l.consent_text = "I agree.";
  l.consent_ip = "203.0.113.7";
  l.consent_user_agent = "test";
  l.consent_at = t0;
  l.source = "web";
  std::string s = std::to_string(n);
  l.tracking_hash = std::string(64 - s.size(), 'b') + s;
  l.created_at = t0;
  return l;
}

// Every store suite's base: a fresh migrated database of the test's backend ("sqlite" or
// "postgres"; PostgreSQL tests skip without TEST_PG_URL) and committed writes.
class StoreFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && pg_url().empty())
      GTEST_SKIP() << "TEST_PG_URL is not set; start one with scripts/pg-temp.sh start DIR";
    db_ = std::make_unique<plumbline::testing::TempDb>(GetParam(), pg_url(), false);
    StoreOptions options;
    options.read_pool_size = 4;
    store_ = open_store(db_->url(), options);
    store_->migrate();
  }
  void TearDown() override {
    store_.reset();  // close connections before the database is dropped
    db_.reset();
  }

  bool is_pg() const { return GetParam() == "postgres"; }

  // Runs fn in a committed write transaction.
  template <typename F>
  void write(F fn) {
    store_->write_tx([&](Tx& tx) {
      fn(tx);
      return true;
    });
  }

  // Runs one statement on the test database outside the store; the error message, or "" on success.
  std::string raw(const std::string& sql) {
    if (is_pg()) {
      try {
        plumbline::testing::pg_admin(db_->url(), sql);
      } catch (const std::exception& e) {
        return e.what();
      }
      return "";
    }
    sqlite3* db = nullptr;
    std::string path = db_->url().substr(std::string("sqlite:").size());
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      sqlite3_close(db);
      return "cannot open " + path;
    }
    sqlite3_busy_timeout(db, 5000);
    char* err = nullptr;
    std::string out;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK)
      out = err ? err : "error";
    sqlite3_free(err);
    sqlite3_close(db);
    return out;
  }
  std::unique_ptr<plumbline::testing::TempDb> db_;
  std::unique_ptr<Store> store_;
};

class OutboxFixture : public StoreFixture {
 protected:
  std::int64_t enqueue(const OutboundMessage& m) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.enqueue_message(m); });
    return id;
  }
  std::int64_t insert_lead(int n) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_lead(make_lead(n)).value; });
    return id;
  }
  std::vector<OutboxMessage> lease(const std::string& owner, Millis now, Millis until, int limit) {
    std::vector<OutboxMessage> out;
    write([&](Tx& tx) { out = tx.lease_messages(owner, now, until, limit); });
    return out;
  }
  OutboxMessage get(std::int64_t id) {
    auto m =
        store_->read<std::optional<OutboxMessage>>([&](Tx& tx) { return tx.message_by_id(id); });
    if (!m) throw std::runtime_error("message " + std::to_string(id) + " not found");
    return *m;
  }
  domain::OutboxCounts counts() {
    return store_->read<domain::OutboxCounts>([](Tx& tx) { return tx.outbox_counts(); });
  }
  static std::vector<std::int64_t> ids(const std::vector<OutboxMessage>& ms) {
    std::vector<std::int64_t> out;
    for (const auto& m : ms) out.push_back(m.id);
    return out;
  }
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace plumbline::store::outbox_test

// Accounts: user and token makers, and a helper that reports which StoreError kind a write raised.
namespace plumbline::store::accounts_test {

using domain::Millis;
using outbox_test::backend_name;
using outbox_test::pg_url;
using outbox_test::t0;

// A 64-character hex hash unique per (c, n): c tells sessions, tokens and refresh tokens apart.
inline std::string hash64(char c, int n) {
  std::string s = std::to_string(n);
  return std::string(64 - s.size(), c) + s;
}

// A role outside the enum (only a cast makes one): it binds as "unknown", which the schema's CHECK
// refuses, as it would a word another program wrote.
inline constexpr auto unknown_role = static_cast<domain::Role>(99);

inline domain::User make_user(const std::string& email, domain::Role role = domain::Role::plumber) {
  domain::User u;
  u.email = email;
  u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
  u.role = role;
  u.created_at = t0;
  u.updated_at = t0;
  return u;
}

inline domain::Session make_session(int n, std::int64_t user_id, Millis at = t0) {
  domain::Session s;
  s.id_hash = hash64('5', n);
  s.user_id = domain::UserId{user_id};
  s.created_at = at;
  s.last_seen_at = at;
  s.absolute_expires_at = at + 30LL * 24 * 3'600'000;
  s.idle_timeout_ms = 12LL * 3'600'000;
  s.ip = "203.0.113.9";
  s.user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
  return s;
}

inline domain::AuthToken make_token(int n, std::int64_t user_id, const char* purpose) {
  domain::AuthToken t;
  t.token_hash = hash64('a', n);
  t.user_id = domain::UserId{user_id};
  t.purpose = purpose;
  t.created_at = t0;
  t.expires_at = t0 + 3'600'000;
  return t;
}

inline domain::RefreshToken make_refresh(int n, std::int64_t user_id, const std::string& family) {
  domain::RefreshToken t;
  t.token_hash = hash64('f', n);
  t.user_id = domain::UserId{user_id};
  t.family_id = family;
  t.created_at = t0;
  t.expires_at = t0 + 30LL * 24 * 3'600'000;
  return t;
}

class AccountsFixture : public outbox_test::StoreFixture {
 protected:
  // Runs fn in a write transaction; the kind of StoreError it raised, or nullopt when it committed.
  std::optional<StoreErrorKind> failure(const std::function<void(Tx&)>& fn) {
    try {
      write(fn);
    } catch (const StoreError& e) {
      return e.kind();
    }
    return std::nullopt;
  }
  template <typename T>
  T read(const std::function<T(Tx&)>& fn) {
    return store_->read<T>(fn);
  }

  std::int64_t add_user(const domain::User& u) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_user(u).value; });
    return id;
  }
  std::int64_t add_user(const std::string& email) { return add_user(make_user(email)); }
  domain::User user(std::int64_t id) {
    auto u = read<std::optional<domain::User>>(
        [&](Tx& tx) { return tx.user_by_id(domain::UserId{id}); });
    if (!u) throw std::runtime_error("user " + std::to_string(id) + " not found");
    return *u;
  }

  // Runs use(tx) for the same object in two threads whose write transactions overlap on
  // PostgreSQL (both are open before either uses it); returns how many uses reported a change.
  int race(const std::function<bool(Tx&)>& use) {
    std::mutex mu;
    std::condition_variable cv;
    int arrived = 0, wins = 0;
    bool overlapped = true;
    auto racer = [&] {
      store_->write_tx([&](Tx& tx) {
        if (is_pg()) {  // SQLite runs writes one at a time on its writer: waiting would deadlock
          tx.user_by_id(domain::UserId{0});  // the transaction is open on the server
          std::unique_lock lk(mu);
          ++arrived;
          cv.notify_all();
          if (!cv.wait_for(lk, std::chrono::seconds(10), [&] { return arrived == 2; }))
            overlapped = false;
        }
        bool won = use(tx);
        std::lock_guard lk(mu);
        wins += won ? 1 : 0;
        return true;
      });
    };
    std::thread a(racer), b(racer);
    a.join();
    b.join();
    EXPECT_TRUE(overlapped) << "one racer's transaction ended before the other's began";
    return wins;
  }
};

}  // namespace plumbline::store::accounts_test

// Marketplace: real ZIPs, plumber and lead makers, a generated fixture and its oracle.
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
  domain::PlumberStatus status = domain::PlumberStatus::approved;
  domain::PlanStatus plan = domain::PlanStatus::active;
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
  if (s.status != domain::PlumberStatus::pending) {
    domain::PlumberReview r;
    r.status = s.status;
    r.reason = s.status == domain::PlumberStatus::approved ? "" : "test";
    r.licence_verified_on = "2026-01-15";
    r.insurance_valid_until = "2027-06-30";
    r.reviewed_at = at;
    tx.set_plumber_review(id, r);
  }
  if (s.plan != domain::PlanStatus::none) tx.set_plumber_plan(id, s.plan, at);
  return id.value;
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
  c.lead_id = domain::LeadId{lead_id};
  c.plumber_id = domain::UserId{plumber_id};
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
    s.status = st < 80   ? domain::PlumberStatus::approved
               : st < 87 ? domain::PlumberStatus::pending
               : st < 94 ? domain::PlumberStatus::rejected
                         : domain::PlumberStatus::suspended;
    int pl = rng.below(100);
    s.plan = pl < 78   ? domain::PlanStatus::active
             : pl < 84 ? domain::PlanStatus::trialing
             : pl < 90 ? domain::PlanStatus::past_due
             : pl < 95 ? domain::PlanStatus::none
                       : domain::PlanStatus::canceled;
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
      if (ps[i].over_cap) tx.insert_claim(make_claim(filler.value, ids[i], cap_since + 1));
      if (ps[i].old_claim) tx.insert_claim(make_claim(filler.value, ids[i], cap_since - 1));
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
    bool plan_ok = s.plan == domain::PlanStatus::active || s.plan == domain::PlanStatus::trialing ||
                   s.plan == domain::PlanStatus::past_due;
    if (s.status != domain::PlumberStatus::approved || !plan_ok || s.paused || s.daily_cap == 0 ||
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
  for (const auto& m : ms) out.push_back({m.plumber_id.value, m.distance_miles});
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

// The marketplace suites' fixtures: Market runs in several files (one per aggregate).
using domain::AvailableQuery;
using domain::LeadCard;
using domain::MatchCandidate;
using domain::PlumberProfile;

inline std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class Market : public accounts_test::AccountsFixture {
 protected:
  std::int64_t plumber(int n, const PlumberSpec& s = {}) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = add_plumber(tx, n, s); });
    return id;
  }
  std::int64_t lead(const domain::NewLead& l) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_lead(l).value; });
    return id;
  }
  PlumberProfile profile(std::int64_t id) {
    auto p = read<std::optional<PlumberProfile>>(
        [&](Tx& tx) { return tx.plumber_profile(domain::UserId{id}); });
    if (!p) throw std::runtime_error("no profile for " + std::to_string(id));
    return *p;
  }
  domain::Lead get_lead(std::int64_t id) {
    auto l = read<std::optional<domain::Lead>>(
        [&](Tx& tx) { return tx.lead_by_id(domain::LeadId{id}); });
    if (!l) throw std::runtime_error("no lead " + std::to_string(id));
    return *l;
  }
  std::vector<MatchCandidate> match(const domain::MatchQuery& q) {
    return read<std::vector<MatchCandidate>>([&](Tx& tx) { return tx.match_plumbers(q); });
  }
  std::vector<std::int64_t> match_ids(const domain::MatchQuery& q) {
    std::vector<std::int64_t> out;
    for (const auto& m : match(q)) out.push_back(m.plumber_id.value);
    return out;
  }
  std::int64_t claim(std::int64_t lead_id, std::int64_t plumber_id, Millis at,
                     domain::Credits price = 2) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_claim(make_claim(lead_id, plumber_id, at, price)).value; });
    return id;
  }
  domain::Claim get_claim(std::int64_t id) {
    auto c = read<std::optional<domain::Claim>>(
        [&](Tx& tx) { return tx.claim_by_id(domain::ClaimId{id}); });
    if (!c) throw std::runtime_error("no claim " + std::to_string(id));
    return *c;
  }
  void set_status(std::int64_t lead_id, domain::LeadStatus to) {
    write([&](Tx& tx) {
      ASSERT_TRUE(tx.update_lead_status(domain::LeadId{lead_id}, domain::LeadStatus::open, to,
                                        domain::to_string(to), t0 + 99));
    });
  }
  domain::AvailablePage available(AvailableQuery q) {
    return read<domain::AvailablePage>([&](Tx& tx) { return tx.available_leads(q); });
  }
  std::vector<std::int64_t> available_ids(AvailableQuery q) {
    std::vector<std::int64_t> out;
    for (const auto& c : available(q).leads) out.push_back(c.lead_id.value);
    return out;
  }
};

class AvailableLeads : public Market {
 protected:
  struct Spec {
    const char* service;
    const char* urgency;
    int price;
    Millis created;
    double distance;
  };
  void SetUp() override {
    Market::SetUp();
    if (IsSkipped()) return;
    me = plumber(1);
    other = plumber(2);
    // A..F are available to me; F is claimed by the other plumber (a slot is taken).
    const Spec specs[] = {
        {"leak_repair", "within_24h", 2, t0 + 10, 5.0},    // A
        {"drain_cleaning", "emergency", 3, t0 + 20, 1.0},  // B
        {"water_heater", "this_week", 3, t0 + 30, 5.0},    // C
        {"leak_repair", "emergency", 2, t0 + 30, 12.0},    // D (same age as C, larger id)
        {"sewer_line", "flexible", 4, t0 + 40, 1.0},       // E
        {"leak_repair", "within_24h", 2, t0 + 5, 7.5},     // F
    };
    int n = 0;
    for (const auto& s : specs) {
      ++n;
      auto l =
          market_lead(n, n % 2 ? "10001" : "11201", s.service, s.created, s.urgency, s.price, 3);
      auto id = lead(l);
      ids.push_back(id);
      write([&](Tx& tx) {
        tx.insert_lead_matches({store::lead_match_row(id, me, s.distance, s.created)});
      });
    }
    A = ids[0], B = ids[1], C = ids[2], D = ids[3], E = ids[4], F = ids[5];
    write([&](Tx& tx) {
      tx.insert_lead_matches({store::lead_match_row(F, other, 2.0, t0 + 5)});
      ASSERT_EQ(tx.take_claim_slot(domain::LeadId{F}, t0 + 50), std::optional<int>(1));
      tx.insert_claim(make_claim(F, other, t0 + 50));
    });
    // Not available to me: matched only to the other plumber; full; closed; expired; claimed by me.
    G = lead(market_lead(7, "10001", "leak_repair", t0 + 60));
    write([&](Tx& tx) { tx.insert_lead_matches({store::lead_match_row(G, other, 1.0, t0 + 60)}); });
    for (auto st :
         {domain::LeadStatus::full, domain::LeadStatus::closed, domain::LeadStatus::expired}) {
      auto id = lead(market_lead(++n + 10, "10001", "leak_repair", t0 + 70));
      write([&](Tx& tx) { tx.insert_lead_matches({store::lead_match_row(id, me, 1.0, t0 + 70)}); });
      set_status(id, st);
      hidden.push_back(id);
    }
    auto mine = lead(market_lead(30, "10001", "leak_repair", t0 + 80));
    write([&](Tx& tx) {
      tx.insert_lead_matches({store::lead_match_row(mine, me, 1.0, t0 + 80)});
      ASSERT_EQ(tx.take_claim_slot(domain::LeadId{mine}, t0 + 81), std::optional<int>(1));
      tx.insert_claim(make_claim(mine, me, t0 + 81));
    });
    hidden.push_back(mine);
  }
  AvailableQuery q(const std::string& sort = domain::sort_newest) {
    AvailableQuery out;
    out.plumber_id = domain::UserId{me};
    out.sort = sort;
    out.limit = 50;
    return out;
  }
  std::int64_t me = 0, other = 0, A = 0, B = 0, C = 0, D = 0, E = 0, F = 0, G = 0;
  std::vector<std::int64_t> ids, hidden;
};

}  // namespace plumbline::store::market_test
