#include "services/audit/checkpointer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/server/log.h"
#include "common/status/status_macros.h"

namespace scorecard::audit {
namespace {
constexpr char kLog[] = "audit";
}  // namespace

absl::StatusOr<std::unique_ptr<Checkpointer>> Checkpointer::Create(AuditStore* store,
                                                                   CheckpointKey key,
                                                                   CheckpointerOptions options) {
  if (!key.can_sign()) {
    return absl::FailedPreconditionError("checkpoints: the key is public only and cannot sign");
  }
  if (options.dir.empty()) return absl::InvalidArgumentError("checkpoints: no folder given");
  std::unique_ptr<Checkpointer> checkpointer(
      new Checkpointer(store, std::move(key), std::move(options)));
  SCORECARD_RETURN_IF_ERROR(checkpointer->directory_.EnsureExists());
  CheckpointSet existing = checkpointer->directory_.Load();
  {
    absl::MutexLock lock(&checkpointer->write_mu_);
    for (SignedCheckpoint& checkpoint : existing.valid) {
      checkpointer->known_.push_back(std::move(checkpoint));
    }
  }
  for (const RejectedCheckpointFile& rejected : existing.rejected) {
    LogError(kLog, absl::StrCat("checkpoint ", rejected.file, " rejected: ", rejected.reason));
  }
  return checkpointer;
}

Checkpointer::Checkpointer(AuditStore* store, CheckpointKey key, CheckpointerOptions options)
    : store_(store),
      key_(std::move(key)),
      options_(std::move(options)),
      directory_(options_.dir, &key_) {}

Checkpointer::~Checkpointer() { Stop(); }

void Checkpointer::Start() {
  absl::MutexLock lock(&mu_);
  if (started_) return;
  started_ = true;
  thread_ = std::thread([this] { Run(); });
}

void Checkpointer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (!started_ || stopping_) return;
    stopping_ = true;
  }
  thread_.join();
}

bool Checkpointer::DueOrStopping() const {
  return stopping_ || events_since_checkpoint_ >= options_.every_events;
}

void Checkpointer::OnAppended(int64_t events) {
  absl::MutexLock lock(&mu_);
  events_since_checkpoint_ += events;
}

bool Checkpointer::WaitUntilVerified(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  return mu_.AwaitWithTimeout(absl::Condition(&verification_done_), timeout);
}

std::string Checkpointer::halted_reason() const {
  absl::MutexLock lock(&mu_);
  return halted_reason_;
}

void Checkpointer::VerifyAtStart() {
  // Folder first, then the log: a checkpoint can only be older than the
  // snapshot the verification reads.
  const CheckpointSet set = directory_.Load();
  absl::StatusOr<ChainVerification> chain = store_->VerifyChain(set.Anchors());
  std::string halted;
  if (!chain.ok()) {
    halted = absl::StrCat("the log could not be verified: ", chain.status().ToString());
  } else if (!chain->ok()) {
    halted = absl::StrCat("the log failed verification at position ", chain->first_bad_sequence,
                          " (", ChainFaultName(chain->fault), "): ", chain->detail);
  }
  if (!halted.empty()) {
    LogError(kLog, absl::StrCat("checkpoints halted, nothing will be signed until the log is "
                                "restored and the service restarted: ",
                                halted));
  } else {
    LogInfo(kLog, absl::StrCat("log verified (", chain->verified_events, " events, ",
                               set.valid.size(), " checkpoints); checkpoints in ", dir()));
  }
  absl::MutexLock lock(&mu_);
  verification_done_ = true;
  verified_ = halted.empty();
  halted_reason_ = std::move(halted);
}

void Checkpointer::Run() {
  VerifyAtStart();
  absl::Time last_checkpoint = absl::Now();
  while (true) {
    bool stopping = false;
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithDeadline(absl::Condition(this, &Checkpointer::DueOrStopping),
                            last_checkpoint + options_.every);
      stopping = stopping_;
    }
    if (stopping) break;
    last_checkpoint = absl::Now();
    absl::StatusOr<std::optional<SignedCheckpoint>> written = WriteIfNewer();
    if (!written.ok() && !absl::IsFailedPrecondition(written.status())) {
      // Retried at the next trigger; the log itself is unaffected.
      LogError(kLog, absl::StrCat("checkpoint failed: ", written.status().ToString()));
    }
  }
  // The final head, so that a restart (or an offline verification) has the
  // whole log covered.
  absl::StatusOr<std::optional<SignedCheckpoint>> final_checkpoint = WriteIfNewer();
  if (!final_checkpoint.ok() && !absl::IsFailedPrecondition(final_checkpoint.status())) {
    LogError(kLog, absl::StrCat("final checkpoint failed: ", final_checkpoint.status().ToString()));
  }
}

absl::StatusOr<std::optional<SignedCheckpoint>> Checkpointer::CheckpointNow() {
  return WriteIfNewer();
}

absl::StatusOr<std::optional<SignedCheckpoint>> Checkpointer::WriteIfNewer() {
  {
    absl::MutexLock lock(&mu_);
    if (!verified_) {
      return absl::FailedPreconditionError(
          halted_reason_.empty() ? "checkpoints: the log is still being verified"
                                 : absl::StrCat("checkpoints halted: ", halted_reason_));
    }
  }
  absl::MutexLock write_lock(&write_mu_);
  // Read under write_mu_, after the count is taken, so no event is counted
  // against a checkpoint that does not cover it.
  int64_t counted = 0;
  {
    absl::MutexLock lock(&mu_);
    counted = events_since_checkpoint_;
  }
  const ChainHead head = store_->Head();
  const int64_t newest = known_.empty() ? 0 : known_.back().sequence;
  if (head.sequence <= newest) {
    absl::MutexLock lock(&mu_);
    events_since_checkpoint_ = std::max<int64_t>(0, events_since_checkpoint_ - counted);
    return std::nullopt;
  }
  SCORECARD_ASSIGN_OR_RETURN(SignedCheckpoint checkpoint, directory_.Write(head, options_.clock()));
  {
    absl::MutexLock lock(&mu_);
    events_since_checkpoint_ = std::max<int64_t>(0, events_since_checkpoint_ - counted);
  }
  known_.push_back(checkpoint);
  if (options_.keep > 0) {
    while (known_.size() > static_cast<size_t>(options_.keep)) {
      absl::Status removed = directory_.Remove(known_.front().file);
      if (!removed.ok()) {
        // Kept in the list, to be retried at the next checkpoint.
        LogWarning(kLog, removed.ToString());
        break;
      }
      known_.pop_front();
    }
  }
  return checkpoint;
}

}  // namespace scorecard::audit
