// The store contract: one suite run against SQLite and PostgreSQL (when TEST_PG_URL is set).
#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "store/store.hpp"
#include "temp_db.hpp"

namespace plumbline::store {
namespace {

using domain::LeadHistoryEntry;
using domain::LeadStatus;
using domain::NewLead;
using plumbline::testing::TempDb;

std::string pg_url() {
  const char* v = std::getenv("TEST_PG_URL");
  return v ? v : "";
}

// A 64-character hex tracking hash unique per n.
std::string hash_for(int n) {
  std::string s = std::to_string(n);
  return std::string(64 - s.size(), 'a') + s;
}

NewLead make_lead(int n, domain::Millis created_at = 1'700'000'000'000) {
  NewLead l;
  l.service_type = "leak_repair";
  l.description = "Water under the kitchen sink — \"dripping\" since Tuesday; it's getting worse.";
  l.urgency = "within_24h";
  l.zip = "10001";
  l.city = "New York";
  l.state = "NY";
  l.address = "350 5th Ave, Apt 7";
  l.name = "Zoë O'Brien";
  l.phone_e164 = "+12125550100";
  l.email = "zoe@example.com";
  l.contact_method = "text";
  l.best_time = "evenings";
  l.lat = 40.748440733;
  l.lng = -73.985655;
  l.consent_text = "I agree to be contacted by up to 3 plumbers.";
  l.consent_ip = "203.0.113.7";
  l.consent_user_agent = "Mozilla/5.0 (X11; Linux x86_64)";
  l.consent_at = created_at - 5;
  l.utm_source = "google";
  l.utm_medium = "cpc";
  l.utm_campaign = "spring-leaks";
  l.referrer = "https://www.google.com/";
  l.source = "web";
  l.tracking_hash = hash_for(n);
  l.created_at = created_at;
  return l;
}

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { open(false); }

  // Opens a store on a fresh database and (unless `empty`) migrates it.
  void open(bool pristine, bool migrate = true) {
    store_.reset();
    db_.reset();
    if (GetParam() == "postgres" && pg_url().empty())
      GTEST_SKIP() << "TEST_PG_URL is not set; start one with scripts/pg-temp.sh start DIR";
    db_ = std::make_unique<TempDb>(GetParam(), pg_url(), pristine);
    StoreOptions options;
    options.read_pool_size = 4;
    store_ = open_store(db_->url(), options);
    if (migrate) store_->migrate();
  }
  void TearDown() override {
    store_.reset();  // close connections before the database is dropped
    db_.reset();
  }

  std::int64_t insert(const NewLead& l) {
    std::int64_t id = 0;
    store_->write_tx([&](Tx& tx) {
      id = tx.insert_lead(l).value;
      return true;
    });
    return id;
  }
  std::int64_t count() {
    return store_->read<std::int64_t>([](Tx& tx) { return tx.count_leads(); });
  }
  domain::Lead lead(std::int64_t id) {
    auto l = store_->read<std::optional<domain::Lead>>(
        [&](Tx& tx) { return tx.lead_by_id(domain::LeadId{id}); });
    if (!l) throw std::runtime_error("lead not found");
    return *l;
  }

