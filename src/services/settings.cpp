// The settings service: the snapshot every service reads, its re-read, and the console's updates
// (value, history row and audit row in one transaction).
#include "services/settings.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "domain/contact.hpp"
#include "log/log.hpp"
#include "services/audit.hpp"

namespace plumbline::services {

namespace json = boost::json;

namespace {

constexpr domain::Millis settings_hour_ms = 3600LL * 1000;
constexpr domain::Millis settings_day_ms = 24 * settings_hour_ms;

// A field's value as stored: a JSON number for numbers, a JSON string for everything else.
json::value setting_json(const domain::BusinessSettings& s, const domain::SettingField& f) {
  if (f.kind == domain::SettingKind::number) return s.*f.number;
  return json::string(domain::setting_text(s, f));
}

// Stored JSON back to the text a validator reads; nullopt for JSON that is neither.
std::optional<std::string> setting_json_text(const std::string& stored) {
  json::error_code ec;
  auto v = json::parse(stored, ec);
  if (ec) return std::nullopt;
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  if (v.is_string()) return std::string(v.as_string());
  return std::nullopt;
}

}  // namespace

domain::Error settings_reason_required(const std::string& what) {
  auto e = domain::Error::make(domain::ErrorCode::invalid_input,
                               "Say why you are changing " + what + "; nothing was saved.");
  e.details.push_back({"reason", "Enter a reason (it is kept in the audit trail)."});
  return e;
}

MarketplaceSettings marketplace_rules(const domain::BusinessSettings& s, MarketplaceSettings base) {
  base.max_claims_per_lead = s.max_claims_per_lead;
  base.lead_expiry_ms = s.lead_expiry_hours * settings_hour_ms;
  base.duplicate_window_ms = s.duplicate_window_days * settings_day_ms;
  base.dispute_window_ms = s.dispute_window_days * settings_day_ms;
  base.never_requested_window_ms = s.never_requested_window_days * settings_day_ms;
  base.past_due_grace_ms = s.past_due_grace_days * settings_day_ms;
  base.default_daily_cap = s.default_daily_cap;
  base.default_quiet_start_minute = s.default_quiet_start_minute;
  base.default_quiet_end_minute = s.default_quiet_end_minute;
  base.consent_text = domain::render_consent(s.consent_template, s.max_claims_per_lead);
  base.phone_verification_required = s.phone_verification == "required";   // issue 17
  base.review_request_delay_ms = s.review_request_days * settings_day_ms;  // issue 17
  return base;
}

SettingsService::SettingsService(store::Store& store, const Clock& clock, CatalogCache& catalog,
                                 domain::BusinessSettings first, MarketplaceSettings base,
                                 domain::ZoneKnown zone_known, domain::Millis reread_ms)
    : store_(store),
      clock_(clock),
      catalog_(catalog),
      first_(std::move(first)),
      base_(std::move(base)),
      zone_known_(std::move(zone_known)),
      reread_ms_(reread_ms),
      snapshot_(std::make_shared<const domain::BusinessSettings>(first_)) {}

// Stored values over the first ones. A stored value was checked when it was written; one that no
// longer passes (edited by hand) is skipped and logged rather than trusted.
domain::BusinessSettings SettingsService::merged(
    const std::vector<domain::SettingRow>& rows) const {
  auto s = first_;
  auto any_zone = [](std::string_view) { return true; };  // checked when written
  for (const auto& row : rows) {
    const auto* f = domain::setting_field(row.key);
    if (!f) continue;  // a key of a newer version
    auto text = setting_json_text(row.value_json);
    if (!text || domain::set_setting(s, *f, *text, any_zone))
      log::warn("setting_ignored", {{"key", row.key}});
  }
  return s;
}

void SettingsService::swap_in(domain::BusinessSettings s) const {
  auto next = std::make_shared<const domain::BusinessSettings>(std::move(s));
  std::lock_guard lk(mu_);
  snapshot_ = std::move(next);
  loaded_at_ = clock_.now_ms();
}

std::shared_ptr<const domain::BusinessSettings> SettingsService::current() const {
  auto now = clock_.now_ms();
  {
    std::lock_guard lk(mu_);
    if (loaded_at_ >= 0 && now - loaded_at_ < reread_ms_) return snapshot_;
    // Single flight: while one caller rereads, the others use the snapshot they have. Callers
    // inside a write transaction hold a pool connection, and the reread needs one more: had every
    // such caller reread at once, they would all wait on the pool that they themselves fill
    // (PostgreSQL intake under load fell to ~10 requests/s, each waiting seconds for a connection).
    if (rereading_ && snapshot_) return snapshot_;
    rereading_ = true;
  }
  struct Done {
    const SettingsService* s;
    ~Done() {
      std::lock_guard lk(s->mu_);
      s->rereading_ = false;
    }
  } done{this};
  try {
    std::vector<domain::SettingRow> rows;
    store_.read_tx([&](store::Tx& tx) { rows = tx.settings_all(); });
    swap_in(merged(rows));
  } catch (const store::StoreError& e) {
    // The database is away: keep the last snapshot for another period. Logged here, not as a
    // store_failure: the request's own transaction reports the outage once.
    log::warn("settings_reread_failed", {{"error", std::string(e.what())}});
    std::lock_guard lk(mu_);
    loaded_at_ = now;
  }
  std::lock_guard lk(mu_);
  return snapshot_;
}

MarketplaceSettings SettingsService::marketplace() const {
  return marketplace_rules(*current(), base_);
}

std::string SettingsService::consent_text() const {
  auto s = current();
  return domain::render_consent(s->consent_template, s->max_claims_per_lead);
}

domain::Result<std::vector<SettingView>> SettingsService::view() const {
  try {
    return store_.read<std::vector<SettingView>>([&](store::Tx& tx) {
      auto s = merged(tx.settings_all());
      auto changes = tx.latest_setting_changes();
      std::vector<SettingView> out;
      for (const auto& f : domain::setting_fields()) {
        SettingView v{&f, domain::setting_text(s, f), std::nullopt, ""};
        for (const auto& c : changes)
          if (c.key == f.key) {
            v.last_change = c;
            v.previous_value = setting_json_text(c.old_value_json).value_or("");
          }
        out.push_back(std::move(v));
      }
      return out;
    });
  } catch (const domain::Failure& e) {
    return e.error;
  }
}

domain::Result<std::vector<domain::SettingChange>> SettingsService::history(const std::string& key,
                                                                            int limit) const {
  try {
    return store_.read<std::vector<domain::SettingChange>>(
        [&](store::Tx& tx) { return tx.setting_history(key, std::clamp(limit, 1, 500)); });
  } catch (const domain::Failure& e) {
    return e.error;
  }
}

domain::Result<domain::BusinessSettings> SettingsService::update(
    const domain::Actor& actor, const std::vector<std::pair<std::string, std::string>>& changes,
    const std::string& reason) {
  if (domain::trim(reason).empty()) return settings_reason_required("the settings");
  auto now = clock_.now_ms();
  auto r = store_.write<domain::BusinessSettings>(
      [&](store::Tx& tx) -> domain::Result<domain::BusinessSettings> {
        auto before = merged(tx.settings_all());
        auto next = domain::apply_settings(before, changes, zone_known_);
        if (!next) return next.error();
        json::object was, now_is;
        for (const auto& f : domain::setting_fields()) {
          auto old_text = domain::setting_text(before, f);
          if (old_text == domain::setting_text(next.value(), f)) continue;
          auto old_json = json::serialize(setting_json(before, f));
          auto new_json = json::serialize(setting_json(next.value(), f));
          std::optional<std::int64_t> by;
          if (actor.user_id.is_set()) by = actor.user_id.value;
          tx.put_setting({f.key, new_json, now, by});
          tx.append_setting_change({0, f.key, old_json, new_json, now, by, ""});
          was[f.key] = setting_json(before, f);
          now_is[f.key] = setting_json(next.value(), f);
        }
        if (!now_is.empty()) {
          auto e = audit_entry(actor, now, "settings.update", "setting");
          std::string keys;
          for (const auto& kv : now_is) keys += (keys.empty() ? "" : ",") + std::string(kv.key());
          e.target_id = keys.substr(0, 200);
          e.reason = domain::trim(reason);
          e.before_json = json::serialize(was);
          e.after_json = json::serialize(now_is);
          tx.append_audit(e);
        }
        return next;
      });
  if (r) swap_in(r.value());  // this process applies it at once; others on their next re-read
  return r;
}

}  // namespace plumbline::services
