#include "tools/ssda903/import_output.h"

#include <string>

#include "absl/strings/match.h"
#include "common/files/csv_reader.h"
#include "gtest/gtest.h"
#include "tests/tools/ssda903/ssda903_test_support.h"

namespace scorecard::ssda903 {
namespace {

using ::scorecard::ssda903::testing::ReadWholeFile;

TEST(ImportOutputTest, ReportIsCsvThatReadsBack) {
  ReportEntry problem{"Episodes", 7, "LS", "C,1", "unknown LS code \"X9\"", false, true};
  ReportEntry whole{"", 0, "", "", "notes.csv: not a table", false, true};
  const std::string csv = FormatReportCsv({problem, whole});
  EXPECT_TRUE(absl::StartsWith(csv, "table,line,column,child,reason\r\n")) << csv;
  absl::StatusOr<std::vector<CsvRow>> rows = ReadCsv(csv);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].fields,
            (std::vector<std::string>{"Episodes", "7", "LS", "C,1", "unknown LS code \"X9\""}));
  EXPECT_EQ((*rows)[2].fields,
            (std::vector<std::string>{"", "", "", "", "notes.csv: not a table"}));
}

TEST(ImportOutputTest, EmptyReportIsJustItsHeaderRow) {
  EXPECT_EQ(FormatReportCsv({}), "table,line,column,child,reason\r\n");
}

TEST(ImportOutputTest, JsonLinesUseProtoFieldNamesOneRecordALine) {
  placement::v1::PlacementRecord record;
  record.mutable_episode()->set_child_id("C1");
  record.mutable_episode()->set_legal_status("C2");
  absl::StatusOr<std::string> text =
      ToJsonLines(std::vector<placement::v1::PlacementRecord>{record, record});
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_EQ(*text,
            "{\"episode\":{\"child_id\":\"C1\",\"legal_status\":\"C2\"}}\n"
            "{\"episode\":{\"child_id\":\"C1\",\"legal_status\":\"C2\"}}\n");
}

}  // namespace
}  // namespace scorecard::ssda903
