// Partner lead sources: staff's source and key actions (audited in their transaction) and the
// partner's post, which rides on lead intake's transaction.
#include "services/partners.hpp"

#include <boost/json.hpp>

#include "crypto/sealed.hpp"
#include "crypto/tokens.hpp"
#include "geo/time_zone.hpp"
#include "services/audit.hpp"

namespace plumbline::services {

using domain::Error;
using domain::ErrorCode;
namespace json = boost::json;

namespace {

// The first request's transaction holds the Idempotency-Key: the caller replays its answer.
constexpr const char* idempotency_taken = "idempotency_taken";

Error field_error(ErrorCode code, std::string field, std::string message) {
  auto e = Error::make(code, message);
  e.details.push_back({std::move(field), std::move(message)});
  return e;
}

bool plausible_idempotency_key(const std::string& k) {
  return !k.empty() && k.size() <= 200 &&
         std::all_of(k.begin(), k.end(), [](char c) { return c > 32 && c < 127; });
}

json::object source_json(const domain::PartnerSource& s) {
  return {{"name", s.name},
          {"contact", s.contact},
          {"services", domain::join_list(s.services)},
          {"areas", domain::join_list(s.areas)},
          {"daily_cap", s.daily_cap},
          {"rate_per_minute", s.rate_per_minute},
          {"terms", s.terms},
          {"frame_origins", domain::join_list(s.frame_origins, " ")}};
}

}  // namespace

PartnerService::PartnerService(store::Store& store, const Clock& clock, LeadService& leads,
                               CatalogCache& catalog, const LocalZones& zones,
                               std::string secret_key, limits::RateLimiter::Clock rate_clock)
    : store_(store),
      clock_(clock),
      leads_(leads),
      catalog_(catalog),
      zones_(zones),
      secret_key_(std::move(secret_key)),
      per_key_(60, 60, std::move(rate_clock)) {}

domain::Result<std::vector<domain::PartnerSource>> PartnerService::list() {
  try {
    return store_.read<std::vector<domain::PartnerSource>>(
        [](store::Tx& tx) { return tx.list_partner_sources(); });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<PartnerSourceDetail> PartnerService::detail(domain::PartnerSourceId id) {
  try {
    auto since = day_start(clock_.now_ms());
    auto found = store_.read<std::optional<PartnerSourceDetail>>(
        [&](store::Tx& tx) -> std::optional<PartnerSourceDetail> {
          auto s = tx.partner_source_by_id(id);
          if (!s) return std::nullopt;
          return PartnerSourceDetail{*s, tx.list_partner_keys(id),
                                     tx.count_partner_leads_since(id, since)};
        });
    if (!found) return Error::make(ErrorCode::not_found, "There is no such lead source.");
    return std::move(*found);
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<domain::PartnerSource> PartnerService::source(domain::PartnerSourceId id) {
  try {
    auto found = store_.read<std::optional<domain::PartnerSource>>(
        [&](store::Tx& tx) { return tx.partner_source_by_id(id); });
    if (!found) return Error::make(ErrorCode::not_found, "There is no such request form.");
    return std::move(*found);
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<domain::PartnerSource> PartnerService::create(const domain::Actor& actor,
                                                             const domain::PartnerSourceInput& in) {
  std::vector<std::string> known;
  for (const auto& s : catalog_.get().services)
    if (s.active) known.push_back(s.slug);
  auto valid = domain::validate_partner_source(in, known);
  if (!valid) return valid.error();
  auto s = std::move(*valid);
  s.created_at = clock_.now_ms();
  s.created_by = actor.user_id;
  try {
    return store_.write<domain::PartnerSource>(
        [&](store::Tx& tx) -> domain::Result<domain::PartnerSource> {
          s.id = tx.insert_partner_source(s);
          auto row = audit_entry(actor, s.created_at, "partner_source.create", "partner_source",
                                 std::to_string(s.id.value));
          row.after_json = json::serialize(source_json(s));
          tx.append_audit(row);
          return s;
        });
  } catch (const store::StoreError& e) {
    if (e.kind() == store::StoreErrorKind::unique_violation)
      return field_error(ErrorCode::conflict, "name", "A lead source with this name exists.");
    return unavailable_error(e, "create_partner_source");
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<IssuedPartnerKey> PartnerService::issue_key(const domain::Actor& actor,
                                                           domain::PartnerSourceId source_id) {
  IssuedPartnerKey out;
  out.secret = domain::partner_key_prefix + crypto::random_token(32);  // 256 bits
  out.key.source_id = source_id;
  out.key.key_hash = crypto::sha256_hex(out.secret);
  out.key.hint = out.secret.substr(0, 8);
  out.key.scopes = {domain::scope_leads_create};
  out.key.created_at = clock_.now_ms();
  out.key.created_by = actor.user_id;
  try {
    return store_.write<IssuedPartnerKey>([&](store::Tx& tx) -> domain::Result<IssuedPartnerKey> {
      if (!tx.partner_source_by_id(source_id))
        return Error::make(ErrorCode::not_found, "There is no such lead source.");
      out.key.id = tx.insert_partner_key(out.key);
      auto row = audit_entry(actor, out.key.created_at, "partner_key.issue", "partner_source",
                             std::to_string(source_id.value));
      row.after_json = json::serialize(json::object{{"key_id", out.key.id.value},
                                                    {"hint", out.key.hint},
                                                    {"scopes", domain::scope_leads_create}});
      tx.append_audit(row);
      return out;
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Status PartnerService::revoke_key(const domain::Actor& actor,
                                          domain::PartnerSourceId source_id,
                                          domain::PartnerKeyId key_id) {
  auto now = clock_.now_ms();
  try {
    return store_.write<domain::Unit>([&](store::Tx& tx) -> domain::Status {
      auto key = tx.partner_key_by_id(key_id);
      if (!key || key->source_id != source_id)
        return Error::make(ErrorCode::not_found, "There is no such key.");
      if (!tx.revoke_partner_key(key_id, actor.user_id, now))
        return Error::make(ErrorCode::conflict, "This key was revoked already.");
      auto row = audit_entry(actor, now, "partner_key.revoke", "partner_source",
                             std::to_string(source_id.value));
      row.before_json = json::serialize(
          json::object{{"key_id", key_id.value}, {"hint", key->hint}, {"revoked", false}});
      row.after_json = json::serialize(json::object{{"key_id", key_id.value}, {"revoked", true}});
      tx.append_audit(row);
      return domain::Unit{};
    });
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<domain::PartnerKey> PartnerService::authenticate(const std::string& key) {
  auto refused = Error::make(ErrorCode::unauthorized,
                             "Send a valid partner key: Authorization: Bearer plk_….");
  if (!domain::plausible_partner_key(key)) return refused;
  auto hash = crypto::sha256_hex(key);
  auto found = store_.read<std::optional<domain::PartnerKey>>(
      [&](store::Tx& tx) { return tx.partner_key_by_hash(hash); });
  if (!found || found->revoked()) return refused;
  if (!domain::key_allows(*found, domain::scope_leads_create))
    return Error::make(ErrorCode::forbidden, "This key may not create leads.");
  return std::move(*found);
}

domain::Millis PartnerService::day_start(domain::Millis now) const {
  const auto& zone = zones_.platform();
  auto local_s = now / 1000 + zone.at(now / 1000).utc_offset_seconds;
  auto days = local_s >= 0 ? local_s / 86400 : (local_s - 86399) / 86400;
  return geo::local_midnight_of_days(days, zone);
}

std::string PartnerService::seal_answer(const SubmittedLead& s) const {
  json::array answers;
  for (const auto& a : s.answers)
    answers.push_back({{"key", a.key}, {"label", a.label}, {"answer", a.answer}});
  json::object o{{"id", s.id.value},
                 {"status", domain::to_string(s.status)},
                 {"duplicate", s.duplicate},
                 {"tracking_token", s.tracking_token},
                 {"answers", std::move(answers)}};
  return crypto::seal(secret_key_, json::serialize(o));
}

std::optional<SubmittedLead> PartnerService::open_answer(const std::string& sealed) const {
  auto opened = crypto::unseal(secret_key_, sealed);
  if (!opened) return std::nullopt;
  auto o = json::parse(*opened).as_object();
  SubmittedLead s;
  s.id = domain::LeadId{o.at("id").as_int64()};
  s.status = domain::parse<domain::LeadStatus>(std::string(o.at("status").as_string()))
                 .value_or(domain::LeadStatus::open);
  s.duplicate = o.at("duplicate").as_bool();
  s.tracking_token = std::string(o.at("tracking_token").as_string());
  for (const auto& a : o.at("answers").as_array()) {
    const auto& ao = a.as_object();
    s.answers.push_back({std::string(ao.at("key").as_string()),
                         std::string(ao.at("label").as_string()),
                         std::string(ao.at("answer").as_string())});
  }
  return s;
}

domain::Result<PartnerAnswer> PartnerService::submit(const PartnerPost& post,
                                                     const std::string& ip) {
  try {
    auto key = authenticate(post.key);
    if (!key) return key.error();
    auto source = store_.read<std::optional<domain::PartnerSource>>(
        [&](store::Tx& tx) { return tx.partner_source_by_id(key->source_id); });
    if (!source) return Error::make(ErrorCode::unauthorized, "This key's source is gone.");
    // Each key has its source's rate (burst: one minute's worth).
    auto d = per_key_.take("key:" + std::to_string(key->id.value), source->rate_per_minute,
                           source->rate_per_minute);
    if (!d.allowed) {
      auto e = Error::make(ErrorCode::rate_limited,
                           "This key sent too many requests. Wait and try again.");
      e.retry_after_seconds = std::max(1, d.retry_after_seconds);
      return e;
    }
    const bool idempotent = !post.idempotency_key.empty();
    if (idempotent && !plausible_idempotency_key(post.idempotency_key))
      return field_error(ErrorCode::invalid_input, "Idempotency-Key",
                         "Send 1 to 200 visible ASCII characters.");
    const auto body_hash = crypto::sha256_hex(post.body);
    // An earlier post with this key: the same body gets the same answer, another body a 422.
    auto replay = [&]() -> std::optional<domain::Result<PartnerAnswer>> {
      auto rec = store_.read<std::optional<domain::IdempotencyRecord>>(
          [&](store::Tx& tx) { return tx.find_idempotency(key->id, post.idempotency_key); });
      if (!rec) return std::nullopt;
      if (rec->body_hash != body_hash)
        return field_error(ErrorCode::invalid_input, "Idempotency-Key",
                           "This Idempotency-Key was used with another request body.");
      auto answer = open_answer(rec->answer_sealed);
      if (!answer)
        return Error::make(ErrorCode::conflict,
                           "The first request with this Idempotency-Key is still being handled.");
      return PartnerAnswer{std::move(*answer), true};
    };
    if (idempotent)
      if (auto earlier = replay()) return std::move(*earlier);
    const auto now = clock_.now_ms();
    auto problems = domain::consent_evidence_problems(post.evidence, now);
    if (auto refusal = partner_refusal(*source, post.input.service_type, post.input.zip))
      problems.push_back(*refusal);
    if (!problems.empty()) {
      auto e = Error::make(ErrorCode::invalid_input, "Some fields need fixing.");
      e.details = std::move(problems);
      return e;
    }
    domain::LeadInput input = post.input;
    input.consent = true;  // the evidence is the consent
    domain::RequestContext ctx{post.evidence.ip, post.user_agent, "api", 0};
    auto first = [&](store::Tx& tx) -> std::optional<Error> {
      if (idempotent &&
          !tx.insert_idempotency({key->id, post.idempotency_key, body_hash, {}, {}, now}))
        return Error::make(ErrorCode::conflict, "Idempotency-Key taken.", idempotency_taken);
      if (source->daily_cap > 0) {
        tx.lock_partner_source(source->id);
        auto since = day_start(now);
        if (tx.count_partner_leads_since(source->id, since) >= source->daily_cap) {
          auto e = Error::make(ErrorCode::rate_limited,
                               "This source's daily cap of " + std::to_string(source->daily_cap) +
                                   " requests is reached. Try again after midnight.");
          auto next_day = day_start(since + 36 * 3600 * 1000LL);
          e.retry_after_seconds =
              static_cast<int>(std::max<domain::Millis>(1, (next_day - now) / 1000));
          return e;
        }
      }
      return std::nullopt;
    };
    auto also = [&](store::Tx& tx, const SubmittedLead& s) {
      tx.set_lead_partner(s.id, source->id, post.evidence,
                          "partner: " + source->name + " (key " + key->hint + ")");
      if (idempotent) tx.finish_idempotency(key->id, post.idempotency_key, s.id, seal_answer(s));
    };
    auto r = leads_.submit(input, ctx, also, first);
    if (!r && r.error().log_detail == idempotency_taken) {
      if (auto earlier = replay()) return std::move(*earlier);
      return r.error();
    }
    if (!r) return r.error();
    return PartnerAnswer{std::move(*r), false};
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

domain::Result<SubmittedLead> PartnerService::submit_embedded(domain::PartnerSourceId source_id,
                                                              const domain::LeadInput& input,
                                                              domain::RequestContext ctx) {
  try {
    auto source = store_.read<std::optional<domain::PartnerSource>>(
        [&](store::Tx& tx) { return tx.partner_source_by_id(source_id); });
    if (!source) return Error::make(ErrorCode::not_found, "There is no such request form.");
    if (auto refusal = partner_refusal(*source, input.service_type, input.zip)) {
      auto e = Error::make(ErrorCode::invalid_input, "Some answers need fixing.");
      e.details.push_back(*refusal);
      return e;
    }
    auto also = [&](store::Tx& tx, const SubmittedLead& s) {
      tx.set_lead_partner_source(s.id, source->id);
    };
    auto first = [&](store::Tx& tx) -> std::optional<Error> {
      if (source->daily_cap <= 0) return std::nullopt;
      tx.lock_partner_source(source->id);
      if (tx.count_partner_leads_since(source->id, day_start(clock_.now_ms())) < source->daily_cap)
        return std::nullopt;
      return Error::make(ErrorCode::rate_limited,
                         "This form takes no more requests today. Please try again tomorrow.");
    };
    return leads_.submit(input, std::move(ctx), also, first);
  } catch (const domain::Failure& f) {
    return f.error;
  }
}

}  // namespace plumbline::services