  std::unique_ptr<TempDb> db_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContract, BackendNameMatches) {
  EXPECT_EQ(store_->backend(), GetParam());
}

TEST_P(StoreContract, MigratesFromEmpty) {
  open(/*pristine=*/true, /*migrate=*/false);
  const auto& embedded =
      GetParam() == "sqlite" ? embedded_sqlite_migrations() : embedded_postgres_migrations();
  ASSERT_FALSE(embedded.empty());
  auto before = store_->migration_status();
  EXPECT_EQ(before.current, 0);
  EXPECT_EQ(before.latest, migration_version(embedded.back()));
  EXPECT_EQ(before.pending.size(), embedded.size());
  EXPECT_EQ(before.pending.front(), "0001_init");
  EXPECT_FALSE(before.up_to_date());

  auto applied = store_->migrate();
  ASSERT_EQ(applied.size(), embedded.size());
  for (std::size_t i = 0; i < applied.size(); ++i) EXPECT_EQ(applied[i], embedded[i].name);

  auto after = store_->migration_status();
  EXPECT_TRUE(after.up_to_date());
  EXPECT_EQ(after.current, after.latest);
  EXPECT_TRUE(after.pending.empty());
  EXPECT_TRUE(after.mismatched.empty());
}

TEST_P(StoreContract, StatusIsUpToDateAfterMigrate) {
  auto s = store_->migration_status();
  EXPECT_TRUE(s.up_to_date());
  EXPECT_GE(s.current, 1);
  EXPECT_EQ(s.current, s.latest);
}

TEST_P(StoreContract, MigrateTwiceIsANoOp) {
  insert(make_lead(1));
  EXPECT_TRUE(store_->migrate().empty());
  EXPECT_TRUE(store_->migrate().empty());
  EXPECT_TRUE(store_->migration_status().up_to_date());
  EXPECT_EQ(count(), 1);
  auto cat = store_->read<domain::Catalog>([](Tx& tx) { return tx.catalog(); });
  EXPECT_EQ(cat.services.size(), 12u);
}

TEST_P(StoreContract, CatalogHasServicesAndUrgenciesInOrder) {
  auto cat = store_->read<domain::Catalog>([](Tx& tx) { return tx.catalog(); });
  std::vector<std::string> services, urgencies;
  for (const auto& s : cat.services) services.push_back(s.slug);
  for (const auto& u : cat.urgencies) urgencies.push_back(u.slug);
  EXPECT_EQ(services,
            (std::vector<std::string>{"leak_repair", "drain_cleaning", "water_heater",
                                      "toilet_repair", "fixture_install", "sewer_line", "gas_line",
                                      "repiping", "sump_pump", "water_line", "remodel", "other"}));
  EXPECT_EQ(urgencies,
            (std::vector<std::string>{"emergency", "within_24h", "this_week", "flexible"}));
  for (const auto& s : cat.services) {
    EXPECT_TRUE(s.active) << s.slug;
    EXPECT_FALSE(s.label.empty()) << s.slug;
    EXPECT_GT(s.base_price_credits, 0) << s.slug;
  }
  ASSERT_NE(cat.service("water_heater"), nullptr);
  EXPECT_EQ(cat.service("water_heater")->label, "Water heater");
  EXPECT_EQ(cat.service("water_heater")->base_price_credits, 3);
  EXPECT_EQ(cat.service("remodel")->base_price_credits, 5);
  ASSERT_NE(cat.urgency("emergency"), nullptr);
  EXPECT_EQ(cat.urgency("emergency")->label, "Emergency (now)");
  EXPECT_EQ(cat.urgency("emergency")->surcharge_credits, 1);
  EXPECT_EQ(cat.urgency("flexible")->surcharge_credits, 0);
}

TEST_P(StoreContract, LeadRoundTripsEveryField) {
  auto first = insert(make_lead(1));
  NewLead in = make_lead(2, 1'700'000'123'456);
  in.service_type = "water_heater";
  in.urgency = "emergency";
  in.contact_method = "email";
  in.source = "api";
  in.lat = -33.868820123456789;  // southern and eastern hemisphere, full double precision
  in.lng = 151.209295987654321;
  in.address = "";
  in.utm_source = "";
  in.duplicate_of = domain::LeadId{first};
  auto id = insert(in);
  EXPECT_GT(id, first);

  auto out = lead(id);
  EXPECT_EQ(out.id, domain::LeadId{id});
  EXPECT_EQ(out.status, domain::LeadStatus::open);
  EXPECT_EQ(out.closed_reason, "");
  EXPECT_EQ(out.updated_at, in.created_at);
  EXPECT_EQ(out.service_type, in.service_type);
  EXPECT_EQ(out.description, in.description);
  EXPECT_EQ(out.urgency, in.urgency);
  EXPECT_EQ(out.zip, in.zip);
  EXPECT_EQ(out.city, in.city);
  EXPECT_EQ(out.state, in.state);
  EXPECT_EQ(out.address, in.address);
  EXPECT_EQ(out.name, in.name);
  EXPECT_EQ(out.phone_e164, in.phone_e164);
  EXPECT_EQ(out.email, in.email);
  EXPECT_EQ(out.contact_method, in.contact_method);
  EXPECT_EQ(out.best_time, in.best_time);
  EXPECT_EQ(out.lat, in.lat);  // exact: doubles must survive the round trip
  EXPECT_EQ(out.lng, in.lng);
  EXPECT_EQ(out.consent_text, in.consent_text);
  EXPECT_EQ(out.consent_ip, in.consent_ip);
  EXPECT_EQ(out.consent_user_agent, in.consent_user_agent);
  EXPECT_EQ(out.consent_at, in.consent_at);
  EXPECT_EQ(out.utm_source, in.utm_source);
  EXPECT_EQ(out.utm_medium, in.utm_medium);
  EXPECT_EQ(out.utm_campaign, in.utm_campaign);
  EXPECT_EQ(out.referrer, in.referrer);
  EXPECT_EQ(out.source, in.source);
  EXPECT_EQ(out.tracking_hash, in.tracking_hash);
  EXPECT_EQ(out.duplicate_of, std::optional{domain::LeadId{first}});
  EXPECT_TRUE(out.is_duplicate());
  EXPECT_EQ(out.created_at, in.created_at);

  auto original = lead(first);
  EXPECT_EQ(original.duplicate_of, std::nullopt);
  EXPECT_FALSE(original.is_duplicate());
  EXPECT_EQ(original.lat, 40.748440733);
  EXPECT_EQ(original.lng, -73.985655);
}

TEST_P(StoreContract, FindsLeadByTrackingHash) {
  insert(make_lead(1));
  auto id = insert(make_lead(2));
  auto found = store_->read<std::optional<domain::Lead>>(
      [](Tx& tx) { return tx.lead_by_tracking_hash(hash_for(2)); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, domain::LeadId{id});
  EXPECT_EQ(found->tracking_hash, hash_for(2));
  store_->read_tx([&](Tx& tx) {
    EXPECT_FALSE(tx.lead_by_tracking_hash(hash_for(3)).has_value());
    EXPECT_FALSE(tx.lead_by_id(domain::LeadId{id + 1000}).has_value());
  });
}

TEST_P(StoreContract, DuplicateTrackingHashIsAUniqueViolation) {
  insert(make_lead(1));
  try {
    insert(make_lead(1));
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::unique_violation) << e.what();
  }
  EXPECT_EQ(count(), 1);
  insert(make_lead(2));  // the store still works
  EXPECT_EQ(count(), 2);
}

TEST_P(StoreContract, CheckConstraintIsACheckViolation) {
  NewLead bad = make_lead(1);
  bad.zip = "1234";
  try {
    insert(bad);
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::check_violation) << e.what();
  }
  EXPECT_EQ(count(), 0);
}

