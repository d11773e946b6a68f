#include "services/audit/audit_store.h"

#include <openssl/sha.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/audit/audit_test_util.h"
#include "tests/services/audit/raw_audit_db.h"

namespace scorecard::audit {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::Time kStart = absl::FromUnixSeconds(1775000000);  // 2026-03-31

std::vector<int64_t> Range(int64_t first, int64_t last) {
  std::vector<int64_t> values;
  for (int64_t v = first; v <= last; ++v) values.push_back(v);
  return values;
}

class AuditStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    Reopen();
  }

  void Reopen() {
    store_.reset();
    AuditStoreOptions options;
    options.clock = [this] { return clock_.Now(); };
    options.subject_index_batch = subject_index_batch_;
    absl::StatusOr<std::unique_ptr<AuditStore>> store = AuditStore::Open(path(), options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  std::string path() const { return dir_.File("audit.sqlite"); }

  v1::AppendEventsResponse Append(std::initializer_list<v1::AuditEvent> events) {
    v1::AppendEventsRequest request;
    for (const v1::AuditEvent& event : events) *request.add_events() = event;
    absl::StatusOr<v1::AppendEventsResponse> response = store_->Append(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.value_or(v1::AppendEventsResponse());
  }

  // Appends `count` events with ids "<prefix>0", "<prefix>1", ... in one batch.
  void AppendMany(int count, const std::string& prefix = "e-") {
    v1::AppendEventsRequest request;
    for (int i = 0; i < count; ++i) {
      *request.add_events() = TestEvent(absl::StrCat(prefix, i)).Actor(i % 2 ? "odd" : "even").Build();
    }
    absl::StatusOr<v1::AppendEventsResponse> response = store_->Append(request);
    ASSERT_TRUE(response.ok()) << response.status();
    ASSERT_EQ(response->stored(), count);
  }

  v1::QueryEventsResponse Query(const v1::QueryEventsRequest& request) {
    absl::StatusOr<v1::QueryEventsResponse> response = store_->Query(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.value_or(v1::QueryEventsResponse());
  }

  ScopedTempDir dir_;
  FakeClock clock_{kStart};
  // Subject rows gathered before a sorted pass copies them into the subject index.
  int64_t subject_index_batch_ = AuditStoreOptions().subject_index_batch;
  std::unique_ptr<AuditStore> store_;
};

TEST_F(AuditStoreTest, AppendThenQueryRoundTripsEveryField) {
  v1::AuditEvent sent = TestEvent("e-1")
                            .Actor("CN=alice")
                            .Authority("869")
                            .Children({"C-1"})
                            .Workers({"W-1"})
                            .Measures({"M-1"})
                            .Detail("OK 3")
                            .Build();
  sent.set_role("analyst");
  sent.set_rpc("/scorecard.safeguarding.v1.SafeguardingService/GetMeasures");
  sent.set_scorecard_id("S-9");
  sent.set_outcome(v1::OUTCOME_DENIED);
  *sent.mutable_occurred_at() = ToProtoTimestamp(kStart - absl::Seconds(2));
  // Assigned by the log; whatever a client sends is ignored.
  sent.set_sequence(99);
  sent.mutable_recorded_at()->set_seconds(5);

  v1::AppendEventsResponse appended = Append({sent});
  EXPECT_EQ(appended.stored(), 1);
  EXPECT_EQ(appended.last_sequence(), 1);

  v1::QueryEventsResponse page = Query(v1::QueryEventsRequest());
  ASSERT_EQ(page.events_size(), 1);
  v1::AuditEvent expected = sent;
  expected.set_sequence(1);
  expected.mutable_recorded_at()->set_seconds(absl::ToUnixSeconds(kStart));
  expected.mutable_recorded_at()->set_nanos(0);
  EXPECT_EQ(page.events(0).SerializeAsString(), expected.SerializeAsString())
      << page.events(0).DebugString();
  EXPECT_TRUE(page.next_page_token().empty());
}

TEST_F(AuditStoreTest, SequencesRunFromOneAcrossBatchesAndReopen) {
  EXPECT_EQ(Append({TestEvent("a").Build(), TestEvent("b").Build()}).last_sequence(), 2);
  Reopen();
  EXPECT_EQ(Append({TestEvent("c").Build()}).last_sequence(), 3);
  EXPECT_THAT(Sequences(Query(v1::QueryEventsRequest())), ElementsAre(1, 2, 3));
  EXPECT_EQ(store_->Head().sequence, 3);
}

TEST_F(AuditStoreTest, RecordedAtStrictlyIncreasesEvenWhenTheClockStepsBack) {
  Append({TestEvent("a").Build(), TestEvent("b").Build()});
  clock_.Set(kStart - absl::Hours(1));
  Append({TestEvent("c").Build()});
  Reopen();  // The last instant comes back from the file.
  clock_.Set(kStart - absl::Hours(2));
  Append({TestEvent("d").Build()});

  v1::QueryEventsResponse page = Query(v1::QueryEventsRequest());
  ASSERT_EQ(page.events_size(), 4);
  for (int i = 1; i < page.events_size(); ++i) {
    const absl::Time before = absl::FromUnixSeconds(page.events(i - 1).recorded_at().seconds()) +
                              absl::Nanoseconds(page.events(i - 1).recorded_at().nanos());
    const absl::Time after = absl::FromUnixSeconds(page.events(i).recorded_at().seconds()) +
                             absl::Nanoseconds(page.events(i).recorded_at().nanos());
    EXPECT_GT(after, before) << "event " << i;
  }
  EXPECT_EQ(page.events(0).recorded_at().seconds(), absl::ToUnixSeconds(kStart));
}

class AuditStoreFilterTest : public AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    // One second apart, so time ranges can pick events out.
    const v1::AuditEvent events[] = {
        TestEvent("1").Actor("alice").Action("ingest").Authority("869").Children({"C-1"}).Build(),
        TestEvent("2").Actor("bob").Action("read-measures").Authority("869").Workers({"W-1"}).Build(),
        TestEvent("3").Actor("alice").Action("drill-down").Authority("201").Measures({"M-1"}).Build(),
        TestEvent("4").Actor("bob").Action("ingest").Authority("201").Children({"C-1", "C-2"}).Build(),
        TestEvent("5").Actor("carol").Action("publish").Build(),
    };
    for (int i = 0; i < 5; ++i) {
      clock_.Set(kStart + absl::Seconds(i));
      Append({events[i]});
    }
  }
};

TEST_F(AuditStoreFilterTest, ByActor) {
  v1::QueryEventsRequest request;
  request.set_actor("alice");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(1, 3));
}

