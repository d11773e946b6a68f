// Hand-worked cases for the month-end snapshots: children in need, children on plans and
// how their plans are kept (reviews, visits, core groups), plans starting and ending, and
// the private fostering and CSE volumes. Every expected figure is worked out in the comment
// beside it.
//
// Month ends used: Tue 31/01/2017, Tue 28/02/2017 (not a leap year), Fri 31/03/2017 (end of
// 2016-17), Sun 30/04/2017 (after Easter: Good Friday 14/04, Easter Monday 17/04).
#include <string>

#include "gtest/gtest.h"
#include "services/safeguarding/safeguarding_measures.h"
#include "tests/services/safeguarding/safeguarding_test_util.h"

namespace scorecard::safeguarding {
namespace {

using namespace ::scorecard::safeguarding::testing;  // NOLINT: test builders

void ExpectFraction(const Fraction& f, double numerator, double denominator) {
  EXPECT_EQ(f.numerator, numerator);
  EXPECT_EQ(f.denominator, denominator);
}

MeasureContext Snapshot(int year, int month, std::string team = "") {
  return Context(Month(year, month), cv1::BASIS_SNAPSHOT, std::move(team));
}

TEST(OpenAtEndOfTest, EndingOnTheDayMeansClosedByItsEnd) {
  const Date d(2017, 3, 31);
  EXPECT_TRUE(OpenAtEndOf(Date(2017, 3, 31), std::nullopt, d));  // started that day
  EXPECT_FALSE(OpenAtEndOf(Date(2017, 4, 1), std::nullopt, d));  // not started
  EXPECT_FALSE(OpenAtEndOf(Date(2017, 1, 1), Date(2017, 3, 31), d));
  EXPECT_TRUE(OpenAtEndOf(Date(2017, 1, 1), Date(2017, 4, 1), d));
}

// --- Children in need and on plans ---

SafeguardingRecords ChildrenInNeedRecords() {
  SafeguardingRecords r;
  r.population.Add(2016, 35570);
  r.population.Add(2017, 36000);
  CinEpisodeFacts looked_after = Episode("C3", Date(2016, 6, 1));
  looked_after.looked_after = {Period("C3", Date(2016, 12, 1))};
  CinEpisodeFacts was_looked_after = Episode("C8", Date(2016, 11, 1));
  was_looked_after.looked_after = {Period("C8", Date(2016, 12, 1), Date(2017, 2, 15))};
  r.cin_episodes = {
      Episode("C1", Date(2016, 10, 1), std::nullopt, "DCT"),  // in need only
      Episode("C2", Date(2016, 9, 1)),                        // and on a plan
      looked_after,                                           // C3: and looked after
      Episode("C4", Date(2017, 1, 1), std::nullopt, "", /*early_intervention=*/true),
      Episode("C5", Date(2017, 1, 1), Date(2017, 3, 31)),  // closed on 31/03
      Episode("C7", Date(2017, 2, 1)),                     // two open episodes:
      Episode("C7", Date(2017, 2, 15)),                    // one child
      was_looked_after,                                    // C8: no longer looked after
      Episode("C9", Date(2016, 11, 1)),                    // plan ended on 31/03
  };
  r.plans = {
      Plan("C2", "P2", Date(2017, 1, 10)),  // spans the 2016-17 / 2017-18 boundary
      Plan("C6", "P6", Date(2017, 2, 1), std::nullopt, "DCT"),  // on a plan, no episode
      Plan("C9", "P9", Date(2016, 12, 1), Date(2017, 3, 31)),
      Plan("C4", "P4", Date(2017, 4, 5)),  // starts in 2017-18
  };
  return r;
}

TEST(ChildrenInNeedTest, WithAndWithoutChildrenOnPlansAndLookedAfter) {
  const SafeguardingData data = Index(ChildrenInNeedRecords());
  // 31/03/2017. In need: C1, C2, C3, C7, C8, C9 (C4 is early intervention, C5 closed that
  // day). On a plan: C2, C6 (C9's ended that day; C4's starts in April).
  // cin_count: C1, C2, C3, C6, C7, C8, C9 = 7.
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 3)), 7, 1);
  // Less those on a plan (C2) or looked after (C3): C1, C7, C8, C9 = 4.
  ExpectFraction(ChildrenInNeedExclCpLac(data, Snapshot(2017, 3)), 4, 1);
  ExpectFraction(ChildrenOnPlans(data, Snapshot(2017, 3)), 2, 1);
  // Rates over mid-2016 (a 2016-17 month).
  ExpectFraction(ChildrenInNeedRate(data, Snapshot(2017, 3)), 7, 35570);
  ExpectFraction(ChildrenOnPlansRate(data, Snapshot(2017, 3)), 2, 35570);
}

