// Copyright: the scorecard project.

#include "common/concurrency/executor.h"

#include <atomic>
#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

// Generous: these only bound a hang, they never pace a passing test.
constexpr absl::Duration kBoundedWait = absl::Seconds(10);

// Waits until `count` reaches `target` or the bounded wait ends.
bool WaitForCount(const std::atomic<int>& count, int target) {
  const absl::Time deadline = absl::Now() + kBoundedWait;
  while (count.load() < target) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

TEST(ExecutorTest, RunsEverySubmittedTask) {
  std::atomic<int> ran{0};
  Executor executor(4);
  for (int i = 0; i < 1000; ++i) executor.Submit([&ran] { ++ran; });
  EXPECT_TRUE(WaitForCount(ran, 1000)) << "only " << ran.load() << " ran";
}

TEST(ExecutorTest, RunsTasksOnAllThreadsAtOnce) {
  // Each task waits until all four have started; fewer than four concurrent
  // workers would leave some waiting until the bounded wait expires.
  constexpr int kThreads = 4;
  Executor executor(kThreads);
  std::atomic<int> started{0};
  std::atomic<int> saw_all_started{0};
  std::atomic<int> finished{0};
  for (int i = 0; i < kThreads; ++i) {
    executor.Submit([&] {
      ++started;
      if (WaitForCount(started, kThreads)) ++saw_all_started;
      ++finished;
    });
  }
  ASSERT_TRUE(WaitForCount(finished, kThreads));
  EXPECT_EQ(saw_all_started.load(), kThreads);
  EXPECT_EQ(executor.thread_count(), kThreads);
}

TEST(ExecutorTest, DestructorRunsQueuedWorkBeforeJoining) {
  std::atomic<int> ran{0};
  absl::Notification release_first_task;
  std::thread releaser;
  {
    Executor executor(1);
    executor.Submit([&] { release_first_task.WaitForNotificationWithTimeout(kBoundedWait); });
    for (int i = 0; i < 100; ++i) executor.Submit([&ran] { ++ran; });
    // The single worker is still blocked when the destructor starts, so the
    // 100 tasks are queued at shutdown.
    releaser = std::thread([&] {
      absl::SleepFor(absl::Milliseconds(50));
      release_first_task.Notify();
    });
  }
  releaser.join();
  EXPECT_EQ(ran.load(), 100);
}

TEST(ExecutorTest, WorkSubmittedByTasksDuringShutdownStillRuns) {
  std::atomic<int> ran{0};
  {
    Executor executor(2);
    for (int i = 0; i < 10; ++i) {
      executor.Submit([&executor, &ran] {
        absl::SleepFor(absl::Milliseconds(1));
        executor.Submit([&ran] { ++ran; });
      });
    }
  }
  EXPECT_EQ(ran.load(), 10);
}

TEST(ExecutorTest, AcceptsMoveOnlyTasks) {
  absl::Notification done;
  auto value = std::make_unique<int>(42);
  std::atomic<int> seen{0};
  Executor executor(1);
  executor.Submit([value = std::move(value), &seen, &done] {
    seen = *value;
    done.Notify();
  });
  ASSERT_TRUE(done.WaitForNotificationWithTimeout(kBoundedWait));
  EXPECT_EQ(seen.load(), 42);
}

TEST(ExecutorTest, NonPositiveThreadCountStillRunsWork) {
  absl::Notification done;
  Executor executor(0);
  EXPECT_EQ(executor.thread_count(), 1);
  executor.Submit([&done] { done.Notify(); });
  EXPECT_TRUE(done.WaitForNotificationWithTimeout(kBoundedWait));
}

}  // namespace
}  // namespace scorecard
