#include "services/aggregator/aggregator_service.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "common/measures/measure_registry.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
#include "common/server/log.h"
#include "common/server/reactor.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "services/aggregator/cell_rating.h"
#include "services/aggregator/export/scorecard_export.h"
#include "services/aggregator/reference_values.h"

namespace scorecard::aggregator {
namespace {

constexpr char kName[] = "aggregator";

std::string Method(absl::string_view rpc) {
  return absl::StrCat("/", v1::AggregatorService::service_full_name(), "/", rpc);
}

std::string ScorecardIdOrDefault(const std::string& id) {
  return id.empty() ? kDefaultScorecardId : id;
}

// The authority for an audit event: only a valid code is recorded as one.
std::string AuditableAuthority(const std::string& authority) {
  return IsValidAuthorityCode(authority) ? authority : "";
}

absl::StatusOr<Month> RequiredMonth(absl::string_view field, const common::v1::YearMonth& month) {
  absl::StatusOr<Month> parsed = FromProtoMonth(month);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", parsed.status().message()));
  }
  return parsed;
}

absl::Status ValidateRange(Month from, Month to) {
  if (to < from) {
    return absl::InvalidArgumentError(
        absl::StrCat("to_month ", FormatMonth(to), " is before from_month ", FormatMonth(from)));
  }
  if (to - from >= kMaxMonthsPerRequest) {
    return absl::InvalidArgumentError(absl::StrCat("month range ", FormatMonth(from), " to ",
                                                   FormatMonth(to), " is longer than ",
                                                   kMaxMonthsPerRequest, " months (10 years)"));
  }
  return absl::OkStatus();
}

Month CurrentMonth() {
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  return Month(today.year(), today.month());
}

// The cell of `row_id` for `month` in `card`, or nullptr.
const v1::Cell* FindCell(const v1::Scorecard& card, const std::string& row_id, Month month) {
  for (const v1::Section& section : card.sections()) {
    for (const v1::Row& row : section.rows()) {
      if (row.id() != row_id) continue;
      for (const v1::Cell& cell : row.cells()) {
        absl::StatusOr<Month> m = FromProtoMonth(cell.month());
        if (m.ok() && *m == month) return &cell;
      }
      return nullptr;
    }
  }
  return nullptr;
}

bool SameValue(const v1::Cell& a, const v1::Cell& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a.has_value() || NearlyEqual(a.value(), b.value());
}

}  // namespace

AggregatorServiceImpl::AggregatorServiceImpl(const DefinitionSet* definitions,
                                             std::vector<MeasureSource*> sources,
                                             AggregatorStore* store, RedisCache* cache,
                                             Executor* executor, const Authorizer* authorizer,
                                             audit::AuditSink* audit, AggregatorOptions options)
    : definitions_(definitions),
      sources_(std::move(sources)),
      store_(store),
      cache_(cache),
      executor_(executor),
      authorizer_(authorizer),
      audit_(audit),
      options_(options),
      memory_(cache != nullptr ? options.memory_cache_bytes : 0) {
  for (MeasureSource* source : sources_) {
    version_barriers_.push_back(std::make_unique<CoalescedFetch<int64_t>>(
        [source](const std::string& authority,
                 std::function<void(absl::StatusOr<int64_t>)> done) {
          source->GetDataVersion(authority, std::move(done));
        }));
  }
  for (const auto& [id, loaded] : definitions_->all()) {
    for (const v1::SectionDefinition& section : loaded.definition.sections()) {
      for (const v1::RowDefinition& row : section.rows()) {
        if (IsLocalMeasure(row.measure_id())) local_measures_.insert(row.measure_id());
      }
    }
  }
}