TEST(ChildrenInNeedTest, APlanSpanningTheFinancialYearBoundaryCountsInBoth) {
  const SafeguardingData data = Index(ChildrenInNeedRecords());
  // 30/04/2017: on a plan C2 (since 10/01/2017), C6, C4 (from 05/04): 3, over mid-2017.
  ExpectFraction(ChildrenOnPlans(data, Snapshot(2017, 4)), 3, 1);
  ExpectFraction(ChildrenOnPlansRate(data, Snapshot(2017, 4)), 3, 36000);
  // In need or on a plan: C1, C2, C3, C4 (plan), C6, C7, C8, C9 (episode still open) = 8.
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 4)), 8, 1);
  // Excluding plans and looked after: C1, C7, C8, C9 = 4.
  ExpectFraction(ChildrenInNeedExclCpLac(data, Snapshot(2017, 4)), 4, 1);
  // 31/12/2016: C2's plan has not started (10/01/2017); only C9 is on a plan.
  ExpectFraction(ChildrenOnPlans(data, Snapshot(2016, 12)), 1, 1);
}

TEST(ChildrenInNeedTest, TeamBreakdownUsesTheEpisodeOrPlanTeam) {
  const SafeguardingData data = Index(ChildrenInNeedRecords());
  // DCT: C1's episode, C6's plan.
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 3, "DCT")), 2, 1);
  ExpectFraction(ChildrenInNeedExclCpLac(data, Snapshot(2017, 3, "DCT")), 1, 1);
  ExpectFraction(ChildrenOnPlans(data, Snapshot(2017, 3, "DCT")), 1, 1);
}

TEST(ChildrenInNeedTest, TheSharedMonthEndSetServesEveryTeamMonthAndMeasure) {
  // One dataset asked in turn for all teams, then for teams, then another month: the set of
  // open cases found for a month end is shared, never a team's or another month's answer.
  SafeguardingRecords r;
  r.cin_episodes = {
      Episode("C1", Date(2017, 1, 5), std::nullopt, "A"),   // C1's first in-need episode
      Episode("C1", Date(2017, 2, 1), std::nullopt, "B"),   // and a second, of team B
      Episode("C2", Date(2017, 1, 10), std::nullopt, "B", /*early_intervention=*/true),
      Episode("C3", Date(2016, 6, 1), Date(2017, 3, 31), "B"),  // closed on 31/03
  };
  r.plans = {Plan("C4", "P4", Date(2017, 2, 20), std::nullopt, "A")};
  const SafeguardingData data = Index(std::move(r));
  // 31/03/2017: C1 in need (A's and B's episodes open), C2 early intervention only, C3
  // closed that day, C4 on A's plan. All teams: C1, C4 = 2.
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 3)), 2, 1);
  // B: C1 through B's episode = 1. A: C1 through A's episode, C4's plan = 2.
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 3, "B")), 1, 1);
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 3, "A")), 2, 1);
  // Excluding plans: C1 for all teams, for B and for A.
  ExpectFraction(ChildrenInNeedExclCpLac(data, Snapshot(2017, 3)), 1, 1);
  ExpectFraction(ChildrenInNeedExclCpLac(data, Snapshot(2017, 3, "B")), 1, 1);
  ExpectFraction(ChildrenOnPlans(data, Snapshot(2017, 3, "B")), 0, 1);
  ExpectFraction(ChildrenOnPlans(data, Snapshot(2017, 3)), 1, 1);
  // 28/02/2017: C1 and C3 (open until 31/03) in need, C4 on a plan. B: C1, C3 = 2; all 3.
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 2, "B")), 2, 1);
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 2)), 3, 1);
  // 31/01/2017: C1 (A's episode only) and C3; C4's plan starts 20/02. B: C3 = 1.
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 1)), 2, 1);
  ExpectFraction(ChildrenInNeed(data, Snapshot(2017, 1, "B")), 1, 1);
}

