// Unit tests of the staff's lead rules (domain/lead_admin.hpp).
#include "domain/lead_admin.hpp"

#include <gtest/gtest.h>

#include "domain/masking.hpp"

namespace plumbline::domain {
namespace {

TEST(LeadAdminRules, OnlyFraudAndSpamAreStaffCloseReasons) {
  EXPECT_TRUE(is_staff_close_reason("fraud"));
  EXPECT_TRUE(is_staff_close_reason("spam"));
  EXPECT_FALSE(is_staff_close_reason("hired"));
  EXPECT_FALSE(is_staff_close_reason(""));
}

TEST(LeadAdminRules, StaffTextIsOneTo500PlainCharacters) {
  EXPECT_FALSE(staff_text_problem("reason", "Fake phone number"));
  EXPECT_FALSE(staff_text_problem("reason", "line one\nline two"));
  EXPECT_FALSE(staff_text_problem("reason", std::string(500, 'x')));
  auto empty = staff_text_problem("reason", "   ");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->code, ErrorCode::invalid_input);
  ASSERT_EQ(empty->details.size(), 1u);
  EXPECT_EQ(empty->details[0].field, "reason");
  EXPECT_TRUE(staff_text_problem("body", std::string(501, 'x')));
  EXPECT_TRUE(staff_text_problem("reason", std::string("bell\x07")));
}

TEST(LeadAdminRules, ReopenTakesClosedOrExpiredBackToOpenOrFull) {
  EXPECT_TRUE(lead_can_reopen(LeadStatus::closed));
  EXPECT_TRUE(lead_can_reopen(LeadStatus::expired));
  EXPECT_FALSE(lead_can_reopen(LeadStatus::open));
  EXPECT_FALSE(lead_can_reopen(LeadStatus::full));
  EXPECT_EQ(reopened_status(0, 3), LeadStatus::open);
  EXPECT_EQ(reopened_status(2, 3), LeadStatus::open);
  EXPECT_EQ(reopened_status(3, 3), LeadStatus::full);
}

TEST(LeadAdminRules, MasksKeepOnlyWhatSupportNeedsToRecogniseAContact) {
  EXPECT_EQ(mask_email("jane.doe@example.com"), "j•••@example.com");
  EXPECT_EQ(mask_email("nonsense"), "•••");
  EXPECT_EQ(mask_phone("+15551234567"), "•••-•••-4567");
  EXPECT_EQ(mask_phone("+1"), "•••");
}

}  // namespace
}  // namespace plumbline::domain
