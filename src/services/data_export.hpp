// The plumber's data export (issue 12): everything Plumbline holds about the account as a ZIP of
// JSON and CSV files.
#pragma once
#include <cstdint>
#include <string>

#include "domain/error.hpp"
#include "services/clock.hpp"
#include "store/store.hpp"

namespace plumbline::services {

struct DataExport {
  std::string filename;  // plumbline-export-<id>-<YYYY-MM-DD>.zip
  std::string zip;
};

// Profile and account, verification history, claims with the contact details bought, ledger,
// payments, messages sent to the account's e-mail address or phone, sessions; one read
// transaction. not_found for an unknown user.
domain::Result<DataExport> export_plumber_data(store::Store& store, const Clock& clock,
                                               domain::UserId user_id);

// The export with its store and clock bound once, for the web handlers.
class DataExportService {
 public:
  DataExportService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}
  domain::Result<DataExport> plumber_data(domain::UserId user_id) {
    return export_plumber_data(store_, clock_, user_id);
  }

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace plumbline::services
