// The records that keep history the child record cannot (issue 4): UASC periods, team
// assignments and OC2 outcomes, and the carer id of an approval. Every figure is worked out
// by hand from the dates in each test.
#include <string>
#include <vector>

#include "common/measures/drill_down.h"
#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "services/placement/placement_data.h"
#include "services/placement/placement_measures.h"
#include "tests/services/placement/placement_test_util.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;

using testutil::Child;
using testutil::Context;
using testutil::Data;
using testutil::Episode;
using testutil::kOpen;
using testutil::Snapshot;

using MeasureFn = Fraction (*)(const PlacementData&, const MeasureContext&);

std::vector<CaseRow> Rows(MeasureFn measure, const PlacementData& data, MeasureContext ctx) {
  std::vector<CaseRow> rows;
  ctx.cases = &rows;
  measure(data, ctx);
  SortCases(rows);
  return rows;
}

// ---- UASC ----------------------------------------------------------------------------------

// Three children looked after since 01/09/2016.
//   flag:      no periods; the child record says UASC, ceased 15/01/2017.
//   restated:  the child record was restated "not UASC" (a later return), but a period
//              (start unknown, ceased 15/01/2017) keeps what the earlier year said.
//   later:     the child record says UASC, but its only period starts 01/12/2016: the
//              periods decide, so not UASC at 30/11/2016.
PlacementData UascChildren() {
  ChildFacts flag = Child("flag", {Episode(Date(2016, 9, 1), kOpen)});
  flag.uasc = true;
  flag.uasc_ceased_date = Date(2017, 1, 15);
  ChildFacts restated = Child("restated", {Episode(Date(2016, 9, 1), kOpen)});
  restated.uasc_periods = {{std::nullopt, Date(2017, 1, 15)}};
  ChildFacts later = Child("later", {Episode(Date(2016, 9, 1), kOpen)});
  later.uasc = true;
  later.uasc_periods = {{Date(2016, 12, 1), std::nullopt}};
  return Data({flag, restated, later});
}

TEST(PlacementHistoryTest, UascPeriodsDecideWhenAChildHasThem) {
  const PlacementData data = UascChildren();
  // 30/11/2016: flag and restated (ceased 15/01/2017 is later); later's period not begun.
  EXPECT_EQ(LookedAfterUasc(data, Snapshot(Month(2016, 11))).numerator, 2);
  // 31/12/2016: later's period has begun on 01/12.
  EXPECT_EQ(LookedAfterUasc(data, Snapshot(Month(2016, 12))).numerator, 3);
  // 31/01/2017: flag and restated ceased on 15/01; later still UASC.
  EXPECT_EQ(LookedAfterUasc(data, Snapshot(Month(2017, 1))).numerator, 1);
  const std::vector<CaseRow> rows = Rows(LookedAfterUasc, data, Snapshot(Month(2017, 1)));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].subject_id, "later");
}

TEST(PlacementHistoryTest, UascOnTheDayItStartsAndEnds) {
  ChildFacts c = Child("c", {Episode(Date(2016, 1, 4), kOpen)});
  c.uasc_periods = {{Date(2016, 3, 31), Date(2016, 4, 30)}};
  // UASC at the end of the day it became UASC; no longer at the end of the day it ceased.
  EXPECT_TRUE(IsUascAt(c, Date(2016, 3, 31)));
  EXPECT_FALSE(IsUascAt(c, Date(2016, 3, 30)));
  EXPECT_TRUE(IsUascAt(c, Date(2016, 4, 29)));
  EXPECT_FALSE(IsUascAt(c, Date(2016, 4, 30)));
}

// ---- teams ---------------------------------------------------------------------------------

// Looked after since 03/05/2016:
//   mover:   the case system's child record says CLA; assignments CLA from 01/04/2016,
//            DCT from 15/09/2016 (moved into the Disabled Children's Team mid-year).
//   stayer:  child record DCT, no assignments.
//   late:    no team on its child record (the 903 has none); DCT from 20/10/2016.
PlacementData TeamChildren() {
  ChildFacts mover = Child("mover", {Episode(Date(2016, 5, 3), kOpen)});
  mover.team = "CLA";
  mover.team_assignments = {{Date(2016, 9, 15), "DCT"}, {Date(2016, 4, 1), "CLA"}};
  ChildFacts stayer = Child("stayer", {Episode(Date(2016, 5, 3), kOpen)}, {}, "DCT");
  ChildFacts late = Child("late", {Episode(Date(2016, 5, 3), kOpen)});
  late.team_assignments = {{Date(2016, 10, 20), "DCT"}};
  return Data({mover, stayer, late});
}

