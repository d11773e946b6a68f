// Supervision, caseloads and social-worker changes: the measures read from supervision
// sessions and case allocations. Expected figures are worked out by hand in the comments.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/measures/measure_value.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/workforce/workforce_measures.h"
#include "tests/services/workforce/workforce_test_data.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::scorecard::workforce::testing::Allocation;
using ::scorecard::workforce::testing::Context;
using ::scorecard::workforce::testing::Manager;
using ::scorecard::workforce::testing::Permanent;
using ::scorecard::workforce::testing::Session;
using ::testing::DoubleNear;
using ::testing::Optional;

// --- Supervision ---------------------------------------------------------------------

// June 2017. Team A: A1 (seen 01/06, the month's first day), A2 (30/06, its last), A3 (only
// 31/05, the month before: not supervised in June), A4 (15/06); M1 manages A and holds no
// cases (not counted); A5 left on 29/06 (not in post at 30/06, not counted though seen).
// Team B: B1 (12/06).
WorkforceData JuneSupervision() {
  WorkforceData data;
  data.workers = {Permanent("A1", Date(2015, 1, 5), std::nullopt, 1.0, "A"),
                  Permanent("A2", Date(2015, 1, 5), std::nullopt, 1.0, "A"),
                  Permanent("A3", Date(2015, 1, 5), std::nullopt, 1.0, "A"),
                  Permanent("A4", Date(2015, 1, 5), std::nullopt, 0.5, "A"),
                  Manager("M1", Date(2015, 1, 5), "A"),
                  Permanent("A5", Date(2015, 1, 5), Date(2017, 6, 29), 1.0, "A"),
                  Permanent("B1", Date(2015, 1, 5), std::nullopt, 1.0, "B")};
  data.supervisions = {Session("A1", Date(2017, 6, 1)),  Session("A2", Date(2017, 6, 30)),
                       Session("A3", Date(2017, 5, 31)), Session("A4", Date(2017, 6, 15)),
                       Session("A5", Date(2017, 6, 12)), Session("B1", Date(2017, 6, 12))};
  return data;
}

TEST(SupervisionRateTest, MeanOfTeamsRatesVersusPooled) {
  // A: 3 of 4 (A1, A2, A4 of A1-A4) = 0.75. B: 1 of 1 = 1.0.
  // Mean of the teams' rates: (0.75 + 1.0) / 2 = 87.5%. Pooled: 4 of 5 = 80%.
  const WorkforceData data = JuneSupervision();
  const MeasureContext june = Context(Month(2017, 6), cv1::BASIS_SNAPSHOT);
  const Fraction mean = SupervisionRateMeanOfTeams(data, june);
  EXPECT_DOUBLE_EQ(mean.numerator, 1.75);
  EXPECT_DOUBLE_EQ(mean.denominator, 2);
  EXPECT_THAT(ValueOf(cv1::UNIT_PERCENT, mean), Optional(DoubleNear(87.5, 1e-9)));
  const Fraction pooled = SupervisionRateOverall(data, june);
  EXPECT_DOUBLE_EQ(pooled.numerator, 4);
  EXPECT_DOUBLE_EQ(pooled.denominator, 5);
}

TEST(SupervisionRateTest, OneTeam) {
  // Team A alone: the mean of one team's rate is that rate, 0.75 over 1 team; pooled 3 / 4.
  const WorkforceData data = JuneSupervision();
  const MeasureContext june_a = Context(Month(2017, 6), cv1::BASIS_SNAPSHOT, "A");
  const Fraction mean = SupervisionRateMeanOfTeams(data, june_a);
  EXPECT_DOUBLE_EQ(mean.numerator, 0.75);
  EXPECT_DOUBLE_EQ(mean.denominator, 1);
  const Fraction pooled = SupervisionRateOverall(data, june_a);
  EXPECT_DOUBLE_EQ(pooled.numerator, 3);
  EXPECT_DOUBLE_EQ(pooled.denominator, 4);
}

