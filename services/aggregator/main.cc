// The aggregator: serves scorecards assembled from the workforce, safeguarding and
// placement services, cached in Redis; publishes them; keeps local values and reference
// figures in its own store (<data_dir>/aggregator.sqlite).
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <cstdlib>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
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
#include "common/store/record_store.h"
#include "services/aggregator/aggregator_service.h"
#include "services/aggregator/aggregator_store.h"
#include "services/aggregator/reference_values.h"

ABSL_FLAG(std::string, workforce_address, "127.0.0.1:7101", "Workforce service host:port.");
ABSL_FLAG(std::string, safeguarding_address, "127.0.0.1:7102", "Safeguarding service host:port.");
ABSL_FLAG(std::string, placement_address, "127.0.0.1:7103", "Placement service host:port.");
ABSL_FLAG(std::string, redis_host, "127.0.0.1", "Redis host (an IP address: no DNS wait).");
ABSL_FLAG(int, redis_port, 6379, "Redis port; 0 runs without a cache.");
ABSL_FLAG(std::string, scorecards_dir, "deploy/scorecards",
          "Folder of scorecard definitions (*.textproto).");
ABSL_FLAG(int, worker_threads, 8, "Threads assembling scorecards.");
ABSL_FLAG(int, service_deadline_ms, 10000, "Deadline of each call to a domain service.");
ABSL_FLAG(bool, push_versions, true,
          "Watch the domain services' pushed data versions (WatchDataVersions), so cached "
          "reads need no GetDataVersion call while the push lease holds.");
ABSL_FLAG(absl::Duration, cache_ttl, absl::Hours(24),
          "How long Redis keeps a cached card. Keys change with every write, so this bounds "
          "memory only.");
ABSL_FLAG(int64_t, memory_cache_bytes, int64_t{64} << 20,
          "Bytes of cards kept in process in front of Redis (least recently used evicted); "
          "0 disables. Keys name every data version, so an entry is never stale.");
ABSL_FLAG(std::string, reference_values, "",
          "CSV of comparator figures (comparator_key,source,period,value,authority,citation) "
          "loaded at start; reloading the same figures changes nothing.");
ABSL_FLAG(bool, check_measures, true,
          "At start, check every definition's measures against the catalogues of the "
          "services that answer, and refuse to start on an unknown measure or basis.");

