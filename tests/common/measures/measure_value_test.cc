#include "common/measures/measure_value.h"

#include "gtest/gtest.h"

namespace scorecard {
namespace {

namespace cv1 = ::scorecard::common::v1;

TEST(ValueOfTest, EachUnit) {
  EXPECT_EQ(ValueOf(cv1::UNIT_COUNT, Count(118)), 118);
  EXPECT_DOUBLE_EQ(*ValueOf(cv1::UNIT_PERCENT, Fraction{27, 28}), 2700.0 / 28);
  // 1,416 referrals in 12 months over 35,570 children: 398.1 per 10,000.
  EXPECT_NEAR(*ValueOf(cv1::UNIT_RATE_PER_10000, Fraction{1416, 35570}), 398.09, 0.01);
  EXPECT_DOUBLE_EQ(*ValueOf(cv1::UNIT_DAYS, Fraction{1026, 2}), 513);
  EXPECT_DOUBLE_EQ(*ValueOf(cv1::UNIT_WEEKS, Fraction{75, 3}), 25);
  EXPECT_DOUBLE_EQ(*ValueOf(cv1::UNIT_WORKING_DAYS, Fraction{275.5, 1}), 275.5);
  // 50 open cases over 3 FTE case holders: 16.67 cases each.
  EXPECT_DOUBLE_EQ(*ValueOf(cv1::UNIT_RATIO, Fraction{50, 3}), 50.0 / 3);
}

TEST(ValueOfTest, RatiosOverNothingAreUndefinedNotZero) {
  EXPECT_FALSE(ValueOf(cv1::UNIT_PERCENT, Fraction{0, 0}).has_value());
  EXPECT_FALSE(ValueOf(cv1::UNIT_RATE_PER_10000, Fraction{5, 0}).has_value());
  EXPECT_FALSE(ValueOf(cv1::UNIT_DAYS, Fraction{0, 0}).has_value());
  EXPECT_EQ(ValueOf(cv1::UNIT_COUNT, Count(0)), 0);  // a count of nothing is zero
}

}  // namespace
}  // namespace scorecard
