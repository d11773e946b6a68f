// Adoption scorecard, care proceedings, placement stability and carer approvals on
// hand-built histories. Day counts are worked by hand in the comments.
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

// ---- adoption scorecard -------------------------------------------------------------------

ChildFacts Adopted(std::string id, std::vector<EpisodeFacts> episodes, AdoptionFacts adoption) {
  ChildFacts c = Child(std::move(id), std::move(episodes));
  c.adoptions = {adoption};
  return c;
}

AdoptionFacts Milestones(std::optional<Date> order, std::optional<Date> matched,
                         std::optional<Date> placed, std::optional<Date> adopted,
                         std::optional<Date> with_adopting_foster_carer = std::nullopt) {
  AdoptionFacts a;
  a.placement_order_date = order;
  a.matched_date = matched;
  a.placed_date = placed;
  a.adoption_order_date = adopted;
  a.placed_with_adopting_foster_carer_date = with_adopting_foster_carer;
  return a;
}

// Children adopted around the 3 years 01/04/2014-31/03/2017.
PlacementData AdoptionCases() {
  return Data({
      // Entered 01/03/2014, placed 10/06/2015: 01/03/2014 -> 01/03/2015 365 days, -> 01/06
      // +92 (31 + 30 + 31), -> 10/06 +9: A1 = 466. Placement order 01/10/2014, matched
      // 01/04/2015: 31 + 30 + 31 + 31 + 28 + 31: A2 = 182. Adopted 01/02/2016.
      Adopted("p", {Episode(Date(2014, 3, 1), Date(2016, 2, 1), "S", "C2", "A6", "E11")},
              Milestones(Date(2014, 10, 1), Date(2015, 4, 1), Date(2015, 6, 10), Date(2016, 2, 1))),
      // Matched 01/08/2015 before the placement order of 20/08/2015: A2 = 0. Entered
      // 15/01/2015, placed 15/09/2015: 31 + 28 + 31 + 30 + 31 + 30 + 31 + 31: A1 = 243.
      Adopted(
          "q", {Episode(Date(2015, 1, 15), Date(2016, 3, 10), "S", "C2", "A6", "E11")},
          Milestones(Date(2015, 8, 20), Date(2015, 8, 1), Date(2015, 9, 15), Date(2016, 3, 10))),
      // Foster-carer adoption: entered 01/06/2015, moved in with the carers who adopted on
      // 01/07/2015 (A10 = 30), placed for adoption with them 01/04/2016 (A1: 30 + 31 + 31 +
      // 30 + 31 + 30 + 31 + 31 + 29 (2016) + 31 = 305). Placement order 01/02/2016, matched
      // 01/03/2016: A2 = 29 (leap February).
      Adopted("r", {Episode(Date(2015, 6, 1), Date(2016, 12, 1), "S", "C2", "A5", "E11")},
              Milestones(Date(2016, 2, 1), Date(2016, 3, 1), Date(2016, 4, 1), Date(2016, 12, 1),
                         Date(2015, 7, 1))),
      // No placement order (consent): no A2. Entered 01/01/2015, placed 01/07/2015:
      // 31 + 28 + 31 + 30 + 31 + 30: A1 = 181.
      Adopted("s", {Episode(Date(2015, 1, 1), Date(2016, 1, 1), "S", "C2", "A4", "E12")},
              Milestones(std::nullopt, Date(2015, 6, 1), Date(2015, 7, 1), Date(2016, 1, 1))),
      // Re-entered care: period 1 01/01/2013-01/06/2013, period 2 from 01/02/2014, placed
      // 01/03/2015: A1 from the latest period: 365 + 28 = 393.
      Adopted("v",
              {Episode(Date(2013, 1, 1), Date(2013, 6, 1)),
               Episode(Date(2014, 2, 1), Date(2015, 9, 1), "S", "C2", "A4", "E12")},
              Milestones(std::nullopt, Date(2015, 2, 1), Date(2015, 3, 1), Date(2015, 9, 1))),
      // Adopted 31/03/2014, the day before the window: not counted.
      Adopted("t", {Episode(Date(2012, 1, 2), Date(2014, 3, 31))},
              Milestones(Date(2012, 6, 1), Date(2013, 1, 2), Date(2013, 6, 1), Date(2014, 3, 31))),
      // Adopted 01/04/2017, after the window: not counted at 31/03/2017.
      Adopted("u", {Episode(Date(2015, 1, 5), Date(2017, 4, 1))},
              Milestones(Date(2015, 6, 1), Date(2016, 1, 4), Date(2016, 6, 1), Date(2017, 4, 1))),
      // Adoption order in the window but no placed date recorded: not counted at all.
      Adopted("w", {Episode(Date(2015, 1, 5), Date(2016, 6, 1))},
              Milestones(Date(2015, 6, 1), Date(2016, 1, 4), std::nullopt, Date(2016, 6, 1))),
  });
}

