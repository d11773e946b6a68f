#include "tools/demo_data/jsonl_writer.h"

#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace scorecard::demo_data {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path, int error) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(error)));
}

absl::Status WriteAll(int fd, absl::string_view text, const std::string& path) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", path, errno);
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace

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
  // Beside the target, so the rename stays within one filesystem and is atomic.
  const std::string temp = absl::StrCat(path, ".tmp-", ::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", temp, errno);
  absl::Status status = WriteAll(fd, *text, temp);
  if (status.ok() && ::fsync(fd) != 0) status = ErrnoError("cannot sync", temp, errno);
  if (::close(fd) != 0 && status.ok()) status = ErrnoError("cannot close", temp, errno);
  if (status.ok() && std::rename(temp.c_str(), path.c_str()) != 0) {
    status = ErrnoError("cannot rename to", path, errno);
  }
  if (!status.ok()) ::unlink(temp.c_str());
  return status;
}

}  // namespace scorecard::demo_data
