// Business settings edited in the console: the marketplace rules, the business's details and the
// legal texts, each field with its pure validator; and the checks of a catalog edit.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/catalog.hpp"
#include "domain/error.hpp"

namespace plumbline::domain {

// Every business setting; the first values come from the environment (see services/settings.cpp).
struct BusinessSettings {
  // Marketplace rules.
  int max_claims_per_lead = 3;
  int lead_expiry_hours = 72;
  int duplicate_window_days = 7;
  int dispute_window_days = 14;
  int never_requested_window_days = 14;  // "never requested" refunds at once inside this window
  int past_due_grace_days = 7;
  int default_daily_cap = 10;  // a new plumber's claims per rolling 24 h
  int default_quiet_start_minute = 0, default_quiet_end_minute = 0;  // equal = none
  int review_request_days = 7;  // issue 17: days after a hire until the review e-mail
  // The business.
  std::string platform_name = "Plumbline";
  std::string support_email, support_phone, postal_address;
  std::string time_zone = "America/New_York";
  // Legal texts. The consent wording is a template: {{max_claims}} is the claims cap.
  std::string terms_text, privacy_text, consent_template;
  // Issue 17: "badge" (plumbers are sent a request at once; a confirmed phone shows as a badge)
  // or "required" (a request is matched only once its phone or e-mail is confirmed).
  std::string phone_verification = "badge";
};

// A stored setting: its key, its value as JSON text, and who set it when.
struct SettingRow {
  std::string key, value_json;
  std::int64_t updated_at = 0;
  std::optional<std::int64_t> updated_by;
};

// One change of a setting, from the append-only history (values as JSON text; old empty = none).
struct SettingChange {
  std::int64_t id = 0;
  std::string key, old_value_json, new_value_json;
  std::int64_t at = 0;
  std::optional<std::int64_t> by_user_id;
  std::string by_email;  // filled by reads that join the users
};

enum class SettingKind {
  number,
  clock_time,
  line,
  text,
  email,
  phone,
  time_zone,
  consent,
  choice  // one of the field's `choices` (issue 17)
};

// One editable field: its key (the database's and the form's), section, label and range (a number's
// bounds, or a text's length in characters).
struct SettingField {
  const char* key;
  const char* section;  // "rules", "business" or "legal"
  const char* label;
  const char* help;
  SettingKind kind;
  std::int64_t min, max;
  int BusinessSettings::*number = nullptr;        // number and clock_time fields
  std::string BusinessSettings::*text = nullptr;  // every other kind
  const char* choices = nullptr;                  // choice fields: the words allowed, "a|b"
};

const std::vector<SettingField>& setting_fields();
const SettingField* setting_field(std::string_view key);

// The value as the form shows it and the database keeps it: "72", "22:00", or the text.
std::string setting_text(const BusinessSettings& s, const SettingField& f);

// Whether a time zone name can be used (the service asks the zoneinfo folder).
using ZoneKnown = std::function<bool(std::string_view)>;

// Checks `value` for field `f` and writes it into `s`; returns the message for the person.
std::optional<std::string> set_setting(BusinessSettings& s, const SettingField& f,
                                       std::string_view value, const ZoneKnown& zone_known);

// Applies (key, value) changes to a copy of `current`; every bad value is named in the error's
// details (invalid_input), an unknown key too.
Result<BusinessSettings> apply_settings(
    BusinessSettings current, const std::vector<std::pair<std::string, std::string>>& changes,
    const ZoneKnown& zone_known);

// The consent wording with {{max_claims}} filled in.
std::string render_consent(std::string_view consent_template, int max_claims);

// The consent wording shipped before it became a setting (its {{max_claims}} template).
std::string default_consent_template();

// The terms and privacy texts on an empty database (the operator replaces them in the console).
std::string default_terms_text();
std::string default_privacy_text();

// Checks a catalog edit: labels, descriptions, prices, order, slugs (new services need one that is
// free); every problem in the error's details, each named "services[i].field"/"urgencies[i].field".
std::optional<Error> catalog_refusal(const Catalog& proposed, const Catalog& current);

}  // namespace plumbline::domain
