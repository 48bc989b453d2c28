// Unit tests for the homeowner's confirmation templates: plain-text parts are not HTML-escaped, the
// HTML part is, the SMS fits one segment, both the new and the duplicate wording render, and no
// part shows the requester's typed name.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/lead.hpp"
#include "domain/lead_reach.hpp"
#include "integrations/mail_detail.hpp"
#include "source_root.hpp"
#include "templating/mustache.hpp"

namespace plumbline::integrations {
namespace {

std::string read_template(const std::string& rel) {
  auto path = plumbline::testing::source_root() / "templates" / rel;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "name" is no longer given to these templates; it stays here to prove they would not show it.
// `matched`: plumbers the request was sent to (as services/notifications.cpp fills it).
boost::json::object data(bool duplicate, int matched = 2) {
  domain::LeadReach reach{
      domain::LeadStatus::open, "", "95112", duplicate ? 0 : matched, 0, 3, 72, duplicate};
  return {{"name", "María <O'Brien> & Co"},
          {"reach", domain::intake_summary(reach)},
          {"reach_short", domain::intake_summary_short(reach)},
          {"no_coverage", !duplicate && matched == 0},
          {"max_claims", 4},
          {"service_label", "Kitchen or bath remodel"},
          {"urgency_label", "Emergency (now)"},
          {"city", "San José"},
          {"state", "CA"},
          {"zip", "95112"},
          {"tracking_url", "https://plumbline.example/t/AbCdEfGhIjKlMnOpQrStUvWxYz012345"},
          {"site_url", "https://plumbline.example"},
          {"platform_name", "Plumbline"},
          {"is_duplicate", duplicate}};
}

std::string render(const std::string& rel, bool duplicate, int matched = 2) {
  return templating::render(rel, read_template(rel), data(duplicate, matched));
}

bool gsm7_basic(std::string_view s) {
  // Printable ASCII minus what GSM 03.38 lacks or escapes (each escape costs two characters).
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e || std::string_view("`[]{}\\^~|").find(c) != std::string_view::npos)
      return false;
  }
  return true;
}

TEST(MessageTemplates, AllParse) {
  for (const char* t :
       {"email/lead_confirmation.subject.mustache", "email/lead_confirmation.txt.mustache",
        "email/lead_confirmation.html.mustache", "sms/lead_confirmation.txt.mustache"})
    EXPECT_EQ(templating::check(read_template(t)), "") << t;
}

TEST(MessageTemplates, ConfirmationEmail) {
  for (bool dup : {false, true}) {
    auto subject =
        detail::clean_header_value(render("email/lead_confirmation.subject.mustache", dup));
    EXPECT_NE(subject.find("Kitchen or bath remodel"), std::string::npos) << subject;
    EXPECT_LE(subject.size(), 78u) << subject;

    auto text = render("email/lead_confirmation.txt.mustache", dup);
    // The greeting names nobody: the name is typed by an unverified requester (issue 12 p9).
    EXPECT_EQ(text.rfind("Hello,\n\n", 0), 0u) << text.substr(0, 80);
    EXPECT_EQ(text.find("O'Brien"), std::string::npos);
    EXPECT_NE(text.find("San José CA 95112"), std::string::npos);
    EXPECT_EQ(text.find("&amp;"), std::string::npos);
    EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << text;
    EXPECT_NE(text.find("https://plumbline.example/t/AbCdEfGhIjKlMnOpQrStUvWxYz012345"),
              std::string::npos);
    EXPECT_NE(text.find("At most 4 plumbers"), std::string::npos);  // the setting, not a 3
    EXPECT_NE(text.find("private"), std::string::npos);
    EXPECT_EQ(
        text.find("We sent your request to 2 plumbers who cover ZIP 95112") != std::string::npos,
        !dup);
    EXPECT_EQ(text.find("We already have") != std::string::npos, dup);

    auto html = render("email/lead_confirmation.html.mustache", dup);
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_EQ(html.find("Brien"), std::string::npos);
    EXPECT_NE(html.find("Hello,</p>"), std::string::npos);
    EXPECT_NE(html.find("Kitchen or bath remodel"), std::string::npos);
    EXPECT_NE(html.find("href=\"https://plumbline.example/t/AbCdEfGhIjKlMnOpQrStUvWxYz012345\""),
              std::string::npos);
  }
}

// No plumber covers the ZIP: every part says so, promises late matching, and none promises a call.
TEST(MessageTemplates, ConfirmationWithoutCoverageSaysNobodyWasSentIt) {
  auto text = render("email/lead_confirmation.txt.mustache", false, 0);
  auto html = render("email/lead_confirmation.html.mustache", false, 0);
  auto sms = render("sms/lead_confirmation.txt.mustache", false, 0);
  for (const auto* part : {&text, &html}) {
    EXPECT_NE(part->find("No plumber on Plumbline covers ZIP 95112"), std::string::npos) << *part;
    EXPECT_NE(part->find("open for 72 hours and send it to any plumber who starts covering ZIP "
                         "95112"),
              std::string::npos)
        << *part;
    EXPECT_EQ(part->find("will contact you"), std::string::npos) << *part;
  }
  EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << text;
  EXPECT_NE(sms.find("no plumber covers your area yet; we'll text if one joins. Track: https"),
            std::string::npos)
      << sms;
}

// "A plumber joined" (late matching): the notice, the place, the link when there is one, nothing
// the requester typed; the SMS fits one segment.
boost::json::object joined_data(bool with_link) {
  boost::json::object d{{"name", "María <O'Brien> & Co"},
                        {"notice", domain::late_match_notice("95112")},
                        {"notice_short", domain::late_match_notice_short("95112")},
                        {"service_label", "Kitchen or bath remodel"},
                        {"city", "San José"},
                        {"state", "CA"},
                        {"zip", "95112"},
                        {"max_claims", 4},
                        {"site_url", "https://plumbline.example"},
                        {"platform_name", "Plumbline"}};
  if (with_link) d["tracking_url"] = "https://plumbline.example/t/AbCdEfGhIjKlMnOpQrStUvWxYz012345";
  return d;
}

TEST(MessageTemplates, PlumberJoinedNotice) {
  for (const char* t :
       {"email/lead_plumber_joined.subject.mustache", "email/lead_plumber_joined.txt.mustache",
        "email/lead_plumber_joined.html.mustache", "sms/lead_plumber_joined.txt.mustache"})
    EXPECT_EQ(templating::check(read_template(t)), "") << t;
  for (bool link : {true, false}) {
    auto r = [&](const std::string& rel) {
      return templating::render(rel, read_template(rel), joined_data(link));
    };
    auto subject = detail::clean_header_value(r("email/lead_plumber_joined.subject.mustache"));
    EXPECT_EQ(subject, "A plumber was sent your request: Kitchen or bath remodel in 95112");
    auto text = r("email/lead_plumber_joined.txt.mustache");
    auto html = r("email/lead_plumber_joined.html.mustache");
    EXPECT_EQ(text.rfind("Hello,\n\n", 0), 0u) << text.substr(0, 80);
    EXPECT_EQ(text.find("\n\n\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("&amp;"), std::string::npos);
    EXPECT_NE(text.find("San José CA 95112"), std::string::npos);
    EXPECT_NE(text.find("At most 4 plumbers"), std::string::npos);
    for (const auto* part : {&text, &html}) {
      EXPECT_NE(part->find("A plumber who covers 95112 has joined and was sent your request."),
                std::string::npos)
          << *part;
      EXPECT_EQ(part->find("Brien"), std::string::npos);
      EXPECT_EQ(part->find("/t/AbCdEf") != std::string::npos, link) << *part;
      EXPECT_EQ(part->find("first e-mail") != std::string::npos, !link) << *part;
    }
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    auto sms = detail::clean_header_value(r("sms/lead_plumber_joined.txt.mustache"));
    EXPECT_LE(sms.size(), 160u) << sms;
    EXPECT_TRUE(gsm7_basic(sms)) << sms;
    EXPECT_NE(sms.find("a plumber for 95112 joined and was sent your request."), std::string::npos)
        << sms;
    EXPECT_EQ(sms.find("Track: https://plumbline.example/t/") != std::string::npos, link) << sms;
    EXPECT_NE(sms.find("Reply STOP to opt out"), std::string::npos);
  }
}

TEST(MessageTemplates, ConfirmationSmsFitsOneSegment) {
  for (auto [dup, matched] : {std::pair{false, 2}, std::pair{true, 0}, std::pair{false, 0}}) {
    auto sms =
        detail::clean_header_value(render("sms/lead_confirmation.txt.mustache", dup, matched));
    EXPECT_LE(sms.size(), 160u) << sms;
    EXPECT_TRUE(gsm7_basic(sms)) << sms;
    EXPECT_NE(sms.find("https://plumbline.example/t/AbCdEfGhIjKlMnOpQrStUvWxYz012345"),
              std::string::npos);
    EXPECT_NE(sms.find("Reply STOP to opt out"), std::string::npos);
    EXPECT_EQ(sms.find("Brien"), std::string::npos);
  }
}

// The new-device notice: parses, shows when/where/which browser, escapes the browser string (it
// comes from the client) in the HTML part and leaves it as typed in the text part.
TEST(MessageTemplates, NewDeviceNotice) {
  for (const char* t : {"email/new_device.subject.mustache", "email/new_device.txt.mustache",
                        "email/new_device.html.mustache"})
    EXPECT_EQ(templating::check(read_template(t)), "") << t;
  boost::json::object d{{"time", "2027-01-15 08:00 UTC"},
                        {"ip", "198.51.100.7"},
                        {"browser", "Evil <script>x</script>"},
                        {"link", "https://plumbline.example/password/forgot"},
                        {"site_url", "https://plumbline.example"},
                        {"platform_name", "Plumbline"}};
  auto text = templating::render("t", read_template("email/new_device.txt.mustache"), d);
  auto html = templating::render("h", read_template("email/new_device.html.mustache"), d);
  auto subject = templating::render("s", read_template("email/new_device.subject.mustache"), d);
  EXPECT_NE(subject.find("New sign-in"), std::string::npos);
  for (const char* s : {"2027-01-15 08:00 UTC", "198.51.100.7", "Evil <script>x</script>",
                        "https://plumbline.example/password/forgot"})
    EXPECT_NE(text.find(s), std::string::npos) << s;
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("Evil &lt;script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace plumbline::integrations
