// GetScorecard: assembles a scorecard from the domain services' measures and caches the
// serialized card in Redis.
//
//   AggregatorServiceImpl service(&definitions, {&workforce, &safeguarding, &placement},
//                                 &cache, &executor, authorizer.get(), AggregatorOptions{});
//   builder.RegisterService(&service);
//
// Cache keys name the authority, definition hash, month range, as_at and every service's
// data version, so a write can never be hidden by a stale entry and nothing needs deleting
// (old keys expire). Concurrent misses for one key compute once. When Redis is down or
// slow the card is computed (fail open); when a service is down its rows say so and the
// card is not cached.
#ifndef SCORECARD_SERVICES_AGGREGATOR_AGGREGATOR_SERVICE_H_
#define SCORECARD_SERVICES_AGGREGATOR_AGGREGATOR_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/cache/redis_cache.h"
#include "common/concurrency/executor.h"
#include "common/concurrency/single_flight.h"
#include "common/security/policy.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "services/aggregator/measure_source.h"
#include "services/aggregator/scorecard_assembly.h"
#include "services/aggregator/scorecard_definition.h"

namespace scorecard::aggregator {

inline constexpr char kDefaultScorecardId[] = "getting-to-good";

struct AggregatorOptions {
  // Entries also age out by themselves; keys already change with every write.
  absl::Duration cache_ttl = absl::Minutes(10);
};

class AggregatorServiceImpl final : public v1::AggregatorService::CallbackService {
 public:
  // `cache` may be null (no Redis configured): every card is computed.
  AggregatorServiceImpl(const DefinitionSet* definitions, std::vector<MeasureSource*> sources,
                        RedisCache* cache, Executor* executor, const Authorizer* authorizer,
                        AggregatorOptions options);

  grpc::ServerUnaryReactor* GetScorecard(grpc::CallbackServerContext* context,
                                         const v1::GetScorecardRequest* request,
                                         v1::Scorecard* response) override;

  // The work behind the RPC; blocks, so call it on an executor thread.
  absl::StatusOr<v1::Scorecard> BuildScorecard(const v1::GetScorecardRequest& request);

 private:
  struct Computed {
    absl::Status status;
    v1::Scorecard card;
    bool cacheable = false;
  };

  absl::StatusOr<ScorecardQuery> ValidateRequest(const v1::GetScorecardRequest& request,
                                                 const LoadedDefinition** definition) const;
  // Each source's data version for the authority; nullopt for a source that did not answer.
  std::vector<std::optional<int64_t>> FetchDataVersions(const std::string& authority);
  Computed Compute(const LoadedDefinition& definition, const ScorecardQuery& query,
                   const std::vector<std::optional<int64_t>>& versions);

  const DefinitionSet* definitions_;
  std::vector<MeasureSource*> sources_;
  RedisCache* cache_;
  Executor* executor_;
  const Authorizer* authorizer_;
  AggregatorOptions options_;
  SingleFlight<std::shared_ptr<const Computed>> in_flight_;
};

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_AGGREGATOR_SERVICE_H_
