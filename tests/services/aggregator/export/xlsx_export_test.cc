#include "services/aggregator/export/xlsx_export.h"

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "absl/strings/numbers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/aggregator/export/test_card.h"
#include "tests/services/aggregator/export/xlsx_reader.h"

namespace scorecard::aggregator {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;
using testing::ReadSheet;
using testing::ReadZip;
using testing::SheetCells;
using testing::XlsxParts;

constexpr char kGreen[] = "C6EFCE";
constexpr char kAmber[] = "FFEB9C";
constexpr char kRed[] = "FFC7CE";

class XlsxExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> bytes = ExportXlsx(testing::TestCard());
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    bytes_ = *bytes;
    absl::StatusOr<XlsxParts> parts = ReadZip(bytes_);
    ASSERT_TRUE(parts.ok()) << parts.status();
    parts_ = *parts;
    absl::StatusOr<SheetCells> card = ReadSheet(parts_, 1);
    ASSERT_TRUE(card.ok()) << card.status();
    card_sheet_ = *card;
    absl::StatusOr<SheetCells> sheet2 = ReadSheet(parts_, 2);
    ASSERT_TRUE(sheet2.ok()) << sheet2.status();
    parts_sheet_ = *sheet2;
  }

  static double Number(const SheetCells& cells, const std::string& ref) {
    double value = -1;
    EXPECT_TRUE(cells.count(ref) == 1 && !cells.at(ref).is_string &&
                absl::SimpleAtod(cells.at(ref).text, &value))
        << ref << " is not a number cell";
    return value;
  }
  static std::string Text(const SheetCells& cells, const std::string& ref) {
    EXPECT_TRUE(cells.count(ref) == 1 && cells.at(ref).is_string) << ref << " is not a string";
    return cells.count(ref) == 1 ? cells.at(ref).text : "";
  }

  std::string bytes_;
  XlsxParts parts_;
  SheetCells card_sheet_;
  SheetCells parts_sheet_;
};

TEST_F(XlsxExportTest, IsAZipWithTwoNamedSheets) {
  EXPECT_EQ(bytes_.substr(0, 4), std::string("PK\x03\x04", 4));
  EXPECT_THAT(parts_["xl/workbook.xml"], HasSubstr("<sheet name=\"Scorecard\""));
  EXPECT_THAT(parts_["xl/workbook.xml"], HasSubstr("<sheet name=\"Numerators and denominators\""));
  EXPECT_THAT(parts_["docProps/core.xml"],
              HasSubstr("<dc:title>Test card &lt;Q1&gt; &amp; \"co\", authority 869, "
                        "2016-04 to 2016-06</dc:title>"));
  // The card's computed_at, not the time of export.
  EXPECT_THAT(parts_["docProps/core.xml"], HasSubstr("2017-04-11T09:30:00Z"));
  EXPECT_THAT(parts_["docProps/core.xml"],
              HasSubstr("Definition ab12cd34; data versions: workforce 12"));
}

TEST_F(XlsxExportTest, CardSheetHasTitlesHeadersAndFrozenPanes) {
  EXPECT_EQ(Text(card_sheet_, "A1"), "Test card <Q1> & \"co\", authority 869, 2016-04 to 2016-06");
  EXPECT_EQ(Text(card_sheet_, "A2"), "Measure");
  EXPECT_EQ(Text(card_sheet_, "D2"), "Target");
  EXPECT_EQ(Text(card_sheet_, "E2"), "2016-04");
  EXPECT_EQ(Text(card_sheet_, "G2"), "2016-06");
  EXPECT_EQ(card_sheet_.count("H2"), 0u);
  // Section headers are rows, filled grey across the table.
  EXPECT_EQ(Text(card_sheet_, "A3"), "Objective 1 - Workforce & <Safety>");
  EXPECT_EQ(card_sheet_["G3"].fill, "D9D9D9");
  EXPECT_EQ(Text(card_sheet_, "A4"), testing::kStartersTitle);
  EXPECT_EQ(Text(card_sheet_, "B4"), "month");
  EXPECT_EQ(Text(card_sheet_, "C4"), "count");
  EXPECT_EQ(Text(card_sheet_, "A7"), "Context, volume");
  EXPECT_EQ(Text(card_sheet_, "A14"), "Numbers of missing children");
  // Rows 1-2 and column A stay in view.
  const std::string& sheet = parts_["xl/worksheets/sheet1.xml"];
  EXPECT_THAT(sheet, HasSubstr("<pane xSplit=\"1\" ySplit=\"2\" topLeftCell=\"B3\""));
  EXPECT_THAT(sheet, HasSubstr("state=\"frozen\"/>"));
}

