#include "common/time/civil_date.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// Every expectation below is a hand-worked constant, never a value computed by the code
// under test.

TEST(ParseIsoDateTest, AcceptsRealDates) {
  EXPECT_EQ(ParseIsoDate("2017-04-10").value(), Date(2017, 4, 10));
  EXPECT_EQ(ParseIsoDate("2016-02-29").value(), Date(2016, 2, 29));  // leap year
  EXPECT_EQ(ParseIsoDate("2000-02-29").value(), Date(2000, 2, 29));  // divisible by 400
  EXPECT_EQ(ParseIsoDate("2017-12-31").value(), Date(2017, 12, 31));
  EXPECT_EQ(ParseIsoDate("2017-01-01").value(), Date(2017, 1, 1));
}

TEST(ParseIsoDateTest, RejectsImpossibleDates) {
  for (const char* text : {"2017-02-29", "1900-02-29", "2017-04-31", "2017-00-10",
                           "2017-13-01", "2017-04-00", "2017-01-32"}) {
    SCOPED_TRACE(text);
    const absl::StatusOr<Date> parsed = ParseIsoDate(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(),
                AllOf(HasSubstr(std::string("\"") + text + "\""), HasSubstr("YYYY-MM-DD")));
  }
}

TEST(ParseIsoDateTest, RejectsAnythingButExactlyYyyyMmDd) {
  for (const char* text :
       {"2017-4-1", "2017-04-1", "17-04-10", "2017-04-10x", "2017-04-10 ", " 2017-04-10",
        "2017-04-10T00:00", "2017/04/10", "10/04/2017", "20170410", "", "+017-04-10",
        "2017-0a-10", "2017--4-10"}) {
    SCOPED_TRACE(text);
    const absl::StatusOr<Date> parsed = ParseIsoDate(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(),
                AllOf(HasSubstr(std::string("\"") + text + "\""), HasSubstr("YYYY-MM-DD")));
  }
}

TEST(ParseIsoDateTest, EscapesAndShortensJunkInTheMessage) {
  const absl::StatusOr<Date> parsed = ParseIsoDate(std::string("2017\n04\0" "10", 10));
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("\"2017\\n04\\x00"));

  const absl::StatusOr<Date> long_input = ParseIsoDate(std::string(500, '7'));
  ASSERT_FALSE(long_input.ok());
  EXPECT_LT(long_input.status().message().size(), 200u);
}

TEST(ParseUkDateTest, AcceptsDdMmYyyy) {
  EXPECT_EQ(ParseUkDate("10/04/2017").value(), Date(2017, 4, 10));
  EXPECT_EQ(ParseUkDate("29/02/2016").value(), Date(2016, 2, 29));
  EXPECT_EQ(ParseUkDate("01/12/2016").value(), Date(2016, 12, 1));  // not 12 January
}

TEST(ParseUkDateTest, RejectsImpossibleAndMalformedDates) {
  for (const char* text : {"31/04/2017", "29/02/2017", "00/01/2017", "01/13/2017",
                           "1/4/2017", "10/4/2017", "10/04/17", "2017-04-10", "10-04-2017",
                           "10/04/2017x", "10/04/2017 ", ""}) {
    SCOPED_TRACE(text);
    const absl::StatusOr<Date> parsed = ParseUkDate(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(),
                AllOf(HasSubstr(std::string("\"") + text + "\""), HasSubstr("DD/MM/YYYY")));
  }
}

TEST(ParseMonthTest, AcceptsYyyyMm) {
  EXPECT_EQ(ParseMonth("2016-05").value(), Month(2016, 5));
  EXPECT_EQ(ParseMonth("2017-12").value(), Month(2017, 12));
}

TEST(ParseMonthTest, RejectsBadMonths) {
  for (const char* text : {"2016-13", "2016-00", "2016-5", "2016-05-01", "2016/05", "201605",
                           "2016-05 ", ""}) {
    SCOPED_TRACE(text);
    const absl::StatusOr<Month> parsed = ParseMonth(text);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(),
                AllOf(HasSubstr(std::string("\"") + text + "\""), HasSubstr("YYYY-MM")));
  }
}

