// Static assets from static/: loaded at start, served under content-hashed URLs with long cache
// lifetimes.
#pragma once
#include <map>
#include <string>

#include "http/request.hpp"
#include "http/response.hpp"

namespace plumbline::http {

class StaticFiles {
 public:
  // Reads every regular file under dir (following no symlinks out of it); throws when dir is
  // missing.
  explicit StaticFiles(const std::string& dir);
  // Returns "/static/<hash>/<path>" for a file such as "css/app.css"; throws when the file is
  // unknown.
  std::string url_for(const std::string& path) const;
  bool has(const std::string& path) const { return files_.count(path) > 0; }
  // The bytes of a file, for the few served at a fixed address (the service worker); throws when
  // the file is unknown.
  const std::string& content(const std::string& path) const;
  // Serves GET /static/{hash}/{path...}; unknown paths are 404, an old hash is served but not
  // cached long.
  Response serve(const Request& req) const;

 private:
  struct File {
    std::string content, hash, content_type;
  };
  std::map<std::string, File> files_;
};

}  // namespace plumbline::http
