// The audit service: the append-only, hash-chained log of who did what, in
// <data_dir>/audit.sqlite, with signed checkpoints of its head in
// --checkpoint_dir, served until SIGTERM.
//
//   audit_server --listen=127.0.0.1:7105 --data_dir=/var/lib/scorecard
//       --checkpoint_key=/etc/scorecard/audit-checkpoint.pem
//       --checkpoint_dir=/srv/audit-checkpoints --port_file=/run/audit.port
//   # Development: make the key on first start (never commit it; var/ is ignored).
//   audit_server --data_dir=var/data --checkpoint_key=var/keys/audit-checkpoint.pem
//       --create_checkpoint_key
//
// Calls are authorized like every other service's (--tls_*, --policy_file,
// --token_hashes_file, --local_*: deploy/security/README.md). In the local
// plaintext mode the other services' forwarders call as the local identity,
// so the stack gives it --local_roles=admin,domain-service.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/concurrency/executor.h"
#include "common/security/authorizer_flags.h"
#include "common/server/log.h"
#include "common/server/server_runner.h"
#include "common/service/denial_recorder.h"
#include "services/audit/audit_service.h"
#include "services/audit/audit_store.h"
#include "services/audit/chain_checkpoint.h"
#include "services/audit/checkpointer.h"
#include "services/audit/own_events_sink.h"

// Appends wait in the group committer, not here; the threads serve queries and verification.
ABSL_FLAG(int, worker_threads, 4, "Threads for blocking work (SQLite queries, verification).");
ABSL_FLAG(absl::Duration, group_commit_delay, absl::Milliseconds(2),
          "How long an append may wait for others to share its transaction (and fsync).");
ABSL_FLAG(int, group_commit_max_events, 5000,
          "A group is committed at once when this many events are pending.");
ABSL_FLAG(std::string, checkpoint_key, "",
          "Ed25519 private key (PEM) that signs checkpoints of the chain head. Empty: no "
          "checkpoints, so truncation and full rewrites of the log go undetected.");
ABSL_FLAG(bool, create_checkpoint_key, false,
          "Development: create --checkpoint_key (mode 0600) if it does not exist.");
ABSL_FLAG(std::string, checkpoint_dir, "",
          "Folder for signed checkpoint files, outside the database (ship it off the host). "
          "Default: <data_dir>/audit-checkpoints.");
ABSL_FLAG(int64_t, checkpoint_every_events, 10000,
          "Write a checkpoint once this many events were stored since the last one.");
ABSL_FLAG(absl::Duration, checkpoint_interval, absl::Seconds(60),
          "And at least this often while the log grows.");
ABSL_FLAG(int, checkpoint_keep, 1000, "Checkpoint files kept (the newest); 0 keeps all.");

namespace {

constexpr char kName[] = "audit";

// Null (and OK) when checkpoints are off.
absl::StatusOr<std::unique_ptr<scorecard::audit::Checkpointer>> MakeCheckpointer(
    scorecard::audit::AuditStore* store, const std::string& data_dir) {
  using scorecard::audit::CheckpointKey;
  const std::string key_path = absl::GetFlag(FLAGS_checkpoint_key);
  if (key_path.empty()) {
    scorecard::LogWarning(kName,
                          "no --checkpoint_key: checkpoints are off, so truncation and "
                          "full rewrites of the log cannot be detected");
    return nullptr;
  }
  std::error_code error;
  if (absl::GetFlag(FLAGS_create_checkpoint_key) && !std::filesystem::exists(key_path, error)) {
    absl::Status created = scorecard::audit::GenerateCheckpointKeyFile(key_path);
    if (!created.ok()) return created;
    scorecard::LogInfo(kName, absl::StrCat("created checkpoint key ", key_path));
  }
  absl::StatusOr<CheckpointKey> key = CheckpointKey::LoadPem(key_path);
  if (!key.ok()) return key.status();
  scorecard::audit::CheckpointerOptions options;
  options.dir = absl::GetFlag(FLAGS_checkpoint_dir);
  if (options.dir.empty()) options.dir = absl::StrCat(data_dir, "/audit-checkpoints");
  options.every_events = absl::GetFlag(FLAGS_checkpoint_every_events);
  options.every = absl::GetFlag(FLAGS_checkpoint_interval);
  options.keep = absl::GetFlag(FLAGS_checkpoint_keep);
  scorecard::LogInfo(
      kName, absl::StrCat("checkpoints signed with key ", key->key_id(), " in ", options.dir));
  return scorecard::audit::Checkpointer::Create(store, *std::move(key), std::move(options));
}

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
  absl::StatusOr<std::unique_ptr<scorecard::audit::Checkpointer>> checkpointer =
      MakeCheckpointer(store->get(), data_dir);
  if (!checkpointer.ok()) {
    scorecard::LogError(kName, absl::StrCat("checkpoints: ", checkpointer.status().ToString()));
    return 1;
  }
  if (*checkpointer != nullptr) (*checkpointer)->Start();

  // Refused calls go straight into this log, durable before the caller is answered.
  scorecard::audit::OwnEventsSink own_events(store->get(), checkpointer->get());
  const std::function<void(const scorecard::Denial&)> record_denial =
      scorecard::DenialRecorder(kName, &own_events);
  const scorecard::ServerOptions server_options = scorecard::ServerOptionsFromFlags(kName);
  absl::StatusOr<std::unique_ptr<scorecard::Authorizer>> authorizer =
      scorecard::AuthorizerFromFlags(server_options, record_denial);
  if (!authorizer.ok()) {
    scorecard::LogError(kName, authorizer.status().ToString());
    if (*checkpointer != nullptr) (*checkpointer)->Stop();
    return 1;
  }

  absl::Status run;
  {
    // Destroyed before the checkpointer's final checkpoint: the service
    // commits what is pending, then the executor finishes queued work.
    scorecard::Executor executor(absl::GetFlag(FLAGS_worker_threads));
    scorecard::audit::AuditServiceOptions options;
    options.group_commit.max_delay = absl::GetFlag(FLAGS_group_commit_delay);
    options.group_commit.max_events = absl::GetFlag(FLAGS_group_commit_max_events);
    options.checkpointer = checkpointer->get();
    options.on_denied = record_denial;
    options.own_events = &own_events;
    scorecard::audit::AuditServiceImpl service(store->get(), &executor, authorizer->get(),
                                               std::move(options));
    run = scorecard::RunServerUntilSignalled(server_options, {&service});
  }
  if (*checkpointer != nullptr) (*checkpointer)->Stop();  // Signs the final head.
  if (!run.ok()) {
    scorecard::LogError(kName, run.ToString());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return RunAuditMain(argc, argv); }
