// Asks a gRPC server whether it is serving, using the standard health-checking protocol.
//
//   auto channel = grpc::CreateChannel("127.0.0.1:40123", grpc::InsecureChannelCredentials());
//   HealthReport report = CheckHealth(*channel, /*service=*/"", absl::Seconds(2));
//   std::cout << report.Describe();   // "SERVING", or "UNREACHABLE (UNAVAILABLE: ...)"
#ifndef SCORECARD_TOOLS_SCORECARDCTL_HEALTH_CHECK_H_
#define SCORECARD_TOOLS_SCORECARDCTL_HEALTH_CHECK_H_

#include <grpcpp/channel.h>

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace scorecard::scorecardctl {

enum class HealthState {
  kServing,
  kNotServing,
  // The server answers but does not know the service name asked about.
  kServiceUnknown,
  // No answer: not listening, or the call failed (detail says why).
  kUnreachable,
};

struct HealthReport {
  HealthState state = HealthState::kUnreachable;
  std::string detail;
  bool serving() const { return state == HealthState::kServing; }
  // "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN" or "UNREACHABLE (<detail>)".
  std::string Describe() const;
};

// Health/Check for `service` ("" for the whole server), within `deadline`.
HealthReport CheckHealth(grpc::Channel& channel, absl::string_view service,
                         absl::Duration deadline);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_HEALTH_CHECK_H_