// --- CP reviews ---

TEST(CpReviewStatusAtTest, FirstWithinThreeMonthsThenSixMonthly) {
  // Start 31/10/2016: first review due 31/01/2017.
  const Date start(2016, 10, 31);
  const Date on_due[] = {Date(2017, 1, 31)};
  const Date late[] = {Date(2017, 2, 1)};
  EXPECT_EQ(CpReviewStatusAt(start, on_due, Date(2017, 3, 31)), CpReviewStatus::kOnTime);
  EXPECT_EQ(CpReviewStatusAt(start, late, Date(2017, 3, 31)), CpReviewStatus::kLate);
  // Until 31/01/2017 the plan is under 3 months old; on it the review is due that very
  // day: not late yet. The day after: late.
  EXPECT_EQ(CpReviewStatusAt(start, {}, Date(2017, 1, 30)), CpReviewStatus::kUnderThreeMonths);
  EXPECT_EQ(CpReviewStatusAt(start, {}, Date(2017, 1, 31)), CpReviewStatus::kOnTime);
  EXPECT_EQ(CpReviewStatusAt(start, {}, Date(2017, 2, 1)), CpReviewStatus::kLate);
  // Reviewed 31/01/2017: next due 31/07/2017.
  EXPECT_EQ(CpReviewStatusAt(start, on_due, Date(2017, 7, 31)), CpReviewStatus::kOnTime);
  EXPECT_EQ(CpReviewStatusAt(start, on_due, Date(2017, 8, 1)), CpReviewStatus::kLate);
  // A review held after the day looked at is not seen yet: on 31/01/2017 the 01/02 review
  // has not happened and the first is due that day, so nothing is late.
  EXPECT_EQ(CpReviewStatusAt(start, late, Date(2017, 1, 31)), CpReviewStatus::kOnTime);
}

SafeguardingRecords ReviewRecords() {
  SafeguardingRecords r;
  r.plans = {
      Plan("A", "PA", Date(2017, 1, 16)),
      Plan("B", "PB", Date(2016, 10, 31)),
      Plan("C", "PC", Date(2016, 11, 30)),
      Plan("D", "PD", Date(2015, 11, 30), std::nullopt, "DCT"),
      Plan("E", "PE", Date(2016, 10, 3)),
      Plan("F", "PF", Date(2016, 12, 31)),
      Plan("G", "G1", Date(2015, 6, 1), Date(2016, 6, 1)),  // G's first plan
      Plan("G", "G2", Date(2016, 12, 5)),                   // and second
      Plan("H", "PH", Date(2016, 11, 1)),
  };
  r.review_conferences = {
      // A: first due 16/04/2017; held early on 12/04, so the next is due 12/10/2017.
      Review("A", "PA", Date(2017, 4, 12)),
      // B: 31/10/2016 + 3 months = 31/01/2017; held 01/02/2017: a day late.
      Review("B", "PB", Date(2017, 2, 1)),
      // C: 30/11/2016 + 3 months clamps to 28/02/2017; held that day: on time. The
      // conference dated on the plan's first day is the ICPC mis-recorded: ignored.
      Review("C", "PC", Date(2016, 11, 30)),
      Review("C", "PC", Date(2017, 2, 28)),
      // D: 30/11/2015 + 3 months = 29/02/2016 (leap year): held that day. + 6 months =
      // 29/08/2016: held 26/08. + 6 = 26/02/2017: held early, 24/02/2017. Next 24/08/2017.
      Review("D", "PD", Date(2016, 2, 29)),
      Review("D", "PD", Date(2016, 8, 26)),
      Review("D", "PD", Date(2017, 2, 24)),
      // E: first due 03/01/2017, held 05/04/2017: late (and not yet held at 31/03).
      Review("E", "PE", Date(2017, 4, 5)),
      // F: none. G: the first plan's review does not count for the second; the second's
      // first is due 05/03/2017 and was held 01/03/2017.
      Review("G", "G1", Date(2015, 9, 1)),
      Review("G", "G2", Date(2017, 3, 1)),
      // H: the only conference is dated on the plan's first day, so it is not a review:
      // the first was due 01/02/2017 and has not been held.
      Review("H", "PH", Date(2016, 11, 1)),
  };
  return r;
}