TEST_P(StoreContract, RecentLeadForPhoneHonoursTheWindowEdges) {
  const domain::Millis t = 1'700'000'000'000;
  insert(make_lead(1, t - 60'000));
  auto newer = insert(make_lead(2, t));
  NewLead other_service = make_lead(3, t + 10);
  other_service.service_type = "drain_cleaning";
  auto other = insert(other_service);
  store_->read_tx([&](Tx& tx) {
    const std::string phone = "+12125550100";
    EXPECT_EQ(tx.recent_lead_for_phone(phone, "leak_repair", t - 1),
              std::optional<domain::LeadId>(domain::LeadId{newer}));
    EXPECT_EQ(tx.recent_lead_for_phone(phone, "leak_repair", t),
              std::optional<domain::LeadId>(domain::LeadId{newer}));  // at `since`: included
    EXPECT_EQ(tx.recent_lead_for_phone(phone, "leak_repair", t + 1), std::nullopt);
    EXPECT_EQ(tx.recent_lead_for_phone(phone, "leak_repair", t - 60'000), newer);  // the newest
    EXPECT_EQ(tx.recent_lead_for_phone(phone, "drain_cleaning", t + 10), other);
    EXPECT_EQ(tx.recent_lead_for_phone(phone, "drain_cleaning", t + 11), std::nullopt);
    EXPECT_EQ(tx.recent_lead_for_phone("+12125550199", "leak_repair", 0), std::nullopt);
  });
}

TEST_P(StoreContract, UpdateLeadStatusIsConditional) {
  auto id = insert(make_lead(1));
  const domain::Millis t = 1'700'000'100'000;
  bool moved = false;
  store_->write_tx([&](Tx& tx) {
    moved = tx.update_lead_status(domain::LeadId{id}, domain::LeadStatus::open,
                                  domain::LeadStatus::full, "", t);
    return true;
  });
  EXPECT_TRUE(moved);
  EXPECT_EQ(lead(id).status, domain::LeadStatus::full);
  EXPECT_EQ(lead(id).updated_at, t);

  store_->write_tx([&](Tx& tx) {
    moved = tx.update_lead_status(domain::LeadId{id}, domain::LeadStatus::open,
                                  domain::LeadStatus::closed, "homeowner cancelled", t + 1);
    return true;
  });
  EXPECT_FALSE(moved);  // it was not "open": nothing changes
  auto l = lead(id);
  EXPECT_EQ(l.status, domain::LeadStatus::full);
  EXPECT_EQ(l.closed_reason, "");
  EXPECT_EQ(l.updated_at, t);

  store_->write_tx([&](Tx& tx) {
    moved = tx.update_lead_status(domain::LeadId{id}, domain::LeadStatus::full,
                                  domain::LeadStatus::closed, "homeowner cancelled", t + 2);
    return true;
  });
  EXPECT_TRUE(moved);
  l = lead(id);
  EXPECT_EQ(l.status, domain::LeadStatus::closed);
  EXPECT_EQ(l.closed_reason, "homeowner cancelled");
  EXPECT_EQ(l.updated_at, t + 2);

  store_->write_tx([&](Tx& tx) {
    moved = tx.update_lead_status(domain::LeadId{id + 1000}, domain::LeadStatus::open,
                                  domain::LeadStatus::closed, "", t + 3);
    return true;
  });
  EXPECT_FALSE(moved);
}

TEST_P(StoreContract, HistoryComesBackInInsertionOrder) {
  auto a = insert(make_lead(1));
  auto b = insert(make_lead(2));
  std::vector<LeadHistoryEntry> entries = {
      {domain::LeadId{a}, 1000, std::nullopt, LeadStatus::open, "homeowner", "submitted via web"},
      {domain::LeadId{a}, 2000, LeadStatus::open, LeadStatus::full, "system", ""},
      {domain::LeadId{a}, 2000, LeadStatus::full, LeadStatus::closed, "admin", "spam — removed"},
  };
  store_->write_tx([&](Tx& tx) {
    for (const auto& e : entries) tx.insert_lead_history(e);
    tx.insert_lead_history(
        {domain::LeadId{b}, 1500, std::nullopt, LeadStatus::open, "homeowner", ""});
    return true;
  });
  auto got = store_->read<std::vector<LeadHistoryEntry>>(
      [&](Tx& tx) { return tx.lead_history(domain::LeadId{a}); });
  ASSERT_EQ(got.size(), entries.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].lead_id, entries[i].lead_id);
    EXPECT_EQ(got[i].at, entries[i].at);
    EXPECT_EQ(got[i].from_status, entries[i].from_status);
    EXPECT_EQ(got[i].to_status, entries[i].to_status);
    EXPECT_EQ(got[i].actor, entries[i].actor);
    EXPECT_EQ(got[i].note, entries[i].note);
  }
  auto other = store_->read<std::vector<LeadHistoryEntry>>(
      [&](Tx& tx) { return tx.lead_history(domain::LeadId{b}); });
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].lead_id, domain::LeadId{b});
  EXPECT_TRUE(store_
                  ->read<std::vector<LeadHistoryEntry>>(
                      [&](Tx& tx) { return tx.lead_history(domain::LeadId{b + 1000}); })
                  .empty());
}