TEST_F(AuditStoreFilterTest, ByAction) {
  v1::QueryEventsRequest request;
  request.set_action("ingest");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(1, 4));
}

TEST_F(AuditStoreFilterTest, ByAuthority) {
  v1::QueryEventsRequest request;
  request.set_authority("201");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(3, 4));
}

TEST_F(AuditStoreFilterTest, BySubjectMatchesChildWorkerOrMeasureIds) {
  v1::QueryEventsRequest request;
  request.set_subject_id("C-1");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(1, 4));
  request.set_subject_id("W-1");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(2));
  request.set_subject_id("M-1");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(3));
  request.set_subject_id("C-404");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre());
}

// Subject rows reach the subject index in sorted passes of subject_index_batch rows; a
// search reads the index and the rows not yet copied, before and after a restart.
TEST_F(AuditStoreTest, SubjectSearchFindsEventsIndexedAndNotYetIndexed) {
  subject_index_batch_ = 5;
  Reopen();
  // Each event names two subjects: the pass runs in the appends of events 3 (6 rows) and 6.
  for (int i = 1; i <= 7; ++i) {
    clock_.Set(kStart + absl::Seconds(i));
    Append({TestEvent(absl::StrCat("e-", i))
                .Children({i % 2 == 1 ? "C-odd" : "C-even"})
                .Workers({absl::StrCat("W-", i)})
                .Build()});
    if (i == 4) Reopen();  // the count of rows not yet indexed is read back at open
  }
  v1::QueryEventsRequest request;
  request.set_subject_id("C-odd");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(1, 3, 5, 7));  // 7 not yet indexed
  request.set_subject_id("C-even");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(2, 4, 6));
  request.set_subject_id("W-7");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(7));
  request.set_subject_id("W-2");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(2));

  // What the sorted passes wrote: events 1-6, none of 7.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT COUNT(*), MAX(sequence), (SELECT indexed_upto FROM "
                               "subject_index_state) FROM subject_index",
                               -1, &statement, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(statement), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(statement, 0), 12);
  EXPECT_EQ(sqlite3_column_int64(statement, 1), 6);
  EXPECT_EQ(sqlite3_column_int64(statement, 2), 6);
  sqlite3_finalize(statement);
  sqlite3_close(db);

  absl::StatusOr<ChainVerification> chain = store_->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->ok()) << chain->detail;
}

TEST_F(AuditStoreTest, ASubjectIndexBatchBelowOneIsRefused) {
  AuditStoreOptions options;
  options.subject_index_batch = 0;
  absl::StatusOr<std::unique_ptr<AuditStore>> store = AuditStore::Open(path(), options);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(store.status().message(), HasSubstr("subject_index_batch"));
}

TEST_F(AuditStoreFilterTest, ByHalfOpenTimeRange) {
  v1::QueryEventsRequest request;
  *request.mutable_from_time() = ToProtoTimestamp(kStart + absl::Seconds(1));
  *request.mutable_to_time() = ToProtoTimestamp(kStart + absl::Seconds(3));
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(2, 3));  // from included, to excluded

  // A bound a nanosecond past an event's instant excludes it at `from`, includes it at `to`.
  *request.mutable_from_time() =
      ToProtoTimestamp(kStart + absl::Seconds(1) + absl::Nanoseconds(1));
  *request.mutable_to_time() =
      ToProtoTimestamp(kStart + absl::Seconds(3) + absl::Nanoseconds(1));
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(3, 4));

  v1::QueryEventsRequest open_ended;
  *open_ended.mutable_from_time() = ToProtoTimestamp(kStart + absl::Seconds(4));
  EXPECT_THAT(Sequences(Query(open_ended)), ElementsAre(5));
  v1::QueryEventsRequest until;
  *until.mutable_to_time() = ToProtoTimestamp(kStart + absl::Seconds(1));
  EXPECT_THAT(Sequences(Query(until)), ElementsAre(1));
  v1::QueryEventsRequest empty_range;
  *empty_range.mutable_from_time() = ToProtoTimestamp(kStart);
  *empty_range.mutable_to_time() = ToProtoTimestamp(kStart);
  EXPECT_THAT(Sequences(Query(empty_range)), ElementsAre());
}

