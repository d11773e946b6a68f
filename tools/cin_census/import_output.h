// The importer's files: JSON Lines of SafeguardingRecord wrappers (what `scorecardctl
// ingest safeguarding FILE` sends) and the CSV report of rejected children.
//
//   SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out,
//                              AtomicFileWriter::Create("/tmp/cin.jsonl"));
//   SCORECARD_RETURN_IF_ERROR(AppendJsonLines(records, *out));
//   SCORECARD_RETURN_IF_ERROR(out->Commit());  // the file appears whole, or not at all
//
// A file is written to a temporary file beside its target and renamed over it only by
// Commit; destroying an uncommitted writer deletes the temporary file, so a failed or
// refused import never leaves half a file and never touches an existing one.
#ifndef SCORECARD_TOOLS_CIN_CENSUS_IMPORT_OUTPUT_H_
#define SCORECARD_TOOLS_CIN_CENSUS_IMPORT_OUTPUT_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "tools/cin_census/cin_census_importer.h"

namespace scorecard::cin_census {

class AtomicFileWriter {
 public:
  // Creates the temporary file "<path>.tmp-<pid>". The folder must exist.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AtomicFileWriter>> Create(
      const std::string& path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  [[nodiscard]] absl::Status Append(absl::string_view text);
  // Flushes, syncs and renames over the target. The writer is done afterwards.
  [[nodiscard]] absl::Status Commit();

  const std::string& temp_path() const { return temp_path_; }

 private:
  AtomicFileWriter(std::string path, std::string temp_path, int fd)
      : path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd) {}
  absl::Status Flush();

  std::string path_;
  std::string temp_path_;
  int fd_;
  std::string buffer_;
  bool committed_ = false;
};

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
// A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF.
std::string CsvField(absl::string_view text);
// "child_id,element,reason\n" for one problem.
std::string ReportRow(const ImportProblem& problem);

}  // namespace scorecard::cin_census

#endif  // SCORECARD_TOOLS_CIN_CENSUS_IMPORT_OUTPUT_H_