TEST(IsValidDateTest, KnowsMonthLengthsAndLeapYears) {
  EXPECT_TRUE(IsValidDate(2016, 2, 29));
  EXPECT_FALSE(IsValidDate(2017, 2, 29));
  EXPECT_TRUE(IsValidDate(2000, 2, 29));
  EXPECT_FALSE(IsValidDate(1900, 2, 29));
  EXPECT_TRUE(IsValidDate(2017, 2, 28));
  EXPECT_FALSE(IsValidDate(2017, 4, 31));
  EXPECT_TRUE(IsValidDate(2017, 4, 30));
  EXPECT_TRUE(IsValidDate(2017, 12, 31));
  EXPECT_FALSE(IsValidDate(2017, 13, 1));
  EXPECT_FALSE(IsValidDate(2017, 0, 1));
  EXPECT_FALSE(IsValidDate(2017, 1, 0));
  EXPECT_FALSE(IsValidDate(2017, 1, -1));
}

TEST(FormatTest, ZeroPads) {
  EXPECT_EQ(FormatIsoDate(Date(2017, 4, 10)), "2017-04-10");
  EXPECT_EQ(FormatIsoDate(Date(987, 1, 2)), "0987-01-02");
  EXPECT_EQ(FormatMonth(Month(2016, 5)), "2016-05");
  EXPECT_EQ(FormatMonth(Month(2016, 11)), "2016-11");
}

TEST(FormatTest, RoundTripsThroughParse) {
  for (Date d(2015, 12, 25); d <= Date(2017, 3, 5); ++d) {
    EXPECT_EQ(ParseIsoDate(FormatIsoDate(d)).value(), d);
  }
}

TEST(MonthTest, FirstAndLastDays) {
  EXPECT_EQ(FirstDayOf(Month(2016, 2)), Date(2016, 2, 1));
  EXPECT_EQ(LastDayOf(Month(2016, 2)), Date(2016, 2, 29));
  EXPECT_EQ(LastDayOf(Month(2017, 2)), Date(2017, 2, 28));
  EXPECT_EQ(LastDayOf(Month(2017, 4)), Date(2017, 4, 30));
  EXPECT_EQ(LastDayOf(Month(2017, 12)), Date(2017, 12, 31));
  EXPECT_EQ(MonthRange(Month(2016, 5)), (DateRange{Date(2016, 5, 1), Date(2016, 5, 31)}));
}

TEST(MonthTest, DaysInMonthFollowsTheGregorianLeapYears) {
  EXPECT_EQ(DaysInMonth(Month(2016, 2)), 29);  // divisible by 4
  EXPECT_EQ(DaysInMonth(Month(2017, 2)), 28);
  EXPECT_EQ(DaysInMonth(Month(1900, 2)), 28);  // a century not divisible by 400
  EXPECT_EQ(DaysInMonth(Month(2000, 2)), 29);  // divisible by 400
  EXPECT_EQ(DaysInMonth(Month(2017, 4)), 30);
  EXPECT_EQ(DaysInMonth(Month(2017, 3)), 31);
  // Against Abseil's own calendar, every month of four centuries.
  for (Month m(1900, 1); m < Month(2300, 1); ++m) {
    ASSERT_EQ(DaysInMonth(m), (Date(m + 1) - Date(m))) << FormatMonth(m);
  }
}

TEST(DateRangeTest, ContainsIsInclusive) {
  const DateRange range{Date(2016, 4, 1), Date(2016, 5, 31)};
  EXPECT_FALSE(range.Contains(Date(2016, 3, 31)));
  EXPECT_TRUE(range.Contains(Date(2016, 4, 1)));
  EXPECT_TRUE(range.Contains(Date(2016, 5, 31)));
  EXPECT_FALSE(range.Contains(Date(2016, 6, 1)));
}

