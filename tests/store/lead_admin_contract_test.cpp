// The staff lead page's storage on SQLite and PostgreSQL (lead_admin aggregate): internal notes,
// matches with names, each alert joined to its match, a lead's disputes, stopping pending alerts.
#include "store_fixture.hpp"

namespace plumbline::store::market_test {
namespace {

class LeadAdminStore : public Market {
 protected:
  std::int64_t enqueue(domain::OutboundMessage m) {
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.enqueue_message(m); });
    return id;
  }
  // The alert intake queues for a match (services/marketplace_messages.cpp's key).
  static domain::OutboundMessage alert(std::int64_t lead, std::int64_t plumber,
                                       const char* channel) {
    auto m = outbox_test::make_message(static_cast<int>(lead * 1000 + plumber));
    m.kind = m.template_name = "lead_alert";
    m.channel = channel;
    m.lead_id = domain::LeadId{lead};
    m.idempotency_key = std::string("lead_alert:") + channel + ":" + std::to_string(lead) + ":" +
                        std::to_string(plumber);
    return m;
  }
  domain::OutboxMessage message(std::int64_t id) {
    return *read<std::optional<domain::OutboxMessage>>(
        [&](Tx& tx) { return tx.message_by_id(id); });
  }
};

TEST_P(LeadAdminStore, NotesListNewestFirstPerLeadWithTheirAuthor) {
  auto author = add_user(make_user("staff@example.com", domain::Role::admin));
  auto l1 = lead(market_lead(1, "10001", "leak_repair"));
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  auto note = [&](std::int64_t lead_id, std::optional<std::int64_t> by, std::string body,
                  Millis at) {
    domain::LeadNote n;
    n.lead_id = domain::LeadId{lead_id};
    n.author_user_id = domain::opt_id<domain::UserId>(by);
    n.author_email = by ? "staff@example.com" : "";
    n.body = std::move(body);
    n.created_at = at;
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_lead_note(n); });
    return id;
  };
  auto first = note(l1, author, "Caller sounded like a bot — \"Luigi's\" again.", t0 + 1);
  auto second = note(l1, std::nullopt, "Second\nline", t0 + 2);
  note(l2, author, "Other lead", t0 + 3);
  auto notes = read<std::vector<domain::LeadNote>>(
      [&](Tx& tx) { return tx.lead_notes(domain::LeadId{l1}); });
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].id, second);
  EXPECT_FALSE(notes[0].author_user_id.has_value());
  EXPECT_EQ(notes[0].body, "Second\nline");
  EXPECT_EQ(notes[1].id, first);
  EXPECT_EQ(notes[1].lead_id, domain::LeadId{l1});
  EXPECT_EQ(notes[1].author_user_id, std::optional<domain::UserId>(domain::UserId{author}));
  EXPECT_EQ(notes[1].author_email, "staff@example.com");
  EXPECT_EQ(notes[1].body, "Caller sounded like a bot — \"Luigi's\" again.");
  EXPECT_EQ(notes[1].created_at, t0 + 1);
  // An empty body is refused by the schema.
  EXPECT_EQ(failure([&](Tx& tx) {
              domain::LeadNote n;
              n.lead_id = domain::LeadId{l1};
              n.created_at = t0;
              tx.insert_lead_note(n);
            }),
            std::optional(StoreErrorKind::check_violation));
}

TEST_P(LeadAdminStore, MatchesCarryNamesNearestFirstAndEachAlertFindsItsMatch) {
  auto p = plumber(1), q = plumber(2), r = plumber(3);
  auto l = lead(market_lead(1, "10001", "leak_repair"));
  auto other = lead(market_lead(2, "10001", "leak_repair"));
  write([&](Tx& tx) {
    tx.insert_lead_matches({store::lead_match_row(l, p, 4.5, t0 + 1),
                            store::lead_match_row(l, q, 1.25, t0 + 2),
                            store::lead_match_row(other, r, 2.0, t0 + 3)});
  });
  auto rows = read<std::vector<domain::LeadMatchRow>>(
      [&](Tx& tx) { return tx.lead_match_rows(domain::LeadId{l}); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].plumber_id, std::optional<domain::UserId>(domain::UserId{q}));
  EXPECT_DOUBLE_EQ(rows[0].distance_miles, 1.25);
  EXPECT_EQ(rows[0].matched_at, t0 + 2);
  EXPECT_EQ(rows[0].business_name, profile(q).profile.business_name);
  EXPECT_EQ(rows[0].email, profile(q).email);
  EXPECT_EQ(rows[1].plumber_id, std::optional<domain::UserId>(domain::UserId{p}));

  auto pe = enqueue(alert(l, p, domain::channel_email));
  auto ps = enqueue(alert(l, p, domain::channel_sms));
  auto qe = enqueue(alert(l, q, domain::channel_email));
  enqueue(alert(other, r, domain::channel_email));  // another lead's
  auto confirmation = outbox_test::make_message(77);
  confirmation.lead_id = domain::LeadId{l};
  enqueue(confirmation);  // not an alert
  auto alerts = read<std::vector<domain::LeadAlert>>(
      [&](Tx& tx) { return tx.lead_alerts(domain::LeadId{l}); });
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(alerts[0].plumber_id, std::min(p, q));  // by plumber, then channel
  std::map<std::int64_t, std::int64_t> plumber_of;
  for (const auto& a : alerts) plumber_of[a.message.id] = a.plumber_id.value;
  EXPECT_EQ(plumber_of[pe], p);
  EXPECT_EQ(plumber_of[ps], p);
  EXPECT_EQ(plumber_of[qe], q);
  for (const auto& a : alerts) {
    EXPECT_EQ(a.message.kind, "lead_alert");
    EXPECT_EQ(a.message.lead_id, std::optional<domain::LeadId>(domain::LeadId{l}));
    EXPECT_EQ(a.message.status, domain::MessageStatus::pending);
  }
}

