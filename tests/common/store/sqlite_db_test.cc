#include "common/store/sqlite_db.h"

#include <sqlite3.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard {
namespace {

// Every migration appends its number to `applied`, so the table's contents
// show which migrations ran, how often and in what order.
const std::vector<SqliteMigration> kThreeMigrations = {
    {1,
     "CREATE TABLE applied (seq INTEGER PRIMARY KEY, migration INTEGER NOT NULL);"
     "INSERT INTO applied (migration) VALUES (1);"},
    {2,
     "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
     "INSERT INTO applied (migration) VALUES (2);"},
    {3,
     "ALTER TABLE item ADD COLUMN note TEXT;"
     "INSERT INTO applied (migration) VALUES (3);"},
};

std::vector<SqliteMigration> FirstMigrations(size_t count) {
  return std::vector<SqliteMigration>(kThreeMigrations.begin(), kThreeMigrations.begin() + count);
}

// Runs a query expected to yield one integer.
int64_t QueryInt(SqliteDb& db, const std::string& sql) {
  absl::StatusOr<Statement> statement = db.Prepare(sql);
  EXPECT_TRUE(statement.ok()) << statement.status();
  if (!statement.ok()) return -1;
  absl::StatusOr<StepResult> row = statement->Step();
  EXPECT_TRUE(row.ok()) << row.status();
  if (!row.ok() || *row != StepResult::kRow) return -1;
  return statement->ColumnInt64(0);
}

std::vector<int64_t> QueryInts(SqliteDb& db, const std::string& sql) {
  std::vector<int64_t> values;
  absl::StatusOr<Statement> statement = db.Prepare(sql);
  EXPECT_TRUE(statement.ok()) << statement.status();
  if (!statement.ok()) return values;
  for (int guard = 0; guard < 10000; ++guard) {
    absl::StatusOr<StepResult> row = statement->Step();
    EXPECT_TRUE(row.ok()) << row.status();
    if (!row.ok() || *row == StepResult::kDone) break;
    values.push_back(statement->ColumnInt64(0));
  }
  return values;
}

bool TableExists(SqliteDb& db, const std::string& name) {
  return QueryInt(db, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = '" +
                          name + "'") == 1;
}

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(dir_.ok()); }

  std::unique_ptr<SqliteDb> OpenOrDie(absl::Span<const SqliteMigration> migrations,
                                      const SqliteOptions& options = SqliteOptions()) {
    absl::StatusOr<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path_, migrations, options);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? *std::move(db) : nullptr;
  }

  ScopedTempDir dir_;
  std::string path_ = dir_.File("test.db");
};

TEST_F(SqliteDbTest, OpenConfiguresWalFullSyncForeignKeysAndBusyTimeout) {
  SqliteOptions options;
  options.busy_timeout = absl::Milliseconds(1234);
  std::unique_ptr<SqliteDb> db = OpenOrDie({}, options);
  ASSERT_NE(db, nullptr);
  absl::StatusOr<Statement> mode = db->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok()) << mode.status();
  ASSERT_EQ(*mode->Step(), StepResult::kRow);
  EXPECT_EQ(mode->ColumnText(0), "wal");
  EXPECT_EQ(QueryInt(*db, "PRAGMA synchronous"), 2);  // FULL
  EXPECT_EQ(QueryInt(*db, "PRAGMA foreign_keys"), 1);
  EXPECT_EQ(QueryInt(*db, "PRAGMA busy_timeout"), 1234);
}

TEST_F(SqliteDbTest, CacheSizeOptionIsApplied) {
  SqliteOptions options;
  options.cache_size_kib = 8192;
  std::unique_ptr<SqliteDb> db = OpenOrDie({}, options);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(QueryInt(*db, "PRAGMA cache_size"), -8192);
}

