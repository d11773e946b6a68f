// Health rules (regulation 7) and the OC2 cohort on hand-built histories. Dates are worked
// by hand in the comments; England and Wales bank holidays used: 2017: 14/04, 17/04, 01/05,
// 29/05, 28/08 (none in September or October 2017).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "services/placement/placement_measures.h"
#include "tests/services/placement/placement_test_util.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;

using testutil::Child;
using testutil::Context;
using testutil::Data;
using testutil::Episode;
using testutil::FollowedOn;
using testutil::kOpen;
using testutil::Snapshot;

// A child born on `birth` with the given episodes and health assessments.
ChildFacts Assessed(std::string id, std::optional<Date> birth, std::vector<EpisodeFacts> episodes,
                    std::vector<Date> assessments) {
  ChildFacts c = Child(std::move(id), std::move(episodes));
  c.birth_date = birth;
  c.health_assessment_dates = std::move(assessments);
  IndexChildFacts(c);
  return c;
}

// ---- due dates ----------------------------------------------------------------------------

TEST(NextHealthAssessmentDueByTest, SixMonthlyWhileStillUnderFiveOnTheDueDay) {
  // Assessed 10/03/2017; 6 months later is 10/09/2017.
  // Born 15/10/2012: 4 on 10/09/2017 (5 on 15/10/2017): due 10/09/2017.
  EXPECT_EQ(NextHealthAssessmentDueBy(Date(2012, 10, 15), Date(2017, 3, 10)), Date(2017, 9, 10));
  // Born 15/06/2012: 5 by 10/09/2017: the yearly rule, due 10/03/2018.
  EXPECT_EQ(NextHealthAssessmentDueBy(Date(2012, 6, 15), Date(2017, 3, 10)), Date(2018, 3, 10));
  // Born 10/09/2012: turns 5 on the 6-month day itself: yearly, 10/03/2018.
  EXPECT_EQ(NextHealthAssessmentDueBy(Date(2012, 9, 10), Date(2017, 3, 10)), Date(2018, 3, 10));
  // Birth date unknown: yearly.
  EXPECT_EQ(NextHealthAssessmentDueBy(std::nullopt, Date(2017, 3, 10)), Date(2018, 3, 10));
}

TEST(NextHealthAssessmentDueByTest, CalendarMonthsClampToTheMonthsEndAcrossLeapDays) {
  // Aged 11, assessed on leap day 29/02/2016: 12 months later is 29/02/2017, which does not
  // exist: due 28/02/2017 (not 01/03/2017).
  EXPECT_EQ(NextHealthAssessmentDueBy(Date(2005, 1, 1), Date(2016, 2, 29)), Date(2017, 2, 28));
  // Aged 1, assessed 31/08/2015: 6 months later is 31/02/2016: due 29/02/2016 (leap year).
  EXPECT_EQ(NextHealthAssessmentDueBy(Date(2014, 1, 1), Date(2015, 8, 31)), Date(2016, 2, 29));
}

TEST(HealthAssessmentDueByTest, InitialAssessmentWithinTheSettingsWorkingDays) {
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  ChildFacts none = Assessed("none", Date(2007, 1, 1), {Episode(Date(2017, 5, 22), kOpen)}, {});
  // Mon 22/05/2017 + 20 working days, skipping bank holiday 29/05: Tue 20/06/2017.
  EXPECT_EQ(
      HealthAssessmentDueBy(none, Date(2017, 5, 22), Date(2017, 5, 31), PlacementSettings(), cal),
      Date(2017, 6, 20));
  // A 10-working-day standard: 23, 24, 25, 26, (29 bank holiday) 30, 31/05, 01, 02, 05,
  // 06/06: Tue 06/06/2017.
  PlacementSettings ten;
  ten.initial_health_assessment_working_days = 10;
  EXPECT_EQ(HealthAssessmentDueBy(none, Date(2017, 5, 22), Date(2017, 5, 31), ten, cal),
            Date(2017, 6, 6));
  // Once one is held (12/06/2017, aged 10), the next is due a year later.
  ChildFacts held =
      Assessed("held", Date(2007, 1, 1), {Episode(Date(2017, 5, 22), kOpen)}, {Date(2017, 6, 12)});
  EXPECT_EQ(HealthAssessmentDueBy(held, Date(2017, 5, 22), Date(2017, 6, 30), ten, cal),
            Date(2018, 6, 12));
  // Looking at 31/05/2017 the 12/06 assessment has not happened yet.
  EXPECT_EQ(HealthAssessmentDueBy(held, Date(2017, 5, 22), Date(2017, 5, 31), ten, cal),
            Date(2017, 6, 6));
}

