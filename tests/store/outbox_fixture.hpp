// Fixture for the outbox contract suites: a fresh migrated store per test, message and lead makers.
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "temp_db.hpp"

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

class OutboxFixture : public ::testing::TestWithParam<std::string> {
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
  std::int64_t enqueue(const OutboundMessage& m) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.enqueue_message(m); });
    return id;
  }
  std::int64_t insert_lead(int n) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_lead(make_lead(n)); });
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

  std::unique_ptr<plumbline::testing::TempDb> db_;
  std::unique_ptr<Store> store_;
};

inline std::string backend_name(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace plumbline::store::outbox_test
