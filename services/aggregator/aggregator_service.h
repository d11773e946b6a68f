// The aggregator's gRPC surface: scorecards assembled from the domain services' measures
// (cached in Redis), their publication and restatement, local measures' entered values,
// reference figures for comparators, and cache statistics.
//
//   AggregatorStore store(records.get());
//   AggregatorServiceImpl service(&definitions, {&workforce, &safeguarding, &placement},
//                                 &store, &cache, &executor, authorizer.get(),
//                                 audit->sink(), AggregatorOptions{});
//   builder.RegisterService(&service);
//
// Cache keys name the authority, definition hash, month range, as_at, every service's data
// version and the aggregator's own (local values, reference figures), so a write can never
// be hidden by a stale entry and nothing needs deleting (old keys expire after the TTL:
// a memory bound, not a correctness one). Concurrent misses for one key compute once. When
// Redis is down or slow the card is computed (fail open); when a service is down its rows
// say so and the card is not cached.
//
// Each service pushes its versions on a stream (version_watch.h); while that stream's lease
// holds, a read takes them from memory with no call, and a write is acknowledged only once
// the aggregator holds its version or the lease has run out. Otherwise reads go through a
// read barrier: per (service, authority) one GetDataVersion call is in flight at a time,
// and a read waits for one that started after it arrived, so it still reflects every write
// acknowledged before it (common/concurrency/coalesced_fetch.h). An
// in-process LRU of cards by key sits in front of Redis; a GetScorecard it answers is
// finished on the thread that delivered the versions, and only a miss goes to the executor.
//
// ExportScorecard serves the same card as GetScorecard, through the same cache, as CSV,
// JSON, XLSX or HTML (services/aggregator/export); the files are a function of the card.
//
// Publishing, republishing and entering a local value are audited (who, which authority,
// which scorecard or measure, month and revision); refused attempts too.
#ifndef SCORECARD_SERVICES_AGGREGATOR_AGGREGATOR_SERVICE_H_
#define SCORECARD_SERVICES_AGGREGATOR_AGGREGATOR_SERVICE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/audit/audit_sink.h"
#include "common/cache/memory_lru.h"
#include "common/cache/redis_cache.h"
#include "common/concurrency/coalesced_fetch.h"
#include "common/concurrency/executor.h"
#include "common/concurrency/single_flight.h"
#include "common/security/policy.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "services/aggregator/aggregator_store.h"
#include "services/aggregator/measure_source.h"
#include "services/aggregator/scorecard_assembly.h"
#include "services/aggregator/scorecard_definition.h"

namespace scorecard::aggregator {

inline constexpr char kDefaultScorecardId[] = "getting-to-good";
// Audit action for an entered local value (the well-known ones are in audit_sink.h).
inline constexpr char kActionEnterLocalValue[] = "enter-local-value";
inline constexpr char kActionLoadReference[] = "load-reference";

// gRPC clients refuse a reply over 4 MiB by default; an export stays under it with room
// for the rest of the message, and a larger one is refused saying so.
inline constexpr int64_t kDefaultMaxExportBytes = (4 << 20) - (64 << 10);

struct AggregatorOptions {
  // Keys change with every write, so this only bounds Redis's memory.
  absl::Duration cache_ttl = absl::Hours(24);
  int64_t max_export_bytes = kDefaultMaxExportBytes;
  // The in-process tier in front of Redis (cards by key, least recently used evicted);
  // 0 disables it. Used only with Redis configured: it holds what Redis holds.
  int64_t memory_cache_bytes = int64_t{64} << 20;
};

class AggregatorServiceImpl final : public v1::AggregatorService::CallbackService {
 public:
  // `cache` may be null (no Redis configured): every card is computed. `audit` may be null
  // only in tests.
  AggregatorServiceImpl(const DefinitionSet* definitions, std::vector<MeasureSource*> sources,
                        AggregatorStore* store, RedisCache* cache, Executor* executor,
                        const Authorizer* authorizer, audit::AuditSink* audit,
                        AggregatorOptions options);

  grpc::ServerUnaryReactor* GetScorecard(grpc::CallbackServerContext* context,
                                         const v1::GetScorecardRequest* request,
                                         v1::Scorecard* response) override;
  grpc::ServerUnaryReactor* ExportScorecard(grpc::CallbackServerContext* context,
                                            const v1::ExportScorecardRequest* request,
                                            v1::ExportScorecardResponse* response) override;
  grpc::ServerUnaryReactor* PublishScorecard(grpc::CallbackServerContext* context,
                                             const v1::PublishScorecardRequest* request,
                                             v1::Publication* response) override;
  grpc::ServerUnaryReactor* GetPublication(grpc::CallbackServerContext* context,
                                           const v1::GetPublicationRequest* request,
                                           v1::Publication* response) override;
  grpc::ServerUnaryReactor* ListPublications(grpc::CallbackServerContext* context,
                                             const v1::ListPublicationsRequest* request,
                                             v1::ListPublicationsResponse* response) override;
  grpc::ServerUnaryReactor* GetRestatement(grpc::CallbackServerContext* context,
                                           const v1::GetRestatementRequest* request,
                                           v1::Restatement* response) override;
  grpc::ServerUnaryReactor* EnterLocalValue(grpc::CallbackServerContext* context,
                                            const v1::EnterLocalValueRequest* request,
                                            v1::LocalValue* response) override;
  grpc::ServerUnaryReactor* LoadReferenceValues(grpc::CallbackServerContext* context,
                                                const v1::LoadReferenceValuesRequest* request,
                                                v1::LoadReferenceValuesResponse* response) override;
  grpc::ServerUnaryReactor* GetCacheStats(grpc::CallbackServerContext* context,
                                          const v1::GetCacheStatsRequest* request,
                                          v1::CacheStats* response) override;

