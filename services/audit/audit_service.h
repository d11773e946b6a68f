// The audit service's gRPC surface over an AuditStore: AppendEvents and QueryEvents,
// with the SQLite work done on an Executor so gRPC's threads never block.
//
//   absl::StatusOr<std::unique_ptr<AuditStore>> store = AuditStore::Open(path);
//   Executor executor(4);
//   AuditServiceImpl service(store->get(), &executor);
//   builder.RegisterService(&service);
//
// Every event is validated before any is stored (ValidateAuditEvents): a bad batch
// is refused whole, with INVALID_ARGUMENT naming each bad field. sequence and
// recorded_at sent by a client are ignored; the log assigns them.
#ifndef SCORECARD_SERVICES_AUDIT_AUDIT_SERVICE_H_
#define SCORECARD_SERVICES_AUDIT_AUDIT_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "common/concurrency/executor.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "services/audit/audit_store.h"

namespace scorecard::audit {

// Largest AppendEvents batch; emitters flush larger buffers in several calls.
inline constexpr int kMaxEventsPerAppend = 10000;

class AuditServiceImpl final : public v1::AuditService::CallbackService {
 public:
  // Neither is owned; both must outlive the server.
  AuditServiceImpl(AuditStore* store, Executor* executor) : store_(store), executor_(executor) {}

  grpc::ServerUnaryReactor* AppendEvents(grpc::CallbackServerContext* context,
                                         const v1::AppendEventsRequest* request,
                                         v1::AppendEventsResponse* response) override;
  grpc::ServerUnaryReactor* QueryEvents(grpc::CallbackServerContext* context,
                                        const v1::QueryEventsRequest* request,
                                        v1::QueryEventsResponse* response) override;

  // The work behind the RPCs, callable without a network.
  [[nodiscard]] absl::Status DoAppend(const v1::AppendEventsRequest& request,
                                      v1::AppendEventsResponse* response);
  [[nodiscard]] absl::Status DoQuery(const v1::QueryEventsRequest& request,
                                     v1::QueryEventsResponse* response) const;

 private:
  AuditStore* const store_;
  Executor* const executor_;
};

}  // namespace scorecard::audit

#endif  // SCORECARD_SERVICES_AUDIT_AUDIT_SERVICE_H_
