// Local mailbox for the demo: the .eml files written when no SMTP server is configured, listed and
// shown as their recipient would see them (the HTML part in a sandboxed frame, the text part,
// links).
#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/errors.hpp"
#include "integrations/mime_read.hpp"
#include "integrations/text.hpp"
#include "web/framed_mail.hpp"
#include "web/handlers.hpp"

namespace plumbline::web {

namespace {

// Only a demo on this machine may read the mailbox: no SMTP server, listening on loopback, the
// request straight from this machine (not relayed by a proxy, which would make the links public).
bool mailbox_enabled(const Services& a, const Request& req) {
  auto loopback = [](const std::string& h) {
    return h == "127.0.0.1" || h == "::1" || h == "localhost";
  };
  bool relayed =
      req.header("x-forwarded-for") || req.header("forwarded") || req.header("x-real-ip");
  return a.settings.dev_mailbox && loopback(req.peer_ip) && !relayed;
}

bool safe_mail_name(const std::string& n) {
  return !n.empty() && n.size() < 200 && n.find("..") == std::string::npos &&
         std::all_of(n.begin(), n.end(),
                     [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                              c == '.' || c == '@';
                     }) &&
         n.size() > 4 && n.substr(n.size() - 4) == ".eml";
}

std::string read_mail_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The message file named in the URL, or nullopt (404) for a bad or unknown name.
std::optional<std::string> mail_file_of(const Services& a, const Request& req) {
  auto name = req.param("name");
  if (!safe_mail_name(name)) return std::nullopt;
  auto path = std::filesystem::path(a.settings.mail_folder) / name;
  if (!std::filesystem::is_regular_file(path)) return std::nullopt;
  return read_mail_file(path);
}

// "lead_confirmation" → "Lead confirmation".
std::string kind_label(std::string kind) {
  std::replace(kind.begin(), kind.end(), '_', ' ');
  if (!kind.empty() && kind[0] >= 'a' && kind[0] <= 'z') kind[0] = static_cast<char>(kind[0] - 32);
  return kind;
}

// Links in the framed message open in the whole tab (the frame itself may not show this site).
Response not_found_mail(const Request& req) {
  return http::error_response(req, {domain::ErrorCode::not_found, "There is no such message."});
}

}  // namespace

Response show_dev_mailbox(const Services& a, Request& req) {
  if (!mailbox_enabled(a, req))
    return http::error_response(
        req, {domain::ErrorCode::not_found, "There is nothing at this address."});
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  if (fs::is_directory(a.settings.mail_folder))
    for (const auto& e : fs::directory_iterator(a.settings.mail_folder))
      if (e.is_regular_file() && safe_mail_name(e.path().filename().string()))
        files.push_back(e.path());
  std::sort(files.begin(), files.end(), std::greater<>());
  boost::json::array list;
  for (std::size_t i = 0; i < files.size() && i < 200; ++i) {
    auto mail = integrations::read_mime_message(read_mail_file(files[i]));
    list.push_back(
        boost::json::object{{"name", files[i].filename().string()},
                            {"subject", mail.subject.empty() ? "(no subject)" : mail.subject},
                            {"to", mail.to},
                            {"date", mail.date},
                            {"kind", kind_label(mail.kind)}});
  }
  return render(a, req, 200, "dev_mail", "Local mailbox",
                {{"messages", std::move(list)},
                 {"folder", a.settings.mail_folder},
                 {"has_messages", !files.empty()}});
}

Response show_dev_mail_message(const Services& a, Request& req) {
  if (!mailbox_enabled(a, req))
    return http::error_response(
        req, {domain::ErrorCode::not_found, "There is nothing at this address."});
  auto raw = mail_file_of(a, req);
  if (!raw) return not_found_mail(req);
  auto mail = integrations::read_mime_message(*raw);
  boost::json::array links;
  for (const auto& l : mail.links) links.push_back(boost::json::object{{"url", l}});
  auto subject = mail.subject.empty() ? std::string("(no subject)") : mail.subject;
  return render(a, req, 200, "dev_mail_message", subject + " - Local mailbox",
                {{"name", req.param("name")},
                 {"subject", subject},
                 {"from", mail.from},
                 {"to", mail.to},
                 {"date", mail.date},
                 {"kind", kind_label(mail.kind)},
                 {"has_html", !mail.html.empty()},
                 {"text", mail.text},
                 {"has_text", !mail.text.empty()},
                 {"links", std::move(links)},
                 {"has_links", !mail.links.empty()},
                 {"source", *raw}});
}

Response show_dev_mail_html(const Services& a, Request& req) {
  if (!mailbox_enabled(a, req))
    return http::error_response(
        req, {domain::ErrorCode::not_found, "There is nothing at this address."});
  auto raw = mail_file_of(a, req);
  if (!raw) return not_found_mail(req);
  auto mail = integrations::read_mime_message(*raw);
  if (mail.html.empty()) return not_found_mail(req);
  return framed_mail_response(std::move(mail.html));
}

}  // namespace plumbline::web
