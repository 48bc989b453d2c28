// Static file table: content, SHA-256-derived hash and MIME type per file, all in memory.
#include "http/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "crypto/tokens.hpp"
#include "http/errors.hpp"

namespace plumbline::http {

namespace {
std::string mime_for(const std::filesystem::path& p) {
  auto ext = p.extension().string();
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".json") return "application/json";
  if (ext == ".map") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}
}  // namespace

StaticFiles::StaticFiles(const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw std::runtime_error("static folder " + dir + " does not exist");
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.is_symlink()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    File f;
    f.content = ss.str();
    f.hash = crypto::sha256_hex(f.content).substr(0, 12);
    f.content_type = mime_for(entry.path());
    files_[fs::relative(entry.path(), dir).generic_string()] = std::move(f);
  }
}

std::string StaticFiles::url_for(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end())
    throw std::runtime_error("static file " + path + " is missing; run make assets");
  return "/static/" + it->second.hash + "/" + path;
}

const std::string& StaticFiles::content(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end())
    throw std::runtime_error("static file " + path + " is missing; run make assets");
  return it->second.content;
}

Response StaticFiles::serve(const Request& req) const {
  auto it = files_.find(req.param("path"));
  if (it == files_.end())
    return error_response(req, {domain::ErrorCode::not_found, "There is nothing at this address."});
  const File& f = it->second;
  std::string etag = "\"" + f.hash + "\"";
  if (auto inm = req.header("if-none-match"); inm && *inm == etag) {
    Response r;
    r.status = 304;
    r.set_header("ETag", etag);
    return r;
  }
  Response r = Response::text(200, f.content, f.content_type);
  r.set_header("ETag", etag);
  if (req.param("hash") == f.hash)
    r.set_header("Cache-Control", "public, max-age=31536000, immutable");
  else
    r.set_header("Cache-Control", "public, max-age=60");
  return r;
}

}  // namespace plumbline::http
