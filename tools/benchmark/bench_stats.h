// Timing for the benchmarks: wall and CPU time of repeated runs, and latency percentiles.
//
//   Timings t = TimeRuns(/*runs=*/7, [&] { (void)registry.Compute(data, query, calendar); });
//   std::cout << t.wall.min_ms << " " << t.wall.median_ms << " " << t.cpu.median_ms;
//   LatencySummary s = Summarize(latencies_ms);  // p50, p99 by the nearest-rank rule
//
// CPU time is this thread's (CLOCK_THREAD_CPUTIME_ID): on a machine shared with other work
// it says what the code cost, where wall time also counts the waiting.
#ifndef SCORECARD_TOOLS_BENCHMARK_BENCH_STATS_H_
#define SCORECARD_TOOLS_BENCHMARK_BENCH_STATS_H_

#include <functional>
#include <vector>

#include "absl/types/span.h"

namespace scorecard::benchmark {

// Milliseconds since an arbitrary start: monotonic wall clock, and this thread's CPU time.
double WallMs();
double ThreadCpuMs();
// This process's CPU time (every thread), for work spread over threads (gRPC clients).
double ProcessCpuMs();

struct MinMedian {
  double min_ms = 0;
  double median_ms = 0;
};

// Min and median of the samples (the mean of the middle two for an even count); zeros for
// none.
MinMedian MinAndMedian(std::vector<double> samples_ms);

struct Timings {
  int runs = 0;
  MinMedian wall;
  MinMedian cpu;
};

// Runs `work` `runs` times (at least once) and times each run.
Timings TimeRuns(int runs, const std::function<void()>& work);

struct LatencySummary {
  int count = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
};

// Nearest-rank percentiles: p is the smallest sample with at least p% of the samples at or
// below it. Zeros for no samples.
LatencySummary Summarize(std::vector<double> samples_ms);

// The nearest-rank p-th percentile (0 < p <= 100) of sorted samples; 0 for none.
double NearestRank(absl::Span<const double> sorted_ms, double p);

}  // namespace scorecard::benchmark

#endif  // SCORECARD_TOOLS_BENCHMARK_BENCH_STATS_H_
