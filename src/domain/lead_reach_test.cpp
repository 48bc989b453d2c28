// Unit tests for what the homeowner is told: the intake summary and the tracking status line for
// every count, close and expiry.
#include "domain/lead_reach.hpp"

#include <gtest/gtest.h>

#include "domain/lead.hpp"

namespace plumbline::domain {
namespace {

LeadReach reach(LeadStatus status, int matched, int claimed) {
  LeadReach r;
  r.status = status;
  r.zip = "10001";
  r.matched = matched;
  r.claimed = claimed;
  r.max_claims = 3;
  r.expiry_hours = 48;
  return r;
}

TEST(LeadReach, IntakeWithoutCoveragePromisesLateMatchingForTheExpiryHours) {
  auto s = intake_summary(reach(LeadStatus::open, 0, 0));
  EXPECT_NE(s.find("No plumber on Plumbline covers ZIP 10001"), std::string::npos) << s;
  EXPECT_NE(s.find("nobody has been sent your request"), std::string::npos) << s;
  // Late matching sends it to a plumber who starts covering the ZIP, and tells the homeowner.
  EXPECT_NE(s.find("We keep the request open for 48 hours and send it to any plumber who starts "
                   "covering ZIP 10001 in that time, and we tell you by e-mail when one does. "
                   "After that it closes by itself."),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("not sent it"), std::string::npos) << s;
  EXPECT_EQ(intake_summary_short(reach(LeadStatus::open, 0, 0)),
            "no plumber covers your area yet; we'll text if one joins.");
}

TEST(LeadReach, LateMatchNoticeNamesTheZip) {
  EXPECT_EQ(late_match_notice("10001"),
            "A plumber who covers 10001 has joined and was sent your request.");
  EXPECT_EQ(late_match_notice_short("10001"),
            "a plumber for 10001 joined and was sent your request.");
}

TEST(LeadReach, NoCoverageNoticeNamesTheZipAndTheWorkOnly) {
  EXPECT_EQ(no_coverage_notice("10001", "Leak repair"),
            "No plumber covers 10001 for Leak repair yet.");
  EXPECT_EQ(no_coverage_notice("10001", ""), "No plumber covers 10001 yet.");
}

TEST(LeadReach, IntakeCountsThePlumbersSentTheRequest) {
  EXPECT_EQ(intake_summary(reach(LeadStatus::open, 1, 0)),
            "We sent your request to 1 plumber who covers ZIP 10001. If they take it on, they get "
            "your contact details and will contact you the way you asked.");
  auto two = intake_summary(reach(LeadStatus::open, 2, 0));
  EXPECT_NE(two.find("We sent your request to 2 plumbers who cover ZIP 10001. Any of them"),
            std::string::npos)
      << two;
  auto five = intake_summary(reach(LeadStatus::open, 5, 0));
  EXPECT_NE(five.find("to 5 plumbers who cover ZIP 10001. Up to 3 of them can take it on"),
            std::string::npos)
      << five;
  EXPECT_EQ(intake_summary_short(reach(LeadStatus::open, 2, 0)), "sent to 2 local plumbers.");
  EXPECT_EQ(intake_summary_short(reach(LeadStatus::open, 1, 0)), "sent to 1 local plumber.");
}

TEST(LeadReach, DuplicateIsNotSentAgain) {
  auto r = reach(LeadStatus::open, 0, 0);
  r.duplicate = true;
  EXPECT_EQ(intake_summary(r), "");
  EXPECT_EQ(intake_summary_short(r), "we already have this request.");
  EXPECT_NE(tracking_status_line(r).find("was not sent to plumbers again"), std::string::npos);
}

TEST(LeadReach, OpenLineChangesWithEachClaim) {
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::open, 0, 0)),
            "Open: no plumber covers this area yet, so nobody has been sent your request. We keep "
            "the request open for 48 hours and send it to any plumber who starts covering ZIP "
            "10001 in that time, and we tell you by e-mail when one does. After that it closes by "
            "itself.");
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::open, 4, 0)),
            "Open: sent to 4 plumbers; none of the 4 plumbers it was sent to has taken it on yet.");
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::open, 4, 1)),
            "Open: sent to 4 plumbers; 1 of the 4 plumbers it was sent to has taken it on.");
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::open, 4, 2)),
            "Open: sent to 4 plumbers; 2 of the 4 plumbers it was sent to have taken it on.");
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::open, 1, 0)),
            "Open: sent to 1 plumber; the plumber it was sent to has not taken it on yet.");
}

TEST(LeadReach, FullSaysNoOneElseCan) {
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::full, 4, 3)),
            "Full: 3 of the 4 plumbers it was sent to have taken it on, the most we allow; no one "
            "else can.");
}

TEST(LeadReach, ClosedLinesSayWhyAndWhoTookIt) {
  auto hired = reach(LeadStatus::closed, 3, 1);
  hired.closed_reason = "hired";
  EXPECT_EQ(tracking_status_line(hired),
            "Closed: you told us you hired a plumber. 1 of the 3 plumbers it was sent to took it "
            "on.");
  auto cancelled = reach(LeadStatus::closed, 0, 0);
  cancelled.closed_reason = "cancelled";
  EXPECT_EQ(tracking_status_line(cancelled),
            "Closed: you cancelled it. No plumber covered this area.");
  auto never = reach(LeadStatus::closed, 3, 0);
  never.closed_reason = "never_requested";
  EXPECT_EQ(tracking_status_line(never), "Closed: you told us you never made this request.");
  auto removed = reach(LeadStatus::closed, 3, 0);
  removed.closed_reason = "removed";
  EXPECT_EQ(tracking_status_line(removed), "Closed by Plumbline.");
}

TEST(LeadReach, ExpiredLinesSayWhatHappenedInTime) {
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::expired, 0, 0)),
            "Expired: no plumber covered this area in the 48 hours it was open.");
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::expired, 2, 0)),
            "Expired after 48 hours: none of the 2 plumbers it was sent to took it on.");
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::expired, 2, 1)),
            "Expired after 48 hours: 1 of the 2 plumbers it was sent to took it on.");
  EXPECT_EQ(tracking_status_line(reach(LeadStatus::expired, 1, 1)),
            "Expired after 48 hours: the plumber it was sent to took it on.");
}

}  // namespace
}  // namespace plumbline::domain
