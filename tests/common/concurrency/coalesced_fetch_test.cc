// Copyright: the scorecard project.

#include "common/concurrency/coalesced_fetch.h"

#include <atomic>
#include <deque>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

using Versions = CoalescedFetch<int64_t>;

// A data version that writes move on, and fetches the test answers by hand. A fetch
// answers with the version as it was when the fetch started: the oldest value a real
// server could return, so the barrier gets no help from the fake.
class ManualSource {
 public:
  Versions::Fetch AsFetch() {
    return [this](const std::string& key, std::function<void(absl::StatusOr<int64_t>)> done) {
      absl::MutexLock lock(&mu_);
      pending_.push_back({key, version_, std::move(done)});
    };
  }

  void Write() {
    absl::MutexLock lock(&mu_);
    ++version_;
  }
  int64_t version() {
    absl::MutexLock lock(&mu_);
    return version_;
  }
  int pending() {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(pending_.size());
  }
  // Answers the oldest fetch still running, with `error` if given. False if none runs.
  bool AnswerOldest(std::optional<absl::Status> error = std::nullopt) {
    Fetch fetch;
    {
      absl::MutexLock lock(&mu_);
      if (pending_.empty()) return false;
      fetch = std::move(pending_.front());
      pending_.pop_front();
    }
    if (error.has_value()) {
      fetch.done(*error);
    } else {
      fetch.done(fetch.version_at_start);
    }
    return true;
  }

 private:
  struct Fetch {
    std::string key;
    int64_t version_at_start = 0;
    std::function<void(absl::StatusOr<int64_t>)> done;
  };
  absl::Mutex mu_;
  int64_t version_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<Fetch> pending_ ABSL_GUARDED_BY(mu_);
};

// What one caller was told.
struct Answer {
  std::optional<absl::StatusOr<int64_t>> value;
  Versions::Done Recorder() {
    return [this](const absl::StatusOr<int64_t>& v) { value = v; };
  }
};

TEST(CoalescedFetchTest, ACallerArrivingDuringAFetchWaitsForTheNextOne) {
  ManualSource source;
  Versions versions(source.AsFetch());
  Answer early;
  Answer late;
  versions.Get("869", early.Recorder());  // fetch 1 starts at version 0
  source.Write();                         // acknowledged: version 1
  versions.Get("869", late.Recorder());   // arrives during fetch 1
  EXPECT_EQ(source.pending(), 1) << "at most one fetch per key in flight";

  ASSERT_TRUE(source.AnswerOldest());  // fetch 1 answers 0
  ASSERT_TRUE(early.value.has_value());
  EXPECT_EQ(**early.value, 0);
  EXPECT_FALSE(late.value.has_value()) << "fetch 1 started before the late caller arrived";
  EXPECT_EQ(source.pending(), 1) << "fetch 2 starts as fetch 1 finishes";

  ASSERT_TRUE(source.AnswerOldest());  // fetch 2 started at version 1
  ASSERT_TRUE(late.value.has_value());
  EXPECT_EQ(**late.value, 1) << "the write acknowledged before the late caller arrived";
  EXPECT_EQ(source.pending(), 0);
  EXPECT_EQ(versions.fetches_started(), 2);
}

TEST(CoalescedFetchTest, ManyCallersDuringOneFetchShareTheNext) {
  constexpr int kCallers = 100;
  ManualSource source;
  Versions versions(source.AsFetch());
  std::vector<Answer> answers(kCallers);
  for (Answer& answer : answers) versions.Get("869", answer.Recorder());
  while (source.AnswerOldest()) {
  }
  for (const Answer& answer : answers) ASSERT_TRUE(answer.value.has_value());
  // The first caller's fetch, then one for the 99 that arrived during it.
  EXPECT_EQ(versions.fetches_started(), 2);
}

TEST(CoalescedFetchTest, KeysAreFetchedIndependently) {
  ManualSource source;
  Versions versions(source.AsFetch());
  Answer a;
  Answer b;
  versions.Get("869", a.Recorder());
  versions.Get("870", b.Recorder());
  EXPECT_EQ(source.pending(), 2) << "another key does not wait";
  while (source.AnswerOldest()) {
  }
  EXPECT_TRUE(a.value.has_value());
  EXPECT_TRUE(b.value.has_value());
}