TEST(CpReviewsTest, ChildrenOnAPlanForThreeMonthsWithEveryReviewOnTime) {
  const SafeguardingData data = Index(ReviewRecords());
  // 31/03/2017. A's plan is under 3 months old (due 16/04): left out. B late; C on time;
  // D on time; E overdue since 03/01; F due 31/03/2017 (31/12/2016 + 3 months), the day
  // itself: not late; G on time; H overdue since 01/02. 4 of 7.
  ExpectFraction(CpReviewsOnTime(data, Snapshot(2017, 3)), 4, 7);
  // Sun 30/04/2017. A now counted, reviewed early: on time. F's review is overdue. A, C, D,
  // G of A..H: 4 of 8.
  ExpectFraction(CpReviewsOnTime(data, Snapshot(2017, 4)), 4, 8);
  // 31/01/2017. B's first review is due that very day: not late. C (due 28/02), F (due
  // 31/03), G (due 05/03) and H (due 01/02) are under 3 months. D next due 26/02/2017: on
  // time. E overdue. B, D of B, D, E: 2 of 3.
  ExpectFraction(CpReviewsOnTime(data, Snapshot(2017, 1)), 2, 3);
  // DCT holds D alone.
  ExpectFraction(CpReviewsOnTime(data, Snapshot(2017, 3, "DCT")), 1, 1);
}

// --- CP visits ---

TEST(CpVisitsTest, SeenWithinTenWorkingDaysOfMonthEnd) {
  // Fri 31/03/2017. Ten working days back: 30, 29, 28, 27, 24, 23, 22, 21, 20, Fri 17 Mar.
  // So seen on 17/03 is 10 working days ago (in time); 16/03 is 11 (late).
  const Date long_ago(2016, 10, 3);
  SafeguardingRecords r;
  r.plans = {
      Plan("V1", "1", long_ago),
      Plan("V2", "2", long_ago),
      Plan("V3", "3", long_ago),
      Plan("V4", "4", long_ago),
      Plan("V5", "5", Date(2017, 3, 20)),  // Mon 20/03: 9 working days old, not yet due
      Plan("V6", "6", Date(2017, 3, 16)),  // Thu 16/03: 11 working days, never seen
      Plan("V7", "7", Date(2017, 3, 20)),  // seen during the enquiry, before the plan
      Plan("V8", "8", long_ago),
      Plan("Closed", "9", long_ago, Date(2017, 3, 31)),  // not on a plan at month end
  };
  r.visits = {
      Visit("V1", Date(2017, 3, 17)),     Visit("V2", Date(2017, 3, 16)),
      Visit("V3", Date(2017, 3, 16)),     Visit("V3", Date(2017, 3, 24), /*seen=*/false),
      Visit("V4", Date(2017, 4, 3)),      Visit("V4", Date(2017, 3, 10)),  // April's is too late
      Visit("V7", Date(2017, 3, 10)),     Visit("V8", Date(2017, 3, 24)),
      Visit("NoPlan", Date(2017, 3, 30)),
  };
  SafeguardingData data = Index(r);
  // In time: V1, V5, V7, V8 of V1..V8.
  ExpectFraction(CpVisitsInTime(data, Snapshot(2017, 3)), 4, 8);
  // Every 5 working days (a setting): back to Fri 24/03. Only V8 (5 working days).
  r.settings.cp_visit_interval_working_days = 5;
  data = Index(std::move(r));
  ExpectFraction(CpVisitsInTime(data, Snapshot(2017, 3)), 1, 8);
}

