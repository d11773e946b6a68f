#include "tools/scorecardctl/audit_format.h"

#include <google/protobuf/util/json_util.h>

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/scorecardctl/table_format.h"
#include "tools/scorecardctl/utc_text.h"

namespace scorecard::scorecardctl {
namespace {

namespace v1 = ::scorecard::audit::v1;

// Ids of one kind shown per event before "+N more": enough to recognise a small call,
// short enough that a 5,000-record ingest stays on one line.
constexpr int kIdsShown = 3;

std::string OutcomeWord(v1::Outcome outcome) {
  switch (outcome) {
    case v1::OUTCOME_OK: return "ok";
    case v1::OUTCOME_DENIED: return "denied";
    case v1::OUTCOME_FAILED: return "failed";
    default: return "-";
  }
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
    rows.push_back({absl::StrCat(event.sequence()), UtcText(event.recorded_at()),
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
