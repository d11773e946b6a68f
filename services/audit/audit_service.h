// The audit service's gRPC surface over an AuditStore: AppendEvents (group
// committed), QueryEvents and VerifyChain. The callback API never blocks
// gRPC's threads on allowed calls: appends wait in the GroupCommitter, queries
// and verification run on an Executor.
//
//   absl::StatusOr<std::unique_ptr<AuditStore>> store = AuditStore::Open(path);
//   OwnEventsSink own_events(store->get(), checkpointer.get());
//   std::function<void(const Denial&)> record_denial = DenialRecorder("audit", &own_events);
//   auto authorizer = AuthorizerFromFlags(server_options, record_denial);
//   Executor executor(4);
//   AuditServiceOptions options;
//   options.checkpointer = checkpointer.get();  // optional, see checkpointer.h
//   options.on_denied = record_denial;
//   AuditServiceImpl service(store->get(), &executor, authorizer->get(), std::move(options));
//   builder.RegisterService(&service);
//
// Every call is authorized against the same policy as every other service
// (deploy/security/policy.textproto: services append, admins query and
// verify). A caller identified by certificate or token may append only its
// own events: each event's emitter must be its principal ("safeguarding"),
// so no service can write under another's name, nor under "audit", the name
// of the log's own events. Denials go into this log itself, through the
// Authorizer's on_denied (an OwnEventsSink), before the caller is answered;
// recording one waits for an fsync on the calling thread, like every other
// service's outbox write.
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

#include <functional>

#include "absl/status/status.h"
#include "common/audit/audit_sink.h"
#include "common/concurrency/executor.h"
#include "common/security/policy.h"
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
  // Told about refusals the service makes after authorization (an event naming
  // another emitter), as the Authorizer's on_denied is about its own: pass the
  // same recorder to both. May be empty (the refusal is then only logged).
  std::function<void(const Denial&)> on_denied;
  // Where reads of the log are recorded: a page of events names children and workers, so
  // who read it is itself on the record (the OwnEventsSink on the same log). Not owned.
  // Null: reads are not recorded (tests of other parts only).
  AuditSink* own_events = nullptr;
};

class AuditServiceImpl final : public v1::AuditService::CallbackService {
 public:
  // None is owned; all must outlive the service. `authorizer` decides every
  // call. Destroying the service commits and answers any appends still pending.
  AuditServiceImpl(AuditStore* store, Executor* executor, const Authorizer* authorizer,
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

  // The work behind the RPCs, callable without a network and without
  // authorization (tests, tools). DoAppend blocks until its group committed.
  [[nodiscard]] absl::Status DoAppend(const v1::AppendEventsRequest& request,
                                      v1::AppendEventsResponse* response);
  [[nodiscard]] absl::Status DoQuery(const v1::QueryEventsRequest& request,
                                     v1::QueryEventsResponse* response) const;
  // Errors only if the log cannot be read; a damaged log is OK with ok=false.
  [[nodiscard]] absl::Status DoVerifyChain(const v1::VerifyChainRequest& request,
                                           v1::VerifyChainResponse* response) const;

  const GroupCommitter& committer() const { return committer_; }

 private:
  // The caller, if it may call `rpc` (a method of this service); the denial
  // otherwise, already recorded.
  // Records that `caller` read `page` of the log (the subjects it named), on the log itself.
  absl::Status RecordRead(const CallerIdentity& caller, const v1::QueryEventsRequest& request,
                          const absl::Status& outcome,
                          const v1::QueryEventsResponse& page) const;
  absl::StatusOr<CallerIdentity> Authorize(const grpc::CallbackServerContext& context,
                                           absl::string_view rpc) const;
  // PERMISSION_DENIED, recorded, unless every event is the caller's own.
  absl::Status CheckEmitters(const CallerIdentity& caller,
                             const v1::AppendEventsRequest& request) const;

  AuditStore* const store_;
  Executor* const executor_;
  const Authorizer* const authorizer_;
  const std::function<void(const Denial&)> on_denied_;
  Checkpointer* const checkpointer_;
  AuditSink* const own_events_;
  GroupCommitter committer_;
};

// The VerifyChain answer for a walk of the log (`chain`, made with
// `checkpoints`' anchors); `checkpoints_enabled` false gives DISABLED.
v1::VerifyChainResponse VerificationResponse(const ChainVerification& chain,
                                             bool checkpoints_enabled,
                                             const CheckpointSet& checkpoints);

}  // namespace scorecard::audit

#endif  // SCORECARD_SERVICES_AUDIT_AUDIT_SERVICE_H_
