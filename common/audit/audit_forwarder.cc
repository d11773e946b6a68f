#include "common/audit/audit_forwarder.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/server/log.h"
#include "common/status/status_macros.h"

namespace scorecard::audit {
namespace {

constexpr char kLog[] = "audit-forwarder";

v1::AppendEventsRequest RequestFor(const std::vector<OutboxEntry>& entries) {
  v1::AppendEventsRequest request;
  request.mutable_events()->Reserve(static_cast<int>(entries.size()));
  for (const OutboxEntry& entry : entries) *request.add_events() = entry.event;
  return request;
}

std::vector<int64_t> IdsOf(const std::vector<OutboxEntry>& entries) {
  std::vector<int64_t> ids;
  ids.reserve(entries.size());
  for (const OutboxEntry& entry : entries) ids.push_back(entry.id);
  return ids;
}

}  // namespace

AuditForwarder::AuditForwarder(AuditOutbox* outbox, AuditClient* client,
                               AuditForwarderOptions options)
    : outbox_(outbox), client_(client), options_(std::move(options)) {}

AuditForwarder::~AuditForwarder() { Stop(); }

void AuditForwarder::Start() {
  absl::MutexLock lock(&mu_);
  if (started_) return;
  started_ = true;
  thread_ = std::thread([this] { Run(); });
}

void AuditForwarder::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (!started_ || stopping_) return;
    stopping_ = true;
  }
  client_->CancelPending();
  thread_.join();
}

void AuditForwarder::Wake() {
  absl::MutexLock lock(&mu_);
  woken_ = true;
}

bool AuditForwarder::WokenOrStopping() const { return woken_ || stopping_; }

AuditForwarder::Stats AuditForwarder::stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

void AuditForwarder::NoteFailure(const absl::Status& status) {
  absl::MutexLock lock(&mu_);
  ++stats_.failed_calls;
  stats_.last_error = status;
}

bool AuditForwarder::SleepUnlessStopped(absl::Duration duration) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), duration);
  return !stopping_;
}

absl::StatusOr<int64_t> AuditForwarder::ForwardPending() {
  absl::MutexLock send_lock(&send_mu_);
  int64_t delivered = 0;
  while (true) {
    SCORECARD_ASSIGN_OR_RETURN(int64_t sent, SendOneBatch());
    if (sent == 0) return delivered;
    delivered += sent;
  }
}

absl::StatusOr<int64_t> AuditForwarder::SendOneBatch() {
  SCORECARD_ASSIGN_OR_RETURN(std::vector<OutboxEntry> entries,
                             outbox_->Peek(options_.max_batch_events, options_.max_batch_bytes));
  if (entries.empty()) return 0;
  absl::StatusOr<v1::AppendEventsResponse> ack =
      client_->AppendEvents(RequestFor(entries), options_.rpc_timeout);
  if (absl::IsInvalidArgument(ack.status())) {
    NoteFailure(ack.status());
    if (entries.size() > 1) return SendSingly(entries);
    SCORECARD_RETURN_IF_ERROR(outbox_->Quarantine(entries[0].id, ack.status().message()));
    LogError(kLog, absl::StrCat("audit event ", entries[0].event.emitter_event_id(),
                                " refused as invalid and quarantined: ", ack.status().message()));
    absl::MutexLock lock(&mu_);
    ++stats_.quarantined;
    return 1;
  }
  if (!ack.ok()) {
    NoteFailure(ack.status());
    return ack.status();
  }
  // Durable in the log now. If this removal fails the batch is sent again
  // later, and the audit store's de-duplication absorbs the repeat.
  SCORECARD_RETURN_IF_ERROR(outbox_->Remove(IdsOf(entries)));
  absl::MutexLock lock(&mu_);
  stats_.delivered += static_cast<int64_t>(entries.size());
  ++stats_.batches_sent;
  return static_cast<int64_t>(entries.size());
}

absl::StatusOr<int64_t> AuditForwarder::SendSingly(const std::vector<OutboxEntry>& entries) {
  int64_t handled = 0;
  for (const OutboxEntry& entry : entries) {
    const std::vector<OutboxEntry> one = {entry};
    absl::StatusOr<v1::AppendEventsResponse> ack =
        client_->AppendEvents(RequestFor(one), options_.rpc_timeout);
    if (absl::IsInvalidArgument(ack.status())) {
      NoteFailure(ack.status());
      SCORECARD_RETURN_IF_ERROR(outbox_->Quarantine(entry.id, ack.status().message()));
      LogError(kLog, absl::StrCat("audit event ", entry.event.emitter_event_id(),
                                  " refused as invalid and quarantined: ", ack.status().message()));
      absl::MutexLock lock(&mu_);
      ++stats_.quarantined;
    } else if (!ack.ok()) {
      NoteFailure(ack.status());
      return ack.status();  // The rest stay pending, in order, for the retry.
    } else {
      const int64_t ids[] = {entry.id};
      SCORECARD_RETURN_IF_ERROR(outbox_->Remove(ids));
      absl::MutexLock lock(&mu_);
      ++stats_.delivered;
      ++stats_.batches_sent;
    }
    ++handled;
  }
  return handled;
}

void AuditForwarder::Run() {
  absl::Duration backoff = options_.initial_backoff;
  bool failing = false;
  while (true) {
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      woken_ = false;  // Anything recorded from here on is seen by this pass or wakes the next.
    }
    absl::StatusOr<int64_t> sent;
    {
      absl::MutexLock send_lock(&send_mu_);
      sent = SendOneBatch();
    }
    if (!sent.ok()) {
      {
        absl::MutexLock lock(&mu_);
        if (stopping_) return;
        stats_.last_error = sent.status();
      }
      if (!failing) {
        // Once per outage, not once per retry.
        LogWarning(kLog, absl::StrCat("cannot deliver audit events (kept in the outbox, "
                                      "retrying): ",
                                      sent.status().ToString()));
        failing = true;
      }
      absl::Duration sleep;
      {
        absl::MutexLock lock(&mu_);
        sleep = absl::Microseconds(absl::Uniform<int64_t>(jitter_,
                                                          absl::ToInt64Microseconds(backoff) / 2,
                                                          absl::ToInt64Microseconds(backoff) + 1));
      }
      if (!SleepUnlessStopped(sleep)) return;
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    if (failing) {
      LogInfo(kLog, "delivering audit events again");
      failing = false;
    }
    backoff = options_.initial_backoff;
    if (*sent > 0) continue;  // Maybe more: no pause between batches.
    absl::MutexLock lock(&mu_);
    mu_.AwaitWithTimeout(absl::Condition(this, &AuditForwarder::WokenOrStopping),
                         options_.idle_poll);
  }
}

}  // namespace scorecard::audit
