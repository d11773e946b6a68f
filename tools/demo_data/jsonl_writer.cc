#include "tools/demo_data/jsonl_writer.h"

#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/files/atomic_file.h"

namespace scorecard::demo_data {
namespace {

absl::Status ErrnoError(absl::string_view what, const std::string& path, int error) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(error)));
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
  return WriteFileAtomically(path, *text);
}


absl::StatusOr<std::unique_ptr<JsonLinesFiles>> JsonLinesFiles::Create(
    std::vector<std::string> paths) {
  std::vector<File> files;
  for (std::string& path : paths) {
    File file;
    // Beside the target, so that the rename stays within one filesystem and is atomic.
    file.temp = absl::StrCat(path, ".tmp-", ::getpid());
    file.path = std::move(path);
    file.fd = ::open(file.temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (file.fd < 0) {
      const absl::Status error = ErrnoError("cannot create", file.temp, errno);
      for (File& made : files) {
        ::close(made.fd);
        ::unlink(made.temp.c_str());
      }
      return error;
    }
    files.push_back(std::move(file));
  }
  return std::unique_ptr<JsonLinesFiles>(new JsonLinesFiles(std::move(files)));
}

JsonLinesFiles::~JsonLinesFiles() {
  for (File& file : files_) {
    if (file.fd >= 0) ::close(file.fd);
    if (!committed_) ::unlink(file.temp.c_str());
  }
}

absl::Status JsonLinesFiles::Append(size_t index,
                                    absl::Span<const google::protobuf::Message* const> records) {
  if (index >= files_.size() || files_[index].fd < 0) {
    return absl::FailedPreconditionError("JsonLinesFiles: no such open file");
  }
  absl::StatusOr<std::string> text = ToJsonLines(records);
  if (!text.ok()) return text.status();
  absl::string_view rest = *text;
  while (!rest.empty()) {
    const ssize_t n = ::write(files_[index].fd, rest.data(), rest.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", files_[index].temp, errno);
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status JsonLinesFiles::Commit() {
  for (File& file : files_) {
    if (file.fd < 0) return absl::FailedPreconditionError("JsonLinesFiles: already committed");
    if (::fsync(file.fd) != 0) return ErrnoError("cannot sync", file.temp, errno);
    const int closed = ::close(file.fd);
    file.fd = -1;
    if (closed != 0) return ErrnoError("cannot close", file.temp, errno);
  }
  for (File& file : files_) {
    if (std::rename(file.temp.c_str(), file.path.c_str()) != 0) {
      return ErrnoError("cannot rename to", file.path, errno);
    }
  }
  committed_ = true;
  return absl::OkStatus();
}

}  // namespace scorecard::demo_data
