#include "common/store/record_store.h"

#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard {
namespace {

constexpr char kReferral[] = "scorecard.safeguarding.v1.Referral";
constexpr char kAssessment[] = "scorecard.safeguarding.v1.Assessment";

RecordKey Key(const std::string& authority, const std::string& source_id,
              const std::string& kind = kReferral, const std::string& source_system = "mosaic") {
  return RecordKey{authority, kind, source_system, source_id};
}

RecordWrite Put(const RecordKey& key, const std::string& payload) {
  return RecordWrite{key, /*deleted=*/false, payload};
}

RecordWrite Tombstone(const RecordKey& key) { return RecordWrite{key, /*deleted=*/true, ""}; }

// A settable clock shared between a test and the store it opened.
class FakeClock {
 public:
  explicit FakeClock(absl::Time now) : now_(now) {}
  absl::Time Now() {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Set(absl::Time now) {
    absl::MutexLock lock(&mu_);
    now_ = now;
  }
  void Advance(absl::Duration by) {
    absl::MutexLock lock(&mu_);
    now_ += by;
  }

 private:
  absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

std::vector<std::string> Payloads(const std::vector<StoredRecord>& records) {
  std::vector<std::string> payloads;
  for (const StoredRecord& record : records) payloads.push_back(record.payload);
  return payloads;
}

std::vector<std::string> SourceIds(const std::vector<StoredRecord>& records) {
  std::vector<std::string> ids;
  for (const StoredRecord& record : records) ids.push_back(record.key.source_id);
  return ids;
}

// CPU time of the calling thread: unlike wall time, not inflated when other
// work shares the machine.
absl::Duration ThreadCpuTime() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return absl::DurationFromTimespec(now);
}

class RecordStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    Reopen();
    ASSERT_NE(store_, nullptr);
  }

  void Reopen() {
    store_.reset();  // One store object per file.
    RecordStoreOptions options;
    options.clock = [clock = clock_] { return clock->Now(); };
    if (mirror_max_bytes_.has_value()) options.current_mirror_max_bytes = *mirror_max_bytes_;
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
        VersionedRecordStore::Open(path_, std::move(options));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  AppendOutcome AppendOrDie(const std::vector<RecordWrite>& batch) {
    absl::StatusOr<AppendOutcome> outcome = store_->Append(batch);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? *outcome : AppendOutcome();
  }

  std::vector<StoredRecord> Current(const std::string& authority,
                                    const std::string& kind = kReferral,
                                    std::optional<absl::Time> as_at = std::nullopt) {
    absl::StatusOr<std::vector<StoredRecord>> records = store_->ReadCurrent(authority, kind, as_at);
    EXPECT_TRUE(records.ok()) << records.status();
    return records.ok() ? *std::move(records) : std::vector<StoredRecord>();
  }

  std::vector<StoredRecord> HistoryOf(const RecordKey& key) {
    absl::StatusOr<std::vector<StoredRecord>> versions = store_->History(key);
    EXPECT_TRUE(versions.ok()) << versions.status();
    return versions.ok() ? *std::move(versions) : std::vector<StoredRecord>();
  }

  ScopedTempDir dir_;
  std::string path_ = dir_.File("records.db");
  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>(
      absl::FromCivil(absl::CivilSecond(2017, 4, 10, 9, 0, 0), absl::UTCTimeZone()));
  // Unset: the store's default.
  std::optional<size_t> mirror_max_bytes_;
  std::unique_ptr<VersionedRecordStore> store_;
};

TEST_F(RecordStoreTest, AppendThenReadCurrent) {
  const AppendOutcome outcome =
      AppendOrDie({Put(Key("869", "R-2"), "two"), Put(Key("869", "R-1"), "one")});
  EXPECT_EQ(outcome.new_versions, 2);
  EXPECT_EQ(outcome.unchanged, 0);
  EXPECT_EQ(outcome.recorded_at, clock_->Now());
  EXPECT_EQ(outcome.data_version, store_->DataVersion("869"));
  EXPECT_GT(outcome.data_version, 0);

  const std::vector<StoredRecord> records = Current("869");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].key, Key("869", "R-1"));
  EXPECT_EQ(records[0].payload, "one");
  EXPECT_EQ(records[0].version, 1);
  EXPECT_EQ(records[0].recorded_at, outcome.recorded_at);
  EXPECT_FALSE(records[0].deleted);
  EXPECT_EQ(records[1].key, Key("869", "R-2"));
  EXPECT_EQ(records[1].payload, "two");
}

TEST_F(RecordStoreTest, ResendOfSamePayloadIsUnchanged) {
  const RecordKey key = Key("869", "R-1");
  const AppendOutcome first = AppendOrDie({Put(key, "payload")});
  clock_->Advance(absl::Seconds(1));
  const AppendOutcome again = AppendOrDie({Put(key, "payload")});
  EXPECT_EQ(again.new_versions, 0);
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(again.recorded_at, absl::InfinitePast());
  EXPECT_EQ(again.data_version, first.data_version);
  EXPECT_EQ(store_->DataVersion("869"), first.data_version);

  const std::vector<StoredRecord> history = HistoryOf(key);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].version, 1);
  EXPECT_EQ(history[0].recorded_at, first.recorded_at);
}

