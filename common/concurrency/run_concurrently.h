// Runs independent CPU-bound parts of one request on the calling thread plus a few helper
// threads, each thread taking the next part not yet started, so a core that other work leaves
// idle shortens the request (e.g. decoding a dataset's record kinds). Every task runs even
// when one fails; the result is the first error in task order, else OK.
//
//   std::vector<std::function<absl::Status()>> tasks = {[&] { return LoadA(a); },
//                                                       [&] { return LoadB(b); }};
//   SCORECARD_RETURN_IF_ERROR(RunConcurrently(tasks, /*extra_threads=*/1));
//
// Tasks must not depend on one another's results. Helper threads are started per call and
// joined before it returns: meant for parts of milliseconds or more, not tiny ones.
#ifndef SCORECARD_COMMON_CONCURRENCY_RUN_CONCURRENTLY_H_
#define SCORECARD_COMMON_CONCURRENCY_RUN_CONCURRENTLY_H_

#include <functional>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace scorecard {

absl::Status RunConcurrently(absl::Span<const std::function<absl::Status()>> tasks,
                             int extra_threads);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_CONCURRENCY_RUN_CONCURRENTLY_H_
