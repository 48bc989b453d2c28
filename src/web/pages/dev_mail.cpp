// Local mailbox for the demo: lists the .eml files written when no SMTP server is configured.
#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/errors.hpp"
#include "web/handlers.hpp"

namespace plumbline::web {

namespace {

// Only a demo on this machine may read the mailbox: no SMTP server, listening on loopback, the request
// straight from this machine (not relayed by a proxy, which would make the links public).
bool mailbox_enabled(const app::App& a, const Request& req) {
  auto loopback = [](const std::string& h) { return h == "127.0.0.1" || h == "::1" || h == "localhost"; };
  bool relayed = req.header("x-forwarded-for") || req.header("forwarded") || req.header("x-real-ip");
  return a.config.smtp_url.empty() && loopback(a.config.listen_host) && loopback(req.peer_ip) && !relayed;
}

std::string header_value(const std::string& eml, const std::string& name) {
  std::istringstream in(eml);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    if (line.size() > name.size() + 1 && line.compare(0, name.size() + 1, name + ":") == 0)
      return line.substr(name.size() + 2 <= line.size() ? name.size() + 2 : line.size());
  }
  return {};
}

bool safe_name(const std::string& n) {
  return !n.empty() && n.size() < 200 && n.find("..") == std::string::npos &&
         std::all_of(n.begin(), n.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '@'; }) &&
         n.size() > 4 && n.substr(n.size() - 4) == ".eml";
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Response show_dev_mailbox(app::App& a, Request& req) {
  if (!mailbox_enabled(a, req)) return http::error_response(req, 404, "not_found", "There is nothing at this address.");
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  if (fs::is_directory(a.config.mail_folder()))
    for (const auto& e : fs::directory_iterator(a.config.mail_folder()))
      if (e.is_regular_file() && safe_name(e.path().filename().string())) files.push_back(e.path());
  std::sort(files.begin(), files.end(), std::greater<>());
  boost::json::array list;
  for (std::size_t i = 0; i < files.size() && i < 200; ++i) {
    auto text = read(files[i]);
    list.push_back({{"name", files[i].filename().string()},
                    {"subject", header_value(text, "Subject")},
                    {"to", header_value(text, "To")},
                    {"date", header_value(text, "Date")}});
  }
  return render(a, req, 200, "dev_mail", "Local mailbox",
                {{"messages", std::move(list)}, {"folder", a.config.mail_folder()}, {"has_messages", !files.empty()}});
}

Response show_dev_mail_message(app::App& a, Request& req) {
  if (!mailbox_enabled(a, req)) return http::error_response(req, 404, "not_found", "There is nothing at this address.");
  auto name = req.param("name");
  auto path = std::filesystem::path(a.config.mail_folder()) / name;
  if (!safe_name(name) || !std::filesystem::is_regular_file(path))
    return http::error_response(req, 404, "not_found", "There is no such message.");
  auto res = Response::text(200, read(path), "text/plain; charset=utf-8");
  return res;
}

}  // namespace plumbline::web