TEST_F(AuditStoreFilterTest, FiltersCombine) {
  v1::QueryEventsRequest request;
  request.set_actor("bob");
  request.set_authority("201");
  request.set_subject_id("C-1");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre(4));
  request.set_action("publish");
  EXPECT_THAT(Sequences(Query(request)), ElementsAre());
}

TEST_F(AuditStoreTest, PagesThrough250EventsExactlyOnceInOrder) {
  AppendMany(250);
  v1::QueryEventsRequest request;
  request.set_page_size(100);
  std::vector<int64_t> seen;
  std::vector<int> page_sizes;
  for (int pages = 0; pages < 10; ++pages) {
    v1::QueryEventsResponse page = Query(request);
    page_sizes.push_back(page.events_size());
    for (int64_t sequence : Sequences(page)) seen.push_back(sequence);
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(page_sizes, ElementsAre(100, 100, 50));
  EXPECT_EQ(seen, Range(1, 250));
}

TEST_F(AuditStoreTest, PagesThroughAFilteredQuery) {
  AppendMany(250);  // Odd-numbered ids have actor "odd": sequences 2, 4, ..., 250.
  v1::QueryEventsRequest request;
  request.set_actor("odd");
  request.set_page_size(50);
  std::vector<int64_t> seen;
  for (int pages = 0; pages < 10; ++pages) {
    v1::QueryEventsResponse page = Query(request);
    for (int64_t sequence : Sequences(page)) seen.push_back(sequence);
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  std::vector<int64_t> expected;
  for (int64_t s = 2; s <= 250; s += 2) expected.push_back(s);
  EXPECT_EQ(seen, expected);
}

TEST_F(AuditStoreTest, PageSizeZeroMeansOneHundred) {
  AppendMany(150);
  v1::QueryEventsResponse page = Query(v1::QueryEventsRequest());
  EXPECT_EQ(page.events_size(), 100);
  EXPECT_FALSE(page.next_page_token().empty());
}

TEST_F(AuditStoreTest, ExactlyFullLastPageHasNoToken) {
  AppendMany(100);
  v1::QueryEventsResponse page = Query(v1::QueryEventsRequest());
  EXPECT_EQ(page.events_size(), 100);
  EXPECT_TRUE(page.next_page_token().empty());
}

TEST_F(AuditStoreTest, InvalidQueriesAreRejected) {
  AppendMany(3);
  const auto expect_invalid = [this](const v1::QueryEventsRequest& request,
                                     const std::string& mentions) {
    absl::StatusOr<v1::QueryEventsResponse> response = store_->Query(request);
    EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument)
        << request.ShortDebugString() << " -> " << response.status();
    EXPECT_THAT(std::string(response.status().message()), HasSubstr(mentions));
  };
  v1::QueryEventsRequest reversed;
  *reversed.mutable_from_time() = ToProtoTimestamp(kStart + absl::Seconds(1));
  *reversed.mutable_to_time() = ToProtoTimestamp(kStart);
  expect_invalid(reversed, "to_time");

  v1::QueryEventsRequest too_big;
  too_big.set_page_size(1001);
  expect_invalid(too_big, "page_size");
  v1::QueryEventsRequest negative;
  negative.set_page_size(-1);
  expect_invalid(negative, "page_size");
  v1::QueryEventsRequest largest;
  largest.set_page_size(1000);
  EXPECT_TRUE(store_->Query(largest).ok());

  for (const std::string& token :
       {std::string("not base64!"), absl::WebSafeBase64Escape("garbage"),
        absl::WebSafeBase64Escape("0.0000000000000000"), absl::WebSafeBase64Escape("-5.ab"),
        absl::WebSafeBase64Escape("12")}) {
    v1::QueryEventsRequest bad_token;
    bad_token.set_page_token(token);
    expect_invalid(bad_token, "page_token");
  }

  v1::QueryEventsRequest bad_authority;
  bad_authority.set_authority("86");
  expect_invalid(bad_authority, "authority");

  v1::QueryEventsRequest bad_time;
  bad_time.mutable_from_time()->set_nanos(-1);
  expect_invalid(bad_time, "from_time");
}

TEST_F(AuditStoreTest, PageTokenFromAnotherQueryIsRejected) {
  AppendMany(10);
  v1::QueryEventsRequest first;
  first.set_page_size(3);
  const std::string token = Query(first).next_page_token();
  ASSERT_FALSE(token.empty());
  v1::QueryEventsRequest other = first;
  other.set_page_token(token);
  other.set_actor("odd");
  EXPECT_EQ(store_->Query(other).status().code(), absl::StatusCode::kInvalidArgument);
  // A different page size is fine: the token only pins the filters.
  v1::QueryEventsRequest resized = first;
  resized.set_page_token(token);
  resized.set_page_size(5);
  EXPECT_THAT(Sequences(Query(resized)), ElementsAre(4, 5, 6, 7, 8));
}

TEST_F(AuditStoreTest, ResentEventsAreStoredOnceAndNotCounted) {
  v1::AppendEventsResponse first =
      Append({TestEvent("e-1").Actor("alice").Build(), TestEvent("e-2").Build()});
  EXPECT_EQ(first.stored(), 2);

  // The same ids again, even with other contents: the first copy stands.
  v1::AppendEventsResponse resent =
      Append({TestEvent("e-1").Actor("mallory").Build(), TestEvent("e-2").Build()});
  EXPECT_EQ(resent.stored(), 0);
  EXPECT_EQ(resent.last_sequence(), 2);

  // A repeat inside one batch counts once; the same id from another emitter is new.
  v1::AppendEventsResponse mixed =
      Append({TestEvent("e-3").Build(), TestEvent("e-3").Build(), TestEvent("e-1").Build(),
              TestEvent("e-1").Emitter("workforce").Build()});
  EXPECT_EQ(mixed.stored(), 2);
  EXPECT_EQ(mixed.last_sequence(), 4);

  v1::QueryEventsResponse all = Query(v1::QueryEventsRequest());
  ASSERT_EQ(all.events_size(), 4);
  EXPECT_EQ(all.events(0).actor(), "alice");
  EXPECT_EQ(all.events(3).emitter(), "workforce");
  absl::StatusOr<ChainVerification> chain = store_->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->ok()) << chain->detail;
}

