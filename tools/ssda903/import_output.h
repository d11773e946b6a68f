// What the SSDA903 importer writes: the records as JSON Lines, the problem report as CSV,
// and a summary for people; each file whole or not at all.
//
//   SCORECARD_ASSIGN_OR_RETURN(std::string jsonl, ToJsonLines(result.placement));
//   SCORECARD_RETURN_IF_ERROR(WriteFileAtomically("/out/placement.jsonl", jsonl));
//   SCORECARD_RETURN_IF_ERROR(WriteFileAtomically("/out/report.csv",
//                                                 FormatReportCsv(result.report)));
//   std::cout << FormatSummary(result, options);
//
// JSON Lines are protobuf's JSON mapping with proto field names, one record wrapper a line:
// what `scorecardctl ingest placement FILE` (and `... safeguarding FILE`) read.
#ifndef SCORECARD_TOOLS_SSDA903_IMPORT_OUTPUT_H_
#define SCORECARD_TOOLS_SSDA903_IMPORT_OUTPUT_H_

#include <google/protobuf/message.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/files/atomic_file.h"
#include "tools/ssda903/ssda903_import.h"

namespace scorecard::ssda903 {

// The report's header row.
inline constexpr absl::string_view kReportHeader = "table,line,column,child,reason";

// The report as CSV (RFC 4180, CRLF line endings so that spreadsheets open it as is): the
// header row, then one row per entry. A line of 0 is written empty.
std::string FormatReportCsv(absl::Span<const ReportEntry> entries);

// One message a line, each line ending in "\n".
[[nodiscard]] absl::StatusOr<std::string> ToJsonLines(
    absl::Span<const google::protobuf::Message* const> records);

template <typename Record>
[[nodiscard]] absl::StatusOr<std::string> ToJsonLines(const std::vector<Record>& records) {
  std::vector<const google::protobuf::Message*> messages;
  messages.reserve(records.size());
  for (const Record& r : records) messages.push_back(&r);
  return ToJsonLines(absl::MakeConstSpan(messages));
}

// Several lines for people: files and the tables they held, children imported and held
// back, records by kind, problems, time taken.
std::string FormatSummary(const ImportResult& result, const ImportOptions& options);

}  // namespace scorecard::ssda903

#endif  // SCORECARD_TOOLS_SSDA903_IMPORT_OUTPUT_H_
