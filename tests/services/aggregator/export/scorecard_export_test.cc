#include "services/aggregator/export/scorecard_export.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/aggregator/export/csv_export.h"
#include "services/aggregator/export/html_export.h"
#include "services/aggregator/export/json_export.h"
#include "tests/services/aggregator/export/test_card.h"

namespace scorecard::aggregator {
namespace {

using ::testing::HasSubstr;

TEST(ParseExportFormatTest, FormatsAndLayouts) {
  EXPECT_EQ(*ParseExportFormat("csv"), ExportFormat::kCsv);
  EXPECT_EQ(*ParseExportFormat("csv", "wide"), ExportFormat::kCsv);
  EXPECT_EQ(*ParseExportFormat("csv", "long"), ExportFormat::kCsvLong);
  EXPECT_EQ(*ParseExportFormat("json"), ExportFormat::kJson);
  EXPECT_EQ(*ParseExportFormat("xlsx", "wide"), ExportFormat::kXlsx);
  EXPECT_EQ(*ParseExportFormat("html"), ExportFormat::kHtml);
  EXPECT_EQ(ParseExportFormat("pdf").status(),
            absl::InvalidArgumentError("format \"pdf\" is not one of csv, json, xlsx, html"));
  EXPECT_EQ(ParseExportFormat("CSV").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseExportFormat("xlsx", "long").status(),
            absl::InvalidArgumentError("layout long is for csv only, not xlsx"));
  EXPECT_EQ(ParseExportFormat("csv", "tall").status(),
            absl::InvalidArgumentError("layout \"tall\" is not one of wide, long"));
}

TEST(ExportScorecardTest, ContentTypesAndExtensions) {
  EXPECT_EQ(ContentType(ExportFormat::kCsv), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(ContentType(ExportFormat::kJson), "application/json");
  EXPECT_EQ(ContentType(ExportFormat::kXlsx),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(ContentType(ExportFormat::kHtml), "text/html; charset=utf-8");
  EXPECT_EQ(FileExtension(ExportFormat::kCsvLong), "csv");
  EXPECT_EQ(FileExtension(ExportFormat::kXlsx), "xlsx");
  EXPECT_EQ(FileExtension(ExportFormat::kHtml), "html");
}

TEST(ExportScorecardTest, DispatchesToEachFormat) {
  const v1::Scorecard card = testing::TestCard();
  EXPECT_EQ(*ExportScorecard(card, ExportFormat::kCsv), *ExportCsv(card));
  EXPECT_EQ(*ExportScorecard(card, ExportFormat::kCsvLong), *ExportCsv(card, CsvLayout::kLong));
  EXPECT_EQ(*ExportScorecard(card, ExportFormat::kJson), *ExportJson(card));
  EXPECT_EQ(*ExportScorecard(card, ExportFormat::kHtml), *ExportHtml(card));
  absl::StatusOr<std::string> xlsx = ExportScorecard(card, ExportFormat::kXlsx);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
}

TEST(ExportScorecardTest, MalformedCardIsInvalidArgumentInEveryTabularFormat) {
  v1::Scorecard card = testing::TestCard();
  *card.mutable_to_month() = ToProtoMonth(Month(2016, 3));
  for (ExportFormat format :
       {ExportFormat::kCsv, ExportFormat::kCsvLong, ExportFormat::kXlsx, ExportFormat::kHtml}) {
    const absl::Status status = ExportScorecard(card, format).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr("to_month"));
  }
}

}  // namespace
}  // namespace scorecard::aggregator
