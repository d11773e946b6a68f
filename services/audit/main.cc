// The audit service: the append-only, hash-chained log of who did what, in
// <data_dir>/audit.sqlite, served until SIGTERM.
//
//   audit_server --listen=127.0.0.1:7105 --data_dir=/var/lib/scorecard --port_file=/run/audit.port
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/concurrency/executor.h"
#include "common/server/log.h"
#include "common/server/server_runner.h"
#include "services/audit/audit_service.h"
#include "services/audit/audit_store.h"

// Appends are serialized inside the store anyway; the threads serve queries alongside.
ABSL_FLAG(int, worker_threads, 4, "Threads for blocking work (SQLite appends and queries).");

namespace {

constexpr char kName[] = "audit";

int RunAuditMain(int argc, char** argv) {
  scorecard::BlockTerminationSignals();  // Before any thread starts.
  absl::ParseCommandLine(argc, argv);
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) {
    scorecard::LogError(kName,
                        absl::StrCat("cannot create --data_dir ", data_dir, ": ", error.message()));
    return 1;
  }
  absl::StatusOr<std::unique_ptr<scorecard::audit::AuditStore>> store =
      scorecard::audit::AuditStore::Open(absl::StrCat(data_dir, "/", kName, ".sqlite"));
  if (!store.ok()) {
    scorecard::LogError(kName, absl::StrCat("cannot open store: ", store.status().ToString()));
    return 1;
  }
  // Declared after the store: destroyed first, so queued work finishes while the store lives.
  scorecard::Executor executor(absl::GetFlag(FLAGS_worker_threads));
  scorecard::audit::AuditServiceImpl service(store->get(), &executor);
  absl::Status run =
      scorecard::RunServerUntilSignalled(scorecard::ServerOptionsFromFlags(kName), {&service});
  if (!run.ok()) {
    scorecard::LogError(kName, run.ToString());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return RunAuditMain(argc, argv); }