namespace {

constexpr char kName[] = "aggregator";
// Health reports Redis under this service name; the aggregator itself stays SERVING
// without Redis because it fails open.
constexpr char kRedisHealthName[] = "redis";

using scorecard::aggregator::GrpcMeasureSource;
using scorecard::aggregator::MeasureSource;

// Each source's catalogue, asked in parallel; nullopt for one that does not answer.
scorecard::aggregator::Catalogues AskCatalogues(const std::vector<MeasureSource*>& sources) {
  std::vector<scorecard::aggregator::Catalogue> found(sources.size());
  absl::BlockingCounter pending(static_cast<int>(sources.size()));
  for (size_t i = 0; i < sources.size(); ++i) {
    sources[i]->ListMeasures(
        [&found, &pending, i](absl::StatusOr<scorecard::common::v1::ListMeasuresResponse> list) {
          if (list.ok()) found[i] = scorecard::aggregator::CatalogueFrom(*list);
          pending.DecrementCount();
        });
  }
  pending.Wait();
  scorecard::aggregator::Catalogues catalogues;
  for (size_t i = 0; i < sources.size(); ++i) catalogues[sources[i]->name()] = found[i];
  return catalogues;
}

// Fails when a definition names a measure or basis a reachable service does not compute.
absl::Status CheckDefinitionsAgainstServices(
    const scorecard::aggregator::DefinitionSet& definitions,
    const std::vector<MeasureSource*>& sources) {
  const scorecard::aggregator::Catalogues catalogues = AskCatalogues(sources);
  for (const auto& [service, catalogue] : catalogues) {
    if (!catalogue.has_value()) {
      scorecard::LogWarning(kName, absl::StrCat(service, " did not answer ListMeasures: its "
                                                         "rows were not checked at start"));
    }
  }
  for (const auto& [id, loaded] : definitions.all()) {
    absl::Status checked =
        scorecard::aggregator::CheckMeasureCatalogue(loaded.definition, catalogues);
    if (!checked.ok()) return checked;
  }
  return absl::OkStatus();
}

absl::Status LoadReferenceFile(const std::string& path,
                               scorecard::aggregator::AggregatorStore& store) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("--reference_values: cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<scorecard::aggregator::v1::ReferenceValue>> values =
      scorecard::aggregator::ParseReferenceCsv(text.str(), path);
  if (!values.ok()) return values.status();
  if (values->empty()) return absl::OkStatus();
  absl::StatusOr<scorecard::aggregator::v1::LoadReferenceValuesResponse> loaded =
      store.LoadReferenceValues(*values);
  if (!loaded.ok()) return loaded.status();
  scorecard::LogInfo(kName, absl::StrCat("reference figures from ", path, ": ",
                                         loaded->new_versions(), " new, ", loaded->unchanged(),
                                         " unchanged"));
  return absl::OkStatus();
}

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
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  std::error_code dir_error;
  std::filesystem::create_directories(data_dir, dir_error);
  if (dir_error) {
    scorecard::LogError(kName, absl::StrCat("cannot create --data_dir ", data_dir, ": ",
                                            dir_error.message()));
    return 1;
  }
  // Local values, reference figures and publications (services/aggregator/README.md).
  absl::StatusOr<std::unique_ptr<scorecard::VersionedRecordStore>> records =
      scorecard::VersionedRecordStore::Open(absl::StrCat(data_dir, "/", kName, ".sqlite"));
  if (!records.ok()) {
    scorecard::LogError(kName, absl::StrCat("cannot open store: ", records.status().ToString()));
    return 1;
  }
  scorecard::aggregator::AggregatorStore store(records->get());
  if (const std::string path = absl::GetFlag(FLAGS_reference_values); !path.empty()) {
    if (absl::Status loaded = LoadReferenceFile(path, store); !loaded.ok()) {
      scorecard::LogError(kName, loaded.ToString());
      return 1;
    }
  }
  const std::chrono::milliseconds deadline(absl::GetFlag(FLAGS_service_deadline_ms));
  GrpcMeasureSource<scorecard::workforce::v1::WorkforceService> workforce(
      "workforce", Channel(absl::GetFlag(FLAGS_workforce_address)), deadline);
  GrpcMeasureSource<scorecard::safeguarding::v1::SafeguardingService> safeguarding(
      "safeguarding", Channel(absl::GetFlag(FLAGS_safeguarding_address)), deadline);
  GrpcMeasureSource<scorecard::placement::v1::PlacementService> placement(
      "placement", Channel(absl::GetFlag(FLAGS_placement_address)), deadline);

  if (absl::GetFlag(FLAGS_check_measures)) {
    absl::Status checked =
        CheckDefinitionsAgainstServices(*definitions, {&workforce, &safeguarding, &placement});
    if (!checked.ok()) {
      scorecard::LogError(kName, checked.ToString());
      return 1;
    }
  }

  if (absl::GetFlag(FLAGS_push_versions)) {
    workforce.WatchVersions();
    safeguarding.WatchVersions();
    placement.WatchVersions();
  }

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
  scorecard::aggregator::AggregatorOptions aggregator_options;
  aggregator_options.cache_ttl = absl::GetFlag(FLAGS_cache_ttl);
  aggregator_options.memory_cache_bytes = absl::GetFlag(FLAGS_memory_cache_bytes);
  scorecard::aggregator::AggregatorServiceImpl service(
      &*definitions, {&workforce, &safeguarding, &placement}, &store, cache.get(), &executor,
      authorizer->get(), (*audit)->sink(), aggregator_options);

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