TEST(AdoptionScorecardTest, A1AveragesDaysFromEnteringCareToPlacement) {
  // p 466 + q 243 + r 305 + s 181 + v 393 = 1588 days over 5 children.
  Fraction a1 =
      AdoptionA1Days(AdoptionCases(), Context(Month(2017, 3), cv1::BASIS_ROLLING_3_YEARS));
  EXPECT_EQ(a1.numerator, 1588);
  EXPECT_EQ(a1.denominator, 5);
}

TEST(AdoptionScorecardTest, A2CountsMatchBeforeAuthorityAsZeroAndSkipsNoPlacementOrder) {
  // p 182 + q 0 + r 29 = 211 over 3 (s and v had no placement order).
  Fraction a2 =
      AdoptionA2Days(AdoptionCases(), Context(Month(2017, 3), cv1::BASIS_ROLLING_3_YEARS));
  EXPECT_EQ(a2.numerator, 211);
  EXPECT_EQ(a2.denominator, 3);
}

TEST(AdoptionScorecardTest, A10StopsTheClockAtTheMoveToTheAdoptingFosterCarer) {
  // As A1 but r counts 30 days: 466 + 243 + 30 + 181 + 393 = 1313 over 5.
  Fraction a10 =
      AdoptionA10Days(AdoptionCases(), Context(Month(2017, 3), cv1::BASIS_ROLLING_3_YEARS));
  EXPECT_EQ(a10.numerator, 1313);
  EXPECT_EQ(a10.denominator, 5);
}

TEST(AdoptionScorecardTest, WindowIsByAdoptionOrderDate) {
  // April 2017's 3 years (01/05/2014-30/04/2017) add u (adopted 01/04/2017; entered
  // 05/01/2015, placed 01/06/2016: -> 05/01/2016 365 days, -> 05/05/2016 +121 (31 + 29 +
  // 31 + 30), -> 01/06/2016 +27: A1 = 513).
  Fraction a1 =
      AdoptionA1Days(AdoptionCases(), Context(Month(2017, 4), cv1::BASIS_ROLLING_3_YEARS));
  EXPECT_EQ(a1.numerator, 1588 + 513);
  EXPECT_EQ(a1.denominator, 6);
  // The financial year 2015-16 alone (YTD at March 2016): p (01/02/2016), q (10/03/2016),
  // s (01/01/2016), v (01/09/2015): 466 + 243 + 181 + 393 = 1283.
  Fraction ytd = AdoptionA1Days(AdoptionCases(), Context(Month(2016, 3), cv1::BASIS_YTD));
  EXPECT_EQ(ytd.numerator, 1283);
  EXPECT_EQ(ytd.denominator, 4);
}

// ---- care proceedings ---------------------------------------------------------------------

ChildFacts InProceedings(std::string id, Date issued, std::optional<Date> concluded) {
  ChildFacts c = Child(id, {});
  c.proceedings = {{issued, concluded, id + "-proceedings"}};
  return c;
}

TEST(ProceedingsTest, TwentySixWeeksBeginWithTheDayOfIssue) {
  // Issued Tue 04/04/2017: the 26 weeks beginning that day end Mon 02/10/2017 (04/04 + 181
  // days: 26 + 31 + 30 + 31 + 31 + 30 = 179 to 30/09, + 2).
  EXPECT_TRUE(ConcludedWithin26Weeks(Date(2017, 4, 4), Date(2017, 10, 2)));
  // Concluded Tue 03/10/2017: 182 days, exactly 26.0 weeks by subtraction, but the 27th
  // week's first day: not within.
  EXPECT_FALSE(ConcludedWithin26Weeks(Date(2017, 4, 4), Date(2017, 10, 3)));
  EXPECT_TRUE(ConcludedWithin26Weeks(Date(2017, 4, 4), Date(2017, 4, 4)));  // same day
}

