// Speed: every workforce measure for a 1,000-worker authority with three years of records.
// The timings are printed, not asserted (machines differ); what is asserted is that the
// figures are coherent and that the loader's index gives the same answers as none.
#include <chrono>
#include <ctime>
#include <memory>
#include <cstdio>
#include <optional>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/workforce/workforce_measures.h"
#include "tests/services/workforce/workforce_test_data.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::scorecard::workforce::testing::Absence;
using ::scorecard::workforce::testing::Allocation;
using ::scorecard::workforce::testing::Context;
using ::scorecard::workforce::testing::Session;
using ::scorecard::workforce::testing::Worker;

constexpr int kPosts = 1000;
constexpr int kTeams = 12;
const Date kFirstDay(2014, 4, 1);
const Date kLastDay(2017, 3, 31);

// 1,000 posts in 12 teams, each filled by a chain of people (15% agency) from before April
// 2014 to March 2017, with about two sickness absences a person a year, monthly supervision
// and about 15 open cases per case holder, each held for two to eight months.
WorkforceData ThreeYearsOfOneThousandWorkers() {
  std::mt19937 random(20170331);
  const auto uniform = [&random](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(random);
  };
  WorkforceData data;
  int people = 0;
  int children = 0;
  for (int post = 0; post < kPosts; ++post) {
    const std::string team = absl::StrCat("T", post % kTeams);
    const bool case_holding = post % 10 != 0;  // one post in ten is a manager's
    Date start = kFirstDay - uniform(30, 3000);
    while (start <= kLastDay) {
      const std::string id = absl::StrCat("W", ++people);
      const bool agency = uniform(1, 100) <= 15;
      const Date end = start + uniform(200, 2500);
      WorkerFacts w = Worker(id, agency ? Employment::kAgency : Employment::kPermanent, start,
                             end <= kLastDay ? std::optional<Date>(end) : std::nullopt,
                             uniform(1, 10) <= 8 ? 1.0 : 0.6, team);
      w.case_holding = case_holding;
      data.workers.push_back(w);
      const Date in_post_from = std::max(start, kFirstDay);
      const Date in_post_to = std::min(end, kLastDay);
      // Sickness: spells of 1 to 10 days about every six months, never overlapping.
      for (Date d = in_post_from + uniform(0, 180); d + 14 <= in_post_to;
           d += uniform(120, 240)) {
        data.sickness_absences.push_back(
            Absence(id, d, d + uniform(0, 13), uniform(1, 10) == 1 ? 0.5 : 0));
      }
      if (case_holding) {
        for (Month m(in_post_from); m <= Month(in_post_to); ++m) {
          if (uniform(1, 100) <= 93) {
            data.supervisions.push_back(Session(id, FirstDayOf(m) + uniform(0, 27)));
          }
        }
        // Fifteen case slots, each a run of children held 60 to 240 days.
        for (int slot = 0; slot < 15; ++slot) {
          for (Date d = in_post_from + uniform(0, 60); d <= in_post_to; d += uniform(61, 241)) {
            const Date until = d + uniform(60, 240);
            data.case_allocations.push_back(
                Allocation(absl::StrCat("C", ++children), id, d,
                           until <= in_post_to ? std::optional<Date>(until) : std::nullopt));
          }
        }
      }
      start = end + uniform(1, 60);
    }
  }
  for (int year = 2014; year <= 2016; ++year) {
    for (int t = 0; t < kTeams; ++t) {
      data.vacancies.push_back({absl::StrCat("T", t), Date(year, 9, 30), uniform(0, 8) * 0.5});
    }
  }
  return data;
}

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
  WorkforceData data = ThreeYearsOfOneThousandWorkers();
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
