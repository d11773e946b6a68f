// The whole set of safeguarding measures for a year of a large authority (20,000 referrals,
// 4,000 plans with their reviews, visits and core groups), to show the per-child indexes
// keep it quick. Prints the time taken (wall clock, and CPU time, which a busy machine
// inflates less); asserts only what was computed, never how fast.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/safeguarding/safeguarding_measures.h"
#include "tests/services/safeguarding/safeguarding_synthetic_authority.h"

namespace scorecard::safeguarding {
namespace {

using namespace ::scorecard::safeguarding::testing;  // NOLINT: test builders

double CpuMillisecondsSince(std::clock_t start) {
  return 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

TEST(SafeguardingScaleTest, AYearOfEveryMeasureForALargeAuthority) {
  SafeguardingRecords records = SyntheticAuthority(/*divisor=*/1);
  const size_t visits = records.visits.size();
  const absl::Time index_start = absl::Now();
  const std::clock_t index_cpu_start = std::clock();
  const SafeguardingData data = IndexSafeguardingRecords(std::move(records));
  const double index_cpu_ms = CpuMillisecondsSince(index_cpu_start);
  const absl::Duration index_time = absl::Now() - index_start;

  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  request.mutable_from_month()->set_year(2016);
  request.mutable_from_month()->set_month(4);
  request.mutable_to_month()->set_year(2017);
  request.mutable_to_month()->set_month(3);
  absl::StatusOr<MeasureQuery> query = SafeguardingMeasures().Prepare(request);
  ASSERT_TRUE(query.ok()) << query.status();
  // 29 measures of DESIGN.md and the 9 DfE duration bands.
  const int measures = 38;
  ASSERT_EQ(static_cast<int>(query->measure_ids.size()), measures);
  const absl::Time compute_start = absl::Now();
  const std::clock_t compute_cpu_start = std::clock();
  const cv1::GetMeasuresResponse response =
      SafeguardingMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
  const double compute_cpu_ms = CpuMillisecondsSince(compute_cpu_start);
  const absl::Duration compute_time = absl::Now() - compute_start;

  std::printf(
      "[ timing ] %zu children, %zu visits: index %.1f ms (CPU %.1f ms); %d values (%d measures "
      "x 12 months) %.1f ms (CPU %.1f ms)\n",
      data.children.size(), visits, absl::ToDoubleMilliseconds(index_time), index_cpu_ms,
      response.values_size(), measures, absl::ToDoubleMilliseconds(compute_time),
      compute_cpu_ms);
  // Where the time goes, slowest first.
  std::vector<std::pair<double, std::string>> per_measure;
  for (const std::string& id : query->measure_ids) {
    MeasureQuery one = *query;
    one.measure_ids = {id};
    const std::clock_t start = std::clock();
    (void)SafeguardingMeasures().Compute(data, one, WorkingDayCalendar::EnglandAndWales());
    per_measure.emplace_back(CpuMillisecondsSince(start), id);
  }
  std::sort(per_measure.rbegin(), per_measure.rend());
  for (size_t i = 0; i < 5 && i < per_measure.size(); ++i) {
    std::printf("[ timing ]   %-50s CPU %.1f ms\n", per_measure[i].second.c_str(),
                per_measure[i].first);
  }
  ASSERT_EQ(response.values_size(), measures * 12);
  for (const cv1::MeasureValue& v : response.values()) {
    if (v.measure_id() == "safeguarding.referrals") {
      // About 20,000 over 24 months: every month has some.
      EXPECT_GT(v.numerator(), 0) << v.ShortDebugString();
    }
    if (v.measure_id() == "safeguarding.cp_count") {
      EXPECT_GT(v.numerator(), 0) << v.ShortDebugString();
    }
  }
}

}  // namespace
}  // namespace scorecard::safeguarding
