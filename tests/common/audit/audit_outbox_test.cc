#include "common/audit/audit_outbox.h"

#include <sqlite3.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::audit {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

const CallerInfo kCaller{"aggregator", "aggregator"};

class AuditOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    Reopen();
  }

  void Reopen() {
    outbox_.reset();
    AuditOutboxOptions options;
    options.emitter = "safeguarding";
    absl::StatusOr<std::unique_ptr<AuditOutbox>> outbox = AuditOutbox::Open(path(), options);
    ASSERT_TRUE(outbox.ok()) << outbox.status();
    outbox_ = *std::move(outbox);
  }

  std::string path() const { return AuditOutbox::PathFor(dir_.path(), "safeguarding"); }

  absl::Status RecordChild(const std::string& child_id) {
    AuditSubjects subjects;
    subjects.child_ids = {child_id};
    return outbox_->RecordCall(kCaller, "/x.v1.X/DrillDown", kActionDrillDown, "869", subjects,
                               AuditOutcome::kOk, "OK");
  }

  int64_t Pending() {
    absl::StatusOr<int64_t> count = outbox_->PendingCount();
    EXPECT_TRUE(count.ok()) << count.status();
    return count.value_or(-1);
  }

  ScopedTempDir dir_;
  std::unique_ptr<AuditOutbox> outbox_;
};

TEST_F(AuditOutboxTest, PathIsNextToTheServicesData) {
  EXPECT_EQ(AuditOutbox::PathFor("/var/lib/scorecard", "placement"),
            "/var/lib/scorecard/placement-outbox.sqlite");
}

TEST_F(AuditOutboxTest, RecordedEventsSurviveReopenInOrderUntilRemoved) {
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(RecordChild(absl::StrCat("C-", i)).ok());
  Reopen();
  EXPECT_EQ(Pending(), 5);
  absl::StatusOr<std::vector<OutboxEntry>> entries = outbox_->Peek(100, 1 << 20);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_THAT(*entries, SizeIs(5));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ((*entries)[i].event.child_ids(0), absl::StrCat("C-", i + 1));
    EXPECT_EQ((*entries)[i].event.emitter(), "safeguarding");
    if (i > 0) {
      EXPECT_GT((*entries)[i].id, (*entries)[i - 1].id);
    }
  }
  // Peeking does not consume; Remove does, durably.
  EXPECT_EQ(Pending(), 5);
  const int64_t first_two[] = {(*entries)[0].id, (*entries)[1].id};
  ASSERT_TRUE(outbox_->Remove(first_two).ok());
  Reopen();
  EXPECT_EQ(Pending(), 3);
  absl::StatusOr<std::vector<OutboxEntry>> rest = outbox_->Peek(100, 1 << 20);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ((*rest)[0].event.child_ids(0), "C-3");
  // The id an event got when recorded is the one it is sent with, every time.
  EXPECT_EQ((*rest)[0].event.emitter_event_id(), (*entries)[2].event.emitter_event_id());
}

TEST_F(AuditOutboxTest, PeekHonoursTheEventAndByteLimitsButAlwaysGivesOne) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(RecordChild(absl::StrCat("C-", i)).ok());
  absl::StatusOr<std::vector<OutboxEntry>> three = outbox_->Peek(3, 1 << 20);
  ASSERT_TRUE(three.ok());
  EXPECT_THAT(*three, SizeIs(3));
  absl::StatusOr<std::vector<OutboxEntry>> tiny = outbox_->Peek(100, 1);
  ASSERT_TRUE(tiny.ok());
  EXPECT_THAT(*tiny, SizeIs(1));
  const int64_t one_size = static_cast<int64_t>((*tiny)[0].event.ByteSizeLong());
  absl::StatusOr<std::vector<OutboxEntry>> two = outbox_->Peek(100, 2 * one_size + 1);
  ASSERT_TRUE(two.ok());
  EXPECT_THAT(*two, SizeIs(2));
}