TEST_F(RecordStoreTest, CorrectionAddsVersionTwo) {
  const RecordKey key = Key("869", "R-1");
  const AppendOutcome first = AppendOrDie({Put(key, "original")});
  clock_->Advance(absl::Seconds(1));
  const AppendOutcome second = AppendOrDie({Put(key, "corrected")});
  EXPECT_EQ(second.new_versions, 1);
  EXPECT_GT(second.data_version, first.data_version);
  EXPECT_GT(second.recorded_at, first.recorded_at);

  const std::vector<StoredRecord> records = Current("869");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].version, 2);
  EXPECT_EQ(records[0].payload, "corrected");

  const std::vector<StoredRecord> history = HistoryOf(key);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].version, 1);
  EXPECT_EQ(history[0].payload, "original");
  EXPECT_EQ(history[0].recorded_at, first.recorded_at);
  EXPECT_EQ(history[1].version, 2);
  EXPECT_EQ(history[1].payload, "corrected");
  EXPECT_EQ(history[1].recorded_at, second.recorded_at);
}

TEST_F(RecordStoreTest, TombstoneHidesRecordButNotFromEarlierAsAt) {
  const RecordKey key = Key("869", "R-1");
  const AppendOutcome created = AppendOrDie({Put(key, "referral"), Put(Key("869", "R-2"), "x")});
  clock_->Advance(absl::Minutes(5));
  const AppendOutcome deleted = AppendOrDie({Tombstone(key)});
  EXPECT_EQ(deleted.new_versions, 1);

  EXPECT_EQ(SourceIds(Current("869")), std::vector<std::string>{"R-2"});
  EXPECT_EQ(SourceIds(Current("869", kReferral, deleted.recorded_at)),
            std::vector<std::string>{"R-2"});
  const std::vector<StoredRecord> before = Current("869", kReferral, created.recorded_at);
  EXPECT_EQ(SourceIds(before), (std::vector<std::string>{"R-1", "R-2"}));
  EXPECT_EQ(Payloads(before)[0], "referral");

  // The tombstone is part of the audit trail.
  const std::vector<StoredRecord> history = HistoryOf(key);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_FALSE(history[0].deleted);
  EXPECT_TRUE(history[1].deleted);

  // Re-sending the deletion is idempotent; re-creating the record revives it.
  EXPECT_EQ(AppendOrDie({Tombstone(key)}).unchanged, 1);
  AppendOrDie({Put(key, "revived")});
  const std::vector<StoredRecord> now = Current("869");
  ASSERT_EQ(now.size(), 2u);
  EXPECT_EQ(now[0].payload, "revived");
  EXPECT_EQ(now[0].version, 3);
}

TEST_F(RecordStoreTest, TombstoneForUnknownKeyIsRecorded) {
  const RecordKey key = Key("869", "never-seen");
  const AppendOutcome outcome = AppendOrDie({Tombstone(key)});
  EXPECT_EQ(outcome.new_versions, 1);
  EXPECT_EQ(outcome.unchanged, 0);
  EXPECT_EQ(store_->DataVersion("869"), outcome.data_version);
  EXPECT_TRUE(Current("869").empty());
  const std::vector<StoredRecord> history = HistoryOf(key);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_TRUE(history[0].deleted);
  EXPECT_EQ(history[0].version, 1);

  // A later (out-of-order) original is not shadowed: it becomes version 2.
  AppendOrDie({Put(key, "late original")});
  const std::vector<StoredRecord> records = Current("869");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].version, 2);
  EXPECT_EQ(records[0].payload, "late original");
}

TEST_F(RecordStoreTest, AsAtBetweenAppendsReturnsEarlierState) {
  const RecordKey key = Key("869", "R-1");
  // The clock does not move: recorded instants must still separate appends.
  const AppendOutcome first = AppendOrDie({Put(key, "v1")});
  const AppendOutcome second = AppendOrDie({Put(key, "v2"), Put(Key("869", "R-2"), "new")});
  EXPECT_EQ(second.recorded_at, first.recorded_at + absl::Microseconds(1));

  EXPECT_TRUE(Current("869", kReferral, first.recorded_at - absl::Microseconds(1)).empty());
  const std::vector<StoredRecord> at_first = Current("869", kReferral, first.recorded_at);
  ASSERT_EQ(at_first.size(), 1u);
  EXPECT_EQ(at_first[0].payload, "v1");
  EXPECT_EQ(at_first[0].version, 1);
  // Sub-microsecond as_at still means "at or before": the second append is excluded.
  EXPECT_EQ(Payloads(Current("869", kReferral, first.recorded_at + absl::Nanoseconds(999))),
            std::vector<std::string>{"v1"});
  EXPECT_EQ(Payloads(Current("869", kReferral, second.recorded_at)),
            (std::vector<std::string>{"v2", "new"}));
  EXPECT_EQ(Payloads(Current("869", kReferral, absl::InfiniteFuture())),
            (std::vector<std::string>{"v2", "new"}));
}

TEST_F(RecordStoreTest, RecordedInstantsIncreaseEvenWhenClockStepsBackAcrossReopen) {
  const AppendOutcome first = AppendOrDie({Put(Key("869", "R-1"), "a")});
  EXPECT_EQ(first.recorded_at, clock_->Now());
  clock_->Advance(-absl::Hours(1));
  Reopen();
  const AppendOutcome second = AppendOrDie({Put(Key("869", "R-1"), "b")});
  EXPECT_EQ(second.recorded_at, first.recorded_at + absl::Microseconds(1));
  clock_->Advance(absl::Hours(2));
  const AppendOutcome third = AppendOrDie({Put(Key("869", "R-1"), "c")});
  EXPECT_EQ(third.recorded_at, clock_->Now());
}

TEST_F(RecordStoreTest, BatchSharesOneInstantAndAppliesInOrder) {
  const RecordKey key = Key("869", "R-1");
  const AppendOutcome outcome = AppendOrDie(
      {Put(key, "first"), Put(Key("869", "R-2"), "other"), Put(key, "second"), Put(key, "second")});
  EXPECT_EQ(outcome.new_versions, 3);
  EXPECT_EQ(outcome.unchanged, 1);  // The repeat of "second" within the batch.
  const std::vector<StoredRecord> history = HistoryOf(key);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].payload, "first");
  EXPECT_EQ(history[1].payload, "second");
  EXPECT_EQ(history[0].recorded_at, outcome.recorded_at);
  EXPECT_EQ(history[1].recorded_at, outcome.recorded_at);
  const std::vector<StoredRecord> records = Current("869", kReferral, outcome.recorded_at);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].payload, "second");
  EXPECT_EQ(records[0].version, 2);
}

