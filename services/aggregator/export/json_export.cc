#include "services/aggregator/export/json_export.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"

namespace scorecard::aggregator {

absl::StatusOr<std::string> ExportJson(const v1::Scorecard& card) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto printed = google::protobuf::util::MessageToJsonString(card, &json, options);
  if (!printed.ok()) {
    return absl::InternalError(absl::StrCat("printing the card as JSON: ", printed.ToString()));
  }
  if (json.empty() || json.back() != '\n') json.push_back('\n');
  return json;
}

}  // namespace scorecard::aggregator
