// Copyright: the scorecard project.
//
// Collapses concurrent computations of the same key into one.
//
//   scorecard::SingleFlight<Scorecard> flights;
//   auto result = flights.Do(cache_key, [&] { return ComputeScorecard(request); });
//   // result.value is the scorecard; result.shared says whether another
//   // caller computed it while this one waited.
//
// When a popular scorecard falls out of the cache, many requests miss at once;
// without this they would all hit SQLite and compute the same answer (a cache
// stampede). With it, the first caller for a key computes and every caller
// that arrives while it runs waits and receives a copy of the same value.
//
// Nothing is remembered once a computation finishes: a later call computes
// again. Caching is the caller's job; this only removes duplicate work in
// flight.
//
// `compute` must not call Do() with the same key (it would wait for itself).
// If `compute` unwinds with an exception, its waiters do not hang: one of them
// computes instead. T must be copyable. Thread-safe. Never throws itself.

#ifndef SCORECARD_COMMON_CONCURRENCY_SINGLE_FLIGHT_H_
#define SCORECARD_COMMON_CONCURRENCY_SINGLE_FLIGHT_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/cleanup/cleanup.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"

namespace scorecard {

template <typename T>
class SingleFlight {
 public:
  struct Result {
    T value;
    // False for the caller that ran `compute`; true for callers that waited.
    bool shared;
  };

  SingleFlight() = default;
  SingleFlight(const SingleFlight&) = delete;
  SingleFlight& operator=(const SingleFlight&) = delete;

  Result Do(const std::string& key, absl::FunctionRef<T()> compute);

  // How many callers are waiting on the computation for `key` now (0 if none
  // runs). For monitoring how much work is being saved, and for tests.
  int WaitingCallers(const std::string& key) const;

 private:
  struct Flight {
    absl::Notification done;
    // Empty after `done` only if the computing caller unwound.
    std::optional<T> value;
    // Callers that joined; guarded by SingleFlight::mu_ while in flights_.
    int waiting = 0;
  };

  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<Flight>> flights_
      ABSL_GUARDED_BY(mu_);
};

template <typename T>
typename SingleFlight<T>::Result SingleFlight<T>::Do(
    const std::string& key, absl::FunctionRef<T()> compute) {
  while (true) {
    std::shared_ptr<Flight> flight;
    bool leader = false;
    {
      absl::MutexLock lock(&mu_);
      std::shared_ptr<Flight>& slot = flights_[key];
      if (slot == nullptr) {
        slot = std::make_shared<Flight>();
        leader = true;
      } else {
        ++slot->waiting;
      }
      flight = slot;
    }

    if (leader) {
      // Runs on normal return and on unwinding, so waiters always wake.
      // The key is removed before waking them: a caller arriving after the
      // value exists starts a fresh computation rather than reusing it.
      auto finish = absl::MakeCleanup([this, &key, &flight] {
        {
          absl::MutexLock lock(&mu_);
          flights_.erase(key);
        }
        flight->done.Notify();
      });
      flight->value.emplace(compute());
      return Result{*flight->value, /*shared=*/false};
    }

    flight->done.WaitForNotification();
    if (flight->value.has_value()) return Result{*flight->value, /*shared=*/true};
    // The computing caller unwound without a value: try again, possibly as
    // the new leader.
  }
}

template <typename T>
int SingleFlight<T>::WaitingCallers(const std::string& key) const {
  absl::MutexLock lock(&mu_);
  auto it = flights_.find(key);
  return it == flights_.end() ? 0 : it->second->waiting;
}

}  // namespace scorecard

#endif  // SCORECARD_COMMON_CONCURRENCY_SINGLE_FLIGHT_H_
