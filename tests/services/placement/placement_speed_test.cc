// How long every placement measure takes for 12 months of a large authority: about 2,500
// children looked after at a time, from 10 years of synthetic episodes, visits, reviews,
// health checks, adoptions and proceedings. Prints the timings; asserts only the data's
// size and that every measure produced its 12 values (time depends on the machine).
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "services/placement/placement_data.h"
#include "services/placement/placement_measures.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;

class SyntheticAuthority {
 public:
  explicit SyntheticAuthority(unsigned seed) : rng_(seed) {}

  PlacementRecords Generate(Date first_entry, Date today, int entries_per_year) {
    PlacementRecords r;
    const int days = static_cast<int>(today - first_entry);
    const int entries = entries_per_year * days / 365;
    for (int i = 0; i < entries; ++i) {
      const Date entered = first_entry + Uniform(0, days);
      AddChild(r, absl::StrCat("C", i), entered, today);
    }
    for (int year = first_entry.year(); year < today.year(); ++year) {
      cv1::PopulationEstimate p;
      p.set_year(year);
      p.set_population_0_17(250000 + 500 * (year - first_entry.year()));
      r.populations.push_back(p);
      for (int k = 0; k < 120; ++k) {
        v1::CarerApproval a;
        a.set_kind(static_cast<v1::CarerKind>(1 + k % 3));
        *a.mutable_approval_date() = ToProtoDate(Date(year, 1, 1) + Uniform(0, 364));
        r.carer_approvals.push_back(a);
      }
    }
    return r;
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // Length of a stay in days: a third short, a third medium, a third long.
  int StayDays() {
    const int kind = Uniform(0, 99);
    if (kind < 35) return Uniform(1, 180);
    if (kind < 65) return Uniform(180, 900);
    return Uniform(900, 4000);
  }

  void AddChild(PlacementRecords& r, const std::string& id, Date entered, Date today) {
    v1::LookedAfterChild child;
    child.set_child_id(id);
    *child.mutable_birth_date() = ToProtoDate(entered - Uniform(0, 17 * 365));
    child.set_uasc(Chance(0.05));
    child.set_team(Chance(0.1) ? "DCT" : "CLA");
    r.children.push_back(child);

    const Date left = entered + StayDays();
    const bool open = left > today;
    const Date until = open ? today : left;
    // Episodes: a placement move every 60-600 days, sometimes a legal-status change.
    Date start = entered;
    std::string rne = "S";
    while (true) {
      const Date next = start + Uniform(60, 600);
      v1::Episode e;
      e.set_child_id(id);
      *e.mutable_start_date() = ToProtoDate(start);
      e.set_reason_new_episode(rne);
      e.set_legal_status(Chance(0.5) ? "C2" : "V2");
      e.set_placement(Chance(0.6) ? "U4" : "U6");
      if (next >= until) {
        if (!open) {
          *e.mutable_end_date() = ToProtoDate(until);
          e.set_reason_ceased("E13");
        }
        r.episodes.push_back(e);
        break;
      }
      *e.mutable_end_date() = ToProtoDate(next);
      e.set_reason_ceased("X1");
      r.episodes.push_back(e);
      start = next;
      rne = Chance(0.2) ? "L" : "P";
    }
    for (Date d = entered + Uniform(1, 7); d <= until; d += Uniform(20, 50)) {
      v1::LacVisit v;
      v.set_child_id(id);
      *v.mutable_visit_date() = ToProtoDate(d);
      v.set_seen(Chance(0.95));
      r.visits.push_back(v);
    }
    for (Date d = entered + Uniform(10, 30); d <= until; d += Uniform(90, 180)) {
      v1::LacReview rv;
      rv.set_child_id(id);
      *rv.mutable_review_date() = ToProtoDate(d);
      r.reviews.push_back(rv);
    }
    bool initial = true;
    for (Date d = entered + Uniform(5, 35); d <= until; d += Uniform(150, 380)) {
      v1::HealthCheck h;
      h.set_child_id(id);
      h.set_kind(initial ? v1::HEALTH_CHECK_KIND_INITIAL_HEALTH_ASSESSMENT
                         : v1::HEALTH_CHECK_KIND_REVIEW_HEALTH_ASSESSMENT);
      *h.mutable_check_date() = ToProtoDate(d);
      r.health_checks.push_back(h);
      initial = false;
    }
    for (Date d = entered + Uniform(30, 300); d <= until; d += Uniform(300, 400)) {
      v1::HealthCheck h;
      h.set_child_id(id);
      h.set_kind(v1::HEALTH_CHECK_KIND_DENTAL_CHECK);
      *h.mutable_check_date() = ToProtoDate(d);
      r.health_checks.push_back(h);
    }
    if (Chance(0.3)) {
      v1::CareProceedings p;
      p.set_child_id(id);
      *p.mutable_issued_date() = ToProtoDate(entered - Uniform(0, 20));
      const Date concluded = entered + Uniform(120, 400);
      if (concluded <= today) *p.mutable_concluded_date() = ToProtoDate(concluded);
      r.proceedings.push_back(p);
    }
    if (Chance(0.1)) {
      v1::PreProceedings p;
      p.set_child_id(id);
      *p.mutable_start_date() = ToProtoDate(entered - Uniform(30, 200));
      *p.mutable_decision_to_issue_date() = ToProtoDate(entered - Uniform(0, 29));
      r.pre_proceedings.push_back(p);
    }
    if (!open && until - entered > 300 && Chance(0.15)) {
      v1::AdoptionMilestones a;
      a.set_child_id(id);
      *a.mutable_placement_order_date() = ToProtoDate(entered + 150);
      *a.mutable_matched_date() = ToProtoDate(entered + Uniform(120, 250));
      *a.mutable_placed_date() = ToProtoDate(until - Uniform(30, 100));
      *a.mutable_adoption_order_date() = ToProtoDate(until);
      r.adoptions.push_back(a);
    }
  }

  std::mt19937 rng_;
};

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
      "[ timing ] assemble + index: %.1f ms; %zu measures x 12 months: %.1f ms (%.1f ms "
      "CPU)\n",
      data.children.size(), records.episodes.size(), records.visits.size(),
      records.health_checks.size(), lac_at_march, assemble_ms, query->measure_ids.size(),
      compute_ms, compute_cpu_ms);
}

}  // namespace
}  // namespace scorecard::placement