TEST_F(SqliteDbTest, MigrationsApplyOnceInOrder) {
  {
    std::unique_ptr<SqliteDb> db = OpenOrDie(kThreeMigrations);
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->schema_version(), 3);
    EXPECT_EQ(QueryInts(*db, "SELECT migration FROM applied ORDER BY seq"),
              (std::vector<int64_t>{1, 2, 3}));
    EXPECT_EQ(QueryInts(*db, "SELECT version FROM schema_migrations ORDER BY version"),
              (std::vector<int64_t>{1, 2, 3}));
  }
  // Reopening with the same code must not run anything again.
  std::unique_ptr<SqliteDb> db = OpenOrDie(kThreeMigrations);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->schema_version(), 3);
  EXPECT_EQ(QueryInts(*db, "SELECT migration FROM applied ORDER BY seq"),
            (std::vector<int64_t>{1, 2, 3}));
}

TEST_F(SqliteDbTest, OlderDatabaseGetsOnlyTheMissingMigrations) {
  {
    std::unique_ptr<SqliteDb> db = OpenOrDie(FirstMigrations(1));
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->schema_version(), 1);
    EXPECT_FALSE(TableExists(*db, "item"));
  }
  std::unique_ptr<SqliteDb> db = OpenOrDie(kThreeMigrations);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->schema_version(), 3);
  EXPECT_EQ(QueryInts(*db, "SELECT migration FROM applied ORDER BY seq"),
            (std::vector<int64_t>{1, 2, 3}));
  // Migration 3's column exists: the schema really is at version 3.
  EXPECT_TRUE(db->Exec("INSERT INTO item (name, note) VALUES ('a', 'b')").ok());
}

TEST_F(SqliteDbTest, NewerDatabaseIsRefused) {
  ASSERT_NE(OpenOrDie(kThreeMigrations), nullptr);
  absl::StatusOr<std::unique_ptr<SqliteDb>> older_code = SqliteDb::Open(path_, FirstMigrations(2));
  ASSERT_FALSE(older_code.ok());
  EXPECT_EQ(older_code.status().code(), absl::StatusCode::kFailedPrecondition)
      << older_code.status();
  EXPECT_NE(older_code.status().message().find("newer"), absl::string_view::npos);
}

TEST_F(SqliteDbTest, MisnumberedMigrationsAreRejected) {
  const std::vector<SqliteMigration> gap = {{1, "SELECT 1;"}, {3, "SELECT 1;"}};
  const std::vector<SqliteMigration> not_from_one = {{2, "SELECT 1;"}};
  const std::vector<SqliteMigration> out_of_order = {{2, "SELECT 1;"}, {1, "SELECT 1;"}};
  for (const auto& migrations : {gap, not_from_one, out_of_order}) {
    absl::StatusOr<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path_, migrations);
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.status().code(), absl::StatusCode::kInvalidArgument) << db.status();
  }
}

TEST_F(SqliteDbTest, FailedMigrationLeavesEarlierOnesAndNothingOfItself) {
  const std::vector<SqliteMigration> broken = {
      kThreeMigrations[0],
      {2,
       "CREATE TABLE half_done (x INTEGER);"
       "INSERT INTO applied (migration) VALUES (2);"
       "INSERT INTO no_such_table VALUES (1);"},
  };
  absl::StatusOr<std::unique_ptr<SqliteDb>> failed = SqliteDb::Open(path_, broken);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("migration 2"), absl::string_view::npos)
      << failed.status();
  EXPECT_NE(failed.status().message().find("no_such_table"), absl::string_view::npos)
      << failed.status();

  std::unique_ptr<SqliteDb> db = OpenOrDie(FirstMigrations(1));
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->schema_version(), 1);
  EXPECT_FALSE(TableExists(*db, "half_done"));
  EXPECT_EQ(QueryInts(*db, "SELECT migration FROM applied ORDER BY seq"),
            (std::vector<int64_t>{1}));
}

TEST_F(SqliteDbTest, MigrationThatCommitsByItselfIsRejected) {
  const std::vector<SqliteMigration> sneaky = {{1, "CREATE TABLE t (x); COMMIT;"}};
  absl::StatusOr<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path_, sneaky);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kInvalidArgument) << db.status();
}

