// Copyright: the scorecard project.
//
// A circuit breaker: stops calling a dependency that keeps failing, and
// probes it again after a pause.
//
//   scorecard::CircuitBreaker breaker(/*failure_threshold=*/3,
//                                     /*open_interval=*/absl::Seconds(1));
//   if (!breaker.Allow(absl::Now())) return std::nullopt;  // no network
//   if (CallRedis()) {
//     breaker.RecordSuccess();
//   } else {
//     breaker.RecordFailure(absl::Now());
//   }
//
// Closed: calls go through; `failure_threshold` consecutive failures open it.
// Open: Allow() refuses for `open_interval`, so a dead or stalled dependency
// costs callers nothing. After that the breaker is half-open: Allow() admits
// exactly one trial call and refuses the rest until its outcome is recorded.
// A successful trial closes the breaker; a failed one reopens it for another
// `open_interval`.
//
// Every call that Allow() admitted must record exactly one outcome, or a
// half-open breaker would wait for its trial forever.
//
// Times are passed in rather than read from a clock so tests can drive them.
// Thread-safe. Never throws.

#ifndef SCORECARD_COMMON_CACHE_CIRCUIT_BREAKER_H_
#define SCORECARD_COMMON_CACHE_CIRCUIT_BREAKER_H_

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace scorecard {

enum class BreakerState { kClosed, kOpen, kHalfOpen };

// "closed", "open" or "half-open", for health pages and logs.
absl::string_view BreakerStateName(BreakerState state);

class CircuitBreaker {
 public:
  // A threshold below 1 is treated as 1.
  CircuitBreaker(int failure_threshold, absl::Duration open_interval);

  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // Whether a call may be made at `now`. Moves open to half-open once the
  // open interval has passed, admitting this caller as the trial.
  bool Allow(absl::Time now);

  void RecordSuccess();
  void RecordFailure(absl::Time now);

  BreakerState state() const;

 private:
  const int failure_threshold_;
  const absl::Duration open_interval_;

  mutable absl::Mutex mu_;
  BreakerState state_ ABSL_GUARDED_BY(mu_) = BreakerState::kClosed;
  int consecutive_failures_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time opened_at_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool trial_in_flight_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_CACHE_CIRCUIT_BREAKER_H_