TEST(AddCalendarMonthsTest, KeepsTheDayOfMonth) {
  EXPECT_EQ(AddCalendarMonths(Date(2017, 4, 10), 3), Date(2017, 7, 10));
  EXPECT_EQ(AddCalendarMonths(Date(2016, 12, 31), 12), Date(2017, 12, 31));
  EXPECT_EQ(AddCalendarMonths(Date(2016, 11, 15), 2), Date(2017, 1, 15));  // across a year
  EXPECT_EQ(AddCalendarMonths(Date(2016, 11, 15), 0), Date(2016, 11, 15));
}

TEST(AddCalendarMonthsTest, ClampsToTheEndOfShortMonths) {
  EXPECT_EQ(AddCalendarMonths(Date(2016, 1, 31), 1), Date(2016, 2, 29));
  EXPECT_EQ(AddCalendarMonths(Date(2017, 1, 31), 1), Date(2017, 2, 28));
  EXPECT_EQ(AddCalendarMonths(Date(2015, 11, 30), 3), Date(2016, 2, 29));
  EXPECT_EQ(AddCalendarMonths(Date(2016, 11, 30), 3), Date(2017, 2, 28));
  EXPECT_EQ(AddCalendarMonths(Date(2017, 3, 31), 1), Date(2017, 4, 30));
  EXPECT_EQ(AddCalendarMonths(Date(2016, 2, 29), 12), Date(2017, 2, 28));
}

TEST(AddCalendarMonthsTest, GoesBackwards) {
  EXPECT_EQ(AddCalendarMonths(Date(2017, 1, 15), -1), Date(2016, 12, 15));
  EXPECT_EQ(AddCalendarMonths(Date(2017, 3, 31), -1), Date(2017, 2, 28));
  EXPECT_EQ(AddCalendarMonths(Date(2016, 5, 31), -3), Date(2016, 2, 29));
  EXPECT_EQ(AddCalendarMonths(Date(2017, 7, 10), -3), Date(2017, 4, 10));
  EXPECT_EQ(AddCalendarMonths(Date(2018, 2, 28), -24), Date(2016, 2, 28));
}

TEST(FinancialYearTest, StartsOnFirstApril) {
  EXPECT_EQ(FinancialYearOf(Date(2017, 3, 31)), 2016);
  EXPECT_EQ(FinancialYearOf(Date(2017, 4, 1)), 2017);
  EXPECT_EQ(FinancialYearOf(Date(2017, 1, 1)), 2016);
  EXPECT_EQ(FinancialYearOf(Date(2016, 12, 31)), 2016);
  EXPECT_EQ(FinancialYearOf(Month(2017, 3)), 2016);
  EXPECT_EQ(FinancialYearOf(Month(2017, 4)), 2017);
  EXPECT_EQ(FinancialYear(2016), (DateRange{Date(2016, 4, 1), Date(2017, 3, 31)}));
}

TEST(FinancialYearToDateTest, RunsFromFirstAprilToTheEndOfTheMonth) {
  EXPECT_EQ(FinancialYearToDate(Month(2017, 1)),
            (DateRange{Date(2016, 4, 1), Date(2017, 1, 31)}));
  EXPECT_EQ(FinancialYearToDate(Month(2016, 5)),
            (DateRange{Date(2016, 4, 1), Date(2016, 5, 31)}));
  EXPECT_EQ(FinancialYearToDate(Month(2016, 4)),
            (DateRange{Date(2016, 4, 1), Date(2016, 4, 30)}));
  EXPECT_EQ(FinancialYearToDate(Month(2017, 3)),
            (DateRange{Date(2016, 4, 1), Date(2017, 3, 31)}));
}

