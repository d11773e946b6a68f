#include "common/store/record_store.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/store/current_mirror.h"
#include "common/store/decoded_cache.h"
#include "common/store/sqlite_db.h"

namespace scorecard {
namespace {

// Shipped migrations are never edited; schema changes append a new entry.
const SqliteMigration kMigrations[] = {
    {1, R"sql(
      -- One row per version of a record. WITHOUT ROWID clusters the rows by
      -- key, so reading a whole (authority, kind) is one contiguous range
      -- scan and a key's latest version is a single seek.
      CREATE TABLE record_versions (
        authority      TEXT    NOT NULL CHECK (authority <> ''),
        kind           TEXT    NOT NULL CHECK (kind <> ''),
        source_system  TEXT    NOT NULL CHECK (source_system <> ''),
        source_id      TEXT    NOT NULL CHECK (source_id <> ''),
        version        INTEGER NOT NULL CHECK (version >= 1),
        sequence       INTEGER NOT NULL,  -- Store-wide append order.
        recorded_at_us INTEGER NOT NULL,  -- Microseconds since the Unix epoch.
        deleted        INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        payload        BLOB    NOT NULL,
        PRIMARY KEY (authority, kind, source_system, source_id, version)
      ) WITHOUT ROWID;

      -- History must be reproducible, so the database itself refuses edits.
      CREATE TRIGGER record_versions_append_only_update BEFORE UPDATE ON record_versions
      BEGIN SELECT RAISE(ABORT, 'record_versions is append-only'); END;
      CREATE TRIGGER record_versions_append_only_delete BEFORE DELETE ON record_versions
      BEGIN SELECT RAISE(ABORT, 'record_versions is append-only'); END;

      -- Sequence number of each authority's newest version; loaded at open
      -- so DataVersion() needs no query.
      CREATE TABLE authority_data_versions (
        authority    TEXT    PRIMARY KEY,
        data_version INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- The last sequence number and recorded instant handed out, so both
      -- keep increasing across restarts even if the wall clock steps back.
      CREATE TABLE store_clock (
        singleton           INTEGER PRIMARY KEY CHECK (singleton = 1),
        last_sequence       INTEGER NOT NULL,
        last_recorded_at_us INTEGER NOT NULL
      );
      INSERT INTO store_clock (singleton, last_sequence, last_recorded_at_us) VALUES (1, 0, 0);
    )sql"},
};

[[nodiscard]] absl::Status ValidateKey(const RecordKey& key, absl::string_view where) {
  const std::pair<absl::string_view, absl::string_view> parts[] = {
      {"authority", key.authority},
      {"kind", key.kind},
      {"source_system", key.source_system},
      {"source_id", key.source_id},
  };
  for (const auto& [name, value] : parts) {
    if (value.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": record key has an empty ", name));
    }
  }
  return absl::OkStatus();
}

// Binds the four key parts to parameters first_index .. first_index + 3.
[[nodiscard]] absl::Status BindKey(Statement& statement, int first_index, const RecordKey& key) {
  if (absl::Status s = statement.BindText(first_index, key.authority); !s.ok()) return s;
  if (absl::Status s = statement.BindText(first_index + 1, key.kind); !s.ok()) return s;
  if (absl::Status s = statement.BindText(first_index + 2, key.source_system); !s.ok()) return s;
  return statement.BindText(first_index + 3, key.source_id);
}

// Resets a statement when leaving scope, so an early error return never
// leaves it mid-run holding a read snapshot.
class ResetOnExit {
 public:
  explicit ResetOnExit(Statement& statement) : statement_(statement) {}
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;
  ~ResetOnExit() { statement_.Reset(); }

 private:
  Statement& statement_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<VersionedRecordStore>> VersionedRecordStore::Open(
    const std::string& path) {
  return Open(path, RecordStoreOptions());
}

absl::StatusOr<std::unique_ptr<VersionedRecordStore>> VersionedRecordStore::Open(
    const std::string& path, RecordStoreOptions options) {
  if (!options.clock) return absl::InvalidArgumentError("RecordStoreOptions.clock is empty");
  absl::StatusOr<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path, kMigrations, options.sqlite);
  if (!db.ok()) return db.status();

