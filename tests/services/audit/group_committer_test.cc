#include "services/audit/group_committer.h"

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/audit/audit_store.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/audit/audit_test_util.h"

namespace scorecard::audit {
namespace {

using ::testing::HasSubstr;

class GroupCommitterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<std::unique_ptr<AuditStore>> store = AuditStore::Open(dir_.File("audit.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  ScopedTempDir dir_;
  std::unique_ptr<AuditStore> store_;
};

// The point of group commit: many concurrent callers, every event lands in
// one intact chain, and the store commits fewer transactions than there were
// calls. Each thread waits for its ack before its next call, as an emitter does.
TEST_F(GroupCommitterTest, ConcurrentAppendsLandInOneChainWithFewerTransactions) {
  constexpr int kThreads = 16;
  constexpr int kCallsEach = 25;
  constexpr int kEventsPerCall = 2;
  GroupCommitOptions options;
  options.max_delay = absl::Milliseconds(5);
  std::atomic<int64_t> committed_events{0};
  options.on_commit = [&committed_events](const ChainHead&, int64_t stored) {
    committed_events += stored;
  };
  int64_t transactions_before = store_->CommittedTransactions();
  {
    GroupCommitter committer(store_.get(), options);
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int call = 0; call < kCallsEach; ++call) {
          v1::AppendEventsRequest request;
          for (int e = 0; e < kEventsPerCall; ++e) {
            *request.add_events() =
                TestEvent(absl::StrCat(t, "-", call, "-", e)).Actor(absl::StrCat("t", t)).Build();
          }
          absl::StatusOr<v1::AppendEventsResponse> response = committer.Append(request);
          if (!response.ok() || response->stored() != kEventsPerCall ||
              response->last_sequence() < kEventsPerCall) {
            ++failures;
          }
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
    const GroupCommitter::Stats stats = committer.stats();
    EXPECT_EQ(stats.requests, kThreads * kCallsEach);
    EXPECT_LT(stats.groups, stats.requests);
  }
  const int64_t calls = kThreads * kCallsEach;
  const int64_t transactions = store_->CommittedTransactions() - transactions_before;
  EXPECT_GT(transactions, 0);
  EXPECT_LT(transactions, calls) << "no two calls shared a transaction";
  EXPECT_EQ(committed_events.load(), calls * kEventsPerCall);

  absl::StatusOr<ChainVerification> chain = store_->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->ok()) << chain->detail;
  EXPECT_EQ(chain->verified_events, calls * kEventsPerCall);

  // Every event exactly once, and each caller's events in its call order.
  std::set<std::string> ids;
  v1::QueryEventsRequest query;
  query.set_page_size(1000);
  for (int page = 0; page < 10; ++page) {
    absl::StatusOr<v1::QueryEventsResponse> found = store_->Query(query);
    ASSERT_TRUE(found.ok()) << found.status();
    for (const v1::AuditEvent& event : found->events()) ids.insert(event.emitter_event_id());
    if (found->next_page_token().empty()) break;
    query.set_page_token(found->next_page_token());
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(calls * kEventsPerCall));
  v1::QueryEventsRequest one_thread;
  one_thread.set_actor("t7");
  one_thread.set_page_size(1000);
  absl::StatusOr<v1::QueryEventsResponse> mine = store_->Query(one_thread);
  ASSERT_TRUE(mine.ok()) << mine.status();
  ASSERT_EQ(mine->events_size(), kCallsEach * kEventsPerCall);
  for (int i = 0; i < mine->events_size(); ++i) {
    EXPECT_EQ(mine->events(i).emitter_event_id(),
              absl::StrCat("7-", i / kEventsPerCall, "-", i % kEventsPerCall));
  }
}

// Requests submitted together share one transaction, but an invalid one is
// refused alone and the others are stored.
TEST_F(GroupCommitterTest, AnInvalidRequestFailsAloneWithinItsGroup) {
  GroupCommitOptions options;
  options.max_delay = absl::Seconds(5);  // Only max_events closes this group.
  options.max_events = 3;
  const int64_t transactions_before = store_->CommittedTransactions();
  v1::AppendEventsRequest first, bad, last;
  *first.add_events() = TestEvent("a").Build();
  *bad.add_events() = TestEvent("b").Authority("86").Build();
  *last.add_events() = TestEvent("c").Build();
  absl::StatusOr<v1::AppendEventsResponse> results[3];
  absl::Notification answered[3];
  {
    GroupCommitter committer(store_.get(), options);
    const v1::AppendEventsRequest* requests[] = {&first, &bad, &last};
    for (int i = 0; i < 3; ++i) {
      committer.Submit(requests[i], [&, i](absl::StatusOr<v1::AppendEventsResponse> result) {
        results[i] = std::move(result);
        answered[i].Notify();
      });
    }
    for (absl::Notification& done : answered) {
      ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(30)));
    }
    EXPECT_EQ(committer.stats().groups, 1);
  }
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  EXPECT_EQ(results[0]->stored(), 1);
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(results[1].status().message()), HasSubstr("events[0].authority"));
  ASSERT_TRUE(results[2].ok()) << results[2].status();
  EXPECT_EQ(results[2]->stored(), 1);
  EXPECT_EQ(results[2]->last_sequence(), 2);
  EXPECT_EQ(store_->CommittedTransactions() - transactions_before, 1);
}

