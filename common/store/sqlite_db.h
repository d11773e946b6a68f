// A small, safe wrapper over one SQLite connection: schema migrations, RAII
// statements and transactions, and SQLite errors as absl::Status.
//
//   const SqliteMigration kMigrations[] = {
//       {1, "CREATE TABLE referral (id TEXT PRIMARY KEY, received_us INTEGER NOT NULL);"},
//       {2, "CREATE INDEX referral_received ON referral (received_us);"},
//   };
//   absl::StatusOr<std::unique_ptr<SqliteDb>> db = SqliteDb::Open("/var/lib/x.db", kMigrations);
//   if (!db.ok()) return db.status();
//   absl::StatusOr<Transaction> txn = (*db)->BeginTransaction();
//   if (!txn.ok()) return txn.status();
//   absl::StatusOr<Statement> insert =
//       (*db)->Prepare("INSERT INTO referral (id, received_us) VALUES (?1, ?2)");
//   if (!insert.ok()) return insert.status();
//   if (absl::Status s = insert->BindText(1, "R-1"); !s.ok()) return s;
//   if (absl::Status s = insert->BindInt64(2, 1491782400000000); !s.ok()) return s;
//   if (absl::StatusOr<StepResult> r = insert->Step(); !r.ok()) return r.status();
//   return txn->Commit();  // Until this succeeds, ~Transaction rolls back.
//
// Durability: every connection runs with journal_mode=WAL and synchronous=FULL,
// so a commit that returned OK has been fsynced and survives the process (or
// the machine) dying immediately afterwards.
//
// Thread safety: none. A SqliteDb and the Statements/Transactions made from it
// must be used by one thread at a time; callers serialize access (for example
// VersionedRecordStore holds an absl::Mutex around its SqliteDb). Separate
// SqliteDb objects (separate connections) may be used concurrently.
//
// Nothing here throws. Error messages name the failing operation and the SQL
// text but never bound values, which may hold personal data.
#ifndef SCORECARD_COMMON_STORE_SQLITE_DB_H_
#define SCORECARD_COMMON_STORE_SQLITE_DB_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

struct sqlite3;
struct sqlite3_stmt;

namespace scorecard {

// One schema step. Versions must run 1, 2, 3, ... with no gaps; a shipped
// migration is never edited, only followed by a new one. `sql` may hold
// several statements; it runs in its own transaction together with the
// schema_migrations bookkeeping row, so it applies entirely or not at all.
struct SqliteMigration {
  int version = 0;
  std::string sql;
};

struct SqliteOptions {
  // How long a statement waits for another connection's lock before failing
  // with absl::UnavailableError.
  absl::Duration busy_timeout = absl::Seconds(5);
  // Page cache per connection in KiB; 0 keeps SQLite's default (2 MiB).
  int64_t cache_size_kib = 0;
};

// Maps an SQLite result code (primary or extended) to the closest canonical
// code, e.g. SQLITE_BUSY -> kUnavailable, SQLITE_CONSTRAINT_UNIQUE ->
// kAlreadyExists. Exposed for tests and for callers that talk to SQLite
// directly.
absl::StatusCode SqliteCodeToStatusCode(int sqlite_code);

enum class StepResult { kRow, kDone };

// A prepared statement. Move-only; finalized on destruction. Bind indexes are
// 1-based and column indexes 0-based, as in SQLite itself. Text and blob
// binds are copied, so arguments need not outlive the call.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  [[nodiscard]] absl::Status BindInt64(int index, int64_t value);
  [[nodiscard]] absl::Status BindDouble(int index, double value);
  // Empty text and blobs bind as zero-length values, never as NULL.
  [[nodiscard]] absl::Status BindText(int index, absl::string_view value);
  [[nodiscard]] absl::Status BindBlob(int index, absl::string_view bytes);
  [[nodiscard]] absl::Status BindNull(int index);

  // Runs the statement to its next row. After an error the statement is
  // reset, so it can be re-run (its bindings are kept).
  [[nodiscard]] absl::StatusOr<StepResult> Step();

  // Column getters read the current row (valid only after Step() returned
  // kRow). Out-of-range indexes read as NULL (0, 0.0, "").
  int ColumnCount() const;
  bool ColumnIsNull(int index) const;
  int64_t ColumnInt64(int index) const;
  double ColumnDouble(int index) const;
  std::string ColumnText(int index) const;
  std::string ColumnBlob(int index) const;
  // Zero-copy views, valid until the next Step(), Reset() or destruction.
  absl::string_view ColumnTextView(int index) const;
  absl::string_view ColumnBlobView(int index) const;

  // Rewinds for another run and clears all bindings to NULL. Ending a read
  // early with Reset() also releases the read snapshot it held. Errors from
  // the previous run were already reported by Step(), so this cannot fail.
  void Reset();

 private:
  friend class SqliteDb;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  [[nodiscard]] absl::Status BindResult(int rc, int index, absl::string_view what) const;

  sqlite3_stmt* stmt_ = nullptr;
};

// An open write transaction (BEGIN IMMEDIATE: the write lock is taken up
// front, so a later statement cannot fail half-way with SQLITE_BUSY on lock
// upgrade). Rolled back on destruction unless Commit() succeeded. Move-only;
// must not outlive its SqliteDb.
class Transaction {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&& other) noexcept;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  // On failure the transaction is still rolled back by the destructor.
  [[nodiscard]] absl::Status Commit();

 private:
  friend class SqliteDb;
  explicit Transaction(sqlite3* db) : db_(db) {}
  void RollbackIfOpen();

  sqlite3* db_ = nullptr;  // Null once committed, rolled back or moved from.
};

class SqliteDb {
 public:
  // Opens (creating if absent) the database at `path`, configures the
  // connection and applies whichever of `migrations` the file lacks, oldest
  // first. Fails with FailedPreconditionError if the file records a schema
  // version newer than the last migration given (newer code wrote it), and
  // with InvalidArgumentError if the migrations are not numbered 1..n.
  // ":memory:" opens a private in-memory database (no WAL, not durable).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<SqliteDb>> Open(
      const std::string& path, absl::Span<const SqliteMigration> migrations,
      const SqliteOptions& options = SqliteOptions());

  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Runs one or more SQL statements that return no rows the caller needs.
  [[nodiscard]] absl::Status Exec(absl::string_view sql);
  // Prepares exactly one statement; trailing further statements are rejected
  // (InvalidArgument) rather than silently ignored.
  [[nodiscard]] absl::StatusOr<Statement> Prepare(absl::string_view sql);
  // BEGIN IMMEDIATE. Transactions do not nest.
  [[nodiscard]] absl::StatusOr<Transaction> BeginTransaction();

  // Highest applied migration version (0 for none).
  int schema_version() const { return schema_version_; }
  // Rowid of the most recent successful INSERT on this connection.
  int64_t LastInsertRowId() const;
  // Rows changed by the most recent INSERT/UPDATE/DELETE on this connection.
  int64_t Changes() const;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  [[nodiscard]] absl::Status Configure(const std::string& path, const SqliteOptions& options);
  [[nodiscard]] absl::Status Migrate(absl::Span<const SqliteMigration> migrations);
  [[nodiscard]] absl::StatusOr<int> ReadSchemaVersion();

  sqlite3* db_ = nullptr;
  int schema_version_ = 0;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_STORE_SQLITE_DB_H_
