#include "common/concurrency/run_concurrently.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace scorecard {

absl::Status RunConcurrently(absl::Span<const std::function<absl::Status()>> tasks,
                             int extra_threads) {
  std::vector<absl::Status> results(tasks.size());
  std::atomic<size_t> next{0};
  const auto work = [&] {
    for (size_t i = next.fetch_add(1); i < tasks.size(); i = next.fetch_add(1)) {
      results[i] = tasks[i]();
    }
  };
  const size_t helpers =
      std::min(static_cast<size_t>(std::max(extra_threads, 0)),
               tasks.empty() ? size_t{0} : tasks.size() - 1);
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (size_t i = 0; i < helpers; ++i) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  for (const absl::Status& s : results) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace scorecard