TEST_F(SqliteDbTest, TransactionRollsBackWhenDestroyedWithoutCommit) {
  std::unique_ptr<SqliteDb> db = OpenOrDie(FirstMigrations(2));
  ASSERT_NE(db, nullptr);
  {
    absl::StatusOr<Transaction> txn = db->BeginTransaction();
    ASSERT_TRUE(txn.ok()) << txn.status();
    ASSERT_TRUE(db->Exec("INSERT INTO item (name) VALUES ('first')").ok());
    ASSERT_TRUE(db->Exec("INSERT INTO item (name) VALUES ('second')").ok());
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM item"), 2);  // Visible inside.
  }
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM item"), 0);
  // The connection is usable for a new transaction afterwards.
  absl::StatusOr<Transaction> again = db->BeginTransaction();
  EXPECT_TRUE(again.ok()) << again.status();
}

TEST_F(SqliteDbTest, CommittedTransactionPersistsAcrossReopen) {
  {
    std::unique_ptr<SqliteDb> db = OpenOrDie(FirstMigrations(2));
    ASSERT_NE(db, nullptr);
    absl::StatusOr<Transaction> txn = db->BeginTransaction();
    ASSERT_TRUE(txn.ok()) << txn.status();
    ASSERT_TRUE(db->Exec("INSERT INTO item (name) VALUES ('kept')").ok());
    ASSERT_TRUE(txn->Commit().ok());
    // A second commit is an error, not a crash or a silent no-op.
    EXPECT_EQ(txn->Commit().code(), absl::StatusCode::kFailedPrecondition);
  }
  std::unique_ptr<SqliteDb> db = OpenOrDie(FirstMigrations(2));
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM item"), 1);
}

TEST_F(SqliteDbTest, MovedTransactionRollsBackOnlyOnce) {
  std::unique_ptr<SqliteDb> db = OpenOrDie(FirstMigrations(2));
  ASSERT_NE(db, nullptr);
  {
    absl::StatusOr<Transaction> txn = db->BeginTransaction();
    ASSERT_TRUE(txn.ok());
    Transaction moved = *std::move(txn);
    ASSERT_TRUE(db->Exec("INSERT INTO item (name) VALUES ('x')").ok());
    ASSERT_TRUE(moved.Commit().ok());
  }  // The moved-from object must not roll anything back.
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM item"), 1);
}

TEST_F(SqliteDbTest, TransactionsDoNotNest) {
  std::unique_ptr<SqliteDb> db = OpenOrDie(FirstMigrations(2));
  ASSERT_NE(db, nullptr);
  absl::StatusOr<Transaction> outer = db->BeginTransaction();
  ASSERT_TRUE(outer.ok());
  absl::StatusOr<Transaction> inner = db->BeginTransaction();
  EXPECT_FALSE(inner.ok());
  ASSERT_TRUE(db->Exec("INSERT INTO item (name) VALUES ('x')").ok());
  EXPECT_TRUE(outer->Commit().ok());
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM item"), 1);
}

