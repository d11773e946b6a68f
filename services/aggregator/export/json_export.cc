#include "services/aggregator/export/json_export.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"

namespace scorecard::aggregator {

absl::StatusOr<std::string> ContractJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto printed = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!printed.ok()) {
    return absl::InternalError(absl::StrCat("printing the ", message.GetDescriptor()->name(),
                                            " as JSON: ", printed.ToString()));
  }
  if (json.empty() || json.back() != '\n') json.push_back('\n');
  return json;
}

absl::StatusOr<std::string> ExportJson(const v1::Scorecard& card) { return ContractJson(card); }

}  // namespace scorecard::aggregator
