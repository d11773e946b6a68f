// The importer's files: JSON Lines of SafeguardingRecord wrappers (what `scorecardctl
// ingest safeguarding FILE` sends) and the CSV report of rejected children, each streamed
// through an AtomicFileWriter (common/files/atomic_file.h) so that it appears whole or not
// at all.
//
//   SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out,
//                              AtomicFileWriter::Create("/tmp/cin.jsonl"));
//   SCORECARD_RETURN_IF_ERROR(AppendJsonLines(records, *out));
//   SCORECARD_RETURN_IF_ERROR(out->Commit());
#ifndef SCORECARD_TOOLS_CIN_CENSUS_IMPORT_OUTPUT_H_
#define SCORECARD_TOOLS_CIN_CENSUS_IMPORT_OUTPUT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/files/atomic_file.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "tools/cin_census/cin_census_importer.h"

namespace scorecard::cin_census {

// One record in protobuf's JSON mapping on one line (proto field names), no newline.
// Byte for byte what ToJsonLineWithProtobuf gives, several times faster for the field types
// the records use (it falls back to protobuf for any other).
[[nodiscard]] absl::StatusOr<std::string> ToJsonLine(
    const safeguarding::v1::SafeguardingRecord& record);
// The same through protobuf's own JSON printer (JsonPrintOptions: no whitespace, proto
// field names).
[[nodiscard]] absl::StatusOr<std::string> ToJsonLineWithProtobuf(
    const safeguarding::v1::SafeguardingRecord& record);
// Each record as a line ending in "\n".
[[nodiscard]] absl::Status AppendJsonLines(
    absl::Span<const safeguarding::v1::SafeguardingRecord> records, AtomicFileWriter& out);

// The report's first line.
inline constexpr absl::string_view kReportHeader = "child_id,element,reason\n";
// "child_id,element,reason\n" for one problem (fields as common/files/csv_reader.h's
// CsvField writes them).
std::string ReportRow(const ImportProblem& problem);

}  // namespace scorecard::cin_census

#endif  // SCORECARD_TOOLS_CIN_CENSUS_IMPORT_OUTPUT_H_
