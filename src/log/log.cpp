// JSON-lines logger on stdout (spdlog keeps writes atomic per line across threads).
#include "log/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <ctime>

namespace plumbline::log {

namespace {
std::atomic<int> min_level{static_cast<int>(Level::info)};

spdlog::logger& logger() {
  static auto l = [] {
    auto lg = spdlog::stdout_logger_mt("plumbline");
    lg->set_pattern("%v");
    lg->set_level(spdlog::level::trace);
    lg->flush_on(spdlog::level::trace);
    return lg;
  }();
  return *l;
}

const char* level_name(Level l) {
  switch (l) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

std::string now_iso() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}
}  // namespace

void set_level(std::string_view level) {
  if (level == "debug")
    min_level = static_cast<int>(Level::debug);
  else if (level == "warn")
    min_level = static_cast<int>(Level::warn);
  else if (level == "error")
    min_level = static_cast<int>(Level::error);
  else
    min_level = static_cast<int>(Level::info);
}

bool enabled(Level level) {
  return static_cast<int>(level) >= min_level.load();
}

void write(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  boost::json::object o;
  o["ts"] = now_iso();
  o["level"] = level_name(level);
  o["msg"] = msg;
  for (const auto& [k, v] : fields) {
    std::visit([&o, k = k](const auto& x) { o[k] = x; }, v);
  }
  logger().info(boost::json::serialize(o));
}

}  // namespace plumbline::log
