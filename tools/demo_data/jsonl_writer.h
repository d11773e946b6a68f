// Writes record wrappers as JSON Lines: one object a line in protobuf's JSON mapping (proto
// field names), the format `scorecardctl ingest <service> FILE` reads.
//
//   absl::Status s = WriteJsonLines("/tmp/demo/safeguarding.jsonl", data.safeguarding);
//   absl::StatusOr<std::string> line = ToJsonLine(data.safeguarding.front());
//
// A file appears whole or not at all: the lines go to a temporary file beside it, which is
// flushed to disk and then renamed over the target, so a reader (or a crash) never sees
// half a file and an old file stays intact if writing fails.
#ifndef SCORECARD_TOOLS_DEMO_DATA_JSONL_WRITER_H_
#define SCORECARD_TOOLS_DEMO_DATA_JSONL_WRITER_H_

#include <google/protobuf/message.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/files/atomic_file.h"

namespace scorecard::demo_data {

// One record as a single line of JSON, without the newline.
[[nodiscard]] absl::StatusOr<std::string> ToJsonLine(const google::protobuf::Message& record);

// All records, each line ending in "\n".
[[nodiscard]] absl::StatusOr<std::string> ToJsonLines(
    absl::Span<const google::protobuf::Message* const> records);

// Writes ToJsonLines(records) to `path` atomically (temporary file, fsync, rename). The
// folder must exist.
[[nodiscard]] absl::Status WriteJsonLines(
    const std::string& path, absl::Span<const google::protobuf::Message* const> records);

template <typename Record>
[[nodiscard]] absl::StatusOr<std::string> ToJsonLines(const std::vector<Record>& records) {
  std::vector<const google::protobuf::Message*> messages;
  messages.reserve(records.size());
  for (const Record& r : records) messages.push_back(&r);
  return ToJsonLines(absl::MakeConstSpan(messages));
}

template <typename Record>
[[nodiscard]] absl::Status WriteJsonLines(const std::string& path,
                                          const std::vector<Record>& records) {
  std::vector<const google::protobuf::Message*> messages;
  messages.reserve(records.size());
  for (const Record& r : records) messages.push_back(&r);
  return WriteJsonLines(path, absl::MakeConstSpan(messages));
}

// Several JSON Lines files written a piece at a time (one authority after another), each
// appearing whole or not at all: lines go to temporary files beside the targets, and
// Commit() flushes them to disk and renames them into place. Destroyed before Commit(),
// it removes the temporary files and leaves the targets as they were.
//
//   SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<JsonLinesFiles> files,
//                              JsonLinesFiles::Create({"out/a.jsonl", "out/b.jsonl"}));
//   SCORECARD_RETURN_IF_ERROR(files->Append(0, records_for_a));
//   SCORECARD_RETURN_IF_ERROR(files->Commit());
class JsonLinesFiles {
 public:
  // Creates a temporary file beside each path. The folders must exist.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<JsonLinesFiles>> Create(
      std::vector<std::string> paths);
  JsonLinesFiles(const JsonLinesFiles&) = delete;
  JsonLinesFiles& operator=(const JsonLinesFiles&) = delete;

  // Appends the records to file `index` (an index into the paths given to Create).
  [[nodiscard]] absl::Status Append(size_t index,
                                    absl::Span<const google::protobuf::Message* const> records);
  template <typename Record>
  [[nodiscard]] absl::Status Append(size_t index, const std::vector<Record>& records) {
    std::vector<const google::protobuf::Message*> messages;
    messages.reserve(records.size());
    for (const Record& r : records) messages.push_back(&r);
    return Append(index, absl::MakeConstSpan(messages));
  }

  // Flushes every file to disk, then renames each over its target.
  [[nodiscard]] absl::Status Commit();

 private:
  explicit JsonLinesFiles(std::unique_ptr<AtomicFileSet> files) : files_(std::move(files)) {}

  std::unique_ptr<AtomicFileSet> files_;
};

}  // namespace scorecard::demo_data

#endif  // SCORECARD_TOOLS_DEMO_DATA_JSONL_WRITER_H_
