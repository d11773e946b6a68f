#include "tools/demo_data/jsonl_writer.h"

#include <google/protobuf/util/json_util.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/files/atomic_file.h"

namespace scorecard::demo_data {

absl::StatusOr<std::string> ToJsonLine(const google::protobuf::Message& record) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;  // one line
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(record, &json, options);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("cannot print ", record.GetTypeName(),
                                            " as JSON: ", status.message().ToString()));
  }
  return json;
}

absl::StatusOr<std::string> ToJsonLines(
    absl::Span<const google::protobuf::Message* const> records) {
  std::string out;
  for (const google::protobuf::Message* record : records) {
    absl::StatusOr<std::string> line = ToJsonLine(*record);
    if (!line.ok()) return line.status();
    absl::StrAppend(&out, *line, "\n");
  }
  return out;
}

absl::Status WriteJsonLines(const std::string& path,
                            absl::Span<const google::protobuf::Message* const> records) {
  absl::StatusOr<std::string> text = ToJsonLines(records);
  if (!text.ok()) return text.status();
  return WriteFileAtomically(path, *text);
}


absl::StatusOr<std::unique_ptr<JsonLinesFiles>> JsonLinesFiles::Create(
    std::vector<std::string> paths) {
  absl::StatusOr<std::unique_ptr<AtomicFileSet>> files = AtomicFileSet::Create(paths);
  if (!files.ok()) return files.status();
  return std::unique_ptr<JsonLinesFiles>(new JsonLinesFiles(*std::move(files)));
}

absl::Status JsonLinesFiles::Append(size_t index,
                                    absl::Span<const google::protobuf::Message* const> records) {
  absl::StatusOr<std::string> text = ToJsonLines(records);
  if (!text.ok()) return text.status();
  return files_->Append(index, *text);
}

absl::Status JsonLinesFiles::Commit() { return files_->Commit(); }

}  // namespace scorecard::demo_data
