// Marketplace flows with a fixed clock: the homeowner's actions (never requested → refunds, add
// details, hired), disputes (automatic, approve, deny, window), expiry, outcomes and figures, lead
// views by role, and the admin's review and credit tools.
#include "marketplace_fixture.hpp"
#include "worker/expiry_job.hpp"

namespace plumbline::marketplace_flows_test {
using namespace market_test;

namespace {

using domain::ErrorCode;
using Flows = MarketTest;

TEST_P(Flows, NeverRequestedClosesFlagsAndRefundsEveryClaimant) {
  auto a = plumber("ann"), b = plumber("bob");
  auto lead = submit();
  auto ca = claims_->claim(a, lead.id), cb = claims_->claim(b, lead.id);
  ASSERT_TRUE(ca.ok() && cb.ok());
  clock_.advance_ms(hour);
  auto r = homeowners_->never_requested(lead.tracking_token);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->lead.status, domain::LeadStatus::closed);
  EXPECT_EQ(r->lead.flag, domain::lead_flag_never_requested);
  EXPECT_TRUE(r->claimants.empty());  // refunded claims are no longer listed
  EXPECT_EQ(balance(a), 20);
  EXPECT_EQ(balance(b), 20);
  EXPECT_EQ(ledger(a).front().kind, domain::ledger_refund);
  EXPECT_EQ(ledger(a).front().reference, "refund:claim:" + std::to_string(ca->claim.id.value));
  EXPECT_EQ(messages("claim_refunded").size(), 2u);
  EXPECT_EQ(live_events().back().kind, domain::live_lead_gone);
  ASSERT_TRUE(homeowners_->never_requested(lead.tracking_token).ok());  // a second click: no change
  EXPECT_EQ(balance(a), 20);
  EXPECT_EQ(ledger(a).size(), 3u);
  EXPECT_FALSE(homeowners_->never_requested("not-a-real-token-at-all-123").ok());
}

TEST_P(Flows, NeverRequestedAfterTheDisputeWindowGoesToReviewNotStraightToARefund) {
  auto a = plumber("ann"), b = plumber("bob");
  auto lead = submit();
  auto ca = claims_->claim(a, lead.id);
  ASSERT_TRUE(ca.ok());
  clock_.advance_ms(2 * hour);
  auto cb = claims_->claim(b, lead.id);
  ASSERT_TRUE(cb.ok());
  clock_.advance_ms(14 * day - hour);  // ann's claim is 14 days + 1 h old, bob's 14 days - 1 h
  auto r = homeowners_->never_requested(lead.tracking_token);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->lead.flag, domain::lead_flag_never_requested);
  EXPECT_EQ(balance(b), 20);                            // inside the window: refunded at once
  EXPECT_EQ(balance(a), 20 - ca->claim.price_credits);  // outside: not on the homeowner's word
  EXPECT_EQ(messages("claim_refunded").size(), 1u);
  auto queue = disputes_->disputes(domain::DisputeStatus::pending, 50, 0);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  const auto& d = queue->front().dispute;
  EXPECT_EQ(d.claim_id, ca->claim.id);
  EXPECT_EQ(d.reason, domain::dispute_never_requested);
  ASSERT_TRUE(homeowners_->never_requested(lead.tracking_token).ok());  // a second click: no change
  EXPECT_EQ(disputes_->disputes(domain::DisputeStatus::pending, 50, 0)->size(), 1u);
  ASSERT_TRUE(
      disputes_->resolve_dispute(domain::Actor{admin_}, d.id, true, "").ok());  // the admin decides
  EXPECT_EQ(balance(a), 20);
}

TEST_P(Flows, AddDetailsNotifiesClaimantsOnly) {
  auto a = plumber("ann");
  plumber("bob");
  auto lead = submit();
  ASSERT_TRUE(claims_->claim(a, lead.id).ok());
  EXPECT_EQ(homeowners_->add_details(lead.tracking_token, "  ").error().code,
            ErrorCode::invalid_input);
  auto r = homeowners_->add_details(lead.tracking_token, "Gate code is 1234.");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lead.extra_details, "Gate code is 1234.");
  ASSERT_TRUE(homeowners_->add_details(lead.tracking_token, "Dog is friendly.").ok());
  auto notes = messages("lead_details");
  ASSERT_EQ(notes.size(), 2u);  // one per addition, to ann only
  for (const auto& m : notes) EXPECT_EQ(m.recipient, "ann@example.com");
  EXPECT_NE(everything(notes[0]).find("Dog is friendly."), std::string::npos);
  EXPECT_EQ(notes[0].data_json.find("Dog"), std::string::npos);
}