TEST(ProceedingsTest, WeeksAndWithin26WeeksForProceedingsConcludedInThePeriod) {
  PlacementData data = Data({
      InProceedings("day_181", Date(2017, 4, 4), Date(2017, 10, 2)),  // 181 days, within
      InProceedings("day_182", Date(2017, 4, 4), Date(2017, 10, 3)),  // 182 days, not
      // 03/01/2017 -> 03/10/2017 273 days (31 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30),
      // -> 31/10/2017 +28: 301 days = 43 weeks.
      InProceedings("day_301", Date(2017, 1, 3), Date(2017, 10, 31)),
      InProceedings("november", Date(2017, 5, 2), Date(2017, 11, 1)),  // next month
      InProceedings("open", Date(2017, 5, 2), std::nullopt),
  });
  const MeasureContext october = Context(Month(2017, 10), cv1::BASIS_MONTH);
  Fraction weeks = ProceedingsWeeks(data, october);
  EXPECT_DOUBLE_EQ(weeks.numerator, (181.0 + 182.0 + 301.0) / 7.0);
  EXPECT_EQ(weeks.denominator, 3);
  Fraction within = ProceedingsWithin26Weeks(data, october);
  EXPECT_EQ(within.denominator, 3);
  EXPECT_EQ(within.numerator, 1);
}

TEST(ProceedingsTest, YearToDateRestartsOnFirstApril) {
  // Concluded 31/03/2017 (issued Tue 03/01/2017: 87 days) and 03/04/2017 (issued Tue
  // 04/10/2016: 181 days).
  PlacementData data = Data({
      InProceedings("march", Date(2017, 1, 3), Date(2017, 3, 31)),
      InProceedings("april", Date(2016, 10, 4), Date(2017, 4, 3)),
  });
  Fraction march_ytd = ProceedingsWeeks(data, Context(Month(2017, 3), cv1::BASIS_YTD));
  EXPECT_EQ(march_ytd.denominator, 1);
  EXPECT_DOUBLE_EQ(march_ytd.numerator, 87.0 / 7.0);
  Fraction april_ytd = ProceedingsWeeks(data, Context(Month(2017, 4), cv1::BASIS_YTD));
  EXPECT_EQ(april_ytd.denominator, 1);
  EXPECT_DOUBLE_EQ(april_ytd.numerator, 181.0 / 7.0);
}

// ---- pre-proceedings ----------------------------------------------------------------------

TEST(PreProceedingsTest, OpenCasesAndCasesToIssueAtMonthEnd) {
  // At 31/05/2017.
  auto plo = [](Date start, std::optional<Date> end, std::optional<Date> decision,
                std::optional<Date> issued) {
    return PreProceedingsFacts{start, end, decision, issued, "plo"};
  };
  ChildFacts c = Child("c", {});
  c.pre_proceedings = {
      plo(Date(2017, 3, 1), std::nullopt, std::nullopt, std::nullopt),            // open
      plo(Date(2017, 3, 1), Date(2017, 5, 31), std::nullopt, std::nullopt),       // ended 31/05
      plo(Date(2017, 3, 1), Date(2017, 6, 1), std::nullopt, std::nullopt),        // open
      plo(Date(2017, 6, 1), std::nullopt, std::nullopt, std::nullopt),            // not started
      plo(Date(2017, 2, 1), std::nullopt, Date(2017, 5, 10), std::nullopt),       // to issue
      plo(Date(2017, 2, 1), std::nullopt, Date(2017, 5, 10), Date(2017, 5, 31)),  // issued
      plo(Date(2017, 2, 1), std::nullopt, Date(2017, 6, 1), std::nullopt),  // open, no decision yet
      plo(Date(2017, 2, 1), std::nullopt, Date(2017, 5, 10), Date(2017, 6, 5)),   // to issue
      plo(Date(2017, 2, 1), Date(2017, 5, 20), Date(2017, 5, 10), std::nullopt),  // stepped down
  };
  PlacementData data = Data({c});
  EXPECT_EQ(PreProceedingsOpen(data, Snapshot(Month(2017, 5))).numerator, 5);
  EXPECT_EQ(CasesToIssue(data, Snapshot(Month(2017, 5))).numerator, 2);
  EXPECT_EQ(CasesToIssue(data, Snapshot(Month(2017, 5), "DCT")).numerator, 0);
}

// ---- placement stability ------------------------------------------------------------------

