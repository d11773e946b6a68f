// Copyright: the scorecard project.

#include "common/cache/circuit_breaker.h"

namespace scorecard {

absl::string_view BreakerStateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed:
      return "closed";
    case BreakerState::kOpen:
      return "open";
    case BreakerState::kHalfOpen:
      return "half-open";
  }
  return "unknown";
}

CircuitBreaker::CircuitBreaker(int failure_threshold,
                               absl::Duration open_interval)
    : failure_threshold_(failure_threshold < 1 ? 1 : failure_threshold),
      open_interval_(open_interval) {}

bool CircuitBreaker::Allow(absl::Time now) {
  absl::MutexLock lock(&mu_);
  switch (state_) {
    case BreakerState::kClosed:
      return true;
    case BreakerState::kOpen:
      if (now < opened_at_ + open_interval_) return false;
      state_ = BreakerState::kHalfOpen;
      trial_in_flight_ = true;
      return true;
    case BreakerState::kHalfOpen:
      // One probe at a time: a struggling dependency gets one call, not a
      // burst from every waiting thread.
      if (trial_in_flight_) return false;
      trial_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::RecordSuccess() {
  absl::MutexLock lock(&mu_);
  consecutive_failures_ = 0;
  state_ = BreakerState::kClosed;
  trial_in_flight_ = false;
}

void CircuitBreaker::RecordFailure(absl::Time now) {
  absl::MutexLock lock(&mu_);
  ++consecutive_failures_;
  const bool trial_failed = state_ == BreakerState::kHalfOpen;
  const bool threshold_reached = state_ == BreakerState::kClosed &&
                                 consecutive_failures_ >= failure_threshold_;
  if (trial_failed || threshold_reached) {
    state_ = BreakerState::kOpen;
    opened_at_ = now;
    trial_in_flight_ = false;
  }
}

BreakerState CircuitBreaker::state() const {
  absl::MutexLock lock(&mu_);
  return state_;
}

}  // namespace scorecard