// ---- placement.health_assessments_on_time / _overdue --------------------------------------

TEST(HealthAssessmentsTest, OnTimeAndOverdueAtMonthEnd) {
  // At Tue 31/10/2017. Looked after since 04/01/2016 unless noted.
  const std::vector<EpisodeFacts> since_2016 = {Episode(Date(2016, 1, 4), kOpen)};
  PlacementData data = Data({
      // Turned 5 on 15/06/2017, between assessments: last 10/03/2017 at 4; 6 months on
      // (10/09/2017) the child is 5, so yearly: due 10/03/2018: on time. (Going by the age
      // at the last assessment would make it due 10/09/2017: overdue.)
      Assessed("turned_5", Date(2012, 6, 15), since_2016, {Date(2017, 3, 10)}),
      // 5 on 15/10/2017, still 4 on 10/09/2017: due 10/09/2017: overdue. (Going by the age
      // at month end, 5, would make it yearly and on time.)
      Assessed("still_4_when_due", Date(2012, 10, 15), since_2016, {Date(2017, 3, 10)}),
      // Aged 12: last 01/11/2016, due 01/11/2017: on time.
      Assessed("due_1_nov", Date(2005, 1, 1), since_2016, {Date(2016, 11, 1)}),
      // Aged 12: last 30/10/2016, due 30/10/2017: overdue.
      Assessed("due_30_oct", Date(2005, 1, 1), since_2016, {Date(2016, 10, 30)}),
      // Entered Mon 02/10/2017, none yet: initial due Mon 30/10/2017 (20 working days; no
      // bank holidays in October): overdue.
      Assessed("entered_2_oct", Date(2008, 1, 1), {Episode(Date(2017, 10, 2), kOpen)}, {}),
      // Entered Tue 03/10/2017: due Tue 31/10/2017, today: not yet overdue.
      Assessed("entered_3_oct", Date(2008, 1, 1), {Episode(Date(2017, 10, 3), kOpen)}, {}),
      // Entered care twice: assessed 15/05/2017 in period 1 (to 01/06/2017); period 2 from
      // Mon 04/09/2017 needs its own initial assessment, due Mon 02/10/2017: overdue.
      // (Counting the period-1 assessment would make it due 15/05/2018: on time.)
      Assessed("entered_twice", Date(2007, 1, 1),
               {Episode(Date(2016, 1, 4), Date(2017, 6, 1)), Episode(Date(2017, 9, 4), kOpen)},
               {Date(2017, 5, 15)}),
      // Short breaks only: not looked after.
      Assessed("short_breaks", Date(2007, 1, 1), {Episode(Date(2016, 1, 4), kOpen, "S", "V4")}, {}),
  });
  const MeasureContext october = Snapshot(Month(2017, 10));
  Fraction on_time = HealthAssessmentsOnTime(data, october);
  EXPECT_EQ(on_time.denominator, 7);
  EXPECT_EQ(on_time.numerator, 3);  // turned_5, due_1_nov, entered_3_oct
  Fraction overdue = HealthAssessmentsOverdue(data, october);
  EXPECT_EQ(overdue.numerator, 4);
  EXPECT_EQ(overdue.denominator, 1);  // a count
}

TEST(HealthAssessmentsTest, LeapDayAssessmentIsDueOnTheTwentyEighth) {
  // Aged 11, assessed 29/02/2016: due 28/02/2017. At 28/02/2017 still on time (due today);
  // at 31/03/2017 overdue.
  PlacementData data = Data({Assessed("leap", Date(2005, 1, 1), {Episode(Date(2015, 1, 5), kOpen)},
                                      {Date(2016, 2, 29)})});
  EXPECT_EQ(HealthAssessmentsOnTime(data, Snapshot(Month(2017, 2))).numerator, 1);
  EXPECT_EQ(HealthAssessmentsOnTime(data, Snapshot(Month(2017, 3))).numerator, 0);
}

