// Copyright: the scorecard project.

#include "common/cache/circuit_breaker.h"

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

constexpr absl::Duration kOpenInterval = absl::Seconds(1);

class CircuitBreakerTest : public ::testing::Test {
 protected:
  // Times are arbitrary but fixed, so nothing depends on the wall clock.
  const absl::Time start_ = absl::FromUnixSeconds(1'700'000'000);
  CircuitBreaker breaker_{/*failure_threshold=*/3, kOpenInterval};

  void FailTimes(int failures, absl::Time now) {
    for (int i = 0; i < failures; ++i) {
      ASSERT_TRUE(breaker_.Allow(now));
      breaker_.RecordFailure(now);
    }
  }
};

TEST_F(CircuitBreakerTest, StaysClosedBelowTheThreshold) {
  FailTimes(2, start_);
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
  EXPECT_TRUE(breaker_.Allow(start_));
}

TEST_F(CircuitBreakerTest, SuccessResetsTheConsecutiveFailureCount) {
  FailTimes(2, start_);
  breaker_.RecordSuccess();
  FailTimes(2, start_);
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
}

TEST_F(CircuitBreakerTest, OpensAtTheThresholdAndRefusesUntilTheIntervalPasses) {
  FailTimes(3, start_);
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
  EXPECT_FALSE(breaker_.Allow(start_));
  EXPECT_FALSE(breaker_.Allow(start_ + kOpenInterval - absl::Milliseconds(1)));
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
}

TEST_F(CircuitBreakerTest, AdmitsExactlyOneTrialWhenHalfOpen) {
  FailTimes(3, start_);
  const absl::Time later = start_ + kOpenInterval;
  EXPECT_TRUE(breaker_.Allow(later));
  EXPECT_EQ(breaker_.state(), BreakerState::kHalfOpen);
  EXPECT_FALSE(breaker_.Allow(later));
  EXPECT_FALSE(breaker_.Allow(later + absl::Hours(1)));
}

TEST_F(CircuitBreakerTest, SuccessfulTrialCloses) {
  FailTimes(3, start_);
  const absl::Time later = start_ + kOpenInterval;
  ASSERT_TRUE(breaker_.Allow(later));
  breaker_.RecordSuccess();
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
  EXPECT_TRUE(breaker_.Allow(later));
  EXPECT_TRUE(breaker_.Allow(later));
}

TEST_F(CircuitBreakerTest, FailedTrialReopensForAFullInterval) {
  FailTimes(3, start_);
  const absl::Time trial_time = start_ + kOpenInterval + absl::Milliseconds(500);
  ASSERT_TRUE(breaker_.Allow(trial_time));
  breaker_.RecordFailure(trial_time);
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
  // The interval restarts from the failed trial, not from the first opening.
  EXPECT_FALSE(breaker_.Allow(trial_time + kOpenInterval - absl::Milliseconds(1)));
  EXPECT_TRUE(breaker_.Allow(trial_time + kOpenInterval));
}

TEST(CircuitBreakerThresholdTest, NonPositiveThresholdOpensOnFirstFailure) {
  CircuitBreaker breaker(/*failure_threshold=*/0, kOpenInterval);
  const absl::Time now = absl::FromUnixSeconds(1'700'000'000);
  ASSERT_TRUE(breaker.Allow(now));
  breaker.RecordFailure(now);
  EXPECT_EQ(breaker.state(), BreakerState::kOpen);
}

TEST(BreakerStateNameTest, NamesEveryState) {
  EXPECT_EQ(BreakerStateName(BreakerState::kClosed), "closed");
  EXPECT_EQ(BreakerStateName(BreakerState::kOpen), "open");
  EXPECT_EQ(BreakerStateName(BreakerState::kHalfOpen), "half-open");
}

}  // namespace
}  // namespace scorecard