TEST_F(RecordStoreTest, ReadCurrentOrdersBySourceSystemThenIdAndSeparatesKinds) {
  AppendOrDie({
      Put(Key("869", "B", kReferral, "mosaic"), "mosaic B"),
      Put(Key("869", "A", kReferral, "mosaic"), "mosaic A"),
      Put(Key("869", "Z", kReferral, "liquidlogic"), "liquidlogic Z"),
      Put(Key("869", "A", kAssessment, "mosaic"), "assessment A"),
  });
  EXPECT_EQ(Payloads(Current("869", kReferral)),
            (std::vector<std::string>{"liquidlogic Z", "mosaic A", "mosaic B"}));
  EXPECT_EQ(Payloads(Current("869", kAssessment)), std::vector<std::string>{"assessment A"});
  EXPECT_TRUE(Current("869", "scorecard.other.v1.Nothing").empty());
}

TEST_F(RecordStoreTest, AuthoritiesAreIsolated) {
  const AppendOutcome a = AppendOrDie({Put(Key("869", "R-1"), "Windsor and Maidenhead")});
  EXPECT_EQ(store_->DataVersion("870"), 0);
  const AppendOutcome b = AppendOrDie({Put(Key("870", "R-1"), "Reading")});

  EXPECT_EQ(Payloads(Current("869")), std::vector<std::string>{"Windsor and Maidenhead"});
  EXPECT_EQ(Payloads(Current("870")), std::vector<std::string>{"Reading"});
  EXPECT_TRUE(Current("86").empty());  // No prefix matching.
  EXPECT_EQ(store_->DataVersion("869"), a.data_version);
  EXPECT_EQ(store_->DataVersion("870"), b.data_version);

  // B's activity never moves A's data version, and vice versa.
  AppendOrDie({Put(Key("870", "R-1"), "Reading corrected"), Put(Key("870", "R-2"), "x")});
  EXPECT_EQ(store_->DataVersion("869"), a.data_version);
  EXPECT_GT(store_->DataVersion("870"), b.data_version);

  // The same source id under two authorities is two separate records.
  EXPECT_EQ(HistoryOf(Key("869", "R-1")).size(), 1u);
  EXPECT_EQ(HistoryOf(Key("870", "R-1")).size(), 2u);
}

TEST_F(RecordStoreTest, MixedAuthorityBatchUpdatesEachDataVersion) {
  const AppendOutcome outcome =
      AppendOrDie({Put(Key("869", "R-1"), "a"), Put(Key("870", "R-1"), "b")});
  EXPECT_GT(store_->DataVersion("869"), 0);
  EXPECT_GT(store_->DataVersion("870"), 0);
  EXPECT_NE(store_->DataVersion("869"), store_->DataVersion("870"));
  EXPECT_EQ(outcome.data_version, std::max(store_->DataVersion("869"), store_->DataVersion("870")));
}

TEST_F(RecordStoreTest, DataVersionSurvivesReopenAndKeepsIncreasing) {
  EXPECT_EQ(store_->DataVersion("869"), 0);
  AppendOrDie({Put(Key("869", "R-1"), "a")});
  AppendOrDie({Put(Key("870", "R-1"), "b")});
  const int64_t version_869 = store_->DataVersion("869");
  const int64_t version_870 = store_->DataVersion("870");
  ASSERT_GT(version_869, 0);

  Reopen();
  EXPECT_EQ(store_->DataVersion("869"), version_869);
  EXPECT_EQ(store_->DataVersion("870"), version_870);
  AppendOrDie({Put(Key("869", "R-1"), "changed")});
  EXPECT_GT(store_->DataVersion("869"), std::max(version_869, version_870));
  EXPECT_EQ(Payloads(Current("869")), std::vector<std::string>{"changed"});
}

TEST_F(RecordStoreTest, InvalidKeyRejectsWholeBatchBeforeWriting) {
  const RecordKey good = Key("869", "R-1");
  RecordKey no_authority = Key("", "R-2");
  RecordKey no_kind = Key("869", "R-2", "");
  RecordKey no_system = Key("869", "R-2", kReferral, "");
  RecordKey no_id = Key("869", "");
  for (const RecordKey& bad : {no_authority, no_kind, no_system, no_id}) {
    absl::StatusOr<AppendOutcome> outcome = store_->Append({Put(good, "ok"), Put(bad, "bad")});
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.status().code(), absl::StatusCode::kInvalidArgument) << outcome.status();
  }
  EXPECT_TRUE(Current("869").empty());
  EXPECT_TRUE(HistoryOf(good).empty());
  EXPECT_EQ(store_->DataVersion("869"), 0);
  EXPECT_EQ(store_->DataVersion(""), 0);

  EXPECT_EQ(store_->ReadCurrent("", kReferral).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ReadCurrent("869", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->History(no_id).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RecordStoreTest, FailurePartwayThroughBatchWritesNothing) {
  const AppendOutcome before = AppendOrDie({Put(Key("869", "R-1"), "original")});
  store_.reset();
  // Make the database itself reject one write in the middle of a batch.
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    const int rc = sqlite3_exec(raw,
                                "CREATE TRIGGER poison BEFORE INSERT ON record_versions"
                                " WHEN NEW.source_id = 'poison'"
                                " BEGIN SELECT RAISE(ABORT, 'poisoned write'); END;",
                                nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    ASSERT_EQ(rc, SQLITE_OK);
  }
  Reopen();
  ASSERT_NE(store_, nullptr);
  clock_->Advance(absl::Seconds(1));

  absl::StatusOr<AppendOutcome> failed = store_->Append({
      Put(Key("869", "R-1"), "corrected"),
      Put(Key("869", "R-2"), "new"),
      Put(Key("869", "poison"), "boom"),
      Put(Key("870", "R-9"), "never reached"),
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kFailedPrecondition) << failed.status();
  EXPECT_NE(failed.status().message().find("poisoned write"), absl::string_view::npos);

  const std::vector<StoredRecord> records = Current("869");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].payload, "original");
  EXPECT_EQ(HistoryOf(Key("869", "R-1")).size(), 1u);
  EXPECT_EQ(store_->DataVersion("869"), before.data_version);
  EXPECT_EQ(store_->DataVersion("870"), 0);

  // The sequence and clock rolled back too: the next append continues from
  // where the last successful one left off.
  const AppendOutcome next = AppendOrDie({Put(Key("869", "R-2"), "new")});
  EXPECT_EQ(next.data_version, before.data_version + 1);
}