TEST(HealthAssessmentsTest, TeamBreakdown) {
  PlacementData data = Data({
      Assessed("dct_overdue", Date(2005, 1, 1), {Episode(Date(2016, 1, 4), kOpen)}, {}),
      Assessed("other", Date(2005, 1, 1), {Episode(Date(2016, 1, 4), kOpen)}, {Date(2017, 9, 1)}),
  });
  data.children.Mutable(0).team = "DCT";
  Fraction dct = HealthAssessmentsOnTime(data, Snapshot(Month(2017, 10), "DCT"));
  EXPECT_EQ(dct.denominator, 1);
  EXPECT_EQ(dct.numerator, 0);
  EXPECT_EQ(HealthAssessmentsOverdue(data, Snapshot(Month(2017, 10), "DCT")).numerator, 1);
  EXPECT_EQ(HealthAssessmentsOnTime(data, Snapshot(Month(2017, 10))).denominator, 2);
}

// ---- placement.dental_checks_on_time ------------------------------------------------------

TEST(DentalChecksTest, YearlyFromTheLastCheckOrFromEnteringCare) {
  // At 31/10/2017.
  auto checked = [](std::string id, std::vector<EpisodeFacts> episodes, std::vector<Date> checks) {
    ChildFacts c = Child(std::move(id), std::move(episodes));
    c.dental_check_dates = std::move(checks);
    return c;
  };
  PlacementData data = Data({
      // Last 31/10/2016: due 31/10/2017, today: on time.
      checked("due_today", {Episode(Date(2015, 1, 5), kOpen)}, {Date(2016, 10, 31)}),
      // Last 30/10/2016: due 30/10/2017: overdue.
      checked("due_yesterday", {Episode(Date(2015, 1, 5), kOpen)}, {Date(2016, 10, 30)}),
      // None; entered 01/11/2016: first due 01/11/2017: on time.
      checked("entered_1_nov", {Episode(Date(2016, 11, 1), kOpen)}, {}),
      // None; entered 30/10/2016: due 30/10/2017: overdue.
      checked("entered_30_oct", {Episode(Date(2016, 10, 30), kOpen)}, {}),
      // Checked 01/10/2016 in an earlier period; back in care from 15/11/2016: due
      // 15/11/2017: on time. (Counting the old check would make it overdue since 01/10.)
      checked("back_in_care",
              {Episode(Date(2015, 1, 5), Date(2016, 10, 5)), Episode(Date(2016, 11, 15), kOpen)},
              {Date(2016, 10, 1)}),
  });
  Fraction f = DentalChecksOnTime(data, Snapshot(Month(2017, 10)));
  EXPECT_EQ(f.denominator, 5);
  EXPECT_EQ(f.numerator, 3);
}

// ---- OC2 cohort ---------------------------------------------------------------------------