  absl::flat_hash_map<std::string, int64_t> data_versions;
  absl::StatusOr<Statement> load =
      (*db)->Prepare("SELECT authority, data_version FROM authority_data_versions");
  if (!load.ok()) return load.status();
  while (true) {
    absl::StatusOr<StepResult> row = load->Step();
    if (!row.ok()) return row.status();
    if (*row == StepResult::kDone) break;
    data_versions[load->ColumnText(0)] = load->ColumnInt64(1);
  }
  load->Reset();

  return std::unique_ptr<VersionedRecordStore>(
      new VersionedRecordStore(*std::move(db), std::move(options.clock), std::move(data_versions),
                               options.current_mirror_max_bytes,
                               options.decoded_cache_max_bytes));
}

VersionedRecordStore::VersionedRecordStore(std::unique_ptr<SqliteDb> db,
                                           std::function<absl::Time()> clock,
                                           absl::flat_hash_map<std::string, int64_t> data_versions,
                                           size_t current_mirror_max_bytes,
                                           size_t decoded_cache_max_bytes)
    : clock_(std::move(clock)),
      db_(std::move(db)),
      mirror_(current_mirror_max_bytes > 0
                  ? std::make_unique<CurrentRecordMirror>(current_mirror_max_bytes)
                  : nullptr),
      data_versions_(std::move(data_versions)),
      decoded_cache_(decoded_cache_max_bytes > 0
                         ? std::make_unique<DecodedRecordCache>(decoded_cache_max_bytes)
                         : nullptr) {}

VersionedRecordStore::~VersionedRecordStore() = default;

absl::StatusOr<AppendOutcome> VersionedRecordStore::Append(absl::Span<const RecordWrite> batch) {
  // Validate everything before touching the database, so a bad write late in
  // the batch cannot leave earlier ones half-applied (the transaction would
  // roll back anyway; this also gives a precise error).
  for (size_t i = 0; i < batch.size(); ++i) {
    if (absl::Status s = ValidateKey(batch[i].key, absl::StrCat("append: write ", i)); !s.ok()) {
      return s;
    }
  }
  if (batch.empty()) return AppendOutcome();
  absl::MutexLock lock(&db_mu_);
  return AppendLocked(batch);
}

absl::StatusOr<VersionedRecordStore::Clock> VersionedRecordStore::ReadClockLocked() {
  absl::StatusOr<Statement> read = db_->Prepare(
      "SELECT last_sequence, last_recorded_at_us FROM store_clock WHERE singleton = 1");
  if (!read.ok()) return read.status();
  absl::StatusOr<StepResult> row = read->Step();
  if (!row.ok()) return row.status();
  if (*row != StepResult::kRow) return absl::DataLossError("store_clock row is missing");
  return Clock{read->ColumnInt64(0), read->ColumnInt64(1)};
}

absl::StatusOr<AppendOutcome> VersionedRecordStore::AppendLocked(
    absl::Span<const RecordWrite> batch) {
  absl::StatusOr<Transaction> txn = db_->BeginTransaction();
  if (!txn.ok()) return txn.status();
  // Read inside the write transaction: nothing else can append meanwhile.
  absl::StatusOr<Clock> clock = ReadClockLocked();
  if (!clock.ok()) return clock.status();

  const int64_t now_us = absl::ToUnixMicros(clock_());
  if (clock->last_recorded_at_us == std::numeric_limits<int64_t>::max()) {
    return absl::OutOfRangeError("append: recorded instant overflow");
  }
  const int64_t recorded_at_us = std::max(now_us, clock->last_recorded_at_us + 1);

  absl::StatusOr<Statement> latest = db_->Prepare(
      "SELECT version, deleted, payload FROM record_versions"
      " WHERE authority = ?1 AND kind = ?2 AND source_system = ?3 AND source_id = ?4"
      " ORDER BY version DESC LIMIT 1");
  if (!latest.ok()) return latest.status();
  absl::StatusOr<Statement> insert = db_->Prepare(
      "INSERT INTO record_versions (authority, kind, source_system, source_id, version,"
      " sequence, recorded_at_us, deleted, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!insert.ok()) return insert.status();

  AppendOutcome outcome;
  int64_t sequence = clock->last_sequence;
  // Authority -> sequence of its newest version added by this batch (0 if
  // the batch only held unchanged writes for it).
  absl::flat_hash_map<std::string, int64_t> added_by_authority;
  // (authority, kind) -> sequence of its newest version added by this batch.
  absl::flat_hash_map<std::pair<std::string, std::string>, int64_t> added_by_kind;
  // (write, its new version) for the mirror, applied only once committed.
  // (write, its version, its sequence) for the mirror.
  std::vector<std::tuple<const RecordWrite*, int64_t, int64_t>> added;

  for (const RecordWrite& write : batch) {
    int64_t previous_version = 0;
    bool unchanged = false;
    {
      ResetOnExit reset(*latest);
      if (absl::Status s = BindKey(*latest, 1, write.key); !s.ok()) return s;
      absl::StatusOr<StepResult> row = latest->Step();
      if (!row.ok()) return row.status();
      if (*row == StepResult::kRow) {
        previous_version = latest->ColumnInt64(0);
        unchanged = (latest->ColumnInt64(1) != 0) == write.deleted &&
                    latest->ColumnBlobView(2) == write.payload;
      }
    }
    if (unchanged) {
      added_by_authority.try_emplace(write.key.authority, 0);
      ++outcome.unchanged;
      continue;
    }

    ++sequence;
    ResetOnExit reset(*insert);
    if (absl::Status s = BindKey(*insert, 1, write.key); !s.ok()) return s;
    if (absl::Status s = insert->BindInt64(5, previous_version + 1); !s.ok()) return s;
    if (absl::Status s = insert->BindInt64(6, sequence); !s.ok()) return s;
    if (absl::Status s = insert->BindInt64(7, recorded_at_us); !s.ok()) return s;
    if (absl::Status s = insert->BindInt64(8, write.deleted ? 1 : 0); !s.ok()) return s;
    if (absl::Status s = insert->BindBlob(9, write.payload); !s.ok()) return s;
    absl::StatusOr<StepResult> done = insert->Step();
    if (!done.ok()) return done.status();
    added_by_authority[write.key.authority] = sequence;
    added_by_kind[{write.key.authority, write.key.kind}] = sequence;
    if (mirror_ != nullptr) added.emplace_back(&write, previous_version + 1, sequence);
    ++outcome.new_versions;
  }

  if (outcome.new_versions > 0) {
    absl::StatusOr<Statement> advance = db_->Prepare(
        "UPDATE store_clock SET last_sequence = ?1, last_recorded_at_us = ?2 WHERE singleton = 1");
    if (!advance.ok()) return advance.status();
    if (absl::Status s = advance->BindInt64(1, sequence); !s.ok()) return s;
    if (absl::Status s = advance->BindInt64(2, recorded_at_us); !s.ok()) return s;
    if (absl::StatusOr<StepResult> done = advance->Step(); !done.ok()) return done.status();

    absl::StatusOr<Statement> upsert = db_->Prepare(
        "INSERT INTO authority_data_versions (authority, data_version) VALUES (?1, ?2)"
        " ON CONFLICT (authority) DO UPDATE SET data_version = excluded.data_version");
    if (!upsert.ok()) return upsert.status();
    for (const auto& [authority, authority_sequence] : added_by_authority) {
      if (authority_sequence == 0) continue;
      ResetOnExit reset(*upsert);
      if (absl::Status s = upsert->BindText(1, authority); !s.ok()) return s;
      if (absl::Status s = upsert->BindInt64(2, authority_sequence); !s.ok()) return s;
      if (absl::StatusOr<StepResult> done = upsert->Step(); !done.ok()) return done.status();
    }
    outcome.recorded_at = absl::FromUnixMicros(recorded_at_us);
  }

  if (absl::Status s = txn->Commit(); !s.ok()) return s;

  // Only after the commit succeeded: a failed append must not move versions
  // or change what reads see.
  for (const auto& [write, version, version_sequence] : added) {
    mirror_->Apply(write->key, write->deleted, write->payload, version, version_sequence,
                   recorded_at_us);
  }
  // Still under db_mu_, after the mirror: a reader that sees a new stamp reads the records
  // (under db_mu_) only after this append is visible.
  absl::MutexLock versions_lock(&data_versions_mu_);
  for (const auto& [authority_kind, kind_sequence] : added_by_kind) {
    kind_stamps_[authority_kind] = kind_sequence;
  }
  for (const auto& [authority, authority_sequence] : added_by_authority) {
    if (authority_sequence != 0) data_versions_[authority] = authority_sequence;
    const auto it = data_versions_.find(authority);
    if (it != data_versions_.end())
      outcome.data_version = std::max(outcome.data_version, it->second);
  }
  return outcome;
}

absl::StatusOr<std::vector<StoredRecord>> VersionedRecordStore::ReadCurrent(
    absl::string_view authority, absl::string_view kind, std::optional<absl::Time> as_at) const {
  std::vector<StoredRecord> records;
  absl::Status status =
      ForEachCurrent(authority, kind, as_at, [&](const CurrentRecordView& current) {
        StoredRecord& record = records.emplace_back();
        record.key.authority = std::string(authority);
        record.key.kind = std::string(kind);
        record.key.source_system = std::string(current.source_system);
        record.key.source_id = std::string(current.source_id);
        record.version = current.version;
        record.recorded_at = current.recorded_at;
        record.payload = std::string(current.payload);
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  std::reverse(records.begin(), records.end());  // Visited in descending key order.
  return records;
}

absl::Status VersionedRecordStore::ForEachCurrent(
    absl::string_view authority, absl::string_view kind, std::optional<absl::Time> as_at,
    absl::FunctionRef<absl::Status(const CurrentRecordView&)> visit) const {
  if (authority.empty() || kind.empty()) {
    return absl::InvalidArgumentError("read current: authority and kind must be non-empty");
  }
  // ToUnixMicros floors, so "at or before as_at" keeps its meaning for
  // sub-microsecond instants; InfiniteFuture maps to the int64 maximum.
  const int64_t as_at_us =
      as_at.has_value() ? absl::ToUnixMicros(*as_at) : std::numeric_limits<int64_t>::max();

  absl::MutexLock lock(&db_mu_);
  if (as_at.has_value() || mirror_ == nullptr) {
    return ScanCurrentLocked(authority, kind, as_at_us, visit);
  }
  if (const CurrentRecordMirror::KindRecords* held = mirror_->Find(authority, kind)) {
    return held->VisitDescending(visit);
  }
  if (!mirror_->AdmitOnRead(authority, kind)) {
    return ScanCurrentLocked(authority, kind, as_at_us, visit);
  }
  // Read again while remembered: copy it from SQLite, then keep the copy.
  CurrentRecordMirror::KindRecords records;
  if (absl::Status s = ScanCurrentLocked(authority, kind, as_at_us,
                                         [&records](const CurrentRecordView& record) {
                                           records.AddNext(record);
                                           return absl::OkStatus();
                                         });
      !s.ok()) {
    return s;
  }
  absl::Status visited = records.VisitDescending(visit);
  mirror_->Insert(authority, kind, std::move(records));
  return visited;
}

absl::Status VersionedRecordStore::ScanCurrentLocked(
    absl::string_view authority, absl::string_view kind, int64_t as_at_us,
    absl::FunctionRef<absl::Status(const CurrentRecordView&)> visit) const {
  // One backward range scan of the primary key (EXPLAIN QUERY PLAN: SEARCH
  // USING PRIMARY KEY, no temp b-tree), so no sort. Versions of a key are
  // recorded in increasing time, so those at or before as_at are a prefix and
  // scanning newest first makes the first row of each key its state as at
  // as_at: it can be handed over before the next Step() invalidates it, and
  // the key's older rows are skipped. Cheaper than GROUP BY with MAX(): no
  // aggregate, no payload copies.
  if (!read_current_.has_value()) {
    absl::StatusOr<Statement> prepared = db_->Prepare(
        "SELECT source_system, source_id, version, recorded_at_us, deleted, payload, sequence"
        " FROM record_versions"
        " WHERE authority = ?1 AND kind = ?2 AND recorded_at_us <= ?3"
        " ORDER BY source_system DESC, source_id DESC, version DESC");
    if (!prepared.ok()) return prepared.status();
    read_current_ = *std::move(prepared);
  }
  Statement& read = *read_current_;
  ResetOnExit reset(read);
  if (absl::Status s = read.BindText(1, authority); !s.ok()) return s;
  if (absl::Status s = read.BindText(2, kind); !s.ok()) return s;
  if (absl::Status s = read.BindInt64(3, as_at_us); !s.ok()) return s;

  // The key of the previous row, to recognise its older versions. Reused
  // buffers: no allocation per row once they have grown.
  std::string previous_system;
  std::string previous_id;
  bool any_previous = false;
  while (true) {
    absl::StatusOr<StepResult> row = read.Step();
    if (!row.ok()) return row.status();
    if (*row == StepResult::kDone) break;
    const absl::string_view source_system = read.ColumnTextView(0);
    const absl::string_view source_id = read.ColumnTextView(1);
    if (any_previous && source_id == previous_id && source_system == previous_system) continue;
    previous_system.assign(source_system.data(), source_system.size());
    previous_id.assign(source_id.data(), source_id.size());
    any_previous = true;
    if (read.ColumnInt64(4) != 0) continue;  // A tombstone hides the key.
    CurrentRecordView current;
    current.source_system = source_system;
    current.source_id = source_id;
    current.version = read.ColumnInt64(2);
    current.sequence = read.ColumnInt64(6);
    current.recorded_at = absl::FromUnixMicros(read.ColumnInt64(3));
    current.payload = read.ColumnBlobView(5);
    if (absl::Status s = visit(current); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredRecord>> VersionedRecordStore::History(
    const RecordKey& key) const {
  if (absl::Status s = ValidateKey(key, "history"); !s.ok()) return s;

  absl::MutexLock lock(&db_mu_);
  absl::StatusOr<Statement> read = db_->Prepare(
      "SELECT version, recorded_at_us, deleted, payload FROM record_versions"
      " WHERE authority = ?1 AND kind = ?2 AND source_system = ?3 AND source_id = ?4"
      " ORDER BY version");
  if (!read.ok()) return read.status();
  ResetOnExit reset(*read);
  if (absl::Status s = BindKey(*read, 1, key); !s.ok()) return s;

  std::vector<StoredRecord> versions;
  while (true) {
    absl::StatusOr<StepResult> row = read->Step();
    if (!row.ok()) return row.status();
    if (*row == StepResult::kDone) break;
    StoredRecord& record = versions.emplace_back();
    record.key = key;
    record.version = read->ColumnInt64(0);
    record.recorded_at = absl::FromUnixMicros(read->ColumnInt64(1));
    record.deleted = read->ColumnInt64(2) != 0;
    record.payload = read->ColumnBlob(3);
  }
  return versions;
}

absl::flat_hash_map<std::string, int64_t> VersionedRecordStore::DataVersions() const {
  absl::ReaderMutexLock lock(&data_versions_mu_);
  return data_versions_;
}

int64_t VersionedRecordStore::KindStamp(absl::string_view authority,
                                        absl::string_view kind) const {
  absl::ReaderMutexLock lock(&data_versions_mu_);
  auto it = kind_stamps_.find(std::make_pair(std::string(authority), std::string(kind)));
  return it == kind_stamps_.end() ? 0 : it->second;
}

int64_t VersionedRecordStore::DataVersion(absl::string_view authority) const {
  absl::ReaderMutexLock lock(&data_versions_mu_);
  auto it = data_versions_.find(authority);
  return it == data_versions_.end() ? 0 : it->second;
}

}  // namespace scorecard