TEST_F(RecordStoreTest, EmptyBatchIsANoOp) {
  const AppendOutcome outcome = AppendOrDie({});
  EXPECT_EQ(outcome.new_versions, 0);
  EXPECT_EQ(outcome.unchanged, 0);
  EXPECT_EQ(outcome.data_version, 0);
}

TEST_F(RecordStoreTest, PayloadBytesRoundTripExactly) {
  std::string binary;
  for (int c = 0; c < 256; ++c) binary.push_back(static_cast<char>(c));
  AppendOrDie({Put(Key("869", "bin"), binary), Put(Key("869", "empty"), "")});
  const std::vector<StoredRecord> records = Current("869");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].payload, binary);
  EXPECT_EQ(records[1].payload, "");
  // An empty payload re-sent is unchanged (stored as empty, not NULL).
  EXPECT_EQ(AppendOrDie({Put(Key("869", "empty"), "")}).unchanged, 1);
  // Flipping only the deleted flag is a change.
  EXPECT_EQ(AppendOrDie({Tombstone(Key("869", "empty"))}).new_versions, 1);
}

TEST_F(RecordStoreTest, DatabaseRefusesEditsToHistory) {
  AppendOrDie({Put(Key("869", "R-1"), "original")});
  store_.reset();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  const int update =
      sqlite3_exec(raw, "UPDATE record_versions SET payload = x'00'", nullptr, nullptr, nullptr);
  const int remove = sqlite3_exec(raw, "DELETE FROM record_versions", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  EXPECT_NE(update, SQLITE_OK);
  EXPECT_NE(remove, SQLITE_OK);
  Reopen();
  EXPECT_EQ(Payloads(Current("869")), std::vector<std::string>{"original"});
}

TEST_F(RecordStoreTest, ConcurrentAppendsAndReads) {
  constexpr int kWriters = 4;
  constexpr int kBatchesPerWriter = 25;
  constexpr int kRecordsPerBatch = 10;
  std::atomic<bool> writers_done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      const std::string authority = absl::StrCat("80", w);
      for (int b = 0; b < kBatchesPerWriter; ++b) {
        std::vector<RecordWrite> batch;
        for (int r = 0; r < kRecordsPerBatch; ++r) {
          batch.push_back(Put(Key(authority, absl::StrCat("R-", b, "-", r)), "p"));
        }
        if (!store_->Append(batch).ok()) ++failures;
      }
    });
  }
  threads.emplace_back([&] {
    int64_t last_seen = 0;
    // Bounded: stops when the writers finish or after many iterations.
    for (int i = 0; i < 100000 && !writers_done.load(); ++i) {
      absl::StatusOr<std::vector<StoredRecord>> records = store_->ReadCurrent("800", kReferral);
      if (!records.ok()) ++failures;
      const int64_t version = store_->DataVersion("800");
      if (version < last_seen) ++failures;  // Must never go backwards.
      last_seen = version;
    }
  });
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  writers_done = true;
  threads.back().join();

  EXPECT_EQ(failures.load(), 0);
  for (int w = 0; w < kWriters; ++w) {
    EXPECT_EQ(Current(absl::StrCat("80", w)).size(),
              static_cast<size_t>(kBatchesPerWriter * kRecordsPerBatch));
  }
  // Sequences are store-wide, so the four authorities' latest differ.
  EXPECT_EQ(std::max({store_->DataVersion("800"), store_->DataVersion("801"),
                      store_->DataVersion("802"), store_->DataVersion("803")}),
            kWriters * kBatchesPerWriter * kRecordsPerBatch);
}

