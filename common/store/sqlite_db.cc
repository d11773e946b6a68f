#include "common/store/sqlite_db.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace scorecard {
namespace {

// SQL quoted in error messages is shortened so a long migration script does
// not swamp the log; the start is what identifies it.
std::string QuoteSql(absl::string_view sql) {
  constexpr size_t kMaxSqlInMessage = 120;
  sql = absl::StripAsciiWhitespace(sql);
  std::string quoted;
  quoted.reserve(std::min(sql.size(), kMaxSqlInMessage) + 8);
  quoted.push_back('`');
  bool previous_was_space = false;
  for (char c : sql.substr(0, kMaxSqlInMessage)) {
    const bool is_space = absl::ascii_isspace(static_cast<unsigned char>(c));
    if (is_space && previous_was_space) continue;
    quoted.push_back(is_space ? ' ' : c);
    previous_was_space = is_space;
  }
  if (sql.size() > kMaxSqlInMessage) quoted.append("...");
  quoted.push_back('`');
  return quoted;
}

// `db` may be null (e.g. when sqlite3_open itself could not allocate).
[[nodiscard]] absl::Status SqliteError(sqlite3* db, int rc, absl::string_view operation) {
  // sqlite3_errmsg describes the most recent failure on the connection, which
  // is the one we are reporting as long as we are called straight after it.
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return absl::Status(SqliteCodeToStatusCode(rc),
                      absl::StrCat(operation, ": ", detail, " (sqlite code ", rc, ")"));
}

[[nodiscard]] absl::Status ValidateMigrations(absl::Span<const SqliteMigration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    const int expected = static_cast<int>(i) + 1;
    if (migrations[i].version != expected) {
      return absl::InvalidArgumentError(
          absl::StrCat("migrations must be numbered 1, 2, 3, ... without gaps; entry ", i,
                       " has version ", migrations[i].version, ", expected ", expected));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusCode SqliteCodeToStatusCode(int sqlite_code) {
  switch (sqlite_code) {
    // The key already has a row: the caller's insert duplicates existing data.
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_ROWID:
      return absl::StatusCode::kAlreadyExists;
    default:
      break;
  }
  switch (sqlite_code & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return absl::StatusCode::kOk;
    // Another connection holds a lock; retrying later may succeed.
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::StatusCode::kUnavailable;
    // Foreign key, CHECK, NOT NULL, trigger RAISE: the data is not in a state
    // that allows the write.
    case SQLITE_CONSTRAINT:
      return absl::StatusCode::kFailedPrecondition;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      return absl::StatusCode::kFailedPrecondition;
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return absl::StatusCode::kPermissionDenied;
    case SQLITE_NOMEM:
    case SQLITE_FULL:
      return absl::StatusCode::kResourceExhausted;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::StatusCode::kDataLoss;
    case SQLITE_INTERRUPT:
      return absl::StatusCode::kCancelled;
    case SQLITE_ABORT:
    case SQLITE_SCHEMA:
      return absl::StatusCode::kAborted;
    case SQLITE_RANGE:
      return absl::StatusCode::kOutOfRange;
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
      return absl::StatusCode::kInvalidArgument;
    default:
      return absl::StatusCode::kInternal;
  }
}

// ---------------------------------------------------------------- Statement

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);  // A no-op on null.
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

absl::Status Statement::BindResult(int rc, int index, absl::string_view what) const {
  if (rc == SQLITE_OK) return absl::OkStatus();
  return SqliteError(
      sqlite3_db_handle(stmt_), rc,
      absl::StrCat("bind ", what, " to parameter ", index, " of ", QuoteSql(sqlite3_sql(stmt_))));
}

absl::Status Statement::BindInt64(int index, int64_t value) {
  return BindResult(sqlite3_bind_int64(stmt_, index, value), index, "int64");
}

absl::Status Statement::BindDouble(int index, double value) {
  return BindResult(sqlite3_bind_double(stmt_, index, value), index, "double");
}

absl::Status Statement::BindText(int index, absl::string_view value) {
  // A null data pointer would bind SQL NULL; "" keeps empty text empty.
  const char* data = value.data() != nullptr ? value.data() : "";
  return BindResult(
      sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index,
      "text");
}

absl::Status Statement::BindBlob(int index, absl::string_view bytes) {
  // sqlite3_bind_blob with no bytes may bind NULL; a zero-length blob is not NULL.
  if (bytes.empty()) return BindResult(sqlite3_bind_zeroblob(stmt_, index, 0), index, "blob");
  return BindResult(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT),
                    index, "blob");
}

absl::Status Statement::BindNull(int index) {
  return BindResult(sqlite3_bind_null(stmt_, index), index, "null");
}

absl::StatusOr<StepResult> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return StepResult::kRow;
  if (rc == SQLITE_DONE) return StepResult::kDone;
  absl::Status error = SqliteError(sqlite3_db_handle(stmt_), rc,
                                   absl::StrCat("step ", QuoteSql(sqlite3_sql(stmt_))));
  // Leaves the statement re-runnable and drops any read snapshot it held.
  sqlite3_reset(stmt_);
  return error;
}

