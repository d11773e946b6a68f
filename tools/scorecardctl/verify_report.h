// The audit chain verification as people and scripts read it, for `scorecardctl audit
// verify` and services/audit's audit_verify alike (one report, so scripts reading either
// keep working).
//
//   std::cout << FormatVerifyReport(response);
//   // audit chain: OK
//   //   verified events:  1042
//   //   head hash:        5f1c...e09a
//   //   checkpoints:      matched; 12 valid, newest at 1000 (checkpoint-...1000.txt, ...)
//   absl::StatusOr<std::string> json = VerifyReportToJson(response);   // --format=json, --json
#ifndef SCORECARD_TOOLS_SCORECARDCTL_VERIFY_REPORT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_VERIFY_REPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "scorecard/audit/v1/audit_service.pb.h"

namespace scorecard::scorecardctl {

// "audit chain: OK" or "audit chain: TAMPERED" with the fault, then events verified, head
// hash, checkpoints and each rejected checkpoint file.
std::string FormatVerifyReport(const audit::v1::VerifyChainResponse& response);
// The response in protobuf's JSON mapping (lowerCamelCase names, as audit_verify has always
// printed them), indented, every field printed.
[[nodiscard]] absl::StatusOr<std::string> VerifyReportToJson(
    const audit::v1::VerifyChainResponse& response);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_VERIFY_REPORT_H_
