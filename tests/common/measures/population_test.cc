#include "common/measures/population.h"

#include "gtest/gtest.h"

namespace scorecard {
namespace {

TEST(PopulationTableTest, MonthsUseTheirFinancialYearsMidYearEstimate) {
  PopulationTable table;
  table.Add(2016, 35570);
  table.Add(2017, 35800);
  // March 2017 is in 2016-17: mid-2016. April 2017 opens 2017-18: mid-2017.
  EXPECT_EQ(table.ForMonth(Month(2017, 3)), 35570);
  EXPECT_EQ(table.ForMonth(Month(2017, 4)), 35800);
  EXPECT_EQ(table.ForMonth(Month(2016, 4)), 35570);
}

TEST(PopulationTableTest, FallsBackToTheLatestEarlierEstimateButNeverALaterOne) {
  PopulationTable table;
  table.Add(2016, 35570);
  EXPECT_EQ(table.ForMonth(Month(2018, 6)), 35570);     // 2018-19 not published yet
  EXPECT_FALSE(table.ForMonth(Month(2016, 3)).has_value());  // 2015-16: nothing earlier
  EXPECT_FALSE(PopulationTable().ForMonth(Month(2016, 5)).has_value());
}

}  // namespace
}  // namespace scorecard
