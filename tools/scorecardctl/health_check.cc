#include "tools/scorecardctl/health_check.h"

#include <grpcpp/client_context.h>

#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace scorecard::scorecardctl {

std::string HealthReport::Describe() const {
  switch (state) {
    case HealthState::kServing: return "SERVING";
    case HealthState::kNotServing: return "NOT_SERVING";
    case HealthState::kServiceUnknown: return "SERVICE_UNKNOWN";
    case HealthState::kUnreachable: return absl::StrCat("UNREACHABLE (", detail, ")");
  }
  return "UNKNOWN";
}

HealthReport CheckHealth(grpc::Channel& channel, absl::string_view service,
                         absl::Duration deadline) {
  // The stub only borrows the channel for the call; a non-owning shared_ptr avoids
  // forcing callers to hand over ownership.
  std::shared_ptr<grpc::Channel> borrowed(&channel, [](grpc::Channel*) {});
  std::unique_ptr<grpc::health::v1::Health::Stub> stub =
      grpc::health::v1::Health::NewStub(borrowed);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(std::string(service));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);

  HealthReport report;
  if (!status.ok()) {
    // The default health service answers NOT_FOUND for a name it has never been told of.
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      report.state = HealthState::kServiceUnknown;
      return report;
    }
    const absl::Status error = FromGrpcStatus(status);
    report.detail = absl::StrCat(absl::StatusCodeToString(error.code()), ": ", error.message());
    return report;
  }
  switch (response.status()) {
    case grpc::health::v1::HealthCheckResponse::SERVING:
      report.state = HealthState::kServing;
      break;
    case grpc::health::v1::HealthCheckResponse::SERVICE_UNKNOWN:
      report.state = HealthState::kServiceUnknown;
      break;
    default:
      report.state = HealthState::kNotServing;
      break;
  }
  return report;
}

}  // namespace scorecard::scorecardctl