TEST(SupervisionRateTest, TheWindowIsTheCalendarMonth) {
  // In May 2017 only A3 (31/05) was seen. A5 is in post at 31/05. Team A: 1 of 5; B: 0 of 1.
  // Mean (0.2 + 0) / 2 = 10%; pooled 1 / 6.
  const WorkforceData data = JuneSupervision();
  const MeasureContext may = Context(Month(2017, 5), cv1::BASIS_SNAPSHOT);
  const Fraction mean = SupervisionRateMeanOfTeams(data, may);
  EXPECT_DOUBLE_EQ(mean.numerator, 0.2);
  EXPECT_DOUBLE_EQ(mean.denominator, 2);
  const Fraction pooled = SupervisionRateOverall(data, may);
  EXPECT_DOUBLE_EQ(pooled.numerator, 1);
  EXPECT_DOUBLE_EQ(pooled.denominator, 6);
}

TEST(SupervisionRateTest, APersonInTwoTeamsCountsInEachTeamOnceOverall) {
  // X holds 0.5 in A and 0.5 in B and was seen on 20/06. A: 4 of 5 = 0.8; B: 2 of 2 = 1.0.
  // Mean (0.8 + 1.0) / 2 = 90%. Pooled: X once, 5 of 6.
  WorkforceData data = JuneSupervision();
  data.workers.push_back(Permanent("X", Date(2016, 2, 1), std::nullopt, 0.5, "A"));
  data.workers.push_back(Permanent("X", Date(2016, 2, 1), std::nullopt, 0.5, "B"));
  data.supervisions.push_back(Session("X", Date(2017, 6, 20)));
  const MeasureContext june = Context(Month(2017, 6), cv1::BASIS_SNAPSHOT);
  const Fraction mean = SupervisionRateMeanOfTeams(data, june);
  EXPECT_DOUBLE_EQ(mean.numerator, 1.8);
  EXPECT_DOUBLE_EQ(mean.denominator, 2);
  const Fraction pooled = SupervisionRateOverall(data, june);
  EXPECT_DOUBLE_EQ(pooled.numerator, 5);
  EXPECT_DOUBLE_EQ(pooled.denominator, 6);
}

TEST(SupervisionRateTest, NoCaseHoldersIsUndefined) {
  WorkforceData data;
  data.workers = {Manager("M1", Date(2015, 1, 5))};
  const MeasureContext june = Context(Month(2017, 6), cv1::BASIS_SNAPSHOT);
  EXPECT_EQ(ValueOf(cv1::UNIT_PERCENT, SupervisionRateMeanOfTeams(data, june)), std::nullopt);
  EXPECT_EQ(ValueOf(cv1::UNIT_PERCENT, SupervisionRateOverall(data, june)), std::nullopt);
}

// --- Caseload ------------------------------------------------------------------------

