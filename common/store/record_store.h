// The append-only, versioned, bitemporal record store behind every domain
// service. Records are opaque payload bytes (serialized protobuf) under a key
// of authority (DfE LA code), kind (message type), source system and source id.
//
//   constexpr char kReferral[] = "scorecard.safeguarding.v1.Referral";
//   absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
//       VersionedRecordStore::Open("/var/lib/scorecard/safeguarding.db");
//   if (!store.ok()) return store.status();
//   const RecordWrite writes[] = {
//       {RecordKey{"869", kReferral, "mosaic", "R-1001"}, /*deleted=*/false,
//        referral.SerializeAsString()}};
//   absl::StatusOr<AppendOutcome> outcome = (*store)->Append(writes);
//   // Durable once OK. Re-sending the same bytes is counted as unchanged.
//
//   int64_t version = (*store)->DataVersion("869");  // Read before ReadCurrent.
//   absl::StatusOr<std::vector<StoredRecord>> referrals =
//       (*store)->ReadCurrent("869", kReferral);
//   // The same question as the store stood when March's scorecard was
//   // published, ignoring corrections recorded since:
//   absl::StatusOr<std::vector<StoredRecord>> as_published =
//       (*store)->ReadCurrent("869", kReferral, march_published_at);
//
// Nothing is ever updated or deleted in place: a correction adds version n+1
// of its key and a deletion adds a tombstone version, so every answer the
// scorecard ever gave can be reproduced with `as_at` and explained with
// History().
//
// Recorded instants are microseconds since the Unix epoch, shared by a whole
// batch and strictly increasing from one appending batch to the next, even if
// the wall clock steps back (each is max(now, previous + 1us), and the
// previous one is persisted). So `as_at` set to a batch's recorded_at shows
// that batch and nothing appended after it.
//
// Data version: every stored version gets the next value of a store-wide
// sequence (1, 2, 3, ...). DataVersion(authority) is the sequence number of
// the newest version stored for that authority, 0 if none. It is therefore
// monotonic, changes exactly when an Append adds a version for the authority,
// and is unaffected by other authorities' writes. It suits cache keys: read
// it BEFORE ReadCurrent, so a cached answer can only be newer than its key,
// never older.
//
// Tenancy: every read takes the authority and only ever returns that
// authority's rows.
//
// Thread safety: all methods may be called concurrently; an internal mutex
// serializes database access. One store object should own a file: the
// in-memory data versions and current-record mirror do not see writes made
// through another object.
#ifndef SCORECARD_COMMON_STORE_RECORD_STORE_H_
#define SCORECARD_COMMON_STORE_RECORD_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/store/sqlite_db.h"

namespace scorecard {

// Identifies one source record. All four parts must be non-empty.
struct RecordKey {
  std::string authority;      // DfE LA code, e.g. "869".
  std::string kind;           // e.g. "scorecard.safeguarding.v1.Referral".
  std::string source_system;  // e.g. "mosaic".
  std::string source_id;      // The record's id in the source system.

