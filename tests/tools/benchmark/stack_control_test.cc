#include "tools/benchmark/stack_control.h"

#include <unistd.h>

#include "gtest/gtest.h"

namespace scorecard::benchmark {
namespace {

TEST(ParseStatusMemoryTest, ReadsPeakAndCurrentResidentSetInMib) {
  ProcessStats stats;
  ParseStatusMemory(
      "Name:\tplacement_serve\nVmPeak:\t  900000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t   102400 kB\n",
      stats);
  EXPECT_EQ(stats.peak_rss_mib, 200);
  EXPECT_EQ(stats.rss_mib, 100);
}

TEST(ParseStatCpuSecondsTest, AddsUserAndSystemTicksAfterTheCommandName) {
  // Fields 14 and 15 are utime 250 and stime 50 ticks; the command name holds a space and
  // a parenthesis, which must not shift the fields.
  const char* line =
      "4242 (odd (name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 12345 "
      "1000000 2000 18446744073709551615";
  absl::StatusOr<double> seconds = ParseStatCpuSeconds(line, 100);
  ASSERT_TRUE(seconds.ok()) << seconds.status();
  EXPECT_DOUBLE_EQ(*seconds, 3.0);
  EXPECT_FALSE(ParseStatCpuSeconds("no parenthesis here", 100).ok());
  EXPECT_FALSE(ParseStatCpuSeconds("1 (x) S 1 2", 100).ok());
}

TEST(ReadProcessStatsTest, FindsThisProcessAndNotAMissingOne) {
  ProcessStats self = ReadProcessStats(getpid());
  EXPECT_TRUE(self.found);
  EXPECT_GT(self.peak_rss_mib, 0);
  EXPECT_FALSE(ReadProcessStats(-1).found);
}

}  // namespace
}  // namespace scorecard::benchmark
