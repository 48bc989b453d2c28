// Wiring of the application from its configuration.
#include "app/app.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "crypto/tokens.hpp"

namespace plumbline::app {

std::unique_ptr<store::Store> open_store(const config::Config& c) {
  store::StoreOptions so;
  so.read_pool_size = c.db_pool_size;
  so.synchronous_full = c.sqlite_synchronous_full;
  return store::open_store(c.database_url, so);
}

std::string load_or_create_secret(const config::Config& c) {
  if (!c.secret_key.empty()) return c.secret_key;
  namespace fs = std::filesystem;
  fs::path p = fs::path(c.data_dir) / "secret.key";
  if (fs::exists(p)) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0 && (st.st_mode & 0077))
      throw std::runtime_error(p.string() + " is readable by other users; run: chmod 600 " +
                               p.string());
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string key = ss.str();
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    if (key.size() < 32)
      throw std::runtime_error(p.string() + " holds a key shorter than 32 characters");
    return key;
  }
  fs::create_directories(p.parent_path().empty() ? fs::path(".") : p.parent_path());
  std::string key = crypto::random_token(32);
  std::ofstream out(p);
  out << key << "\n";
  out.close();
  fs::permissions(p, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  return key;
}

std::unique_ptr<App> build(const config::Config& c, std::unique_ptr<store::Store> store) {
  auto a = std::make_unique<App>();
  a->config = c;
  a->config.secret_key = load_or_create_secret(c);
  a->store = std::move(store);
  try {
    a->zips = std::make_unique<geo::ZipTable>(geo::ZipTable::load_file(c.zip_file));
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) + " (set PLUMBLINE_ZIP_FILE, or run make data)");
  }
  a->leads = std::make_unique<services::LeadService>(*a->store, *a->zips, a->clock);
  auto* metrics = &a->metrics;
  metrics->help("plumbline_leads_created_total", "counter", "Leads stored; duplicate=true for repeat requests.");
  a->leads->on_submitted = [metrics](const services::SubmittedLead& s) {
    metrics->add("plumbline_leads_created_total",
                 s.duplicate ? "duplicate=\"true\"" : "duplicate=\"false\"");
  };
  a->statics = std::make_unique<http::StaticFiles>(c.static_dir);
  a->view = std::make_unique<web::View>(c.templates_dir, *a->statics);
  a->intake_limiter = std::make_unique<http::RateLimiter>(c.intake_rate_per_minute, c.intake_burst);
  a->api_limiter = std::make_unique<http::RateLimiter>(100, 100);
  auto* st = a->store.get();
  metrics->help("http_requests_total", "counter", "HTTP requests by method, route and status.");
  metrics->help("http_request_duration_seconds", "histogram",
                "Time from request head to response, by route.");
  metrics->gauge("plumbline_db_pool_size", "Database connections in the pool.",
                 [st] { return static_cast<double>(st->pool_stats().size); });
  metrics->gauge("plumbline_db_pool_in_use", "Database connections in use.",
                 [st] { return static_cast<double>(st->pool_stats().in_use); });
  metrics->gauge("plumbline_db_pool_waits_total",
                 "Times a request waited for a database connection.",
                 [st] { return static_cast<double>(st->pool_stats().waits); }, "counter");
  metrics->gauge("plumbline_db_commits_total", "Write transactions committed.",
                 [st] { return static_cast<double>(st->pool_stats().commits); }, "counter");
  return a;
}

}  // namespace plumbline::app
