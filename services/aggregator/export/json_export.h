// The card as JSON: protobuf's JSON mapping of the Scorecard message, so the names are the
// contract's and nothing is hand-written.
//
//   absl::StatusOr<std::string> json = ExportJson(card);
//   // {
//   //  "scorecard_id": "getting-to-good",
//   //  "sections": [{"id": "objective-1-workforce", "rows": [{"unit": "UNIT_COUNT", ...
//
// The same shape as `scorecardctl scorecard --format=json`: the .proto field names
// (snake_case), every non-optional field printed (zeros and empty strings too), enums by
// their full names, a cell's "value" absent when undefined, int64s as strings; indented,
// ending in a newline. It reads back with google::protobuf::util::JsonStringToMessage.
// ContractJson prints any of the contract's messages the same way (scorecardctl's
// publications and restatements), so they all follow one rule.
#ifndef SCORECARD_SERVICES_AGGREGATOR_EXPORT_JSON_EXPORT_H_
#define SCORECARD_SERVICES_AGGREGATOR_EXPORT_JSON_EXPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"

namespace scorecard::aggregator {

[[nodiscard]] absl::StatusOr<std::string> ExportJson(const v1::Scorecard& card);

// INTERNAL naming the message type when it cannot be printed.
[[nodiscard]] absl::StatusOr<std::string> ContractJson(const google::protobuf::Message& message);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_EXPORT_JSON_EXPORT_H_
