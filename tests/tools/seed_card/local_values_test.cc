#include "tools/seed_card/local_values.h"

#include <string>

#include "gtest/gtest.h"

namespace scorecard::seed_card {
namespace {

constexpr char kCard[] =
    "section,measure,basis,unit,2016-04,2016-05,2016-06\n"
    "context,Families in the pilot,snapshot,count,15,,17\n"
    "context,Referrals,month,count,100,110,120\n";

aggregator::v1::ScorecardDefinition Definition() {
  aggregator::v1::ScorecardDefinition definition;
  aggregator::v1::SectionDefinition* section = definition.add_sections();
  section->set_id("context");
  aggregator::v1::RowDefinition* pilot = section->add_rows();
  pilot->set_title("Families in the pilot");
  pilot->set_measure_id("local.pilot_families");
  aggregator::v1::RowDefinition* referrals = section->add_rows();
  referrals->set_title("Referrals");
  referrals->set_measure_id("safeguarding.referrals");
  return definition;
}

TEST(LocalValuesTest, TakesThePublishedFiguresOfLocalRowsOnly) {
  absl::StatusOr<PublishedCard> card = ParsePublishedCard(kCard);
  ASSERT_TRUE(card.ok()) << card.status();
  const std::vector<LocalValueEntry> entries = LocalValuesFromCard(*card, Definition());
  ASSERT_EQ(entries.size(), 2u);  // May is blank on the card; referrals are counted
  EXPECT_EQ(entries[0].measure_id, "local.pilot_families");
  EXPECT_EQ(entries[0].month, Month(2016, 4));
  EXPECT_EQ(entries[0].value, 15);
  EXPECT_EQ(entries[1].month, Month(2016, 6));
  EXPECT_EQ(entries[1].value, 17);
  EXPECT_EQ(LocalValuesCsv(entries),
            "measure_id,month,value\n"
            "local.pilot_families,2016-04,15\n"
            "local.pilot_families,2016-06,17\n");
}

TEST(LocalValuesTest, TheRealCardsPilotRowIsFoundInTheRealDefinition) {
  absl::StatusOr<PublishedCard> card =
      ReadPublishedCard(SCORECARD_SOURCE_DIR "/tests/data/getting-to-good-2016-17.csv");
  ASSERT_TRUE(card.ok()) << card.status();
  absl::StatusOr<aggregator::v1::ScorecardDefinition> definition =
      ReadDefinition(SCORECARD_SOURCE_DIR "/deploy/scorecards/getting-to-good.textproto");
  ASSERT_TRUE(definition.ok()) << definition.status();
  const std::vector<LocalValueEntry> entries = LocalValuesFromCard(*card, *definition);
  // The published pilot row: 15,16,17,16,18,18,18,20,20 for April to December 2016.
  ASSERT_EQ(entries.size(), 9u);
  EXPECT_EQ(entries.front().measure_id, "local.personal_budget_pilot_families");
  EXPECT_EQ(entries.front().value, 15);
  EXPECT_EQ(entries.back().month, Month(2016, 12));
  EXPECT_EQ(entries.back().value, 20);
}

TEST(LocalValuesTest, AnUnreadableOrMalformedDefinitionIsReported) {
  EXPECT_EQ(ReadDefinition("/nonexistent/card.textproto").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace scorecard::seed_card
