// Output of `scorecardctl audit query` (`audit verify`'s is verify_report.h).
//
//   std::cout << FormatAuditEventsTable(events);
#ifndef SCORECARD_TOOLS_SCORECARDCTL_AUDIT_FORMAT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_AUDIT_FORMAT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "scorecard/audit/v1/audit_service.pb.h"

namespace scorecard::scorecardctl {

// One line per event: sequence, recorded (UTC), actor, role, action, outcome, authority,
// subjects (the first few ids of each kind, then how many more) and detail.
std::string FormatAuditEventsTable(absl::Span<const audit::v1::AuditEvent> events);
// One event in protobuf's JSON mapping on one line (.proto field names), with a newline.
[[nodiscard]] absl::StatusOr<std::string> AuditEventToJsonLine(const audit::v1::AuditEvent& event);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_AUDIT_FORMAT_H_