int Statement::ColumnCount() const { return sqlite3_column_count(stmt_); }

// sqlite3_column_* on an index past the current row is undefined behaviour,
// so every getter checks against the row actually available.
#define SCORECARD_CHECK_COLUMN(index, fallback) \
  if ((index) < 0 || (index) >= sqlite3_data_count(stmt_)) return fallback

bool Statement::ColumnIsNull(int index) const {
  SCORECARD_CHECK_COLUMN(index, true);
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int64_t Statement::ColumnInt64(int index) const {
  SCORECARD_CHECK_COLUMN(index, 0);
  return sqlite3_column_int64(stmt_, index);
}

double Statement::ColumnDouble(int index) const {
  SCORECARD_CHECK_COLUMN(index, 0.0);
  return sqlite3_column_double(stmt_, index);
}

absl::string_view Statement::ColumnTextView(int index) const {
  SCORECARD_CHECK_COLUMN(index, absl::string_view());
  // SQLite documents calling _text before _bytes so the length matches the
  // converted value.
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr) return absl::string_view();
  return absl::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

absl::string_view Statement::ColumnBlobView(int index) const {
  SCORECARD_CHECK_COLUMN(index, absl::string_view());
  const void* blob = sqlite3_column_blob(stmt_, index);
  const int size = sqlite3_column_bytes(stmt_, index);
  if (blob == nullptr) return absl::string_view();
  return absl::string_view(static_cast<const char*>(blob), static_cast<size_t>(size));
}

#undef SCORECARD_CHECK_COLUMN

std::string Statement::ColumnText(int index) const { return std::string(ColumnTextView(index)); }

std::string Statement::ColumnBlob(int index) const { return std::string(ColumnBlobView(index)); }

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

// -------------------------------------------------------------- Transaction

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
  if (this != &other) {
    RollbackIfOpen();
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Transaction::~Transaction() { RollbackIfOpen(); }

absl::Status Transaction::Commit() {
  if (db_ == nullptr) {
    return absl::FailedPreconditionError("commit: transaction already finished");
  }
  const int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "COMMIT");
  db_ = nullptr;
  return absl::OkStatus();
}

void Transaction::RollbackIfOpen() {
  if (db_ == nullptr) return;
  // Some errors (disk full, I/O) make SQLite roll back by itself; a second
  // ROLLBACK would only fail, so check the connection is still inside one.
  if (sqlite3_get_autocommit(db_) == 0) {
    // Nothing useful can be done if ROLLBACK fails in a destructor: SQLite
    // then leaves the transaction to be rolled back when the connection
    // closes, and an uncommitted transaction is never visible or durable.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  db_ = nullptr;
}

// ----------------------------------------------------------------- SqliteDb

absl::StatusOr<std::unique_ptr<SqliteDb>> SqliteDb::Open(
    const std::string& path, absl::Span<const SqliteMigration> migrations,
    const SqliteOptions& options) {
  if (absl::Status valid = ValidateMigrations(migrations); !valid.ok()) return valid;

  sqlite3* raw = nullptr;
  // NOMUTEX: callers serialize access, so SQLite's per-connection mutex
  // would only add cost.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status error = SqliteError(raw, rc, absl::StrCat("open ", path));
    sqlite3_close_v2(raw);  // The handle is allocated even on most failures.
    return error;
  }
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  if (absl::Status s = db->Configure(path, options); !s.ok()) return s;
  if (absl::Status s = db->Migrate(migrations); !s.ok()) return s;
  return db;
}

SqliteDb::~SqliteDb() {
  // close_v2 defers the close until any still-live Statement is finalized,
  // so destruction order mistakes cannot leak or crash.
  sqlite3_close_v2(db_);
}

absl::Status SqliteDb::Configure(const std::string& path, const SqliteOptions& options) {
  sqlite3_extended_result_codes(db_, 1);
  const int64_t timeout_ms = absl::ToInt64Milliseconds(options.busy_timeout);
  const int clamped_ms =
      static_cast<int>(std::clamp<int64_t>(timeout_ms, 0, std::numeric_limits<int>::max()));
  if (int rc = sqlite3_busy_timeout(db_, clamped_ms); rc != SQLITE_OK) {
    return SqliteError(db_, rc, "set busy timeout");
  }

  // journal_mode reports the mode actually in force; WAL can be refused
  // (e.g. for in-memory databases), and we must not silently run without it.
  absl::StatusOr<Statement> journal = Prepare("PRAGMA journal_mode=WAL");
  if (!journal.ok()) return journal.status();
  absl::StatusOr<StepResult> journal_row = journal->Step();
  if (!journal_row.ok()) return journal_row.status();
  const std::string mode = absl::AsciiStrToLower(journal->ColumnTextView(0));
  journal->Reset();
  const bool in_memory = path == ":memory:" || path.empty();
  if (mode != "wal" && !(in_memory && mode == "memory")) {
    return absl::FailedPreconditionError(
        absl::StrCat("open ", path, ": journal_mode is '", mode, "', WAL required"));
  }

  std::string pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
  if (options.cache_size_kib > 0) {
    // A negative cache_size is read by SQLite as KiB rather than pages.
    absl::StrAppend(&pragmas, " PRAGMA cache_size=-", options.cache_size_kib, ";");
  }
  if (absl::Status s = Exec(pragmas); !s.ok()) return s;

  // Both pragmas are silently ignored in some builds/states; verify.
  absl::StatusOr<Statement> check =
      Prepare("SELECT * FROM pragma_synchronous, pragma_foreign_keys");
  if (!check.ok()) return check.status();
  absl::StatusOr<StepResult> check_row = check->Step();
  if (!check_row.ok()) return check_row.status();
  constexpr int64_t kSynchronousFull = 2;
  if (*check_row != StepResult::kRow || check->ColumnInt64(0) != kSynchronousFull ||
      check->ColumnInt64(1) != 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("open ", path, ": could not enable synchronous=FULL and foreign_keys"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> SqliteDb::ReadSchemaVersion() {
  absl::StatusOr<Statement> read =
      Prepare("SELECT COUNT(*), COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!read.ok()) return read.status();
  absl::StatusOr<StepResult> row = read->Step();
  if (!row.ok()) return row.status();
  const int64_t count = read->ColumnInt64(0);
  const int64_t max_version = read->ColumnInt64(1);
  // Versions are applied strictly in order, so a gap means the bookkeeping
  // was tampered with and we cannot tell what the schema is.
  if (count != max_version || max_version > std::numeric_limits<int>::max()) {
    return absl::DataLossError(absl::StrCat("schema_migrations holds ", count,
                                            " rows but its highest version is ", max_version));
  }
  return static_cast<int>(max_version);
}

absl::Status SqliteDb::Migrate(absl::Span<const SqliteMigration> migrations) {
  if (absl::Status s = Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                            "  version INTEGER PRIMARY KEY,"
                            "  applied_at_us INTEGER NOT NULL)");
      !s.ok()) {
    return s;
  }
  const int target = static_cast<int>(migrations.size());
  // One pass per migration at most; the version is re-read inside each
  // transaction so a concurrent opener of the same file cannot make us apply
  // a migration twice.
  for (int pass = 0; pass <= target; ++pass) {
    absl::StatusOr<Transaction> txn = BeginTransaction();
    if (!txn.ok()) return txn.status();
    absl::StatusOr<int> current = ReadSchemaVersion();
    if (!current.ok()) return current.status();
    if (*current > target) {
      return absl::FailedPreconditionError(absl::StrCat(
          "database schema version ", *current, " is newer than this program supports (", target,
          "); refusing to open it with older code"));
    }
    if (*current == target) {
      schema_version_ = *current;
      return txn->Commit();
    }
    const SqliteMigration& next = migrations[*current];
    if (absl::Status s = Exec(next.sql); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat("migration ", next.version, ": ", s.message()));
    }
    if (sqlite3_get_autocommit(db_) != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration ", next.version,
                       " ended the transaction itself; migrations must not "
                       "contain BEGIN/COMMIT/ROLLBACK"));
    }
    absl::StatusOr<Statement> record =
        Prepare("INSERT INTO schema_migrations (version, applied_at_us) VALUES (?1, ?2)");
    if (!record.ok()) return record.status();
    if (absl::Status s = record->BindInt64(1, next.version); !s.ok()) return s;
    if (absl::Status s = record->BindInt64(2, absl::ToUnixMicros(absl::Now())); !s.ok()) return s;
    if (absl::StatusOr<StepResult> done = record->Step(); !done.ok()) return done.status();
    if (absl::Status s = txn->Commit(); !s.ok()) return s;
  }
  return absl::InternalError("migrations did not converge");  // Unreachable.
}

absl::Status SqliteDb::Exec(absl::string_view sql) {
  const std::string terminated(sql);  // sqlite3_exec needs a NUL terminator.
  const int rc = sqlite3_exec(db_, terminated.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, absl::StrCat("exec ", QuoteSql(sql)));
  return absl::OkStatus();
}

absl::StatusOr<Statement> SqliteDb::Prepare(absl::string_view sql) {
  if (sql.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return absl::InvalidArgumentError("prepare: SQL text too long");
  }
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, absl::StrCat("prepare ", QuoteSql(sql)));
  if (raw == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("prepare ", QuoteSql(sql), ": no SQL statement"));
  }
  Statement statement(raw);

  // Anything after the first statement other than whitespace/comments would
  // never run; reject it instead of ignoring it.
  const char* end = sql.data() + sql.size();
  if (tail != nullptr && tail < end) {
    sqlite3_stmt* extra = nullptr;
    rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &extra, nullptr);
    const bool has_more = rc != SQLITE_OK || extra != nullptr;
    sqlite3_finalize(extra);
    if (has_more) {
      return absl::InvalidArgumentError(absl::StrCat(
          "prepare ", QuoteSql(sql), ": holds more than one statement; use Exec for scripts"));
    }
  }
  return statement;
}

absl::StatusOr<Transaction> SqliteDb::BeginTransaction() {
  const int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "BEGIN IMMEDIATE");
  return Transaction(db_);
}

int64_t SqliteDb::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int64_t SqliteDb::Changes() const { return sqlite3_changes64(db_); }

}  // namespace scorecard