template <typename Work>
grpc::ServerUnaryReactor* AggregatorServiceImpl::Serve(grpc::CallbackServerContext* context,
                                                       absl::string_view rpc, Work work) {
  absl::StatusOr<CallerIdentity> caller = authorizer_->Authorize(*context, Method(rpc));
  if (!caller.ok()) {  // audited by the authorizer
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  return FinishOnExecutor(context, *executor_,
                          [caller = *std::move(caller), work = std::move(work)]() mutable {
                            return ToGrpcStatus(work(caller));
                          });
}

// Not through Serve: nothing here blocks until a miss. The versions arrive on gRPC's
// threads; a card in the in-process tier is answered there, and only a miss (Redis, then
// computing) goes to the executor.
grpc::ServerUnaryReactor* AggregatorServiceImpl::GetScorecard(
    grpc::CallbackServerContext* context, const v1::GetScorecardRequest* request,
    v1::Scorecard* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<CallerIdentity> caller = authorizer_->Authorize(*context, Method("GetScorecard"));
  if (!caller.ok()) {  // audited by the authorizer
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  auto read = std::make_shared<CardRead>();
  absl::StatusOr<ScorecardQuery> query = ValidateRequest(*request, &read->definition);
  if (!query.ok()) {
    reactor->Finish(ToGrpcStatus(query.status()));
    return reactor;
  }
  read->query = *std::move(query);
  FetchDataVersions(read->query.authority, [this, reactor, response, read](Versions versions) {
    KeyRead(*read, std::move(versions));
    if (std::shared_ptr<const v1::Scorecard> card = MemoryHit(*read)) {
      *response = *card;
      response->set_cache(v1::CACHE_OUTCOME_HIT);
      reactor->Finish(grpc::Status::OK);
      return;
    }
    executor_->Submit([this, reactor, response, read] {
      absl::StatusOr<v1::Scorecard> card = ReadThrough(*read);
      if (card.ok()) *response = *std::move(card);
      reactor->Finish(ToGrpcStatus(card.status()));
    });
  });
  return reactor;
}

grpc::ServerUnaryReactor* AggregatorServiceImpl::ExportScorecard(
    grpc::CallbackServerContext* context, const v1::ExportScorecardRequest* request,
    v1::ExportScorecardResponse* response) {
  return Serve(context, "ExportScorecard", [this, request, response](const CallerIdentity&) {
    SCORECARD_ASSIGN_OR_RETURN(*response, Export(*request));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AggregatorServiceImpl::PublishScorecard(
    grpc::CallbackServerContext* context, const v1::PublishScorecardRequest* request,
    v1::Publication* response) {
  return Serve(context, "PublishScorecard",
               [this, request, response](const CallerIdentity& caller) {
                 SCORECARD_ASSIGN_OR_RETURN(*response, Publish(caller, *request));
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* AggregatorServiceImpl::GetPublication(
    grpc::CallbackServerContext* context, const v1::GetPublicationRequest* request,
    v1::Publication* response) {
  return Serve(context, "GetPublication", [this, request, response](const CallerIdentity&) {
    SCORECARD_ASSIGN_OR_RETURN(*response, ReadPublication(*request));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AggregatorServiceImpl::ListPublications(
    grpc::CallbackServerContext* context, const v1::ListPublicationsRequest* request,
    v1::ListPublicationsResponse* response) {
  return Serve(context, "ListPublications", [this, request, response](const CallerIdentity&) {
    SCORECARD_ASSIGN_OR_RETURN(*response, ReadPublications(*request));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AggregatorServiceImpl::GetRestatement(
    grpc::CallbackServerContext* context, const v1::GetRestatementRequest* request,
    v1::Restatement* response) {
  return Serve(context, "GetRestatement", [this, request, response](const CallerIdentity&) {
    SCORECARD_ASSIGN_OR_RETURN(*response, Restate(*request));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AggregatorServiceImpl::EnterLocalValue(
    grpc::CallbackServerContext* context, const v1::EnterLocalValueRequest* request,
    v1::LocalValue* response) {
  return Serve(context, "EnterLocalValue", [this, request, response](const CallerIdentity& caller) {
    SCORECARD_ASSIGN_OR_RETURN(*response, EnterValue(caller, *request));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AggregatorServiceImpl::LoadReferenceValues(
    grpc::CallbackServerContext* context, const v1::LoadReferenceValuesRequest* request,
    v1::LoadReferenceValuesResponse* response) {
  return Serve(context, "LoadReferenceValues",
               [this, request, response](const CallerIdentity& caller) {
                 SCORECARD_ASSIGN_OR_RETURN(*response, LoadReference(caller, *request));
                 return absl::OkStatus();
               });
}

grpc::ServerUnaryReactor* AggregatorServiceImpl::GetCacheStats(
    grpc::CallbackServerContext* context, const v1::GetCacheStatsRequest* /*request*/,
    v1::CacheStats* response) {
  return Serve(context, "GetCacheStats", [this, response](const CallerIdentity&) {
    *response = Statistics();
    return absl::OkStatus();
  });
}

// --- Scorecards --------------------------------------------------------------------------

absl::StatusOr<ScorecardQuery> AggregatorServiceImpl::ValidateRequest(
    const v1::GetScorecardRequest& request, const LoadedDefinition** definition) const {
  ScorecardQuery query;
  absl::Status authority = ValidateAuthorityCode("authority", request.authority());
  if (!authority.ok()) return authority;
  query.authority = request.authority();
  const std::string id = ScorecardIdOrDefault(request.scorecard_id());
  *definition = definitions_->Find(id);
  if (*definition == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("scorecard_id: no scorecard ", QuoteIdForMessage(id)));
  }
  if (!(*definition)->AvailableTo(query.authority)) {
    return absl::NotFoundError(absl::StrCat("scorecard_id: scorecard \"", id,
                                            "\" is not defined for authority ", query.authority));
  }
  absl::StatusOr<Month> from = RequiredMonth("from_month", request.from_month());
  if (!from.ok()) return from.status();
  absl::StatusOr<Month> to = RequiredMonth("to_month", request.to_month());
  if (!to.ok()) return to.status();
  if (absl::Status range = ValidateRange(*from, *to); !range.ok()) return range;
  query.from = *from;
  query.to = *to;
  if (request.has_as_at()) query.as_at = FromProtoTimestamp(request.as_at());
  return query;
}

void AggregatorServiceImpl::FetchDataVersions(const std::string& authority,
                                              std::function<void(Versions)> done) {
  struct Gather {
    Versions versions;
    std::atomic<size_t> pending;
    std::function<void(Versions)> done;
  };
  auto gather = std::make_shared<Gather>();
  gather->versions.resize(sources_.size());
  // Pushed versions first: while a source's lease holds they need no call.
  std::vector<size_t> to_poll;
  for (size_t i = 0; i < sources_.size(); ++i) {
    if (std::optional<int64_t> pushed = sources_[i]->PushedDataVersion(authority)) {
      gather->versions[i] = *pushed;
      ++versions_pushed_;
    } else {
      to_poll.push_back(i);
      ++versions_polled_;
    }
  }
  if (to_poll.empty()) return done(std::move(gather->versions));
  gather->pending = to_poll.size();
  gather->done = std::move(done);
  for (size_t i : to_poll) {
    version_barriers_[i]->Get(authority, [gather, i](const absl::StatusOr<int64_t>& v) {
      if (v.ok()) gather->versions[i] = *v;
      if (--gather->pending == 0) gather->done(std::move(gather->versions));
    });
  }
}

AggregatorServiceImpl::Versions AggregatorServiceImpl::FetchDataVersionsAndWait(
    const std::string& authority) {
  Versions versions;
  absl::Notification fetched;
  FetchDataVersions(authority, [&versions, &fetched](Versions v) {
    versions = std::move(v);
    fetched.Notify();
  });
  fetched.WaitForNotification();
  return versions;
}

void AggregatorServiceImpl::KeyRead(CardRead& read, Versions versions) const {
  read.versions = std::move(versions);
  // Read after the services' versions; any time after the request arrived would do, as
  // the store counts a write in memory before acknowledging it.
  read.own_version = store_ != nullptr ? store_->DataVersion(read.query.authority) : 0;
  const ScorecardQuery& query = read.query;
  read.key = absl::StrCat("scorecard:v2:", query.authority, ":", read.definition->hash, ":",
                          FormatMonth(query.from), ":", FormatMonth(query.to), ":",
                          query.as_at.has_value() ? absl::StrCat(absl::ToUnixMicros(*query.as_at))
                                                  : std::string("now"));
  read.all_versions_known = true;
  for (size_t i = 0; i < sources_.size(); ++i) {
    absl::StrAppend(&read.key, ":", sources_[i]->name(), "=",
                    read.versions[i].has_value() ? absl::StrCat(*read.versions[i])
                                                 : std::string("down"));
    if (!read.versions[i].has_value()) read.all_versions_known = false;
  }
  absl::StrAppend(&read.key, ":", kName, "=", read.own_version);
}

std::shared_ptr<const v1::Scorecard> AggregatorServiceImpl::MemoryHit(const CardRead& read) {
  if (!memory_.enabled() || !read.all_versions_known) return nullptr;
  std::shared_ptr<const v1::Scorecard> card = memory_.Get(read.key);
  if (card != nullptr) {
    ++hits_;
    ++memory_hits_;
  }
  return card;
}

void AggregatorServiceImpl::Remember(const std::string& key,
                                     std::shared_ptr<const v1::Scorecard> card) {
  if (!memory_.enabled()) return;
  const int64_t bytes = static_cast<int64_t>(card->SpaceUsedLong());
  memory_.Put(key, std::move(card), bytes);
}

AggregatorServiceImpl::Computed AggregatorServiceImpl::Compute(
    const LoadedDefinition& definition, const ScorecardQuery& query,
    const std::vector<std::optional<int64_t>>& versions, int64_t own_version) {
  Computed computed;
  OwnData own;
  if (store_ != nullptr) {
    absl::StatusOr<LocalValues> local = store_->ReadLocalValues(query.authority, query.as_at);
    if (!local.ok()) {
      computed.status = local.status();
      return computed;
    }
    own.local_values = *std::move(local);
    absl::StatusOr<ComparatorTable> comparators =
        store_->ReadComparators(query.authority, query.as_at);
    if (!comparators.ok()) {
      computed.status = comparators.status();
      return computed;
    }
    own.comparators = *std::move(comparators);
  }
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
  computed.card = AssembleScorecard(definition, catalogues, calls, query, own);
  computed.cacheable = true;
  for (size_t i = 0; i < sources_.size(); ++i) {
    v1::ServiceDataVersion* v = computed.card.add_data_versions();
    v->set_service(sources_[i]->name());
    v->set_available(catalogues[sources_[i]->name()].has_value());
    v->set_version(versions[i].value_or(0));
    if (!v->available()) computed.cacheable = false;
  }
  if (store_ != nullptr) {
    v1::ServiceDataVersion* v = computed.card.add_data_versions();
    v->set_service(kName);
    v->set_available(true);
    v->set_version(own_version);
  }
  for (const MeasureCall& call : calls) {
    if (!call.result.ok()) computed.cacheable = false;
  }
  *computed.card.mutable_computed_at() = ToProtoTimestamp(absl::Now());
  return computed;
}

absl::StatusOr<v1::Scorecard> AggregatorServiceImpl::BuildScorecard(
    const v1::GetScorecardRequest& request) {
  CardRead read;
  absl::StatusOr<ScorecardQuery> query = ValidateRequest(request, &read.definition);
  if (!query.ok()) return query.status();
  read.query = *std::move(query);
  KeyRead(read, FetchDataVersionsAndWait(read.query.authority));
  return ReadThrough(read);
}

absl::StatusOr<v1::Scorecard> AggregatorServiceImpl::ReadThrough(const CardRead& read) {
  // Versions before data (here and in every service), so a cached card is never older
  // than its key: a write acknowledged before this request changes the key.
  const std::string& key = read.key;
  if (std::shared_ptr<const v1::Scorecard> card = MemoryHit(read)) {
    v1::Scorecard copy = *card;
    copy.set_cache(v1::CACHE_OUTCOME_HIT);
    return copy;
  }
  if (cache_ == nullptr) {
    ++bypasses_;
  } else if (!read.all_versions_known) {
    ++uncacheable_;
  } else {
    if (std::optional<std::string> cached = cache_->Get(key)) {
      auto card = std::make_shared<v1::Scorecard>();
      if (card->ParseFromString(*cached)) {
        ++hits_;
        Remember(key, card);
        v1::Scorecard copy = *card;
        copy.set_cache(v1::CACHE_OUTCOME_HIT);
        return copy;
      }
    }
    ++(cache_->Stats().degraded ? bypasses_ : misses_);
  }
  auto flight = in_flight_.Do(key, [&]() -> std::shared_ptr<const Computed> {
    auto computed = std::make_shared<Computed>(
        Compute(*read.definition, read.query, read.versions, read.own_version));
    if (computed->status.ok() && !computed->cacheable && read.all_versions_known) ++uncacheable_;
    if (cache_ != nullptr && computed->status.ok() && computed->cacheable) {
      cache_->Set(key, computed->card.SerializeAsString(), options_.cache_ttl);
      // The memory tier holds what Redis holds: while Redis is bypassed, cards are
      // computed as before.
      if (!cache_->Stats().degraded) {
        Remember(key, std::shared_ptr<const v1::Scorecard>(computed, &computed->card));
      }
    }
    return computed;
  });
  if (flight.shared) ++joins_;
  if (!flight.value->status.ok()) return flight.value->status;
  v1::Scorecard card = flight.value->card;
  const bool cache_up = cache_ != nullptr && !cache_->Stats().degraded;
  card.set_cache(cache_up ? v1::CACHE_OUTCOME_MISS : v1::CACHE_OUTCOME_BYPASSED);
  return card;
}

absl::StatusOr<v1::ExportScorecardResponse> AggregatorServiceImpl::Export(
    const v1::ExportScorecardRequest& request) {
  absl::StatusOr<ExportFormat> format = ExportFormatFromProto(request.format(), request.layout());
  if (!format.ok()) return format.status();
  v1::GetScorecardRequest card_request;
  card_request.set_authority(request.authority());
  card_request.set_scorecard_id(request.scorecard_id());
  if (request.has_from_month()) *card_request.mutable_from_month() = request.from_month();
  if (request.has_to_month()) *card_request.mutable_to_month() = request.to_month();
  if (request.has_as_at()) *card_request.mutable_as_at() = request.as_at();
  absl::StatusOr<v1::Scorecard> card = BuildScorecard(card_request);
  if (!card.ok()) return card.status();
  // Qualified: the RPC of the same name hides the export library's function.
  absl::StatusOr<std::string> content = ::scorecard::aggregator::ExportScorecard(*card, *format);
  if (!content.ok()) return content.status();
  if (static_cast<int64_t>(content->size()) > options_.max_export_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the ", FileExtension(*format), " export is ", content->size(), " bytes, more than the ",
        options_.max_export_bytes, " a reply may carry: ask for fewer months"));
  }
  v1::ExportScorecardResponse response;
  response.set_content(*std::move(content));
  response.set_content_type(std::string(ContentType(*format)));
  response.set_file_name(ExportFileName(*card, *format));
  response.set_scorecard_id(card->scorecard_id());
  int rows = 0;
  for (const v1::Section& section : card->sections()) rows += section.rows_size();
  response.set_rows(rows);
  response.set_definition_hash(card->definition_hash());
  response.set_cache(card->cache());
  return response;
}

// --- Publication and restatement ---------------------------------------------------------

absl::StatusOr<v1::Publication> AggregatorServiceImpl::Publish(
    const CallerIdentity& caller, const v1::PublishScorecardRequest& request) {
  absl::StatusOr<v1::Publication> published;
  {
    absl::MutexLock lock(&publish_mu_);
    published = PublishLocked(caller, request);
  }
  const std::string id = ScorecardIdOrDefault(request.scorecard_id());
  audit::AuditSubjects subjects;
  if (definitions_->Find(id) != nullptr) subjects.scorecard_id = id;  // only a known id
  std::string detail = published.ok() ? "OK" : audit::AuditDetailFor(published.status());
  if (absl::StatusOr<Month> month = FromProtoMonth(request.month()); month.ok()) {
    absl::StrAppend(&detail, " month=", FormatMonth(*month));
  }
  if (published.ok()) {
    absl::StrAppend(&detail, " revision=", published->revision());
    if (published->reason() != v1::REPUBLISH_REASON_UNSPECIFIED) {
      absl::StrAppend(&detail, " reason=", v1::RepublishReason_Name(published->reason()));
    }
  }
  const absl::Status audited =
      Audit(caller, Method("PublishScorecard"), audit::kActionPublish,
            AuditableAuthority(request.authority()), subjects, published.status(), detail);
  if (published.ok() && !audited.ok()) {
    LogError(kName, absl::StrCat("publication not audited: ", audited.ToString()));
    return absl::UnavailableError(
        absl::StrCat("published as revision ", published->revision(),
                     " but the audit log could not record it; tell the audit administrator"));
  }
  return published;
}

absl::StatusOr<v1::Publication> AggregatorServiceImpl::PublishLocked(
    const CallerIdentity& caller, const v1::PublishScorecardRequest& request) {
  if (store_ == nullptr) return absl::FailedPreconditionError("no store: cannot publish");
  absl::StatusOr<Month> month = RequiredMonth("month", request.month());
  if (!month.ok()) return month.status();
  if (*month > CurrentMonth()) {
    return absl::InvalidArgumentError(
        absl::StrCat("month: ", FormatMonth(*month), " has not begun yet"));
  }
  if (request.republish() && request.reason() == v1::REPUBLISH_REASON_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        "reason: a republication needs a reason (e.g. REPUBLISH_REASON_DATA_CORRECTION)");
  }
  if (!request.republish() && request.reason() != v1::REPUBLISH_REASON_UNSPECIFIED) {
    return absl::InvalidArgumentError("reason: only a republication (republish=true) has one");
  }
  v1::GetScorecardRequest card_request;
  card_request.set_authority(request.authority());
  card_request.set_scorecard_id(request.scorecard_id());
  *card_request.mutable_from_month() = request.month();
  *card_request.mutable_to_month() = request.month();
  const LoadedDefinition* definition = nullptr;
  absl::StatusOr<ScorecardQuery> query = ValidateRequest(card_request, &definition);
  if (!query.ok()) return query.status();
  const std::string& id = definition->definition.id();

  absl::StatusOr<std::vector<v1::Publication>> history =
      store_->PublicationHistory(query->authority, id, *month);
  if (!history.ok()) return history.status();
  if (!history->empty() && !request.republish()) {
    const v1::Publication& last = history->back();
    return absl::FailedPreconditionError(
        absl::StrCat(FormatMonth(*month), " of ", id, " for ", query->authority,
                     " is already published (revision ", last.revision(), ", ",
                     absl::FormatTime(absl::RFC3339_sec, FromProtoTimestamp(last.published_at()),
                                      absl::UTCTimeZone()),
                     "); to publish it again set republish with a reason"));
  }
  if (history->empty() && request.republish()) {
    return absl::FailedPreconditionError(
        absl::StrCat(FormatMonth(*month), " of ", id, " for ", query->authority,
                     " has not been published: publish it without republish"));
  }

  // The card as at this instant, so GetScorecard with the same as_at reproduces it.
  const absl::Time as_at = absl::Now();
  *card_request.mutable_as_at() = ToProtoTimestamp(as_at);
  absl::StatusOr<v1::Scorecard> card = BuildScorecard(card_request);
  if (!card.ok()) return card.status();
  for (const v1::ServiceDataVersion& version : card->data_versions()) {
    if (!version.available()) {
      return absl::UnavailableError(absl::StrCat("cannot publish while ", version.service(),
                                                 " is unavailable: its rows have no figures"));
    }
  }
  card->clear_cache();

  v1::Publication publication;
  publication.set_authority(query->authority);
  publication.set_scorecard_id(id);
  *publication.mutable_month() = request.month();
  publication.set_published_by(caller.principal);
  publication.set_reason(request.reason());
  *publication.mutable_as_at() = ToProtoTimestamp(as_at);
  publication.set_definition_hash(card->definition_hash());
  *publication.mutable_data_versions() = card->data_versions();
  *publication.mutable_card() = *std::move(card);
  return store_->AppendPublication(std::move(publication));
}

absl::StatusOr<v1::Publication> AggregatorServiceImpl::ReadPublication(
    const v1::GetPublicationRequest& request) const {
  if (store_ == nullptr) return absl::NotFoundError("no store: nothing is published");
  if (absl::Status a = ValidateAuthorityCode("authority", request.authority()); !a.ok()) return a;
  absl::StatusOr<Month> month = RequiredMonth("month", request.month());
  if (!month.ok()) return month.status();
  if (request.revision() < 0) return absl::InvalidArgumentError("revision: must be 0 or more");
  const std::string id = ScorecardIdOrDefault(request.scorecard_id());
  absl::StatusOr<std::vector<v1::Publication>> history =
      store_->PublicationHistory(request.authority(), id, *month);
  if (!history.ok()) return history.status();
  const std::string what =
      absl::StrCat(FormatMonth(*month), " of ", id.substr(0, 64), " for ", request.authority());
  if (history->empty()) return absl::NotFoundError(absl::StrCat(what, " has not been published"));
  if (request.revision() == 0) return history->back();
  if (request.revision() > static_cast<int64_t>(history->size())) {
    return absl::NotFoundError(absl::StrCat(what, " has ", history->size(),
                                            " revision(s); no revision ", request.revision()));
  }
  return (*history)[request.revision() - 1];
}

absl::StatusOr<v1::ListPublicationsResponse> AggregatorServiceImpl::ReadPublications(
    const v1::ListPublicationsRequest& request) const {
  if (absl::Status a = ValidateAuthorityCode("authority", request.authority()); !a.ok()) return a;
  std::optional<Month> from;
  std::optional<Month> to;
  if (request.has_from_month()) {
    absl::StatusOr<Month> m = RequiredMonth("from_month", request.from_month());
    if (!m.ok()) return m.status();
    from = *m;
  }
  if (request.has_to_month()) {
    absl::StatusOr<Month> m = RequiredMonth("to_month", request.to_month());
    if (!m.ok()) return m.status();
    to = *m;
  }
  v1::ListPublicationsResponse response;
  if (store_ == nullptr) return response;
  absl::StatusOr<std::vector<v1::Publication>> all =
      store_->ListPublications(request.authority(), request.scorecard_id(), /*with_history=*/true);
  if (!all.ok()) return all.status();
  for (v1::Publication& publication : *all) {
    absl::StatusOr<Month> month = FromProtoMonth(publication.month());
    if (!month.ok()) continue;
    if ((from.has_value() && *month < *from) || (to.has_value() && *month > *to)) continue;
    publication.clear_card();
    *response.add_publications() = std::move(publication);
  }
  return response;
}

absl::StatusOr<v1::Restatement> AggregatorServiceImpl::Restate(
    const v1::GetRestatementRequest& request) {
  v1::GetScorecardRequest card_request;
  card_request.set_authority(request.authority());
  card_request.set_scorecard_id(request.scorecard_id());
  *card_request.mutable_from_month() = request.from_month();
  *card_request.mutable_to_month() = request.to_month();
  const LoadedDefinition* definition = nullptr;
  absl::StatusOr<ScorecardQuery> query = ValidateRequest(card_request, &definition);
  if (!query.ok()) return query.status();

  v1::Restatement restatement;
  restatement.set_authority(query->authority);
  restatement.set_scorecard_id(definition->definition.id());
  *restatement.mutable_from_month() = ToProtoMonth(query->from);
  *restatement.mutable_to_month() = ToProtoMonth(query->to);
  restatement.set_definition_hash(definition->hash);
  std::vector<v1::Publication> published;
  if (store_ != nullptr) {
    absl::StatusOr<std::vector<v1::Publication>> latest = store_->ListPublications(
        query->authority, definition->definition.id(), /*with_history=*/false);
    if (!latest.ok()) return latest.status();
    for (v1::Publication& publication : *latest) {
      absl::StatusOr<Month> month = FromProtoMonth(publication.month());
      if (month.ok() && *month >= query->from && *month <= query->to) {
        published.push_back(std::move(publication));
      }
    }
  }
  absl::StatusOr<v1::Scorecard> current = BuildScorecard(card_request);
  if (!current.ok()) return current.status();
  *restatement.mutable_computed_at() = current->computed_at();

  // Cells in the current card's section and row order, then by month.
  for (const v1::Section& section : current->sections()) {
    for (const v1::Row& row : section.rows()) {
      for (const v1::Publication& publication : published) {
        const Month month = *FromProtoMonth(publication.month());
        const v1::Cell* then = FindCell(publication.card(), row.id(), month);
        const v1::Cell* now = FindCell(*current, row.id(), month);
        if (then == nullptr || now == nullptr || SameValue(*then, *now)) continue;
        v1::RestatedCell* cell = restatement.add_cells();
        cell->set_section_id(section.id());
        cell->set_row_id(row.id());
        cell->set_row_title(row.title());
        *cell->mutable_month() = publication.month();
        if (then->has_value()) cell->set_published_value(then->value());
        if (now->has_value()) cell->set_current_value(now->value());
        cell->set_published_revision(publication.revision());
        cell->set_unit(row.unit());
      }
    }
  }
  for (v1::Publication& publication : published) {
    publication.clear_card();
    *restatement.add_publications() = std::move(publication);
  }
  return restatement;
}

// --- Local values and reference figures --------------------------------------------------

absl::StatusOr<v1::LocalValue> AggregatorServiceImpl::EnterValue(
    const CallerIdentity& caller, const v1::EnterLocalValueRequest& request) {
  absl::StatusOr<v1::LocalValue> entered = [&]() -> absl::StatusOr<v1::LocalValue> {
    if (absl::Status a = ValidateAuthorityCode("authority", request.authority()); !a.ok()) return a;
    if (local_measures_.count(request.measure_id()) == 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("measure_id: \"", request.measure_id().substr(0, 64),
                       "\" is not a local measure of any loaded scorecard (local measures start \"",
                       kLocalMeasurePrefix, "\")"));
    }
    absl::StatusOr<Month> month = RequiredMonth("month", request.month());
    if (!month.ok()) return month.status();
    if (request.has_value() && !std::isfinite(request.value())) {
      return absl::InvalidArgumentError("value: not a finite number");
    }
    if (store_ == nullptr) return absl::FailedPreconditionError("no store: cannot enter values");
    v1::LocalValue value;
    value.set_authority(request.authority());
    value.set_measure_id(request.measure_id());
    *value.mutable_month() = request.month();
    if (request.has_value()) value.set_value(request.value());
    return store_->EnterLocalValue(value, caller.principal);
  }();
  audit::AuditSubjects subjects;
  if (local_measures_.count(request.measure_id()) > 0) {
    subjects.measure_ids.push_back(request.measure_id());
  }
  std::string detail = entered.ok() ? "OK" : audit::AuditDetailFor(entered.status());
  if (entered.ok()) {
    absl::StrAppend(&detail, " month=", FormatMonth(*FromProtoMonth(entered->month())),
                    " revision=", entered->revision(), entered->has_value() ? "" : " withdrawn");
  }
  const absl::Status audited =
      Audit(caller, Method("EnterLocalValue"), kActionEnterLocalValue,
            AuditableAuthority(request.authority()), subjects, entered.status(), detail);
  if (entered.ok() && !audited.ok()) {
    // Stored but not on the record: the caller sends it again (unchanged, then audited).
    LogError(kName, absl::StrCat("local value not audited: ", audited.ToString()));
    return absl::UnavailableError(
        "the value is stored but the audit log could not record who entered it; send it again");
  }
  return entered;
}

absl::StatusOr<v1::LoadReferenceValuesResponse> AggregatorServiceImpl::LoadReference(
    const CallerIdentity& caller, const v1::LoadReferenceValuesRequest& request) {
  absl::StatusOr<v1::LoadReferenceValuesResponse> loaded =
      [&]() -> absl::StatusOr<v1::LoadReferenceValuesResponse> {
    if (request.values().empty()) return absl::InvalidArgumentError("values: none given");
    if (request.values_size() > kMaxReferenceValuesPerCall) {
      return absl::InvalidArgumentError(absl::StrCat(
          "values: ", request.values_size(), " given; at most ", kMaxReferenceValuesPerCall));
    }
    for (int i = 0; i < request.values_size(); ++i) {
      absl::Status valid = ValidateReferenceValue(request.values(i));
      if (!valid.ok()) {
        return absl::InvalidArgumentError(absl::StrCat("values[", i, "].", valid.message()));
      }
    }
    if (store_ == nullptr) return absl::FailedPreconditionError("no store: cannot load values");
    const std::vector<v1::ReferenceValue> values(request.values().begin(), request.values().end());
    return store_->LoadReferenceValues(values);
  }();
  const std::string detail = loaded.ok() ? absl::StrCat("OK new_versions=", loaded->new_versions(),
                                                        " unchanged=", loaded->unchanged())
                                         : audit::AuditDetailFor(loaded.status());
  const absl::Status audited = Audit(caller, Method("LoadReferenceValues"), kActionLoadReference,
                                     "", {}, loaded.status(), detail);
  if (loaded.ok() && !audited.ok()) {
    LogError(kName, absl::StrCat("reference load not audited: ", audited.ToString()));
    return absl::UnavailableError("stored but not audited; send it again");
  }
  return loaded;
}

absl::Status AggregatorServiceImpl::Audit(const CallerIdentity& caller, absl::string_view rpc,
                                          absl::string_view action, absl::string_view authority,
                                          audit::AuditSubjects subjects,
                                          const absl::Status& outcome, absl::string_view detail) {
  if (audit_ == nullptr) return absl::OkStatus();
  return audit_->RecordCall({caller.principal, caller.RolesText()}, rpc, action, authority,
                            subjects, audit::AuditOutcomeFor(outcome), detail);
}

// --- Cache statistics --------------------------------------------------------------------

v1::CacheStats AggregatorServiceImpl::Statistics() const {
  v1::CacheStats stats;
  stats.set_hits(hits_.load());
  stats.set_memory_hits(memory_hits_.load());
  const MemoryLruStats memory = memory_.Stats();
  stats.set_memory_entries(memory.entries);
  stats.set_memory_bytes(memory.bytes);
  stats.set_memory_evictions(memory.evictions);
  int64_t version_calls = 0;
  for (const auto& barrier : version_barriers_) version_calls += barrier->fetches_started();
  stats.set_version_calls(version_calls);
  stats.set_versions_pushed(versions_pushed_.load());
  stats.set_versions_polled(versions_polled_.load());
  stats.set_misses(misses_.load());
  stats.set_bypasses(bypasses_.load());
  stats.set_uncacheable(uncacheable_.load());
  stats.set_single_flight_joins(joins_.load());
  stats.set_ttl_seconds(absl::ToInt64Seconds(options_.cache_ttl));
  stats.set_redis_configured(cache_ != nullptr);
  if (cache_ != nullptr) {
    const CacheStats redis = cache_->Stats();
    stats.set_redis_errors(redis.errors);
    stats.set_redis_rejected(redis.rejected);
    stats.set_redis_sets(redis.sets);
    stats.set_redis_degraded(redis.degraded);
    stats.set_breaker_state(std::string(BreakerStateName(redis.breaker)));
  }
  return stats;
}

}  // namespace scorecard::aggregator
