// Unit tests for the MIME builder, quoted-printable, RFC 2047 subjects, header injection,
// Message-IDs, SMTP URL parsing, SMTP failure classification and the .eml file mailer.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include "integrations/mail_detail.hpp"
#include "integrations/mailer.hpp"

namespace plumbline::integrations {
namespace {

using namespace detail;

constexpr std::int64_t kDate = 1795683900000;  // 2026-11-26 09:05:00 UTC

std::string qp_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '=') {
      out += s[i];
      continue;
    }
    if (s.substr(i + 1, 2) == "\r\n") {
      i += 2;
      continue;
    }
    out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
    i += 2;
  }
  return out;
}

std::string crlf_lines(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += "\r\n";
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (s[i] == '\n') {
      out += "\r\n";
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    auto p = s.find("\r\n", start);
    out.emplace_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 2;
  }
  return out;
}

std::string b64_decode(std::string_view s) {
  std::string out(s.size(), '\0');
  int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  if (n < 0) return "<bad base64>";
  std::size_t pad = 0;
  for (auto it = s.rbegin(); it != s.rend() && *it == '='; ++it) ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

// Decodes a header value made only of RFC 2047 B-words separated by white space.
std::string decode_words(const std::string& v) {
  static const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  std::string out;
  for (std::sregex_iterator it(v.begin(), v.end(), word), end; it != end; ++it)
    out += b64_decode((*it)[1].str());
  return out;
}

struct Parsed {
  std::string head, body;
  std::vector<std::string> raw_header_lines;
  std::multimap<std::string, std::string> headers;  // unfolded
  std::string get(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string("<missing>") : it->second;
  }
};

Parsed parse(const std::string& msg) {
  Parsed p;
  auto sep = msg.find("\r\n\r\n");
  EXPECT_NE(sep, std::string::npos);
  p.head = msg.substr(0, sep);
  p.body = msg.substr(sep + 4);
  p.raw_header_lines = split_lines(p.head);
  std::string name, value;
  auto flush = [&] {
    if (!name.empty()) p.headers.emplace(name, value);
  };
  for (const auto& line : p.raw_header_lines) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      value += line;  // unfold: remove the CRLF only
      continue;
    }
    flush();
    auto colon = line.find(':');
    name = line.substr(0, colon);
    value = colon + 1 < line.size() ? line.substr(colon + 2) : "";
  }
  flush();
  return p;
}

void expect_crlf_only(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ASSERT_TRUE(i > 0 && s[i - 1] == '\r') << "bare LF at " << i;
    }
    if (s[i] == '\r') {
      ASSERT_TRUE(i + 1 < s.size() && s[i + 1] == '\n') << "bare CR at " << i;
    }
  }
}

Email sample() {
  Email e;
  e.from = "Plumbline <no-reply@plumbline.example>";
  e.to = "maria@example.com";
  e.subject = "Your plumbing request";
  e.text = "Hello Maria,\nYour request is in.\n";
  e.html = "<p>Hello Maria,</p>\n<p>Your request is in.</p>\n";
  return e;
}

// ---------------------------------------------------------------------------------------------

