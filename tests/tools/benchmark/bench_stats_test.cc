#include "tools/benchmark/bench_stats.h"

#include <vector>

#include "gtest/gtest.h"

namespace scorecard::benchmark {
namespace {

TEST(MinAndMedianTest, OddCountTakesTheMiddleEvenCountTheMeanOfTheTwo) {
  MinMedian odd = MinAndMedian({9, 1, 5});
  EXPECT_EQ(odd.min_ms, 1);
  EXPECT_EQ(odd.median_ms, 5);
  MinMedian even = MinAndMedian({4, 1, 8, 2});
  EXPECT_EQ(even.min_ms, 1);
  EXPECT_EQ(even.median_ms, 3);  // (2 + 4) / 2
  MinMedian none = MinAndMedian({});
  EXPECT_EQ(none.min_ms, 0);
  EXPECT_EQ(none.median_ms, 0);
}

TEST(SummarizeTest, NearestRankPercentiles) {
  // 1..100: p50 is the 50th value, p99 the 99th.
  std::vector<double> hundred;
  for (int i = 100; i >= 1; --i) hundred.push_back(i);
  LatencySummary s = Summarize(hundred);
  EXPECT_EQ(s.count, 100);
  EXPECT_EQ(s.p50_ms, 50);
  EXPECT_EQ(s.p99_ms, 99);
  EXPECT_EQ(s.max_ms, 100);
  // Ten samples: ceil(0.99 * 10) = 10th, the largest; ceil(0.5 * 10) = 5th.
  LatencySummary ten = Summarize({10, 1, 9, 2, 8, 3, 7, 4, 6, 5});
  EXPECT_EQ(ten.p50_ms, 5);
  EXPECT_EQ(ten.p99_ms, 10);
  EXPECT_EQ(Summarize({}).count, 0);
}

TEST(TimeRunsTest, RunsTheWorkTheGivenNumberOfTimesAndAtLeastOnce) {
  int calls = 0;
  Timings t = TimeRuns(4, [&] { ++calls; });
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(t.runs, 4);
  EXPECT_GE(t.wall.median_ms, t.wall.min_ms);
  calls = 0;
  TimeRuns(0, [&] { ++calls; });
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace scorecard::benchmark
