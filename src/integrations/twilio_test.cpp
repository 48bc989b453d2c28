// Unit tests for X-Twilio-Signature (integrations.md §3.3 vectors), the URL variants, the form body
// and the classification of Twilio replies.
#include <gtest/gtest.h>
#include <openssl/hmac.h>

#include "crypto/tokens.hpp"
#include "integrations/mail_detail.hpp"
#include "integrations/sms.hpp"
#include "integrations/twilio_detail.hpp"

namespace plumbline::integrations {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

// An independent HMAC-SHA1 + base64 over exactly the given string.
std::string hmac_sha1_b64(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  return detail::base64(std::string_view(reinterpret_cast<const char*>(mac), len));
}

const std::string kUrl1 = "https://mycompany.com/myapp.php?foo=1&bar=2";
const Params kParams1{{"CallSid", "CA1234567890ABCDE"},
                      {"Caller", "+12349013030"},
                      {"Digits", "1234"},
                      {"From", "+12349013030"},
                      {"To", "+18005551212"}};
const std::string kUrl2 = "https://example.com/twilio/status";
const Params kParams2{{"AccountSid", "ACxxx"},        {"ApiVersion", "2010-04-01"},
                      {"From", "+15005550006"},       {"MessageSid", "SM123"},
                      {"MessageStatus", "delivered"}, {"SmsSid", "SM123"},
                      {"SmsStatus", "delivered"},     {"To", "+15551234567"}};
const std::string kBodyHash = "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862";
const std::string kUrl3 = "https://example.com/hook?bodySHA256=" + kBodyHash;

TEST(TwilioSignature, DocumentedVectors) {
  EXPECT_EQ(twilio_signature("12345", kUrl1, kParams1), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  EXPECT_EQ(twilio_signature("authtoken", kUrl2, kParams2), "3AbG4tB+M67eMZPuWbtqNX//wD4=");
  EXPECT_EQ(crypto::sha256_hex("{\"a\":1}"), kBodyHash);
  EXPECT_EQ(twilio_signature("authtoken", kUrl3, {}), "22spmYgIZ55wF1r3tkJ8AeM3biE=");
}

TEST(TwilioSignature, VerifiesVectorsInAnyParameterOrder) {
  EXPECT_TRUE(verify_twilio_signature("12345", kUrl1, kParams1, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
  Params reversed(kParams2.rbegin(), kParams2.rend());
  EXPECT_TRUE(
      verify_twilio_signature("authtoken", kUrl2, reversed, "3AbG4tB+M67eMZPuWbtqNX//wD4="));
  EXPECT_TRUE(verify_twilio_signature("authtoken", kUrl3, {}, "22spmYgIZ55wF1r3tkJ8AeM3biE="));
}

TEST(TwilioSignature, TamperingIsRejected) {
  const std::string sig = "3AbG4tB+M67eMZPuWbtqNX//wD4=";
  auto changed = kParams2;
  changed[4].second = "failed";
  EXPECT_FALSE(verify_twilio_signature("authtoken", kUrl2, changed, sig));
  auto extra = kParams2;
  extra.emplace_back("ErrorCode", "30003");
  EXPECT_FALSE(verify_twilio_signature("authtoken", kUrl2, extra, sig));
  auto fewer = kParams2;
  fewer.pop_back();
  EXPECT_FALSE(verify_twilio_signature("authtoken", kUrl2, fewer, sig));
  auto renamed = kParams2;
  renamed[0].first = "accountSid";
  EXPECT_FALSE(verify_twilio_signature("authtoken", kUrl2, renamed, sig));
  // The URL is signed exactly as given: other paths, schemes, hosts or queries fail.
  EXPECT_FALSE(
      verify_twilio_signature("authtoken", "https://example.com/twilio/statuS", kParams2, sig));
  EXPECT_FALSE(
      verify_twilio_signature("authtoken", "http://example.com/twilio/status", kParams2, sig));
  EXPECT_FALSE(
      verify_twilio_signature("authtoken", "https://evil.example/twilio/status", kParams2, sig));
  EXPECT_FALSE(verify_twilio_signature("authtoken", kUrl2 + "?x=1", kParams2, sig));
  EXPECT_FALSE(verify_twilio_signature("authtoken2", kUrl2, kParams2, sig));
  EXPECT_FALSE(verify_twilio_signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=3",
                                       kParams1, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
  EXPECT_FALSE(verify_twilio_signature("authtoken", kUrl3.substr(0, kUrl3.size() - 1) + "3", {},
                                       "22spmYgIZ55wF1r3tkJ8AeM3biE="));
  // Near misses of the signature itself.
  EXPECT_FALSE(verify_twilio_signature("authtoken", kUrl2, kParams2, ""));
  EXPECT_FALSE(
      verify_twilio_signature("authtoken", kUrl2, kParams2, "3AbG4tB+M67eMZPuWbtqNX//wD4"));
  EXPECT_FALSE(
      verify_twilio_signature("authtoken", kUrl2, kParams2, "3abG4tB+M67eMZPuWbtqNX//wD4="));
  EXPECT_FALSE(verify_twilio_signature("authtoken", kUrl2, kParams2, sig + " "));
  EXPECT_FALSE(verify_twilio_signature("", kUrl2, kParams2, twilio_signature("", kUrl2, kParams2)));
}

TEST(TwilioSignature, RepeatedNamesAreDeduplicatedAndSorted) {
  const std::string url = "https://example.com/twilio/inbound";
  Params p{{"MediaUrl", "https://m/b"},
           {"Body", "hi"},
           {"MediaUrl", "https://m/a"},
           {"MediaUrl", "https://m/b"}};
  const std::string expected =
      hmac_sha1_b64("tok", url + "Bodyhi" + "MediaUrlhttps://m/a" + "MediaUrlhttps://m/b");
  EXPECT_EQ(twilio_signature("tok", url, p), expected);
  EXPECT_TRUE(verify_twilio_signature("tok", url, p, expected));
  // Names in byte order: upper case before lower case, ASCII before UTF-8.
  Params q{{"b", "1"}, {"\xC3\xA9", "2"}, {"B", "3"}, {"a", "4"}, {"A", ""}};
  EXPECT_EQ(twilio_signature("tok", url, q), hmac_sha1_b64("tok", url + "A" + "B3" + "a4" + "b1" +
                                                                      "\xC3\xA9"
                                                                      "2"));
  // The independent helper agrees with the documented vector.
  EXPECT_EQ(
      hmac_sha1_b64("12345",
                    kUrl1 + "CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030"
                            "To+18005551212"),
      "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
}

TEST(TwilioSignature, DefaultPortVariants) {
  // Signed with the default port, checked against the URL without it, and the other way round.
  const std::string with443 = "https://example.com:443/twilio/status";
  EXPECT_TRUE(verify_twilio_signature("authtoken", kUrl2, kParams2,
                                      twilio_signature("authtoken", with443, kParams2)));
  EXPECT_TRUE(
      verify_twilio_signature("authtoken", with443, kParams2, "3AbG4tB+M67eMZPuWbtqNX//wD4="));
  const std::string http = "http://127.0.0.1/twilio/status?a=b";
  EXPECT_TRUE(verify_twilio_signature(
      "t", http, kParams2,
      twilio_signature("t", "http://127.0.0.1:80/twilio/status?a=b", kParams2)));
  // A non-default port: the URL with it and the URL without it are accepted, no other port.
  const std::string local = "http://127.0.0.1:8080/twilio/status";
  EXPECT_TRUE(
      verify_twilio_signature("t", local, kParams2, twilio_signature("t", local, kParams2)));
  EXPECT_TRUE(verify_twilio_signature(
      "t", local, kParams2, twilio_signature("t", "http://127.0.0.1/twilio/status", kParams2)));
  EXPECT_FALSE(verify_twilio_signature(
      "t", local, kParams2,
      twilio_signature("t", "http://127.0.0.1:8081/twilio/status", kParams2)));
  EXPECT_FALSE(verify_twilio_signature(
      "t", local, kParams2, twilio_signature("t", "http://127.0.0.1:80/twilio/status", kParams2)));
  // https with :80 is not a default-port variant.
  EXPECT_FALSE(verify_twilio_signature(
      "authtoken", kUrl2, kParams2,
      twilio_signature("authtoken", "https://example.com:80/twilio/status", kParams2)));
}

TEST(TwilioSignature, UrlVariants) {
  using V = std::vector<std::string>;
  EXPECT_EQ(detail::twilio_url_variants("https://example.com/a?b=c:d"),
            (V{"https://example.com/a?b=c:d", "https://example.com:443/a?b=c:d"}));
  EXPECT_EQ(detail::twilio_url_variants("https://example.com"),
            (V{"https://example.com", "https://example.com:443"}));
  EXPECT_EQ(detail::twilio_url_variants("http://u:p@example.com:8080/x"),
            (V{"http://u:p@example.com:8080/x", "http://u:p@example.com/x"}));
  EXPECT_EQ(detail::twilio_url_variants("http://u:p@example.com/x"),
            (V{"http://u:p@example.com/x", "http://u:p@example.com:80/x"}));
  EXPECT_EQ(detail::twilio_url_variants("http://[::1]:8080/x"),
            (V{"http://[::1]:8080/x", "http://[::1]/x"}));
  EXPECT_EQ(detail::twilio_url_variants("http://[::1]/x"),
            (V{"http://[::1]/x", "http://[::1]:80/x"}));
  EXPECT_EQ(detail::twilio_url_variants("ftp://example.com/x"), (V{"ftp://example.com/x"}));
  EXPECT_EQ(detail::twilio_url_variants("not a url"), (V{"not a url"}));
}

// ---------------------------------------------------------------------------------------------

TEST(TwilioSms, FormBodyIsUrlEncoded) {
  EXPECT_EQ(detail::form_urlencode(
                {{"To", "+14155550100"},
                 {"From", "+15005550006"},
                 {"Body", "Hi & bye=1 50% ü\nline"},
                 {"StatusCallback", "https://x.example/webhooks/twilio/status?a=b&c=d"}}),
            "To=%2B14155550100&From=%2B15005550006&Body=Hi+%26+bye%3D1+50%25+%C3%BC%0Aline"
            "&StatusCallback=https%3A%2F%2Fx.example%2Fwebhooks%2Ftwilio%2Fstatus%3Fa%3Db%26c%3Dd");
  EXPECT_EQ(detail::form_urlencode({}), "");
  EXPECT_EQ(detail::form_urlencode({{"A", ""}, {"b", "-._~"}}), "A=&b=-._~");
}

TEST(TwilioSms, MessagesUrl) {
  EXPECT_EQ(detail::twilio_messages_url("https://api.twilio.com", "AC123"),
            "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json");
  EXPECT_EQ(detail::twilio_messages_url("http://127.0.0.1:9999//", "AC/../x"),
            "http://127.0.0.1:9999/2010-04-01/Accounts/AC%2F..%2Fx/Messages.json");
}

TEST(TwilioSms, ClassifiesReplies) {
  using domain::SendOutcome;
  auto ok = detail::classify_twilio(
      0, "", 201,
      R"({"sid":"SM0123456789abcdef0123456789abcdef","status":"queued","to":"+14155550100"})");
  EXPECT_EQ(ok.outcome, SendOutcome::sent);
  EXPECT_EQ(ok.provider_id, "SM0123456789abcdef0123456789abcdef");

  auto bad_to = detail::classify_twilio(
      0, "", 400,
      R"({"code":21211,"message":"The 'To' number +1555 is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400})");
  EXPECT_EQ(bad_to.outcome, SendOutcome::permanent_failure);
  EXPECT_NE(bad_to.error.find("400"), std::string::npos) << bad_to.error;
  EXPECT_NE(bad_to.error.find("21211"), std::string::npos) << bad_to.error;
  EXPECT_NE(bad_to.error.find("is not a valid phone number"), std::string::npos) << bad_to.error;

  auto auth = detail::classify_twilio(0, "", 401,
                                      R"({"code":20003,"message":"Authenticate","status":401})");
  EXPECT_EQ(auth.outcome, SendOutcome::permanent_failure);
  EXPECT_NE(auth.error.find("20003"), std::string::npos);

  auto rate = detail::classify_twilio(
      0, "", 429, R"({"code":20429,"message":"Too Many Requests","status":429})");
  EXPECT_EQ(rate.outcome, SendOutcome::temporary_failure);
  EXPECT_NE(rate.error.find("20429"), std::string::npos);

  auto down = detail::classify_twilio(0, "", 503, "<html>Service\r\nUnavailable</html>");
  EXPECT_EQ(down.outcome, SendOutcome::temporary_failure);
  EXPECT_NE(down.error.find("503"), std::string::npos);
  EXPECT_EQ(down.error.find('\n'), std::string::npos);

  auto net = detail::classify_twilio(7, "Couldn't connect to server", 0, "");
  EXPECT_EQ(net.outcome, SendOutcome::temporary_failure);
  EXPECT_NE(net.error.find("Couldn't connect"), std::string::npos);

  // Accepted, then the transfer broke: not retried (it would send twice).
  EXPECT_EQ(detail::classify_twilio(28, "Timeout", 201, R"({"sid":"SM1")").outcome,
            SendOutcome::sent);
}

TEST(TwilioSms, UnreachableApiIsTemporary) {
  TwilioOptions o;
  o.api_base = "http://127.0.0.1:1";
  o.account_sid = "ACtest";
  o.auth_token = "token";
  o.from = "+15005550006";
  o.timeout = std::chrono::seconds(2);
  auto sender = make_twilio_sms(o);
  auto r = sender->send({"+14155550100", "hello", ""});
  EXPECT_EQ(r.outcome, domain::SendOutcome::temporary_failure);
  EXPECT_EQ(r.error.find("token"), std::string::npos) << r.error;
  o.auth_token.clear();
  EXPECT_EQ(make_twilio_sms(o)->send({"+14155550100", "hello", ""}).outcome,
            domain::SendOutcome::permanent_failure);
}

}  // namespace
}  // namespace plumbline::integrations