TEST_F(AuditOutboxTest, ReRecordingAnEventUnderItsIdStoresItOnce) {
  v1::AuditEvent event;
  event.set_action(kActionIngest);
  event.set_emitter_event_id("safeguarding-fixed-1");
  ASSERT_TRUE(outbox_->Record(event).ok());
  ASSERT_TRUE(outbox_->Record(event).ok());
  EXPECT_EQ(Pending(), 1);
}

TEST_F(AuditOutboxTest, AnInvalidEventIsRefusedAndNothingOfItsCallIsStored) {
  AuditSubjects subjects;
  subjects.child_ids = {"C-1", "not an id"};
  absl::Status status = outbox_->RecordCall(kCaller, "/x.v1.X/Y", kActionDrillDown, "869", subjects,
                                            AuditOutcome::kOk, "OK");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Pending(), 0);
}

// Group commit: many threads record at once; every event lands exactly once.
TEST_F(AuditOutboxTest, ConcurrentRecordsAllLand) {
  constexpr int kThreads = 8;
  constexpr int kEach = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        if (!RecordChild(absl::StrCat("C-", t, "-", i)).ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Pending(), kThreads * kEach);
  absl::StatusOr<std::vector<OutboxEntry>> all = outbox_->Peek(10000, int64_t{1} << 40);
  ASSERT_TRUE(all.ok());
  std::set<std::string> children;
  std::set<std::string> ids;
  for (const OutboxEntry& entry : *all) {
    children.insert(entry.event.child_ids(0));
    ids.insert(entry.event.emitter_event_id());
  }
  EXPECT_EQ(children.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kEach));
}

TEST_F(AuditOutboxTest, QuarantineSetsAnEventAsideWithItsReason) {
  ASSERT_TRUE(RecordChild("C-1").ok());
  ASSERT_TRUE(RecordChild("C-2").ok());
  absl::StatusOr<std::vector<OutboxEntry>> entries = outbox_->Peek(10, 1 << 20);
  ASSERT_TRUE(entries.ok());
  ASSERT_TRUE(outbox_->Quarantine((*entries)[0].id, "events[0].authority: bad").ok());
  EXPECT_EQ(Pending(), 1);
  EXPECT_EQ(outbox_->QuarantinedCount().value_or(-1), 1);
  absl::StatusOr<std::vector<OutboxEntry>> rest = outbox_->Peek(10, 1 << 20);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ((*rest)[0].event.child_ids(0), "C-2");
}

// A row damaged on disk is set aside instead of blocking every later one.
TEST_F(AuditOutboxTest, AnUnreadableRowIsQuarantinedByPeek) {
  ASSERT_TRUE(RecordChild("C-1").ok());
  ASSERT_TRUE(RecordChild("C-2").ok());
  outbox_.reset();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE pending SET event = x'ffffffff' WHERE id = 1", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  Reopen();
  absl::StatusOr<std::vector<OutboxEntry>> entries = outbox_->Peek(10, 1 << 20);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_THAT(*entries, SizeIs(1));
  EXPECT_EQ((*entries)[0].event.child_ids(0), "C-2");
  EXPECT_EQ(outbox_->QuarantinedCount().value_or(-1), 1);
}

TEST_F(AuditOutboxTest, TheListenerHearsOfEachRecord) {
  std::atomic<int> heard{0};
  outbox_->SetRecordListener([&heard] { ++heard; });
  ASSERT_TRUE(RecordChild("C-1").ok());
  ASSERT_TRUE(RecordChild("C-2").ok());
  outbox_->SetRecordListener(nullptr);
  ASSERT_TRUE(RecordChild("C-3").ok());
  EXPECT_EQ(heard.load(), 2);
}

TEST_F(AuditOutboxTest, OpenNeedsAnEmitterAndAFile) {
  AuditOutboxOptions no_emitter;
  EXPECT_EQ(AuditOutbox::Open(dir_.File("x.sqlite"), no_emitter).status().code(),
            absl::StatusCode::kInvalidArgument);
  AuditOutboxOptions options;
  options.emitter = "x";
  EXPECT_EQ(AuditOutbox::Open(":memory:", options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace scorecard::audit