  friend bool operator==(const RecordKey& a, const RecordKey& b) {
    return a.authority == b.authority && a.kind == b.kind && a.source_system == b.source_system &&
           a.source_id == b.source_id;
  }
  friend bool operator!=(const RecordKey& a, const RecordKey& b) { return !(a == b); }
};

struct RecordWrite {
  RecordKey key;
  bool deleted = false;  // A tombstone: the source deleted the record.
  std::string payload;   // Stored as given, also for tombstones.
};

struct AppendOutcome {
  int new_versions = 0;  // Writes that added a version.
  int unchanged = 0;     // Writes equal to their key's latest version.
  // The highest DataVersion() among the batch's authorities after the append;
  // for the usual single-authority batch, exactly DataVersion(authority).
  // 0 for an empty batch.
  int64_t data_version = 0;
  // The instant shared by all versions this batch added; absl::InfinitePast()
  // if it added none.
  absl::Time recorded_at = absl::InfinitePast();
};

struct StoredRecord {
  RecordKey key;
  int64_t version = 0;  // 1 for a key's first version, then 2, 3, ...
  absl::Time recorded_at;
  bool deleted = false;  // Only History() returns tombstones.
  std::string payload;
};

// One current record as ForEachCurrent hands it over. The views point into
// SQLite's row buffer and are valid only during the visitor's call.
struct CurrentRecordView {
  absl::string_view source_system;
  absl::string_view source_id;
  int64_t version = 0;
  // The store-wide sequence number of this version: one (key, version) has one, so a
  // reader can tell an unchanged record by it alone.
  int64_t sequence = 0;
  absl::Time recorded_at;
  absl::string_view payload;
};

struct RecordStoreOptions {
  // Source of "now" for recorded instants; tests inject a fake clock.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  SqliteOptions sqlite;
  // Memory for copies of recently read authorities' current records, so that a
  // current read after a write needs no SQLite scan (see ForEachCurrent); 0
  // keeps none. Reads as at an instant always go to SQLite.
  size_t current_mirror_max_bytes = size_t{256} << 20;
  // Memory for decoded current records kept between loads (see decoded_cache()), least
  // recently used authorities dropped first; 0 keeps none. A large authority's placement
  // kinds take about 230 MB decoded; three services' budgets together stay well inside the
  // 4 GiB issue 8 allows for all of England (docs/DECISIONS.md).
  size_t decoded_cache_max_bytes = size_t{384} << 20;
};

class CurrentRecordMirror;
class DecodedRecordCache;

class VersionedRecordStore {
 public:
  // Opens or creates the store at `path`, upgrading its schema if needed.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<VersionedRecordStore>> Open(
      const std::string& path);
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<VersionedRecordStore>> Open(
      const std::string& path, RecordStoreOptions options);

  VersionedRecordStore(const VersionedRecordStore&) = delete;
  VersionedRecordStore& operator=(const VersionedRecordStore&) = delete;
  ~VersionedRecordStore();

  // Appends the batch in one transaction, committed (and fsynced) before OK
  // is returned; on any error nothing of the batch is stored. Keys are
  // validated first: any empty key part fails the whole batch with
  // InvalidArgument.
  //
  // Idempotent: a write whose deleted flag and payload equal its key's latest
  // version is counted unchanged and adds nothing, so a source may safely
  // re-send. Anything else adds the next version. Writes apply in batch
  // order, so a later write to the same key sees the earlier one.
  //
  // A tombstone for a key never seen is stored (as version 1, deleted): the
  // store keeps what sources told it, and History() can then explain it.
  // It does not shadow a later original; that simply becomes version 2.
  [[nodiscard]] absl::StatusOr<AppendOutcome> Append(absl::Span<const RecordWrite> batch);

  // The latest version recorded at or before `as_at` (default: everything
  // committed) of every key of (authority, kind), omitting keys whose latest
  // such version is a tombstone. Ordered by source_system then source_id
  // (byte-wise). Empty authority or kind is InvalidArgument.
  [[nodiscard]] absl::StatusOr<std::vector<StoredRecord>> ReadCurrent(
      absl::string_view authority, absl::string_view kind,
      std::optional<absl::Time> as_at = std::nullopt) const;

  // The same records as ReadCurrent, handed to `visit` one at a time without
  // copies, in DESCENDING (source_system, source_id) order: the SQLite scan
  // runs newest version first, so a key's current version is known as soon as
  // it is read. A non-OK status from `visit` stops the scan and is returned.
  // `visit` runs under the store's lock: it must not call back into the store,
  // and should do no more than decode.
  //
  // Without `as_at`, records come from an in-memory copy of the authority's
  // current records when one is held (RecordStoreOptions::
  // current_mirror_max_bytes): the second such read of a kind while the
  // authority is remembered fills it from SQLite (the first only scans, so an
  // authority read once is not copied), and every committed Append updates it.
  [[nodiscard]] absl::Status ForEachCurrent(
      absl::string_view authority, absl::string_view kind, std::optional<absl::Time> as_at,
      absl::FunctionRef<absl::Status(const CurrentRecordView&)> visit) const;

