#include "common/measures/measure_period.h"

#include "gtest/gtest.h"

namespace scorecard {
namespace {

namespace cv1 = ::scorecard::common::v1;

DateRange Period(cv1::Basis basis, Month m) {
  absl::StatusOr<DateRange> p = PeriodFor(basis, m);
  EXPECT_TRUE(p.ok()) << p.status();
  return p.value_or(DateRange{});
}

TEST(PeriodForTest, EachBasisByHand) {
  EXPECT_EQ(Period(cv1::BASIS_MONTH, Month(2016, 2)), (DateRange{Date(2016, 2, 1), Date(2016, 2, 29)}));
  EXPECT_EQ(Period(cv1::BASIS_YTD, Month(2017, 1)), (DateRange{Date(2016, 4, 1), Date(2017, 1, 31)}));
  EXPECT_EQ(Period(cv1::BASIS_YTD, Month(2017, 4)), (DateRange{Date(2017, 4, 1), Date(2017, 4, 30)}));
  // Quarter to date: August is in Jul-Sep, so 1 July to 31 August.
  EXPECT_EQ(Period(cv1::BASIS_QUARTER, Month(2016, 8)), (DateRange{Date(2016, 7, 1), Date(2016, 8, 31)}));
  EXPECT_EQ(Period(cv1::BASIS_QUARTER, Month(2017, 3)), (DateRange{Date(2017, 1, 1), Date(2017, 3, 31)}));
  EXPECT_EQ(Period(cv1::BASIS_SNAPSHOT, Month(2016, 6)), (DateRange{Date(2016, 6, 30), Date(2016, 6, 30)}));
  EXPECT_EQ(Period(cv1::BASIS_ROLLING_12_MONTHS, Month(2016, 5)),
            (DateRange{Date(2015, 6, 1), Date(2016, 5, 31)}));
  EXPECT_EQ(Period(cv1::BASIS_ROLLING_3_YEARS, Month(2017, 1)),
            (DateRange{Date(2014, 2, 1), Date(2017, 1, 31)}));
}

TEST(PeriodForTest, UnspecifiedBasisIsAnError) {
  EXPECT_EQ(PeriodFor(cv1::BASIS_UNSPECIFIED, Month(2016, 5)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace scorecard
