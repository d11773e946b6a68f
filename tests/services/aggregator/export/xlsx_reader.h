// Just enough of a reader of .xlsx files for tests to check what a workbook really holds:
// the zip's parts (stored or deflated, found through the central directory) and a sheet's
// cells with shared strings resolved and their styles' number format and fill.
//
//   absl::StatusOr<XlsxParts> parts = ReadZip(bytes);
//   absl::StatusOr<SheetCells> cells = ReadSheet(*parts, 1);   // xl/worksheets/sheet1.xml
//   EXPECT_EQ(cells->at("A1").text, "Getting to Good ...");
#ifndef SCORECARD_TESTS_SERVICES_AGGREGATOR_EXPORT_XLSX_READER_H_
#define SCORECARD_TESTS_SERVICES_AGGREGATOR_EXPORT_XLSX_READER_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace scorecard::aggregator::testing {

// Part name ("xl/worksheets/sheet1.xml") -> its uncompressed bytes.
using XlsxParts = std::map<std::string, std::string>;

[[nodiscard]] absl::StatusOr<XlsxParts> ReadZip(absl::string_view zip);

struct XlsxCell {
  // A string cell's text (shared or inline, entities decoded); a number cell's <v> text.
  std::string text;
  bool is_string = false;
  // The cell's style: its number format code ("General" when none) and its solid fill as
  // RRGGBB ("" when none).
  std::string number_format = "General";
  std::string fill;
};
// "B3" -> cell, for every cell element written (blank styled cells included, text "").
using SheetCells = std::map<std::string, XlsxCell>;

[[nodiscard]] absl::StatusOr<SheetCells> ReadSheet(const XlsxParts& parts, int sheet_number);

}  // namespace scorecard::aggregator::testing

#endif  // SCORECARD_TESTS_SERVICES_AGGREGATOR_EXPORT_XLSX_READER_H_
