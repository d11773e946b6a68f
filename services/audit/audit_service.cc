#include "services/audit/audit_service.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
#include "common/server/log.h"
#include "common/server/reactor.h"
#include "common/status/grpc_status.h"
#include "services/audit/own_events_sink.h"

namespace scorecard::audit {
namespace {

GroupCommitOptions WithCheckpointTrigger(GroupCommitOptions options, Checkpointer* checkpointer) {
  if (checkpointer == nullptr) return options;
  options.on_commit = [checkpointer, next = std::move(options.on_commit)](const ChainHead& head,
                                                                          int64_t stored) {
    checkpointer->OnAppended(stored);
    if (next) next(head, stored);
  };
  return options;
}

std::string Method(absl::string_view rpc) {
  return absl::StrCat("/", v1::AuditService::service_full_name(), "/", rpc);
}

grpc::ServerUnaryReactor* Finished(grpc::CallbackServerContext* context,
                                   const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

absl::Status CheckBatchSize(const v1::AppendEventsRequest& request) {
  if (request.events_size() > kMaxEventsPerAppend) {
    return absl::InvalidArgumentError(absl::StrCat(
        "events: ", request.events_size(), " events; at most ", kMaxEventsPerAppend, " per call"));
  }
  return absl::OkStatus();
}

void LogAppendFailure(const v1::AppendEventsRequest& request, const absl::Status& status) {
  // Bad input is the caller's to see; anything else is the operator's.
  if (status.code() != absl::StatusCode::kInvalidArgument) {
    LogError("audit", absl::StrCat("append of ", request.events_size(),
                                   " events failed: ", status.ToString()));
  }
}

v1::ChainFault ToProto(ChainFault fault) {
  switch (fault) {
    case ChainFault::kNone:
      return v1::CHAIN_FAULT_NONE;
    case ChainFault::kSequenceBreak:
      return v1::CHAIN_FAULT_SEQUENCE_BREAK;
    case ChainFault::kBrokenLink:
      return v1::CHAIN_FAULT_BROKEN_LINK;
    case ChainFault::kHashMismatch:
      return v1::CHAIN_FAULT_HASH_MISMATCH;
    case ChainFault::kIndexMismatch:
      return v1::CHAIN_FAULT_INDEX_MISMATCH;
    case ChainFault::kTruncated:
      return v1::CHAIN_FAULT_TRUNCATED;
    case ChainFault::kRewritten:
      return v1::CHAIN_FAULT_REWRITTEN;
  }
  return v1::CHAIN_FAULT_UNSPECIFIED;
}

}  // namespace

v1::VerifyChainResponse VerificationResponse(const ChainVerification& chain,
                                             bool checkpoints_enabled,
                                             const CheckpointSet& checkpoints) {
  v1::VerifyChainResponse response;
  response.set_verified_events(chain.verified_events);
  response.set_head_hash(chain.head_hash);
  response.set_fault(ToProto(chain.fault));
  response.set_first_bad_sequence(chain.first_bad_sequence);
  response.set_reason(chain.detail);
  response.set_valid_checkpoints(static_cast<int32_t>(checkpoints.valid.size()));
  for (const RejectedCheckpointFile& rejected : checkpoints.rejected) {
    v1::RejectedCheckpoint* out = response.add_rejected_checkpoints();
    out->set_file(rejected.file);
    out->set_reason(rejected.reason);
  }
  if (const SignedCheckpoint* newest = checkpoints.newest(); newest != nullptr) {
    v1::ChainCheckpoint* out = response.mutable_newest_checkpoint();
    out->set_sequence(newest->sequence);
    out->set_head_hash(newest->head_hash);
    *out->mutable_signed_at() = ToProtoTimestamp(newest->signed_at);
    out->set_key_id(newest->key_id);
    out->set_file(newest->file);
  }

  // How the walk went relative to the checkpoints: the store checked every
  // anchor it passed, so only where it stopped matters.
  if (!checkpoints_enabled) {
    response.set_checkpoint_status(v1::CHECKPOINT_STATUS_DISABLED);
  } else if (checkpoints.valid.empty()) {
    response.set_checkpoint_status(v1::CHECKPOINT_STATUS_NONE);
  } else {
    const int64_t newest = checkpoints.newest()->sequence;
    bool at_a_checkpoint = false;
    for (const SignedCheckpoint& checkpoint : checkpoints.valid) {
      if (checkpoint.sequence == chain.first_bad_sequence) at_a_checkpoint = true;
    }
    if (chain.ok() || chain.verified_events >= newest) {
      response.set_checkpoint_status(v1::CHECKPOINT_STATUS_MATCHED);
    } else if ((chain.fault == ChainFault::kRewritten && at_a_checkpoint) ||
               chain.fault == ChainFault::kTruncated) {
      response.set_checkpoint_status(v1::CHECKPOINT_STATUS_MISMATCHED);
    } else {
      response.set_checkpoint_status(v1::CHECKPOINT_STATUS_NOT_REACHED);
    }
  }

  // A row fault comes first (it has a position); otherwise a checkpoint file
  // that does not verify is itself evidence of tampering.
  if (chain.ok() && !checkpoints.rejected.empty()) {
    const RejectedCheckpointFile& first = checkpoints.rejected.front();
    response.set_fault(v1::CHAIN_FAULT_BAD_CHECKPOINT);
    response.set_first_bad_sequence(0);
    response.set_reason(absl::StrCat("the rows verify, but ", checkpoints.rejected.size(),
                                     " checkpoint file(s) were rejected; first: ", first.file, ": ",
                                     first.reason));
  }
  response.set_ok(chain.ok() && checkpoints.rejected.empty());
  return response;
}

AuditServiceImpl::AuditServiceImpl(AuditStore* store, Executor* executor,
                                   const Authorizer* authorizer, AuditServiceOptions options)
    : store_(store),
      executor_(executor),
      authorizer_(authorizer),
      on_denied_(std::move(options.on_denied)),
      checkpointer_(options.checkpointer),
      own_events_(options.own_events),
      committer_(store,
                 WithCheckpointTrigger(std::move(options.group_commit), options.checkpointer)) {}

absl::StatusOr<CallerIdentity> AuditServiceImpl::Authorize(
    const grpc::CallbackServerContext& context, absl::string_view rpc) const {
  return authorizer_->Authorize(context, Method(rpc));  // a denial is recorded by on_denied
}

absl::Status AuditServiceImpl::CheckEmitters(const CallerIdentity& caller,
                                             const v1::AppendEventsRequest& request) const {
  // The local quick start's identity stands for every service on the machine.
  const bool local = caller.authenticated_by == kLocalIdentitySource;
  for (int i = 0; i < request.events_size(); ++i) {
    const std::string& emitter = request.events(i).emitter();
    std::string why;
    if (emitter == kOwnEmitter) {
      why = absl::StrCat("its emitter is ", kOwnEmitter, ", reserved for the log's own events");
    } else if (!local && emitter != caller.principal) {
      // The emitter sent is not echoed: it is the caller's text, and this is logged.
      why = absl::StrCat("its emitter is not ", caller.principal,
                         "; a caller appends only its own events");
    } else {
      continue;
    }
    const absl::Status denied = absl::PermissionDeniedError(
        absl::StrCat(caller.principal, " may not call ", Method("AppendEvents"), " with events[", i,
                     "]: ", why));
    LogWarning("audit", absl::StrCat("denied ", denied.message()));
    if (on_denied_) {
      on_denied_(Denial{Method("AppendEvents"), caller.principal, caller.RolesText(), denied});
    }
    return denied;
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* AuditServiceImpl::AppendEvents(grpc::CallbackServerContext* context,
                                                         const v1::AppendEventsRequest* request,
                                                         v1::AppendEventsResponse* response) {
  // On gRPC's thread: allowing a call never blocks; recording a denial waits
  // for one fsync, as every other service's outbox write does.
  absl::StatusOr<CallerIdentity> caller = Authorize(*context, "AppendEvents");
  if (!caller.ok()) return Finished(context, caller.status());
  if (absl::Status own = CheckEmitters(*caller, *request); !own.ok()) {
    return Finished(context, own);
  }
  if (absl::Status size = CheckBatchSize(*request); !size.ok()) return Finished(context, size);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // Answered from the committer thread once the request's group is durable;
  // `request` and `response` live until Finish.
  committer_.Submit(request,
                    [reactor, request, response](absl::StatusOr<v1::AppendEventsResponse> result) {
                      if (result.ok()) {
                        *response = *std::move(result);
                      } else {
                        LogAppendFailure(*request, result.status());
                      }
                      reactor->Finish(ToGrpcStatus(result.status()));
                    });
  return reactor;
}

grpc::ServerUnaryReactor* AuditServiceImpl::QueryEvents(grpc::CallbackServerContext* context,
                                                        const v1::QueryEventsRequest* request,
                                                        v1::QueryEventsResponse* response) {
  return FinishOnExecutor(context, *executor_, [this, context, request, response] {
    absl::StatusOr<CallerIdentity> caller = Authorize(*context, "QueryEvents");
    if (!caller.ok()) return ToGrpcStatus(caller.status());
    const absl::Status queried = DoQuery(*request, response);
    if (absl::Status recorded = RecordRead(*caller, *request, queried, *response);
        !recorded.ok()) {
      response->Clear();
      LogError("audit", absl::StrCat("log read not recorded: ", recorded.ToString()));
      return ToGrpcStatus(absl::UnavailableError(
          "this read of the audit log could not be recorded; nothing was returned, try again"));
    }
    return ToGrpcStatus(queried);
  });
}

grpc::ServerUnaryReactor* AuditServiceImpl::VerifyChain(grpc::CallbackServerContext* context,
                                                        const v1::VerifyChainRequest* request,
                                                        v1::VerifyChainResponse* response) {
  return FinishOnExecutor(context, *executor_, [this, context, request, response] {
    absl::StatusOr<CallerIdentity> caller = Authorize(*context, "VerifyChain");
    if (!caller.ok()) return ToGrpcStatus(caller.status());
    return ToGrpcStatus(DoVerifyChain(*request, response));
  });
}

absl::Status AuditServiceImpl::RecordRead(const CallerIdentity& caller,
                                          const v1::QueryEventsRequest& request,
                                          const absl::Status& outcome,
                                          const v1::QueryEventsResponse& page) const {
  if (own_events_ == nullptr) return absl::OkStatus();
  // The subjects the page disclosed, by id; the filters are the caller's text and are not
  // copied into the log.
  AuditSubjects subjects;
  for (const v1::AuditEvent& event : page.events()) {
    subjects.child_ids.insert(subjects.child_ids.end(), event.child_ids().begin(),
                              event.child_ids().end());
    subjects.worker_ids.insert(subjects.worker_ids.end(), event.worker_ids().begin(),
                               event.worker_ids().end());
  }
  for (std::vector<std::string>* ids : {&subjects.child_ids, &subjects.worker_ids}) {
    std::sort(ids->begin(), ids->end());
    ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
  }
  const std::string authority =
      IsValidAuthorityCode(request.authority()) ? request.authority() : "";
  const std::string detail = outcome.ok()
                                 ? absl::StrCat("OK events=", page.events_size())
                                 : AuditDetailFor(outcome);
  return own_events_->RecordCall({caller.principal, caller.RolesText()},
                                         Method("QueryEvents"), kActionReadAudit, authority,
                                         subjects, AuditOutcomeFor(outcome), detail);
}

absl::Status AuditServiceImpl::DoAppend(const v1::AppendEventsRequest& request,
                                        v1::AppendEventsResponse* response) {
  if (absl::Status size = CheckBatchSize(request); !size.ok()) return size;
  absl::StatusOr<v1::AppendEventsResponse> stored = committer_.Append(request);
  if (!stored.ok()) {
    LogAppendFailure(request, stored.status());
    return stored.status();
  }
  *response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status AuditServiceImpl::DoQuery(const v1::QueryEventsRequest& request,
                                       v1::QueryEventsResponse* response) const {
  absl::StatusOr<v1::QueryEventsResponse> page = store_->Query(request);
  if (!page.ok()) {
    if (page.status().code() != absl::StatusCode::kInvalidArgument) {
      LogError("audit", absl::StrCat("query failed: ", page.status().ToString()));
    }
    return page.status();
  }
  *response = *std::move(page);
  return absl::OkStatus();
}

absl::Status AuditServiceImpl::DoVerifyChain(const v1::VerifyChainRequest& /*request*/,
                                             v1::VerifyChainResponse* response) const {
  // Checkpoints before the log: each was written from a committed head, so
  // the snapshot the walk reads afterwards holds every row they name.
  CheckpointSet checkpoints;
  if (checkpointer_ != nullptr) checkpoints = checkpointer_->Load();
  absl::StatusOr<ChainVerification> chain = store_->VerifyChain(checkpoints.Anchors());
  if (!chain.ok()) {
    LogError("audit",
             absl::StrCat("chain verification could not run: ", chain.status().ToString()));
    return chain.status();
  }
  *response = VerificationResponse(*chain, checkpointer_ != nullptr, checkpoints);
  if (!response->ok()) {
    LogError("audit",
             absl::StrCat("chain verification FAILED",
                          response->first_bad_sequence() > 0
                              ? absl::StrCat(" at position ", response->first_bad_sequence())
                              : std::string(),
                          ": ", response->reason()));
  }
  return absl::OkStatus();
}

}  // namespace scorecard::audit