TEST_P(Flows, HiredClosesTheLeadForEveryone) {
  auto a = plumber("ann");
  auto lead = submit();
  auto r = homeowners_->mark_hired(lead.tracking_token);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lead.status, domain::LeadStatus::closed);
  EXPECT_EQ(r->lead.closed_reason, "hired");
  EXPECT_EQ(live_events().back().kind, domain::live_lead_gone);
  EXPECT_TRUE(homeowners_->mark_hired(lead.tracking_token).ok());
  EXPECT_EQ(claims_->claim(a, lead.id).error().code, ErrorCode::conflict);
  EXPECT_EQ(homeowners_->add_details(lead.tracking_token, "More").error().code,
            ErrorCode::conflict);
}

TEST_P(Flows, DisputePendingThenApprovedRefundsAndTellsThePlumber) {
  auto a = plumber("ann");
  auto lead = submit();
  auto c = claims_->claim(a, lead.id);
  EXPECT_EQ(disputes_->dispute(a, c->claim.id, "bored", "").error().code, ErrorCode::invalid_input);
  auto d = disputes_->dispute(a, c->claim.id, domain::dispute_wrong_contact, "Number disconnected");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->status, domain::DisputeStatus::pending);
  EXPECT_EQ(balance(a), 18);
  EXPECT_EQ(disputes_->dispute(a, c->claim.id, domain::dispute_duplicate, "").error().code,
            ErrorCode::conflict);
  auto queue = disputes_->disputes(domain::DisputeStatus::pending, 50, 0);
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ(queue->at(0).business_name, "ann Plumbing");
  EXPECT_EQ(queue->at(0).price_credits, 2);
  auto done = disputes_->resolve_dispute(domain::Actor{admin_}, d->id, true, "");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, domain::DisputeStatus::approved);
  EXPECT_EQ(balance(a), 20);
  EXPECT_EQ(disputes_->resolve_dispute(domain::Actor{admin_}, d->id, false, "No").error().code,
            ErrorCode::conflict);
  auto told = messages("dispute_resolved");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].data_json.find("\"is_approved\":true"), std::string::npos);
}

TEST_P(Flows, DisputeDeniedNeedsAReasonAndKeepsTheCredits) {
  auto a = plumber("ann");
  auto lead = submit();
  auto c = claims_->claim(a, lead.id);
  auto d = disputes_->dispute(a, c->claim.id, domain::dispute_outside_area, "");
  EXPECT_EQ(disputes_->resolve_dispute(domain::Actor{admin_}, d->id, false, " ").error().code,
            ErrorCode::invalid_input);
  auto done = disputes_->resolve_dispute(domain::Actor{admin_}, d->id, false,
                                         "The ZIP is inside your radius.");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->resolution, "The ZIP is inside your radius.");
  EXPECT_EQ(balance(a), 18);
  auto told = messages("dispute_resolved");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].data_json.find("inside your radius"), std::string::npos);
}

TEST_P(Flows, DisputesOnFlaggedLeadsAreRefundedAtOnce) {
  auto a = plumber("ann");
  auto lead = submit();
  auto c = claims_->claim(a, lead.id);
  // An admin's "never requested" flag (the homeowner's button also refunds at once).
  store_->write_tx([&](store::Tx& tx) {
    tx.set_lead_flag(lead.id, domain::lead_flag_never_requested, t0);
    return true;
  });
  auto d = disputes_->dispute(a, c->claim.id, domain::dispute_wrong_contact, "");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->status, domain::DisputeStatus::approved);
  EXPECT_FALSE(d->resolved_by.has_value());
  EXPECT_EQ(balance(a), 20);
  EXPECT_EQ(messages("dispute_resolved").size(), 1u);

  // A lead flagged as a duplicate that reached plumbers anyway (e.g. re-notified by an admin).
  auto dup = store_->read<domain::Lead>([&](store::Tx& tx) { return *tx.lead_by_id(lead.id); });
  dup.duplicate_of = lead.id;
  dup.tracking_hash = std::string(64, 'd');
  dup.status = domain::LeadStatus::open;
  std::int64_t dup_id = 0;
  store_->write_tx([&](store::Tx& tx) {
    dup_id = tx.insert_lead(dup).value;
    tx.insert_lead_matches({store::lead_match_row(dup_id, a.value, 1.0, t0)});
    return true;
  });
  auto c2 = claims_->claim(a, domain::LeadId{dup_id});
  ASSERT_TRUE(c2.ok()) << c2.error().message;
  auto d2 = disputes_->dispute(a, c2->claim.id, domain::dispute_duplicate, "");
  EXPECT_EQ(d2->status, domain::DisputeStatus::approved);
  EXPECT_EQ(balance(a), 20);
}