TEST_F(SqliteDbTest, StatementRoundTripsEveryType) {
  std::unique_ptr<SqliteDb> db = OpenOrDie({});
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE v (i INTEGER, d REAL, t TEXT, b BLOB, n INTEGER,"
                       " empty_t TEXT, empty_b BLOB)")
                  .ok());
  std::string text_with_nul("a\0b", 3);
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));

  absl::StatusOr<Statement> insert =
      db->Prepare("INSERT INTO v VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  ASSERT_TRUE(insert.ok()) << insert.status();
  for (int64_t value : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
    ASSERT_TRUE(insert->BindInt64(1, value).ok());
    ASSERT_TRUE(insert->BindDouble(2, 2.5).ok());
    ASSERT_TRUE(insert->BindText(3, text_with_nul).ok());
    ASSERT_TRUE(insert->BindBlob(4, all_bytes).ok());
    ASSERT_TRUE(insert->BindNull(5).ok());
    ASSERT_TRUE(insert->BindText(6, absl::string_view()).ok());
    ASSERT_TRUE(insert->BindBlob(7, absl::string_view()).ok());
    absl::StatusOr<StepResult> done = insert->Step();
    ASSERT_TRUE(done.ok()) << done.status();
    EXPECT_EQ(*done, StepResult::kDone);
    insert->Reset();
  }

  absl::StatusOr<Statement> select = db->Prepare(
      "SELECT i, d, t, b, n, empty_t, empty_b, typeof(empty_t), typeof(empty_b) FROM v ORDER BY i");
  ASSERT_TRUE(select.ok()) << select.status();
  ASSERT_EQ(*select->Step(), StepResult::kRow);
  EXPECT_EQ(select->ColumnCount(), 9);
  EXPECT_EQ(select->ColumnInt64(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(select->ColumnDouble(1), 2.5);
  EXPECT_EQ(select->ColumnText(2), text_with_nul);
  EXPECT_EQ(select->ColumnBlob(3), all_bytes);
  EXPECT_TRUE(select->ColumnIsNull(4));
  EXPECT_FALSE(select->ColumnIsNull(5));
  EXPECT_FALSE(select->ColumnIsNull(6));
  EXPECT_EQ(select->ColumnText(5), "");
  EXPECT_EQ(select->ColumnBlob(6), "");
  EXPECT_EQ(select->ColumnText(7), "text");  // Empty, not NULL.
  EXPECT_EQ(select->ColumnText(8), "blob");
  // Out-of-range columns read as NULL instead of undefined behaviour.
  EXPECT_TRUE(select->ColumnIsNull(99));
  EXPECT_EQ(select->ColumnInt64(-1), 0);
  ASSERT_EQ(*select->Step(), StepResult::kRow);
  EXPECT_EQ(select->ColumnInt64(0), std::numeric_limits<int64_t>::max());
  ASSERT_EQ(*select->Step(), StepResult::kDone);
  EXPECT_EQ(select->ColumnInt64(0), 0);  // No current row.
}

TEST_F(SqliteDbTest, ResetAllowsRerunWithNewBindings) {
  std::unique_ptr<SqliteDb> db = OpenOrDie({});
  ASSERT_NE(db, nullptr);
  absl::StatusOr<Statement> square = db->Prepare("SELECT ?1 * ?1");
  ASSERT_TRUE(square.ok());
  for (int64_t n : {3, 7}) {
    ASSERT_TRUE(square->BindInt64(1, n).ok());
    ASSERT_EQ(*square->Step(), StepResult::kRow);
    EXPECT_EQ(square->ColumnInt64(0), n * n);
    square->Reset();
  }
  // Reset clears bindings: an unbound parameter is NULL.
  ASSERT_EQ(*square->Step(), StepResult::kRow);
  EXPECT_TRUE(square->ColumnIsNull(0));
}

TEST_F(SqliteDbTest, PrepareRejectsSecondStatementAndEmptySql) {
  std::unique_ptr<SqliteDb> db = OpenOrDie({});
  ASSERT_NE(db, nullptr);
  absl::StatusOr<Statement> two = db->Prepare("SELECT 1; SELECT 2");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<Statement> empty = db->Prepare("  -- nothing\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
  // A trailing semicolon or comment is fine.
  EXPECT_TRUE(db->Prepare("SELECT 1; -- done\n").ok());
}

TEST_F(SqliteDbTest, ErrorsCarryCanonicalCodesAndSqliteMessages) {
  std::unique_ptr<SqliteDb> db = OpenOrDie({});
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                       "CREATE TABLE child (id INTEGER PRIMARY KEY,"
                       "  parent_id INTEGER NOT NULL REFERENCES parent (id),"
                       "  name TEXT UNIQUE);"
                       "INSERT INTO parent VALUES (1);"
                       "INSERT INTO child VALUES (1, 1, 'a');")
                  .ok());

  absl::Status syntax = db->Exec("SELEC nonsense");
  EXPECT_EQ(syntax.code(), absl::StatusCode::kInternal);
  EXPECT_NE(syntax.message().find("syntax error"), absl::string_view::npos) << syntax;
  EXPECT_NE(syntax.message().find("SELEC nonsense"), absl::string_view::npos) << syntax;

  absl::Status duplicate = db->Exec("INSERT INTO child VALUES (2, 1, 'a')");
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists) << duplicate;
  EXPECT_NE(duplicate.message().find("UNIQUE"), absl::string_view::npos) << duplicate;

  // Also proves foreign_keys=ON: SQLite ignores REFERENCES otherwise.
  absl::Status orphan = db->Exec("INSERT INTO child VALUES (3, 42, 'b')");
  EXPECT_EQ(orphan.code(), absl::StatusCode::kFailedPrecondition) << orphan;
  EXPECT_NE(orphan.message().find("FOREIGN KEY"), absl::string_view::npos) << orphan;

  absl::Status not_null = db->Exec("INSERT INTO child (id, name) VALUES (4, 'c')");
  EXPECT_EQ(not_null.code(), absl::StatusCode::kFailedPrecondition) << not_null;

  absl::StatusOr<Statement> statement = db->Prepare("SELECT ?1");
  ASSERT_TRUE(statement.ok());
  absl::Status out_of_range = statement->BindInt64(2, 1);
  EXPECT_EQ(out_of_range.code(), absl::StatusCode::kOutOfRange) << out_of_range;

  // A failed step leaves the statement re-runnable.
  absl::StatusOr<Statement> insert = db->Prepare("INSERT INTO child VALUES (?1, 1, 'a')");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->BindInt64(1, 5).ok());
  EXPECT_EQ(insert->Step().status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(insert->Step().status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(SqliteDbTest, LockHeldByAnotherConnectionIsUnavailable) {
  SqliteOptions impatient;
  impatient.busy_timeout = absl::Milliseconds(50);
  std::unique_ptr<SqliteDb> holder = OpenOrDie(FirstMigrations(2), impatient);
  std::unique_ptr<SqliteDb> waiter = OpenOrDie(FirstMigrations(2), impatient);
  ASSERT_NE(holder, nullptr);
  ASSERT_NE(waiter, nullptr);

  absl::StatusOr<Transaction> held = holder->BeginTransaction();
  ASSERT_TRUE(held.ok());
  const absl::Time start = absl::Now();
  absl::StatusOr<Transaction> blocked = waiter->BeginTransaction();
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kUnavailable) << blocked.status();
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(40));  // It did wait.

  // WAL: readers are not blocked by the writer.
  EXPECT_EQ(QueryInt(*waiter, "SELECT COUNT(*) FROM item"), 0);
  ASSERT_TRUE(held->Commit().ok());
  absl::StatusOr<Transaction> after = waiter->BeginTransaction();
  EXPECT_TRUE(after.ok()) << after.status();
}

