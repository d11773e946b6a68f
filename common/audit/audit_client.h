// The audit service as the forwarder sees it: one call, AppendEvents. An
// interface (google-cloud-cpp style stub) so the forwarder can be tested
// against failures the network rarely produces on cue, such as a lost
// acknowledgement, by wrapping the real client in a decorator.
//
//   std::unique_ptr<AuditClient> client = GrpcAuditClient::ForAddress("127.0.0.1:7105");
//   absl::StatusOr<v1::AppendEventsResponse> ack =
//       client->AppendEvents(request, absl::Seconds(10));
//
// For the local stack, where the audit service binds port 0 and may restart
// on another port, ForPortFile re-reads its --port_file whenever a call
// fails, and connects to 127.0.0.1:<port>.
#ifndef SCORECARD_COMMON_AUDIT_AUDIT_CLIENT_H_
#define SCORECARD_COMMON_AUDIT_AUDIT_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"

namespace scorecard::audit {

class AuditClient {
 public:
  virtual ~AuditClient() = default;

  // Sends one batch and waits, at most `timeout`, for the acknowledgement.
  [[nodiscard]] virtual absl::StatusOr<v1::AppendEventsResponse> AppendEvents(
      const v1::AppendEventsRequest& request, absl::Duration timeout) = 0;

  // Makes a call in progress (on another thread) return promptly with
  // CANCELLED; for shutdown. Later calls are unaffected.
  virtual void CancelPending() {}
};

class GrpcAuditClient final : public AuditClient {
 public:
  // Null credentials mean plaintext (the local stack); pass TLS credentials
  // (common/security: MakeChannelCredentials) in production, and `args` with
  // the TLS server name override when the target's name is not in the
  // audit service's certificate.
  static std::unique_ptr<GrpcAuditClient> ForAddress(
      std::string address, std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr,
      grpc::ChannelArguments args = grpc::ChannelArguments());
  // The target is "<host>:<port read from port_file>", re-read after a failure.
  static std::unique_ptr<GrpcAuditClient> ForPortFile(
      std::string port_file, std::string host = "127.0.0.1",
      std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr,
      grpc::ChannelArguments args = grpc::ChannelArguments());

  absl::StatusOr<v1::AppendEventsResponse> AppendEvents(const v1::AppendEventsRequest& request,
                                                        absl::Duration timeout) override;
  void CancelPending() override;

 private:
  GrpcAuditClient(std::function<absl::StatusOr<std::string>()> resolve,
                  std::shared_ptr<grpc::ChannelCredentials> credentials,
                  grpc::ChannelArguments args);

  // The stub for the current target, (re)connecting when it changed.
  absl::StatusOr<std::shared_ptr<v1::AuditService::Stub>> Stub();

  const std::function<absl::StatusOr<std::string>()> resolve_;
  const std::shared_ptr<grpc::ChannelCredentials> credentials_;
  const grpc::ChannelArguments args_;

  absl::Mutex mu_;
  std::string target_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<v1::AuditService::Stub> stub_ ABSL_GUARDED_BY(mu_);
  // Re-resolve the target before the next call (after a failure).
  bool stale_ ABSL_GUARDED_BY(mu_) = true;
  grpc::ClientContext* in_flight_ ABSL_GUARDED_BY(mu_) = nullptr;
};

}  // namespace scorecard::audit

#endif  // SCORECARD_COMMON_AUDIT_AUDIT_CLIENT_H_