TEST(CaseloadAverageTest, OpenAllocationsPerCaseHoldingFte) {
  // At 31/05/2017. S1 (CIN, 1.0): C1 (open), C2 (last day 31/05: still open that day),
  // C3 (open); C4 starts 01/06 (not yet). S2 (DCT, 0.5): C5, C6. M1 manages (no cases)
  // and has C7: not a case holder's. S3 left on 20/05 and C8 was never closed: not in
  // post, not counted.
  // Allocations 3 + 2 = 5; FTE 1.0 + 0.5 = 1.5; 5 / 1.5 = 3.333 per FTE.
  WorkforceData data;
  data.workers = {Permanent("S1", Date(2015, 1, 5), std::nullopt, 1.0, "CIN"),
                  Permanent("S2", Date(2015, 1, 5), std::nullopt, 0.5, "DCT"),
                  Manager("M1", Date(2015, 1, 5), "CIN"),
                  Permanent("S3", Date(2015, 1, 5), Date(2017, 5, 20), 1.0, "CIN")};
  data.case_allocations = {Allocation("C1", "S1", Date(2017, 1, 3)),
                           Allocation("C2", "S1", Date(2017, 2, 1), Date(2017, 5, 31)),
                           Allocation("C3", "S1", Date(2017, 4, 3)),
                           Allocation("C4", "S1", Date(2017, 6, 1)),
                           Allocation("C5", "S2", Date(2016, 11, 1)),
                           Allocation("C6", "S2", Date(2017, 5, 2)),
                           Allocation("C7", "M1", Date(2017, 3, 1)),
                           Allocation("C8", "S3", Date(2017, 1, 3))};
  const Fraction all = CaseloadAverage(data, Context(Month(2017, 5), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(all.numerator, 5);
  EXPECT_DOUBLE_EQ(all.denominator, 1.5);
  EXPECT_THAT(ValueOf(cv1::UNIT_RATIO, all), Optional(DoubleNear(3.333, 0.001)));
  // DCT: S2's 2 cases over 0.5 FTE = 4.
  const Fraction dct =
      CaseloadAverage(data, Context(Month(2017, 5), cv1::BASIS_SNAPSHOT, "DCT"));
  EXPECT_DOUBLE_EQ(dct.numerator, 2);
  EXPECT_DOUBLE_EQ(dct.denominator, 0.5);
  // At 30/06/2017: C2 closed, C4 open: S1 has C1, C3, C4 = 3; S2 2; 5 / 1.5 again, but
  // from different cases.
  const Fraction june = CaseloadAverage(data, Context(Month(2017, 6), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(june.numerator, 5);
}

TEST(CaseloadAverageTest, AllocationsStartingOrEndingOnTheMonthEnd) {
  // S1 (CIN, 1.0) at 31/05/2017: C1 starts 31/05 (open that day), C2 ended 30/05 (the day
  // before: closed), C3 is a one-day allocation on 31/05 (open), C4 starts 01/06 (not
  // yet), C5 ran through 2016 (closed), C6 ends 31/05 (still open that day), C7 was
  // allocated to S1 to 30/04 and again from 01/05 (the second is open): C1, C3, C6, C7 = 4
  // allocations over 1.0 FTE.
  WorkforceData data;
  data.workers = {Permanent("S1", Date(2015, 1, 5), std::nullopt, 1.0, "CIN")};
  data.case_allocations = {Allocation("C1", "S1", Date(2017, 5, 31)),
                           Allocation("C2", "S1", Date(2017, 5, 1), Date(2017, 5, 30)),
                           Allocation("C3", "S1", Date(2017, 5, 31), Date(2017, 5, 31)),
                           Allocation("C4", "S1", Date(2017, 6, 1)),
                           Allocation("C5", "S1", Date(2016, 1, 4), Date(2016, 12, 30)),
                           Allocation("C6", "S1", Date(2017, 3, 1), Date(2017, 5, 31)),
                           Allocation("C7", "S1", Date(2017, 1, 3), Date(2017, 4, 30)),
                           Allocation("C7", "S1", Date(2017, 5, 1))};
  IndexWorkforceData(data);
  const Fraction may = CaseloadAverage(data, Context(Month(2017, 5), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(may.numerator, 4);
  EXPECT_DOUBLE_EQ(may.denominator, 1.0);
  // At 30/04/2017: C6 and C7's first allocation (last day 30/04); C2 and C5 are not open.
  const Fraction april = CaseloadAverage(data, Context(Month(2017, 4), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(april.numerator, 2);
}

// --- Social-worker changes -----------------------------------------------------------

// The 12 months to 31/03/2017: 01/04/2016..31/03/2017. W1 and W2 work in CIN, W3 and W4 in
// DCT, all in post throughout.
//   K1: W1 all year -> 1 worker.
//   K2: W1 to 30/06/2016, then W2 (same team) from 01/07/2016 -> 2 (a change within a team
//       is a change).
//   K3: W1 to 31/03/2016 (before the window), W2 from 01/04/2016 -> 1 in the window.
//   K4: W1 Apr-May, W2 Jun-Jul, W3 Aug-Sep, W1 again Oct-Nov, W4 from 01/12/2016 -> 4
//       distinct.
//   K5: W1 Apr-Jun, W1 again from 01/09/2016 -> 1 (the same worker twice).
//   K6: W3 from 01/04/2017 (after the window) -> not counted.
//   K7: W1 Apr-Jun, W2 Jul-Sep, W3 from 01/10/2016 -> 3.
// Children: K1, K2, K3, K4, K5, K7 = 6. One worker: K1, K3, K5 = 3; two: K2; three: K7;
// four or more: K4.
WorkforceData YearOfAllocations() {
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 1, 6), std::nullopt, 1.0, "CIN"),
                  Permanent("W2", Date(2014, 1, 6), std::nullopt, 1.0, "CIN"),
                  Permanent("W3", Date(2014, 1, 6), std::nullopt, 1.0, "DCT"),
                  Permanent("W4", Date(2014, 1, 6), std::nullopt, 1.0, "DCT")};
  data.case_allocations = {
      Allocation("K1", "W1", Date(2015, 11, 2)),
      Allocation("K2", "W1", Date(2016, 1, 4), Date(2016, 6, 30)),
      Allocation("K2", "W2", Date(2016, 7, 1)),
      Allocation("K3", "W1", Date(2015, 6, 1), Date(2016, 3, 31)),
      Allocation("K3", "W2", Date(2016, 4, 1)),
      Allocation("K4", "W1", Date(2016, 4, 1), Date(2016, 5, 31)),
      Allocation("K4", "W2", Date(2016, 6, 1), Date(2016, 7, 31)),
      Allocation("K4", "W3", Date(2016, 8, 1), Date(2016, 9, 30)),
      Allocation("K4", "W1", Date(2016, 10, 1), Date(2016, 11, 30)),
      Allocation("K4", "W4", Date(2016, 12, 1)),
      Allocation("K5", "W1", Date(2016, 4, 1), Date(2016, 6, 30)),
      Allocation("K5", "W1", Date(2016, 9, 1)),
      Allocation("K6", "W3", Date(2017, 4, 1)),
      Allocation("K7", "W1", Date(2016, 4, 1), Date(2016, 6, 30)),
      Allocation("K7", "W2", Date(2016, 7, 1), Date(2016, 9, 30)),
      Allocation("K7", "W3", Date(2016, 10, 1))};
  return data;
}

TEST(SocialWorkerChangesTest, ChildrenByNumberOfWorkersInTheYear) {
  const WorkforceData data = YearOfAllocations();
  const MeasureContext march = Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS);
  const SocialWorkerBands bands = CountSocialWorkerBands(data, march);
  EXPECT_EQ(bands.children, 6);
  EXPECT_EQ(bands.by_workers[0], 3);
  EXPECT_EQ(bands.by_workers[1], 1);
  EXPECT_EQ(bands.by_workers[2], 1);
  EXPECT_EQ(bands.by_workers[3], 1);
  // Children with a change (2 or more workers): 3 of 6 = 50%.
  const Fraction changes = SocialWorkerChanges(data, march);
  EXPECT_EQ(changes.numerator, 3);
  EXPECT_EQ(changes.denominator, 6);
}

TEST(SocialWorkerChangesTest, BandMeasuresThroughTheRegistry) {
  // The registry's band ids give the same split as percentages: 3/6, 1/6, 1/6, 1/6.
  const WorkforceData data = YearOfAllocations();
  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  for (const char* id : {"workforce.social_worker_changes_1", "workforce.social_worker_changes_2",
                         "workforce.social_worker_changes_3",
                         "workforce.social_worker_changes_4plus"}) {
    request.add_measure_ids(id);
  }
  request.mutable_from_month()->set_year(2017);
  request.mutable_from_month()->set_month(3);
  *request.mutable_to_month() = request.from_month();
  absl::StatusOr<MeasureQuery> query = WorkforceMeasures().Prepare(request);
  ASSERT_TRUE(query.ok()) << query.status();
  const cv1::GetMeasuresResponse response =
      WorkforceMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
  ASSERT_EQ(response.values_size(), 4);
  const double expected_children[] = {3, 1, 1, 1};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(response.values(i).basis(), cv1::BASIS_ROLLING_12_MONTHS);
    EXPECT_EQ(response.values(i).numerator(), expected_children[i]) << i;
    EXPECT_EQ(response.values(i).denominator(), 6) << i;
  }
  EXPECT_NEAR(response.values(0).value(), 50.0, 1e-9);
}

TEST(SocialWorkerChangesTest, TeamIsTheLatestAllocationsWorkersTeam) {
  // DCT: K4 (latest W4, DCT) and K7 (latest W3, DCT): a three and a four-plus.
  // CIN: K1, K3, K5 (one each) and K2 (two).
  const WorkforceData data = YearOfAllocations();
  const SocialWorkerBands dct =
      CountSocialWorkerBands(data, Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS, "DCT"));
  EXPECT_EQ(dct.children, 2);
  EXPECT_EQ(dct.by_workers[2], 1);
  EXPECT_EQ(dct.by_workers[3], 1);
  const SocialWorkerBands cin =
      CountSocialWorkerBands(data, Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS, "CIN"));
  EXPECT_EQ(cin.children, 4);
  EXPECT_EQ(cin.by_workers[0], 3);
  EXPECT_EQ(cin.by_workers[1], 1);
}

TEST(SocialWorkerChangesTest, TheWindowMoves) {
  // At 30/04/2017 (01/05/2016..30/04/2017): K4 had W1 (Apr-May, so on 01-31/05), W2, W3, W1,
  // W4 -> still 4; K3 only W2 -> 1; K6 (W3 from 01/04/2017) joins with 1; K5 W1 -> 1;
  // K7 W1 (to 30/06), W2, W3 -> 3; K2 W1 (to 30/06), W2 -> 2; K1 -> 1.
  // 7 children: ones K1, K3, K5, K6 = 4.
  const WorkforceData data = YearOfAllocations();
  const SocialWorkerBands april =
      CountSocialWorkerBands(data, Context(Month(2017, 4), cv1::BASIS_ROLLING_12_MONTHS));
  EXPECT_EQ(april.children, 7);
  EXPECT_EQ(april.by_workers[0], 4);
  EXPECT_EQ(april.by_workers[3], 1);
  // At 30/06/2017 (01/07/2016..30/06/2017): K2 had only W2 -> 1; K7 W2, W3 -> 2; K4 W2
  // (Jun-Jul, so in July), W3, W1 (Oct-Nov), W4 -> 4.
  const SocialWorkerBands june =
      CountSocialWorkerBands(data, Context(Month(2017, 6), cv1::BASIS_ROLLING_12_MONTHS));
  EXPECT_EQ(june.children, 7);
  EXPECT_EQ(june.by_workers[0], 5);  // K1, K2, K3, K5, K6
  EXPECT_EQ(june.by_workers[1], 1);  // K7
  EXPECT_EQ(june.by_workers[3], 1);  // K4
}

TEST(SocialWorkerChangesTest, OneWorkerWithAGapIsNotCountedInTheGap) {
  // Children who only ever had one worker (W1 and W2 in CIN):
  //   G1: W1 01/04/2014..31/03/2015, W1 again from 01/06/2016 (gap 01/04/2015..31/05/2016).
  //   G2: W1 05/01/2015..30/06/2015, W1 again 01/07/2015..31/12/2015 (no day uncovered).
  //   G3: W2 01/05/2015..31/05/2015.
  WorkforceData data = YearOfAllocations();
  data.case_allocations = {Allocation("G1", "W1", Date(2014, 4, 1), Date(2015, 3, 31)),
                           Allocation("G1", "W1", Date(2016, 6, 1)),
                           Allocation("G2", "W1", Date(2015, 1, 5), Date(2015, 6, 30)),
                           Allocation("G2", "W1", Date(2015, 7, 1), Date(2015, 12, 31)),
                           Allocation("G3", "W2", Date(2015, 5, 1), Date(2015, 5, 31))};
  IndexWorkforceData(data);
  const auto bands_to = [&data](Month month, const std::string& team) {
    return CountSocialWorkerBands(data, Context(month, cv1::BASIS_ROLLING_12_MONTHS, team));
  };
  // 01/04/2015..31/03/2016 lies in G1's gap: G2 and G3 only, one worker each. CIN (both
  // W1 and W2 are CIN) counts the same two.
  for (const std::string team : {"", "CIN"}) {
    const SocialWorkerBands in_gap = bands_to(Month(2016, 3), team);
    EXPECT_EQ(in_gap.children, 2) << team;
    EXPECT_EQ(in_gap.by_workers[0], 2) << team;
  }
  // 01/07/2015..30/06/2016: G1 from 01/06/2016 and G2's second allocation; G3 ended 31/05.
  EXPECT_EQ(bands_to(Month(2016, 6), "").children, 2);
  // 01/04/2014..31/03/2015: G1's first allocation and G2 from 05/01/2015; G3 not yet.
  EXPECT_EQ(bands_to(Month(2015, 3), "").children, 2);
  // 01/06/2016..31/05/2017: G1 alone (G2 ended 31/12/2015).
  const SocialWorkerBands latest = bands_to(Month(2017, 5), "");
  EXPECT_EQ(latest.children, 1);
  EXPECT_EQ(latest.by_workers[0], 1);
}

TEST(SocialWorkerChangesTest, CoAllocatedWorkersAreTwoWorkers) {
  // K9 is held jointly by W1 and W2 from 01/02/2017: 2 workers in the year to 31/03/2017.
  WorkforceData data = YearOfAllocations();
  data.case_allocations = {Allocation("K9", "W1", Date(2017, 2, 1)),
                           Allocation("K9", "W2", Date(2017, 2, 1))};
  const SocialWorkerBands bands =
      CountSocialWorkerBands(data, Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS));
  EXPECT_EQ(bands.children, 1);
  EXPECT_EQ(bands.by_workers[1], 1);
}