TEST(MimeMessage, StructureHeadersAndParts) {
  auto e = sample();
  e.reply_to = "Plumbline Support <help@plumbline.example>";
  e.extra_headers.emplace_back("X-Plumbline-Kind", "lead_confirmation");
  auto msg = build_mime_message(e, kDate);
  expect_crlf_only(msg);
  auto p = parse(msg);
  EXPECT_EQ(p.get("Date"), "Thu, 26 Nov 2026 09:05:00 +0000");
  EXPECT_EQ(p.get("From"), "Plumbline <no-reply@plumbline.example>");
  EXPECT_EQ(p.get("To"), "maria@example.com");
  EXPECT_EQ(p.get("Reply-To"), "Plumbline Support <help@plumbline.example>");
  EXPECT_EQ(p.get("Subject"), "Your plumbing request");
  EXPECT_EQ(p.get("MIME-Version"), "1.0");
  EXPECT_EQ(p.get("X-Plumbline-Kind"), "lead_confirmation");
  EXPECT_TRUE(std::regex_match(p.get("Message-ID"),
                               std::regex(R"(<[0-9a-z]+\.[0-9a-f]{24}@plumbline\.example>)")))
      << p.get("Message-ID");
  for (const auto& line : p.raw_header_lines) EXPECT_LE(line.size(), 78u) << line;

  std::smatch m;
  auto ct = p.get("Content-Type");
  ASSERT_TRUE(
      std::regex_match(ct, m, std::regex(R"re(multipart/alternative; boundary="([^"]+)")re")))
      << ct;
  const std::string b = m[1];
  EXPECT_GE(b.size(), 20u);
  // Preamble, text part, HTML part, close delimiter, in that order.
  auto first = p.body.find("--" + b + "\r\n");
  auto second = p.body.find("\r\n--" + b + "\r\n", first + 1);
  auto close = p.body.find("\r\n--" + b + "--\r\n", second + 1);
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  ASSERT_NE(close, std::string::npos);
  EXPECT_EQ(close + b.size() + 8, p.body.size());  // nothing after the close delimiter
  auto text_part = parse(p.body.substr(first + b.size() + 4, second - first - b.size() - 4));
  auto html_part = parse(p.body.substr(second + b.size() + 6, close - second - b.size() - 6));
  EXPECT_EQ(text_part.get("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(text_part.get("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(html_part.get("Content-Type"), "text/html; charset=UTF-8");
  EXPECT_EQ(html_part.get("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(qp_decode(text_part.body), crlf_lines(e.text));
  EXPECT_EQ(qp_decode(html_part.body), crlf_lines(e.html));
}

TEST(MimeMessage, NoReplyToWhenUnsetAndTextOnlyWithoutHtml) {
  auto e = sample();
  e.html.clear();
  auto msg = build_mime_message(e, kDate);
  expect_crlf_only(msg);
  auto p = parse(msg);
  EXPECT_EQ(p.headers.count("Reply-To"), 0u);
  EXPECT_EQ(p.get("Content-Type"), "text/plain; charset=UTF-8");
  EXPECT_EQ(p.get("Content-Transfer-Encoding"), "quoted-printable");
  EXPECT_EQ(qp_decode(p.body), crlf_lines(e.text));
}

TEST(MimeMessage, BoundaryAndMessageIdAreRandom) {
  auto e = sample();
  auto a = parse(build_mime_message(e, kDate)), b = parse(build_mime_message(e, kDate));
  EXPECT_NE(a.get("Content-Type"), b.get("Content-Type"));
  EXPECT_NE(a.get("Message-ID"), b.get("Message-ID"));
}

TEST(MimeMessage, DateIsRfc5322Utc) {
  EXPECT_EQ(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(rfc5322_date(kDate + 999), "Thu, 26 Nov 2026 09:05:00 +0000");
  EXPECT_EQ(rfc5322_date(951782400000), "Tue, 29 Feb 2000 00:00:00 +0000");
}

TEST(MimeMessage, MessageIdGivenOrGenerated) {
  auto e = sample();
  e.message_id = "<abc.123@plumbline.example>";
  EXPECT_EQ(parse(build_mime_message(e, kDate)).get("Message-ID"), "<abc.123@plumbline.example>");
  e.message_id = "abc.123@plumbline.example";
  EXPECT_EQ(message_id_for(e, kDate), "<abc.123@plumbline.example>");
  e.message_id = "<>";
  EXPECT_TRUE(std::regex_match(message_id_for(e, kDate),
                               std::regex(R"(<[0-9a-z]+\.[0-9a-f]{24}@plumbline\.example>)")));

  EXPECT_TRUE(
      std::regex_match(generate_message_id("\"Plumbline\" <No-Reply@Mail.Example.COM>", kDate),
                       std::regex(R"(<[0-9a-z]+\.[0-9a-f]{24}@mail\.example\.com>)")));
  EXPECT_TRUE(std::regex_match(generate_message_id("no domain", kDate),
                               std::regex(R"(<[0-9a-z]+\.[0-9a-f]{24}@plumbline\.localhost>)")));
  EXPECT_NE(generate_message_id("a@b.example", kDate), generate_message_id("a@b.example", kDate));

  EXPECT_EQ(message_id_file_part("<abc.123@x.example>"), "abc.123");
  EXPECT_EQ(message_id_file_part("<../../etc/passwd@x>"), "....etcpasswd");
  EXPECT_EQ(message_id_file_part("<@x>"), "message");
}

// ---------------------------------------------------------------------------------------------

TEST(MimeSubject, AsciiKeptNonAsciiEncoded) {
  EXPECT_EQ(unstructured_header("Subject", "Request received"), "Subject: Request received\r\n");
  auto h = unstructured_header("Subject", "Solicitud recibida: baño");
  EXPECT_EQ(h.rfind("Subject: =?UTF-8?B?", 0), 0u) << h;
  EXPECT_EQ(decode_words(h), "Solicitud recibida: baño");
  // Text that looks like an encoded word is encoded, so clients do not decode it.
  auto tricky = unstructured_header("Subject", "=?UTF-8?B?SGk=?=");
  EXPECT_EQ(decode_words(tricky), "=?UTF-8?B?SGk=?=");
}

TEST(MimeSubject, LongNonAsciiSplitsOnCharacterBoundaries) {
  std::string subject;
  for (int i = 0; i < 30; ++i) subject += "Zoë’s 🚿 ";
  subject.pop_back();
  auto h = unstructured_header("Subject", subject);
  expect_crlf_only(h);
  auto lines = split_lines(h.substr(0, h.size() - 2));
  EXPECT_GT(lines.size(), 3u);
  static const std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 76u) << lines[i];
    std::string w = i == 0 ? lines[i].substr(9) : lines[i].substr(1);
    std::smatch m;
    ASSERT_TRUE(std::regex_match(w, m, word)) << w;
    EXPECT_LE(w.size(), 75u);
    auto bytes = b64_decode(m[1].str());
    // Every word holds whole characters: no continuation byte at the start, none missing at the
    // end.
    ASSERT_FALSE(bytes.empty());
    EXPECT_NE(static_cast<unsigned char>(bytes[0]) & 0xC0, 0x80);
  }
  EXPECT_EQ(decode_words(h), subject);
}

TEST(MimeSubject, LongAsciiIsFoldedAtSpaces) {
  std::string subject;
  for (int i = 0; i < 20; ++i) subject += "plumbing request number " + std::to_string(i) + " ";
  subject.pop_back();
  auto h = unstructured_header("Subject", subject);
  auto lines = split_lines(h.substr(0, h.size() - 2));
  EXPECT_GT(lines.size(), 1u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 78u);
    if (i > 0) {
      EXPECT_EQ(lines[i][0], ' ');
    }
  }
  std::string unfolded;
  for (const auto& l : lines) unfolded += l;
  EXPECT_EQ(unfolded, "Subject: " + subject);
}

TEST(MimeSubject, EmptySubject) {
  EXPECT_EQ(unstructured_header("Subject", ""), "Subject: \r\n");
}

// ---------------------------------------------------------------------------------------------

TEST(MimeHeaders, InjectionCannotAddHeaders) {
  auto e = sample();
  e.subject = "Hello\r\nBcc: victim@example.com";
  e.to = "maria@example.com\r\nBcc: victim2@example.com";
  e.reply_to = "x@example.com\nBcc: victim3@example.com";
  e.from = "Plumbline\r\nBcc: victim4@example.com <no-reply@plumbline.example>";
  e.message_id = "<id@x>\r\nBcc: victim5@example.com";
  e.extra_headers.emplace_back("List-Unsubscribe", "<mailto:u@x>\r\nBcc: victim6@example.com");
  e.text = "body\r\n\r\nBcc: not-a-header@example.com\r\n";
  auto msg = build_mime_message(e, kDate);
  expect_crlf_only(msg);
  auto p = parse(msg);
  EXPECT_EQ(p.headers.count("Bcc"), 0u);
  for (const auto& line : p.raw_header_lines) EXPECT_FALSE(line.rfind("Bcc", 0) == 0) << line;
  EXPECT_EQ(p.get("Subject"), "Hello Bcc: victim@example.com");
  EXPECT_EQ(p.get("To"), "maria@example.com Bcc: victim2@example.com");
  // Only the headers we write, once each.
  std::set<std::string> names;
  for (const auto& [k, v] : p.headers) EXPECT_TRUE(names.insert(k).second) << "duplicate " << k;
  EXPECT_EQ(names, (std::set<std::string>{"Date", "From", "To", "Reply-To", "Subject", "Message-ID",
                                          "MIME-Version", "List-Unsubscribe", "Content-Type"}));
}

TEST(MimeHeaders, BadOrReservedExtraHeaderNamesAreRefused) {
  for (const char* name :
       {"X-A\r\nBcc", "X A", "X:A", "", "Content-Type", "bcc", "Subject", "MIME-Version"}) {
    auto e = sample();
    e.extra_headers.emplace_back(name, "v");
    EXPECT_THROW(build_mime_message(e, kDate), std::invalid_argument) << name;
  }
}

TEST(MimeHeaders, CleanHeaderValue) {
  EXPECT_EQ(clean_header_value("  a\r\n b\tc\x01"
                               "d  "),
            "a b c d");
  EXPECT_EQ(clean_header_value("\r\n"), "");
}

TEST(MimeHeaders, Mailboxes) {
  auto m = parse_mailbox("Plumbline <no-reply@plumbline.example>");
  EXPECT_EQ(m.display_name, "Plumbline");
  EXPECT_EQ(m.address, "no-reply@plumbline.example");
  EXPECT_EQ(parse_mailbox(" maria@example.com ").address, "maria@example.com");
  EXPECT_EQ(parse_mailbox("\"Smith, \\\"Jo\\\"\" <jo@example.com>").display_name, "Smith, \"Jo\"");

  EXPECT_EQ(format_mailbox({"", "a@b.example"}), "a@b.example");
  EXPECT_EQ(format_mailbox({"Plumbline", "a@b.example"}), "Plumbline <a@b.example>");
  EXPECT_EQ(format_mailbox({"Plumbline, Inc.", "a@b.example"}),
            "\"Plumbline, Inc.\" <a@b.example>");
  EXPECT_EQ(format_mailbox({"Say \"hi\"", "a@b.example"}), "\"Say \\\"hi\\\"\" <a@b.example>");
  auto enc = format_mailbox({"Plomería Zoë", "a@b.example"});
  EXPECT_EQ(enc.rfind("=?UTF-8?B?", 0), 0u);
  EXPECT_EQ(decode_words(enc), "Plomería Zoë");
  EXPECT_NE(enc.find(" <a@b.example>"), std::string::npos);
}

TEST(MimeHeaders, EnvelopeAddresses) {
  for (const char* a : {"a@b.co", "maria.lopez+plumb@example.com", "no-reply@127.0.0.1"})
    EXPECT_TRUE(valid_envelope_address(a)) << a;
  for (const char* a : {"", "a", "@b.co", "a@", "a@b@c", "a b@c.co", "a@b.co>", "<a@b.co>",
                        "a@b.co\r\nRCPT TO:<x@y>", "a@b.co,c@d.co", "zoë@example.com"})
    EXPECT_FALSE(valid_envelope_address(a)) << a;
}

// ---------------------------------------------------------------------------------------------

TEST(MimeQuotedPrintable, Escapes) {
  EXPECT_EQ(quoted_printable(""), "");
  EXPECT_EQ(quoted_printable("a=b"), "a=3Db");
  EXPECT_EQ(quoted_printable("café"), "caf=C3=A9");
  EXPECT_EQ(quoted_printable("tab\there"), "tab\there");
  EXPECT_EQ(quoted_printable("ctrl\x01"), "ctrl=01");
  EXPECT_EQ(quoted_printable("100% <b>ok</b> ~"), "100% <b>ok</b> ~");
}

TEST(MimeQuotedPrintable, TrailingWhiteSpaceIsEscaped) {
  EXPECT_EQ(quoted_printable("abc \nx\t"), "abc=20\r\nx=09");
  EXPECT_EQ(quoted_printable("a  \r\nb"), "a =20\r\nb");
  EXPECT_EQ(quoted_printable(" "), "=20");
  EXPECT_EQ(quoted_printable("end \n"), "end=20\r\n");
}

TEST(MimeQuotedPrintable, LineEndingsBecomeCrlf) {
  EXPECT_EQ(quoted_printable("a\nb\r\nc\rd\n\ne"), "a\r\nb\r\nc\r\nd\r\n\r\ne");
  EXPECT_EQ(quoted_printable("a\n"), "a\r\n");
}

TEST(MimeQuotedPrintable, LeadingDotIsEscaped) {
  EXPECT_EQ(quoted_printable(".\nx.y"), "=2E\r\nx.y");
}

TEST(MimeQuotedPrintable, SoftBreaksAtSeventySix) {
  const std::string l76(76, 'a'), l77(77, 'a');
  EXPECT_EQ(quoted_printable(l76), l76);
  EXPECT_EQ(quoted_printable(l77), std::string(75, 'a') + "=\r\naa");
  // An escape is never split across a soft break.
  const std::string eq = std::string(74, 'a') + "=b";
  EXPECT_EQ(quoted_printable(eq), std::string(74, 'a') + "=\r\n=3Db");
  const std::string eq_last = std::string(73, 'a') + "=";
  EXPECT_EQ(quoted_printable(eq_last), std::string(73, 'a') + "=3D");  // 76 with no soft break
}

TEST(MimeQuotedPrintable, LongLinesRoundTrip) {
  std::string text = std::string(200, 'x') + "\n" + std::string(100, '=') + "\n";
  for (int i = 0; i < 40; ++i) text += "baño ";
  text += "\n\t trailing \t \n";
  auto enc = quoted_printable(text);
  for (const auto& line : split_lines(enc)) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_TRUE(line.empty() || (line.back() != ' ' && line.back() != '\t')) << line;
  }
  EXPECT_EQ(qp_decode(enc), crlf_lines(text));
}

TEST(MimeQuotedPrintable, RandomRoundTrip) {
  std::mt19937 rng(42);
  const std::string alphabet =
      std::string("ab =.\t\r\n\x01\x7f") + "\xC3\xA9" + "\xE2\x80\x99" + "\xFF";
  for (int round = 0; round < 500; ++round) {
    std::string text;
    int n = static_cast<int>(rng() % 400);
    for (int i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    auto enc = quoted_printable(text);
    for (const auto& line : split_lines(enc)) {
      ASSERT_LE(line.size(), 76u);
      ASSERT_TRUE(line.empty() || (line.back() != ' ' && line.back() != '\t'));
      for (char c : line) {
        auto u = static_cast<unsigned char>(c);
        ASSERT_TRUE((u >= 33 && u <= 126) || c == ' ' || c == '\t') << static_cast<int>(u);
      }
    }
    expect_crlf_only(enc);
    ASSERT_EQ(qp_decode(enc), crlf_lines(text));
  }
}

// ---------------------------------------------------------------------------------------------

TEST(SmtpUrl, CredentialsAreSplitOutAndDecoded) {
  std::string err;
  auto u =
      parse_smtp_url("smtp://apikey%40example.com:p%40ss%3Aw%2Fo%25rd@smtp.example.com:587", &err);
  ASSERT_TRUE(u) << err;
  EXPECT_FALSE(u->implicit_tls);
  EXPECT_EQ(u->username, "apikey@example.com");
  EXPECT_EQ(u->password, "p@ss:w/o%rd");
  EXPECT_EQ(u->host, "smtp.example.com");
  EXPECT_EQ(u->port, "587");
  EXPECT_EQ(u->url, "smtp://smtp.example.com:587");
  EXPECT_FALSE(u->loopback);
}

TEST(SmtpUrl, Variants) {
  std::string err;
  auto s = parse_smtp_url("SMTPS://user@mail.example.com", &err);
  ASSERT_TRUE(s) << err;
  EXPECT_TRUE(s->implicit_tls);
  EXPECT_EQ(s->username, "user");
  EXPECT_EQ(s->password, "");
  EXPECT_EQ(s->port, "");
  auto local = parse_smtp_url("smtp://127.0.0.1:11025", &err);
  ASSERT_TRUE(local) << err;
  EXPECT_TRUE(local->loopback);
  EXPECT_EQ(local->username, "");
  EXPECT_EQ(local->url, "smtp://127.0.0.1:11025");
  EXPECT_TRUE(parse_smtp_url("smtp://localhost:25/helo.example", &err)->loopback);
  EXPECT_EQ(parse_smtp_url("smtp://localhost:25/helo.example", &err)->url,
            "smtp://localhost:25/helo.example");
  auto v6 = parse_smtp_url("smtp://u:p@[::1]:2525", &err);
  ASSERT_TRUE(v6) << err;
  EXPECT_TRUE(v6->loopback);
  EXPECT_EQ(v6->url, "smtp://[::1]:2525");
}

TEST(SmtpUrl, RejectsUnusableUrlsWithoutLeakingThePassword) {
  for (const char* bad :
       {"http://u:hunter2@mail.example.com", "smtp://u:hunter2@:25", "smtp://u:hunter2@host:99999",
        "smtp://u:hunter2@host:0", "mail.example.com:25", "smtp://u:hunter2@host:2x5", ""}) {
    std::string err;
    EXPECT_FALSE(parse_smtp_url(bad, &err)) << bad;
    EXPECT_FALSE(err.empty()) << bad;
    EXPECT_EQ(err.find("hunter2"), std::string::npos) << err;
  }
  try {
    make_smtp_mailer("smtp://u:hunter2@host:99999", std::chrono::seconds(5));
    ADD_FAILURE() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos);
  }
}

TEST(SmtpUrl, DescribeHasNoPassword) {
  auto m = make_smtp_mailer("smtp://user:hunter2@smtp.example.com:587", std::chrono::seconds(5));
  auto d = m->describe();
  EXPECT_EQ(d.find("hunter2"), std::string::npos) << d;
  EXPECT_NE(d.find("smtp://smtp.example.com:587"), std::string::npos) << d;
  EXPECT_NE(d.find("STARTTLS required"), std::string::npos) << d;
  EXPECT_NE(make_smtp_mailer("smtp://127.0.0.1:11025", std::chrono::seconds(5))
                ->describe()
                .find("when offered"),
            std::string::npos);
}

TEST(SmtpClassify, Outcomes) {
  auto ok = classify_smtp({CURLE_OK, 250, "", ""}, "pw", "<id@x>");
  EXPECT_EQ(ok.outcome, domain::SendOutcome::sent);
  EXPECT_EQ(ok.provider_id, "<id@x>");

  auto rcpt =
      classify_smtp({CURLE_SEND_ERROR, 550, "Failed sending data to the peer: RCPT failed: 550",
                     "550 5.1.1 <x@y>: Recipient address rejected"},
                    "pw", "<id@x>");
  EXPECT_EQ(rcpt.outcome, domain::SendOutcome::permanent_failure);
  EXPECT_NE(rcpt.error.find("550"), std::string::npos);
  EXPECT_NE(rcpt.error.find("Recipient address rejected"), std::string::npos);

  EXPECT_EQ(classify_smtp({CURLE_LOGIN_DENIED, 535, "Login denied", ""}, "pw", "").outcome,
            domain::SendOutcome::temporary_failure);
  EXPECT_EQ(classify_smtp({CURLE_SEND_ERROR, 451, "x", "451 try later"}, "pw", "").outcome,
            domain::SendOutcome::temporary_failure);
  EXPECT_EQ(
      classify_smtp({CURLE_COULDNT_CONNECT, 0, "Couldn't connect to server", ""}, "pw", "").outcome,
      domain::SendOutcome::temporary_failure);
  EXPECT_EQ(
      classify_smtp({CURLE_OPERATION_TIMEDOUT, 354, "Timeout was reached", ""}, "pw", "").outcome,
      domain::SendOutcome::temporary_failure);
}

TEST(SmtpClassify, ErrorNeverContainsThePassword) {
  auto r = classify_smtp(
      {CURLE_LOGIN_DENIED, 535, "Login denied for s3cr3t-pass", "535 bad s3cr3t-pass"},
      "s3cr3t-pass", "");
  EXPECT_EQ(r.error.find("s3cr3t-pass"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("535"), std::string::npos) << r.error;
}

TEST(SmtpMailer, InvalidRecipientIsPermanentWithoutNetwork) {
  auto m = make_smtp_mailer("smtp://127.0.0.1:1", std::chrono::seconds(2));
  auto e = sample();
  e.to = "maria@example.com\r\nRCPT TO:<victim@example.com>";
  auto r = m->send(e);
  EXPECT_EQ(r.outcome, domain::SendOutcome::permanent_failure);
  e = sample();
  e.extra_headers.emplace_back("Content-Type", "text/evil");
  EXPECT_EQ(m->send(e).outcome, domain::SendOutcome::permanent_failure);
}

TEST(SmtpMailer, ConnectionRefusedIsTemporary) {
  auto m = make_smtp_mailer("smtp://127.0.0.1:1", std::chrono::seconds(2));
  auto r = m->send(sample());
  EXPECT_EQ(r.outcome, domain::SendOutcome::temporary_failure);
  EXPECT_FALSE(r.error.empty());
}

// ---------------------------------------------------------------------------------------------

namespace fs = std::filesystem;

fs::path temp_dir(const std::string& name) {
  auto d = fs::temp_directory_path() / ("plumbline-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

TEST(MimeFileMailer, WritesOneEmlFileAtomically) {
  auto dir = temp_dir("mail") / "nested";
  auto m = make_file_mailer(dir.string());
  auto r = m->send(sample());
  ASSERT_EQ(r.outcome, domain::SendOutcome::sent) << r.error;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  ASSERT_EQ(files.size(), 1u);
  auto name = files[0].filename().string();
  std::smatch match;
  ASSERT_TRUE(
      std::regex_match(name, match, std::regex(R"((\d{13})-([0-9a-z]+\.[0-9a-f]{24})\.eml)")))
      << name;
  EXPECT_EQ("<" + match[2].str() + "@plumbline.example>", r.provider_id);
  std::ifstream in(files[0], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto p = parse(ss.str());
  EXPECT_EQ(p.get("Message-ID"), r.provider_id);
  EXPECT_EQ(p.get("To"), "maria@example.com");
  EXPECT_EQ((fs::status(files[0]).permissions() & fs::perms::others_read), fs::perms::none);
  fs::remove_all(dir.parent_path());
}

TEST(MimeFileMailer, UsesTheGivenMessageId) {
  auto dir = temp_dir("mail2");
  auto e = sample();
  e.message_id = "<lead-7.confirm@plumbline.example>";
  auto r = make_file_mailer(dir.string())->send(e);
  ASSERT_EQ(r.outcome, domain::SendOutcome::sent);
  EXPECT_EQ(r.provider_id, "<lead-7.confirm@plumbline.example>");
  bool found = false;
  for (const auto& f : fs::directory_iterator(dir))
    found |=
        std::regex_match(f.path().filename().string(), std::regex(R"(\d+-lead-7\.confirm\.eml)"));
  EXPECT_TRUE(found);
  fs::remove_all(dir);
}

TEST(MimeFileMailer, WriteErrorIsTemporary) {
  auto base = temp_dir("mail3");
  fs::create_directories(base);
  std::ofstream(base / "file") << "x";
  auto r = make_file_mailer((base / "file" / "sub").string())->send(sample());
  EXPECT_EQ(r.outcome, domain::SendOutcome::temporary_failure);
  EXPECT_FALSE(r.error.empty());
  fs::remove_all(base);
}

}  // namespace
}  // namespace plumbline::integrations