TEST(PlacementMovesTest, ThreeOrMorePlacementsInTheTwelveMonths) {
  // At 31/03/2017: the 12 months run 01/04/2016 to 31/03/2017.
  PlacementData data = Data({
      // 01/01/2016, moves 01/06/2016 and 01/12/2016: 3 placements: yes.
      Child("three", {FollowedOn(Date(2016, 1, 4), Date(2016, 6, 1)),
                      FollowedOn(Date(2016, 6, 1), Date(2016, 12, 1), "P"),
                      Episode(Date(2016, 12, 1), kOpen, "P")}),
      // Legal status changes only: 1 placement: no.
      Child("legal_only", {FollowedOn(Date(2016, 1, 4), Date(2016, 6, 1)),
                           FollowedOn(Date(2016, 6, 1), Date(2016, 12, 1), "L"),
                           Episode(Date(2016, 12, 1), kOpen, "L")}),
      // Same carer, new placement (T), then legal status and placement (B): 3: yes.
      Child("same_carer", {FollowedOn(Date(2016, 1, 4), Date(2016, 6, 1)),
                           FollowedOn(Date(2016, 6, 1), Date(2016, 12, 1), "T", "U4"),
                           Episode(Date(2016, 12, 1), kOpen, "B", "C2", "A5")}),
      // First placement ended on 01/04/2016, the window's first day: it counts: 3: yes.
      Child("ended_on_first_day", {FollowedOn(Date(2016, 1, 4), Date(2016, 4, 1)),
                                   FollowedOn(Date(2016, 4, 1), Date(2016, 10, 3), "P"),
                                   Episode(Date(2016, 10, 3), kOpen, "P")}),
      // First placement ended 31/03/2016, before the window: 2: no.
      Child("ended_before", {FollowedOn(Date(2016, 1, 4), Date(2016, 3, 31)),
                             FollowedOn(Date(2016, 3, 31), Date(2016, 10, 3), "P"),
                             Episode(Date(2016, 10, 3), kOpen, "P")}),
      // Two periods of care in the year: 02/05-01/07/2016, then from 01/09/2016 with a move
      // on 01/12/2016: 3: yes.
      Child("two_periods", {Episode(Date(2016, 5, 2), Date(2016, 7, 1)),
                            FollowedOn(Date(2016, 9, 1), Date(2016, 12, 1)),
                            Episode(Date(2016, 12, 1), kOpen, "P")}),
      // One placement plus three short breaks: 1: no.
      Child("short_breaks", {Episode(Date(2016, 1, 4), kOpen),
                             Episode(Date(2016, 5, 2), Date(2016, 5, 4), "S", "V3"),
                             Episode(Date(2016, 7, 1), Date(2016, 7, 3), "S", "V3"),
                             Episode(Date(2016, 9, 1), Date(2016, 9, 3), "S", "V3")}),
      // Five placements but left care 01/03/2017: not looked after at 31/03, not counted.
      Child("left", {FollowedOn(Date(2016, 4, 4), Date(2016, 6, 1)),
                     FollowedOn(Date(2016, 6, 1), Date(2016, 8, 1), "P"),
                     FollowedOn(Date(2016, 8, 1), Date(2016, 10, 3), "P"),
                     FollowedOn(Date(2016, 10, 3), Date(2016, 12, 1), "P"),
                     Episode(Date(2016, 12, 1), Date(2017, 3, 1), "P")}),
  });
  Fraction f = PlacementMoves3Plus(data, Snapshot(Month(2017, 3)));
  EXPECT_EQ(f.denominator, 7);
  EXPECT_EQ(f.numerator, 4);
}

