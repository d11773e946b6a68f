#include "common/service/denial_recorder.h"

#include "absl/strings/str_cat.h"
#include "common/server/log.h"

namespace scorecard {

std::function<void(const Denial&)> DenialRecorder(std::string component, audit::AuditSink* sink) {
  return [component = std::move(component), sink](const Denial& denial) {
    const std::string code = absl::StatusCodeToString(denial.status.code());
    LogWarning(component, absl::StrCat("denied ", denial.method, " to ",
                                       denial.principal.empty() ? "unauthenticated" : denial.principal,
                                       " (", denial.roles, "): ", code));
    // The outbox write is local and durable; a failure here is logged, never thrown.
    const absl::Status recorded = sink->RecordCall(
        {denial.principal.empty() ? "unauthenticated" : denial.principal, denial.roles},
        denial.method, "call", /*authority=*/"", audit::AuditSubjects{},
        audit::AuditOutcome::kDenied, code);
    if (!recorded.ok()) {
      LogError(component, absl::StrCat("audit of a denial failed: ", recorded.ToString()));
    }
  };
}

}  // namespace scorecard
