// The audit service's gRPC surface over an AuditStore: AppendEvents (group
// committed), QueryEvents and VerifyChain. The callback API never blocks
// gRPC's threads: appends wait in the GroupCommitter, queries and
// verification run on an Executor.
//
//   absl::StatusOr<std::unique_ptr<AuditStore>> store = AuditStore::Open(path);
//   Executor executor(4);
//   AuditServiceOptions options;
//   options.checkpointer = checkpointer.get();  // optional, see checkpointer.h
//   AuditServiceImpl service(store->get(), &executor, std::move(options));
//   builder.RegisterService(&service);
//
// Every event is validated before any of its batch is stored
// (ValidateAuditEvents): a bad batch is refused whole, with INVALID_ARGUMENT
// naming each bad field. sequence and recorded_at sent by a client are
// ignored; the log assigns them.
//
// There is no RPC to update or delete an event, and there never will be in
// v1: corrections are new events. The store's triggers refuse UPDATE and
// DELETE even to SQL run on the file.
#ifndef SCORECARD_SERVICES_AUDIT_AUDIT_SERVICE_H_
#define SCORECARD_SERVICES_AUDIT_AUDIT_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "common/concurrency/executor.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "services/audit/audit_store.h"
#include "services/audit/chain_checkpoint.h"
#include "services/audit/checkpointer.h"
#include "services/audit/group_committer.h"

namespace scorecard::audit {

// Largest AppendEvents batch; emitters flush larger buffers in several calls.
inline constexpr int kMaxEventsPerAppend = 10000;

struct AuditServiceOptions {
  GroupCommitOptions group_commit;
  // Not owned; must outlive the service. Told of every commit, and consulted
  // by VerifyChain. Null runs without checkpoints: VerifyChain then reports
  // CHECKPOINT_STATUS_DISABLED, and cannot see truncation or full rewrites.
  Checkpointer* checkpointer = nullptr;
};

class AuditServiceImpl final : public v1::AuditService::CallbackService {
 public:
  // Neither is owned; both must outlive the service. Destroying the service
  // commits and answers any appends still pending.
  AuditServiceImpl(AuditStore* store, Executor* executor,
                   AuditServiceOptions options = AuditServiceOptions());

  grpc::ServerUnaryReactor* AppendEvents(grpc::CallbackServerContext* context,
                                         const v1::AppendEventsRequest* request,
                                         v1::AppendEventsResponse* response) override;
  grpc::ServerUnaryReactor* QueryEvents(grpc::CallbackServerContext* context,
                                        const v1::QueryEventsRequest* request,
                                        v1::QueryEventsResponse* response) override;
  grpc::ServerUnaryReactor* VerifyChain(grpc::CallbackServerContext* context,
                                        const v1::VerifyChainRequest* request,
                                        v1::VerifyChainResponse* response) override;

  // The work behind the RPCs, callable without a network. DoAppend blocks
  // until its group committed.
  [[nodiscard]] absl::Status DoAppend(const v1::AppendEventsRequest& request,
                                      v1::AppendEventsResponse* response);
  [[nodiscard]] absl::Status DoQuery(const v1::QueryEventsRequest& request,
                                     v1::QueryEventsResponse* response) const;
  // Errors only if the log cannot be read; a damaged log is OK with ok=false.
  [[nodiscard]] absl::Status DoVerifyChain(const v1::VerifyChainRequest& request,
                                           v1::VerifyChainResponse* response) const;

  const GroupCommitter& committer() const { return committer_; }

 private:
  AuditStore* const store_;
  Executor* const executor_;
  Checkpointer* const checkpointer_;
  GroupCommitter committer_;
};

// The VerifyChain answer for a walk of the log (`chain`, made with
// `checkpoints`' anchors); `checkpoints_enabled` false gives DISABLED.
v1::VerifyChainResponse VerificationResponse(const ChainVerification& chain,
                                             bool checkpoints_enabled,
                                             const CheckpointSet& checkpoints);

}  // namespace scorecard::audit

#endif  // SCORECARD_SERVICES_AUDIT_AUDIT_SERVICE_H_