TEST_F(XlsxExportTest, FiguresAreNumbersWithTheUnitsFormatAndRagFill) {
  // Full precision in the cell; the format shows it as the card does.
  EXPECT_THAT(Number(card_sheet_, "E5"), DoubleNear(100.0 * 27 / 28, 1e-9));
  EXPECT_EQ(card_sheet_["E5"].number_format, "0\"%\"");
  EXPECT_EQ(card_sheet_["E5"].fill, kGreen);
  EXPECT_EQ(Number(card_sheet_, "F5"), 85);
  EXPECT_EQ(card_sheet_["F5"].fill, kAmber);
  EXPECT_EQ(Number(card_sheet_, "G5"), 96.5);
  EXPECT_EQ(card_sheet_["G5"].fill, kGreen);
  EXPECT_EQ(Number(card_sheet_, "D5"), 90);  // target, same format, no fill
  EXPECT_EQ(card_sheet_["D5"].number_format, "0\"%\"");
  EXPECT_EQ(card_sheet_["D5"].fill, "");

  EXPECT_EQ(Number(card_sheet_, "E4"), 0);  // a real zero is written
  EXPECT_EQ(card_sheet_["E4"].number_format, "0");
  EXPECT_EQ(Number(card_sheet_, "E6"), 80.25);
  EXPECT_EQ(card_sheet_["E6"].number_format, "0.0");  // working days
  EXPECT_EQ(Number(card_sheet_, "E9"), 513);
  EXPECT_EQ(card_sheet_["E9"].fill, kRed);
  EXPECT_EQ(Number(card_sheet_, "D9"), 426);
  EXPECT_EQ(card_sheet_["E12"].number_format, "0.0");  // ratio
}

TEST_F(XlsxExportTest, NoValueIsAnEmptyCellAndUnavailableRowsSayWhy) {
  EXPECT_EQ(card_sheet_.count("E10"), 0u);  // proceedings, April: no value
  EXPECT_EQ(Number(card_sheet_, "F10"), 25);
  EXPECT_EQ(Number(card_sheet_, "G10"), 26.5);
  EXPECT_EQ(card_sheet_.count("E11"), 0u);  // the DCT row has no values at all
  EXPECT_EQ(card_sheet_.count("G11"), 0u);
  EXPECT_EQ(Text(card_sheet_, "E13"), "not yet available");
  EXPECT_EQ(Text(card_sheet_, "G13"), "not yet available");
  EXPECT_EQ(Text(card_sheet_, "G14"), "source unavailable");
}