TEST(Oc2CohortTest, ContinuouslyLookedAfterForTheTwelveMonthsWithTheDfeExclusions) {
  // At Fri 31/03/2017: the 12 months run 01/04/2016 to 31/03/2017.
  PlacementData data = Data({
      // In care from 01/04/2016, the window's first day: 12 months: in.
      Child("from_1_april", {Episode(Date(2016, 4, 1), kOpen)}),
      // From 02/04/2016: one day short: out.
      Child("from_2_april", {Episode(Date(2016, 4, 2), kOpen)}),
      // Since 2014 with a placement move on 01/09/2016 (X1 then P): in.
      Child("moved", {FollowedOn(Date(2014, 6, 2), Date(2016, 9, 1)),
                      Episode(Date(2016, 9, 1), kOpen, "P")}),
      // An 'S' episode in the year: left care 10/06/2016 and came back the same day. Out.
      Child("new_period",
            {Episode(Date(2014, 6, 2), Date(2016, 6, 10)), Episode(Date(2016, 6, 10), kOpen, "S")}),
      // An episode ending other than X1 in the year (E41 on 10/06/2016) though the next one
      // follows on (P) the same day: the DfE's rule puts the child out.
      Child("non_x1_end", {Episode(Date(2014, 6, 2), Date(2016, 6, 10), "S", "C2", "U4", "E41"),
                           Episode(Date(2016, 6, 10), kOpen, "P")}),
      // Full care since 2014 and a V3 short break 01/12/2016-03/12/2016 in the year: out.
      // (Its "S" start and E13 end would put the child out too.)
      Child("v3_in_year", {Episode(Date(2014, 6, 2), kOpen),
                           Episode(Date(2016, 12, 1), Date(2016, 12, 3), "S", "V3")}),
      // Full care since 2014 and a series of short breaks (V4) open since 04/01/2016: no
      // new start and no ending in the year, so only the short-break rule puts it out.
      Child("v4_series_open",
            {Episode(Date(2014, 6, 2), kOpen), Episode(Date(2016, 1, 4), kOpen, "S", "V4")}),
      // A V4 short break that ended 31/03/2016, before the year: in.
      Child("v4_before_year", {Episode(Date(2016, 1, 4), Date(2016, 3, 31), "S", "V4"),
                               Episode(Date(2014, 6, 2), kOpen)}),
      // Episodes with a gap (01/08 to 01/09/2016) though coded X1 and P: the period of care
      // restarted on 01/09/2016, so out. (The DfE's three exclusions alone would miss it.)
      Child("gap_coded_x1", {FollowedOn(Date(2014, 6, 2), Date(2016, 8, 1)),
                             Episode(Date(2016, 9, 1), kOpen, "P")}),
      // Overlapping episodes (a recording error): an unclosed episode since 2014 and an "S"
      // episode 01/06/2016-01/08/2016 ending X1. The child is in the 2014 period at
      // 31/03/2017, so only the DfE's "S in the year" rule puts them out.
      Child("overlapping_s", {Episode(Date(2014, 6, 2), kOpen),
                              FollowedOn(Date(2016, 6, 1), Date(2016, 8, 1), "S")}),
      // Left care on 31/03/2017 (not looked after at the end of that day): out.
      Child("left_on_31_march", {Episode(Date(2014, 6, 2), Date(2017, 3, 31))}),
  });
  const std::vector<std::string> expected_in = {"from_1_april", "moved", "v4_before_year"};
  std::vector<std::string> in;
  for (const ChildFacts& c : data.children) {
    if (InOc2CohortAt(c, Month(2017, 3))) in.push_back(c.child_id);
  }
  EXPECT_EQ(in, expected_in);
  EXPECT_EQ(Oc2Cohort(data, Snapshot(Month(2017, 3))).numerator, 3);
  // A year on, at 31/03/2018 (window from 01/04/2017), every child still in care since
  // before then is in, the V3 break and the restarts now being over a year ago; the open
  // V4 series still puts its child out.
  EXPECT_EQ(Oc2Cohort(data, Snapshot(Month(2018, 3))).numerator, 9);
}

TEST(Oc2CohortTest, HealthOnTimeAndOverdueAmongTheCohort) {
  // At 31/03/2017, children aged 10.
  PlacementData data = Data({
      // In the cohort; assessed 01/04/2016, due 01/04/2017: on time.
      Assessed("cohort_on_time", Date(2006, 5, 1), {Episode(Date(2016, 4, 1), kOpen)},
               {Date(2016, 4, 1)}),
      // In the cohort; assessed 30/03/2016, due 30/03/2017: overdue.
      Assessed("cohort_overdue", Date(2006, 5, 1), {Episode(Date(2014, 6, 2), kOpen)},
               {Date(2016, 3, 30)}),
      // Not in the cohort (in care from 02/04/2016) and overdue: not counted here.
      Assessed("not_cohort", Date(2006, 5, 1), {Episode(Date(2016, 4, 2), kOpen)}, {}),
  });
  const MeasureContext march = Snapshot(Month(2017, 3));
  EXPECT_EQ(Oc2Cohort(data, march).numerator, 2);
  Fraction on_time = Oc2HealthOnTime(data, march);
  EXPECT_EQ(on_time.denominator, 2);
  EXPECT_EQ(on_time.numerator, 1);
  EXPECT_EQ(Oc2HealthOverdue(data, march).numerator, 1);
  // All looked-after children: not_cohort is overdue too.
  EXPECT_EQ(HealthAssessmentsOverdue(data, march).numerator, 2);
}

// ---- placement.initial_health_within_20wd -------------------------------------------------

