// Fresh databases for the store contract suite: a temp SQLite file, or a new PostgreSQL database
// per test.
#pragma once
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

namespace plumbline::testing {

// The URL with its database name replaced: postgres://user@host:port/NAME?params.
inline std::string pg_url_with_db(const std::string& url, const std::string& db) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) throw std::invalid_argument("not a URL: " + url);
  auto query = url.find('?', scheme + 3);
  auto slash = url.find('/', scheme + 3);
  std::string head = url.substr(0, std::min(slash, query));
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + db + tail;
}

// Runs one administrative statement (CREATE/DROP DATABASE, CREATE EXTENSION) on the server of
// `url`.
inline void pg_admin(const std::string& url, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(url.c_str()), &PQfinish);
  if (PQstatus(c.get()) != CONNECTION_OK)
    throw std::runtime_error("cannot connect to " + url + ": " + PQerrorMessage(c.get()));
  PQsetNoticeProcessor(
      c.get(), [](void*, const char*) {}, nullptr);
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), sql.c_str()), &PQclear);
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK && PQresultStatus(r.get()) != PGRES_TUPLES_OK)
    throw std::runtime_error(sql + ": " + PQerrorMessage(c.get()));
}

// A database that exists for one test. PostgreSQL databases are copied from a per-process template
// that already has PostGIS (creating the extension takes ~0.5 s); pristine ones from template0.
class TempDb {
 public:
  // backend: "sqlite" or "postgres"; pg_url: TEST_PG_URL (needs the CREATEDB privilege).
  TempDb(const std::string& backend, const std::string& pg_url, bool pristine) : backend_(backend) {
    static std::atomic<int> counter{0};
    std::string tag = std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (backend == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("plumbline_store_test_" + tag);
      std::filesystem::remove_all(dir_);
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "plumbline.db").string();
      return;
    }
    admin_url_ = pg_url;
    db_ = "plumbline_t_" + tag;
    std::string from = pristine ? "template0" : pg_template(pg_url);
    // FILE_COPY: a third faster than WAL_LOG for these small databases on the test server.
    pg_admin(admin_url_, "CREATE DATABASE " + db_ + " TEMPLATE " + from + " STRATEGY FILE_COPY");
    url_ = pg_url_with_db(pg_url, db_);
  }
  ~TempDb() {
    try {
      if (backend_ == "sqlite")
        std::filesystem::remove_all(dir_);
      else
        pg_admin(admin_url_, "DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
    } catch (...) {
    }
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;

  const std::string& url() const { return url_; }
  const std::string& pg_admin_url() const { return admin_url_; }
  const std::string& pg_db_name() const { return db_; }

  // Drops this process's template database; call once at exit.
  static void drop_pg_template(const std::string& pg_url) {
    if (!template_name().empty())
      pg_admin(pg_url, "DROP DATABASE IF EXISTS " + template_name() + " WITH (FORCE)");
  }

 private:
  static std::string& template_name() {
    static std::string name;
    return name;
  }
  static const std::string& pg_template(const std::string& pg_url) {
    std::string& name = template_name();
    if (name.empty()) {
      std::string n = "plumbline_tpl_" + std::to_string(::getpid());
      pg_admin(pg_url, "DROP DATABASE IF EXISTS " + n + " WITH (FORCE)");
      pg_admin(pg_url, "CREATE DATABASE " + n + " TEMPLATE template0");
      pg_admin(pg_url_with_db(pg_url, n), "CREATE EXTENSION IF NOT EXISTS postgis");
      name = n;
    }
    return name;
  }

  std::string backend_, url_, admin_url_, db_;
  std::filesystem::path dir_;
};

}  // namespace plumbline::testing
