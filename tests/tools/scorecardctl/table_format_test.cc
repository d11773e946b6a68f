#include "tools/scorecardctl/table_format.h"

#include <string>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::scorecardctl {
namespace {

using aggregator::v1::Row;
using aggregator::v1::Scorecard;
using ::testing::HasSubstr;
using ::testing::Not;

// Adds a row; `values` holds one entry per month from 2016-04: a value, or NaN for a cell
// present without a value. Months beyond `values` get no cell at all.
Row* AddRow(aggregator::v1::Section* section, const std::string& title, common::v1::Unit unit,
            aggregator::v1::RowStatus status, std::vector<double> values) {
  Row* row = section->add_rows();
  row->set_title(title);
  row->set_unit(unit);
  row->set_status(status);
  for (size_t i = 0; i < values.size(); ++i) {
    aggregator::v1::Cell* cell = row->add_cells();
    cell->mutable_month()->set_year(2016);
    cell->mutable_month()->set_month(4 + static_cast<int>(i));
    if (!std::isnan(values[i])) cell->set_value(values[i]);
  }
  return row;
}

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

Scorecard HandBuiltCard() {
  Scorecard card;
  card.set_scorecard_id("getting-to-good");
  card.set_title("Getting to Good - Evidence");
  card.set_authority("869");
  card.mutable_from_month()->set_year(2016);
  card.mutable_from_month()->set_month(4);
  card.mutable_to_month()->set_year(2016);
  card.mutable_to_month()->set_month(6);

  aggregator::v1::Section* workforce = card.add_sections();
  workforce->set_title("Objective 1 - Workforce");
  AddRow(workforce, "Starters", common::v1::UNIT_COUNT, aggregator::v1::ROW_STATUS_AVAILABLE,
         {0, 2, kNoValue});
  Row* sickness = AddRow(workforce, "Sickness days", common::v1::UNIT_WORKING_DAYS,
                         aggregator::v1::ROW_STATUS_AVAILABLE, {});
  aggregator::v1::Cell* june = sickness->add_cells();  // only June has a cell
  june->mutable_month()->set_year(2016);
  june->mutable_month()->set_month(6);
  june->set_value(275.25);

  aggregator::v1::Section* safeguarding = card.add_sections();
  safeguarding->set_title("Objective 2 - Safeguarding");
  AddRow(safeguarding, "ICPCs in 15 days", common::v1::UNIT_PERCENT,
         aggregator::v1::ROW_STATUS_AVAILABLE, {96.43, 100, 89.5});
  AddRow(safeguarding, "Early help", common::v1::UNIT_PERCENT,
         aggregator::v1::ROW_STATUS_NOT_YET_AVAILABLE, {});
  AddRow(safeguarding, "LAC visits", common::v1::UNIT_PERCENT,
         aggregator::v1::ROW_STATUS_SOURCE_UNAVAILABLE, {kNoValue, kNoValue, kNoValue});

  card.set_definition_hash("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  auto* workforce_version = card.add_data_versions();
  workforce_version->set_service("workforce");
  workforce_version->set_version(12);
  workforce_version->set_available(true);
  auto* safeguarding_version = card.add_data_versions();
  safeguarding_version->set_service("safeguarding");
  safeguarding_version->set_version(40);
  safeguarding_version->set_available(true);
  auto* placement_version = card.add_data_versions();
  placement_version->set_service("placement");
  placement_version->set_available(false);
  card.mutable_computed_at()->set_seconds(1485941400);  // 2017-02-01T09:30:00Z
  card.set_cache(aggregator::v1::CACHE_OUTCOME_HIT);
  return card;
}

TEST(TruncateToWidthTest, LongTextEndsInAnEllipsisWithinTheWidth) {
  EXPECT_EQ(TruncateToWidth("short", 60), "short");
  EXPECT_EQ(TruncateToWidth("abcdefghij", 5), "abcd\u2026");
  EXPECT_EQ(DisplayWidth(TruncateToWidth("abcdefghij", 5)), 5u);
  // Cut on code points, never inside one: "é" is two bytes.
  EXPECT_EQ(TruncateToWidth("\u00e9\u00e9\u00e9\u00e9", 3), "\u00e9\u00e9\u2026");
  // No space left dangling before the ellipsis.
  EXPECT_EQ(TruncateToWidth("ab cdef", 4), "ab\u2026");
}

TEST(FormatScorecardTableTest, HandBuiltCard) {
  const std::string expected =
      "Getting to Good - Evidence (getting-to-good), authority 869, 2016-04 to 2016-06\n"
      "\n"
      "Objective 1 - Workforce\n"
      "                        2016-04      2016-05      2016-06\n"
      "  Starters                    0            2            -\n"
      "  Sickness days               -            -        275.3\n"
      "\n"
      "Objective 2 - Safeguarding\n"
      "                        2016-04      2016-05      2016-06\n"
      "  ICPCs in 15 days           96          100           90\n"
      "  Early help                n/a          n/a          n/a\n"
      "  LAC visits        unavailable  unavailable  unavailable\n"
      "\n"
      "cache: hit\n"
      "definition: 0123456789ab\n"
      "data versions: workforce 12, safeguarding 40, placement unavailable\n"
      "computed at: 2017-02-01T09:30:00Z\n";
  EXPECT_EQ(FormatScorecardTable(HandBuiltCard()), expected);
}

// Figures as the published card writes them (aggregator::CardValueText, the exports'
// rule): working days to one decimal without a trailing ".0", as the seed's "275" and
// "312.5"; percentages whole, halves away from zero.
TEST(FormatScorecardTableTest, FiguresAreWrittenAsThePublishedCardWritesThem) {
  Scorecard card = HandBuiltCard();
  card.mutable_sections(0)->mutable_rows(1)->mutable_cells(0)->set_value(275);
  card.mutable_sections(1)->mutable_rows(0)->mutable_cells(0)->set_value(96.5);
  const std::string table = FormatScorecardTable(card);
  EXPECT_THAT(table, HasSubstr("  Sickness days               -            -          275\n"));
  EXPECT_THAT(table, HasSubstr("  ICPCs in 15 days           97          100           90\n"));
}

TEST(FormatScorecardTableTest, LongTitleIsTruncatedToSixtyColumns) {
  Scorecard card = HandBuiltCard();
  const std::string title =
      "Adoption Timescales (Between entering care and moving in with adoptive family) - "
      "average days";
  AddRow(card.mutable_sections(1), title, common::v1::UNIT_DAYS,
         aggregator::v1::ROW_STATUS_AVAILABLE, {513.4, 512.5, 0.4});
  const std::string table = FormatScorecardTable(card);
  EXPECT_THAT(table, Not(HasSubstr(title)));
  EXPECT_THAT(table,
              HasSubstr("  Adoption Timescales (Between entering care and moving in wi\u2026"
                        "          513          513            0\n"));
  // The other rows are padded to the same sixty columns.
  EXPECT_THAT(table, HasSubstr("  Starters" + std::string(52, ' ') + "            0"));
}

TEST(FormatMeasuresTableTest, OneLinePerMeasureWithParts) {
  MeasuresReport report;
  report.from = Month(2016, 5);
  report.to = Month(2016, 6);
  common::v1::MeasureValue may;
  may.set_measure_id("safeguarding.icpc_within_15wd");
  may.mutable_month()->set_year(2016);
  may.mutable_month()->set_month(5);
  may.set_basis(common::v1::BASIS_YTD);
  may.set_unit(common::v1::UNIT_PERCENT);
  may.set_numerator(27);
  may.set_denominator(28);
  may.set_value(100.0 * 27 / 28);
  common::v1::MeasureValue june = may;
  june.mutable_month()->set_month(6);
  june.set_numerator(0);
  june.set_denominator(0);
  june.clear_value();
  report.values = {may, june};
  report.data_versions = {{"safeguarding", 40}};

  EXPECT_EQ(FormatMeasuresTable(report, {.show_parts = true}),
            "measure                        basis     2016-05     2016-06\n"
            "safeguarding.icpc_within_15wd  ytd    96 (27/28)     - (0/0)\n"
            "\n"
            "data versions: safeguarding 40\n");
  EXPECT_EQ(FormatMeasuresTable(report),
            "measure                        basis  2016-05  2016-06\n"
            "safeguarding.icpc_within_15wd  ytd         96        -\n"
            "\n"
            "data versions: safeguarding 40\n");
}

TEST(FormatMeasuresTableTest, TeamIsShownAndMissingMonthsAreDashes) {
  MeasuresReport report;
  report.from = Month(2016, 4);
  report.to = Month(2016, 5);
  common::v1::MeasureValue value;
  value.set_measure_id("workforce.starters");
  value.mutable_month()->set_year(2016);
  value.mutable_month()->set_month(5);
  value.set_basis(common::v1::BASIS_MONTH);
  value.set_unit(common::v1::UNIT_COUNT);
  value.set_value(3);
  value.set_team("DCT");
  report.values = {value};
  EXPECT_EQ(FormatMeasuresTable(report),
            "measure                   basis  2016-04  2016-05\n"
            "workforce.starters [DCT]  month        -        3\n"
            "\n"
            "data versions: none\n");
}

}  // namespace
}  // namespace scorecard::scorecardctl