// 20,000 referrals of ~100 bytes, interleaved with another authority and
// another kind, with 10% corrected. Timing is printed, not asserted.
TEST_F(RecordStoreTest, ReadCurrentAtScale) {
  constexpr int kRecords = 20000;
  auto payload = [](int i, int version) {
    return absl::StrFormat("%-100s", absl::StrCat("referral ", i, " v", version));
  };
  std::vector<RecordWrite> batch;
  batch.reserve(3 * kRecords);
  for (int i = 0; i < kRecords; ++i) {
    const std::string id = absl::StrFormat("R-%06d", i);
    batch.push_back(Put(Key("869", id), payload(i, 1)));
    batch.push_back(Put(Key("870", id), payload(i, 1)));
    batch.push_back(Put(Key("869", id, kAssessment), payload(i, 1)));
  }
  absl::Time start = absl::Now();
  const AppendOutcome loaded = AppendOrDie(batch);
  const absl::Duration append_time = absl::Now() - start;
  ASSERT_EQ(loaded.new_versions, 3 * kRecords);

  std::vector<RecordWrite> corrections;
  for (int i = 0; i < kRecords; i += 10) {
    corrections.push_back(Put(Key("869", absl::StrFormat("R-%06d", i)), payload(i, 2)));
  }
  ASSERT_EQ(AppendOrDie(corrections).new_versions, kRecords / 10);

  absl::Duration best = absl::InfiniteDuration();
  absl::Duration best_cpu = absl::InfiniteDuration();
  absl::Duration first_read;
  std::vector<StoredRecord> records;
  for (int run = 0; run < 5; ++run) {
    start = absl::Now();
    const absl::Duration cpu_start = ThreadCpuTime();
    absl::StatusOr<std::vector<StoredRecord>> read = store_->ReadCurrent("869", kReferral);
    const absl::Duration elapsed = absl::Now() - start;
    best_cpu = std::min(best_cpu, ThreadCpuTime() - cpu_start);
    ASSERT_TRUE(read.ok()) << read.status();
    records = *std::move(read);
    if (run == 0) first_read = elapsed;
    best = std::min(best, elapsed);
  }
  ASSERT_EQ(records.size(), static_cast<size_t>(kRecords));
  for (int i = 0; i < kRecords; ++i) {
    ASSERT_EQ(records[i].key.source_id, absl::StrFormat("R-%06d", i));
    ASSERT_EQ(records[i].payload, payload(i, i % 10 == 0 ? 2 : 1));
    ASSERT_EQ(records[i].version, i % 10 == 0 ? 2 : 1);
  }

  start = absl::Now();
  const std::vector<StoredRecord> as_loaded = Current("869", kReferral, loaded.recorded_at);
  const absl::Duration as_at_time = absl::Now() - start;
  ASSERT_EQ(as_loaded.size(), static_cast<size_t>(kRecords));
  EXPECT_EQ(as_loaded[0].payload, payload(0, 1));

  std::cout << "[ timing ] Append of " << 3 * kRecords << " records in one batch: " << append_time
            << "\n"
            << "[ timing ] ReadCurrent of " << kRecords << " records (~100 B): first " << first_read
            << ", best of 5 " << best << " (CPU " << best_cpu << "), as_at " << as_at_time
            << std::endl;
}

// An acknowledged append must survive the process being SIGKILLed at once:
// the child appends, reports "acked" only after Append returned OK, and is
// killed by the parent as soon as the ack arrives.
TEST(RecordStoreDurabilityTest, AcknowledgedAppendSurvivesSigkill) {
  ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.File("durable.db");
  constexpr int kRecords = 500;

  int ack_pipe[2];
  ASSERT_EQ(pipe(ack_pipe), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Child: never return into the test framework; exit codes flag failures.
    close(ack_pipe[0]);
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store = VersionedRecordStore::Open(path);
    if (!store.ok()) _exit(2);
    std::vector<RecordWrite> batch;
    for (int i = 0; i < kRecords; ++i) {
      batch.push_back(Put(Key("869", absl::StrCat("R-", i)), absl::StrCat("payload ", i)));
    }
    absl::StatusOr<AppendOutcome> outcome = (*store)->Append(batch);
    if (!outcome.ok() || outcome->new_versions != kRecords) _exit(3);
    if (write(ack_pipe[1], "acked", 5) != 5) _exit(4);
    // Keep the store open, as a live server would, until killed. Bounded in
    // case the parent died.
    for (int i = 0; i < 600; ++i) usleep(100 * 1000);
    _exit(5);
  }

  close(ack_pipe[1]);
  pollfd ready{ack_pipe[0], POLLIN, 0};
  const int polled = poll(&ready, 1, /*timeout_ms=*/30000);
  char ack[8] = {};
  const ssize_t got = polled > 0 ? read(ack_pipe[0], ack, sizeof(ack) - 1) : -1;
  kill(child, SIGKILL);  // Immediately, whatever happened.
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  close(ack_pipe[0]);

  ASSERT_EQ(got, 5) << "child exited with status " << wait_status << " before acking";
  ASSERT_EQ(std::string(ack), "acked");
  ASSERT_TRUE(WIFSIGNALED(wait_status));
  EXPECT_EQ(WTERMSIG(wait_status), SIGKILL);

  absl::StatusOr<std::unique_ptr<VersionedRecordStore>> reopened = VersionedRecordStore::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  absl::StatusOr<std::vector<StoredRecord>> records = (*reopened)->ReadCurrent("869", kReferral);
  ASSERT_TRUE(records.ok()) << records.status();
  EXPECT_EQ(records->size(), static_cast<size_t>(kRecords));
  EXPECT_EQ((*reopened)->DataVersion("869"), kRecords);
}

// ---------------------------------------------------------------- ForEachCurrent and the
// in-memory mirror of current records.

struct Visited {
  std::string source_id;
  int64_t version = 0;
  std::string payload;
  friend bool operator==(const Visited& a, const Visited& b) {
    return a.source_id == b.source_id && a.version == b.version && a.payload == b.payload;
  }
  friend std::ostream& operator<<(std::ostream& out, const Visited& v) {
    return out << v.source_id << " v" << v.version << " '" << v.payload << "'";
  }
};