TEST_F(AuditStoreTest, AnInvalidEventRejectsTheWholeBatch) {
  v1::AppendEventsRequest request;
  *request.add_events() = TestEvent("ok").Build();
  v1::AuditEvent no_emitter = TestEvent("x").Build();
  no_emitter.clear_emitter();
  *request.add_events() = no_emitter;
  v1::AuditEvent no_id_or_action = TestEvent("").Build();
  no_id_or_action.clear_action();
  *request.add_events() = no_id_or_action;
  *request.add_events() = TestEvent("y").Authority("86").Build();
  v1::AuditEvent bad_time = TestEvent("z").Build();
  bad_time.mutable_occurred_at()->set_seconds(300000000000);
  *request.add_events() = bad_time;

  absl::StatusOr<v1::AppendEventsResponse> response = store_->Append(request);
  ASSERT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument) << response.status();
  const std::string message(response.status().message());
  EXPECT_THAT(message, HasSubstr("4 invalid events"));
  EXPECT_THAT(message, HasSubstr("events[1].emitter: required"));
  EXPECT_THAT(message, HasSubstr("events[2].emitter_event_id: required"));
  EXPECT_THAT(message, HasSubstr("events[2].action: required"));
  EXPECT_THAT(message, HasSubstr("events[3].authority"));
  EXPECT_THAT(message, HasSubstr("events[4].occurred_at"));
  EXPECT_EQ(Query(v1::QueryEventsRequest()).events_size(), 0);
  EXPECT_EQ(store_->Head().sequence, 0);
}

TEST_F(AuditStoreTest, AnEmptyBatchIsANoOp) {
  Append({TestEvent("a").Build()});
  v1::AppendEventsResponse response = Append({});
  EXPECT_EQ(response.stored(), 0);
  EXPECT_EQ(response.last_sequence(), 1);
}

TEST_F(AuditStoreTest, ConcurrentAppendsFormOneChain) {
  constexpr int kThreads = 8;
  constexpr int kBatchesPerThread = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int b = 0; b < kBatchesPerThread; ++b) {
        v1::AppendEventsRequest request;
        *request.add_events() = TestEvent(absl::StrCat(t, "-", b, "-a")).Build();
        *request.add_events() = TestEvent(absl::StrCat(t, "-", b, "-b")).Build();
        EXPECT_TRUE(store_->Append(request).ok());
      }
    });
  }
  // Verification runs alongside the appends on its own connection.
  absl::StatusOr<ChainVerification> during = store_->VerifyChain();
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE(during.ok()) << during.status();
  EXPECT_TRUE(during->ok()) << during->detail;

  absl::StatusOr<ChainVerification> chain = store_->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->ok()) << chain->detail;
  EXPECT_EQ(chain->verified_events, kThreads * kBatchesPerThread * 2);
  EXPECT_EQ(chain->head_hash, store_->Head().row_hash);
}

// ---------------------------------------------------------------------------
// The chain itself, recomputed from the documented definition with
// OpenSSL's one-shot SHA256 rather than the store's code (raw_audit_db.h).

TEST_F(AuditStoreTest, StoredHashesFollowTheDocumentedDefinition) {
  Append({TestEvent("a").Children({"C-1"}).Build(), TestEvent("b").Build()});
  clock_.Set(kStart + absl::Seconds(1));
  Append({TestEvent("c").Actor("bob").Build()});

  RawDb raw(path());
  std::string expected_prev(32, '\0');
  for (int64_t sequence = 1; sequence <= 3; ++sequence) {
    const std::string where = absl::StrCat(" FROM events WHERE sequence = ", sequence);
    const std::string event_bytes = raw.Blob("SELECT event" + where);
    const int64_t recorded_at_us = raw.Int("SELECT recorded_at_us" + where);
    EXPECT_EQ(raw.Blob("SELECT prev_hash" + where), expected_prev) << "row " << sequence;

    // The stored event is the canonical one: its own sequence and recorded_at set.
    v1::AuditEvent event;
    ASSERT_TRUE(event.ParseFromString(event_bytes));
    EXPECT_EQ(event.sequence(), sequence);
    EXPECT_EQ(event.recorded_at().seconds() * 1000000 + event.recorded_at().nanos() / 1000,
              recorded_at_us);
    EXPECT_EQ(CanonicalEventBytes(event, sequence, recorded_at_us), event_bytes);

    const std::string row_hash = raw.Blob("SELECT row_hash" + where);
    EXPECT_EQ(row_hash, IndependentRowHash(expected_prev, sequence, recorded_at_us, event_bytes))
        << "row " << sequence;
    expected_prev = row_hash;
  }
  EXPECT_EQ(store_->Head().row_hash, expected_prev);
  EXPECT_EQ(store_->Head().sequence, 3);
}

