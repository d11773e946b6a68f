// Output of `scorecardctl audit verify` and `audit query`.
//
//   std::cout << FormatVerifyReport(response);
//   // audit chain: OK
//   //   verified events:  1042
//   //   head hash:        5f1c...e09a
//   //   checkpoints:      matched; 12 valid, newest at 1000 (checkpoint-...1000.txt, ...)
//   std::cout << FormatAuditEventsTable(events);
//
// The verification report is the one services/audit's audit_verify prints, line for line,
// so that scripts reading either keep working.
#ifndef SCORECARD_TOOLS_SCORECARDCTL_AUDIT_FORMAT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_AUDIT_FORMAT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "scorecard/audit/v1/audit_service.pb.h"

namespace scorecard::scorecardctl {

// "audit chain: OK" or "audit chain: TAMPERED" with the fault, then events verified, head
// hash, checkpoints and each rejected checkpoint file.
std::string FormatVerifyReport(const audit::v1::VerifyChainResponse& response);
// The response in protobuf's JSON mapping, indented, every field printed.
[[nodiscard]] absl::StatusOr<std::string> VerifyReportToJson(
    const audit::v1::VerifyChainResponse& response);

// One line per event: sequence, recorded (UTC), actor, role, action, outcome, authority,
// subjects (the first few ids of each kind, then how many more) and detail.
std::string FormatAuditEventsTable(absl::Span<const audit::v1::AuditEvent> events);
// One event in protobuf's JSON mapping on one line (.proto field names), with a newline.
[[nodiscard]] absl::StatusOr<std::string> AuditEventToJsonLine(const audit::v1::AuditEvent& event);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_AUDIT_FORMAT_H_
