// Turns an authorization denial into an audit event (and a log line), so every refused call
// is on the audit trail: the Authorizer calls it for each denial.
//
//   auto authorizer = AuthorizerFromFlags(options, DenialRecorder("safeguarding", sink));
#ifndef SCORECARD_COMMON_SERVICE_DENIAL_RECORDER_H_
#define SCORECARD_COMMON_SERVICE_DENIAL_RECORDER_H_

#include <functional>
#include <string>

#include "common/audit/audit_sink.h"
#include "common/security/policy.h"

namespace scorecard {

std::function<void(const Denial&)> DenialRecorder(std::string component, audit::AuditSink* sink);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVICE_DENIAL_RECORDER_H_
