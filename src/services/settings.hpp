// The business settings and the service catalog as the console edits them: one snapshot of every
// setting, read per operation by the services (MarketplaceRules) and the pages, swapped at once on
// a write in this process and re-read from the database every few seconds so that other instances
// on the same database follow.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "domain/audit.hpp"
#include "domain/catalog.hpp"
#include "domain/error.hpp"
#include "domain/settings.hpp"
#include "services/catalog_cache.hpp"
#include "services/clock.hpp"
#include "services/marketplace_settings.hpp"
#include "store/store.hpp"

namespace plumbline::services {

// One field as the settings page shows it: current value, and the last change (previous value,
// when, by whom) when there was one.
struct SettingView {
  const domain::SettingField* field = nullptr;
  std::string value;
  std::optional<domain::SettingChange> last_change;
  std::string previous_value;  // the last change's old value as text ("" when none)
};

class SettingsService final : public MarketplaceRules {
 public:
  // first: the values on an empty database (from the config); base: the marketplace values that
  // are not console settings (retention, late-matching burst). zone_known: whether a time zone can
  // be used. reread_ms: how old the snapshot may get before it is read again from the database.
  SettingsService(store::Store& store, const Clock& clock, CatalogCache& catalog,
                  domain::BusinessSettings first, MarketplaceSettings base,
                  domain::ZoneKnown zone_known, domain::Millis reread_ms = 5'000);

  // The current settings (never null); re-read when the snapshot is older than reread_ms.
  std::shared_ptr<const domain::BusinessSettings> current() const;
  // The marketplace rules of the current settings.
  MarketplaceSettings marketplace() const override;
  // The consent wording of the current settings, claims cap filled in.
  std::string consent_text() const;

  domain::Result<std::vector<SettingView>> view() const;
  domain::Result<std::vector<domain::SettingChange>> history(const std::string& key,
                                                             int limit) const;
  // Validates and stores the changed values, each with its history row, and one settings.update
  // audit row (before/after of the changed keys), in one transaction; then swaps the snapshot.
  // A reason is required. Values equal to the current ones are not written.
  domain::Result<domain::BusinessSettings> update(
      const domain::Actor& actor, const std::vector<std::pair<std::string, std::string>>& changes,
      const std::string& reason);

  // The whole catalog, inactive services too.
  domain::Result<domain::Catalog> catalog() const;
  // Updates the listed services (a new slug adds one) and urgencies, with one catalog.update audit
  // row, in one transaction; the catalog cache forgets its copy at once. Leads keep their price.
  // `questions`: new question lists for some of the proposed services (slug → list, issue 17);
  // the other services keep theirs. Each list is checked (domain::question_list_problems, errors
  // on "questions_<slug>") and a changed one is in the same audit row.
  using QuestionEdits = std::vector<std::pair<std::string, std::vector<domain::ServiceQuestion>>>;
  domain::Result<domain::Catalog> update_catalog(const domain::Actor& actor,
                                                 const domain::Catalog& proposed,
                                                 const std::string& reason,
                                                 const QuestionEdits& questions = {});

 private:
  domain::BusinessSettings merged(const std::vector<domain::SettingRow>& rows) const;
  void swap_in(domain::BusinessSettings s) const;

  store::Store& store_;
  const Clock& clock_;
  CatalogCache& catalog_;
  const domain::BusinessSettings first_;
  const MarketplaceSettings base_;
  const domain::ZoneKnown zone_known_;
  const domain::Millis reread_ms_;
  mutable std::mutex mu_;
  mutable std::shared_ptr<const domain::BusinessSettings> snapshot_;
  mutable domain::Millis loaded_at_ = -1;
  mutable bool rereading_ = false;  // one caller rereads; the others keep the snapshot meanwhile
};

// invalid_input naming the "reason" field: a console change needs one (`what`: "the settings").
domain::Error settings_reason_required(const std::string& what);

// The marketplace rules of a set of business settings over `base` (the values that are not
// settings).
MarketplaceSettings marketplace_rules(const domain::BusinessSettings& s, MarketplaceSettings base);

}  // namespace plumbline::services
