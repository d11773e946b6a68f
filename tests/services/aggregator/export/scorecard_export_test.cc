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

TEST(ExportFormatFromProtoTest, TheContractsEnumsBothWays) {
  EXPECT_EQ(*ExportFormatFromProto(v1::EXPORT_FORMAT_CSV, v1::EXPORT_LAYOUT_UNSPECIFIED),
            ExportFormat::kCsv);
  EXPECT_EQ(*ExportFormatFromProto(v1::EXPORT_FORMAT_CSV, v1::EXPORT_LAYOUT_WIDE),
            ExportFormat::kCsv);
  EXPECT_EQ(*ExportFormatFromProto(v1::EXPORT_FORMAT_CSV, v1::EXPORT_LAYOUT_LONG),
            ExportFormat::kCsvLong);
  EXPECT_EQ(*ExportFormatFromProto(v1::EXPORT_FORMAT_JSON, v1::EXPORT_LAYOUT_UNSPECIFIED),
            ExportFormat::kJson);
  EXPECT_EQ(*ExportFormatFromProto(v1::EXPORT_FORMAT_XLSX, v1::EXPORT_LAYOUT_WIDE),
            ExportFormat::kXlsx);
  EXPECT_EQ(*ExportFormatFromProto(v1::EXPORT_FORMAT_HTML, v1::EXPORT_LAYOUT_UNSPECIFIED),
            ExportFormat::kHtml);
  for (ExportFormat format : {ExportFormat::kCsv, ExportFormat::kCsvLong, ExportFormat::kJson,
                              ExportFormat::kXlsx, ExportFormat::kHtml}) {
    EXPECT_EQ(*ExportFormatFromProto(ProtoExportFormat(format), ProtoExportLayout(format)),
              format);
  }
}

TEST(ExportFormatFromProtoTest, BadRequestsNameTheField) {
  EXPECT_THAT(
      ExportFormatFromProto(v1::EXPORT_FORMAT_UNSPECIFIED, v1::EXPORT_LAYOUT_UNSPECIFIED)
          .status()
          .message(),
      HasSubstr("format: required"));
  EXPECT_EQ(ExportFormatFromProto(v1::EXPORT_FORMAT_XLSX, v1::EXPORT_LAYOUT_LONG).status(),
            absl::InvalidArgumentError("layout: EXPORT_LAYOUT_LONG is for EXPORT_FORMAT_CSV "
                                       "only, not EXPORT_FORMAT_XLSX"));
  EXPECT_THAT(ExportFormatFromProto(v1::EXPORT_FORMAT_CSV, static_cast<v1::ExportLayout>(9))
                  .status()
                  .message(),
              HasSubstr("layout: "));
}

TEST(ExportFileNameTest, NamesTheCardAuthorityAndMonths) {
  v1::Scorecard card = testing::TestCard();  // test-card, 869, 2016-04 to 2016-06
  EXPECT_EQ(ExportFileName(card, ExportFormat::kCsv), "test-card-869-2016-04-to-2016-06.csv");
  EXPECT_EQ(ExportFileName(card, ExportFormat::kCsvLong),
            "test-card-869-2016-04-to-2016-06-long.csv");
  EXPECT_EQ(ExportFileName(card, ExportFormat::kXlsx), "test-card-869-2016-04-to-2016-06.xlsx");
  // Nothing that could leave the folder or break a header.
  card.set_scorecard_id("../a b\"c");
  EXPECT_EQ(ExportFileName(card, ExportFormat::kHtml), "..-a-b-c-869-2016-04-to-2016-06.html");
}

}  // namespace
}  // namespace scorecard::aggregator