TEST(PlacementHistoryTest, AChildMovingIntoDctCountsThereFromTheMonthItMoves) {
  const PlacementData data = TeamChildren();
  // 31/08/2016: mover still CLA; stayer DCT; late has no team yet.
  EXPECT_EQ(LookedAfterChildren(data, Snapshot(Month(2016, 8), "DCT")).numerator, 1);
  EXPECT_EQ(LookedAfterChildren(data, Snapshot(Month(2016, 8), "CLA")).numerator, 1);
  // 30/09/2016: mover in DCT since 15/09.
  EXPECT_EQ(LookedAfterChildren(data, Snapshot(Month(2016, 9), "DCT")).numerator, 2);
  EXPECT_EQ(LookedAfterChildren(data, Snapshot(Month(2016, 9), "CLA")).numerator, 0);
  // 31/10/2016: late in DCT since 20/10.
  EXPECT_EQ(LookedAfterChildren(data, Snapshot(Month(2016, 10), "DCT")).numerator, 3);
  // All teams: always 3.
  EXPECT_EQ(LookedAfterChildren(data, Snapshot(Month(2016, 8))).numerator, 3);

  // Drill-down rows name the team at month end.
  const std::vector<CaseRow> august = Rows(LookedAfterChildren, data, Snapshot(Month(2016, 8)));
  const std::vector<CaseRow> september = Rows(LookedAfterChildren, data, Snapshot(Month(2016, 9)));
  ASSERT_EQ(august.size(), 3u);
  ASSERT_EQ(september.size(), 3u);
  EXPECT_EQ(august[1].subject_id, "mover");  // late, mover, stayer
  EXPECT_EQ(august[1].team, "CLA");
  EXPECT_EQ(september[1].team, "DCT");
  EXPECT_EQ(august[0].team, "");
}

TEST(PlacementHistoryTest, EventMeasuresUseTheTeamAtTheMonthsEnd) {
  // mover entered care on 03/05/2016: an entry in the year to date, counted under the team
  // it is in at the end of each month (its assessment is not due until 01/06/2016, the 20th
  // working day after, so from May's end it is overdue and in the figure).
  const PlacementData data = TeamChildren();
  EXPECT_EQ(InitialHealthAssessmentsOnTime(data, Context(Month(2016, 8), cv1::BASIS_YTD, "CLA"))
                .denominator,
            1);
  EXPECT_EQ(InitialHealthAssessmentsOnTime(data, Context(Month(2016, 9), cv1::BASIS_YTD, "CLA"))
                .denominator,
            0);
}

// ---- OC2 outcomes --------------------------------------------------------------------------

Oc2Facts Outcomes(int year, std::optional<bool> assessed, std::optional<bool> teeth,
                  std::optional<bool> immunised, std::string id) {
  Oc2Facts o;
  o.collection_year = year;
  o.health_assessment_up_to_date = assessed;
  o.teeth_checked = teeth;
  o.immunisations_up_to_date = immunised;
  o.record_id = std::move(id);
  return o;
}

// The 2016-17 collection year: census day 31/03/2017, the 12 months from 01/04/2016.
//   p: in care since 10/01/2015; OC2: assessed no, teeth yes, immunised yes. Team DCT, moved
//      to CLA from 01/04/2017 (after the census day).
//   q: in care since 01/04/2016 (the first day: continuously for the 12 months); OC2:
//      assessed yes, teeth no, immunisations blank.
//   r: in care since 02/04/2016: not in the cohort; its OC2 row (all yes) is not counted.
//   s: in care since 2014, no OC2 row: in the cohort, counted as not done.
//   t: in care since 2014, left on 31/03/2017: not looked after at the census day's end.
PlacementData Oc2Children() {
  ChildFacts p = Child("p", {Episode(Date(2015, 1, 10), kOpen)}, {}, "DCT");
  p.team_assignments = {{Date(2017, 4, 1), "CLA"}};
  p.oc2_outcomes = {Outcomes(2016, false, true, true, "p/2016")};
  ChildFacts q = Child("q", {Episode(Date(2016, 4, 1), kOpen)}, {}, "CLA");
  q.oc2_outcomes = {Outcomes(2016, true, false, std::nullopt, "q/2016")};
  ChildFacts r = Child("r", {Episode(Date(2016, 4, 2), kOpen)}, {}, "CLA");
  r.oc2_outcomes = {Outcomes(2016, true, true, true, "r/2016")};
  ChildFacts s = Child("s", {Episode(Date(2014, 6, 1), kOpen)}, {}, "CLA");
  ChildFacts t = Child("t", {Episode(Date(2014, 6, 1), Date(2017, 3, 31))}, {}, "CLA");
  t.oc2_outcomes = {Outcomes(2016, true, true, true, "t/2016")};
  return Data({p, q, r, s, t});
}

