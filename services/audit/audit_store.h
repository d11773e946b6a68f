// The audit log: an append-only, tamper-evident SQLite store of AuditEvents.
//
//   absl::StatusOr<std::unique_ptr<AuditStore>> store =
//       AuditStore::Open("/var/lib/scorecard/audit.sqlite");
//   if (!store.ok()) return store.status();
//   v1::AppendEventsRequest append;
//   v1::AuditEvent* event = append.add_events();
//   event->set_emitter("safeguarding");
//   event->set_emitter_event_id("7f3c-0001");
//   event->set_action("read-measures");
//   absl::StatusOr<v1::AppendEventsResponse> stored = (*store)->Append(append);
//   // Durable once OK; re-sending the same (emitter, emitter_event_id) stores nothing.
//   v1::QueryEventsRequest query;
//   query.set_subject_id("C-1001");
//   absl::StatusOr<v1::QueryEventsResponse> page = (*store)->Query(query);
//   absl::StatusOr<ChainVerification> check = (*store)->VerifyChain();
//
// Events are never changed or removed: the code has no UPDATE or DELETE, and
// triggers refuse both, so a bug elsewhere cannot rewrite history through SQL.
//
// The hash chain. Row n (sequence n = its position, from 1) stores
//
//   prev_hash(1) = 32 zero bytes
//   prev_hash(n) = row_hash(n - 1)
//   row_hash(n)  = SHA-256( prev_hash(n)                      32 bytes
//                         ‖ u64be(n)                          8 bytes
//                         ‖ u64be(recorded_at_us(n))          8 bytes, two's complement
//                         ‖ u64be(length(event_bytes(n)))     8 bytes
//                         ‖ event_bytes(n) )
//
// where event_bytes is the stored `event` column: the AuditEvent as received,
// without unknown fields, with sequence = n and recorded_at = recorded_at_us
// set, serialized deterministically (CanonicalEventBytes). Editing any byte of
// a row, renumbering, removing or reordering rows breaks a hash or a link that
// VerifyChain recomputes. The chain holds no secret, though: someone who can
// write the file can rewrite every hash from the edit onwards, or remove the
// newest rows, and the rows alone still verify. Comparing VerifyChain's
// verified length and head hash with a signed checkpoint of an earlier head
// catches both: pass checkpointed heads to VerifyChain as ChainAnchors (see
// chain_checkpoint.h for the signed files that hold them).
//
// The searchable columns (actor, action, authority, the event_subjects side
// table, ...) are copies of fields of the hashed event; VerifyChain checks
// they still agree with it, so a query cannot be made to hide an event.
//
// recorded_at is strictly increasing with sequence, even if the wall clock
// steps back: each event gets max(now, previous + 1us).
//
// Group commit: AppendGroup stores several callers' requests in one
// transaction, so one fsync acknowledges them all (GroupCommitter gathers
// them); Append is a group of one.
//
// There is no API to update or delete an event, here or in the service.
//
// Thread safety: all methods may be called concurrently. Appends are
// serialized (the chain needs one order) on a writer connection; queries and
// verification use a separate reader connection, so they never hold up an
// append and read a consistent snapshot (WAL). One AuditStore should own a
// file.
//
// Nothing here throws. Error messages carry field names and positions, never
// event contents.
#ifndef SCORECARD_SERVICES_AUDIT_AUDIT_STORE_H_
#define SCORECARD_SERVICES_AUDIT_AUDIT_STORE_H_

#include <cstdint>
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
#include "common/store/sqlite_db.h"
#include "scorecard/audit/v1/audit_service.pb.h"

