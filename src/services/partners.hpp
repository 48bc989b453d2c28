// Partner lead sources (issue 20): staff set up a source and issue it keys; a partner posts
// requests with a key (scope, consent evidence, Idempotency-Key, per-key rate, daily cap); the
// embedded form sends requests that carry its source. Each use case is one transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/partners.hpp"
#include "limits/rate_limit.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/leads.hpp"
#include "services/local_zones.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct PartnerSourceDetail {
  domain::PartnerSource source;
  std::vector<domain::PartnerKey> keys;  // newest first, revoked ones included
  int today = 0;                         // requests since local midnight (the daily cap's count)
};

// A new key: `secret` is shown once and never stored.
struct IssuedPartnerKey {
  domain::PartnerKey key;
  std::string secret;
};

// One post to POST /api/v1/leads with a partner key.
struct PartnerPost {
  std::string key;              // the Bearer token
  std::string idempotency_key;  // the Idempotency-Key header; empty = none
  std::string body;             // the raw body (its hash tells a retry from another request)
  domain::LeadInput input;
  domain::ConsentEvidence evidence;
  std::string user_agent;
};

struct PartnerAnswer {
  SubmittedLead lead;
  bool replayed = false;  // the answer of an earlier post with the same Idempotency-Key
};

class PartnerService {
 public:
  PartnerService(store::Store& store, const Clock& clock, LeadService& leads, CatalogCache& catalog,
                 const LocalZones& zones, std::string secret_key,
                 limits::RateLimiter::Clock rate_clock = {});  // tests: a clock they move

  domain::Result<std::vector<domain::PartnerSource>> list();
  domain::Result<PartnerSourceDetail> detail(domain::PartnerSourceId id);
  // The source alone (the embedded form: its origins); not_found for an unknown id.
  domain::Result<domain::PartnerSource> source(domain::PartnerSourceId id);
  domain::Result<domain::PartnerSource> create(const domain::Actor& actor,
                                               const domain::PartnerSourceInput& in);
  domain::Result<IssuedPartnerKey> issue_key(const domain::Actor& actor,
                                             domain::PartnerSourceId source_id);
  domain::Status revoke_key(const domain::Actor& actor, domain::PartnerSourceId source_id,
                            domain::PartnerKeyId key_id);

  // A partner's request: 401 unknown or revoked key, 403 no leads:create scope, 429 over the
  // key's rate or the source's daily cap, 422 missing consent evidence (field named), a service
  // or area the source may not send, or an Idempotency-Key reused with another body.
  domain::Result<PartnerAnswer> submit(const PartnerPost& post, const std::string& ip);
  // A request sent with the source's embedded form: intake as from the web form, plus its source.
  domain::Result<SubmittedLead> submit_embedded(domain::PartnerSourceId source_id,
                                                const domain::LeadInput& input,
                                                domain::RequestContext ctx);

 private:
  domain::Result<domain::PartnerKey> authenticate(const std::string& key);
  domain::Millis day_start(domain::Millis now) const;
  std::string seal_answer(const SubmittedLead& s) const;
  std::optional<SubmittedLead> open_answer(const std::string& sealed) const;

  store::Store& store_;
  const Clock& clock_;
  LeadService& leads_;
  CatalogCache& catalog_;
  const LocalZones& zones_;
  std::string secret_key_;
  limits::RateLimiter per_key_;  // each key's rate is its source's (taken with that rate)
};

}  // namespace plumbline::services