TEST(PlacementHistoryTest, Oc2OutcomesArePercentagesOfTheCohortAtTheCensusDay) {
  const PlacementData data = Oc2Children();
  // Cohort p, q, s. Teeth: p. Immunisations: p (q blank). Assessment: q.
  for (Month m : {Month(2017, 3), Month(2017, 4), Month(2018, 2)}) {  // all read 2016-17
    const Fraction teeth = Oc2TeethChecked(data, Snapshot(m));
    EXPECT_EQ(teeth.numerator, 1) << FormatMonth(m);
    EXPECT_EQ(teeth.denominator, 3) << FormatMonth(m);
    EXPECT_EQ(Oc2ImmunisationsUpToDate(data, Snapshot(m)).numerator, 1);
    EXPECT_EQ(Oc2HealthAssessmentUpToDate(data, Snapshot(m)).numerator, 1);
    EXPECT_EQ(Oc2HealthAssessmentUpToDate(data, Snapshot(m)).denominator, 3);
  }
  // February 2017 reads 2015-16, for which nothing was returned: no value.
  EXPECT_EQ(Oc2TeethChecked(data, Snapshot(Month(2017, 2))).denominator, 0);
  // March 2018 reads 2017-18: nothing returned either.
  EXPECT_EQ(Oc2TeethChecked(data, Snapshot(Month(2018, 3))).denominator, 0);
  // The team at the census day: p was DCT then, though CLA by 30/04/2017.
  const Fraction dct = Oc2TeethChecked(data, Snapshot(Month(2017, 4), "DCT"));
  EXPECT_EQ(dct.numerator, 1);
  EXPECT_EQ(dct.denominator, 1);

  const std::vector<CaseRow> rows = Rows(Oc2ImmunisationsUpToDate, data, Snapshot(Month(2017, 3)));
  ASSERT_EQ(rows.size(), 3u);  // p, q, s
  EXPECT_EQ(rows[0].subject_id, "p");
  EXPECT_TRUE(rows[0].in_numerator);
  EXPECT_EQ(rows[0].record_id, "p/2016");
  EXPECT_EQ(rows[0].team, "DCT");
  EXPECT_EQ(rows[1].subject_id, "q");
  EXPECT_EQ(rows[1].reason, "not-recorded");
  EXPECT_EQ(rows[2].subject_id, "s");
  EXPECT_EQ(rows[2].reason, "no-oc2-record");
  EXPECT_TRUE(rows[2].record_id.empty());
  const std::vector<CaseRow> teeth = Rows(Oc2TeethChecked, data, Snapshot(Month(2017, 3)));
  EXPECT_EQ(teeth[1].reason, "teeth-not-checked");
}

TEST(PlacementHistoryTest, TheCollectionYearIsTheLatestEndedByTheMonth) {
  EXPECT_EQ(LatestCollectionYearEndedBy(Month(2017, 3)), 2016);
  EXPECT_EQ(LatestCollectionYearEndedBy(Month(2017, 4)), 2016);
  EXPECT_EQ(LatestCollectionYearEndedBy(Month(2017, 2)), 2015);
  EXPECT_EQ(LatestCollectionYearEndedBy(Month(2016, 12)), 2015);
}

// ---- carers --------------------------------------------------------------------------------

TEST(PlacementHistoryTest, CarerRowsNameTheHouseholdByItsCarerId) {
  PlacementData data;
  data.foster_carer_approvals = {{Date(2017, 4, 3), "approval-1", "HH-17"},
                                 {Date(2017, 4, 20), "approval-2", ""}};
  const std::vector<CaseRow> rows =
      Rows(FosterCarersApproved, data, Context(Month(2017, 4), cv1::BASIS_MONTH));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].subject_id, "HH-17");
  EXPECT_EQ(rows[0].record_id, "approval-1");
  EXPECT_EQ(rows[0].subject_kind, cv1::SUBJECT_KIND_CARER);
  // No carer id: the approval record stands for the household.
  EXPECT_EQ(rows[1].subject_id, "approval-2");
}

}  // namespace
}  // namespace scorecard::placement
