#include "tools/scorecardctl/verify_report.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tools/scorecardctl/utc_text.h"

namespace scorecard::scorecardctl {
namespace {

namespace v1 = ::scorecard::audit::v1;

// "none", "bad_checkpoint"...: the enum's name without its prefix, lower case.
std::string FaultName(v1::ChainFault fault) {
  absl::string_view name = v1::ChainFault_Name(fault);
  absl::ConsumePrefix(&name, "CHAIN_FAULT_");
  return absl::AsciiStrToLower(name);
}

std::string CheckpointLine(const v1::VerifyChainResponse& response) {
  std::string line;
  switch (response.checkpoint_status()) {
    case v1::CHECKPOINT_STATUS_DISABLED:
      return "OFF: the service has no checkpoint key, so truncation and full rewrites "
             "cannot be detected";
    case v1::CHECKPOINT_STATUS_NONE:
      line = "none written yet";
      break;
    case v1::CHECKPOINT_STATUS_MATCHED:
      line = "matched";
      break;
    case v1::CHECKPOINT_STATUS_MISMATCHED:
      line = "MISMATCHED";
      break;
    case v1::CHECKPOINT_STATUS_NOT_REACHED:
      line = "not reached (the rows fail before the newest checkpoint)";
      break;
    default:
      line = "unknown";
      break;
  }
  absl::StrAppend(&line, "; ", response.valid_checkpoints(), " valid");
  if (response.has_newest_checkpoint()) {
    const v1::ChainCheckpoint& newest = response.newest_checkpoint();
    absl::StrAppend(&line, ", newest at ", newest.sequence(), " (", newest.file(), ", signed ",
                    UtcText(newest.signed_at()), ", key ", newest.key_id(), ")");
  }
  return line;
}

}  // namespace

std::string FormatVerifyReport(const v1::VerifyChainResponse& response) {
  std::string out = absl::StrCat("audit chain: ", response.ok() ? "OK" : "TAMPERED", "\n");
  if (!response.ok()) {
    absl::StrAppend(&out, "  fault:            ", FaultName(response.fault()));
    if (response.first_bad_sequence() > 0) {
      absl::StrAppend(&out, " at position ", response.first_bad_sequence());
    }
    absl::StrAppend(&out, "\n  reason:           ", response.reason(), "\n");
  }
  absl::StrAppend(&out, "  verified events:  ", response.verified_events(), "\n",
                  "  head hash:        ", absl::BytesToHexString(response.head_hash()), "\n",
                  "  checkpoints:      ", CheckpointLine(response), "\n");
  for (const v1::RejectedCheckpoint& rejected : response.rejected_checkpoints()) {
    absl::StrAppend(&out, "  REJECTED checkpoint ", rejected.file(), ": ", rejected.reason(),
                    "\n");
  }
  return out;
}

absl::StatusOr<std::string> VerifyReportToJson(const v1::VerifyChainResponse& response) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(response, &json, options).ok()) {
    return absl::InternalError("cannot print the verification as JSON");
  }
  return json;
}

}  // namespace scorecard::scorecardctl
