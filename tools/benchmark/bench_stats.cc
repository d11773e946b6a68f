#include "tools/benchmark/bench_stats.h"

#include <time.h>

#include <algorithm>
#include <cmath>

namespace scorecard::benchmark {
namespace {

double ClockMs(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

double WallMs() { return ClockMs(CLOCK_MONOTONIC); }
double ThreadCpuMs() { return ClockMs(CLOCK_THREAD_CPUTIME_ID); }
double ProcessCpuMs() { return ClockMs(CLOCK_PROCESS_CPUTIME_ID); }

MinMedian MinAndMedian(std::vector<double> samples_ms) {
  MinMedian out;
  if (samples_ms.empty()) return out;
  std::sort(samples_ms.begin(), samples_ms.end());
  const size_t n = samples_ms.size();
  out.min_ms = samples_ms.front();
  out.median_ms =
      n % 2 == 1 ? samples_ms[n / 2] : (samples_ms[n / 2 - 1] + samples_ms[n / 2]) / 2;
  return out;
}

Timings TimeRuns(int runs, const std::function<void()>& work) {
  Timings t;
  t.runs = std::max(1, runs);
  std::vector<double> wall;
  std::vector<double> cpu;
  for (int i = 0; i < t.runs; ++i) {
    const double wall_start = WallMs();
    const double cpu_start = ThreadCpuMs();
    work();
    cpu.push_back(ThreadCpuMs() - cpu_start);
    wall.push_back(WallMs() - wall_start);
  }
  t.wall = MinAndMedian(std::move(wall));
  t.cpu = MinAndMedian(std::move(cpu));
  return t;
}

double NearestRank(absl::Span<const double> sorted_ms, double p) {
  if (sorted_ms.empty()) return 0;
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted_ms.size()));
  const size_t index = static_cast<size_t>(std::clamp(rank, 1.0, double(sorted_ms.size()))) - 1;
  return sorted_ms[index];
}

LatencySummary Summarize(std::vector<double> samples_ms) {
  LatencySummary s;
  if (samples_ms.empty()) return s;
  std::sort(samples_ms.begin(), samples_ms.end());
  s.count = static_cast<int>(samples_ms.size());
  s.p50_ms = NearestRank(samples_ms, 50);
  s.p99_ms = NearestRank(samples_ms, 99);
  s.max_ms = samples_ms.back();
  return s;
}

}  // namespace scorecard::benchmark
