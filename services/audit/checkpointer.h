// Writes signed checkpoints of the audit log's head (chain_checkpoint.h) in
// the background: once `every_events` events were stored since the last
// one, or every `every` while the log grows, and once more on Stop.
//
//   absl::StatusOr<CheckpointKey> key = CheckpointKey::LoadPem(flag_key);
//   absl::StatusOr<std::unique_ptr<Checkpointer>> checkpointer =
//       Checkpointer::Create(store.get(), *std::move(key), {.dir = flag_dir});
//   (*checkpointer)->Start();
//   GroupCommitOptions commit;
//   commit.on_commit = [c = checkpointer->get()](const ChainHead&, int64_t n) {
//     c->OnAppended(n);
//   };
//   ...
//   (*checkpointer)->Stop();  // after the last append: signs the final head
//
// Never blessing a tampered log: before it signs anything, Start's thread
// verifies the whole log against the checkpoints already in the folder. If
// that finds a fault (the log was edited, truncated or rewritten while the
// service was down), the checkpointer halts: it logs the fault and signs
// nothing until restarted on a repaired log, so the old checkpoints keep
// exposing the damage. VerifyChain reports the fault either way.
//
// Thread-safe.
#ifndef SCORECARD_SERVICES_AUDIT_CHECKPOINTER_H_
#define SCORECARD_SERVICES_AUDIT_CHECKPOINTER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/audit/audit_store.h"
#include "services/audit/chain_checkpoint.h"

namespace scorecard::audit {

struct CheckpointerOptions {
  // The folder for checkpoint files: not the database's file, ideally not
  // its disk, and shipped off the host.
  std::string dir;
  // A checkpoint once this many events were stored since the last.
  int64_t every_events = 10000;
  // And at least this often while events keep arriving.
  absl::Duration every = absl::Seconds(60);
  // Checkpoint files kept (the newest); <= 0 keeps all.
  int keep = 1000;
  // signed_at for new checkpoints; tests inject a fake.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

class Checkpointer {
 public:
  // Creates the folder if missing and reads the checkpoints already there.
  // `store` is not owned and must outlive this object. FAILED_PRECONDITION
  // for a key that cannot sign.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Checkpointer>> Create(
      AuditStore* store, CheckpointKey key, CheckpointerOptions options);

  // Stop(), if still running.
  ~Checkpointer();

  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Starts the thread: verification of the log first (see the file comment),
  // then checkpoints as configured. Call once.
  void Start();
  // Signs the final head (unless halted), then joins. The thread's waits are
  // interruptible, but a start-up verification still running is finished
  // first (it is one read of the log).
  void Stop();

  // `events` more were stored; wakes the thread once every_events add up.
  void OnAppended(int64_t events);

  // Signs and writes the store's current head now, if verification passed
  // and it is newer than the newest checkpoint; nullopt if there was nothing
  // new. FAILED_PRECONDITION while verifying or halted.
  [[nodiscard]] absl::StatusOr<std::optional<SignedCheckpoint>> CheckpointNow();

  // Blocks until Start's verification finished (or `timeout` passed);
  // true if it finished. For tests and start-up logs.
  bool WaitUntilVerified(absl::Duration timeout);

  // Why signing halted; empty while it has not.
  std::string halted_reason() const;

  // Everything in the folder, verified with this checkpointer's key.
  CheckpointSet Load() const { return directory_.Load(); }
  const CheckpointKey& key() const { return key_; }
  const std::string& dir() const { return directory_.dir(); }

 private:
  Checkpointer(AuditStore* store, CheckpointKey key, CheckpointerOptions options);

  void Run();
  bool DueOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Verifies the log against the folder; halts on a fault.
  void VerifyAtStart();
  // Writes a checkpoint of the current head if newer than the newest;
  // prunes. Serialized by write_mu_.
  absl::StatusOr<std::optional<SignedCheckpoint>> WriteIfNewer();

  AuditStore* const store_;
  const CheckpointKey key_;
  const CheckpointerOptions options_;
  const CheckpointDirectory directory_;

  // Held while writing or pruning files; never while waiting.
  absl::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  // Valid checkpoint files this process knows of, oldest first: pruning
  // needs no re-read (and no re-verification) of the folder.
  std::deque<SignedCheckpoint> known_ ABSL_GUARDED_BY(write_mu_);

  mutable absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool verified_ ABSL_GUARDED_BY(mu_) = false;
  bool verification_done_ ABSL_GUARDED_BY(mu_) = false;
  std::string halted_reason_ ABSL_GUARDED_BY(mu_);
  int64_t events_since_checkpoint_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace scorecard::audit

#endif  // SCORECARD_SERVICES_AUDIT_CHECKPOINTER_H_