TEST_P(StoreContract, WriteTxReturningFalseRollsBack) {
  store_->write_tx([&](Tx& tx) {
    auto id = tx.insert_lead(make_lead(1));
    tx.insert_lead_history(
        {domain::LeadId{id}, 1, std::nullopt, LeadStatus::open, "homeowner", ""});
    EXPECT_EQ(tx.count_leads(), 1);  // visible inside the transaction
    return false;
  });
  EXPECT_EQ(count(), 0);

  auto result = store_->write<std::int64_t>([&](Tx& tx) -> domain::Result<std::int64_t> {
    tx.insert_lead(make_lead(2));
    return domain::Error::make(domain::ErrorCode::conflict, "changed my mind");
  });
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(count(), 0);

  auto ok = store_->write<domain::LeadId>(
      [&](Tx& tx) -> domain::Result<domain::LeadId> { return tx.insert_lead(make_lead(3)); });
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(count(), 1);
}

TEST_P(StoreContract, ExceptionRollsBackAndPropagates) {
  EXPECT_THROW(store_->write_tx([&](Tx& tx) -> bool {
    tx.insert_lead(make_lead(1));
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(count(), 0);
  insert(make_lead(1));  // the same hash is free again: nothing was left behind
  EXPECT_EQ(count(), 1);
}

TEST_P(StoreContract, ConcurrentWritesAllLand) {
  constexpr int threads = 8, per_thread = 50;
  std::mutex mu;
  std::set<std::int64_t> ids;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        auto id = insert(make_lead(t * per_thread + i));
        std::lock_guard lk(mu);
        ids.insert(id);
      }
    });
  }
  for (auto& th : pool) th.join();
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(threads * per_thread));
  EXPECT_EQ(count(), threads * per_thread);
  auto stats = store_->pool_stats();
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_GE(stats.size, 1);
  EXPECT_GE(stats.commits, 1u);
}

