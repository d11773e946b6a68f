// A small RFC 4180 reader for the seed card's own CSV files (the published card and the
// list of cells it cannot reproduce): fields separated by commas, optionally quoted with
// "" for a quote inside, lines ending in LF or CRLF.
//
//   absl::StatusOr<std::vector<CsvLine>> lines = ParseCsv(text);
//   for (const CsvLine& line : *lines) Use(line.number, line.fields);
#ifndef SCORECARD_TOOLS_SEED_CARD_CSV_TABLE_H_
#define SCORECARD_TOOLS_SEED_CARD_CSV_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace scorecard::seed_card {

struct CsvLine {
  int number = 0;  // 1-based line number in the text
  std::vector<std::string> fields;
};

// Every non-empty line. INVALID_ARGUMENT naming the line for an unterminated quote or text
// after a closing quote. A quoted field may not span lines (none of these files needs it).
[[nodiscard]] absl::StatusOr<std::vector<CsvLine>> ParseCsv(absl::string_view text);

// The whole file at `path`; NOT_FOUND when it cannot be read.
[[nodiscard]] absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace scorecard::seed_card

#endif  // SCORECARD_TOOLS_SEED_CARD_CSV_TABLE_H_
