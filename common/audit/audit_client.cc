#include "common/audit/audit_client.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"

namespace scorecard::audit {

std::unique_ptr<GrpcAuditClient> GrpcAuditClient::ForAddress(
    std::string address, std::shared_ptr<grpc::ChannelCredentials> credentials,
    grpc::ChannelArguments args) {
  return std::unique_ptr<GrpcAuditClient>(new GrpcAuditClient(
      [address = std::move(address)]() -> absl::StatusOr<std::string> { return address; },
      std::move(credentials), std::move(args)));
}

std::unique_ptr<GrpcAuditClient> GrpcAuditClient::ForPortFile(
    std::string port_file, std::string host, std::shared_ptr<grpc::ChannelCredentials> credentials,
    grpc::ChannelArguments args) {
  auto resolve = [port_file = std::move(port_file),
                  host = std::move(host)]() -> absl::StatusOr<std::string> {
    std::ifstream in(port_file);
    std::stringstream text;
    text << in.rdbuf();
    int port = 0;
    if (!in || !absl::SimpleAtoi(absl::StripAsciiWhitespace(text.str()), &port) || port <= 0 ||
        port > 65535) {
      // The audit service has not (yet) written it: a retryable condition.
      return absl::UnavailableError(
          absl::StrCat("audit service port file ", port_file, " is missing or not a port"));
    }
    return absl::StrCat(host, ":", port);
  };
  return std::unique_ptr<GrpcAuditClient>(
      new GrpcAuditClient(std::move(resolve), std::move(credentials), std::move(args)));
}

GrpcAuditClient::GrpcAuditClient(std::function<absl::StatusOr<std::string>()> resolve,
                                 std::shared_ptr<grpc::ChannelCredentials> credentials,
                                 grpc::ChannelArguments args)
    : resolve_(std::move(resolve)),
      credentials_(credentials != nullptr ? std::move(credentials)
                                          : grpc::InsecureChannelCredentials()),
      args_(std::move(args)) {}

absl::StatusOr<std::shared_ptr<v1::AuditService::Stub>> GrpcAuditClient::Stub() {
  absl::MutexLock lock(&mu_);
  if (stub_ != nullptr && !stale_) return stub_;
  SCORECARD_ASSIGN_OR_RETURN(std::string target, resolve_());
  if (stub_ == nullptr || target != target_) {
    target_ = std::move(target);
    stub_ = v1::AuditService::NewStub(grpc::CreateCustomChannel(target_, credentials_, args_));
  }
  stale_ = false;
  return stub_;
}

absl::StatusOr<v1::AppendEventsResponse> GrpcAuditClient::AppendEvents(
    const v1::AppendEventsRequest& request, absl::Duration timeout) {
  SCORECARD_ASSIGN_OR_RETURN(std::shared_ptr<v1::AuditService::Stub> stub, Stub());
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  {
    absl::MutexLock lock(&mu_);
    in_flight_ = &context;
  }
  v1::AppendEventsResponse response;
  const grpc::Status status = stub->AppendEvents(&context, request, &response);
  absl::MutexLock lock(&mu_);
  in_flight_ = nullptr;
  if (!status.ok()) {
    stale_ = true;  // The service may have moved (a new port file).
    return FromGrpcStatus(status);
  }
  return response;
}

void GrpcAuditClient::CancelPending() {
  absl::MutexLock lock(&mu_);
  if (in_flight_ != nullptr) in_flight_->TryCancel();
}

}  // namespace scorecard::audit
