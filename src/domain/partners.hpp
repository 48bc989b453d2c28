// Partner lead sources (issue 20): a source, its API keys, the consent evidence a partner sends
// with each request and the Idempotency-Key record of a post; the rules over them (no I/O).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/ids.hpp"
#include "domain/lead.hpp"

namespace plumbline::domain {

using PartnerSourceId = Id<struct PartnerSourceTag>;
using PartnerKeyId = Id<struct PartnerKeyTag>;

inline constexpr const char* scope_leads_create = "leads:create";
inline constexpr const char* partner_key_prefix = "plk_";

struct PartnerSource {
  PartnerSourceId id;
  std::string name, contact;
  std::vector<std::string> services;       // service keys; empty = every service
  std::vector<std::string> areas;          // ZIP codes or ZIP prefixes; empty = everywhere
  int daily_cap = 0;                       // requests per local day; 0 = no cap
  int rate_per_minute = 60;                // per key
  std::string terms;                       // the price or commission note
  std::vector<std::string> frame_origins;  // origins allowed to frame the embedded form
  Millis created_at = 0;
  std::optional<UserId> created_by;
};

struct PartnerKey {
  PartnerKeyId id;
  PartnerSourceId source_id;
  std::string key_hash;  // SHA-256 hex of the whole key; the key itself is shown once
  std::string hint;      // "plk_AbCd": tells keys apart on the console
  std::vector<std::string> scopes;
  Millis created_at = 0;
  std::optional<UserId> created_by;
  std::optional<Millis> revoked_at;
  std::optional<UserId> revoked_by;
  bool revoked() const { return revoked_at.has_value(); }
};

// What the partner's page showed and recorded when the homeowner agreed.
struct ConsentEvidence {
  std::string text;      // the wording shown
  Millis at = 0;         // when they agreed (Unix ms)
  std::string ip;        // the homeowner's address
  std::string page_url;  // the page the form was on
};

// One Idempotency-Key of one API key: the body it came with and the answer it got.
struct IdempotencyRecord {
  PartnerKeyId key_id;
  std::string idempotency_key, body_hash;
  std::optional<LeadId> lead_id;
  std::string answer_sealed;  // empty while the first request is still being handled
  Millis created_at = 0;
};

// Staff's form for a source, as typed: lists are comma- (origins: space- or comma-) separated.
struct PartnerSourceInput {
  std::string name, contact, services, areas, daily_cap, rate_per_minute, terms, frame_origins;
};

// Validates staff's form against the catalog's service keys; details name the fields.
Result<PartnerSource> validate_partner_source(const PartnerSourceInput& in,
                                              const std::vector<std::string>& known_services);
// Problems with the evidence, one per missing or malformed field ("consent_evidence.text", …).
std::vector<FieldError> consent_evidence_problems(const ConsentEvidence& e, Millis now);
// Whether the source may send a request for this service and ZIP; the refusal names the field.
std::optional<FieldError> partner_refusal(const PartnerSource& s, const std::string& service_type,
                                          const std::string& zip);
// Whether the key may do `scope`.
bool key_allows(const PartnerKey& k, const std::string& scope);
// Whether `key` looks like a key we issue (prefix and length): anything else is refused unread.
bool plausible_partner_key(const std::string& key);
// "a, b" / "a b" → {"a", "b"}: trimmed, empty items dropped.
std::vector<std::string> split_list(const std::string& text);
std::string join_list(const std::vector<std::string>& items, const char* separator = ",");

}  // namespace plumbline::domain
