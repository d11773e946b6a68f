// Settings defaults, records with fields left 0, and which settings are in force when.
#include "services/placement/placement_settings.h"

#include "gtest/gtest.h"

namespace scorecard::placement {
namespace {

TEST(PlacementSettingsTest, DefaultsAreTheStatutoryAndCardTimescales) {
  const PlacementSettings defaults;
  EXPECT_EQ(defaults.lac_visit_interval_weeks, 6);
  EXPECT_EQ(defaults.initial_health_assessment_working_days, 20);
  EXPECT_EQ(defaults.long_term_placement_visit_interval_weeks, 0);  // not applied
}

TEST(PlacementSettingsTest, FieldsLeftZeroTakeTheirDefaults) {
  v1::PlacementSettings record;
  record.set_initial_health_assessment_working_days(28);
  const PlacementSettings s = SettingsFromProto(record);
  EXPECT_EQ(s.lac_visit_interval_weeks, 6);
  EXPECT_EQ(s.initial_health_assessment_working_days, 28);
  EXPECT_EQ(s.long_term_placement_visit_interval_weeks, 0);

  record.set_lac_visit_interval_weeks(4);
  record.set_long_term_placement_visit_interval_weeks(13);
  const PlacementSettings all = SettingsFromProto(record);
  EXPECT_EQ(all.lac_visit_interval_weeks, 4);
  EXPECT_EQ(all.long_term_placement_visit_interval_weeks, 13);
}

TEST(SettingsHistoryTest, TheLatestRecordOnOrBeforeTheDayIsInForce) {
  SettingsHistory history;
  EXPECT_EQ(history.At(Date(2017, 5, 31)).lac_visit_interval_weeks, 6);  // none: defaults

  PlacementSettings four;
  four.lac_visit_interval_weeks = 4;
  PlacementSettings eight;
  eight.lac_visit_interval_weeks = 8;
  history.Add(Date(2017, 6, 1), four);
  history.Add(Date(2018, 4, 1), eight);
  EXPECT_EQ(history.At(Date(2017, 5, 31)).lac_visit_interval_weeks, 6);  // before any
  EXPECT_EQ(history.At(Date(2017, 6, 1)).lac_visit_interval_weeks, 4);   // from its first day
  EXPECT_EQ(history.At(Date(2018, 3, 31)).lac_visit_interval_weeks, 4);
  EXPECT_EQ(history.At(Date(2018, 4, 30)).lac_visit_interval_weeks, 8);

  // A second set for the same day replaces the first.
  history.Add(Date(2017, 6, 1), eight);
  EXPECT_EQ(history.At(Date(2017, 6, 30)).lac_visit_interval_weeks, 8);
}

}  // namespace
}  // namespace scorecard::placement