TEST_P(Flows, DisputeWindowFollowsTheClock) {
  auto a = plumber("ann");
  auto c1 = claims_->claim(a, submit().id);
  auto c2 = claims_->claim(a, submit("leak_repair").id);
  clock_.advance_ms(14 * day);
  EXPECT_TRUE(disputes_->dispute(a, c1->claim.id, domain::dispute_wrong_contact, "").ok());
  clock_.advance_ms(1);
  auto late = disputes_->dispute(a, c2->claim.id, domain::dispute_wrong_contact, "");
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().message.find("within 14 days"), std::string::npos);
  auto b = plumber("bob");
  EXPECT_EQ(disputes_->dispute(b, c1->claim.id, domain::dispute_wrong_contact, "").error().code,
            ErrorCode::not_found);
}

TEST_P(Flows, ExpiryFollowsTheClockAndSparesFullLeads) {
  std::vector<domain::UserId> ps;
  for (auto n : {"a1", "a2", "a3"}) ps.push_back(plumber(n));
  auto open = submit();
  auto full = submit("leak_repair");
  for (auto p : ps) ASSERT_TRUE(claims_->claim(p, full.id).ok());
  clock_.advance_ms(72 * hour);
  EXPECT_EQ(retention_->expire_leads().value(), 0);  // exactly 72 h old: not yet
  clock_.advance_ms(1);
  EXPECT_EQ(retention_->expire_leads().value(), 1);
  EXPECT_EQ(lead(open.id).status, domain::LeadStatus::expired);
  EXPECT_EQ(lead(full.id).status, domain::LeadStatus::full);
  auto history = store_->read<std::vector<domain::LeadHistoryEntry>>(
      [&](store::Tx& tx) { return tx.lead_history(open.id); });
  EXPECT_EQ(history.back().to_status, domain::LeadStatus::expired);
  EXPECT_EQ(history.back().actor, "system");
  EXPECT_EQ(live_events().back().kind, domain::live_lead_gone);
  EXPECT_EQ(retention_->expire_leads().value(), 0);
}

TEST_P(Flows, ExpiryJobExpiresLeadsAndPrunesOldLiveEvents) {
  plumber("eve");  // a match, so the lead has a lead_new event
  auto lead = submit();
  worker::ExpiryJob job(*retention_, *store_, clock_, std::chrono::hours(1));
  EXPECT_EQ(job.run_once(), 0);
  EXPECT_FALSE(live_events().empty());
  clock_.advance_ms(72 * hour + 1);
  EXPECT_EQ(job.run_once(), 1);
  EXPECT_EQ(this->lead(lead.id).status, domain::LeadStatus::expired);
  auto events = live_events();
  ASSERT_EQ(events.size(), 1u);  // lead_new is older than a day; the expiry's lead_gone stays
  EXPECT_EQ(events[0].kind, domain::live_lead_gone);
  job.start();  // runs at once, then waits; stop() wakes it
  job.stop();
}

TEST_P(Flows, OutcomesFeedTheFigures) {
  auto a = plumber("ann");
  auto c1 = claims_->claim(a, submit().id);
  auto c2 = claims_->claim(a, submit("water_heater").id);
  EXPECT_EQ(
      claims_
          ->update_outcome(a, c1->claim.id, {domain::parse<domain::ClaimOutcome>("maybe"), 0, ""})
          .error()
          .code,
      ErrorCode::invalid_input);
  auto won =
      claims_->update_outcome(a, c1->claim.id, {domain::ClaimOutcome::won, 125'000, " Heater "});
  ASSERT_TRUE(won.ok());
  EXPECT_EQ(won->outcome, domain::ClaimOutcome::won);
  EXPECT_EQ(won->job_value_cents, 125'000);
  EXPECT_EQ(won->notes, "Heater");
  ASSERT_TRUE(claims_->update_outcome(a, c2->claim.id, {domain::ClaimOutcome::lost, 0, ""}).ok());
  auto b = plumber("bob");
  EXPECT_EQ(
      claims_->update_outcome(b, c1->claim.id, {domain::ClaimOutcome::won, 1, ""}).error().code,
      ErrorCode::not_found);
  auto f = browse_->figures(a);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->balance, 15);
  EXPECT_EQ(f->claims_this_month, 2);
  EXPECT_DOUBLE_EQ(f->win_rate.value(), 0.5);
  EXPECT_DOUBLE_EQ(f->cost_per_job_won.value(), 5.0);
  EXPECT_FALSE(f->not_eligible.has_value());
  ASSERT_TRUE(admin_tools_->set_plan(domain::Actor{admin_}, a, "canceled").ok());
  EXPECT_NE(browse_->figures(a)->not_eligible->find("canceled"), std::string::npos);
  EXPECT_EQ(claims_->claims(a, 20, 0)->total, 2);
}

TEST_P(Flows, LeadViewsShowContactOnlyToClaimantsAndAdmins) {
  auto a = plumber("ann"), b = plumber("bob");
  auto lead = submit();
  auto far = plumber("far", {.zip = "10001"});
  ASSERT_TRUE(claims_->claim(a, lead.id).ok());
  auto mine = browse_->lead_view(a, false, lead.id);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->contact->name, "Maria Lopez");
  EXPECT_TRUE(mine->my_claim.has_value());
  auto other = browse_->lead_view(b, false, lead.id);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->contact.has_value());
  EXPECT_EQ(other->card.slots_left(), 2);
  EXPECT_EQ(browse_->lead_view(far, false, lead.id).error().code, ErrorCode::not_found);
  EXPECT_EQ(browse_->lead_view(admin_, true, lead.id)->contact->name, "Maria Lopez");
  auto avail = browse_->available({.plumber_id = b});
  ASSERT_TRUE(avail.ok());
  EXPECT_EQ(avail->total, 1);
  EXPECT_EQ(browse_->available({.plumber_id = a})->total, 0);  // claimed by me
  EXPECT_EQ(browse_->available({.plumber_id = b, .sort = "random"}).error().code,
            ErrorCode::invalid_input);
}

