#include "tools/scorecardctl/audit_format.h"

#include <google/protobuf/util/json_util.h>

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "tools/scorecardctl/table_format.h"

namespace scorecard::scorecardctl {
namespace {

namespace v1 = ::scorecard::audit::v1;

// Ids of one kind shown per event before "+N more": enough to recognise a small call,
// short enough that a 5,000-record ingest stays on one line.
constexpr int kIdsShown = 3;

std::string Utc(const google::protobuf::Timestamp& timestamp) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", FromProtoTimestamp(timestamp),
                          absl::UTCTimeZone());
}

// "none", "bad_checkpoint"...: the enum's name without its prefix, lower case.
std::string FaultName(v1::ChainFault fault) {
  absl::string_view name = v1::ChainFault_Name(fault);
  absl::ConsumePrefix(&name, "CHAIN_FAULT_");
  return absl::AsciiStrToLower(name);
}

std::string OutcomeWord(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_OK: return "ok";
    case v1::OUTCOME_DENIED: return "denied";
    case v1::OUTCOME_FAILED: return "failed";
    default: return "-";
  }
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
                    Utc(newest.signed_at()), ", key ", newest.key_id(), ")");
  }
  return line;
}

// "children C1,C2,C3 +4" for one kind of subject; "" when there are none.
std::string IdsText(absl::string_view kind,
                    const google::protobuf::RepeatedPtrField<std::string>& ids) {
  if (ids.empty()) return "";
  std::vector<std::string> shown(ids.begin(), ids.begin() + std::min(ids.size(), kIdsShown));
  std::string text = absl::StrCat(kind, " ", absl::StrJoin(shown, ","));
  if (ids.size() > kIdsShown) absl::StrAppend(&text, " +", ids.size() - kIdsShown);
  return text;
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

std::string FormatAuditEventsTable(absl::Span<const v1::AuditEvent> events) {
  if (events.empty()) return "(no events)\n";
  std::vector<std::vector<std::string>> rows = {{"sequence", "recorded", "actor", "role",
                                                 "action", "outcome", "authority", "subjects",
                                                 "detail"}};
  for (const v1::AuditEvent& event : events) {
    std::vector<std::string> subjects;
    for (std::string text : {IdsText("children", event.child_ids()),
                             IdsText("workers", event.worker_ids()),
                             IdsText("measures", event.measure_ids())}) {
      if (!text.empty()) subjects.push_back(std::move(text));
    }
    if (!event.scorecard_id().empty()) subjects.push_back("scorecard " + event.scorecard_id());
    const auto or_dash = [](const std::string& text) { return text.empty() ? "-" : text; };
    rows.push_back({absl::StrCat(event.sequence()), Utc(event.recorded_at()),
                    or_dash(event.actor()), or_dash(event.role()), or_dash(event.action()),
                    OutcomeWord(event.outcome()), or_dash(event.authority()),
                    subjects.empty() ? "-" : absl::StrJoin(subjects, "; "),
                    or_dash(event.detail())});
  }
  return FormatColumns(rows);
}

absl::StatusOr<std::string> AuditEventToJsonLine(const v1::AuditEvent& event) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(event, &json, options).ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print audit event ", event.sequence(), " as JSON"));
  }
  json.push_back('\n');
  return json;
}

}  // namespace scorecard::scorecardctl