TEST_F(SqliteDbTest, OpenInMissingDirectoryFails) {
  absl::StatusOr<std::unique_ptr<SqliteDb>> db =
      SqliteDb::Open(dir_.File("no/such/dir/x.db"), kThreeMigrations);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition) << db.status();
}

TEST_F(SqliteDbTest, OpenOfNonDatabaseFileIsDataLoss) {
  {
    FILE* file = fopen(path_.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    const std::string junk(4096, 'x');
    fwrite(junk.data(), 1, junk.size(), file);
    fclose(file);
  }
  absl::StatusOr<std::unique_ptr<SqliteDb>> db = SqliteDb::Open(path_, kThreeMigrations);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kDataLoss) << db.status();
}

TEST(SqliteCodeToStatusCodeTest, MapsToMostSpecificCanonicalCode) {
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_OK), absl::StatusCode::kOk);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_BUSY), absl::StatusCode::kUnavailable);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_BUSY_SNAPSHOT), absl::StatusCode::kUnavailable);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_LOCKED), absl::StatusCode::kUnavailable);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_CONSTRAINT_UNIQUE), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_CONSTRAINT_PRIMARYKEY), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_CONSTRAINT_FOREIGNKEY),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_CONSTRAINT_CHECK), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_FULL), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_CORRUPT), absl::StatusCode::kDataLoss);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_RANGE), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_ERROR), absl::StatusCode::kInternal);
  EXPECT_EQ(SqliteCodeToStatusCode(SQLITE_IOERR_FSYNC), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace scorecard
