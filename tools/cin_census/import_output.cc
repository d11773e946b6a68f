#include "tools/cin_census/import_output.h"

#include <fcntl.h>
#include <google/protobuf/util/json_util.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace scorecard::cin_census {
namespace {

// Writes go out in pieces of about this size.
constexpr size_t kFlushBytes = size_t{1} << 20;

absl::Status ErrnoError(absl::string_view what, absl::string_view path, int error) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(error)));
}

// Characters protobuf's JSON printer writes as they are. Strings made only of these (ids,
// dates, codes) can be printed without escaping; anything else goes the slow way.
bool PrintsVerbatim(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        absl::string_view(" -._/#:+").find(c) == absl::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Protobuf's JSON mapping (proto field names, defaults omitted, fields in number order) for
// messages of only int32, bool, string and message fields, as in the safeguarding records.
// Returns false for anything else (int64, enums, floats, maps, escapes), leaving the work to
// protobuf's printer; protobuf's converter costs about three times the rest of the import.
bool AppendJsonFast(const google::protobuf::Message& message, std::string* out) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);  // set fields, by field number
  out->push_back('{');
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldDescriptor* field = fields[i];
    if (field->is_map()) return false;
    absl::StrAppend(out, i == 0 ? "\"" : ",\"", field->name(), "\":");
    const int count = field->is_repeated() ? reflection->FieldSize(message, field) : 1;
    if (field->is_repeated()) out->push_back('[');
    for (int j = 0; j < count; ++j) {
      if (j > 0) out->push_back(',');
      const bool repeated = field->is_repeated();
      switch (field->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          absl::StrAppend(out, repeated ? reflection->GetRepeatedInt32(message, field, j)
                                        : reflection->GetInt32(message, field));
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          absl::StrAppend(out, (repeated ? reflection->GetRepeatedBool(message, field, j)
                                         : reflection->GetBool(message, field))
                                   ? "true"
                                   : "false");
          break;
        case FieldDescriptor::CPPTYPE_STRING: {
          if (field->type() == FieldDescriptor::TYPE_BYTES) return false;
          std::string scratch;
          const std::string& text =
              repeated ? reflection->GetRepeatedStringReference(message, field, j, &scratch)
                       : reflection->GetStringReference(message, field, &scratch);
          if (!PrintsVerbatim(text)) return false;
          absl::StrAppend(out, "\"", text, "\"");
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE:
          // Well-known types (Timestamp, wrappers...) have special JSON forms.
          if (field->message_type()->file()->name().rfind("google/protobuf/", 0) == 0) {
            return false;
          }
          if (!AppendJsonFast(repeated ? reflection->GetRepeatedMessage(message, field, j)
                                       : reflection->GetMessage(message, field),
                              out)) {
            return false;
          }
          break;
        default:
          return false;
      }
    }
    if (field->is_repeated()) out->push_back(']');
  }
  out->push_back('}');
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(
    const std::string& path) {
  // Beside the target, so that the rename stays on one filesystem and is atomic.
  std::string temp_path = absl::StrCat(path, ".tmp-", ::getpid());
  const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", temp_path, errno);
  return std::unique_ptr<AtomicFileWriter>(new AtomicFileWriter(path, std::move(temp_path), fd));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (committed_) return;
  if (fd_ >= 0) ::close(fd_);
  ::unlink(temp_path_.c_str());
}

absl::Status AtomicFileWriter::Append(absl::string_view text) {
  if (committed_) return absl::FailedPreconditionError("file already committed");
  buffer_.append(text.data(), text.size());
  return buffer_.size() >= kFlushBytes ? Flush() : absl::OkStatus();
}

absl::Status AtomicFileWriter::Flush() {
  absl::string_view rest = buffer_;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", temp_path_, errno);
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  buffer_.clear();
  return absl::OkStatus();
}

absl::Status AtomicFileWriter::Commit() {
  if (committed_) return absl::FailedPreconditionError("file already committed");
  absl::Status status = Flush();
  if (status.ok() && ::fsync(fd_) != 0) status = ErrnoError("cannot sync", temp_path_, errno);
  if (::close(fd_) != 0 && status.ok()) status = ErrnoError("cannot close", temp_path_, errno);
  fd_ = -1;
  if (status.ok() && std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    status = ErrnoError("cannot rename to", path_, errno);
  }
  // On failure the destructor removes the temporary file.
  committed_ = status.ok();
  return status;
}

absl::StatusOr<std::string> ToJsonLine(const safeguarding::v1::SafeguardingRecord& record) {
  std::string fast;
  if (AppendJsonFast(record, &fast)) return fast;
  return ToJsonLineWithProtobuf(record);
}

absl::StatusOr<std::string> ToJsonLineWithProtobuf(
    const safeguarding::v1::SafeguardingRecord& record) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(record, &json, options);
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print a record as JSON: ", status.message().ToString()));
  }
  return json;
}

absl::Status AppendJsonLines(absl::Span<const safeguarding::v1::SafeguardingRecord> records,
                             AtomicFileWriter& out) {
  for (const safeguarding::v1::SafeguardingRecord& record : records) {
    absl::StatusOr<std::string> line = ToJsonLine(record);
    if (!line.ok()) return line.status();
    line->push_back('\n');
    if (absl::Status appended = out.Append(*line); !appended.ok()) return appended;
  }
  return absl::OkStatus();
}

std::string CsvField(absl::string_view text) {
  if (text.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(text);
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

std::string ReportRow(const ImportProblem& problem) {
  return absl::StrCat(CsvField(problem.child_id), ",", CsvField(problem.element), ",",
                      CsvField(problem.reason), "\n");
}

}  // namespace scorecard::cin_census