TEST(CpVisitsTest, EasterAndASundayMonthEnd) {
  // Sun 30/04/2017. Working days after Wed 12/04 up to 30/04: Thu 13 (1); Good Friday 14
  // and Easter Monday 17 are bank holidays; 18-21 (5); 24-28 (10); the weekend adds none.
  // So seen on 12/04: 10 (in time); on Tue 11/04: 11 (late).
  SafeguardingRecords r;
  r.plans = {Plan("E1", "1", Date(2016, 10, 3)), Plan("E2", "2", Date(2016, 10, 3))};
  r.visits = {Visit("E1", Date(2017, 4, 12)), Visit("E2", Date(2017, 4, 11))};
  const SafeguardingData data = Index(std::move(r));
  ExpectFraction(CpVisitsInTime(data, Snapshot(2017, 4)), 1, 2);
}

TEST(EarliestWithinTest, TheFirstDayWithinNWorkingDaysOfAMonthEnd) {
  const WorkingDayCalendar& calendar = WorkingDayCalendar::EnglandAndWales();
  // Fri 31/03/2017, 10: 17/03 is 10 working days before (see above), 16/03 is 11.
  EXPECT_EQ(EarliestWithin(Date(2017, 3, 31), 10, calendar), Date(2017, 3, 17));
  // Sun 30/04/2017, 10: Wed 12/04 (Easter; the weekend adds none).
  EXPECT_EQ(EarliestWithin(Date(2017, 4, 30), 10, calendar), Date(2017, 4, 12));
  // Tue 31/01/2017, 45: Thu 24/11/2016 (see the open assessments test).
  EXPECT_EQ(EarliestWithin(Date(2017, 1, 31), 45, calendar), Date(2016, 11, 24));
  // Mon 02/01/2017 is a bank holiday and 31/12-01/01 a weekend: WD(30/12, 02/01) = 0,
  // WD(29/12, 02/01) = 1 (Fri 30/12), WD(28/12, 02/01) = 2. So within 1: from Thu 29/12.
  EXPECT_EQ(EarliestWithin(Date(2017, 1, 2), 1, calendar), Date(2016, 12, 29));
}

// --- Core groups ---

TEST(CoreGroupsTest, WithinSixWeeksOrFirstNotYetDue) {
  // Fri 31/03/2017 - 42 days = Fri 17/02/2017: a core group that day is in the window.
  // First core group due 10 working days after the plan starts: from Fri 17/03 that is
  // 20-24 (5), 27-31 (10) = Fri 31/03 (not yet late); from Thu 16/03 it is Thu 30/03 (late
  // by 31/03); from Mon 06/03 it is Mon 20/03.
  SafeguardingRecords r;
  const Date long_ago(2016, 10, 3);
  r.plans = {
      Plan("K1", "1", long_ago),
      Plan("K2", "2", long_ago),
      Plan("K3", "3", Date(2017, 3, 17)),
      Plan("K4", "4", Date(2017, 3, 16)),
      Plan("K5", "5", Date(2017, 2, 20)),
      Plan("K6", "6a", Date(2016, 6, 1), Date(2017, 2, 10)),  // K6's first plan
      Plan("K6", "6b", Date(2017, 3, 6)),                     // and second
  };
  r.core_groups = {
      CoreGroup("K1", Date(2017, 2, 17)), CoreGroup("K2", Date(2017, 2, 16)),
      CoreGroup("K5", Date(2017, 3, 1)),
      CoreGroup("K6", Date(2017, 2, 20)),  // before the second plan started: not its own
  };
  SafeguardingData data = Index(r);
  // In time: K1, K3, K5 of six children.
  ExpectFraction(CoreGroupsInTime(data, Snapshot(2017, 3)), 3, 6);
  // Every 7 weeks (a setting): back to Fri 10/02/2017, so K2 is in time too.
  r.settings.core_group_interval_weeks = 7;
  data = Index(std::move(r));
  ExpectFraction(CoreGroupsInTime(data, Snapshot(2017, 3)), 4, 6);
}

// --- Plans starting and ending ---

