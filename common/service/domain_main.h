// main() for a domain service: flags, its own SQLite file under --data_dir, the
// authorities' working-day calendars, an executor for blocking work, and the server until
// SIGTERM.
//
//   int main(int argc, char** argv) {
//     return scorecard::RunDomainServiceMain<SafeguardingTraits>(argc, argv);
//   }
#ifndef SCORECARD_COMMON_SERVICE_DOMAIN_MAIN_H_
#define SCORECARD_COMMON_SERVICE_DOMAIN_MAIN_H_

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "common/audit/audit_emitter.h"
#include "common/concurrency/executor.h"
#include "common/security/authorizer_flags.h"
#include "common/server/log.h"
#include "common/server/server_runner.h"
#include "common/service/denial_recorder.h"
#include "common/service/domain_service.h"
#include "common/store/record_store.h"
#include "common/time/authority_calendars.h"

ABSL_DECLARE_FLAG(int, worker_threads);
ABSL_DECLARE_FLAG(std::string, closure_days);
ABSL_DECLARE_FLAG(int, cached_datasets);
ABSL_DECLARE_FLAG(int, decoded_cache_mb);
ABSL_DECLARE_FLAG(int, current_mirror_mb);

namespace scorecard {

template <typename Traits>
int RunDomainServiceMain(int argc, char** argv) {
  BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  const int cached_datasets = absl::GetFlag(FLAGS_cached_datasets);
  const int decoded_cache_mb = absl::GetFlag(FLAGS_decoded_cache_mb);
  const int current_mirror_mb = absl::GetFlag(FLAGS_current_mirror_mb);
  for (const auto& [flag, value] : {std::pair<const char*, int>{"cached_datasets", cached_datasets},
                                    {"decoded_cache_mb", decoded_cache_mb},
                                    {"current_mirror_mb", current_mirror_mb}}) {
    if (value < 0) {
      LogError(Traits::kName, absl::StrCat("--", flag, "=", value, ": must be 0 or more"));
      return 1;
    }
  }
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    LogError(Traits::kName, absl::StrCat("cannot create --data_dir ", data_dir, ": ", error.message()));
    return 1;
  }
  RecordStoreOptions store_options;
  store_options.decoded_cache_max_bytes = static_cast<size_t>(decoded_cache_mb) << 20;
  store_options.current_mirror_max_bytes = static_cast<size_t>(current_mirror_mb) << 20;
  const std::string path = absl::StrCat(data_dir, "/", Traits::kName, ".sqlite");
  absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
      VersionedRecordStore::Open(path, std::move(store_options));
  if (!store.ok()) {
    LogError(Traits::kName, absl::StrCat("cannot open store: ", store.status().ToString()));
    return 1;
  }
  AuthorityCalendars calendars;
  if (const std::string closure_days = absl::GetFlag(FLAGS_closure_days); !closure_days.empty()) {
    absl::StatusOr<AuthorityCalendars> loaded = AuthorityCalendars::FromFile(closure_days);
    if (!loaded.ok()) {
      LogError(Traits::kName, loaded.status().ToString());
      return 1;
    }
    calendars = std::move(*loaded);
  }
  // Declared before the service so it outlives it: undelivered events stay in the outbox.
  absl::StatusOr<std::unique_ptr<audit::AuditEmitter>> audit =
      audit::AuditEmitter::Start(audit::AuditEmitterOptionsFromFlags(Traits::kName));
  if (!audit.ok()) {
    LogError(Traits::kName, absl::StrCat("audit: ", audit.status().ToString()));
    return 1;
  }
  ServerOptions options = ServerOptionsFromFlags(Traits::kName);
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
      AuthorizerFromFlags(options, DenialRecorder(Traits::kName, (*audit)->sink()));
  if (!authorizer.ok()) {
    LogError(Traits::kName, authorizer.status().ToString());
    return 1;
  }
  Executor executor(absl::GetFlag(FLAGS_worker_threads));
  DomainServiceOptions service_options;
  // A previous process of this service may have granted leases: its first ingests wait them out.
  service_options.watch.wait_out_previous_leases = true;
  service_options.cached_datasets = static_cast<size_t>(cached_datasets);
  DomainService<Traits> service(store->get(), &executor, &calendars, authorizer->get(),
                                (*audit)->sink(), service_options);
  // Version watchers' streams never end by themselves: end them so shutdown need not wait.
  options.on_stopping = [&service, stopping = options.on_stopping] {
    if (stopping) stopping();
    service.EndVersionWatchers();
  };
  absl::Status run = RunServerUntilSignalled(options, {&service});
  if (!run.ok()) {
    LogError(Traits::kName, run.ToString());
    return 1;
  }
  return 0;
}

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVICE_DOMAIN_MAIN_H_
