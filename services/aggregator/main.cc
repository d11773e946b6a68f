// The aggregator: serves scorecards assembled from the workforce, safeguarding and
// placement services, cached in Redis.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdlib>
#include <chrono>
#include <memory>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/cache/redis_cache.h"
#include "common/concurrency/executor.h"
#include "common/audit/audit_emitter.h"
#include "common/security/authorizer_flags.h"
#include "common/service/denial_recorder.h"
#include "common/security/channel_credentials.h"
#include "common/server/log.h"
#include "common/server/server_runner.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "services/aggregator/aggregator_service.h"

ABSL_FLAG(std::string, workforce_address, "127.0.0.1:7101", "Workforce service host:port.");
ABSL_FLAG(std::string, safeguarding_address, "127.0.0.1:7102", "Safeguarding service host:port.");
ABSL_FLAG(std::string, placement_address, "127.0.0.1:7103", "Placement service host:port.");
ABSL_FLAG(std::string, redis_host, "127.0.0.1", "Redis host (an IP address: no DNS wait).");
ABSL_FLAG(int, redis_port, 6379, "Redis port; 0 runs without a cache.");
ABSL_FLAG(std::string, scorecards_dir, "deploy/scorecards",
          "Folder of scorecard definitions (*.textproto).");
ABSL_FLAG(int, worker_threads, 8, "Threads assembling scorecards.");
ABSL_FLAG(int, service_deadline_ms, 10000, "Deadline of each call to a domain service.");

namespace {

constexpr char kName[] = "aggregator";
// Health reports Redis under this service name; the aggregator itself stays SERVING
// without Redis because it fails open.
constexpr char kRedisHealthName[] = "redis";

using scorecard::aggregator::GrpcMeasureSource;

// mTLS when --tls_* are set, plaintext to loopback otherwise (common/security).
std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      scorecard::CreateChannelFromFlags(address);
  if (!channel.ok()) {
    scorecard::LogError(kName, channel.status().ToString());
    std::exit(1);
  }
  return *channel;
}

}  // namespace

int main(int argc, char** argv) {
  scorecard::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);

  absl::StatusOr<scorecard::aggregator::DefinitionSet> definitions =
      scorecard::aggregator::LoadDefinitions(absl::GetFlag(FLAGS_scorecards_dir));
  if (!definitions.ok()) {
    scorecard::LogError(kName, definitions.status().ToString());
    return 1;
  }
  const std::chrono::milliseconds deadline(absl::GetFlag(FLAGS_service_deadline_ms));
  GrpcMeasureSource<scorecard::workforce::v1::WorkforceService> workforce(
      "workforce", Channel(absl::GetFlag(FLAGS_workforce_address)), deadline);
  GrpcMeasureSource<scorecard::safeguarding::v1::SafeguardingService> safeguarding(
      "safeguarding", Channel(absl::GetFlag(FLAGS_safeguarding_address)), deadline);
  GrpcMeasureSource<scorecard::placement::v1::PlacementService> placement(
      "placement", Channel(absl::GetFlag(FLAGS_placement_address)), deadline);

  std::unique_ptr<scorecard::RedisCache> cache;
  if (absl::GetFlag(FLAGS_redis_port) != 0) {
    scorecard::RedisOptions redis;
    redis.host = absl::GetFlag(FLAGS_redis_host);
    redis.port = absl::GetFlag(FLAGS_redis_port);
    cache = std::make_unique<scorecard::RedisCache>(redis);
  } else {
    scorecard::LogWarning(kName, "no Redis configured (--redis_port=0): every card is computed");
  }

  absl::StatusOr<std::unique_ptr<scorecard::audit::AuditEmitter>> audit =
      scorecard::audit::AuditEmitter::Start(scorecard::audit::AuditEmitterOptionsFromFlags(kName));
  if (!audit.ok()) {
    scorecard::LogError(kName, absl::StrCat("audit: ", audit.status().ToString()));
    return 1;
  }
  scorecard::ServerOptions options = scorecard::ServerOptionsFromFlags(kName);
  absl::StatusOr<std::unique_ptr<scorecard::Authorizer>> authorizer = scorecard::AuthorizerFromFlags(
      options, scorecard::DenialRecorder(kName, (*audit)->sink()));
  if (!authorizer.ok()) {
    scorecard::LogError(kName, authorizer.status().ToString());
    return 1;
  }
  scorecard::Executor executor(absl::GetFlag(FLAGS_worker_threads));
  scorecard::aggregator::AggregatorServiceImpl service(
      &*definitions, {&workforce, &safeguarding, &placement}, cache.get(), &executor,
      authorizer->get(), scorecard::aggregator::AggregatorOptions{});

  // Watches Redis once a second and reports it in health, so operators see a degraded
  // cache while the aggregator keeps serving by computing.
  absl::Notification stop_watching;
  std::thread redis_watcher;
  options.on_serving = [&](grpc::HealthCheckServiceInterface* health) {
    if (cache == nullptr) {
      health->SetServingStatus(kRedisHealthName, false);
      return;
    }
    redis_watcher = std::thread([&, health] {
      bool last_up = true;
      do {
        const bool up = cache->Ping();
        health->SetServingStatus(kRedisHealthName, up);
        if (up != last_up) {
          scorecard::LogInfo(kName, up ? "redis: reachable again, caching resumed"
                                       : "redis: unreachable, serving by computing");
          last_up = up;
        }
      } while (!stop_watching.WaitForNotificationWithTimeout(absl::Seconds(1)));
    });
  };
  options.on_stopping = [&] {
    stop_watching.Notify();
    if (redis_watcher.joinable()) redis_watcher.join();
  };
  absl::Status run = scorecard::RunServerUntilSignalled(options, {&service});
  if (!run.ok()) {
    scorecard::LogError(kName, run.ToString());
    return 1;
  }
  return 0;
}