// A lone caller is not held for long: max_delay bounds its wait.
TEST_F(GroupCommitterTest, ALoneAppendIsAnsweredAfterAtMostTheDelay) {
  GroupCommitOptions options;
  options.max_delay = absl::Milliseconds(50);
  GroupCommitter committer(store_.get(), options);
  v1::AppendEventsRequest request;
  *request.add_events() = TestEvent("alone").Build();
  const absl::Time start = absl::Now();
  absl::StatusOr<v1::AppendEventsResponse> response = committer.Append(request);
  const absl::Duration took = absl::Now() - start;
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->stored(), 1);
  EXPECT_GE(took, absl::Milliseconds(45));  // It did wait for company ...
  EXPECT_LT(took, absl::Seconds(5));        // ... but not unboundedly.
}

// An acknowledgement means durable: a second connection sees the events as
// soon as Append returns, and resending them stores nothing.
TEST_F(GroupCommitterTest, AcknowledgedMeansCommittedAndResendsAreDeduplicated) {
  GroupCommitter committer(store_.get(), GroupCommitOptions());
  v1::AppendEventsRequest request;
  *request.add_events() = TestEvent("d-1").Build();
  *request.add_events() = TestEvent("d-2").Build();
  absl::StatusOr<v1::AppendEventsResponse> first = committer.Append(request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->stored(), 2);

  absl::StatusOr<std::unique_ptr<AuditStore>> other = AuditStore::Open(dir_.File("audit.sqlite"));
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_EQ((*other)->Head().sequence, 2);

  absl::StatusOr<v1::AppendEventsResponse> again = committer.Append(request);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->stored(), 0);
  EXPECT_EQ(again->last_sequence(), 2);
}

// Destruction answers everything submitted, committed, not dropped.
TEST_F(GroupCommitterTest, DestructionCommitsWhatIsPending) {
  v1::AppendEventsRequest request;
  *request.add_events() = TestEvent("late").Build();
  absl::StatusOr<v1::AppendEventsResponse> result = absl::UnknownError("not answered");
  const absl::Time start = absl::Now();
  {
    GroupCommitOptions options;
    options.max_delay = absl::Seconds(30);  // Only shutdown closes the group.
    GroupCommitter committer(store_.get(), options);
    committer.Submit(
        &request, [&result](absl::StatusOr<v1::AppendEventsResponse> r) { result = std::move(r); });
  }
  EXPECT_LT(absl::Now() - start, absl::Seconds(10)) << "shutdown waited out the delay";
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->stored(), 1);
  EXPECT_EQ(store_->Head().sequence, 1);
}

}  // namespace
}  // namespace scorecard::audit
