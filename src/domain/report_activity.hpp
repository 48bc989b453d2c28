// What the Plumbers and Lead sources reports read from the store (rows already grouped in SQL),
// and their pure rules: which UTM medium counts as a paid campaign, and a referrer's host.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/lead.hpp"

namespace plumbline::domain {

// One part of a plumber's activity in a period, as SQL groups it: matches, claims and their
// outcomes (claims made in the period), ledger credits bought (purchase rows) and spent (claim
// rows), and payments of any kind. Claims and payments come per slot (slot = t / slot_ms) so that
// the same rows give the active plumbers per bucket; matches and ledger rows have slot -1. A
// plumber has several parts; the service adds them up.
struct PlumberActivityRow {
  std::int64_t plumber_id = 0;
  std::int64_t slot = -1;
  std::int64_t matched = 0;
  std::int64_t claimed = 0;
  std::int64_t won = 0;
  std::int64_t lost = 0;
  std::int64_t credits_bought = 0;
  std::int64_t credits_spent = 0;
  std::int64_t payments = 0;

  // Adds another part's figures (the plumber and slot stay this part's).
  void add(const PlumberActivityRow& part) {
    matched += part.matched;
    claimed += part.claimed;
    won += part.won;
    lost += part.lost;
    credits_bought += part.credits_bought;
    credits_spent += part.credits_spent;
    payments += part.payments;
  }
};

struct PlumberName {
  std::int64_t plumber_id = 0;
  std::string business_name;
};

// A claim made in the period and its response time: claim created_at - the match's matched_at.
struct ClaimResponse {
  std::int64_t plumber_id = 0;
  Millis response_ms = 0;
};

// What the Plumbers report reads of a period in one pass: the activity parts, and the response
// time of each claim made in it that has its match (the medians; claims.response_ms).
struct PlumberActivity {
  std::vector<PlumberActivityRow> parts;  // unordered
  std::vector<ClaimResponse> responses;   // unordered
};

// The plumbers' figures over a whole period, for the comparison with the previous one.
struct PlumberActivityTotals {
  std::int64_t active = 0;  // distinct plumbers with a claim or a payment
  std::int64_t claims = 0;
  std::int64_t won = 0;
  // The response time of each of those claims that has its match (claims.response_ms), unordered:
  // the median's values, read in the same scan.
  std::vector<Millis> responses;
};

// Requests created in the period grouped by their channel: source, UTM parameters and referrer.
struct LeadChannelRow {
  std::string source, utm_source, utm_medium, utm_campaign, referrer;
  std::int64_t requests = 0;
  std::int64_t matched = 0;        // match_count > 0
  std::int64_t claimed = 0;        // claims_count > 0
  std::int64_t hired = 0;          // closed, reason hired
  std::int64_t credits_spent = 0;  // sum of claims.price_credits on these requests
  std::int64_t disputes = 0;       // disputes opened on claims of these requests
};

// A paid campaign: utm_medium (case-insensitive, trimmed) is cpc, ppc, cpm, cpv, cpa, cpl,
// display, retargeting or paid*/paid-*/paid_* (paid, paidsearch, paid_social...). Others (email,
// organic, referral, social, none) are not paid.
bool is_paid_medium(std::string_view medium);

// The host of a referrer URL, lower-case and without "www."; "" when the referrer is empty or has
// no host ("android-app://x" gives "x"; a bare "example.com/path" gives "example.com").
std::string referrer_host(std::string_view referrer);

}  // namespace plumbline::domain