std::vector<Visited> VisitAll(const VersionedRecordStore& store, const std::string& authority,
                              const std::string& kind, std::optional<absl::Time> as_at) {
  std::vector<Visited> visited;
  const absl::Status status =
      store.ForEachCurrent(authority, kind, as_at, [&](const CurrentRecordView& record) {
        visited.push_back(
            {std::string(record.source_id), record.version, std::string(record.payload)});
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << status;
  return visited;
}

// Compares a current read (served by the mirror once filled) with the same read as at the
// infinite future, which always scans SQLite.
void ExpectCurrentMatchesSqlite(const VersionedRecordStore& store, const std::string& authority,
                                const std::string& kind) {
  EXPECT_EQ(VisitAll(store, authority, kind, std::nullopt),
            VisitAll(store, authority, kind, absl::InfiniteFuture()))
      << authority << " " << kind;
}

class ForEachCurrentTest : public RecordStoreTest, public ::testing::WithParamInterface<size_t> {
 protected:
  void SetUp() override {
    mirror_max_bytes_ = GetParam();
    RecordStoreTest::SetUp();
  }
};

// Keys: A corrected (v2 wins), B deleted, C plain, D only ever a tombstone, E deleted and
// then revived (v3). Newest key first: E v3, C v1, A v2.
TEST_P(ForEachCurrentTest, VisitsEachLiveKeysLatestVersionNewestKeyFirst) {
  for (int read = 0; read < 2; ++read) {  // The second read fills the mirror.
    EXPECT_TRUE(VisitAll(*store_, "869", kReferral, std::nullopt).empty());
  }
  const AppendOutcome first = AppendOrDie({Put(Key("869", "A"), "a1"), Put(Key("869", "B"), "b1"),
                                           Put(Key("869", "C"), "c1"), Put(Key("869", "E"), "e1")});
  clock_->Advance(absl::Seconds(1));
  AppendOrDie({Put(Key("869", "A"), "a2"), Tombstone(Key("869", "B")),
               Tombstone(Key("869", "D")), Tombstone(Key("869", "E"))});
  clock_->Advance(absl::Seconds(1));
  AppendOrDie({Put(Key("869", "E"), "e3")});

  const std::vector<Visited> expected = {{"E", 3, "e3"}, {"C", 1, "c1"}, {"A", 2, "a2"}};
  EXPECT_EQ(VisitAll(*store_, "869", kReferral, std::nullopt), expected);
  EXPECT_EQ(VisitAll(*store_, "869", kReferral, absl::InfiniteFuture()), expected);
  const std::vector<Visited> as_first = {
      {"E", 1, "e1"}, {"C", 1, "c1"}, {"B", 1, "b1"}, {"A", 1, "a1"}};
  EXPECT_EQ(VisitAll(*store_, "869", kReferral, first.recorded_at), as_first);
  // ReadCurrent gives the same records in ascending order.
  EXPECT_EQ(SourceIds(Current("869")), (std::vector<std::string>{"A", "C", "E"}));
}

TEST_P(ForEachCurrentTest, StopsAtTheVisitorsErrorAndReturnsIt) {
  AppendOrDie({Put(Key("869", "A"), "a"), Put(Key("869", "B"), "b"), Put(Key("869", "C"), "c")});
  // The first read scans SQLite, the second fills the mirror, the third is the mirror's.
  for (int read = 0; read < 3; ++read) {
    int visits = 0;
    const absl::Status status =
        store_->ForEachCurrent("869", kReferral, std::nullopt, [&](const CurrentRecordView&) {
          ++visits;
          return absl::DataLossError("stop here");
        });
    EXPECT_EQ(status, absl::DataLossError("stop here"));
    EXPECT_EQ(visits, 1);
  }
}

TEST_P(ForEachCurrentTest, EmptyAuthorityOrKindIsInvalid) {
  const auto ignore = [](const CurrentRecordView&) { return absl::OkStatus(); };
  EXPECT_EQ(store_->ForEachCurrent("", kReferral, std::nullopt, ignore).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ForEachCurrent("869", "", std::nullopt, ignore).code(),
            absl::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(MirrorOnAndOff, ForEachCurrentTest,
                         ::testing::Values(size_t{0}, size_t{1} << 20),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                           return info.param == 0 ? std::string("NoMirror")
                                                  : std::string("Mirror");
                         });

TEST_F(RecordStoreTest, MirrorFollowsAppendsDeletionsAndRevivals) {
  AppendOrDie({Put(Key("869", "R-2"), "two"), Put(Key("869", "R-4"), "four")});
  ExpectCurrentMatchesSqlite(*store_, "869", kReferral);
  ExpectCurrentMatchesSqlite(*store_, "869", kReferral);  // The second read fills the mirror.

  // Keys before, between and after the mirrored ones, and a correction.
  AppendOrDie({Put(Key("869", "R-1"), "one"), Put(Key("869", "R-3"), "three"),
               Put(Key("869", "R-5"), "five"), Put(Key("869", "R-2"), "two v2")});
  EXPECT_EQ(Payloads(Current("869")),
            (std::vector<std::string>{"one", "two v2", "three", "four", "five"}));
  ExpectCurrentMatchesSqlite(*store_, "869", kReferral);

  AppendOrDie({Tombstone(Key("869", "R-4")), Tombstone(Key("869", "R-3"))});
  EXPECT_EQ(SourceIds(Current("869")), (std::vector<std::string>{"R-1", "R-2", "R-5"}));
  ExpectCurrentMatchesSqlite(*store_, "869", kReferral);

  AppendOrDie({Put(Key("869", "R-4"), "four again")});
  const std::vector<StoredRecord> revived = Current("869");
  ASSERT_EQ(revived.size(), 4u);
  EXPECT_EQ(revived[2].key.source_id, "R-4");
  EXPECT_EQ(revived[2].version, 3);  // Original, tombstone, revival.
  EXPECT_EQ(revived[2].payload, "four again");
  ExpectCurrentMatchesSqlite(*store_, "869", kReferral);
}

TEST_F(RecordStoreTest, MirrorKeepsKindsAndAuthoritiesApart) {
  AppendOrDie({Put(Key("869", "R-1"), "referral"), Put(Key("869", "R-1", kAssessment), "a1")});
  for (int read = 0; read < 2; ++read) {  // The second read mirrors 869's referrals.
    EXPECT_EQ(Payloads(Current("869", kReferral)), (std::vector<std::string>{"referral"}));
  }
  // Assessments not yet mirrored, another authority's referral, then both kinds change.
  AppendOrDie({Put(Key("869", "R-2", kAssessment), "a2"), Put(Key("870", "R-1"), "870's"),
               Tombstone(Key("869", "R-1")), Put(Key("869", "R-1", kAssessment), "a1 v2")});
  EXPECT_TRUE(Current("869", kReferral).empty());
  for (int read = 0; read < 2; ++read) {  // Mirrors 869's assessments and 870's referrals.
    EXPECT_EQ(Payloads(Current("869", kAssessment)), (std::vector<std::string>{"a1 v2", "a2"}));
    EXPECT_EQ(Payloads(Current("870", kReferral)), (std::vector<std::string>{"870's"}));
  }
  AppendOrDie({Put(Key("869", "R-3", kAssessment), "a3")});
  EXPECT_EQ(Payloads(Current("869", kAssessment)),
            (std::vector<std::string>{"a1 v2", "a2", "a3"}));
  for (const char* kind : {kReferral, kAssessment}) {
    ExpectCurrentMatchesSqlite(*store_, "869", kind);
    ExpectCurrentMatchesSqlite(*store_, "870", kind);
  }
}

// Inserts a version through a second connection, behind the store's back (which the store
// documents as unsupported): a mirrored read cannot see it, a read from SQLite can. This is
// how the tests tell where a read was served from.
void InsertBehindTheStoresBack(const std::string& path, const RecordKey& key,
                               const std::string& payload) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* insert = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "INSERT INTO record_versions (authority, kind, source_system,"
                               " source_id, version, sequence, recorded_at_us, deleted, payload)"
                               " VALUES (?1, ?2, ?3, ?4, 1, 999999, 1, 0, ?5)",
                               -1, &insert, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(insert, 1, key.authority.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(insert, 2, key.kind.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(insert, 3, key.source_system.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(insert, 4, key.source_id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(insert, 5, payload.data(), static_cast<int>(payload.size()), SQLITE_TRANSIENT);
  EXPECT_EQ(sqlite3_step(insert), SQLITE_DONE);
  sqlite3_finalize(insert);
  sqlite3_close(db);
}

TEST_F(RecordStoreTest, MirrorServesRepeatReadsAndEvictsTheLeastRecentlyRead) {
  // Each authority below holds 100 records of 1 KiB: about 100 KiB mirrored. Room for two.
  mirror_max_bytes_ = 250 * 1024;
  Reopen();
  const std::string kilobyte(1024, 'x');
  for (const char* authority : {"869", "870", "871"}) {
    std::vector<RecordWrite> batch;
    for (int i = 0; i < 100; ++i) {
      batch.push_back(Put(Key(authority, absl::StrFormat("R-%03d", i)), kilobyte));
    }
    AppendOrDie(batch);
  }
  for (int read = 0; read < 2; ++read) {  // The second read of each fills the mirror.
    EXPECT_EQ(Current("869").size(), 100u);
    EXPECT_EQ(Current("870").size(), 100u);
  }
  InsertBehindTheStoresBack(path_, Key("869", "R-999"), "hidden");
  InsertBehindTheStoresBack(path_, Key("870", "R-999"), "hidden");
  EXPECT_EQ(Current("869").size(), 100u);  // Mirrored: the hidden row is not seen...
  EXPECT_EQ(Current("869", kReferral, absl::InfiniteFuture()).size(), 101u);  // ...in SQLite.

  // 869 was read last, so mirroring 871 evicts 870, which is then read from SQLite again.
  EXPECT_EQ(Current("871").size(), 100u);
  EXPECT_EQ(Current("871").size(), 100u);
  EXPECT_EQ(Current("869").size(), 100u);
  EXPECT_EQ(Current("870").size(), 101u);
}

// An authority read once (every council's first card after a restart) is not copied: only
// a second read of the kind, while the authority is remembered, fills the mirror.
TEST_F(RecordStoreTest, MirrorCopiesAKindOnItsSecondReadNotItsFirst) {
  AppendOrDie({Put(Key("869", "R-1"), "one"), Put(Key("869", "R-1", kAssessment), "a1")});
  EXPECT_EQ(Current("869").size(), 1u);
  InsertBehindTheStoresBack(path_, Key("869", "R-2"), "hidden");
  EXPECT_EQ(Current("869").size(), 2u);  // The first read did not mirror: SQLite again...
  InsertBehindTheStoresBack(path_, Key("869", "R-3"), "hidden");
  EXPECT_EQ(Current("869").size(), 2u);  // ...but the second did.
  // Another kind of the same authority is admitted on its own second read.
  EXPECT_EQ(Current("869", kAssessment).size(), 1u);
  InsertBehindTheStoresBack(path_, Key("869", "R-2", kAssessment), "hidden");
  EXPECT_EQ(Current("869", kAssessment).size(), 2u);
  InsertBehindTheStoresBack(path_, Key("869", "R-3", kAssessment), "hidden");
  EXPECT_EQ(Current("869", kAssessment).size(), 2u);
}

TEST_F(RecordStoreTest, AuthorityLargerThanTheMirrorIsReadFromSqliteEachTime) {
  mirror_max_bytes_ = 10 * 1024;
  Reopen();
  std::vector<RecordWrite> batch;
  for (int i = 0; i < 100; ++i) {
    batch.push_back(Put(Key("869", absl::StrFormat("R-%03d", i)), std::string(1024, 'x')));
  }
  AppendOrDie(batch);
  EXPECT_EQ(Current("869").size(), 100u);
  EXPECT_EQ(Current("869").size(), 100u);  // Would have filled the mirror, had it fitted.
  InsertBehindTheStoresBack(path_, Key("869", "R-999"), "seen");
  EXPECT_EQ(Current("869").size(), 101u);
}

// Enough changes to fold the overlay into the base several times, checked against SQLite
// after every batch: random puts, corrections, tombstones and revivals over 300 keys.
TEST_F(RecordStoreTest, MirrorMatchesSqliteThroughManyRandomChanges) {
  std::vector<RecordWrite> initial;
  for (int i = 0; i < 300; i += 3) initial.push_back(Put(Key("869", absl::StrCat("K", i)), "v0"));
  AppendOrDie(initial);
  ExpectCurrentMatchesSqlite(*store_, "869", kReferral);
  uint32_t state = 12345;
  const auto next = [&state](uint32_t below) {
    state = state * 1103515245u + 12345u;  // Fixed seed: the same sequence every run.
    return (state >> 8) % below;
  };
  for (int round = 0; round < 40; ++round) {
    std::vector<RecordWrite> batch;
    const int writes = 1 + static_cast<int>(next(20));
    for (int w = 0; w < writes; ++w) {
      const RecordKey key = Key("869", absl::StrCat("K", next(300)));
      if (next(4) == 0) {
        batch.push_back(Tombstone(key));
      } else {
        batch.push_back(Put(key, absl::StrCat("r", round, "w", w)));
      }
    }
    AppendOrDie(batch);
    ExpectCurrentMatchesSqlite(*store_, "869", kReferral);
    if (HasFailure()) return;
  }
}

// Readers must see every committed batch whole or not at all: each batch adds three new
// keys and corrects K0 to name the batch, so a read showing batch n's correction must hold
// the 3n keys added so far, with payloads matching their versions. 120 keys added to a
// mirror of one: the overlay is folded into the base while reads go on.
TEST_F(RecordStoreTest, MirrorReadsDuringConcurrentAppendsSeeWholeBatches) {
  AppendOrDie({Put(Key("869", "K0"), "0")});
  EXPECT_EQ(Current("869").size(), 1u);
  EXPECT_EQ(Current("869").size(), 1u);  // Mirrored from here on.
  constexpr int kBatches = 40;
  constexpr int kKeysPerBatch = 3;
  std::atomic<int> failures{0};
  std::thread writer([&] {
    for (int n = 1; n <= kBatches; ++n) {
      std::vector<RecordWrite> batch = {Put(Key("869", "K0"), absl::StrCat(n))};
      for (int k = 0; k < kKeysPerBatch; ++k) {
        batch.push_back(Put(Key("869", absl::StrFormat("N%04d-%d", n, k)), "new"));
      }
      if (!store_->Append(batch).ok()) ++failures;
    }
  });
  std::thread reader([&] {
    int last_batch = 0;
    for (int i = 0; i < 100000 && last_batch < kBatches; ++i) {
      int batch = -1;
      int added = 0;
      const absl::Status s =
          store_->ForEachCurrent("869", kReferral, std::nullopt, [&](const CurrentRecordView& r) {
            if (r.source_id == "K0") {
              batch = std::stoi(std::string(r.payload));
              if (r.version != batch + 1) ++failures;
            } else {
              ++added;
              if (r.payload != "new" || r.version != 1) ++failures;
            }
            return absl::OkStatus();
          });
      if (!s.ok() || added != kKeysPerBatch * batch || batch < last_batch) ++failures;
      last_batch = std::max(last_batch, batch);
    }
  });
  writer.join();
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Current("869").size(), static_cast<size_t>(kKeysPerBatch * kBatches + 1));
  ExpectCurrentMatchesSqlite(*store_, "869", kReferral);
}

TEST_F(RecordStoreTest, KindStampChangesOnlyWhenTheKindGetsAVersion) {
  EXPECT_EQ(store_->KindStamp("869", kReferral), 0);
  // Sequence numbers 1 (869 referral), 2 (869 assessment), 3 (870 referral).
  AppendOrDie({Put(Key("869", "R-1"), "a"), Put(Key("869", "A-1", kAssessment), "b"),
               Put(Key("870", "R-1"), "c")});
  EXPECT_EQ(store_->KindStamp("869", kReferral), 1);
  EXPECT_EQ(store_->KindStamp("869", kAssessment), 2);
  EXPECT_EQ(store_->KindStamp("870", kReferral), 3);

  AppendOrDie({Put(Key("869", "R-1"), "a")});  // Unchanged: no version, no new stamp.
  EXPECT_EQ(store_->KindStamp("869", kReferral), 1);
  AppendOrDie({Put(Key("869", "A-1", kAssessment), "b2")});  // Sequence 4.
  EXPECT_EQ(store_->KindStamp("869", kReferral), 1);
  EXPECT_EQ(store_->KindStamp("869", kAssessment), 4);
  EXPECT_EQ(store_->KindStamp("870", kReferral), 3);
  AppendOrDie({Tombstone(Key("869", "R-1"))});  // Sequence 5.
  EXPECT_EQ(store_->KindStamp("869", kReferral), 5);
}

TEST_F(RecordStoreTest, FailedAppendLeavesKindStampsAlone) {
  AppendOrDie({Put(Key("869", "R-1"), "a")});
  const int64_t before = store_->KindStamp("869", kReferral);
  ASSERT_GT(before, 0);
  // The empty source id fails the whole batch.
  EXPECT_FALSE(store_->Append({Put(Key("869", "R-2"), "b"), Put(Key("869", ""), "c")}).ok());
  EXPECT_EQ(store_->KindStamp("869", kReferral), before);
}

}  // namespace
}  // namespace scorecard