// Entries into care in April-June 2017 with their initial health assessments. Due dates
// (20 working days; bank holidays 14/04, 17/04, 01/05, 29/05):
//   Mon 03/04 -> Thu 04/05; Mon 01/05 -> Tue 30/05; Tue 02/05 -> Wed 31/05;
//   Wed 10/05 -> Thu 08/06; Mon 15/05 -> Tue 13/06; Fri 16/06 -> Fri 14/07.
PlacementData InitialHealthCases() {
  return Data({
      // Entered 03/04, assessed 02/05 (due 04/05): on time.
      Assessed("a_april", Date(2010, 1, 1), {Episode(Date(2017, 4, 3), kOpen)}, {Date(2017, 5, 2)}),
      // Entered 02/05, assessed 31/05, the due day: on time.
      Assessed("b_due_day", Date(2010, 1, 1), {Episode(Date(2017, 5, 2), kOpen)},
               {Date(2017, 5, 31)}),
      // Entered 02/05, assessed 01/06 (due 31/05): late.
      Assessed("c_day_late", Date(2010, 1, 1), {Episode(Date(2017, 5, 2), kOpen)},
               {Date(2017, 6, 1)}),
      // Entered on the bank holiday 01/05, never assessed (due 30/05): late.
      Assessed("d_none", Date(2010, 1, 1), {Episode(Date(2017, 5, 1), kOpen)}, {}),
      // Entered 10/05, home again 12/05, never assessed: none was needed.
      Assessed("e_left", Date(2010, 1, 1), {Episode(Date(2017, 5, 10), Date(2017, 5, 12))}, {}),
      // Entered twice: 03/04-21/04 (left before its due day 04/05, unassessed), then from
      // 15/05, assessed 12/06 (due 13/06): on time. The 12/06 assessment belongs to the
      // second entry only.
      Assessed("x_twice", Date(2010, 1, 1),
               {Episode(Date(2017, 4, 3), Date(2017, 4, 21)), Episode(Date(2017, 5, 15), kOpen)},
               {Date(2017, 6, 12)}),
      // Entered 16/06, due 14/07: not yet due at 30/06.
      Assessed("f_june", Date(2010, 1, 1), {Episode(Date(2017, 6, 16), kOpen)}, {}),
  });
}

TEST(InitialHealthAssessmentsTest, MonthCountsEntriesWhoseAssessmentIsHeldOrDue) {
  // May 2017, looking at 31/05: entries b, c, d, e, x(2nd). b held on time; d due 30/05 and
  // none: late; c not yet held and due 31/05, today: not yet counted; e left care; x's
  // second entry not due until 13/06.
  Fraction may = InitialHealthAssessmentsOnTime(InitialHealthCases(),
                                                Context(Month(2017, 5), cv1::BASIS_MONTH));
  EXPECT_EQ(may.denominator, 2);
  EXPECT_EQ(may.numerator, 1);
}

TEST(InitialHealthAssessmentsTest, YearToDateCatchesUpWithLaterAssessments) {
  // April-June 2017, looking at 30/06: a on time, b on time, c late (01/06 > 31/05), d late,
  // e not needed, x's first entry not needed, x's second on time, f not yet due.
  Fraction ytd =
      InitialHealthAssessmentsOnTime(InitialHealthCases(), Context(Month(2017, 6), cv1::BASIS_YTD));
  EXPECT_EQ(ytd.denominator, 5);
  EXPECT_EQ(ytd.numerator, 3);
  // April alone, at 30/04: a and x entered, neither assessed by then nor due (04/05).
  Fraction april = InitialHealthAssessmentsOnTime(InitialHealthCases(),
                                                  Context(Month(2017, 4), cv1::BASIS_MONTH));
  EXPECT_EQ(april.denominator, 0);
}

TEST(InitialHealthAssessmentsTest, TimescaleIsTheSetting) {
  // A 10-working-day standard from 01/05/2017. Due dates: Tue 02/05 -> Tue 16/05; Mon 01/05
  // -> Mon 15/05 (02, 03, 04, 05, 08, 09, 10, 11, 12, 15). In May: b (assessed 31/05) and c
  // (not held; due 16/05, passed) are now late; d late; e left 12/05 before its due day
  // (24/05); x's second entry (due 30/05: 16, 17, 18, 19, 22, 23, 24, 25, 26, 30) is late.
  PlacementData data = InitialHealthCases();
  PlacementSettings ten;
  ten.initial_health_assessment_working_days = 10;
  data.settings.Add(Date(2017, 5, 1), ten);
  Fraction may = InitialHealthAssessmentsOnTime(data, Context(Month(2017, 5), cv1::BASIS_MONTH));
  EXPECT_EQ(may.denominator, 4);
  EXPECT_EQ(may.numerator, 0);
}

}  // namespace
}  // namespace scorecard::placement
