// Copyright: the scorecard project.
//
// A read barrier: coalesces asynchronous fetches of a value that changes (a data
// version) without ever answering a caller with a value read before it arrived.
//
//   scorecard::CoalescedFetch<int64_t> versions(
//       [source](const std::string& authority, auto done) {
//         source->GetDataVersion(authority, std::move(done));
//       });
//   versions.Get("869", [](const absl::StatusOr<int64_t>& version) { ... });
//
// Per key at most one fetch is in flight. A caller arriving while none runs starts
// one; callers arriving while one runs wait for the next, which starts when the
// running one finishes and answers all of them. So every caller's answer comes from a
// fetch that started after it arrived (anything acknowledged before the call is in
// it), and N concurrent callers cost about two fetches, not N.
//
// A failed fetch's error reaches every caller waiting when it fails, those queued for
// the next fetch included: an error is not a value that could be stale, and a source
// that is down or stalled then costs each caller one fetch's deadline, not two. The
// next caller after that starts afresh. A successful answer makes a queued caller wait
// for the running fetch and then its own: twice one fetch's latency at worst.
//
// `fetch` may call `done` on any thread, or inline before returning: an inline
// answer is handled after `fetch` returns, so nothing recurses or deadlocks. Callers'
// callbacks run on the thread that delivered the answer, with no lock held; they may
// call Get() again. Nothing is cached between fetches. Thread-safe. Fetches must not
// be in flight when the object is destroyed.

#ifndef SCORECARD_COMMON_CONCURRENCY_COALESCED_FETCH_H_
#define SCORECARD_COMMON_CONCURRENCY_COALESCED_FETCH_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace scorecard {

template <typename T>
class CoalescedFetch {
 public:
  using Done = std::function<void(const absl::StatusOr<T>&)>;
  // Starts fetching the value for `key` and calls the callback once with it.
  using Fetch =
      std::function<void(const std::string& key, std::function<void(absl::StatusOr<T>)>)>;

  explicit CoalescedFetch(Fetch fetch) : fetch_(std::move(fetch)) {}
  CoalescedFetch(const CoalescedFetch&) = delete;
  CoalescedFetch& operator=(const CoalescedFetch&) = delete;

  // Calls `done` with a value fetched after this call began.
  void Get(const std::string& key, Done done);

  // Fetches started since construction: for statistics and tests.
  int64_t fetches_started() const { return fetches_started_.load(); }

 private:
  using Waiters = std::vector<Done>;

  struct KeyState {
    // Callers for the fetch after the running one.
    Waiters next;
  };

  // One fetch and the callers it answers.
  struct Flight {
    Waiters waiters;
    absl::Mutex mu;
    // True until `fetch_` returns; an answer meanwhile came inline.
    bool starting ABSL_GUARDED_BY(mu) = true;
    bool answered_inline ABSL_GUARDED_BY(mu) = false;
    absl::StatusOr<T> result{absl::UnknownError("not fetched")};
  };

  // Runs fetches for `key` starting with `waiters` until no caller waits for another.
  void Run(const std::string& key, Waiters waiters);
  // Answers the flight's callers (and on failure the queued ones too); returns the
  // callers for the next fetch (empty, and the key forgotten, if there are none).
  Waiters Complete(const std::string& key, Flight& flight);

  const Fetch fetch_;
  std::atomic<int64_t> fetches_started_{0};
  absl::Mutex mu_;
  // A key is present while a fetch for it runs.
  absl::flat_hash_map<std::string, KeyState> keys_ ABSL_GUARDED_BY(mu_);
};

template <typename T>
void CoalescedFetch<T>::Get(const std::string& key, Done done) {
  {
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = keys_.try_emplace(key);
    if (!inserted) {
      it->second.next.push_back(std::move(done));
      return;
    }
  }
  Waiters first;
  first.push_back(std::move(done));
  Run(key, std::move(first));
}

template <typename T>
void CoalescedFetch<T>::Run(const std::string& key, Waiters waiters) {
  // A loop, not recursion: an inline answer is completed here after `fetch_` returns.
  while (!waiters.empty()) {
    auto flight = std::make_shared<Flight>();
    flight->waiters = std::move(waiters);
    ++fetches_started_;
    fetch_(key, [this, key, flight](absl::StatusOr<T> result) {
      flight->result = std::move(result);
      {
        absl::MutexLock lock(&flight->mu);
        if (flight->starting) {
          flight->answered_inline = true;
          return;
        }
      }
      Run(key, Complete(key, *flight));  // answered later, on the fetch's own thread
    });
    {
      absl::MutexLock lock(&flight->mu);
      flight->starting = false;
      if (!flight->answered_inline) return;
    }
    waiters = Complete(key, *flight);
  }
}

template <typename T>
typename CoalescedFetch<T>::Waiters CoalescedFetch<T>::Complete(const std::string& key,
                                                                Flight& flight) {
  Waiters next;
  {
    absl::MutexLock lock(&mu_);
    auto it = keys_.find(key);
    next.swap(it->second.next);
    // With nobody left waiting the key goes, so the next caller starts a fetch at once.
    if (next.empty() || !flight.result.ok()) keys_.erase(it);
  }
  for (Done& done : flight.waiters) done(flight.result);
  if (!flight.result.ok()) {
    for (Done& done : next) done(flight.result);
    next.clear();
  }
  return next;
}

}  // namespace scorecard

#endif  // SCORECARD_COMMON_CONCURRENCY_COALESCED_FETCH_H_