TEST_F(AuditStoreTest, VerifyChainAcceptsAnIntactLog) {
  absl::StatusOr<ChainVerification> empty = store_->VerifyChain();
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->ok());
  EXPECT_EQ(empty->verified_events, 0);
  EXPECT_EQ(empty->head_hash, std::string(32, '\0'));

  for (int batch = 0; batch < 4; ++batch) {
    v1::AppendEventsRequest request;
    for (int i = 0; i < 5; ++i) {
      *request.add_events() =
          TestEvent(absl::StrCat(batch, "-", i)).Children({"C-1", "C-2"}).Measures({"M-1"}).Build();
    }
    ASSERT_TRUE(store_->Append(request).ok());
    Reopen();  // The chain continues across restarts.
  }
  absl::StatusOr<ChainVerification> chain = store_->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->ok()) << chain->detail;
  EXPECT_EQ(chain->fault, ChainFault::kNone);
  EXPECT_EQ(chain->verified_events, 20);
  EXPECT_EQ(chain->first_bad_sequence, 0);
  EXPECT_EQ(chain->head_hash, store_->Head().row_hash);
}

TEST_F(AuditStoreTest, TheTablesRefuseUpdateAndDelete) {
  subject_index_batch_ = 1;  // so the subject index has a row to refuse changing
  Reopen();
  Append({TestEvent("a").Children({"C-1"}).Build()});
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  for (const char* sql :
       {"UPDATE events SET actor = 'x'", "DELETE FROM events",
        "UPDATE event_subjects SET subject_id = 'x'", "DELETE FROM event_subjects",
        "UPDATE subject_index SET subject_id = 'x'", "DELETE FROM subject_index"}) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_CONSTRAINT) << sql;
    EXPECT_THAT(error ? std::string(error) : "", HasSubstr("append-only")) << sql;
    sqlite3_free(error);
  }
  sqlite3_close(db);
}

// ---------------------------------------------------------------------------
// Tampering. Ten events are written through the store; the store is closed;
// each test edits a copy of the file with the raw SQLite API and verifies
// the copy through a freshly opened store.

class AuditTamperTest : public AuditStoreTest {
 protected:
  void SetUp() override {
    AuditStoreTest::SetUp();
    // Events 1-8 reach the subject index (passes at 4 and 8); 9 and 10 are not yet in it.
    subject_index_batch_ = 4;
    Reopen();
    for (int i = 1; i <= kEvents; ++i) {
      clock_.Set(kStart + absl::Seconds(i));
      Append({TestEvent(absl::StrCat("e-", i))
                  .Actor(absl::StrCat("actor-", i))
                  .Children({absl::StrCat("C-", i)})
                  .Build()});
    }
    checkpoint_ = store_->Head();
    store_.reset();  // Closing checkpoints the WAL into the main file.
    std::filesystem::copy_file(path(), copy_path());
    for (const char* suffix : {"-wal", "-shm"}) {
      if (std::filesystem::exists(path() + suffix)) {
        std::filesystem::copy_file(path() + suffix, copy_path() + suffix);
      }
    }
  }

  std::string copy_path() const { return dir_.File("tampered.sqlite"); }

  // Runs `sql` on the copy behind the store's back, then verifies the copy.
  ChainVerification VerifyCopyAfter(const std::string& sql) {
    {
      RawDb raw(copy_path());
      raw.Exec(sql);
    }
    return VerifyCopy();
  }

  ChainVerification VerifyCopy() {
    absl::StatusOr<std::unique_ptr<AuditStore>> copy = AuditStore::Open(copy_path());
    EXPECT_TRUE(copy.ok()) << copy.status();
    if (!copy.ok()) return ChainVerification();
    absl::StatusOr<ChainVerification> chain = (*copy)->VerifyChain();
    EXPECT_TRUE(chain.ok()) << chain.status();
    return chain.value_or(ChainVerification());
  }

  static constexpr int kEvents = 10;
  ChainHead checkpoint_;
};

TEST_F(AuditTamperTest, AnUntouchedCopyVerifies) {
  ChainVerification chain = VerifyCopy();
  EXPECT_TRUE(chain.ok()) << chain.detail;
  EXPECT_EQ(chain.verified_events, kEvents);
  EXPECT_EQ(chain.head_hash, checkpoint_.row_hash);
}

TEST_F(AuditTamperTest, EditingAnEventIsAHashMismatchAtThatRow) {
  {
    RawDb raw(copy_path());
    EditActor(raw, 5, "someone-else");
  }
  ChainVerification chain = VerifyCopy();
  EXPECT_EQ(chain.fault, ChainFault::kHashMismatch) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 5);
  EXPECT_EQ(chain.verified_events, 4);
}

TEST_F(AuditTamperTest, EditingOnlyASearchableColumnIsAnIndexMismatch) {
  ChainVerification chain =
      VerifyCopyAfter("UPDATE events SET actor = 'someone-else' WHERE sequence = 5");
  EXPECT_EQ(chain.fault, ChainFault::kIndexMismatch) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 5);
  EXPECT_THAT(chain.detail, HasSubstr("actor"));
}

TEST_F(AuditTamperTest, HidingAnEventFromSubjectSearchIsAnIndexMismatch) {
  ChainVerification chain = VerifyCopyAfter("DELETE FROM event_subjects WHERE sequence = 5");
  EXPECT_EQ(chain.fault, ChainFault::kIndexMismatch) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 5);
  EXPECT_THAT(chain.detail, HasSubstr("event_subjects"));
}