TEST(SecondOrSubsequentPlanTest, AnEarlierPlanStoredOrRecordedAsPrevious) {
  SafeguardingRecords r;
  r.plans = {
      Plan("M", "M2", Date(2016, 6, 15)),  // M's second
      Plan("M", "M1", Date(2015, 5, 1), Date(2016, 2, 1)),
      Plan("N", "N1", Date(2016, 7, 10), std::nullopt, "DCT", /*previous_plans=*/1),
      Plan("O", "O1", Date(2016, 9, 20)),
      Plan("P", "P1", Date(2016, 4, 5), Date(2016, 8, 1)),  // two plans in one year
      Plan("P", "P2", Date(2017, 3, 1)),
      Plan("Q", "Q1", Date(2016, 12, 1)),  // same day twice: a duplicate,
      Plan("Q", "Q2", Date(2016, 12, 1)),  // neither is "earlier"
  };
  const SafeguardingData data = Index(std::move(r));
  // 2016-17: M2, N, O, P1, P2, Q1, Q2 started; M2, N (previous_plans), P2 are repeats.
  ExpectFraction(SecondOrSubsequentPlans(data, Context(Month(2017, 3), cv1::BASIS_YTD)), 3, 7);
  ExpectFraction(SecondOrSubsequentPlans(data, Context(Month(2016, 6), cv1::BASIS_MONTH)), 1, 1);
  ExpectFraction(SecondOrSubsequentPlans(data, Context(Month(2016, 4), cv1::BASIS_MONTH)), 0, 1);
  ExpectFraction(SecondOrSubsequentPlans(data, Context(Month(2017, 3), cv1::BASIS_YTD, "DCT")), 1,
                 1);
}

TEST(PlansLastingTwoYearsTest, PlansEndingInThePeriodThatLastedTwoYears) {
  SafeguardingRecords r;
  r.plans = {
      // 29/02/2016 + 24 months clamps to 28/02/2018: ended that day, so 2 years.
      Plan("L1", "1", Date(2016, 2, 29), Date(2018, 2, 28)),
      // 01/03/2016 + 24 months = 01/03/2018: ended the day before, so not.
      Plan("L2", "2", Date(2016, 3, 1), Date(2018, 2, 28)),
      Plan("L3", "3", Date(2015, 6, 15), Date(2017, 5, 10)),  // 23 months
      Plan("L4", "4", Date(2015, 5, 10), Date(2017, 5, 10)),  // exactly 2 years
      Plan("L5", "5", Date(2015, 1, 1)),                      // still open: not counted
      Plan("L6", "6", Date(2015, 1, 1), Date(2017, 3, 31)),   // ended in 2016-17
  };
  const SafeguardingData data = Index(std::move(r));
  // 2017-18: L1..L4 ended; L1 and L4 lasted 2 years.
  ExpectFraction(PlansLastingTwoYears(data, Context(Month(2018, 3), cv1::BASIS_YTD)), 2, 4);
  ExpectFraction(PlansLastingTwoYears(data, Context(Month(2018, 2), cv1::BASIS_MONTH)), 1, 2);
  ExpectFraction(PlansLastingTwoYears(data, Context(Month(2017, 3), cv1::BASIS_YTD)), 1, 1);
}

// --- Private fostering and CSE ---