  // Every version of one key, tombstones included, oldest first. Empty if the
  // key was never written.
  [[nodiscard]] absl::StatusOr<std::vector<StoredRecord>> History(const RecordKey& key) const;

  // See "Data version" above. Served from memory; never blocks on a read or
  // an append in progress.
  int64_t DataVersion(absl::string_view authority) const;

  // Changes whenever a committed Append adds a version of (authority, kind) through this
  // object (it is then the store-wide sequence number of the newest such version); 0 until
  // the first. Meaningful only within this object's life, for in-memory caches keyed by it:
  // read it BEFORE the records, so cached records are never older than their stamp. Served
  // from memory like DataVersion().
  int64_t KindStamp(absl::string_view authority, absl::string_view kind) const;

  // Decoded current records kept between loads by LoadCurrent<T> under KindStamp; null when
  // RecordStoreOptions::decoded_cache_max_bytes is 0. Thread-safe.
  DecodedRecordCache* decoded_cache() const { return decoded_cache_.get(); }

  // Every authority's DataVersion() (authorities never written are absent), e.g. for the
  // snapshot a new watcher of the versions starts from. Served from memory.
  absl::flat_hash_map<std::string, int64_t> DataVersions() const;

 private:
  struct Clock {
    int64_t last_sequence = 0;
    int64_t last_recorded_at_us = 0;
  };

  VersionedRecordStore(std::unique_ptr<SqliteDb> db, std::function<absl::Time()> clock,
                       absl::flat_hash_map<std::string, int64_t> data_versions,
                       size_t current_mirror_max_bytes, size_t decoded_cache_max_bytes);

  // ForEachCurrent's SQLite scan.
  [[nodiscard]] absl::Status ScanCurrentLocked(
      absl::string_view authority, absl::string_view kind, int64_t as_at_us,
      absl::FunctionRef<absl::Status(const CurrentRecordView&)> visit) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(db_mu_);

  [[nodiscard]] absl::StatusOr<AppendOutcome> AppendLocked(absl::Span<const RecordWrite> batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(db_mu_);
  [[nodiscard]] absl::StatusOr<Clock> ReadClockLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(db_mu_);

  const std::function<absl::Time()> clock_;

  // Lock order: db_mu_ before data_versions_mu_. Two locks so DataVersion()
  // stays cheap while a long read or append holds the database.
  mutable absl::Mutex db_mu_;
  std::unique_ptr<SqliteDb> db_ ABSL_GUARDED_BY(db_mu_) ABSL_PT_GUARDED_BY(db_mu_);

  // ForEachCurrent's query, prepared once: it runs once per record kind of
  // every dataset load.
  mutable std::optional<Statement> read_current_ ABSL_GUARDED_BY(db_mu_);
  // Null when RecordStoreOptions::current_mirror_max_bytes is 0. Reads fill
  // it too (through the pointer, from const methods).
  const std::unique_ptr<CurrentRecordMirror> mirror_ ABSL_PT_GUARDED_BY(db_mu_);

  mutable absl::Mutex data_versions_mu_ ABSL_ACQUIRED_AFTER(db_mu_);
  absl::flat_hash_map<std::string, int64_t> data_versions_ ABSL_GUARDED_BY(data_versions_mu_);
  // (authority, kind) -> KindStamp, bumped together with data_versions_.
  absl::flat_hash_map<std::pair<std::string, std::string>, int64_t> kind_stamps_
      ABSL_GUARDED_BY(data_versions_mu_);

  const std::unique_ptr<DecodedRecordCache> decoded_cache_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_STORE_RECORD_STORE_H_
