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
#include "tests/services/safeguarding/safeguarding_test_util.h"

namespace scorecard::safeguarding {
namespace {

using namespace ::scorecard::safeguarding::testing;  // NOLINT: test builders

// A fixed-seed generator, so every run builds the same authority.
class Lcg {
 public:
  int Below(int n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state_ >> 33) % static_cast<uint64_t>(n));
  }
  bool OneIn(int n) { return Below(n) == 0; }

 private:
  uint64_t state_ = 20170331;
};

double CpuMillisecondsSince(std::clock_t start) {
  return 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
}

SafeguardingRecords LargeAuthority() {
  constexpr int kChildren = 15000;
  const Date history_start(2015, 4, 1);  // two years: 2015-16 and 2016-17
  constexpr int kDays = 731;
  const Date today(2017, 3, 31);
  Lcg random;
  auto child = [&] { return "C" + std::to_string(random.Below(kChildren)); };
  auto team = [&] { return random.OneIn(10) ? std::string("DCT") : std::string(); };

  SafeguardingRecords r;
  r.population.Add(2015, 35000);
  r.population.Add(2016, 35570);
  for (int i = 0; i < 40000; ++i) {
    const Date d = history_start + random.Below(kDays);
    r.contacts.push_back(Contact(child(), d, d + random.Below(4)));
  }
  for (int i = 0; i < 20000; ++i) {
    r.referrals.push_back(Referral(child(), history_start + random.Below(kDays), team()));
  }
  for (int i = 0; i < 18000; ++i) {
    const Date referral = history_start + random.Below(kDays);
    const Date start = referral + random.Below(5);
    std::optional<Date> authorised = start + random.Below(80);
    if (*authorised > today || random.OneIn(12)) authorised = std::nullopt;
    std::vector<std::string> factors = {"1A"};
    if (random.OneIn(20)) factors.push_back("11A");
    if (random.OneIn(30)) factors.push_back("10A");
    if (random.OneIn(200)) factors.push_back("8C");
    r.assessments.push_back(Assessment(child(), referral, start, authorised, factors, team()));
  }
  for (int i = 0; i < 5000; ++i) {
    const Date strategy = history_start + random.Below(kDays);
    const Date icpc = strategy + random.Below(25);
    r.section47s.push_back(Enquiry(strategy, icpc, team(), icpc - random.Below(8)));
  }
  for (int i = 0; i < 4000; ++i) {
    const std::string c = child();
    const Date start = history_start + random.Below(kDays);
    std::optional<Date> end;
    if (!random.OneIn(3)) end = start + 30 + random.Below(800);
    const Date last = end.has_value() && *end < today ? *end : today;
    const std::string id = "P" + std::to_string(i);
    r.plans.push_back(Plan(c, id, start, end, team(), random.OneIn(5) ? 1 : 0));
    for (Date d = start + 80 + random.Below(15); d <= last; d += 170 + random.Below(20)) {
      r.review_conferences.push_back(Review(c, id, d, d - random.Below(9)));
    }
    for (Date d = start + random.Below(7); d <= last; d += 7 + random.Below(8)) {
      r.visits.push_back(Visit(c, d, !random.OneIn(20)));
    }
    for (Date d = start + random.Below(12); d <= last; d += 30 + random.Below(20)) {
      r.core_groups.push_back(CoreGroup(c, d));
    }
  }
  for (int i = 0; i < 10000; ++i) {
    const Date start = history_start + random.Below(kDays);
    std::optional<Date> end;
    if (random.OneIn(2)) end = start + random.Below(400);
    CinEpisodeFacts e = Episode(child(), start, end, team(), random.OneIn(10));
    if (random.OneIn(20)) e.looked_after = {Period(e.child_id, start + random.Below(60))};
    r.cin_episodes.push_back(std::move(e));
  }
  for (int i = 0; i < 1500; ++i) {
    const Date start = history_start + random.Below(kDays);
    r.missing_episodes.push_back(Period(child(), start, start + random.Below(3)));
  }
  for (int i = 0; i < 100; ++i) {
    const Date start = history_start + random.Below(kDays);
    r.cse_risks.push_back(Period(child(), start, start + random.Below(300)));
    r.private_fostering.push_back(Period(child(), start, start + random.Below(500)));
    r.lado_referral_dates.push_back(start);
  }
  return r;
}

TEST(SafeguardingScaleTest, AYearOfEveryMeasureForALargeAuthority) {
  SafeguardingRecords records = LargeAuthority();
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
  const absl::Time compute_start = absl::Now();
  const std::clock_t compute_cpu_start = std::clock();
  const cv1::GetMeasuresResponse response =
      SafeguardingMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
  const double compute_cpu_ms = CpuMillisecondsSince(compute_cpu_start);
  const absl::Duration compute_time = absl::Now() - compute_start;

  std::printf(
      "[ timing ] %zu children, %zu visits: index %.1f ms (CPU %.1f ms); %d values (29 measures "
      "x 12 months) %.1f ms (CPU %.1f ms)\n",
      data.children.size(), visits, absl::ToDoubleMilliseconds(index_time), index_cpu_ms,
      response.values_size(), absl::ToDoubleMilliseconds(compute_time), compute_cpu_ms);
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
  ASSERT_EQ(response.values_size(), 29 * 12);
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
