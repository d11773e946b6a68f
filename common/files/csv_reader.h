// A small RFC 4180 CSV reader (and the matching field writer): the one every importer and
// tool in the project reads CSV with (SSDA903 tables, workforce census, the seed card).
//
//   CsvReader reader(text);
//   CsvRow row;
//   while (reader.Next(&row)) {
//     // row.line: the line the record starts on (1-based); row.fields: its fields
//   }
//   if (!reader.status().ok()) ...  // "line 7: unterminated quoted field"
//
//   std::string out = absl::StrCat(CsvField("a,b"), ",", CsvField("plain"), "\r\n");
//   // "\"a,b\",plain\r\n"
//
// What it accepts: fields separated by commas; a field may be wrapped in double quotes, and
// then may hold commas, line breaks and doubled quotes (""); records end in CRLF or LF (the
// last may have no ending at all). A UTF-8 byte order mark at the very start is skipped,
// since Excel writes one. Lines with nothing on them are skipped, not read as a record of
// one empty field, because exports often end in a blank line.
//
// What it rejects: an unterminated quoted field, and text between a closing quote and the
// next comma ("ab"c) - both mean the file is not what its producer meant, so the caller
// should not guess. A quote inside an unquoted field (ab"c) is kept as written, as most
// producers mean it literally.
//
// Written here rather than taken from a library: Debian has libcsv-dev (C callbacks) and
// libfccp-dev (columns fixed at compile time), and neither fits name-matched headers well
// enough to justify a new build and deploy dependency for ~150 lines.
#ifndef SCORECARD_COMMON_FILES_CSV_READER_H_
#define SCORECARD_COMMON_FILES_CSV_READER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace scorecard {

// One CSV record.
struct CsvRow {
  // The 1-based line the record starts on (a quoted line break makes a record span lines).
  int line = 0;
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  // `text` must outlive the reader.
  explicit CsvReader(absl::string_view text);

  // Reads the next record into *row. False at the end of the input, or at malformed input,
  // after which status() says what and where.
  bool Next(CsvRow* row);

  // OK, or INVALID_ARGUMENT naming the line of the first malformed record.
  const absl::Status& status() const { return status_; }

 private:
  absl::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  absl::Status status_;
};

// Every record of `text`, or the reader's error.
[[nodiscard]] absl::StatusOr<std::vector<CsvRow>> ReadCsv(absl::string_view text);

// `field` as a CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line
// break, as is otherwise.
std::string CsvField(absl::string_view field);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_FILES_CSV_READER_H_
