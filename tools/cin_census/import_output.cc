#include "tools/cin_census/import_output.h"

#include <google/protobuf/util/json_util.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/files/csv_reader.h"

namespace scorecard::cin_census {
namespace {

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

std::string ReportRow(const ImportProblem& problem) {
  return absl::StrCat(CsvField(problem.child_id), ",", CsvField(problem.element), ",",
                      CsvField(problem.reason), "\n");
}

}  // namespace scorecard::cin_census