TEST_P(LeadAdminStore, DisputesOfOneLead) {
  auto p = plumber(1), q = plumber(2);
  auto l1 = lead(market_lead(1, "10001", "leak_repair"));
  auto l2 = lead(market_lead(2, "10001", "leak_repair"));
  auto c1 = claim(l1, p, t0 + 1), c2 = claim(l1, q, t0 + 2), c3 = claim(l2, p, t0 + 3);
  auto dispute = [&](std::int64_t claim_id, std::int64_t plumber_id, std::int64_t lead_id) {
    domain::Dispute d;
    d.claim_id = domain::ClaimId{claim_id};
    d.plumber_id = domain::UserId{plumber_id};
    d.lead_id = domain::LeadId{lead_id};
    d.reason = domain::dispute_wrong_contact;
    d.created_at = t0 + 10;
    std::int64_t id = 0;
    write([&](Tx& tx) { id = tx.insert_dispute(d).value; });
    return id;
  };
  auto d1 = dispute(c1, p, l1), d2 = dispute(c2, q, l1);
  dispute(c3, p, l2);
  auto ds = read<std::vector<domain::Dispute>>(
      [&](Tx& tx) { return tx.disputes_for_lead(domain::LeadId{l1}); });
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].id, domain::DisputeId{d1});
  EXPECT_EQ(ds[0].claim_id, domain::ClaimId{c1});
  EXPECT_EQ(ds[1].id, domain::DisputeId{d2});
  EXPECT_EQ(ds[1].status, domain::DisputeStatus::pending);
}

TEST_P(LeadAdminStore, StoppingAlertsTouchesOnlyThePendingAlertsOfThatLead) {
  auto p = plumber(1), q = plumber(2);
  auto l = lead(market_lead(1, "10001", "leak_repair"));
  auto other = lead(market_lead(2, "10001", "leak_repair"));
  auto pending = enqueue(alert(l, p, domain::channel_email));
  auto sent = enqueue(alert(l, q, domain::channel_email));
  write([&](Tx& tx) { tx.mark_message_sent(sent, t0 + 5, "smtp-1"); });
  auto elsewhere = enqueue(alert(other, p, domain::channel_email));
  auto confirmation = outbox_test::make_message(78);
  confirmation.lead_id = domain::LeadId{l};
  auto homeowner = enqueue(confirmation);
  int stopped = 0;
  write([&](Tx& tx) {
    stopped = tx.stop_lead_alerts(domain::LeadId{l}, "The request was closed.", t0 + 9);
  });
  EXPECT_EQ(stopped, 1);
  auto m = message(pending);
  EXPECT_EQ(m.status, domain::MessageStatus::dead);
  EXPECT_EQ(m.last_error, "The request was closed.");
  EXPECT_EQ(m.updated_at, t0 + 9);
  EXPECT_EQ(message(sent).status, domain::MessageStatus::sent);
  EXPECT_EQ(message(elsewhere).status, domain::MessageStatus::pending);
  EXPECT_EQ(message(homeowner).status, domain::MessageStatus::pending);
  write([&](Tx& tx) { stopped = tx.stop_lead_alerts(domain::LeadId{l}, "again", t0 + 10); });
  EXPECT_EQ(stopped, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadAdminStore, ::testing::Values("sqlite", "postgres"),
                         backend_name);

}  // namespace
}  // namespace plumbline::store::market_test
