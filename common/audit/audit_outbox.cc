#include "common/audit/audit_outbox.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/server/log.h"
#include "common/status/status_macros.h"

namespace scorecard::audit {
namespace {

// AUTOINCREMENT: ids are never reused after a delete, so `id` order is
// recording order for the life of the file.
const SqliteMigration kMigrations[] = {
    {1,
     "CREATE TABLE pending ("
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
     "  emitter_event_id TEXT NOT NULL UNIQUE,"
     "  recorded_us INTEGER NOT NULL,"
     "  event BLOB NOT NULL);"
     "CREATE TABLE quarantined ("
     "  id INTEGER PRIMARY KEY,"
     "  emitter_event_id TEXT NOT NULL,"
     "  recorded_us INTEGER NOT NULL,"
     "  event BLOB NOT NULL,"
     "  quarantined_us INTEGER NOT NULL,"
     "  reason TEXT NOT NULL);"},
};

constexpr size_t kMaxReasonLength = 1000;

}  // namespace

absl::StatusOr<std::unique_ptr<AuditOutbox>> AuditOutbox::Open(const std::string& path,
                                                               AuditOutboxOptions options) {
  if (options.emitter.empty()) {
    return absl::InvalidArgumentError("audit outbox: an emitter name is required");
  }
  if (path.empty() || path == ":memory:") {
    return absl::InvalidArgumentError("audit outbox: needs a file path (it must be durable)");
  }
  SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db,
                             SqliteDb::Open(path, kMigrations, options.sqlite));
  return std::unique_ptr<AuditOutbox>(new AuditOutbox(std::move(db), std::move(options)));
}

std::string AuditOutbox::PathFor(absl::string_view data_dir, absl::string_view emitter) {
  return absl::StrCat(data_dir, "/", emitter, "-outbox.sqlite");
}

AuditOutbox::AuditOutbox(std::unique_ptr<SqliteDb> db, AuditOutboxOptions options)
    : emitter_(std::move(options.emitter)), clock_(std::move(options.clock)), db_(std::move(db)) {}

void AuditOutbox::SetRecordListener(std::function<void()> listener) {
  absl::MutexLock lock(&listener_mu_);
  listener_ = std::move(listener);
}

absl::Status AuditOutbox::RecordEvents(std::vector<v1::AuditEvent> events) {
  if (events.empty()) return absl::OkStatus();
  const absl::Time now = clock_();
  Waiter waiter;
  waiter.recorded_us = absl::ToUnixMicros(now);
  waiter.rows.reserve(events.size());
  for (v1::AuditEvent& event : events) {
    SCORECARD_RETURN_IF_ERROR(PrepareForRecording(emitter_, now, &event));
    waiter.rows.emplace_back(event.emitter_event_id(), event.SerializeAsString());
  }

  // Group commit, leader style: whoever finds no write in progress writes
  // every waiter queued so far, including those that arrive while an fsync
  // is under way; the rest wait for their group's outcome.
  queue_mu_.Lock();
  queue_.push_back(&waiter);
  while (!waiter.done) {
    if (writing_) {
      written_.Wait(&queue_mu_);
      continue;
    }
    writing_ = true;
    std::vector<Waiter*> group(queue_.begin(), queue_.end());
    queue_.clear();
    queue_mu_.Unlock();
    const absl::Status status = WriteGroup(group);
    queue_mu_.Lock();
    for (Waiter* member : group) {
      member->status = status;
      member->done = true;
    }
    writing_ = false;
    written_.SignalAll();
  }
  queue_mu_.Unlock();

  if (waiter.status.ok()) {
    absl::MutexLock lock(&listener_mu_);
    if (listener_) listener_();
  } else {
    LogError("audit-outbox", absl::StrCat("cannot record ", events.size(),
                                          " audit event(s): ", waiter.status.ToString()));
  }
  return waiter.status;
}

absl::Status AuditOutbox::WriteGroup(const std::vector<Waiter*>& group) {
  absl::MutexLock lock(&db_mu_);
  SCORECARD_ASSIGN_OR_RETURN(Transaction transaction, db_->BeginTransaction());
  // OR IGNORE: re-recording an event under its id is idempotent, and a group
  // never fails because of one caller's repeat.
  SCORECARD_ASSIGN_OR_RETURN(
      Statement insert,
      db_->Prepare("INSERT OR IGNORE INTO pending (emitter_event_id, recorded_us, event) "
                   "VALUES (?1, ?2, ?3)"));
  for (const Waiter* waiter : group) {
    for (const auto& [emitter_event_id, bytes] : waiter->rows) {
      insert.Reset();
      SCORECARD_RETURN_IF_ERROR(insert.BindText(1, emitter_event_id));
      SCORECARD_RETURN_IF_ERROR(insert.BindInt64(2, waiter->recorded_us));
      SCORECARD_RETURN_IF_ERROR(insert.BindBlob(3, bytes));
      SCORECARD_RETURN_IF_ERROR(insert.Step().status());
    }
  }
  return transaction.Commit();  // synchronous=FULL: fsynced when this returns OK.
}

