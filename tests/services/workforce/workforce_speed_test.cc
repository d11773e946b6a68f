// Speed: every workforce measure for a 1,000-worker authority with three years of records.
// The timings are printed, not asserted (machines differ); what is asserted is that the
// figures are coherent and that the loader's index gives the same answers as none.
#include <chrono>
#include <ctime>
#include <memory>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/workforce/workforce_measures.h"
#include "tests/services/workforce/workforce_synthetic_data.h"
#include "tests/services/workforce/workforce_test_data.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::scorecard::workforce::testing::Context;
using ::scorecard::workforce::testing::SyntheticWorkforce;

constexpr int kPosts = 1000;
constexpr int kTeams = 12;

// Wall-clock and CPU time since construction, in milliseconds. On a busy machine the CPU
// time is the fairer figure.
class Stopwatch {
 public:
  std::string Elapsed() const {
    const double wall = std::chrono::duration<double, std::milli>(
                            std::chrono::steady_clock::now() - wall_start_)
                            .count();
    const double cpu = 1000.0 * static_cast<double>(std::clock() - cpu_start_) / CLOCKS_PER_SEC;
    return absl::StrFormat("%7.2f ms (cpu %7.2f ms)", wall, cpu);
  }

 private:
  std::chrono::steady_clock::time_point wall_start_ = std::chrono::steady_clock::now();
  std::clock_t cpu_start_ = std::clock();
};

cv1::GetMeasuresResponse ComputeAll(const WorkforceData& data, Month from, Month to) {
  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  request.mutable_from_month()->set_year(from.year());
  request.mutable_from_month()->set_month(from.month());
  request.mutable_to_month()->set_year(to.year());
  request.mutable_to_month()->set_month(to.month());
  absl::StatusOr<MeasureQuery> query = WorkforceMeasures().Prepare(request);
  EXPECT_TRUE(query.ok()) << query.status();
  return WorkforceMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
}

TEST(WorkforceSpeedTest, OneThousandWorkersThreeYears) {
  WorkforceData data = SyntheticWorkforce(kPosts, kTeams);
  std::printf("dataset: %zu roles, %zu absences, %zu sessions, %zu allocations\n",
              data.workers.size(), data.sickness_absences.size(), data.supervisions.size(),
              data.case_allocations.size());

  const Stopwatch indexing;
  IndexWorkforceData(data);
  std::printf("index (built once per load):              %s\n", indexing.Elapsed().c_str());

  // As a request sees it: a freshly loaded (indexed) dataset, nothing computed yet.
  const Stopwatch one_month;
  ComputeAll(data, Month(2017, 3), Month(2017, 3));
  std::printf("all measures, one month (2017-03):        %s\n", one_month.Elapsed().c_str());
  data.index.shared = std::make_shared<SharedFigures>();
  const Stopwatch twelve_months;
  const cv1::GetMeasuresResponse year = ComputeAll(data, Month(2016, 4), Month(2017, 3));
  std::printf("all measures, 12 months (2016-04..2017-03): %s\n", twelve_months.Elapsed().c_str());
  data.index.shared = std::make_shared<SharedFigures>();
  const Stopwatch thirty_six_months;
  const cv1::GetMeasuresResponse three_years = ComputeAll(data, Month(2014, 4), Month(2017, 3));
  std::printf("all measures, 36 months (2014-04..2017-03): %s\n",
              thirty_six_months.Elapsed().c_str());
  const cv1::ListMeasuresResponse list = WorkforceMeasures().List();
  const int measures = list.measures_size();

  // One measure at a time over the year, each from nothing computed, to see where the time
  // goes (the shared figures make the first of a group pay for the rest).
  for (const cv1::MeasureDescriptor& d : list.measures()) {
    data.index.shared = std::make_shared<SharedFigures>();
    cv1::GetMeasuresRequest request;
    request.set_authority("869");
    request.add_measure_ids(d.measure_id());
    request.mutable_from_month()->set_year(2016);
    request.mutable_from_month()->set_month(4);
    request.mutable_to_month()->set_year(2017);
    request.mutable_to_month()->set_month(3);
    absl::StatusOr<MeasureQuery> query = WorkforceMeasures().Prepare(request);
    ASSERT_TRUE(query.ok());
    const Stopwatch one;
    WorkforceMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
    std::printf("  %-40s %s\n", d.measure_id().c_str(), one.Elapsed().c_str());
  }

  // Coherence: every value over the year is defined, percentages are percentages, and the
  // social-worker bands add up to their cohort.
  ASSERT_EQ(year.values_size(), measures * 12);
  ASSERT_EQ(three_years.values_size(), measures * 36);
  for (const cv1::MeasureValue& v : year.values()) {
    ASSERT_TRUE(v.has_value()) << v.measure_id() << " " << v.month().month();
    if (v.unit() == cv1::UNIT_PERCENT && v.measure_id() != "workforce.turnover_rate") {
      EXPECT_GE(v.value(), 0) << v.measure_id();
      EXPECT_LE(v.value(), 100) << v.measure_id();
    }
  }
  const MeasureContext march = Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS);
  const SocialWorkerBands bands = CountSocialWorkerBands(data, march);
  EXPECT_GT(bands.children, 1000);
  EXPECT_EQ(bands.by_workers[0] + bands.by_workers[1] + bands.by_workers[2] +
                bands.by_workers[3],
            bands.children);

  // The index changes the speed, never the answer.
  WorkforceData unindexed = data;
  unindexed.index = WorkforceIndex();
  const cv1::GetMeasuresResponse again = ComputeAll(unindexed, Month(2017, 3), Month(2017, 3));
  const cv1::GetMeasuresResponse indexed = ComputeAll(data, Month(2017, 3), Month(2017, 3));
  ASSERT_EQ(again.values_size(), indexed.values_size());
  for (int i = 0; i < again.values_size(); ++i) {
    EXPECT_EQ(again.values(i).numerator(), indexed.values(i).numerator())
        << again.values(i).measure_id();
    EXPECT_EQ(again.values(i).denominator(), indexed.values(i).denominator())
        << again.values(i).measure_id();
  }
}

}  // namespace
}  // namespace scorecard::workforce
