// Structured logging: one JSON object per line on stdout, with no secrets or personal data by
// convention.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace plumbline::log {

using Value = std::variant<std::string, std::int64_t, double, bool>;
using Field = std::pair<std::string_view, Value>;

enum class Level { debug, info, warn, error };

// Sets the lowest level written ("debug", "info", "warn", "error").
void set_level(std::string_view level);
bool enabled(Level level);
// Writes {"ts":…,"level":…,"msg":…, fields…} as one line.
void write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});

inline void debug(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::debug, m, f);
}
inline void info(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::info, m, f);
}
inline void warn(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::warn, m, f);
}
inline void error(std::string_view m, std::initializer_list<Field> f = {}) {
  write(Level::error, m, f);
}

}  // namespace plumbline::log
