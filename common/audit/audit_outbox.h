// A durable outbox of audit events: Record() stores the event in a SQLite file
// of the emitting service's own (WAL, synchronous=FULL) before it returns OK,
// and an AuditForwarder later sends what is pending to the audit service.
// So an event survives the audit service being down and the emitting
// process being killed, and the service can act as soon as Record returns.
//
//   absl::StatusOr<std::unique_ptr<AuditOutbox>> outbox = AuditOutbox::Open(
//       AuditOutbox::PathFor(data_dir, "safeguarding"), {.emitter = "safeguarding"});
//   if (!outbox.ok()) return outbox.status();
//   absl::Status audited = (*outbox)->RecordCall(who, rpc, kActionIngest, "869",
//                                                subjects, AuditOutcome::kOk, "OK");
//   if (!audited.ok()) return audited;  // Durable from here on.
//
// Exactly once in the chain: each event gets its emitter_event_id when it is
// recorded, and keeps it through every re-send; the audit store stores one
// event per (emitter, emitter_event_id), so a re-send after a lost
// acknowledgement, or after a restart, adds nothing.
//
// Rows leave `pending` only after the audit service acknowledged them
// (Remove), or when the audit service refused one as invalid (Quarantine:
// kept in a `quarantined` table for an operator, so one bad event cannot
// block every later one and nothing is silently dropped). The outbox is a
// queue in transit, not the log: removing delivered rows is its purpose.
//
// Group commit: concurrent Record calls share one transaction (and fsync);
// the first caller to find no write in progress writes everyone queued.
//
// Thread-safe. One AuditOutbox should own a file (one per process).
#ifndef SCORECARD_COMMON_AUDIT_AUDIT_OUTBOX_H_
#define SCORECARD_COMMON_AUDIT_AUDIT_OUTBOX_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/audit/audit_sink.h"
#include "common/store/sqlite_db.h"
#include "scorecard/audit/v1/audit_service.pb.h"

namespace scorecard::audit {

struct AuditOutboxOptions {
  // The emitting service's name, e.g. "safeguarding": every event's emitter.
  std::string emitter;
  // occurred_at for events recorded without one.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  SqliteOptions sqlite;
};

// One pending event and its place in the outbox.
struct OutboxEntry {
  int64_t id = 0;
  v1::AuditEvent event;
};

class AuditOutbox final : public AuditSink {
 public:
  // Opens or creates the outbox at `path` (a file, not ":memory:").
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AuditOutbox>> Open(
      const std::string& path, AuditOutboxOptions options);

  // "<data_dir>/<emitter>-outbox.sqlite": next to the service's own data,
  // but a file of its own, so the service's store never waits on it.
  static std::string PathFor(absl::string_view data_dir, absl::string_view emitter);

  AuditOutbox(const AuditOutbox&) = delete;
  AuditOutbox& operator=(const AuditOutbox&) = delete;

  // AuditSink: prepares each event (PrepareForRecording) and stores them all
  // in one fsynced transaction before returning OK. An event whose
  // emitter_event_id is already pending is not stored twice.
  [[nodiscard]] absl::Status RecordEvents(std::vector<v1::AuditEvent> events) override;

  // The oldest pending events, in recording order: up to `max_events`, and
  // up to `max_bytes` serialized (but at least one if any is pending).
  // A row that no longer parses (disk damage) is quarantined on the way, so
  // it cannot block every later one.
  [[nodiscard]] absl::StatusOr<std::vector<OutboxEntry>> Peek(int max_events, int64_t max_bytes);
  // Delivered: removes these entries from `pending`, in one transaction.
  [[nodiscard]] absl::Status Remove(absl::Span<const int64_t> ids);
  // Refused by the audit service as invalid: moves the entry to
  // `quarantined` with the reason (a status message, ids only), atomically.
  [[nodiscard]] absl::Status Quarantine(int64_t id, absl::string_view reason);

  [[nodiscard]] absl::StatusOr<int64_t> PendingCount() const;
  [[nodiscard]] absl::StatusOr<int64_t> QuarantinedCount() const;

  // Called after every successful RecordEvents (outside the outbox's
  // locks), e.g. to wake a forwarder. Null clears it. Must not block.
  void SetRecordListener(std::function<void()> listener);

  const std::string& emitter() const { return emitter_; }

 private:
  // A caller's events waiting for a group write.
  struct Waiter {
    std::vector<std::pair<std::string, std::string>> rows;  // (emitter_event_id, bytes)
    int64_t recorded_us = 0;
    bool done = false;
    absl::Status status;
  };

  AuditOutbox(std::unique_ptr<SqliteDb> db, AuditOutboxOptions options);
  absl::Status WriteGroup(const std::vector<Waiter*>& group);

  const std::string emitter_;
  const std::function<absl::Time()> clock_;

  // The queue of callers for group commit; never held while writing.
  absl::Mutex queue_mu_ ABSL_ACQUIRED_BEFORE(db_mu_);
  absl::CondVar written_;
  std::deque<Waiter*> queue_ ABSL_GUARDED_BY(queue_mu_);
  bool writing_ ABSL_GUARDED_BY(queue_mu_) = false;

  mutable absl::Mutex db_mu_;
  std::unique_ptr<SqliteDb> db_ ABSL_GUARDED_BY(db_mu_) ABSL_PT_GUARDED_BY(db_mu_);

  absl::Mutex listener_mu_;
  std::function<void()> listener_ ABSL_GUARDED_BY(listener_mu_);
};

}  // namespace scorecard::audit

#endif  // SCORECARD_COMMON_AUDIT_AUDIT_OUTBOX_H_
