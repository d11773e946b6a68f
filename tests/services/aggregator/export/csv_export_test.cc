#include "services/aggregator/export/csv_export.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/aggregator/export/test_card.h"

namespace scorecard::aggregator {
namespace {

using ::testing::Contains;

// Worked by hand from test_card.h: values rounded as the card shows them (whole numbers,
// one decimal for working days and ratios, halves away from zero), blank where there is no
// value or the row is not available; CRLF line ends as in the seed CSV.
TEST(ExportCsvTest, WideLayoutIsTheSeedShape) {
  absl::StatusOr<std::string> csv = ExportCsv(testing::TestCard());
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_EQ(*csv,
            "section,measure,basis,unit,2016-04,2016-05,2016-06\r\n"
            "objective-1,\"Starters, \"\"new\"\" <staff> & others\",month,count,0,2,3\r\n"
            "objective-1,Assessments within 45 days,month,percent,96,85,97\r\n"
            "objective-1,Sickness Absence - days lost in Quarter,quarter,days,80.3,150,275\r\n"
            "context-volume,\"Referrals per 10,000 population\",rolling-12-months,"
            "rate_per_10000,335,330,338\r\n"
            "context-volume,Adoption A1 - average days,rolling,days,513,512,426\r\n"
            "context-volume,Weeks to conclude proceedings,month,weeks,,25,27\r\n"
            "context-volume,CP Plan Numbers - DCT,snapshot,count,,,\r\n"
            "context-volume,Open cases per FTE social worker,snapshot,ratio,17.3,16,15.9\r\n"
            "context-volume,Private fostering,snapshot,count,,,\r\n"
            "context-volume,Numbers of missing children,month,count,,,\r\n");
}

TEST(ExportCsvTest, ARowNotAvailableNeverShowsAFigure) {
  v1::Scorecard card = testing::TestCard();
  // Even if a not-yet-available row carried a stale value, it is not a figure.
  card.mutable_sections(1)->mutable_rows(5)->mutable_cells(0)->set_value(4);
  absl::StatusOr<std::string> csv = ExportCsv(card);
  ASSERT_TRUE(csv.ok());
  EXPECT_THAT(absl::StrSplit(*csv, "\r\n"),
              Contains("context-volume,Private fostering,snapshot,count,,,"));
}

TEST(ExportCsvTest, LongLayoutHasTheExactPartsOfEveryMonth) {
  absl::StatusOr<std::string> csv = ExportCsv(testing::TestCard(), CsvLayout::kLong);
  ASSERT_TRUE(csv.ok()) << csv.status();
  ASSERT_EQ(csv->substr(csv->size() - 2), "\r\n");
  const std::vector<std::string> lines = absl::StrSplit(csv->substr(0, csv->size() - 2), "\r\n");
  ASSERT_EQ(lines.size(), 1u + 10 * 3);  // header, then 10 rows x 3 months
  EXPECT_EQ(lines[0],
            "section,row,measure,measure_id,basis,unit,team,status,month,numerator,denominator,"
            "value,rag,vs_previous_month,vs_same_month_last_year");
  EXPECT_EQ(lines[2],
            "objective-1,starters,\"Starters, \"\"new\"\" <staff> & others\",workforce.starters,"
            "month,count,,available,2016-05,2,1,2,,up,");
  EXPECT_EQ(lines[5],
            "objective-1,assessments,Assessments within 45 days,safeguarding.assessments_45wd,"
            "month,percent,,available,2016-05,17,20,85,amber,worsened,");
  EXPECT_EQ(lines[7],
            "objective-1,sickness,Sickness Absence - days lost in Quarter,"
            "workforce.sickness_days_lost,quarter,days,,available,2016-04,80.25,1,80.3,,,");
  // No value: the parts are still there (0 of 0).
  EXPECT_EQ(lines[16],
            "context-volume,proceedings,Weeks to conclude proceedings,"
            "placement.proceedings_weeks,month,weeks,,available,2016-04,0,0,,,,");
  EXPECT_EQ(lines[21],
            "context-volume,cp-dct,CP Plan Numbers - DCT,safeguarding.cp_count,snapshot,count,"
            "DCT,available,2016-06,0,0,,,,");
  EXPECT_EQ(lines[24],
            "context-volume,caseload,Open cases per FTE social worker,workforce.caseload,"
            "snapshot,ratio,,available,2016-06,79.7,5,15.9,,,");
  // Not available: the status says why, and no number is given (0/0 would read as none).
  EXPECT_EQ(lines[25],
            "context-volume,private-fostering,Private fostering,safeguarding.private_fostering,"
            "snapshot,count,,not yet available,2016-04,,,,,,");
  EXPECT_EQ(lines[30],
            "context-volume,missing,Numbers of missing children,placement.missing,month,count,,"
            "source unavailable,2016-06,,,,,,");
}

TEST(ExportCsvTest, MalformedCardIsRefused) {
  v1::Scorecard card = testing::TestCard();
  card.clear_to_month();
  EXPECT_EQ(ExportCsv(card).status().code(), absl::StatusCode::kInvalidArgument);
}

// A title, id or team that a spreadsheet would run as a formula is quoted as text; the
// figures, negative ones too, stay numbers.
TEST(ExportCsvTest, TextThatLooksLikeAFormulaIsWrittenAsText) {
  v1::Scorecard card = testing::TestCard();
  v1::Section* section = card.mutable_sections(0);
  section->set_id("@objective");
  v1::Row* starters = section->mutable_rows(0);
  starters->set_title("=HYPERLINK(\"http://x\")");
  starters->set_id("-starters");
  starters->set_measure_id("+workforce.starters");
  starters->set_team("=cmd|' /C calc'!A0");
  starters->mutable_cells(0)->set_numerator(-3);
  starters->mutable_cells(0)->set_value(-3);

  absl::StatusOr<std::string> wide = ExportCsv(card);
  ASSERT_TRUE(wide.ok()) << wide.status();
  const std::vector<std::string> wide_lines = absl::StrSplit(*wide, "\r\n");
  // The quote goes inside the RFC 4180 quoting, so the field's text starts with it.
  EXPECT_EQ(wide_lines[1], "'@objective,\"'=HYPERLINK(\"\"http://x\"\")\",month,count,-3,2,3");

  absl::StatusOr<std::string> long_csv = ExportCsv(card, CsvLayout::kLong);
  ASSERT_TRUE(long_csv.ok()) << long_csv.status();
  const std::vector<std::string> long_lines = absl::StrSplit(*long_csv, "\r\n");
  EXPECT_EQ(long_lines[1].substr(0, long_lines[1].find(",2016-04")),
            "'@objective,'-starters,\"'=HYPERLINK(\"\"http://x\"\")\",'+workforce.starters,month,"
            "count,'=cmd|' /C calc'!A0,available");
  EXPECT_THAT(long_lines[1], ::testing::HasSubstr(",2016-04,-3,1,-3,"));
}

}  // namespace
}  // namespace scorecard::aggregator