TEST(FinancialQuarterTest, CoversTheWholeQuarter) {
  EXPECT_EQ(FinancialQuarter(Month(2016, 6)), (DateRange{Date(2016, 4, 1), Date(2016, 6, 30)}));
  EXPECT_EQ(FinancialQuarter(Month(2016, 4)), (DateRange{Date(2016, 4, 1), Date(2016, 6, 30)}));
  EXPECT_EQ(FinancialQuarter(Month(2016, 8)), (DateRange{Date(2016, 7, 1), Date(2016, 9, 30)}));
  EXPECT_EQ(FinancialQuarter(Month(2016, 10)),
            (DateRange{Date(2016, 10, 1), Date(2016, 12, 31)}));
  EXPECT_EQ(FinancialQuarter(Month(2017, 2)), (DateRange{Date(2017, 1, 1), Date(2017, 3, 31)}));
  EXPECT_EQ(FinancialQuarter(Month(2016, 1)), (DateRange{Date(2016, 1, 1), Date(2016, 3, 31)}));
}

TEST(FinancialQuarterTest, NumbersAprilToJuneAsOne) {
  const int expected_by_calendar_month[12] = {4, 4, 4, 1, 1, 1, 2, 2, 2, 3, 3, 3};
  for (int month = 1; month <= 12; ++month) {
    SCOPED_TRACE(month);
    EXPECT_EQ(FinancialQuarterNumber(Month(2016, month)), expected_by_calendar_month[month - 1]);
  }
}

TEST(TrailingMonthsTest, EndsWithTheGivenMonth) {
  EXPECT_EQ(TrailingMonths(Month(2016, 5), 12),
            (DateRange{Date(2015, 6, 1), Date(2016, 5, 31)}));
  EXPECT_EQ(TrailingMonths(Month(2016, 5), 1), (DateRange{Date(2016, 5, 1), Date(2016, 5, 31)}));
  EXPECT_EQ(TrailingMonths(Month(2017, 3), 3), (DateRange{Date(2017, 1, 1), Date(2017, 3, 31)}));
  EXPECT_EQ(TrailingMonths(Month(2017, 3), 36),
            (DateRange{Date(2014, 4, 1), Date(2017, 3, 31)}));
}

TEST(TrailingMonthsTest, NoMonthsContainsNothing) {
  const DateRange none = TrailingMonths(Month(2016, 5), 0);
  EXPECT_FALSE(none.Contains(Date(2016, 5, 1)));
  EXPECT_FALSE(none.Contains(Date(2016, 5, 31)));
  EXPECT_FALSE(none.Contains(Date(2016, 6, 1)));
}

TEST(AgeInYearsTest, TurnsOverOnTheBirthday) {
  EXPECT_EQ(AgeInYears(Date(2000, 6, 15), Date(2010, 6, 14)), 9);
  EXPECT_EQ(AgeInYears(Date(2000, 6, 15), Date(2010, 6, 15)), 10);
  EXPECT_EQ(AgeInYears(Date(2000, 6, 15), Date(2000, 6, 15)), 0);
  EXPECT_EQ(AgeInYears(Date(2000, 12, 31), Date(2001, 1, 1)), 0);
  EXPECT_EQ(AgeInYears(Date(2000, 12, 31), Date(2001, 12, 31)), 1);
  EXPECT_EQ(AgeInYears(Date(2000, 1, 1), Date(2017, 12, 31)), 17);
  EXPECT_EQ(AgeInYears(Date(2000, 1, 1), Date(2018, 1, 1)), 18);
}

TEST(AgeInYearsTest, LeapDayBirthdaysTurnOverOnFirstMarchInOtherYears) {
  const Date leapling(2008, 2, 29);
  EXPECT_EQ(AgeInYears(leapling, Date(2009, 2, 28)), 0);
  EXPECT_EQ(AgeInYears(leapling, Date(2009, 3, 1)), 1);
  EXPECT_EQ(AgeInYears(leapling, Date(2012, 2, 28)), 3);
  EXPECT_EQ(AgeInYears(leapling, Date(2012, 2, 29)), 4);
  EXPECT_EQ(AgeInYears(leapling, Date(2026, 2, 28)), 17);
  EXPECT_EQ(AgeInYears(leapling, Date(2026, 3, 1)), 18);
}

}  // namespace
}  // namespace scorecard
