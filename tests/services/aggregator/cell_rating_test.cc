#include "services/aggregator/cell_rating.h"

#include "gtest/gtest.h"

namespace scorecard::aggregator {
namespace {

v1::RowDefinition Row(v1::Polarity polarity, double green, double amber) {
  v1::RowDefinition row;
  row.set_polarity(polarity);
  row.set_green_threshold(green);
  row.set_amber_threshold(amber);
  return row;
}

TEST(RateValueTest, HigherIsBetterAtAndAroundTheThresholds) {
  // Assessments within 45 working days: green at 90% or more, amber at 80% or more.
  const v1::RowDefinition row = Row(v1::POLARITY_HIGHER_IS_BETTER, 90, 80);
  EXPECT_EQ(RateValue(row, 100), v1::RAG_GREEN);
  EXPECT_EQ(RateValue(row, 90), v1::RAG_GREEN);          // exactly at green
  EXPECT_EQ(RateValue(row, 90 - 1e-12), v1::RAG_GREEN);  // floating-point noise, still 90
  EXPECT_EQ(RateValue(row, 89.99), v1::RAG_AMBER);
  EXPECT_EQ(RateValue(row, 80), v1::RAG_AMBER);           // exactly at amber
  EXPECT_EQ(RateValue(row, 79.99), v1::RAG_RED);
  EXPECT_EQ(RateValue(row, 0), v1::RAG_RED);
  // 27 of 30 on time: 100 * 27 / 30 = 90, green.
  EXPECT_EQ(RateValue(row, 100.0 * 27 / 30), v1::RAG_GREEN);
  // 26 of 29: 89.66%, amber although a card rounds it to 90.
  EXPECT_EQ(RateValue(row, 100.0 * 26 / 29), v1::RAG_AMBER);
}

TEST(RateValueTest, LowerIsBetterAtAndAroundTheThresholds) {
  // Adoption A1: green at 426 days or fewer, amber at 487 or fewer.
  const v1::RowDefinition row = Row(v1::POLARITY_LOWER_IS_BETTER, 426, 487);
  EXPECT_EQ(RateValue(row, 405), v1::RAG_GREEN);
  EXPECT_EQ(RateValue(row, 426), v1::RAG_GREEN);   // exactly at green
  EXPECT_EQ(RateValue(row, 426.5), v1::RAG_AMBER);
  EXPECT_EQ(RateValue(row, 487), v1::RAG_AMBER);   // exactly at amber
  EXPECT_EQ(RateValue(row, 487.01), v1::RAG_RED);
  EXPECT_EQ(RateValue(row, 513), v1::RAG_RED);     // the published card's April 2016 A1
}

TEST(RateValueTest, NoRatingWithoutThresholdsOrABetterSide) {
  v1::RowDefinition volume;
  volume.set_polarity(v1::POLARITY_NEUTRAL);
  EXPECT_EQ(RateValue(volume, 118), v1::RAG_UNSPECIFIED);
  v1::RowDefinition no_thresholds;
  no_thresholds.set_polarity(v1::POLARITY_HIGHER_IS_BETTER);
  EXPECT_EQ(RateValue(no_thresholds, 50), v1::RAG_UNSPECIFIED);
  EXPECT_EQ(RateValue(Row(v1::POLARITY_NEUTRAL, 90, 80), 95), v1::RAG_UNSPECIFIED);
}

TEST(DirectionOfTravelTest, ByPolarity) {
  // ICPCs within 15 days, April 76% -> May 84%: better.
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_HIGHER_IS_BETTER, 84, 76), v1::DIRECTION_IMPROVED);
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_HIGHER_IS_BETTER, 76, 84), v1::DIRECTION_WORSENED);
  // Proceedings, 31 weeks -> 25 weeks: better.
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_LOWER_IS_BETTER, 25, 31), v1::DIRECTION_IMPROVED);
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_LOWER_IS_BETTER, 32, 25), v1::DIRECTION_WORSENED);
  // Referrals, 118 -> 129: a volume, only up or down.
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_NEUTRAL, 129, 118), v1::DIRECTION_UP);
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_UNSPECIFIED, 104, 129), v1::DIRECTION_DOWN);
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_HIGHER_IS_BETTER, 100, 100), v1::DIRECTION_UNCHANGED);
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_NEUTRAL, 100.0 * 1 / 3, 100.0 / 3),
            v1::DIRECTION_UNCHANGED);
}

TEST(DirectionOfTravelTest, NothingToCompareWith) {
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_HIGHER_IS_BETTER, 90, std::nullopt),
            v1::DIRECTION_UNSPECIFIED);
  EXPECT_EQ(DirectionOfTravel(v1::POLARITY_HIGHER_IS_BETTER, std::nullopt, 90),
            v1::DIRECTION_UNSPECIFIED);
}

}  // namespace
}  // namespace scorecard::aggregator