TEST_F(AuditTamperTest, HidingAnEventFromTheSubjectIndexIsAnIndexMismatch) {
  ChainVerification chain = VerifyCopyAfter("DELETE FROM subject_index WHERE sequence = 5");
  EXPECT_EQ(chain.fault, ChainFault::kIndexMismatch) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 5);
  EXPECT_THAT(chain.detail, HasSubstr("subject_index"));
}

TEST_F(AuditTamperTest, ASubjectIndexRowNoEventNamesIsAnIndexMismatch) {
  ChainVerification chain =
      VerifyCopyAfter("INSERT INTO subject_index (subject_id, sequence) VALUES ('C-404', 3)");
  EXPECT_EQ(chain.fault, ChainFault::kIndexMismatch) << chain.detail;
  EXPECT_THAT(chain.detail, HasSubstr("subject_index holds 9 rows"));
}

// Logs written before the subject index (schema 1: an SQL index on event_subjects) gain it
// when opened: every subject row copied, searches and verification as before.
TEST_F(AuditTamperTest, ALogFromBeforeTheSubjectIndexIsIndexedWhenOpened) {
  {
    RawDb raw(copy_path());
    raw.Exec(
        "DROP TABLE subject_index; DROP TABLE subject_index_state;"
        "CREATE INDEX event_subjects_by_subject ON event_subjects (subject_id, sequence);"
        "DELETE FROM schema_migrations WHERE version = 2;");
  }
  absl::StatusOr<std::unique_ptr<AuditStore>> old_log = AuditStore::Open(copy_path());
  ASSERT_TRUE(old_log.ok()) << old_log.status();
  for (int i : {1, 9, 10}) {
    v1::QueryEventsRequest request;
    request.set_subject_id(absl::StrCat("C-", i));
    absl::StatusOr<v1::QueryEventsResponse> found = (*old_log)->Query(request);
    ASSERT_TRUE(found.ok()) << found.status();
    EXPECT_THAT(Sequences(*found), ElementsAre(i));
  }
  absl::StatusOr<ChainVerification> chain = (*old_log)->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->ok()) << chain->detail;
  old_log->reset();
  RawDb raw(copy_path());
  EXPECT_EQ(raw.Blob("SELECT CAST(COUNT(*) AS BLOB) FROM subject_index"), "10");
  EXPECT_EQ(raw.Blob("SELECT CAST(indexed_upto AS BLOB) FROM subject_index_state"), "10");
}

// A forger who also recomputes the edited row's own hash moves the break to
// the next row, whose prev_hash still holds the original.
TEST_F(AuditTamperTest, EditingAndRehashingARowBreaksTheNextLink) {
  {
    RawDb raw(copy_path());
    EditActor(raw, 5, "someone-else");
    Rehash(raw, 5, 5);
  }
  ChainVerification chain = VerifyCopy();
  EXPECT_EQ(chain.fault, ChainFault::kBrokenLink) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 6);
  EXPECT_EQ(chain.verified_events, 5);
}

// Reported at 7, the missing position, not at 8 where the walk notices: rows
// 1..6 are intact and position 7 is the first that does not hold its row.
TEST_F(AuditTamperTest, DeletingARowIsASequenceBreakAtItsPosition) {
  ChainVerification chain = VerifyCopyAfter(
      "DELETE FROM events WHERE sequence = 7; DELETE FROM event_subjects WHERE sequence = 7");
  EXPECT_EQ(chain.fault, ChainFault::kSequenceBreak) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 7);
  EXPECT_EQ(chain.verified_events, 6);
  EXPECT_THAT(chain.detail, HasSubstr("position 7 is missing"));
}

// Renumber rows 5..10 to 6..11 and slot in a well-formed forged row 5,
// correctly linked to row 4 and correctly hashed. Row 5 verifies; the old
// row 5, now at 6, still links to row 4.
TEST_F(AuditTamperTest, InsertingAForgedRowBreaksTheLinkAfterIt) {
  {
    RawDb raw(copy_path());
    raw.Exec(
        "UPDATE events SET sequence = sequence + 1000 WHERE sequence >= 5;"
        "UPDATE events SET sequence = sequence - 999 WHERE sequence >= 1000;"
        "UPDATE event_subjects SET sequence = sequence + 1000 WHERE sequence >= 5;"
        "UPDATE event_subjects SET sequence = sequence - 999 WHERE sequence >= 1000;");
    const int64_t recorded_at_us = raw.Int("SELECT recorded_at_us FROM events WHERE sequence = 4") + 1;
    const std::string event_bytes =
        CanonicalEventBytes(TestEvent("forged").Actor("alibi").Build(), 5, recorded_at_us);
    const std::string prev = raw.Blob("SELECT row_hash FROM events WHERE sequence = 4");
    raw.ExecWithBlobs(
        absl::StrCat("INSERT INTO events (sequence, recorded_at_us, emitter, emitter_event_id, "
                     "actor, role, action, rpc, authority, scorecard_id, outcome, detail, event, "
                     "prev_hash, row_hash) VALUES (5, ",
                     recorded_at_us,
                     ", 'safeguarding', 'forged', 'alibi', '', 'read-measures', '', '', '', 0, "
                     "'', ?1, ?2, ?3)"),
        {event_bytes, prev, IndependentRowHash(prev, 5, recorded_at_us, event_bytes)});
    ASSERT_EQ(raw.Int("SELECT COUNT(*) FROM events"), kEvents + 1);
  }
  ChainVerification chain = VerifyCopy();
  EXPECT_EQ(chain.fault, ChainFault::kBrokenLink) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 6);
  EXPECT_EQ(chain.verified_events, 5);
}

