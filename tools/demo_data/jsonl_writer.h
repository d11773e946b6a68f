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

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

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

}  // namespace scorecard::demo_data

#endif  // SCORECARD_TOOLS_DEMO_DATA_JSONL_WRITER_H_