TEST(PrivateFosteringTest, OpenArrangementsPlusChildrenAssessedWithFactors8BTo8F) {
  SafeguardingRecords r;
  r.private_fostering = {
      Period("PF1", Date(2017, 1, 1)),
      Period("PF2", Date(2017, 1, 1), Date(2017, 3, 31)),  // ended on 31/03
      Period("PF3", Date(2017, 2, 1)),
      Period("PF3", Date(2017, 2, 15)),  // two carers
      Period("PF7", Date(2017, 1, 1)),
  };
  r.cin_episodes = {Episode("PF3", Date(2017, 2, 1)), Episode("PF4", Date(2017, 2, 1)),
                    Episode("PF5", Date(2017, 1, 1)),
                    Episode("PF6", Date(2017, 1, 1), Date(2017, 3, 15)),
                    Episode("PF7", Date(2017, 1, 1))};
  r.assessments = {
      Assessment("PF4", std::nullopt, Date(2017, 2, 1), Date(2017, 3, 10), {"8C"}),
      Assessment("PF5", std::nullopt, Date(2017, 1, 5), Date(2017, 2, 1), {"8B"}),
      Assessment("PF5", std::nullopt, Date(2017, 3, 1), Date(2017, 3, 20), {"1A"}),  // later
      Assessment("PF6", std::nullopt, Date(2017, 3, 1), Date(2017, 3, 10), {"8D"}),  // closed
      Assessment("PF7", std::nullopt, Date(2017, 1, 1), Date(2017, 1, 20), {"8B"}),
      // PF3's two arrangements stay two: the factor adds nothing to a recorded arrangement.
      Assessment("PF3", std::nullopt, Date(2017, 2, 1), Date(2017, 2, 10), {"8E"}),
  };
  const SafeguardingData data = Index(std::move(r));
  // 31/03/2017: PF1 (1) + PF3 (2) + PF7 (1, its arrangement) + PF4 (1, factor 8C on an
  // open case) = 5. PF5's latest assessment has no 8B-8F; PF6's case closed on 15/03.
  ExpectFraction(PrivateFostering(data, Snapshot(2017, 3)), 5, 1);
  // 28/02/2017: PF1, PF2, PF3 x2, PF7 = 5 arrangements; PF5's latest assessment then was
  // the 8B one (01/02): +1 = 6. PF4's was not authorised until 10/03.
  ExpectFraction(PrivateFostering(data, Snapshot(2017, 2)), 6, 1);
  ExpectFraction(PrivateFostering(data, Snapshot(2017, 3, "DCT")), 0, 1);
}

TEST(CseRiskTest, FlaggedOrLatestAssessmentRecords11AOnAnOpenCase) {
  SafeguardingRecords r;
  r.cse_risks = {Period("S1", Date(2017, 1, 1)), Period("S2", Date(2017, 1, 1), Date(2017, 3, 31)),
                 Period("S4", Date(2017, 1, 1))};
  r.cin_episodes = {Episode("S3", Date(2017, 1, 1)), Episode("S4", Date(2017, 1, 1)),
                    Episode("S5", Date(2017, 1, 1)), Episode("S7", Date(2017, 1, 1)),
                    Episode("S8", Date(2017, 1, 1), std::nullopt, "", true)};
  r.plans = {Plan("S6", "P", Date(2017, 2, 1))};
  r.assessments = {
      Assessment("S3", std::nullopt, Date(2017, 2, 1), Date(2017, 3, 1), {"11A"}),
      Assessment("S4", std::nullopt, Date(2017, 2, 1), Date(2017, 3, 1), {"11A"}),
      Assessment("S5", std::nullopt, Date(2017, 3, 1), std::nullopt, {"11A"}),  // open
      // Authorised on the month's last day: counts at it.
      Assessment("S6", std::nullopt, Date(2017, 2, 1), Date(2017, 3, 31), {"2B", "11A"}),
      // Two authorised the same day: either recording 11A is enough.
      Assessment("S7", std::nullopt, Date(2017, 2, 1), Date(2017, 3, 15), {}),
      Assessment("S7", std::nullopt, Date(2017, 2, 2), Date(2017, 3, 15), {"11A"}),
      // Early intervention only: not an open case.
      Assessment("S8", std::nullopt, Date(2017, 2, 1), Date(2017, 3, 1), {"11A"}),
  };
  const SafeguardingData data = Index(std::move(r));
  // 31/03/2017: S1 (flag), S3 (11A), S4 (once), S6, S7 = 5. S2's flag ended that day.
  ExpectFraction(CseRisk(data, Snapshot(2017, 3)), 5, 1);
  // 28/02/2017: flags S1, S2, S4; no 11A assessment authorised yet = 3.
  ExpectFraction(CseRisk(data, Snapshot(2017, 2)), 3, 1);
  ExpectFraction(CseRisk(data, Snapshot(2017, 3, "DCT")), 0, 1);
}

}  // namespace
}  // namespace scorecard::safeguarding