TEST_F(AuditTamperTest, InsertingARowOutOfLineIsASequenceBreak) {
  {
    RawDb raw(copy_path());
    raw.Exec(
        "INSERT INTO events (sequence, recorded_at_us, emitter, emitter_event_id, actor, role, "
        "action, rpc, authority, scorecard_id, outcome, detail, event, prev_hash, row_hash) "
        "VALUES (20, 0, 'x', 'y', '', '', 'z', '', '', '', 0, '', x'', x'00', x'00')");
  }
  ChainVerification chain = VerifyCopy();
  EXPECT_EQ(chain.fault, ChainFault::kSequenceBreak) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, kEvents + 1);
  EXPECT_EQ(chain.verified_events, kEvents);
}

TEST_F(AuditTamperTest, InsertingARowBeforeTheFirstIsASequenceBreak) {
  {
    RawDb raw(copy_path());
    raw.Exec(
        "INSERT INTO events (sequence, recorded_at_us, emitter, emitter_event_id, actor, role, "
        "action, rpc, authority, scorecard_id, outcome, detail, event, prev_hash, row_hash) "
        "VALUES (0, 0, 'x', 'y', '', '', 'z', '', '', '', 0, '', x'', x'00', x'00')");
  }
  ChainVerification chain = VerifyCopy();
  EXPECT_EQ(chain.fault, ChainFault::kSequenceBreak) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 1);
  EXPECT_EQ(chain.verified_events, 0);
}

// Rows 3 and 8 trade everything but their position (hashes, subjects and
// all). Row 3 now carries row 8's prev_hash, so the link into it breaks.
TEST_F(AuditTamperTest, SwappingTwoRowsBreaksTheLinkAtTheFirst) {
  {
    RawDb raw(copy_path());
    raw.Exec(
        "UPDATE events SET sequence = -3 WHERE sequence = 3;"
        "UPDATE events SET sequence = 3 WHERE sequence = 8;"
        "UPDATE events SET sequence = 8 WHERE sequence = -3;"
        "UPDATE event_subjects SET sequence = -3 WHERE sequence = 3;"
        "UPDATE event_subjects SET sequence = 3 WHERE sequence = 8;"
        "UPDATE event_subjects SET sequence = 8 WHERE sequence = -3;");
    ASSERT_EQ(raw.Int("SELECT COUNT(*) FROM events WHERE emitter_event_id = 'e-8' AND sequence = 3"), 1);
  }
  ChainVerification chain = VerifyCopy();
  EXPECT_EQ(chain.fault, ChainFault::kBrokenLink) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 3);
  EXPECT_EQ(chain.verified_events, 2);
}

// Swapping only the contents, leaving each position's hashes in place, is
// caught one step earlier in the row: the contents no longer hash to row_hash.
TEST_F(AuditTamperTest, SwappingTwoRowsContentsIsAHashMismatch) {
  {
    RawDb raw(copy_path());
    const std::string event3 = raw.Blob("SELECT event FROM events WHERE sequence = 3");
    const std::string event8 = raw.Blob("SELECT event FROM events WHERE sequence = 8");
    raw.ExecWithBlobs("UPDATE events SET event = ?1 WHERE sequence = 3", {event8});
    raw.ExecWithBlobs("UPDATE events SET event = ?1 WHERE sequence = 8", {event3});
  }
  ChainVerification chain = VerifyCopy();
  EXPECT_EQ(chain.fault, ChainFault::kHashMismatch) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 3);
}

// Truncation leaves a shorter chain that is intact in itself: nothing in the
// remaining rows says more existed. VerifyChain reports it as ok with the
// verified length and head, and a caller holding an earlier (signed)
// checkpoint of the head sees the loss by comparing: fewer events, and the
// checkpointed row is gone. Those checkpoints are a later piece of work.
TEST_F(AuditTamperTest, CleanTruncationIsOnlyVisibleAgainstACheckpoint) {
  std::string row7_hash;
  {
    RawDb raw(copy_path());
    row7_hash = raw.Blob("SELECT row_hash FROM events WHERE sequence = 7");
    raw.Exec(
        "DELETE FROM events WHERE sequence > 7; DELETE FROM event_subjects WHERE sequence > 7;"
        "DELETE FROM subject_index WHERE sequence > 7;"
        "UPDATE subject_index_state SET indexed_upto = 7");
  }
  ChainVerification chain = VerifyCopy();
  EXPECT_TRUE(chain.ok()) << chain.detail;
  EXPECT_EQ(chain.verified_events, 7);
  EXPECT_EQ(chain.head_hash, row7_hash);
  // What a checkpoint comparison sees.
  EXPECT_LT(chain.verified_events, checkpoint_.sequence);
  EXPECT_NE(chain.head_hash, checkpoint_.row_hash);
}

// A careless truncation leaves the removed events' subjects behind.
TEST_F(AuditTamperTest, TruncationLeavingSubjectsBehindIsDetected) {
  ChainVerification chain = VerifyCopyAfter("DELETE FROM events WHERE sequence > 7");
  EXPECT_EQ(chain.fault, ChainFault::kTruncated) << chain.detail;
  EXPECT_EQ(chain.first_bad_sequence, 8);
  EXPECT_EQ(chain.verified_events, 7);
}

