#include "common/concurrency/run_concurrently.h"

#include <atomic>
#include <functional>
#include <set>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

TEST(RunConcurrentlyTest, RunsEveryTaskOnce) {
  std::vector<std::atomic<int>> runs(20);
  std::vector<std::function<absl::Status()>> tasks;
  for (size_t i = 0; i < runs.size(); ++i) {
    tasks.push_back([&runs, i] {
      ++runs[i];
      return absl::OkStatus();
    });
  }
  EXPECT_TRUE(RunConcurrently(tasks, 3).ok());
  for (const std::atomic<int>& n : runs) EXPECT_EQ(n.load(), 1);
}

TEST(RunConcurrentlyTest, UsesAnotherThreadWhenAsked) {
  // Two tasks that each wait for the other to start can only finish if they run at once.
  std::atomic<int> started{0};
  const auto meet = [&] {
    ++started;
    for (int spins = 0; started.load() < 2 && spins < 2000; ++spins) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return started.load() == 2 ? absl::OkStatus() : absl::DeadlineExceededError("alone");
  };
  std::vector<std::function<absl::Status()>> tasks = {meet, meet};
  EXPECT_TRUE(RunConcurrently(tasks, 1).ok());
}

TEST(RunConcurrentlyTest, NoExtraThreadsRunsInOrderOnTheCaller) {
  std::vector<int> order;
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<std::function<absl::Status()>> tasks;
  for (int i = 0; i < 3; ++i) {
    tasks.push_back([&, i] {
      EXPECT_EQ(std::this_thread::get_id(), caller);
      order.push_back(i);
      return absl::OkStatus();
    });
  }
  EXPECT_TRUE(RunConcurrently(tasks, 0).ok());
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2}));
}

TEST(RunConcurrentlyTest, ReturnsTheFirstErrorInTaskOrderAfterRunningAll) {
  std::atomic<int> ran{0};
  std::vector<std::function<absl::Status()>> tasks = {
      [&] { ++ran; return absl::OkStatus(); },
      [&] { ++ran; return absl::NotFoundError("second"); },
      [&] { ++ran; return absl::InternalError("third"); },
      [&] { ++ran; return absl::OkStatus(); }};
  const absl::Status status = RunConcurrently(tasks, 2);
  EXPECT_EQ(status, absl::NotFoundError("second"));
  EXPECT_EQ(ran.load(), 4);
}

TEST(RunConcurrentlyTest, NoTasksIsOk) {
  EXPECT_TRUE(RunConcurrently({}, 4).ok());
}

}  // namespace
}  // namespace scorecard