TEST(CoalescedFetchTest, AnErrorReachesEveryWaitingCallerAndTheNextFetchIsFresh) {
  ManualSource source;
  Versions versions(source.AsFetch());
  Answer first;
  Answer second;
  Answer third;
  versions.Get("869", first.Recorder());   // starts fetch 1
  versions.Get("869", second.Recorder());  // queued for fetch 2
  versions.Get("869", third.Recorder());
  ASSERT_TRUE(source.AnswerOldest(absl::UnavailableError("down")));
  for (const Answer* answer : {&first, &second, &third}) {
    ASSERT_TRUE(answer->value.has_value());
    EXPECT_EQ(answer->value->status().code(), absl::StatusCode::kUnavailable);
  }
  // A down source costs the queued callers one wait, not two.
  EXPECT_EQ(source.pending(), 0);
  EXPECT_EQ(versions.fetches_started(), 1);

  source.Write();
  Answer after;
  versions.Get("869", after.Recorder());
  ASSERT_TRUE(source.AnswerOldest());
  ASSERT_TRUE(after.value.has_value());
  EXPECT_EQ(**after.value, 1);
}

TEST(CoalescedFetchTest, AFetchAnsweringInlineNeitherDeadlocksNorRecurses) {
  std::atomic<int64_t> version{0};
  Versions versions([&](const std::string&, std::function<void(absl::StatusOr<int64_t>)> done) {
    done(version.load());
  });
  Answer answer;
  versions.Get("869", answer.Recorder());
  ASSERT_TRUE(answer.value.has_value());
  EXPECT_EQ(**answer.value, 0);

  // A caller's callback may ask again, on the same key, from inside the answer.
  ++version;
  Answer nested;
  versions.Get("869", [&](const absl::StatusOr<int64_t>&) {
    versions.Get("869", nested.Recorder());
  });
  ASSERT_TRUE(nested.value.has_value());
  EXPECT_EQ(**nested.value, 1);
}

TEST(CoalescedFetchTest, ConcurrentCallersAlwaysSeeEveryEarlierWrite) {
  constexpr int kThreads = 4;
  constexpr int kCallsEach = 300;
  std::atomic<int64_t> version{0};
  // Answers from another thread, as gRPC does: each fetch reads the version when it
  // starts and answers a little later, while writes keep landing.
  absl::Mutex mu;
  std::deque<std::pair<int64_t, std::function<void(absl::StatusOr<int64_t>)>>> queue;
  std::thread answerer([&] {
    while (true) {
      std::pair<int64_t, std::function<void(absl::StatusOr<int64_t>)>> next;
      {
        absl::MutexLock lock(&mu);
        mu.Await(absl::Condition(
            +[](decltype(queue)* q) { return !q->empty(); }, &queue));
        next = std::move(queue.front());
        queue.pop_front();
      }
      if (!next.second) return;  // the stop marker
      ++version;                 // a write acknowledged while the fetch runs
      next.second(next.first);
    }
  });
  Versions versions([&](const std::string&, std::function<void(absl::StatusOr<int64_t>)> done) {
    absl::MutexLock lock(&mu);
    queue.emplace_back(version.load(), std::move(done));
  });

  std::atomic<int> stale{0};
  std::atomic<int> answered{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&] {
      for (int i = 0; i < kCallsEach; ++i) {
        const int64_t acknowledged = version.load();
        absl::Notification done;
        versions.Get("869", [&](const absl::StatusOr<int64_t>& v) {
          if (!v.ok() || *v < acknowledged) ++stale;
          ++answered;
          done.Notify();
        });
        ASSERT_TRUE(done.WaitForNotificationWithTimeout(absl::Seconds(10))) << "hung";
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  {
    absl::MutexLock lock(&mu);
    queue.emplace_back(0, nullptr);
  }
  answerer.join();

  EXPECT_EQ(answered.load(), kThreads * kCallsEach);
  EXPECT_EQ(stale.load(), 0);
  EXPECT_LE(versions.fetches_started(), kThreads * kCallsEach);
}

}  // namespace
}  // namespace scorecard
