// Copyright: the scorecard project.

#include "common/concurrency/single_flight.h"

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

// Generous: these only bound a hang, they never pace a passing test.
constexpr absl::Duration kBoundedWait = absl::Seconds(10);

template <typename Predicate>
bool WaitUntil(Predicate done) {
  const absl::Time deadline = absl::Now() + kBoundedWait;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

TEST(SingleFlightTest, ConcurrentCallersOnOneKeyComputeOnce) {
  constexpr int kCallers = 16;
  SingleFlight<std::string> flights;
  std::atomic<int> computations{0};
  absl::Notification release;
  std::vector<SingleFlight<std::string>::Result> results(
      kCallers, {std::string(), false});

  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&, i] {
      results[i] = flights.Do("scorecard:LA1:2024", [&] {
        ++computations;
        release.WaitForNotificationWithTimeout(kBoundedWait);
        return std::string("computed");
      });
    });
  }
  // Hold the computation until every other caller has joined it, so none
  // can arrive late and start a second one.
  const bool all_joined = WaitUntil(
      [&] { return flights.WaitingCallers("scorecard:LA1:2024") == kCallers - 1; });
  release.Notify();
  for (std::thread& caller : callers) caller.join();

  ASSERT_TRUE(all_joined);
  EXPECT_EQ(computations.load(), 1);
  int computed_here = 0;
  for (const auto& result : results) {
    EXPECT_EQ(result.value, "computed");
    if (!result.shared) ++computed_here;
  }
  EXPECT_EQ(computed_here, 1);
  EXPECT_EQ(flights.WaitingCallers("scorecard:LA1:2024"), 0);
}

TEST(SingleFlightTest, DifferentKeysComputeSeparatelyAndConcurrently) {
  SingleFlight<int> flights;
  std::atomic<int> started{0};
  // Each computation waits for the other to start: if keys were serialized
  // (or merged) one would wait out the bounded wait and report false.
  auto compute = [&](int value) {
    return [&, value] {
      ++started;
      const bool overlapped = WaitUntil([&] { return started.load() == 2; });
      return overlapped ? value : -1;
    };
  };
  SingleFlight<int>::Result a{0, true};
  SingleFlight<int>::Result b{0, true};
  std::thread first([&] { a = flights.Do("a", compute(1)); });
  std::thread second([&] { b = flights.Do("b", compute(2)); });
  first.join();
  second.join();

  EXPECT_EQ(a.value, 1);
  EXPECT_EQ(b.value, 2);
  EXPECT_FALSE(a.shared);
  EXPECT_FALSE(b.shared);
  EXPECT_EQ(started.load(), 2);
}

TEST(SingleFlightTest, FinishedComputationIsNotReused) {
  SingleFlight<int> flights;
  int computations = 0;
  auto first = flights.Do("k", [&] { return ++computations; });
  auto second = flights.Do("k", [&] { return ++computations; });
  EXPECT_EQ(first.value, 1);
  EXPECT_EQ(second.value, 2);
  EXPECT_FALSE(first.shared);
  EXPECT_FALSE(second.shared);
}

#ifdef __cpp_exceptions
TEST(SingleFlightTest, WaiterComputesWhenTheComputingCallerUnwinds) {
  SingleFlight<int> flights;
  absl::Notification release;
  std::atomic<bool> leader_started{false};
  std::atomic<bool> leader_threw{false};
  std::thread leader([&] {
    try {
      flights.Do("k", [&]() -> int {
        leader_started = true;
        release.WaitForNotificationWithTimeout(kBoundedWait);
        throw std::runtime_error("compute failed");
      });
    } catch (const std::runtime_error&) {
      leader_threw = true;
    }
  });
  const bool leader_in_flight = WaitUntil([&] { return leader_started.load(); });

  SingleFlight<int>::Result waiter_result{0, true};
  std::thread waiter([&] { waiter_result = flights.Do("k", [] { return 7; }); });
  const bool waiter_joined =
      WaitUntil([&] { return flights.WaitingCallers("k") == 1; });
  release.Notify();
  leader.join();
  waiter.join();

  ASSERT_TRUE(leader_in_flight);
  ASSERT_TRUE(waiter_joined);
  EXPECT_TRUE(leader_threw.load());
  EXPECT_EQ(waiter_result.value, 7);
  EXPECT_FALSE(waiter_result.shared);  // It had to compute after all.
}
#endif

}  // namespace
}  // namespace scorecard