absl::StatusOr<std::vector<OutboxEntry>> AuditOutbox::Peek(int max_events, int64_t max_bytes) {
  std::vector<OutboxEntry> entries;
  std::vector<int64_t> unreadable;
  {
    absl::MutexLock lock(&db_mu_);
    SCORECARD_ASSIGN_OR_RETURN(Statement select,
                               db_->Prepare("SELECT id, event FROM pending ORDER BY id LIMIT ?1"));
    SCORECARD_RETURN_IF_ERROR(select.BindInt64(1, std::max(1, max_events)));
    int64_t bytes = 0;
    while (true) {
      SCORECARD_ASSIGN_OR_RETURN(StepResult step, select.Step());
      if (step == StepResult::kDone) break;
      const absl::string_view blob = select.ColumnBlobView(1);
      if (!entries.empty() && bytes + static_cast<int64_t>(blob.size()) > max_bytes) break;
      OutboxEntry entry;
      entry.id = select.ColumnInt64(0);
      if (!entry.event.ParseFromArray(blob.data(), static_cast<int>(blob.size()))) {
        unreadable.push_back(entry.id);
        continue;
      }
      bytes += static_cast<int64_t>(blob.size());
      entries.push_back(std::move(entry));
    }
  }
  // Set aside for an operator: the audit service could not take it either.
  for (int64_t id : unreadable) {
    absl::Status moved = Quarantine(id, "the stored event does not parse (outbox file damaged)");
    LogError("audit-outbox",
             absl::StrCat("outbox entry ", id, " is unreadable; quarantined: ", moved.ToString()));
  }
  return entries;
}

absl::Status AuditOutbox::Remove(absl::Span<const int64_t> ids) {
  if (ids.empty()) return absl::OkStatus();
  absl::MutexLock lock(&db_mu_);
  SCORECARD_ASSIGN_OR_RETURN(Transaction transaction, db_->BeginTransaction());
  SCORECARD_ASSIGN_OR_RETURN(Statement remove, db_->Prepare("DELETE FROM pending WHERE id = ?1"));
  for (int64_t id : ids) {
    remove.Reset();
    SCORECARD_RETURN_IF_ERROR(remove.BindInt64(1, id));
    SCORECARD_RETURN_IF_ERROR(remove.Step().status());
  }
  return transaction.Commit();
}

absl::Status AuditOutbox::Quarantine(int64_t id, absl::string_view reason) {
  absl::MutexLock lock(&db_mu_);
  SCORECARD_ASSIGN_OR_RETURN(Transaction transaction, db_->BeginTransaction());
  SCORECARD_ASSIGN_OR_RETURN(
      Statement copy,
      db_->Prepare("INSERT INTO quarantined (id, emitter_event_id, recorded_us, event, "
                   "quarantined_us, reason) SELECT id, emitter_event_id, recorded_us, event, ?2, "
                   "?3 FROM pending WHERE id = ?1"));
  SCORECARD_RETURN_IF_ERROR(copy.BindInt64(1, id));
  SCORECARD_RETURN_IF_ERROR(copy.BindInt64(2, absl::ToUnixMicros(clock_())));
  SCORECARD_RETURN_IF_ERROR(copy.BindText(3, reason.substr(0, kMaxReasonLength)));
  SCORECARD_RETURN_IF_ERROR(copy.Step().status());
  SCORECARD_ASSIGN_OR_RETURN(Statement remove, db_->Prepare("DELETE FROM pending WHERE id = ?1"));
  SCORECARD_RETURN_IF_ERROR(remove.BindInt64(1, id));
  SCORECARD_RETURN_IF_ERROR(remove.Step().status());
  return transaction.Commit();
}

absl::StatusOr<int64_t> AuditOutbox::PendingCount() const {
  absl::MutexLock lock(&db_mu_);
  SCORECARD_ASSIGN_OR_RETURN(Statement count, db_->Prepare("SELECT COUNT(*) FROM pending"));
  SCORECARD_RETURN_IF_ERROR(count.Step().status());
  return count.ColumnInt64(0);
}

absl::StatusOr<int64_t> AuditOutbox::QuarantinedCount() const {
  absl::MutexLock lock(&db_mu_);
  SCORECARD_ASSIGN_OR_RETURN(Statement count, db_->Prepare("SELECT COUNT(*) FROM quarantined"));
  SCORECARD_RETURN_IF_ERROR(count.Step().status());
  return count.ColumnInt64(0);
}

}  // namespace scorecard::audit
