// SettingsTx: business settings and their history; store/{sqlite,postgres}/settings.cpp implement
// it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "domain/settings.hpp"
#include "store/tx/method.hpp"

// One M(return type, name, (parameters)) per method (see store/tx/method.hpp).
#define PLUMBLINE_SETTINGS_TX(M)                                                              \
  M(std::vector<domain::SettingRow>, settings_all, ())                                        \
  /* Inserts or replaces the value of one key. */                                             \
  M(void, put_setting, (const domain::SettingRow& row))                                       \
  /* Appends one change; the history is never changed or deleted (the schema refuses). */     \
  M(void, append_setting_change, (const domain::SettingChange& change))                       \
  /* The newest change of each key that has one, with the changer's e-mail. */                \
  M(std::vector<domain::SettingChange>, latest_setting_changes, ())                           \
  /* One key's changes, newest first. */                                                      \
  M(std::vector<domain::SettingChange>, setting_history, (const std::string& key, int limit)) \
  /* A new plumber starts with the platform's default daily cap and quiet hours. */           \
  M(void, set_plumber_defaults,                                                               \
    (domain::UserId user_id, int daily_cap, int quiet_start_minute, int quiet_end_minute))

namespace plumbline::store {

class SettingsTx {
 public:
  PLUMBLINE_SETTINGS_TX(PLUMBLINE_TX_PURE)

 protected:
  ~SettingsTx() = default;
};

}  // namespace plumbline::store