  // The work behind the RPCs; they block, so call them on an executor thread. `caller` is
  // who asked (recorded with what they wrote).
  absl::StatusOr<v1::Scorecard> BuildScorecard(const v1::GetScorecardRequest& request);
  // BuildScorecard's card (same cache), written by services/aggregator/export.
  absl::StatusOr<v1::ExportScorecardResponse> Export(const v1::ExportScorecardRequest& request);
  absl::StatusOr<v1::Publication> Publish(const CallerIdentity& caller,
                                          const v1::PublishScorecardRequest& request);
  absl::StatusOr<v1::Publication> ReadPublication(const v1::GetPublicationRequest& request) const;
  absl::StatusOr<v1::ListPublicationsResponse> ReadPublications(
      const v1::ListPublicationsRequest& request) const;
  absl::StatusOr<v1::Restatement> Restate(const v1::GetRestatementRequest& request);
  absl::StatusOr<v1::LocalValue> EnterValue(const CallerIdentity& caller,
                                            const v1::EnterLocalValueRequest& request);
  absl::StatusOr<v1::LoadReferenceValuesResponse> LoadReference(
      const CallerIdentity& caller, const v1::LoadReferenceValuesRequest& request);
  v1::CacheStats Statistics() const;

 private:
  struct Computed {
    absl::Status status;
    v1::Scorecard card;
    bool cacheable = false;
  };
  using Versions = std::vector<std::optional<int64_t>>;
  // A validated read and its cache key.
  struct CardRead {
    const LoadedDefinition* definition = nullptr;
    ScorecardQuery query;
    Versions versions;
    int64_t own_version = 0;
    bool all_versions_known = true;
    std::string key;
  };

  // Authorizes the call, then runs `work(caller)` on the executor and finishes with its
  // status.
  template <typename Work>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, absl::string_view rpc,
                                  Work work);

  absl::StatusOr<ScorecardQuery> ValidateRequest(const v1::GetScorecardRequest& request,
                                                 const LoadedDefinition** definition) const;
  // Each source's data version for the authority: pushed while its lease holds, else
  // through the read barrier, asked in parallel; nullopt for a source that did not answer. `done` runs on whichever thread
  // delivered the last version (inline with in-process sources).
  void FetchDataVersions(const std::string& authority, std::function<void(Versions)> done);
  Versions FetchDataVersionsAndWait(const std::string& authority);
  // Completes `read` with its versions: the aggregator's own version and the cache key.
  void KeyRead(CardRead& read, Versions versions) const;
  // The card from the in-process tier, counted as a hit; null if not there (or off).
  std::shared_ptr<const v1::Scorecard> MemoryHit(const CardRead& read);
  // The card through every tier: memory, Redis, then computed (once per key in flight).
  // Blocks on Redis and the services: call it on an executor thread.
  absl::StatusOr<v1::Scorecard> ReadThrough(const CardRead& read);
  // Keeps a card just read from Redis or computed in the in-process tier.
  void Remember(const std::string& key, std::shared_ptr<const v1::Scorecard> card);
  Computed Compute(const LoadedDefinition& definition, const ScorecardQuery& query,
                   const std::vector<std::optional<int64_t>>& versions, int64_t own_version);
  absl::StatusOr<v1::Publication> PublishLocked(const CallerIdentity& caller,
                                                const v1::PublishScorecardRequest& request)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(publish_mu_);
  // Records one audited call; OK without an audit sink (tests).
  absl::Status Audit(const CallerIdentity& caller, absl::string_view rpc, absl::string_view action,
                     absl::string_view authority, audit::AuditSubjects subjects,
                     const absl::Status& outcome, absl::string_view detail);

  const DefinitionSet* definitions_;
  std::vector<MeasureSource*> sources_;
  AggregatorStore* store_;
  RedisCache* cache_;
  Executor* executor_;
  const Authorizer* authorizer_;
  audit::AuditSink* audit_;
  AggregatorOptions options_;
  // Every "local." measure some loaded card shows: the ones a value may be entered for.
  std::set<std::string> local_measures_;
  SingleFlight<std::shared_ptr<const Computed>> in_flight_;
  // One read barrier per source (same order as sources_), keyed by authority.
  std::vector<std::unique_ptr<CoalescedFetch<int64_t>>> version_barriers_;
  MemoryLru<v1::Scorecard> memory_;
  // Serializes publications, so "already published?" and storing the next revision are
  // one step.
  absl::Mutex publish_mu_;

  std::atomic<int64_t> hits_{0};
  std::atomic<int64_t> memory_hits_{0};
  std::atomic<int64_t> misses_{0};
  std::atomic<int64_t> bypasses_{0};
  std::atomic<int64_t> uncacheable_{0};
  std::atomic<int64_t> joins_{0};
  // Per (read, source): versions taken from a push lease, or polled through the barrier.
  std::atomic<int64_t> versions_pushed_{0};
  std::atomic<int64_t> versions_polled_{0};
};

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_AGGREGATOR_SERVICE_H_
