// Copyright: the scorecard project.
//
// A fixed-size thread pool for blocking work.
//
//   scorecard::Executor executor(/*threads=*/4);
//   executor.Submit([reactor, request] {
//     auto rows = store.Query(request);   // SQLite or Redis: may block
//     reactor->Finish(std::move(rows));
//   });
//
// gRPC callback-API reactors run on gRPC's own threads, which must never
// block; they hand SQLite and Redis work to an Executor instead.
//
// Work runs in submission order on whichever worker is free. Destroying the
// Executor is a graceful shutdown: every queued task still runs (including
// tasks submitted by running tasks), then the workers are joined. So the
// destructor blocks until the queue drains and must not run on one of the
// Executor's own workers.
//
// Thread-safe: Submit() may be called from any thread, including from tasks.
// Never throws.

#ifndef SCORECARD_COMMON_CONCURRENCY_EXECUTOR_H_
#define SCORECARD_COMMON_CONCURRENCY_EXECUTOR_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace scorecard {

class Executor {
 public:
  // Starts `threads` workers; values below 1 start one, so work never stalls.
  explicit Executor(int threads);

  // Runs all queued work, then joins the workers.
  ~Executor();

  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Queues `work` to run on a worker thread. Move-only callables are fine.
  void Submit(absl::AnyInvocable<void()> work);

  int thread_count() const { return static_cast<int>(workers_.size()); }

 private:
  void RunWorker();

  absl::Mutex mu_;
  absl::CondVar work_available_;
  std::deque<absl::AnyInvocable<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_CONCURRENCY_EXECUTOR_H_