// A truncation that removes the events' subject rows everywhere but leaves the subject
// index's progress past the new end.
TEST_F(AuditTamperTest, TruncationBehindTheSubjectIndexIsDetected) {
  ChainVerification chain = VerifyCopyAfter(
      "DELETE FROM events WHERE sequence > 7; DELETE FROM event_subjects WHERE sequence > 7;"
      "DELETE FROM subject_index WHERE sequence > 7;");
  EXPECT_EQ(chain.fault, ChainFault::kTruncated) << chain.detail;
  EXPECT_EQ(chain.verified_events, 7);
  EXPECT_THAT(chain.detail, HasSubstr("indexed up to 8"));
}

// Like truncation, a rewrite of every hash from the edit onwards leaves a
// self-consistent chain; only the head differs from a checkpoint.
TEST_F(AuditTamperTest, RewritingTheRestOfTheChainIsOnlyVisibleAgainstACheckpoint) {
  {
    RawDb raw(copy_path());
    EditActor(raw, 5, "someone-else");
    Rehash(raw, 5, kEvents);
  }
  ChainVerification chain = VerifyCopy();
  EXPECT_TRUE(chain.ok()) << chain.detail;
  EXPECT_EQ(chain.verified_events, checkpoint_.sequence);
  EXPECT_NE(chain.head_hash, checkpoint_.row_hash);
}

// The store that wrote the log remembers its head, so while it is open it
// catches both of the above itself.
TEST_F(AuditTamperTest, TheWritingStoreNoticesTruncationAndRewriting) {
  Reopen();  // The original file, head loaded from it.
  {
    RawDb raw(path());
    EditActor(raw, 9, "someone-else");
    Rehash(raw, 9, kEvents);
  }
  absl::StatusOr<ChainVerification> rewritten = store_->VerifyChain();
  ASSERT_TRUE(rewritten.ok()) << rewritten.status();
  EXPECT_EQ(rewritten->fault, ChainFault::kRewritten) << rewritten->detail;
  EXPECT_EQ(rewritten->first_bad_sequence, kEvents);

  {
    RawDb raw(path());
    raw.Exec("DELETE FROM events WHERE sequence > 8; DELETE FROM event_subjects WHERE sequence > 8");
  }
  absl::StatusOr<ChainVerification> truncated = store_->VerifyChain();
  ASSERT_TRUE(truncated.ok()) << truncated.status();
  EXPECT_EQ(truncated->fault, ChainFault::kTruncated) << truncated->detail;
  EXPECT_EQ(truncated->first_bad_sequence, 9);
  EXPECT_EQ(truncated->verified_events, 8);
}

TEST_F(AuditTamperTest, AMalformedHeadRefusesAppendsButStillVerifies) {
  {
    RawDb raw(copy_path());
    raw.Exec("UPDATE events SET row_hash = x'00' WHERE sequence = 10");
  }
  absl::StatusOr<std::unique_ptr<AuditStore>> copy = AuditStore::Open(copy_path());
  ASSERT_TRUE(copy.ok()) << copy.status();
  v1::AppendEventsRequest request;
  *request.add_events() = TestEvent("after-damage").Build();
  EXPECT_EQ((*copy)->Append(request).status().code(), absl::StatusCode::kDataLoss);
  absl::StatusOr<ChainVerification> chain = (*copy)->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_EQ(chain->fault, ChainFault::kHashMismatch) << chain->detail;
  EXPECT_EQ(chain->first_bad_sequence, 10);
  EXPECT_EQ(chain->verified_events, 9);
}

// An acknowledged append survives the process being SIGKILLed at once: the
// child appends, reports "acked" only after Append returned OK, and the
// parent kills it as soon as the ack arrives.
TEST(AuditStoreDurabilityTest, AnAcknowledgedAppendSurvivesSigkill) {
  ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.File("audit.sqlite");

  int ack_pipe[2];
  ASSERT_EQ(pipe(ack_pipe), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Child: never return into the test framework; exit codes flag failures.
    close(ack_pipe[0]);
    absl::StatusOr<std::unique_ptr<AuditStore>> store = AuditStore::Open(path);
    if (!store.ok()) _exit(2);
    v1::AppendEventsRequest request;
    *request.add_events() = TestEvent("durable-1").Children({"C-7"}).Build();
    absl::StatusOr<v1::AppendEventsResponse> response = (*store)->Append(request);
    if (!response.ok() || response->stored() != 1) _exit(3);
    if (write(ack_pipe[1], "acked", 5) != 5) _exit(4);
    // Stay open, as a live server would, until killed; bounded in case the parent died.
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
  ASSERT_TRUE(WIFSIGNALED(wait_status));
  EXPECT_EQ(WTERMSIG(wait_status), SIGKILL);

  absl::StatusOr<std::unique_ptr<AuditStore>> reopened = AuditStore::Open(path);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  v1::QueryEventsRequest query;
  query.set_subject_id("C-7");
  absl::StatusOr<v1::QueryEventsResponse> found = (*reopened)->Query(query);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->events_size(), 1);
  EXPECT_EQ(found->events(0).emitter_event_id(), "durable-1");
  absl::StatusOr<ChainVerification> chain = (*reopened)->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->ok()) << chain->detail;
  EXPECT_EQ(chain->verified_events, 1);
}

}  // namespace
}  // namespace scorecard::audit