// --- The index the measures read ----------------------------------------------------

TEST(WorkforceIndexTest, SessionsByPersonAndAllocationsByChildThenStart) {
  // People by first sight: W1 = 0, W2 = 1. Sessions: W2 10/06, W1 05/06, X9 (no role) 01/06,
  // W2 01/05 -> W1 [05/06], W2 [01/05, 10/06]; X9's is never read.
  // Allocations 0: K2-W1 from 01/03; 1: K1-W2 01/02..28/02; 2: K2-W2 from 01/01; 3: K1-W2
  // from 01/02 (same start as 1). Children by first sight: K2 = 0, K1 = 1. K2's by start:
  // 2, 0; K1's: 1, 3 (same start: by position). K2 spans 01/01 to open, K1 01/02 to open.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2015, 1, 5)), Permanent("W2", Date(2015, 1, 5))};
  data.supervisions = {Session("W2", Date(2017, 6, 10)), Session("W1", Date(2017, 6, 5)),
                       Session("X9", Date(2017, 6, 1)), Session("W2", Date(2017, 5, 1))};
  data.case_allocations = {Allocation("K2", "W1", Date(2017, 3, 1)),
                           Allocation("K1", "W2", Date(2017, 2, 1), Date(2017, 2, 28)),
                           Allocation("K2", "W2", Date(2017, 1, 1)),
                           Allocation("K1", "W2", Date(2017, 2, 1))};
  const WorkforceIndex index = BuildWorkforceIndex(data);

  ASSERT_EQ(index.person_ids, (std::vector<std::string>{"W1", "W2"}));
  EXPECT_EQ(index.person_session_starts, (std::vector<uint32_t>{0, 1, 3}));
  EXPECT_EQ(index.person_session_dates,
            (std::vector<Date>{Date(2017, 6, 5), Date(2017, 5, 1), Date(2017, 6, 10)}));

  EXPECT_EQ(index.child_starts, (std::vector<uint32_t>{0, 2, 4}));
  std::vector<uint32_t> positions;
  for (const AllocationSpan& span : index.allocation_spans) positions.push_back(span.position);
  EXPECT_EQ(positions, (std::vector<uint32_t>{2, 0, 1, 3}));
  ASSERT_EQ(index.child_bounds.size(), 2u);
  EXPECT_EQ(index.child_bounds[0],
            std::make_pair(ToDayNumber(Date(2017, 1, 1)), kOpenEnd));
  EXPECT_EQ(index.child_bounds[1],
            std::make_pair(ToDayNumber(Date(2017, 2, 1)), kOpenEnd));
}

}  // namespace
}  // namespace scorecard::workforce
