// How long every placement measure takes for 12 months of a large authority: about 2,500
// children looked after at a time, from 10 years of synthetic episodes, visits, reviews,
// health checks, adoptions, proceedings, OC2 outcomes and team moves. Prints the timings;
// asserts only the data's size and that every measure produced its 12 values (time depends
// on the machine).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/placement/placement_data.h"
#include "services/placement/placement_measures.h"
#include "tests/services/placement/synthetic_authority.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;

using testutil::SyntheticAuthority;

double MillisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// CPU time of this thread, in ms: on a busy machine wall time also counts other processes.
double ThreadCpuMilliseconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

TEST(PlacementSpeedTest, EveryMeasureForTwelveMonthsOfALargeAuthority) {
  const Date today(2017, 3, 31);
  PlacementRecords records =
      SyntheticAuthority(869).Generate(Date(2007, 4, 1), today, /*entries_per_year=*/900);

  auto start = std::chrono::steady_clock::now();
  const PlacementData data = AssemblePlacementData(records);
  const double assemble_ms = MillisecondsSince(start);

  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  request.mutable_from_month()->set_year(2016);
  request.mutable_from_month()->set_month(4);
  request.mutable_to_month()->set_year(2017);
  request.mutable_to_month()->set_month(3);
  absl::StatusOr<MeasureQuery> query = PlacementMeasures().Prepare(request);
  ASSERT_TRUE(query.ok()) << query.status();

  start = std::chrono::steady_clock::now();
  const double cpu_start = ThreadCpuMilliseconds();
  const cv1::GetMeasuresResponse response =
      PlacementMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
  const double compute_ms = MillisecondsSince(start);
  const double compute_cpu_ms = ThreadCpuMilliseconds() - cpu_start;

  // The data is the size the target describes.
  double lac_at_march = 0;
  for (const cv1::MeasureValue& v : response.values()) {
    if (v.measure_id() == "placement.lac_count" && v.month().month() == 3) {
      lac_at_march = v.numerator();
    }
  }
  EXPECT_GT(lac_at_march, 2000);
  EXPECT_LT(lac_at_march, 3200);
  EXPECT_EQ(response.values_size(), 12 * static_cast<int>(query->measure_ids.size()));

  // The care-span index only narrows which children are looked at: without it (every child
  // scanned) every value is the same.
  PlacementData unindexed = data;
  unindexed.care_spans.clear();
  unindexed.care_spans_for_children = 0;
  unindexed.looked_after = std::make_shared<LookedAfterMemo>();
  const cv1::GetMeasuresResponse scanned =
      PlacementMeasures().Compute(unindexed, *query, WorkingDayCalendar::EnglandAndWales());
  ASSERT_EQ(scanned.values_size(), response.values_size());
  for (int i = 0; i < response.values_size(); ++i) {
    EXPECT_EQ(scanned.values(i).numerator(), response.values(i).numerator())
        << response.values(i).measure_id() << " " << response.values(i).month().month();
    EXPECT_EQ(scanned.values(i).denominator(), response.values(i).denominator())
        << response.values(i).measure_id() << " " << response.values(i).month().month();
  }

  // Each measure alone on freshly loaded data (nothing remembered from the run above),
  // slowest first, to show where the time goes.
  std::vector<std::pair<double, std::string>> per_measure;
  for (const std::string& id : query->measure_ids) {
    PlacementData fresh = data;
    IndexPlacementData(fresh);
    fresh.working_days = std::make_shared<WorkingDayMemo>();
    MeasureQuery one = *query;
    one.measure_ids = {id};
    const double one_start = ThreadCpuMilliseconds();
    const cv1::GetMeasuresResponse r =
        PlacementMeasures().Compute(fresh, one, WorkingDayCalendar::EnglandAndWales());
    per_measure.push_back({ThreadCpuMilliseconds() - one_start, id});
    EXPECT_EQ(r.values_size(), 12) << id;
  }
  std::sort(per_measure.rbegin(), per_measure.rend());
  for (const auto& [ms, id] : per_measure)
    std::printf("[ timing ]   %6.2f ms  %s\n", ms, id.c_str());

  std::printf(
      "[ timing ] %zu children, %zu episodes, %zu visits, %zu health checks; %.0f looked "
      "after at 31/03/2017\n"
      "[ timing ] %zu OC2 outcomes, %zu team assignments, %zu UASC periods\n"
      "[ timing ] assemble + index: %.1f ms; %zu measures x 12 months: %.1f ms (%.1f ms "
      "CPU)\n",
      data.children.size(), records.episodes.size(), records.visits.size(),
      records.health_checks.size(), lac_at_march, records.oc2_outcomes.size(),
      records.team_assignments.size(), records.uasc_periods.size(), assemble_ms,
      query->measure_ids.size(), compute_ms, compute_cpu_ms);
}

}  // namespace
}  // namespace scorecard::placement
