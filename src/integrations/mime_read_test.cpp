// Unit tests for reading MIME messages back: our own messages round-trip, and other mailers'
// encodings (base64, nested multipart, Latin-1, Q-encoded words) read as the recipient sees them.
#include "integrations/mime_read.hpp"

#include <gtest/gtest.h>

#include "integrations/mailer.hpp"

namespace plumbline::integrations {
namespace {

Email sample_email_for_reading() {
  Email e;
  e.from = "Plumbline <no-reply@plumbline.example>";
  e.to = "zoë@example.com";
  e.subject = "Your request — Zoë's leak is with 3 plumbers (100% sure)";
  e.text =
      "Hello Zoë,\r\n\r\nTrack it here: http://127.0.0.1:8080/t/abc_DEF-123.\r\n"
      "A long line " +
      std::string(120, 'x') + " = done\r\n.\r\nBye";
  e.html =
      "<p style=\"color:#123\">Hello Zoë,</p><p><a href=\"http://127.0.0.1:8080/t/abc_DEF-123?"
      "a=1&amp;b=2\">Track</a> <a href='javascript:alert(1)'>bad</a> "
      "<a href=mailto:x@example.com>mail</a></p>";
  e.extra_headers.emplace_back("X-Plumbline-Kind", "lead_confirmation");
  return e;
}

TEST(MimeRead, OurOwnMessageRoundTrips) {
  auto e = sample_email_for_reading();
  auto read = read_mime_message(build_mime_message(e, 1795683900000));
  EXPECT_EQ(read.subject, e.subject);
  EXPECT_EQ(read.to, e.to);
  EXPECT_EQ(read.from, "Plumbline <no-reply@plumbline.example>");
  EXPECT_EQ(read.kind, "lead_confirmation");
  EXPECT_EQ(read.date, "Thu, 26 Nov 2026 09:05:00 +0000");
  EXPECT_EQ(read.text, e.text);
  EXPECT_EQ(read.html, e.html);
  // Text links first (trailing full stop dropped), then HTML hrefs unescaped; no javascript: or
  // mailto: links, no repeats.
  ASSERT_EQ(read.links.size(), 2u);
  EXPECT_EQ(read.links[0], "http://127.0.0.1:8080/t/abc_DEF-123");
  EXPECT_EQ(read.links[1], "http://127.0.0.1:8080/t/abc_DEF-123?a=1&b=2");
}

TEST(MimeRead, TextOnlyMessage) {
  Email e = sample_email_for_reading();
  e.html.clear();
  auto read = read_mime_message(build_mime_message(e, 0));
  EXPECT_EQ(read.text, e.text + "\r\n");  // a single part ends with a line break
  EXPECT_EQ(read.html, "");
}

TEST(MimeRead, NestedMultipartBase64AndLatin1) {
  std::string raw =
      "From: =?ISO-8859-1?Q?Jos=E9_P=E9rez?= <jose@example.com>\n"
      "To: a@example.com\n"
      "Subject: =?UTF-8?B?Q2Fmw6k=?= =?UTF-8?Q?_cr=C3=A8me?=\n"
      "Content-Type: multipart/mixed; boundary=outer\n"
      "\n"
      "preamble\n"
      "--outer\n"
      "Content-Type: multipart/alternative;\n"
      "\tboundary=\"in ner\"\n"
      "\n"
      "--in ner\n"
      "Content-Type: text/plain; charset=iso-8859-1\n"
      "Content-Transfer-Encoding: quoted-printable\n"
      "\n"
      "Caf=E9 see https://example.com/x=\n"
      "yz, ok\n"
      "--in ner\n"
      "Content-Type: text/html; charset=\"utf-8\"\n"
      "Content-Transfer-Encoding: base64\n"
      "\n"
      "PHA+Q2Fmw6k8L3A+\n"
      "--in ner--\n"
      "--outer\n"
      "Content-Type: text/plain\n"
      "Content-Disposition: attachment; filename=x.txt\n"
      "\n"
      "not the body\n"
      "--outer--\n"
      "epilogue\n";
  auto read = read_mime_message(raw);
  EXPECT_EQ(read.from, "José Pérez <jose@example.com>");
  EXPECT_EQ(read.subject, "Café crème");
  EXPECT_EQ(read.text, "Café see https://example.com/xyz, ok");
  EXPECT_EQ(read.html, "<p>Café</p>");
  ASSERT_EQ(read.links.size(), 1u);
  EXPECT_EQ(read.links[0], "https://example.com/xyz");
}

TEST(MimeRead, DecodersToleratePoorInput) {
  EXPECT_EQ(decode_quoted_printable("a=3D=3db=\r\nc=ZZ="), "a==bc=ZZ");
  EXPECT_EQ(decode_base64("aGVs\r\nbG8=\r\n"), "hello");
  EXPECT_EQ(decode_header_words("plain =?broken"), "plain =?broken");
  EXPECT_EQ(decode_header_words("=?UTF-8?X?abc?="), "=?UTF-8?X?abc?=");
  auto read = read_mime_message("no headers at all");
  EXPECT_EQ(read.text, "");
  auto deep = std::string();
  for (int i = 0; i < 20; ++i)
    deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
            std::to_string(i) + "\n";
  EXPECT_EQ(read_mime_message(deep).text, "");  // nesting past the limit is left out
}

}  // namespace
}  // namespace plumbline::integrations