TEST_P(Flows, ReviewNeedsACompleteProfileAndTellsThePlumber) {
  auto p = user("new@example.com", domain::Role::plumber);
  domain::PlumberProfileInput in;
  in.business_name = "New Co";
  in.contact_name = "Nia";
  in.phone_e164 = "4155550100";
  ASSERT_TRUE(profiles_->save_profile(p, in).ok());
  auto view = profiles_->profile(p);
  EXPECT_EQ(view->plumber.review.status, domain::PlumberStatus::pending);
  EXPECT_FALSE(view->missing.empty());
  auto refused = admin_tools_->review(domain::Actor{admin_}, p, approval());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("your licence number"), std::string::npos);
  EXPECT_FALSE(
      admin_tools_
          ->review(domain::Actor{admin_}, p, {domain::PlumberStatus::rejected, "", "", "", {}, 0})
          .ok());
  auto rejected =
      admin_tools_->review(domain::Actor{admin_}, p,
                           {domain::PlumberStatus::rejected, "Add your licence.", "", "", {}, 0});
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->plumber.review.reason, "Add your licence.");
  auto told = messages("plumber_review");
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].data_json.find("Add your licence."), std::string::npos);
  EXPECT_EQ(
      admin_tools_
          ->review(domain::Actor{admin_}, p, {domain::PlumberStatus::suspended, "x", "", "", {}, 0})
          .error()
          .code,
      ErrorCode::conflict);
  // Editing a rejected profile sends it back for review.
  in.licence_number = "C36-1";
  EXPECT_EQ(profiles_->save_profile(p, in)->plumber.review.status, domain::PlumberStatus::pending);
}

TEST_P(Flows, SuspendingKeepsWhatWasVerified) {
  auto p = plumber("sue");
  auto suspended = admin_tools_->review(
      domain::Actor{admin_}, p, {domain::PlumberStatus::suspended, "Complaints.", "", "", {}, 0});
  ASSERT_TRUE(suspended.ok());
  EXPECT_EQ(suspended->plumber.review.status, domain::PlumberStatus::suspended);
  EXPECT_EQ(suspended->plumber.review.licence_verified_on, approval().licence_verified_on);
  EXPECT_EQ(suspended->plumber.review.insurance_valid_until, approval().insurance_valid_until);
}

TEST_P(Flows, ClaimDetailIsOnlyForTheClaimant) {
  auto a = plumber("cda"), b = plumber("cdb");
  auto lead = submit();
  auto claimed = claims_->claim(a, lead.id);
  ASSERT_TRUE(claimed.ok());
  auto mine = claims_->claim_detail(a, claimed->claim.id);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->lead.id, lead.id);
  EXPECT_FALSE(mine->lead.phone_e164.empty());
  EXPECT_FALSE(mine->dispute.has_value());
  EXPECT_EQ(claims_->claim_detail(b, claimed->claim.id).error().code, ErrorCode::not_found);
  EXPECT_EQ(claims_->claim_detail(a, domain::ClaimId{999999}).error().code, ErrorCode::not_found);
}