TEST(LongTermStabilityTest, UnderSixteensInCareTwoAndAHalfYearsInOnePlacementForTwo) {
  // At 31/03/2017: in care since on or before 01/10/2014 (30 months: October 2014 to March
  // 2017) and in the placement since on or before 01/04/2015 (24 months).
  auto child = [](std::string id, Date birth, std::vector<EpisodeFacts> episodes) {
    ChildFacts c = Child(std::move(id), std::move(episodes));
    c.birth_date = birth;
    return c;
  };
  const Date age_11 = Date(2005, 6, 1);
  PlacementData data = Data({
      // One placement since 01/10/2014: counted, stable.
      child("stable", age_11, {Episode(Date(2014, 10, 1), kOpen)}),
      // In care from 02/10/2014: not 2.5 years: not counted.
      child("late_entry", age_11, {Episode(Date(2014, 10, 2), kOpen)}),
      // Moved 02/04/2015: counted, not 2 years in the placement.
      child(
          "moved_2_april", age_11,
          {FollowedOn(Date(2013, 1, 7), Date(2015, 4, 2)), Episode(Date(2015, 4, 2), kOpen, "P")}),
      // Moved 01/04/2015: exactly 2 years: stable.
      child(
          "moved_1_april", age_11,
          {FollowedOn(Date(2013, 1, 7), Date(2015, 4, 1)), Episode(Date(2015, 4, 1), kOpen, "P")}),
      // Fostered from 05/01/2015, placed for adoption with those carers 01/09/2016 (A5): the
      // two together since 05/01/2015: stable.
      child("adoptive", age_11,
            {FollowedOn(Date(2013, 1, 7), Date(2015, 1, 5), "S", "U6"),
             FollowedOn(Date(2015, 1, 5), Date(2016, 9, 1), "P", "U6"),
             Episode(Date(2016, 9, 1), kOpen, "T", "C2", "A5")}),
      // Fostered from 01/06/2015 before the adoptive placement: together under 2 years.
      child("adoptive_short", age_11,
            {FollowedOn(Date(2013, 1, 7), Date(2015, 6, 1), "S", "U6"),
             FollowedOn(Date(2015, 6, 1), Date(2016, 9, 1), "P", "U6"),
             Episode(Date(2016, 9, 1), kOpen, "P", "C2", "A6")}),
      // 16 on 01/03/2017: not counted.
      child("sixteen", Date(2001, 3, 1), {Episode(Date(2012, 1, 2), kOpen)}),
      // 16 on 01/04/2017, so 15 at 31/03/2017: counted, stable.
      child("fifteen", Date(2001, 4, 1), {Episode(Date(2012, 1, 2), kOpen)}),
      // Age unknown: not counted.
      Child("no_birth_date", {Episode(Date(2012, 1, 2), kOpen)}),
  });
  Fraction f = LongTermStability(data, Snapshot(Month(2017, 3)));
  EXPECT_EQ(f.denominator, 6);
  EXPECT_EQ(f.numerator, 4);  // stable, moved_1_april, adoptive, fifteen
}

// ---- carer approvals ----------------------------------------------------------------------

TEST(CarerApprovalsTest, CountedInTheMonthAndTheFinancialYearToDate) {
  PlacementData data;
  // Each approval of its own household (carer_id), so every one counts.
  data.foster_carer_approvals = {{Date(2017, 3, 15), "f1", "F1"},
                                 {Date(2017, 3, 31), "f2", "F2"},
                                 {Date(2017, 4, 1), "f3", "F3"},
                                 {Date(2017, 4, 20), "f4", "F4"}};
  data.adopter_approvals = {{Date(2016, 3, 31), "a1", "A1"}, {Date(2016, 4, 1), "a2", "A2"}};
  data.short_break_carer_approvals = {{Date(2016, 10, 12), "s1", "S1"}};
  // March 2017: 15/03 and 31/03 in the month and in 2016-17 to date.
  EXPECT_EQ(FosterCarersApproved(data, Context(Month(2017, 3), cv1::BASIS_MONTH)).numerator, 2);
  EXPECT_EQ(FosterCarersApproved(data, Context(Month(2017, 3), cv1::BASIS_YTD)).numerator, 2);
  // April 2017 starts 2017-18: 01/04 and 20/04 only.
  EXPECT_EQ(FosterCarersApproved(data, Context(Month(2017, 4), cv1::BASIS_YTD)).numerator, 2);
  // The 12 months May 2016-April 2017: all four.
  EXPECT_EQ(
      FosterCarersApproved(data, Context(Month(2017, 4), cv1::BASIS_ROLLING_12_MONTHS)).numerator,
      4);
  // 2016-17 to March: 01/04/2016 yes, 31/03/2016 (2015-16) no.
  EXPECT_EQ(AdoptersApproved(data, Context(Month(2017, 3), cv1::BASIS_YTD)).numerator, 1);
  EXPECT_EQ(ShortBreakCarersApproved(data, Context(Month(2016, 10), cv1::BASIS_MONTH)).numerator,
            1);
  // Approvals belong to no team.
  EXPECT_EQ(FosterCarersApproved(data, Context(Month(2017, 3), cv1::BASIS_MONTH, "DCT")).numerator,
            0);
}

}  // namespace
}  // namespace scorecard::placement
