#include "services/aggregator/aggregator_service.h"

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "common/measures/measure_registry.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
#include "common/server/reactor.h"
#include "common/status/grpc_status.h"

namespace scorecard::aggregator {

AggregatorServiceImpl::AggregatorServiceImpl(const DefinitionSet* definitions,
                                             std::vector<MeasureSource*> sources,
                                             RedisCache* cache, Executor* executor,
                                             const Authorizer* authorizer,
                                             AggregatorOptions options)
    : definitions_(definitions),
      sources_(std::move(sources)),
      cache_(cache),
      executor_(executor),
      authorizer_(authorizer),
      options_(options) {}

grpc::ServerUnaryReactor* AggregatorServiceImpl::GetScorecard(
    grpc::CallbackServerContext* context, const v1::GetScorecardRequest* request,
    v1::Scorecard* response) {
  absl::StatusOr<CallerIdentity> caller = authorizer_->Authorize(
      *context, absl::StrCat("/", v1::AggregatorService::service_full_name(), "/GetScorecard"));
  if (!caller.ok()) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  return FinishOnExecutor(context, *executor_, [this, request, response] {
    absl::StatusOr<v1::Scorecard> card = BuildScorecard(*request);
    if (card.ok()) *response = std::move(*card);
    return ToGrpcStatus(card.status());
  });
}

absl::StatusOr<ScorecardQuery> AggregatorServiceImpl::ValidateRequest(
    const v1::GetScorecardRequest& request, const LoadedDefinition** definition) const {
  ScorecardQuery query;
  absl::Status authority = ValidateAuthorityCode("authority", request.authority());
  if (!authority.ok()) return authority;
  query.authority = request.authority();
  const std::string id =
      request.scorecard_id().empty() ? kDefaultScorecardId : request.scorecard_id();
  *definition = definitions_->Find(id);
  if (*definition == nullptr) {
    return absl::NotFoundError(absl::StrCat("scorecard_id: no scorecard \"", id.substr(0, 64), "\""));
  }
  absl::StatusOr<Month> from = FromProtoMonth(request.from_month());
  if (!from.ok()) return absl::InvalidArgumentError(absl::StrCat("from_month: ", from.status().message()));
  absl::StatusOr<Month> to = FromProtoMonth(request.to_month());
  if (!to.ok()) return absl::InvalidArgumentError(absl::StrCat("to_month: ", to.status().message()));
  if (*to < *from) {
    return absl::InvalidArgumentError(
        absl::StrCat("to_month ", FormatMonth(*to), " is before from_month ", FormatMonth(*from)));
  }
  if (*to - *from >= kMaxMonthsPerRequest) {
    return absl::InvalidArgumentError(absl::StrCat("month range ", FormatMonth(*from), " to ",
                                                   FormatMonth(*to), " is longer than ",
                                                   kMaxMonthsPerRequest, " months"));
  }
  query.from = *from;
  query.to = *to;
  if (request.has_as_at()) query.as_at = FromProtoTimestamp(request.as_at());
  return query;
}

std::vector<std::optional<int64_t>> AggregatorServiceImpl::FetchDataVersions(
    const std::string& authority) {
  std::vector<std::optional<int64_t>> versions(sources_.size());
  absl::BlockingCounter pending(static_cast<int>(sources_.size()));
  for (size_t i = 0; i < sources_.size(); ++i) {
    sources_[i]->GetDataVersion(authority, [&versions, &pending, i](absl::StatusOr<int64_t> v) {
      if (v.ok()) versions[i] = *v;
      pending.DecrementCount();
    });
  }
  pending.Wait();
  return versions;
}

AggregatorServiceImpl::Computed AggregatorServiceImpl::Compute(
    const LoadedDefinition& definition, const ScorecardQuery& query,
    const std::vector<std::optional<int64_t>>& versions) {
  Catalogues catalogues;
  {
    std::vector<Catalogue> found(sources_.size());
    absl::BlockingCounter pending(static_cast<int>(sources_.size()));
    for (size_t i = 0; i < sources_.size(); ++i) {
      sources_[i]->ListMeasures(
          [&found, &pending, i](absl::StatusOr<common::v1::ListMeasuresResponse> list) {
            if (list.ok()) found[i] = CatalogueFrom(*list);
            pending.DecrementCount();
          });
    }
    pending.Wait();
    for (size_t i = 0; i < sources_.size(); ++i) {
      catalogues[sources_[i]->name()] = versions[i].has_value() ? found[i] : std::nullopt;
    }
  }
  std::vector<MeasureCall> calls = PlanMeasureCalls(definition.definition, catalogues, query);
  {
    absl::BlockingCounter pending(static_cast<int>(calls.size()));
    for (MeasureCall& call : calls) {
      MeasureSource* source = nullptr;
      for (MeasureSource* s : sources_) {
        if (s->name() == call.service) source = s;
      }
      source->GetMeasures(call.request,
                          [&call, &pending](absl::StatusOr<common::v1::GetMeasuresResponse> r) {
                            call.result = std::move(r);
                            pending.DecrementCount();
                          });
    }
    pending.Wait();
  }
  Computed computed;
  computed.card = AssembleScorecard(definition, catalogues, calls, query);
  computed.cacheable = true;
  for (size_t i = 0; i < sources_.size(); ++i) {
    v1::ServiceDataVersion* v = computed.card.add_data_versions();
    v->set_service(sources_[i]->name());
    v->set_available(catalogues[sources_[i]->name()].has_value());
    v->set_version(versions[i].value_or(0));
    if (!v->available()) computed.cacheable = false;
  }
  for (const MeasureCall& call : calls) {
    if (!call.result.ok()) computed.cacheable = false;
  }
  *computed.card.mutable_computed_at() = ToProtoTimestamp(absl::Now());
  return computed;
}

absl::StatusOr<v1::Scorecard> AggregatorServiceImpl::BuildScorecard(
    const v1::GetScorecardRequest& request) {
  const LoadedDefinition* definition = nullptr;
  absl::StatusOr<ScorecardQuery> query = ValidateRequest(request, &definition);
  if (!query.ok()) return query.status();

  const std::vector<std::optional<int64_t>> versions = FetchDataVersions(query->authority);
  std::string key = absl::StrCat("scorecard:v1:", query->authority, ":", definition->hash, ":",
                                 FormatMonth(query->from), ":", FormatMonth(query->to), ":",
                                 query->as_at.has_value()
                                     ? absl::StrCat(absl::ToUnixMicros(*query->as_at))
                                     : std::string("now"));
  bool all_versions_known = true;
  for (size_t i = 0; i < sources_.size(); ++i) {
    absl::StrAppend(&key, ":", sources_[i]->name(), "=",
                    versions[i].has_value() ? absl::StrCat(*versions[i]) : std::string("down"));
    if (!versions[i].has_value()) all_versions_known = false;
  }

  if (cache_ != nullptr && all_versions_known) {
    if (std::optional<std::string> cached = cache_->Get(key)) {
      v1::Scorecard card;
      if (card.ParseFromString(*cached)) {
        card.set_cache(v1::CACHE_OUTCOME_HIT);
        return card;
      }
    }
  }
  auto flight = in_flight_.Do(key, [&]() -> std::shared_ptr<const Computed> {
    auto computed = std::make_shared<Computed>(Compute(*definition, *query, versions));
    if (cache_ != nullptr && computed->cacheable) {
      cache_->Set(key, computed->card.SerializeAsString(), options_.cache_ttl);
    }
    return computed;
  });
  if (!flight.value->status.ok()) return flight.value->status;
  v1::Scorecard card = flight.value->card;
  const bool cache_up = cache_ != nullptr && !cache_->Stats().degraded;
  card.set_cache(cache_up ? v1::CACHE_OUTCOME_MISS : v1::CACHE_OUTCOME_BYPASSED);
  return card;
}

}  // namespace scorecard::aggregator