namespace scorecard::audit {

inline constexpr int kSha256Bytes = 32;
// QueryEvents page sizes: 0 means the default.
inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

// The newest row of the chain; sequence 0 and 32 zero bytes for an empty log.
struct ChainHead {
  int64_t sequence = 0;
  int64_t recorded_at_us = 0;
  std::string row_hash = std::string(kSha256Bytes, '\0');
};

// What VerifyChain found at the first bad position.
enum class ChainFault {
  kNone,
  // Positions are not numbered 1, 2, 3, ...: a row was deleted (the position
  // is missing) or one was inserted out of line.
  kSequenceBreak,
  // prev_hash is not the previous row's row_hash: rows were reordered, or the
  // previous row was replaced along with its row_hash.
  kBrokenLink,
  // The row's contents do not hash to its row_hash: the row was edited.
  kHashMismatch,
  // A searchable column or subject disagrees with the hashed event (or the
  // event does not parse): the row's copies were edited.
  kIndexMismatch,
  // Rows are missing from the end, as far as this store can tell: the log is
  // shorter than an anchor (a checkpointed head, or a head this store itself
  // wrote), or subjects remain for events that are gone.
  kTruncated,
  // The chain verifies, but the row at an anchor's position has another
  // hash: the log was rewritten, hashes and all.
  kRewritten,
};

absl::string_view ChainFaultName(ChainFault fault);

struct ChainVerification {
  bool ok() const { return fault == ChainFault::kNone; }

  // Rows 1..verified_events verified; on success, every row.
  int64_t verified_events = 0;
  // row_hash of row verified_events (32 zero bytes if none): what a caller
  // compares with a checkpointed head, since truncation or a full rewrite
  // cannot be seen from the rows alone.
  std::string head_hash = std::string(kSha256Bytes, '\0');
  ChainFault fault = ChainFault::kNone;
  // The first position that failed (verified_events + 1); 0 when ok.
  int64_t first_bad_sequence = 0;
  // Why, for people: which check failed and what was found.
  std::string detail;
};

// A head known from outside the rows (a signed checkpoint, or the head this
// store wrote): VerifyChain requires row `sequence` to exist and to carry
// `row_hash`, which catches truncation and rewrites the rows cannot show.
struct ChainAnchor {
  int64_t sequence = 0;
  std::string row_hash;
  // Names the anchor in a fault's detail, e.g. "checkpoint-...0042.txt".
  std::string name;
};

struct AuditStoreOptions {
  // Source of "now" for recorded_at; tests inject a fake clock.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  SqliteOptions sqlite;
  // Subject rows (one per child, worker or measure id an event names) gathered before they
  // are copied into the subject index in one sorted pass, inside the append that reaches
  // the count. A search by subject reads the rows not yet copied by a scan of at most this
  // many. services/audit/README.md gives the reasons and measurements.
  int64_t subject_index_batch = 100000;
};

// The deterministic bytes hashed and stored for `event` at `sequence`,
// recorded at `recorded_at_us` (see "The hash chain" above). Unknown fields
// are dropped: the log records what this contract defines.
[[nodiscard]] std::string CanonicalEventBytes(const v1::AuditEvent& event, int64_t sequence,
                                              int64_t recorded_at_us);

// row_hash for one row (see "The hash chain" above). Fails only if OpenSSL
// does, or if `prev_hash` is not 32 bytes.
[[nodiscard]] absl::StatusOr<std::string> ChainRowHash(absl::string_view prev_hash,
                                                       int64_t sequence, int64_t recorded_at_us,
                                                       absl::string_view event_bytes);

// INVALID_ARGUMENT naming every bad field (up to a few) unless each event has
// an emitter, emitter_event_id and action, a three-digit authority if any,
// and a valid occurred_at if any. sequence and recorded_at are not checked:
// the store assigns them.
[[nodiscard]] absl::Status ValidateAuditEvents(
    const google::protobuf::RepeatedPtrField<v1::AuditEvent>& events);

class AuditStore {
 public:
  // Opens or creates the log at `path` (a file: ":memory:" cannot be shared
  // by the writer and reader connections). A damaged log still opens, so it
  // can be queried and verified.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AuditStore>> Open(
      const std::string& path, AuditStoreOptions options = AuditStoreOptions());

  AuditStore(const AuditStore&) = delete;
  AuditStore& operator=(const AuditStore&) = delete;

