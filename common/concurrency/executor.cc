// Copyright: the scorecard project.

#include "common/concurrency/executor.h"

#include <utility>

namespace scorecard {

Executor::Executor(int threads) {
  const int count = threads < 1 ? 1 : threads;
  workers_.reserve(count);
  for (int i = 0; i < count; ++i) {
    workers_.emplace_back([this] { RunWorker(); });
  }
}

Executor::~Executor() {
  {
    absl::MutexLock lock(&mu_);
    shutting_down_ = true;
  }
  // Every worker must wake to notice shutdown, not just one.
  work_available_.SignalAll();
  for (std::thread& worker : workers_) worker.join();
}

void Executor::Submit(absl::AnyInvocable<void()> work) {
  {
    absl::MutexLock lock(&mu_);
    queue_.push_back(std::move(work));
  }
  work_available_.Signal();
}

void Executor::RunWorker() {
  while (true) {
    absl::AnyInvocable<void()> work;
    {
      absl::MutexLock lock(&mu_);
      while (queue_.empty() && !shutting_down_) work_available_.Wait(&mu_);
      // Shutdown drains the queue first: a worker leaves only when it is empty.
      if (queue_.empty()) return;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    // Run without the lock so tasks can Submit() and others can dequeue.
    if (work) work();
  }
}

}  // namespace scorecard
