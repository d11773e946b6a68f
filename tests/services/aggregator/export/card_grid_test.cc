#include "services/aggregator/export/card_grid.h"

#include <cmath>
#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/aggregator/export/test_card.h"

namespace scorecard::aggregator {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(CardValueTextTest, WholeNumbersForMostUnitsHalvesAwayFromZero) {
  EXPECT_EQ(CardValueText(common::v1::UNIT_PERCENT, 100.0 * 27 / 28), "96");  // 96.43
  EXPECT_EQ(CardValueText(common::v1::UNIT_PERCENT, 96.5), "97");
  EXPECT_EQ(CardValueText(common::v1::UNIT_PERCENT, 84.5), "85");
  EXPECT_EQ(CardValueText(common::v1::UNIT_COUNT, 1190), "1190");
  EXPECT_EQ(CardValueText(common::v1::UNIT_RATE_PER_10000, 10000.0 * 1190 / 35570), "335");
  EXPECT_EQ(CardValueText(common::v1::UNIT_DAYS, 13212.0 / 31), "426");  // 426.19
  EXPECT_EQ(CardValueText(common::v1::UNIT_WEEKS, 26.5), "27");
  EXPECT_EQ(CardValueText(common::v1::UNIT_COUNT, -2.5), "-3");
  // A tiny negative rounds to 0, never "-0".
  EXPECT_EQ(CardValueText(common::v1::UNIT_PERCENT, -0.2), "0");
}

TEST(CardValueTextTest, OneDecimalForWorkingDaysAndRatiosWithoutTrailingZero) {
  // The seed's sickness rows: 275 and 312.5.
  EXPECT_EQ(CardValueText(common::v1::UNIT_WORKING_DAYS, 275), "275");
  EXPECT_EQ(CardValueText(common::v1::UNIT_WORKING_DAYS, 312.5), "312.5");
  EXPECT_EQ(CardValueText(common::v1::UNIT_WORKING_DAYS, 312.46), "312.5");
  EXPECT_EQ(CardValueText(common::v1::UNIT_WORKING_DAYS, 80.25), "80.3");  // exact half
  EXPECT_EQ(CardValueText(common::v1::UNIT_WORKING_DAYS, 275.04), "275");
  EXPECT_EQ(CardValueText(common::v1::UNIT_RATIO, 79.7 / 5), "15.9");  // 15.94
  EXPECT_EQ(CardValueText(common::v1::UNIT_RATIO, 0.04), "0");
}

TEST(ExactNumberTextTest, ShortestTextThatReadsBack) {
  EXPECT_EQ(ExactNumberText(27), "27");
  EXPECT_EQ(ExactNumberText(35570), "35570");
  EXPECT_EQ(ExactNumberText(312.5), "312.5");
  EXPECT_EQ(ExactNumberText(0.1), "0.1");
  EXPECT_EQ(ExactNumberText(79.7), "79.7");
  EXPECT_EQ(ExactNumberText(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(ExactNumberText(-0.0), "0");
}

TEST(SeedWordsTest, MatchTheSeedCsv) {
  EXPECT_EQ(SeedBasisWord(common::v1::BASIS_ROLLING_12_MONTHS), "rolling-12-months");
  EXPECT_EQ(SeedBasisWord(common::v1::BASIS_ROLLING_3_YEARS), "rolling");
  EXPECT_EQ(SeedBasisWord(common::v1::BASIS_QUARTER), "quarter");
  EXPECT_EQ(SeedUnitWord(common::v1::UNIT_WORKING_DAYS), "days");
  EXPECT_EQ(SeedUnitWord(common::v1::UNIT_RATE_PER_10000), "rate_per_10000");
  EXPECT_EQ(SeedUnitWord(common::v1::UNIT_UNSPECIFIED), "");
}

TEST(BuildCardGridTest, PlacesEachCellInItsMonthColumn) {
  v1::Scorecard card = testing::TestCard();
  // Cells in any order land in their month's column.
  card.mutable_sections(0)->mutable_rows(0)->mutable_cells()->SwapElements(0, 2);
  absl::StatusOr<CardGrid> grid = BuildCardGrid(card);
  ASSERT_TRUE(grid.ok()) << grid.status();
  ASSERT_EQ(grid->months.size(), 3u);
  EXPECT_EQ(grid->months.front(), Month(2016, 4));
  ASSERT_EQ(grid->sections.size(), 2u);
  const GridRow& starters = grid->sections[0].rows[0];
  ASSERT_NE(starters.cells[0], nullptr);
  EXPECT_EQ(starters.cells[0]->value(), 0);
  EXPECT_EQ(starters.cells[2]->value(), 3);

  const GridRow& proceedings = grid->sections[1].rows[2];
  EXPECT_EQ(proceedings.ShownCell(0), nullptr);  // no value
  EXPECT_NE(proceedings.ShownCell(1), nullptr);
  const GridRow& not_yet = grid->sections[1].rows[5];
  EXPECT_FALSE(not_yet.HasFigures());
  EXPECT_EQ(not_yet.ShownCell(0), nullptr);
}

TEST(BuildCardGridTest, AMissingMonthIsAnEmptyColumn) {
  v1::Scorecard card = testing::TestCard();
  card.mutable_sections(0)->mutable_rows(0)->mutable_cells()->RemoveLast();
  absl::StatusOr<CardGrid> grid = BuildCardGrid(card);
  ASSERT_TRUE(grid.ok()) << grid.status();
  EXPECT_EQ(grid->sections[0].rows[0].cells[2], nullptr);
}

TEST(BuildCardGridTest, BadRangesAreRefused) {
  v1::Scorecard reversed = testing::TestCard();
  *reversed.mutable_to_month() = ToProtoMonth(Month(2016, 3));
  EXPECT_EQ(BuildCardGrid(reversed).status(),
            absl::InvalidArgumentError("to_month: 2016-03 is before from_month 2016-04"));

  v1::Scorecard unset = testing::TestCard();
  unset.clear_from_month();
  EXPECT_EQ(BuildCardGrid(unset).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(BuildCardGrid(unset).status().message(), HasSubstr("from_month: not a month"));

  v1::Scorecard too_long = testing::TestCard();
  *too_long.mutable_to_month() = ToProtoMonth(Month(2026, 4));  // 121 months
  EXPECT_THAT(BuildCardGrid(too_long).status().message(), HasSubstr("more than 120 months"));
  *too_long.mutable_to_month() = ToProtoMonth(Month(2026, 3));  // 120 months
  EXPECT_TRUE(BuildCardGrid(too_long).ok());
}

TEST(BuildCardGridTest, BadCellsNameTheFieldAndNotTheTitle) {
  v1::Scorecard outside = testing::TestCard();
  *outside.mutable_sections(0)->mutable_rows(0)->mutable_cells(1)->mutable_month() =
      ToProtoMonth(Month(2016, 7));
  const absl::Status status = BuildCardGrid(outside).status();
  EXPECT_EQ(status, absl::InvalidArgumentError(
                        "sections[0].rows[0].cells[1].month: 2016-07 is outside the card's "
                        "2016-04 to 2016-06"));
  EXPECT_THAT(status.message(), Not(HasSubstr("Starters")));

  v1::Scorecard repeated = testing::TestCard();
  *repeated.mutable_sections(1)->mutable_rows(2)->mutable_cells(2)->mutable_month() =
      ToProtoMonth(Month(2016, 5));
  EXPECT_EQ(BuildCardGrid(repeated).status(),
            absl::InvalidArgumentError(
                "sections[1].rows[2].cells[2].month: 2016-05 appears twice in the row"));

  v1::Scorecard not_finite = testing::TestCard();
  not_finite.mutable_sections(0)->mutable_rows(1)->mutable_cells(0)->set_value(
      std::numeric_limits<double>::quiet_NaN());
  EXPECT_EQ(BuildCardGrid(not_finite).status(),
            absl::InvalidArgumentError("sections[0].rows[1].cells[0].value: not a finite number"));

  v1::Scorecard bad_target = testing::TestCard();
  bad_target.mutable_sections(0)->mutable_rows(1)->set_target(
      std::numeric_limits<double>::infinity());
  EXPECT_EQ(BuildCardGrid(bad_target).status(),
            absl::InvalidArgumentError("sections[0].rows[1].target: not a finite number"));
}

// OWASP's CSV injection list (and ASVS 1.2.10's NUL): a cell starting with any of these is
// taken for a formula.
TEST(SpreadsheetTextTest, FormulaStartsGetASingleQuote) {
  EXPECT_EQ(SpreadsheetText("=HYPERLINK(\"http://x\",\"click\")"),
            "'=HYPERLINK(\"http://x\",\"click\")");
  EXPECT_EQ(SpreadsheetText("+1+cmd|' /C calc'!A0"), "'+1+cmd|' /C calc'!A0");
  EXPECT_EQ(SpreadsheetText("-2+3"), "'-2+3");
  EXPECT_EQ(SpreadsheetText("@SUM(A1:A9)"), "'@SUM(A1:A9)");
  EXPECT_EQ(SpreadsheetText("\t=1"), "'\t=1");
  EXPECT_EQ(SpreadsheetText("\r=1"), "'\r=1");
  EXPECT_EQ(SpreadsheetText(std::string("\0=1", 3)), std::string("'\0=1", 4));
  EXPECT_TRUE(LooksLikeFormula("=1"));
}

TEST(SpreadsheetTextTest, OrdinaryTextIsUnchanged) {
  EXPECT_EQ(SpreadsheetText("Starters - during the month"), "Starters - during the month");
  EXPECT_EQ(SpreadsheetText("a=b"), "a=b");  // only the first character counts
  EXPECT_EQ(SpreadsheetText(" =1"), " =1");
  EXPECT_EQ(SpreadsheetText("'quoted"), "'quoted");
  EXPECT_EQ(SpreadsheetText(""), "");
  EXPECT_FALSE(LooksLikeFormula(""));
  EXPECT_FALSE(LooksLikeFormula("objective-1"));
}

TEST(YearMonthTextTest, FromTheFieldsAsTheyAre) {
  common::v1::YearMonth month;
  month.set_year(2016);
  month.set_month(5);
  EXPECT_EQ(YearMonthText(month), "2016-05");
  month.set_month(13);  // malformed: shown, not turned into January 2017
  EXPECT_EQ(YearMonthText(month), "2016-13");
}

TEST(DataVersionsTextTest, EachServiceOrNone) {
  v1::Scorecard card;
  EXPECT_EQ(DataVersionsText(card.data_versions()), "none");
  v1::ServiceDataVersion* workforce = card.add_data_versions();
  workforce->set_service("workforce");
  workforce->set_version(12);
  workforce->set_available(true);
  card.add_data_versions()->set_service("placement");
  EXPECT_EQ(DataVersionsText(card.data_versions()), "workforce 12, placement unavailable");
}

}  // namespace
}  // namespace scorecard::aggregator
