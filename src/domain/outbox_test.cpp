// Unit tests for the outbox rules: retry schedule, failure classes, SMS keywords, delivery status
// order.
#include "domain/outbox.hpp"

#include <gtest/gtest.h>

#include "domain/masking.hpp"

namespace plumbline::domain {
namespace {

TEST(Outbox, RetryDelayDoublesWithJitterAndCap) {
  EXPECT_EQ(retry_delay_ms(1, 0.5), 30'000);
  EXPECT_EQ(retry_delay_ms(2, 0.5), 60'000);
  EXPECT_EQ(retry_delay_ms(3, 0.5), 120'000);
  EXPECT_EQ(retry_delay_ms(1, 0.0), 24'000);  // -20 %
  EXPECT_EQ(retry_delay_ms(1, 1.0), 36'000);  // +20 %
  EXPECT_EQ(retry_delay_ms(20, 0.5), 3'600'000);
  EXPECT_EQ(retry_delay_ms(1000, 0.5), 3'600'000);
}

TEST(Outbox, PermanentFailures) {
  EXPECT_TRUE(smtp_reply_is_permanent(550));
  EXPECT_TRUE(smtp_reply_is_permanent(554));
  EXPECT_FALSE(smtp_reply_is_permanent(421));
  EXPECT_FALSE(smtp_reply_is_permanent(451));
  EXPECT_FALSE(smtp_reply_is_permanent(0));    // no reply: connection failure
  EXPECT_FALSE(smtp_reply_is_permanent(535));  // bad credentials: fix the config, keep the mail
  EXPECT_TRUE(twilio_status_is_permanent(400));
  EXPECT_TRUE(twilio_status_is_permanent(401));
  EXPECT_TRUE(twilio_status_is_permanent(404));
  EXPECT_FALSE(twilio_status_is_permanent(429));
  EXPECT_FALSE(twilio_status_is_permanent(500));
  EXPECT_FALSE(twilio_status_is_permanent(503));
  EXPECT_FALSE(twilio_status_is_permanent(0));
}

TEST(Outbox, RecipientLimitKeyIsOneKeyPerMailbox) {
  const std::string ada = "email:ada@example.com";
  for (const char* a : {"ada@example.com", "Ada@Example.COM", " ada@example.com ",
                        "ada+1@example.com", "ADA+promo+x@example.com"})
    EXPECT_EQ(recipient_limit_key(channel_email, a), ada) << a;
  EXPECT_NE(recipient_limit_key(channel_email, "a.da@example.com"), ada);  // dots matter elsewhere
  EXPECT_NE(recipient_limit_key(channel_email, "bob@example.com"), ada);
  EXPECT_EQ(recipient_limit_key(channel_email, "+tag@example.com"), "email:+tag@example.com");
  for (const char* g :
       {"john.doe@gmail.com", "J.O.H.N.D.O.E+x@GoogleMail.com", "johndoe@gmail.com"})
    EXPECT_EQ(recipient_limit_key(channel_email, g), "email:johndoe@gmail.com") << g;
  EXPECT_EQ(recipient_limit_key(channel_sms, "+14155550134"), "sms:+14155550134");
  EXPECT_NE(recipient_limit_key(channel_sms, "+14155550134"),
            recipient_limit_key(channel_email, "+14155550134"));
}

TEST(Outbox, RecipientWithinLimit) {
  EXPECT_TRUE(recipient_within_limit(0, 3));
  EXPECT_TRUE(recipient_within_limit(2, 3));
  EXPECT_FALSE(recipient_within_limit(3, 3));
  EXPECT_FALSE(recipient_within_limit(40, 3));
  EXPECT_TRUE(recipient_within_limit(0, 0));  // a limit below 1 still lets the first through
  EXPECT_FALSE(recipient_within_limit(1, 0));
}

TEST(Outbox, SmsKeywords) {
  for (const char* s :
       {"STOP", "stop", " Stop. ", "STOPALL", "unsubscribe", "Cancel", "END", "quit!"})
    EXPECT_EQ(parse_sms_keyword(s), SmsKeyword::opt_out) << s;
  for (const char* s : {"START", "unstop", "Start "})
    EXPECT_EQ(parse_sms_keyword(s), SmsKeyword::opt_in) << s;
  EXPECT_EQ(parse_sms_keyword("help"), SmsKeyword::help);
  for (const char* s : {"", "please stop calling", "stopp", "STOP 2", "thanks", "ÉND"})
    EXPECT_EQ(parse_sms_keyword(s), SmsKeyword::none) << s;
}

TEST(Outbox, DeliveryStatusNeverDowngradesFinalStates) {
  EXPECT_TRUE(delivery_status_may_replace("", "queued"));
  EXPECT_TRUE(delivery_status_may_replace("queued", "sent"));
  EXPECT_TRUE(delivery_status_may_replace("sent", "delivered"));
  EXPECT_FALSE(delivery_status_may_replace("delivered", "sent"));
  EXPECT_FALSE(delivery_status_may_replace("failed", "delivered"));
  EXPECT_FALSE(delivery_status_may_replace("sent", "queued"));
  EXPECT_TRUE(delivery_status_may_replace("sent", "undelivered"));
}

TEST(Outbox, MaskRecipientHidesAllButTheEnds) {
  EXPECT_EQ(mask_recipient("jane@example.com"), "j\u2022\u2022\u2022@example.com");
  EXPECT_EQ(mask_recipient("+15551231234"),
            "+1\u2022\u2022\u2022\u2022\u2022\u20221234");  // one dot a digit
  EXPECT_EQ(mask_recipient(""), "");
  EXPECT_EQ(mask_recipient("+1555"), "\u2022\u2022\u2022");
  EXPECT_EQ(mask_recipient("@x.com"), "\u2022\u2022\u2022@x.com");
}

TEST(Outbox, StaffMayRetryDeadOrPendingAndCancelPendingOnly) {
  EXPECT_EQ(retry_refusal(MessageStatus::dead), "");
  EXPECT_EQ(retry_refusal(MessageStatus::pending), "");
  EXPECT_NE(retry_refusal(MessageStatus::sent), "");
  EXPECT_NE(retry_refusal(MessageStatus::sending), "");
  EXPECT_EQ(cancel_refusal(MessageStatus::pending), "");
  EXPECT_NE(cancel_refusal(MessageStatus::dead), "");
  EXPECT_NE(cancel_refusal(MessageStatus::sent), "");
  EXPECT_NE(cancel_refusal(MessageStatus::sending), "");
}

TEST(Outbox, MessageIdIsTheSameOnEveryAttemptAndDiffersBetweenMessages) {
  auto a = outbox_message_id(42, 1'700'000'000'000, "notify@Plumbline.example.com");
  EXPECT_EQ(a, "<outbox.42.1700000000000@plumbline.example.com>");
  EXPECT_EQ(a, outbox_message_id(42, 1'700'000'000'000, "notify@Plumbline.example.com"));
  EXPECT_NE(a, outbox_message_id(43, 1'700'000'000'000, "notify@Plumbline.example.com"));
  EXPECT_EQ(outbox_message_id(1, 2, "no-domain"), "<outbox.1.2@plumbline.localhost>");
}

}  // namespace
}  // namespace plumbline::domain
