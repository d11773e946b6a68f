// The gRPC surface every domain service (workforce, safeguarding, placement) shares:
// Ingest, GetMeasures, ListMeasures, GetDataVersion, WatchDataVersions. A service supplies Traits — its gRPC
// service, how to validate and list its records, how to load its dataset and its measure
// registry — and gets the same validation, durability, bitemporal reads and errors as
// the others.
//
//   struct SafeguardingTraits {
//     using Grpc = safeguarding::v1::SafeguardingService;
//     using IngestRequest = safeguarding::v1::IngestRequest;
//     using Dataset = SafeguardingData;
//     static constexpr const char* kName = "safeguarding";
//     // The store lets a batch refer to records already held (e.g. a known worker).
//     static absl::Status Validate(const IngestRequest&, const VersionedRecordStore&);
//     static std::vector<const google::protobuf::Message*> Records(const IngestRequest&);
//     static absl::StatusOr<Dataset> Load(const VersionedRecordStore&, const std::string&,
//                                         std::optional<absl::Time>);
//     static const MeasureRegistry<Dataset>& Registry();
//   };
//   DomainService<SafeguardingTraits> service(store.get(), &executor, &calendars,
//                                             authorizer.get(), audit->sink());
//
// Every call is authorized first (common/security: the caller's roles against the policy;
// an agency may write only contacts and referrals for its own authority). Every ingest,
// accepted or refused, is recorded with the audit sink (a durable outbox) before the reply.
#ifndef SCORECARD_COMMON_SERVICE_DOMAIN_SERVICE_H_
#define SCORECARD_COMMON_SERVICE_DOMAIN_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <type_traits>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/audit/audit_sink.h"
#include "common/concurrency/executor.h"
#include "common/measures/drill_down.h"
#include "common/measures/measure_registry.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/records/record_validator.h"
#include "common/security/policy.h"
#include "common/server/log.h"
#include "common/server/reactor.h"
#include "common/service/dataset_cache.h"
#include "common/service/version_watchers.h"
#include "common/status/grpc_status.h"
#include "common/store/record_store.h"
#include "common/time/authority_calendars.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard {

// Largest ingest batch accepted in one call; bigger files are sent in several batches.
inline constexpr int kMaxRecordsPerBatch = 50000;

struct DomainServiceOptions {
  VersionWatcherOptions watch;
  // Authorities whose datasets stay built in memory (DatasetCache), most recently used.
  size_t cached_datasets = kDefaultCachedDatasets;
};

template <typename Traits>
class DomainService final : public Traits::Grpc::CallbackService {
 public:
  DomainService(VersionedRecordStore* store, Executor* executor,
                const AuthorityCalendars* calendars, const Authorizer* authorizer,
                audit::AuditSink* audit, DomainServiceOptions options = {})
      : store_(store),
        executor_(executor),
        calendars_(calendars),
        authorizer_(authorizer),
        audit_(audit),
        datasets_(options.cached_datasets),
        watchers_(options.watch) {}

  grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* context,
                                   const typename Traits::IngestRequest* request,
                                   common::v1::IngestResponse* response) override {
    return FinishOnExecutor(context, *executor_, [this, context, request, response] {
      // On the executor: for an agency the check walks the whole batch.
      absl::StatusOr<CallerIdentity> caller =
          authorizer_->AuthorizeIngest(*context, Method("Ingest"), *request);
      if (!caller.ok()) return ToGrpcStatus(caller.status());  // audited by the authorizer
      const absl::Status ingested = DoIngest(*request, response);
      const absl::Status audited = AuditIngest(*caller, *request, ingested, *response);
      // The records are durable either way; a failed audit write is reported so the caller
      // re-sends (idempotent) and the event is recorded then.
      return ToGrpcStatus(ingested.ok() ? audited : ingested);
    });
  }

  grpc::ServerUnaryReactor* GetMeasures(grpc::CallbackServerContext* context,
                                        const common::v1::GetMeasuresRequest* request,
                                        common::v1::GetMeasuresResponse* response) override {
    if (grpc::ServerUnaryReactor* denied = Deny(context, "GetMeasures")) return denied;
    return FinishOnExecutor(context, *executor_, [this, request, response] {
      absl::StatusOr<common::v1::GetMeasuresResponse> result = ComputeMeasures(*request);
      if (result.ok()) *response = std::move(*result);
      return ToGrpcStatus(result.status());
    });
  }

  grpc::ServerUnaryReactor* ListMeasures(grpc::CallbackServerContext* context,
                                         const common::v1::ListMeasuresRequest* /*request*/,
                                         common::v1::ListMeasuresResponse* response) override {
    if (grpc::ServerUnaryReactor* denied = Deny(context, "ListMeasures")) return denied;
    *response = Traits::Registry().List();
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

  grpc::ServerUnaryReactor* GetDataVersion(grpc::CallbackServerContext* context,
                                           const common::v1::GetDataVersionRequest* request,
                                           common::v1::DataVersion* response) override {
    if (grpc::ServerUnaryReactor* denied = Deny(context, "GetDataVersion")) return denied;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    absl::Status valid = ValidateAuthorityCode("authority", request->authority());
    if (valid.ok()) {
      // Served from memory by the store: cheap enough to answer on gRPC's thread.
      response->set_authority(request->authority());
      response->set_version(store_->DataVersion(request->authority()));
    }
    reactor->Finish(ToGrpcStatus(valid));
    return reactor;
  }

  // Pushes data versions to the aggregator under a lease (common/service/version_watchers.h).
  grpc::ServerBidiReactor<common::v1::DataVersionAck, common::v1::DataVersionUpdate>*
  WatchDataVersions(grpc::CallbackServerContext* context) override {
    absl::StatusOr<CallerIdentity> caller =
        authorizer_->Authorize(*context, Method("WatchDataVersions"));
    if (!caller.ok()) return RefusedVersionWatch(ToGrpcStatus(caller.status()));
    return watchers_.Watch(context, [this] { return store_->DataVersions(); });
  }

  // Ends every version watcher's stream, so a server shutting down need not wait for them.
  void EndVersionWatchers() { watchers_.EndAll(); }

  // Authorities whose datasets are kept built (at most DomainServiceOptions::cached_datasets).
  size_t CachedDatasets() const { return datasets_.size(); }

  grpc::ServerUnaryReactor* DrillDown(grpc::CallbackServerContext* context,
                                      const common::v1::DrillDownRequest* request,
                                      common::v1::DrillDownResponse* response) override {
    absl::StatusOr<CallerIdentity> caller = authorizer_->Authorize(*context, Method("DrillDown"));
    if (!caller.ok()) {  // audited by the authorizer
      grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
      reactor->Finish(ToGrpcStatus(caller.status()));
      return reactor;
    }
    return FinishOnExecutor(context, *executor_, [this, caller = *caller, request, response] {
      absl::StatusOr<common::v1::DrillDownResponse> cases = ComputeDrillDown(*request);
      // Child- and worker-level ids leave the service only once the read is on the record.
      const absl::Status audited = AuditDrillDown(caller, *request, cases);
      if (!cases.ok()) return ToGrpcStatus(cases.status());
      if (!audited.ok()) {
        LogError(Traits::kName, absl::StrCat("drill-down not audited: ", audited.ToString()));
        return ToGrpcStatus(absl::UnavailableError(
            "the audit log could not record this read; nothing was returned, try again"));
      }
      *response = std::move(*cases);
      return grpc::Status::OK;
    });
  }

  // The work behind the RPCs, callable without a network (tests, benchmarks, importers).
  absl::Status DoIngest(const typename Traits::IngestRequest& request,
                        common::v1::IngestResponse* response) {
    const std::vector<const google::protobuf::Message*> records = Traits::Records(request);
    if (records.empty()) return absl::InvalidArgumentError("records: the batch is empty");
    if (records.size() > static_cast<size_t>(kMaxRecordsPerBatch)) {
      return absl::InvalidArgumentError(absl::StrCat("records: ", records.size(),
                                                     " records; at most ", kMaxRecordsPerBatch,
                                                     " per batch"));
    }
    absl::Status valid = Traits::Validate(request, *store_);
    if (!valid.ok()) return valid;
    absl::StatusOr<common::v1::IngestResponse> stored = AppendRecords(*store_, records);
    if (!stored.ok()) {
      LogError(Traits::kName, absl::StrCat("ingest failed: ", stored.status().ToString()));
      return stored.status();
    }
    *response = std::move(*stored);
    // Acknowledged only once every watcher holds the new versions or its lease has run out.
    // Also when nothing changed: an equal version may still be on its way to a watcher.
    watchers_.Publish(response->data_versions());
    return absl::OkStatus();
  }

  absl::StatusOr<common::v1::GetMeasuresResponse> ComputeMeasures(
      const common::v1::GetMeasuresRequest& request) const {
    absl::StatusOr<MeasureQuery> query = Traits::Registry().Prepare(request);
    if (!query.ok()) return query.status();
    std::optional<absl::Time> as_at;
    if (request.has_as_at()) as_at = FromProtoTimestamp(request.as_at());
    // Read the version first: a write landing during the computation makes the answer
    // newer than its label, never older, so a cache keyed on it cannot hide that write.
    const int64_t version = store_->DataVersion(query->authority);
    absl::StatusOr<std::shared_ptr<const Dataset>> data =
        LoadDataset(query->authority, version, as_at);
    if (!data.ok()) return data.status();
    common::v1::GetMeasuresResponse response =
        Traits::Registry().Compute(**data, *query, calendars_->For(query->authority));
    response.mutable_data_version()->set_authority(query->authority);
    response.mutable_data_version()->set_version(version);
    return response;
  }

  absl::StatusOr<common::v1::DrillDownResponse> ComputeDrillDown(
      const common::v1::DrillDownRequest& request) const {
    absl::StatusOr<MeasureQuery> query = Traits::Registry().PrepareDrillDown(request);
    if (!query.ok()) return query.status();
    std::optional<absl::Time> as_at;
    if (request.has_as_at()) as_at = FromProtoTimestamp(request.as_at());
    const int64_t version = store_->DataVersion(query->authority);
    absl::StatusOr<int> offset = OffsetFromPageToken(request.page_token(), version);
    if (!offset.ok()) return offset.status();
    absl::StatusOr<std::shared_ptr<const Dataset>> data =
        LoadDataset(query->authority, version, as_at);
    if (!data.ok()) return data.status();
    DrillDownResult result =
        Traits::Registry().DrillDown(**data, *query, calendars_->For(query->authority));
    common::v1::DrillDownResponse response;
    *response.mutable_value() = std::move(result.value);
    response.mutable_data_version()->set_authority(query->authority);
    response.mutable_data_version()->set_version(version);
    const int page_size =
        request.page_size() == 0 ? kDefaultDrillDownPageSize : request.page_size();
    int in_scope = 0;
    for (const CaseRow& row : result.cases) {
      if (!InScope(row, request.scope())) continue;
      if (in_scope >= *offset && in_scope < *offset + page_size) {
        *response.add_cases() = ToProto(row);
      }
      ++in_scope;
    }
    response.set_total_cases(in_scope);
    if (*offset + page_size < in_scope) {
      response.set_next_page_token(MakePageToken(version, *offset + page_size));
    }
    return response;
  }

 private:
  using Dataset = typename Traits::Dataset;

  // The authority's dataset at `version` (read before loading, see ComputeMeasures), shared
  // by the calls that ask for the same version; or as recorded at `as_at`, built afresh.
  absl::StatusOr<std::shared_ptr<const Dataset>> LoadDataset(
      const std::string& authority, int64_t version, std::optional<absl::Time> as_at) const {
    if (as_at.has_value()) {
      absl::StatusOr<Dataset> data = Traits::Load(*store_, authority, as_at);
      if (!data.ok()) return data.status();
      return std::make_shared<const Dataset>(*std::move(data));
    }
    return datasets_.GetOrLoad(authority, version, [&](const Dataset* previous) {
      // A service whose Load takes the authority's previous dataset builds from it only what
      // changed since (placement: the children a write touched; safeguarding: the record
      // kinds it changed); the others build afresh.
      if constexpr (std::is_invocable_v<decltype(&Traits::Load), const VersionedRecordStore&,
                                        const std::string&, std::optional<absl::Time>,
                                        const Dataset*>) {
        return Traits::Load(*store_, authority, std::nullopt, previous);
      } else {
        return Traits::Load(*store_, authority, std::nullopt);
      }
    });
  }

  // One event per drill-down: who read which children's or workers' cases, for which figure.
  absl::Status AuditDrillDown(const CallerIdentity& caller,
                              const common::v1::DrillDownRequest& request,
                              const absl::StatusOr<common::v1::DrillDownResponse>& result) {
    audit::AuditSubjects subjects;
    // Only a known id: the request's text is not echoed into the log.
    if (Traits::Registry().Has(request.measure_id())) {
      subjects.measure_ids.push_back(request.measure_id());
    }
    std::string detail;
    if (result.ok()) {
      for (const common::v1::DrillDownCase& row : result->cases()) {
        if (row.subject_kind() == common::v1::SUBJECT_KIND_CHILD) {
          subjects.child_ids.push_back(row.subject_id());
        } else if (row.subject_kind() == common::v1::SUBJECT_KIND_WORKER) {
          subjects.worker_ids.push_back(row.subject_id());
        }
      }
      for (std::vector<std::string>* ids : {&subjects.child_ids, &subjects.worker_ids}) {
        std::sort(ids->begin(), ids->end());
        ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
      }
      detail = absl::StrCat("OK month=", FormatMonth(*FromProtoMonth(request.month())),
                            " rows=", result->cases_size(), " of ", result->total_cases());
    } else {
      detail = audit::AuditDetailFor(result.status());
    }
    // An invalid authority code cannot be recorded as one.
    const std::string authority =
        ValidateAuthorityCode("authority", request.authority()).ok() ? request.authority() : "";
    return audit_->RecordCall({caller.principal, caller.RolesText()}, Method("DrillDown"),
                              audit::kActionDrillDown, authority, subjects,
                              audit::AuditOutcomeFor(result.status()), detail);
  }

  // One event per ingest call: who, which authority, which children or workers (ids only).
  absl::Status AuditIngest(const CallerIdentity& caller,
                           const typename Traits::IngestRequest& request,
                           const absl::Status& outcome,
                           const common::v1::IngestResponse& response) {
    audit::AuditSubjects subjects;
    std::set<std::string> authorities;
    for (const google::protobuf::Message* record : Traits::Records(request)) {
      const google::protobuf::Descriptor* type = record->GetDescriptor();
      const google::protobuf::Reflection* reflection = record->GetReflection();
      if (const auto* child = type->FindFieldByName("child_id")) {
        subjects.child_ids.push_back(reflection->GetString(*record, child));
      }
      if (const auto* worker = type->FindFieldByName("worker_id")) {
        subjects.worker_ids.push_back(reflection->GetString(*record, worker));
      }
      if (const auto* header = type->FindFieldByName("header")) {
        authorities.insert(static_cast<const common::v1::RecordHeader&>(
                               reflection->GetMessage(*record, header))
                               .authority());
      }
    }
    for (std::vector<std::string>* ids : {&subjects.child_ids, &subjects.worker_ids}) {
      std::sort(ids->begin(), ids->end());
      ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
      ids->erase(std::remove(ids->begin(), ids->end(), std::string()), ids->end());
    }
    // A batch normally holds one authority; a mixed one is recorded without one.
    const std::string authority = authorities.size() == 1 ? *authorities.begin() : "";
    const std::string detail =
        outcome.ok() ? absl::StrCat("OK new_versions=", response.new_versions(),
                                    " unchanged=", response.unchanged())
                     : audit::AuditDetailFor(outcome);
    return audit_->RecordCall({caller.principal, caller.RolesText()}, Method("Ingest"),
                              audit::kActionIngest, authority, subjects,
                              audit::AuditOutcomeFor(outcome), detail);
  }

  static std::string Method(absl::string_view rpc) {
    return absl::StrCat("/", Traits::Grpc::service_full_name(), "/", rpc);
  }

  // A finished reactor when the caller may not call `rpc`; nullptr when it may.
  grpc::ServerUnaryReactor* Deny(grpc::CallbackServerContext* context, absl::string_view rpc) {
    absl::StatusOr<CallerIdentity> caller = authorizer_->Authorize(*context, Method(rpc));
    if (caller.ok()) return nullptr;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }

  VersionedRecordStore* store_;
  Executor* executor_;
  const AuthorityCalendars* calendars_;
  const Authorizer* authorizer_;
  audit::AuditSink* audit_;
  // A few authorities' current datasets: a card's calls and a drill-down's pages share one.
  mutable DatasetCache<Dataset> datasets_;
  VersionWatchers watchers_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVICE_DOMAIN_SERVICE_H_