TEST_P(StoreContract, ReadTxSeesCommittedData) {
  EXPECT_EQ(count(), 0);
  auto id = insert(make_lead(1));
  store_->read_tx([&](Tx& tx) {
    EXPECT_EQ(tx.count_leads(), 1);
    auto l = tx.lead_by_id(domain::LeadId{id});
    ASSERT_TRUE(l.has_value());
    EXPECT_EQ(l->tracking_hash, hash_for(1));
  });
  store_->write_tx([&](Tx& tx) {
    tx.update_lead_status(domain::LeadId{id}, domain::LeadStatus::open, domain::LeadStatus::expired,
                          "", 1);
    return true;
  });
  EXPECT_EQ(lead(id).status, domain::LeadStatus::expired);
}

TEST_P(StoreContract, ReadTxRejectsWrites) {
  EXPECT_THROW(store_->read_tx([&](Tx& tx) { tx.insert_lead(make_lead(1)); }), StoreError);
  EXPECT_EQ(count(), 0);
}

TEST_P(StoreContract, Pings) {
  EXPECT_TRUE(store_->ping());
}

// PostgreSQL only: pooled connections that the server drops (as on a restart) are replaced.
TEST_P(StoreContract, RecoversWhenTheServerDropsConnections) {
  if (GetParam() != "postgres") GTEST_SKIP() << "PostgreSQL connection recovery";
  insert(make_lead(1));
  plumbline::testing::pg_admin(
      db_->pg_admin_url(),
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
          db_->pg_db_name() + "'");
  EXPECT_TRUE(store_->ping());
  insert(make_lead(2));
  EXPECT_EQ(count(), 2);
}

// PostgreSQL only (SQLite is migrated by one process): two processes migrating at once apply each
// migration exactly once, serialized by the advisory lock.
TEST_P(StoreContract, ConcurrentMigrationsApplyEachOnce) {
  if (GetParam() != "postgres") GTEST_SKIP() << "PostgreSQL advisory-lock migrations";
  open(/*pristine=*/true, /*migrate=*/false);
  auto second = open_store(db_->url(), StoreOptions{});
  std::vector<std::string> a, b;
  std::thread t1([&] { a = store_->migrate(); });
  std::thread t2([&] { b = second->migrate(); });
  t1.join();
  t2.join();
  EXPECT_EQ(a.size() + b.size(), embedded_postgres_migrations().size());
  EXPECT_TRUE(store_->migration_status().up_to_date());
  EXPECT_TRUE(second->migration_status().up_to_date());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// Drops the per-process PostgreSQL template database at exit.
class PgTemplateCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    if (!pg_url().empty()) {
      try {
        TempDb::drop_pg_template(pg_url());
      } catch (...) {
      }
    }
  }
};
const auto* const pg_cleanup = ::testing::AddGlobalTestEnvironment(new PgTemplateCleanup);

}  // namespace
}  // namespace plumbline::store