TEST_P(Flows, AdminCreditsGrantAdjustAndNeverGoNegative) {
  auto p = plumber("ann", {.credits = 0});
  EXPECT_EQ(admin_tools_->adjust_credits(domain::Actor{admin_}, p, 0, "x").error().code,
            ErrorCode::invalid_input);
  EXPECT_EQ(admin_tools_->adjust_credits(domain::Actor{admin_}, p, 5, " ").error().code,
            ErrorCode::invalid_input);
  EXPECT_EQ(admin_tools_->adjust_credits(domain::Actor{admin_}, p, 5, "Welcome").value(), 5);
  auto over = admin_tools_->adjust_credits(domain::Actor{admin_}, p, -6, "Oops");
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.error().message.find("at most 5"), std::string::npos);
  EXPECT_EQ(admin_tools_->adjust_credits(domain::Actor{admin_}, p, -3, "Correction").value(), 2);
  auto entries = claims_->credits(p, 10, 0);
  ASSERT_EQ(entries->entries.size(), 2u);
  EXPECT_EQ(entries->entries[0].kind, domain::ledger_adjustment);
  EXPECT_EQ(entries->entries[1].kind, domain::ledger_grant);
  EXPECT_EQ(entries->entries[0].actor_user_id, std::optional<domain::UserId>(admin_));
  EXPECT_EQ(admin_tools_->adjust_credits(domain::Actor{admin_}, domain::UserId{999999}, 5, "x")
                .error()
                .code,
            ErrorCode::not_found);
  EXPECT_EQ(admin_tools_->set_plan(domain::Actor{admin_}, p, "gold").error().code,
            ErrorCode::invalid_input);
}

// Issue 12.7: one grant or adjustment moves at most 100,000 credits and a balance stops at
// 10,000,000,000; a refusal says why on "amount" and changes nothing; balances beyond 32 bits
// come back exact.
TEST_P(Flows, AdminCreditsAreCappedPerGrantAndPerBalance) {
  auto p = plumber("cap", {.credits = 0});
  auto entry_count = [&] { return claims_->credits(p, 200, 0)->entries.size(); };
  auto refused = [&](domain::Credits amount, const std::string& says) {
    auto r = admin_tools_->adjust_credits(domain::Actor{admin_}, p, amount, "Test");
    ASSERT_FALSE(r.ok()) << amount;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_input);
    ASSERT_EQ(r.error().details.size(), 1u);
    EXPECT_EQ(r.error().details[0].field, "amount");
    EXPECT_NE(r.error().message.find(says), std::string::npos) << r.error().message;
  };
  refused(100'001, "At most 100,000 credits");
  refused(-100'001, "At most 100,000 credits");
  refused(5'000'000'000, "At most 100,000 credits");
  EXPECT_EQ(claims_->credits(p, 10, 0)->balance, 0);
  EXPECT_EQ(entry_count(), 0u);
  EXPECT_EQ(
      admin_tools_->adjust_credits(domain::Actor{admin_}, p, 100'000, "Largest grant").value(),
      100'000);

  // A balance near the cap (written by the store directly: no single grant gets it there).
  store_->write_tx([&](store::Tx& tx) {
    domain::LedgerEntry e;
    e.user_id = p;
    e.kind = domain::ledger_grant;
    e.amount = 9'999'850'000;
    e.reason = "Seed";
    e.reference = "seed";
    e.created_at = t0;
    EXPECT_TRUE(tx.append_ledger_entry(e));
    return true;
  });
  EXPECT_EQ(claims_->credits(p, 10, 0)->balance, 9'999'950'000);
  refused(100'000, "at most 50,000 credits can be added");
  refused(50'001, "above the maximum of 10,000,000,000 credits");
  EXPECT_EQ(claims_->credits(p, 10, 0)->balance, 9'999'950'000);
  EXPECT_EQ(entry_count(), 2u);
  EXPECT_EQ(admin_tools_->adjust_credits(domain::Actor{admin_}, p, 50'000, "Up to the cap").value(),
            10'000'000'000);
  refused(1, "no credits can be added");
  EXPECT_EQ(admin_tools_->adjust_credits(domain::Actor{admin_}, p, -100'000, "Correction").value(),
            9'999'900'000);
  auto view = claims_->credits(p, 10, 0);
  EXPECT_EQ(view->balance, 9'999'900'000);
  EXPECT_EQ(view->entries.size(), 4u);
  EXPECT_EQ(view->entries[0].amount, -100'000);
  EXPECT_EQ(view->entries[2].amount, 9'999'850'000);
}

INSTANTIATE_TEST_SUITE_P(Backends, Flows, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace plumbline::marketplace_flows_test