  // Validates the whole batch (ValidateAuditEvents), then stores each event
  // not already stored under its (emitter, emitter_event_id), including
  // repeats within the batch, in one transaction committed (and fsynced)
  // before OK. A re-sent event keeps its first stored contents. On any error
  // nothing of the batch is stored. `stored` counts new events only.
  // DATA_LOSS, storing nothing, while the newest row's row_hash is malformed:
  // chaining onto it would bury the damage under valid-looking rows.
  [[nodiscard]] absl::StatusOr<v1::AppendEventsResponse> Append(
      const v1::AppendEventsRequest& request);

  // Group commit: stores the valid requests among `requests`, in order, in
  // ONE transaction, so one fsync makes them all durable. results[i] answers
  // requests[i] as Append would (its own `stored` count; last_sequence is the
  // log's head once the group committed). An invalid request fails alone with
  // INVALID_ARGUMENT. If the group's transaction fails, each request is
  // retried in a transaction of its own, so one request cannot fail another.
  [[nodiscard]] std::vector<absl::StatusOr<v1::AppendEventsResponse>> AppendGroup(
      absl::Span<const v1::AppendEventsRequest* const> requests);

  // Events matching every set filter, oldest first, one page at a time.
  // INVALID_ARGUMENT for a page_size outside 0..1000, a to_time before
  // from_time, an invalid timestamp or authority, or a page_token that is
  // malformed or came from a query with other filters.
  [[nodiscard]] absl::StatusOr<v1::QueryEventsResponse> Query(
      const v1::QueryEventsRequest& request) const;

  // Walks the whole log, recomputing every hash and link and checking the
  // searchable copies, and reports the first bad position. Errors only if the
  // database cannot be read; a damaged chain is an OK result with a fault.
  [[nodiscard]] absl::StatusOr<ChainVerification> VerifyChain() const;

  // As above, and row a.sequence must exist and carry a.row_hash for every
  // anchor (kTruncated if the log ends first, kRewritten if another row is
  // there). The head this store wrote is always an anchor too.
  [[nodiscard]] absl::StatusOr<ChainVerification> VerifyChain(
      absl::Span<const ChainAnchor> anchors) const;

  // The newest row as this store last wrote or loaded it.
  ChainHead Head() const;

  // Write transactions committed by this object, so tests can see group
  // commit at work.
  int64_t CommittedTransactions() const;

 private:
  AuditStore(std::unique_ptr<SqliteDb> writer, std::unique_ptr<SqliteDb> reader,
             std::function<absl::Time()> clock, ChainHead head, int64_t subject_index_batch,
             int64_t unindexed_subjects);

  // Stores every event of `requests` in one transaction; on success
  // (*stored)[i] counts request i's new events. Nothing is stored on error.
  absl::Status AppendLocked(absl::Span<const v1::AppendEventsRequest* const> requests,
                            std::vector<int>* stored) ABSL_EXCLUSIVE_LOCKS_REQUIRED(append_mu_);
  // AppendLocked, then on failure re-reads the head from the file.
  absl::Status AppendOrResyncLocked(absl::Span<const v1::AppendEventsRequest* const> requests,
                                    std::vector<int>* stored)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(append_mu_);
  absl::StatusOr<ChainVerification> VerifyLocked(std::vector<ChainAnchor> anchors) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(read_mu_);

  const std::function<absl::Time()> clock_;
  const int64_t subject_index_batch_;

  // Never held together: VerifyChain copies the head, then reads.
  mutable absl::Mutex append_mu_;
  std::unique_ptr<SqliteDb> writer_ ABSL_GUARDED_BY(append_mu_) ABSL_PT_GUARDED_BY(append_mu_);
  ChainHead head_ ABSL_GUARDED_BY(append_mu_);
  int64_t committed_transactions_ ABSL_GUARDED_BY(append_mu_) = 0;
  // Rows of event_subjects not yet in subject_index.
  int64_t unindexed_subjects_ ABSL_GUARDED_BY(append_mu_) = 0;

  mutable absl::Mutex read_mu_;
  std::unique_ptr<SqliteDb> reader_ ABSL_GUARDED_BY(read_mu_) ABSL_PT_GUARDED_BY(read_mu_);
};

}  // namespace scorecard::audit

#endif  // SCORECARD_SERVICES_AUDIT_AUDIT_STORE_H_