TEST_F(XlsxExportTest, PartsSheetHasNumeratorsAndDenominators) {
  EXPECT_EQ(Text(parts_sheet_, "A1"), "Section");
  EXPECT_EQ(Text(parts_sheet_, "I1"), "Numerator");
  EXPECT_EQ(Text(parts_sheet_, "L1"), "RAG");
  // Row 6: assessments (rows 5-7), May.
  EXPECT_EQ(Text(parts_sheet_, "A6"), "objective-1");
  EXPECT_EQ(Text(parts_sheet_, "C6"), "safeguarding.assessments_45wd");
  EXPECT_EQ(Text(parts_sheet_, "H6"), "2016-05");
  EXPECT_EQ(Number(parts_sheet_, "I6"), 17);
  EXPECT_EQ(Number(parts_sheet_, "J6"), 20);
  EXPECT_EQ(Number(parts_sheet_, "K6"), 85);
  EXPECT_EQ(Text(parts_sheet_, "L6"), "amber");
  EXPECT_EQ(parts_sheet_["L6"].fill, kAmber);
  // Row 11: the referral rate (rows 11-13), April.
  EXPECT_EQ(Number(parts_sheet_, "I11"), 1190);
  EXPECT_EQ(Number(parts_sheet_, "J11"), 35570);
  // Row 17: proceedings, April: 0 of 0, no value.
  EXPECT_EQ(Number(parts_sheet_, "I17"), 0);
  EXPECT_EQ(parts_sheet_.count("K17"), 0u);
  EXPECT_EQ(Text(parts_sheet_, "F22"), "DCT");
  // Row 26: not yet available, April: the status and no numbers.
  EXPECT_EQ(Text(parts_sheet_, "G26"), "not yet available");
  EXPECT_EQ(parts_sheet_.count("I26"), 0u);
  EXPECT_EQ(Text(parts_sheet_, "H31"), "2016-06");
  EXPECT_EQ(parts_sheet_.count("A32"), 0u);
}

TEST(XlsxExportFileTest, SameCardSameBytesAndNoTemporaryFileLeft) {
  // A folder of this test's own, so that parallel runs never share one.
  std::string template_path = ::testing::TempDir() + "xlsx-export-test-XXXXXX";
  ASSERT_NE(mkdtemp(template_path.data()), nullptr);
  const std::filesystem::path folder = template_path;
  const char* previous = getenv("TMPDIR");
  const std::string saved = previous == nullptr ? "" : previous;
  setenv("TMPDIR", folder.c_str(), 1);
  absl::StatusOr<std::string> first = ExportXlsx(testing::TestCard());
  absl::StatusOr<std::string> second = ExportXlsx(testing::TestCard());
  const bool left_empty = std::filesystem::is_empty(folder);
  if (previous == nullptr) {
    unsetenv("TMPDIR");
  } else {
    setenv("TMPDIR", saved.c_str(), 1);
  }
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_TRUE(left_empty);
  std::filesystem::remove_all(folder);
}

TEST(XlsxExportFileTest, MalformedCardIsRefused) {
  v1::Scorecard card = testing::TestCard();
  card.mutable_sections(0)->mutable_rows(0)->mutable_cells(0)->mutable_month()->set_month(13);
  EXPECT_EQ(ExportXlsx(card).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(XlsxExportFileTest, TextThatLooksLikeAFormulaIsQuotedText) {
  v1::Scorecard card = testing::TestCard();
  card.mutable_sections(0)->set_title("+Objective");
  card.mutable_sections(0)->mutable_rows(0)->set_title("=HYPERLINK(\"http://x\")");
  card.mutable_sections(0)->mutable_rows(0)->set_team("@team");
  absl::StatusOr<std::string> bytes = ExportXlsx(card);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  absl::StatusOr<XlsxParts> parts = ReadZip(*bytes);
  ASSERT_TRUE(parts.ok()) << parts.status();
  absl::StatusOr<SheetCells> sheet = ReadSheet(*parts, 1);
  ASSERT_TRUE(sheet.ok()) << sheet.status();
  EXPECT_TRUE((*sheet)["A3"].is_string);
  EXPECT_EQ((*sheet)["A3"].text, "'+Objective");
  EXPECT_EQ((*sheet)["A4"].text, "'=HYPERLINK(\"http://x\")");
  // Never a formula cell.
  EXPECT_THAT((*parts)["xl/worksheets/sheet1.xml"], ::testing::Not(HasSubstr("<f>")));
  absl::StatusOr<SheetCells> parts_sheet = ReadSheet(*parts, 2);
  ASSERT_TRUE(parts_sheet.ok());
  EXPECT_EQ((*parts_sheet)["B2"].text, "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ((*parts_sheet)["F2"].text, "'@team");
}

}  // namespace
}  // namespace scorecard::aggregator
