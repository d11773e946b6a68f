#include "common/time/authority_calendars.h"

#include "gtest/gtest.h"

namespace scorecard {
namespace {

TEST(AuthorityCalendarsTest, ClosureDaysApplyToTheirAuthorityOnly) {
  // West Berkshire closes 28-30 Dec 2016 (Wed-Fri). Mon 19/12/2016 + 10 working days:
  // bank holidays only: 20-23 Dec (4), 28-30 Dec (7; 26 and 27 are bank holidays),
  // 3-5 Jan (10; 2 Jan substitute) → Thu 05/01/2017.
  // With the closure: 20-23 Dec (4), 3-8... 3, 4, 5, 6 Jan (8), 9, 10 Jan (10) → Tue 10/01.
  absl::StatusOr<AuthorityCalendars> calendars = AuthorityCalendars::FromCsv(
      "authority,date\n869,2016-12-28\n869,2016-12-29\n# comment\n\n869,2016-12-30\n",
      "closures.csv");
  ASSERT_TRUE(calendars.ok()) << calendars.status();
  EXPECT_EQ(calendars->For("869").AddWorkingDays(Date(2016, 12, 19), 10), Date(2017, 1, 10));
  EXPECT_EQ(calendars->For("870").AddWorkingDays(Date(2016, 12, 19), 10), Date(2017, 1, 5));
  EXPECT_FALSE(calendars->For("869").IsWorkingDay(Date(2016, 12, 29)));
  EXPECT_TRUE(calendars->For("870").IsWorkingDay(Date(2016, 12, 29)));
}

TEST(AuthorityCalendarsTest, DefaultIsEnglandAndWalesBankHolidays) {
  AuthorityCalendars calendars;
  EXPECT_FALSE(calendars.For("869").IsWorkingDay(Date(2023, 5, 8)));  // the Coronation
  EXPECT_TRUE(calendars.For("869").IsWorkingDay(Date(2023, 5, 9)));
}

TEST(AuthorityCalendarsTest, BadLinesAreReportedWithFileAndLine) {
  auto no_header = AuthorityCalendars::FromCsv("869,2016-12-28\n", "c.csv");
  EXPECT_EQ(no_header.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_header.status().message().find("c.csv:1: expected the header"),
            absl::string_view::npos);
  auto bad_date = AuthorityCalendars::FromCsv("authority,date\n869,2016-02-30\n", "c.csv");
  EXPECT_NE(bad_date.status().message().find("c.csv:2: date:"), absl::string_view::npos)
      << bad_date.status();
  auto bad_authority = AuthorityCalendars::FromCsv("authority,date\nWBC,2016-12-28\n", "c.csv");
  EXPECT_NE(bad_authority.status().message().find("c.csv:2: authority"), absl::string_view::npos);
  EXPECT_EQ(AuthorityCalendars::FromFile("/nonexistent/closures.csv").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace scorecard
