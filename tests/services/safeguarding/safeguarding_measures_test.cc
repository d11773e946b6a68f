// Hand-worked cases for the safeguarding counting rules on events in a period: the front
// door, assessments, conferences, volumes and rates. Every expected figure is worked out in
// the comment beside it from the calendar and the rule, not from the code.
//
// Calendar used throughout (England and Wales): 2016 bank holidays Mon 26/12 and Tue 27/12
// (Christmas substitute); 2017: Mon 02/01, Good Friday 14/04, Easter Monday 17/04, Mon 01/05,
// Mon 29/05. 2016 is a leap year.
#include "services/safeguarding/safeguarding_measures.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "tests/services/safeguarding/safeguarding_test_util.h"

namespace scorecard::safeguarding {
namespace {

using namespace ::scorecard::safeguarding::testing;  // NOLINT: test builders

void ExpectFraction(const Fraction& f, double numerator, double denominator) {
  EXPECT_EQ(f.numerator, numerator);
  EXPECT_EQ(f.denominator, denominator);
}

// --- Volumes ---

TEST(ReferralsTest, CountsByMonthAndFinancialYearToDate) {
  SafeguardingRecords r;
  // 31 March 2017 is the last day of 2016-17; 1 April 2017 opens 2017-18.
  r.referrals = {Referral("A", Date(2017, 3, 31)), Referral("B", Date(2017, 4, 1)),
                 Referral("C", Date(2017, 4, 30)), Referral("D", Date(2017, 5, 1))};
  const SafeguardingData data = Index(std::move(r));
  EXPECT_EQ(Referrals(data, Context(Month(2017, 3), cv1::BASIS_MONTH)).numerator, 1);
  EXPECT_EQ(Referrals(data, Context(Month(2017, 4), cv1::BASIS_MONTH)).numerator, 2);
  // YTD at May 2017 starts 1 April 2017: B, C, D — not A.
  EXPECT_EQ(Referrals(data, Context(Month(2017, 5), cv1::BASIS_YTD)).numerator, 3);
  // YTD at March 2017 is all of 2016-17: only A here.
  EXPECT_EQ(Referrals(data, Context(Month(2017, 3), cv1::BASIS_YTD)).numerator, 1);
  // Rolling 12 months at May 2017: June 2016 to May 2017, all four.
  EXPECT_EQ(Referrals(data, Context(Month(2017, 5), cv1::BASIS_ROLLING_12_MONTHS)).numerator, 4);
}

TEST(ReferralsTest, TeamBreakdownCountsOnlyThatTeam) {
  SafeguardingRecords r;
  r.referrals = {Referral("A", Date(2016, 10, 3), "DCT"),
                 Referral("B", Date(2016, 10, 4), "Assessment")};
  const SafeguardingData data = Index(std::move(r));
  EXPECT_EQ(Referrals(data, Context(Month(2016, 10), cv1::BASIS_MONTH, "DCT")).numerator, 1);
  EXPECT_EQ(Referrals(data, Context(Month(2016, 10), cv1::BASIS_MONTH)).numerator, 2);
}

TEST(ContactsTest, ATeamBreakdownHasNoContacts) {
  SafeguardingRecords r;
  r.contacts = {Contact("A", Date(2016, 6, 1), std::nullopt)};
  const SafeguardingData data = Index(std::move(r));
  EXPECT_EQ(Contacts(data, Context(Month(2016, 6), cv1::BASIS_MONTH)).numerator, 1);
  EXPECT_EQ(Contacts(data, Context(Month(2016, 6), cv1::BASIS_MONTH, "DCT")).numerator, 0);
}

TEST(Section47Test, StartedCountsStrategyDiscussionsInThePeriod) {
  SafeguardingRecords r;
  r.section47s = {Enquiry(Date(2016, 4, 30), std::nullopt),
                  Enquiry(Date(2016, 5, 1), std::nullopt)};
  const SafeguardingData data = Index(std::move(r));
  EXPECT_EQ(Section47sStarted(data, Context(Month(2016, 4), cv1::BASIS_MONTH)).numerator, 1);
  EXPECT_EQ(Section47sStarted(data, Context(Month(2016, 5), cv1::BASIS_YTD)).numerator, 2);
}

TEST(LadoReferralsTest, CountsInThePeriodAndHaveNoTeam) {
  SafeguardingRecords r;
  r.lado_referrals = {
      {"L3", Date(2016, 5, 1)}, {"L1", Date(2016, 4, 1)}, {"L2", Date(2016, 4, 30)}};
  const SafeguardingData data = Index(std::move(r));
  EXPECT_EQ(LadoReferrals(data, Context(Month(2016, 4), cv1::BASIS_MONTH)).numerator, 2);
  EXPECT_EQ(LadoReferrals(data, Context(Month(2016, 5), cv1::BASIS_YTD)).numerator, 3);
  EXPECT_EQ(LadoReferrals(data, Context(Month(2016, 5), cv1::BASIS_YTD, "DCT")).numerator, 0);
}

TEST(MissingChildrenTest, DistinctChildrenByEpisodeStartOrFactor10A) {
  SafeguardingRecords r;
  r.missing_episodes = {
      Period("M1", Date(2017, 3, 3), Date(2017, 3, 4)),    // M1 missing twice in March:
      Period("M1", Date(2017, 3, 20), Date(2017, 3, 21)),  // one child
      Period("M2", Date(2017, 2, 28), Date(2017, 3, 2)),   // started in February
      Period("M4", Date(2017, 3, 9)),                      // still missing
      Period("M5", Date(2017, 3, 1), Date(2017, 3, 1)),    // first day of the month
  };
  r.assessments = {
      // M3 has no episode recorded, but an assessment authorised in March found 10A.
      Assessment("M3", std::nullopt, Date(2017, 2, 20), Date(2017, 3, 15), {"10A"}),
      // M4 is counted once although both sources say so.
      Assessment("M4", std::nullopt, Date(2017, 3, 1), Date(2017, 3, 10), {"10A", "11A"}),
      // Not authorised yet: its factors do not count.
      Assessment("M6", std::nullopt, Date(2017, 3, 1), std::nullopt, {"10A"}),
      // Authorised in March with other factors only.
      Assessment("M7", std::nullopt, Date(2017, 3, 1), Date(2017, 3, 2), {"1A"}),
  };
  const SafeguardingData data = Index(std::move(r));
  // March: M1, M3, M4, M5.
  EXPECT_EQ(MissingChildren(data, Context(Month(2017, 3), cv1::BASIS_MONTH)).numerator, 4);
  // February: M2.
  EXPECT_EQ(MissingChildren(data, Context(Month(2017, 2), cv1::BASIS_MONTH)).numerator, 1);
  // Quarter Jan-Mar 2017 to March: M1..M5.
  EXPECT_EQ(MissingChildren(data, Context(Month(2017, 3), cv1::BASIS_QUARTER)).numerator, 5);
  EXPECT_EQ(MissingChildren(data, Context(Month(2017, 3), cv1::BASIS_MONTH, "DCT")).numerator, 0);
}

// --- Rates ---

TEST(RatesTest, RollingTwelveMonthsPerTenThousandOfTheYearsPopulation) {
  SafeguardingRecords r;
  r.population.Add(2016, 35570);                    // mid-2016: the 2016-17 months
  r.population.Add(2017, 36000);                    // mid-2017: the 2017-18 months
  r.referrals = {Referral("A", Date(2016, 3, 31)),  // before April 2016's window
                 Referral("B", Date(2016, 4, 1)), Referral("C", Date(2017, 3, 31)),
                 Referral("D", Date(2017, 4, 1))};
  r.section47s = {Enquiry(Date(2016, 5, 31), std::nullopt),
                  Enquiry(Date(2017, 4, 3), std::nullopt)};
  const SafeguardingData data = Index(std::move(r));
  // March 2017: April 2016..March 2017 holds B and C; population mid-2016.
  ExpectFraction(ReferralsRate(data, Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS)), 2,
                 35570);
  // April 2017: May 2016..April 2017 holds C and D; population mid-2017.
  ExpectFraction(ReferralsRate(data, Context(Month(2017, 4), cv1::BASIS_ROLLING_12_MONTHS)), 2,
                 36000);
  // S47: the 31/05/2016 one is in both windows; the 03/04/2017 one only in April's.
  ExpectFraction(Section47Rate(data, Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS)), 1,
                 35570);
  ExpectFraction(Section47Rate(data, Context(Month(2017, 4), cv1::BASIS_ROLLING_12_MONTHS)), 2,
                 36000);
  // 10000 * 2 / 35570 = 0.5623 per 10,000.
  EXPECT_NEAR(*ValueOf(cv1::UNIT_RATE_PER_10000,
                       ReferralsRate(data, Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS))),
              0.5623, 1e-4);
}

TEST(RatesTest, LatestEarlierEstimateIsUsedAndNoneMeansNoValue) {
  SafeguardingRecords r;
  r.population.Add(2015, 35000);
  r.referrals = {Referral("A", Date(2015, 3, 2)), Referral("B", Date(2017, 3, 2))};
  const SafeguardingData data = Index(std::move(r));
  // March 2017 is in 2016-17; mid-2016 is not loaded, so mid-2015 is used.
  ExpectFraction(ReferralsRate(data, Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS)), 1,
                 35000);
  // March 2015 is in 2014-15: no estimate for 2014 or earlier.
  const Fraction early = ReferralsRate(data, Context(Month(2015, 3), cv1::BASIS_ROLLING_12_MONTHS));
  ExpectFraction(early, 1, 0);
  EXPECT_FALSE(ValueOf(cv1::UNIT_RATE_PER_10000, early).has_value());
}

// --- Re-referrals ---

TEST(RereferralTest, TwelveMonthsBackIsInclusiveAndClampsAtMonthEnd) {
  // 28/02/2017 - 12 months = 28/02/2016: the leap day 29/02/2016 is after it, so within.
  EXPECT_TRUE(IsRereferral(Date(2016, 2, 29), Date(2017, 2, 28)));
  // 29/02/2016 - 12 months clamps to 28/02/2015, which is the edge: within.
  EXPECT_TRUE(IsRereferral(Date(2015, 2, 28), Date(2016, 2, 29)));
  EXPECT_FALSE(IsRereferral(Date(2015, 2, 27), Date(2016, 2, 29)));
  // Exactly 12 months: within. A day more: not.
  EXPECT_TRUE(IsRereferral(Date(2016, 3, 2), Date(2017, 3, 2)));
  EXPECT_FALSE(IsRereferral(Date(2016, 3, 1), Date(2017, 3, 2)));
  // The same day is not an earlier referral.
  EXPECT_FALSE(IsRereferral(Date(2017, 3, 15), Date(2017, 3, 15)));
}

TEST(RereferralTest, CountsReferralsInThePeriodWithAnEarlierOneWithinTwelveMonths) {
  SafeguardingRecords r;
  r.referrals = {
      Referral("A", Date(2016, 2, 29)),
      Referral("A", Date(2017, 2, 28)),
      Referral("B", Date(2016, 3, 1)),
      Referral("B", Date(2017, 3, 2)),
      Referral("C", Date(2016, 3, 2)),
      Referral("C", Date(2017, 3, 2), "DCT"),
      Referral("D", Date(2017, 3, 15)),
      Referral("D", Date(2017, 3, 15)),
      // E: the nearest earlier referral (01/06/2016) decides, not the first (10/01/2016).
      Referral("E", Date(2017, 3, 20)),
      Referral("E", Date(2016, 1, 10)),
      Referral("E", Date(2016, 6, 1)),
      Referral("F", Date(2015, 2, 28)),
      Referral("F", Date(2016, 2, 29)),
      Referral("G", Date(2015, 2, 27)),
      Referral("G", Date(2016, 2, 29)),
  };
  const SafeguardingData data = Index(std::move(r));
  // March 2017: B (previous 13 months back: no), C (exactly 12: yes), D twice (same day:
  // no), E (01/06/2016: yes) → 2 of 5.
  ExpectFraction(RereferralsWithin12Months(data, Context(Month(2017, 3), cv1::BASIS_MONTH)), 2, 5);
  // February 2017: A (29/02/2016 is within 12 months of 28/02/2017) → 1 of 1.
  ExpectFraction(RereferralsWithin12Months(data, Context(Month(2017, 2), cv1::BASIS_MONTH)), 1, 1);
  // February 2016: A (first), F (28/02/2015: the clamped edge, yes), G (27/02/2015: no).
  ExpectFraction(RereferralsWithin12Months(data, Context(Month(2016, 2), cv1::BASIS_MONTH)), 1, 3);
  // The team is the new referral's: only C's March 2017 referral is DCT's.
  ExpectFraction(RereferralsWithin12Months(data, Context(Month(2017, 3), cv1::BASIS_MONTH, "DCT")),
                 1, 1);
}

// --- MASH decisions ---

TEST(ReferralDecisionTest, ChristmasAndNewYearBankHolidaysAreSkipped) {
  SafeguardingRecords r;
  r.contacts = {
      // Fri 23/12/2016 → Wed 28/12: 24-25 weekend, 26 and 27 bank holidays, 28 is working
      // day 1: in time.
      Contact("A", Date(2016, 12, 23), Date(2016, 12, 28)),
      // → Thu 29/12 is working day 2: late.
      Contact("B", Date(2016, 12, 23), Date(2016, 12, 29)),
      // Sat 31/12/2016 → Tue 03/01/2017: Sunday, then Mon 02/01 (bank holiday); 03/01 is
      // day 1: in time, and counted in January, when decided.
      Contact("C", Date(2016, 12, 31), Date(2017, 1, 3)),
      // Decided the same day (0 working days): in time, in November.
      Contact("D", Date(2016, 11, 28), Date(2016, 11, 28)),
      // Not decided: not counted anywhere.
      Contact("E", Date(2016, 12, 15), std::nullopt),
  };
  const SafeguardingData data = Index(std::move(r));
  ExpectFraction(
      ReferralDecisionsWithin1WorkingDay(data, Context(Month(2016, 12), cv1::BASIS_MONTH)), 1, 2);
  ExpectFraction(
      ReferralDecisionsWithin1WorkingDay(data, Context(Month(2017, 1), cv1::BASIS_MONTH)), 1, 1);
  // 2016-17 to January: A, B, C, D decided; A, C, D in time.
  ExpectFraction(ReferralDecisionsWithin1WorkingDay(data, Context(Month(2017, 1), cv1::BASIS_YTD)),
                 3, 4);
  // Contacts have no team.
  ExpectFraction(
      ReferralDecisionsWithin1WorkingDay(data, Context(Month(2016, 12), cv1::BASIS_MONTH, "DCT")),
      0, 0);
}

// --- Assessments ---

// Referral Mon 19/12/2016. Working days after it: 20-23 Dec (4); 26, 27 Dec bank holidays;
// 28-30 Dec (7); Mon 02/01 bank holiday; 03-06 Jan (11); 09-13 (16); 16-20 (21); 23-27 (26);
// 30 Jan-03 Feb (31); 06-10 (36); 13-17 (41); 20, 21, 22, Thu 23 Feb (45); Fri 24 Feb (46).
// Wed 21/12 is working day 2 after the referral, so from a 21/12 start the same days are
// 43 (23 Feb) and 44 (24 Feb).
SafeguardingRecords FebruaryAssessments() {
  SafeguardingRecords r;
  r.assessments = {
      Assessment("X", Date(2016, 12, 19), Date(2016, 12, 21), Date(2017, 2, 23)),  // day 45
      Assessment("Y", Date(2016, 12, 19), Date(2016, 12, 21), Date(2017, 2, 24), {}, "DCT"),
      // No referral date: the clock starts at the assessment start, 19/12: day 46.
      Assessment("Z", std::nullopt, Date(2016, 12, 19), Date(2017, 2, 24)),
      Assessment("Open", Date(2017, 2, 1), Date(2017, 2, 2), std::nullopt),  // not completed
  };
  return r;
}

TEST(AssessmentTimelinessTest, Day45IsWithinAndDay46IsOverFromTheReferral) {
  const SafeguardingData data = Index(FebruaryAssessments());
  const MeasureContext feb = Context(Month(2017, 2), cv1::BASIS_MONTH);
  // Referral clock (default): X day 45 within; Y day 46 over; Z day 46 over.
  ExpectFraction(AssessmentsCompletedWithin45(data, feb), 1, 3);
  ExpectFraction(AssessmentsCompletedOver45(data, feb), 2, 3);
  // The two share a denominator and sum to 100%.
  EXPECT_DOUBLE_EQ(*ValueOf(cv1::UNIT_PERCENT, AssessmentsCompletedWithin45(data, feb)) +
                       *ValueOf(cv1::UNIT_PERCENT, AssessmentsCompletedOver45(data, feb)),
                   100.0);
  // Nothing authorised in January.
  ExpectFraction(AssessmentsCompletedWithin45(data, Context(Month(2017, 1), cv1::BASIS_MONTH)), 0,
                 0);
  // DCT: Y alone, over.
  ExpectFraction(AssessmentsCompletedOver45(data, Context(Month(2017, 2), cv1::BASIS_MONTH, "DCT")),
                 1, 1);
}

TEST(AssessmentTimelinessTest, AssessmentStartClockIsASetting) {
  SafeguardingRecords r = FebruaryAssessments();
  r.settings.assessment_clock = AssessmentClock::kAssessmentStart;
  const SafeguardingData data = Index(std::move(r));
  const MeasureContext feb = Context(Month(2017, 2), cv1::BASIS_MONTH);
  // From the 21/12 start: X 43, Y 44 within; Z still 46 from 19/12: over.
  ExpectFraction(AssessmentsCompletedWithin45(data, feb), 2, 3);
  ExpectFraction(AssessmentsCompletedOver45(data, feb), 1, 3);
}

TEST(AssessmentTimelinessTest, DurationsFromTheStartAreNotTakenForTheClocksCount) {
  // The working days of a period's assessments are counted once and shared: from the start
  // for the duration figures, from the clock for the timeliness split, never one for the
  // other. Referral Wed 01/03/2017, start Fri 10/03, authorised Mon 15/05/2017.
  // From the start: March 13-31 = 15; April 3-28 less Good Friday 14/04 and Easter Monday
  // 17/04 = 18; May 2-15 (01/05 a bank holiday) = 10: 43 working days.
  // From the referral: March 2-10 = 7 more: 50, over 45.
  SafeguardingRecords r;
  r.assessments = {Assessment("C", Date(2017, 3, 1), Date(2017, 3, 10), Date(2017, 5, 15))};
  const SafeguardingData data = Index(std::move(r));
  const MeasureContext may = Context(Month(2017, 5), cv1::BASIS_MONTH);
  ExpectFraction(AssessmentDuration(data, may), 43, 1);
  ExpectFraction(AssessmentsCompletedWithin45(data, may), 0, 1);
  ExpectFraction(AssessmentsCompletedOver45(data, may), 1, 1);
  // Band 41_45 (index 5) holds the 43 days.
  ExpectFraction(AssessmentsInDurationBand(data, may, 5), 1, 1);
  ExpectFraction(AssessmentDuration(data, may), 43, 1);
}

TEST(AssessmentTimelinessTest, OpenAtMonthEndSplitsAt45WorkingDays) {
  // Tue 31/01/2017. Working days after Wed 23/11/2016 up to 31/01: 24, 25, 28-30 Nov (5);
  // 1-2 Dec (7); 5-9 (12); 12-16 (17); 19-23 (22); 28-30 (25; 26, 27 bank holidays);
  // 3-6 Jan (29; 2 Jan bank holiday); 9-13 (34); 16-20 (39); 23-27 (44); 30, 31 (46).
  // So from Thu 24/11: 45 (not over); from 23/11: 46 (over); from Mon 28/11: 43.
  SafeguardingRecords r;
  r.assessments = {
      Assessment("P", Date(2016, 11, 24), Date(2016, 11, 28), std::nullopt),
      Assessment("Q", Date(2016, 11, 23), Date(2016, 11, 28), std::nullopt),
      // Authorised on the month's last day: completed, not open.
      Assessment("R", Date(2016, 11, 23), Date(2016, 11, 28), Date(2017, 1, 31)),
      // Starts the day after the month end.
      Assessment("S", std::nullopt, Date(2017, 2, 1), std::nullopt),
      // Authorised after the month end: open at it, and young.
      Assessment("T", std::nullopt, Date(2017, 1, 10), Date(2017, 2, 2)),
  };
  const SafeguardingData referral_clock = Index(r);
  const MeasureContext jan = Context(Month(2017, 1), cv1::BASIS_SNAPSHOT);
  ExpectFraction(AssessmentsOpenWithin45(referral_clock, jan), 2, 3);  // P, T of P, Q, T
  ExpectFraction(AssessmentsOpenOver45(referral_clock, jan), 1, 3);    // Q
  r.settings.assessment_clock = AssessmentClock::kAssessmentStart;
  const SafeguardingData start_clock = Index(std::move(r));
  // From the 28/11 start, Q has had 43 working days: within.
  ExpectFraction(AssessmentsOpenOver45(start_clock, jan), 0, 3);
  ExpectFraction(AssessmentsOpenWithin45(start_clock, jan), 3, 3);
  // In FebruaryAssessments only "Open" is open at Tue 28/02/2017 (X, Y, Z were authorised
  // on 23 and 24 Feb). From its referral on Wed 01/02: 2-3 Feb (2), 6-10 (7), 13-17 (12),
  // 20-24 (17), 27-28 (19) working days: not over.
  ExpectFraction(AssessmentsOpenOver45(Index(FebruaryAssessments()),
                                       Context(Month(2017, 2), cv1::BASIS_SNAPSHOT)),
                 0, 1);
}

TEST(AssessmentDurationTest, MedianOfWorkingDaysFromStartToAuthorisation) {
  SafeguardingRecords r;
  r.assessments = {
      // Started and authorised Mon 06/02/2017: 0 working days (the DfE's "same day").
      Assessment("A", std::nullopt, Date(2017, 2, 6), Date(2017, 2, 6)),
      // Wed 01/02 → Wed 08/02: Thu 2, Fri 3, Mon 6, Tue 7, Wed 8 = 5.
      Assessment("B", std::nullopt, Date(2017, 2, 1), Date(2017, 2, 8)),
      // Wed 21/12/2016 → Thu 23/02/2017 = 43 (see above). The referral date does not move
      // the DfE's duration, whatever the clock setting.
      Assessment("C", Date(2016, 12, 19), Date(2016, 12, 21), Date(2017, 2, 23)),
  };
  SafeguardingData data = Index(r);
  const MeasureContext feb = Context(Month(2017, 2), cv1::BASIS_MONTH);
  // {0, 5, 43}: median 5, carried as 5 x 3 over 3.
  ExpectFraction(AssessmentDuration(data, feb), 15, 3);
  EXPECT_EQ(*ValueOf(cv1::UNIT_DAYS, AssessmentDuration(data, feb)), 5);
  // Tue 03/01/2017 → Fri 24/02/2017: from 19/12 that is 46, and 03/01 is day 8 after
  // 19/12 (20-23, 28-30 Dec, 3 Jan), so 46 - 8 = 38. {0, 5, 38, 43}: median (5 + 38) / 2.
  r.assessments.push_back(Assessment("D", std::nullopt, Date(2017, 1, 3), Date(2017, 2, 24)));
  data = Index(std::move(r));
  ExpectFraction(AssessmentDuration(data, feb), 21.5 * 4, 4);
  // None authorised in March: no value.
  const Fraction march = AssessmentDuration(data, Context(Month(2017, 3), cv1::BASIS_MONTH));
  ExpectFraction(march, 0, 0);
  EXPECT_FALSE(ValueOf(cv1::UNIT_DAYS, march).has_value());
}

TEST(AssessmentDurationTest, MedianOfOddAndEvenCounts) {
  EXPECT_FALSE(Median({}).has_value());
  EXPECT_EQ(*Median({7}), 7);
  EXPECT_EQ(*Median({46, 0, 12}), 12);
  EXPECT_EQ(*Median({10, 1, 4, 3}), 3.5);
}

// --- DfE duration bands (table C2) ---

TEST(AssessmentDurationBandTest, BandEdgesAreTheDfEs) {
  const auto label = [](int working_days) {
    return std::string(kAssessmentDurationBands[AssessmentDurationBandOf(working_days)].label);
  };
  EXPECT_EQ(label(0), "0");
  EXPECT_EQ(label(1), "1_10");
  EXPECT_EQ(label(10), "1_10");
  EXPECT_EQ(label(11), "11_20");
  EXPECT_EQ(label(20), "11_20");
  EXPECT_EQ(label(21), "21_30");
  EXPECT_EQ(label(30), "21_30");
  EXPECT_EQ(label(31), "31_40");
  EXPECT_EQ(label(40), "31_40");
  EXPECT_EQ(label(41), "41_45");
  EXPECT_EQ(label(45), "41_45");
  EXPECT_EQ(label(46), "46_50");
  EXPECT_EQ(label(50), "46_50");
  EXPECT_EQ(label(51), "51_60");
  EXPECT_EQ(label(60), "51_60");
  EXPECT_EQ(label(61), "61_plus");
  EXPECT_EQ(label(400), "61_plus");
}

// Every assessment starts Mon 03/04/2017. Working days after it: Tue 04/04 (1) .. Thu 13/04
// (8); Good Friday 14/04 and Easter Monday 17/04 are bank holidays; Tue 18 (9), Wed 19
// (10), Thu 20 (11) .. Fri 28 (17); Mon 01/05 bank holiday; Tue 02/05 (18), Wed 3 (19),
// Thu 4 (20), Fri 5 (21); 8-12 May (22-26); 15-19 (27-31); 22-26 (32-36); Mon 29/05 bank
// holiday; Tue 30 (37), Wed 31 (38), Thu 01/06 (39), Fri 2 (40); 5-9 June (41-45); 12-16
// (46-50); 19-23 (51-55); 26-30 (56-60); Mon 03/07 (61).
SafeguardingRecords BandEdgeAssessments() {
  const Date start(2017, 4, 3);
  const struct {
    const char* child;
    Date authorised;
  } edges[] = {
      {"W00", Date(2017, 4, 3)},   {"W01", Date(2017, 4, 4)},   {"W10", Date(2017, 4, 19)},
      {"W11", Date(2017, 4, 20)},  {"W20", Date(2017, 5, 4)},   {"W21", Date(2017, 5, 5)},
      {"W30", Date(2017, 5, 18)},  {"W31", Date(2017, 5, 19)},  {"W40", Date(2017, 6, 2)},
      {"W41", Date(2017, 6, 5)},   {"W45", Date(2017, 6, 9)},   {"W46", Date(2017, 6, 12)},
      {"W50", Date(2017, 6, 16)},  {"W51", Date(2017, 6, 19)},  {"W60", Date(2017, 6, 30)},
      {"W61", Date(2017, 7, 3)},
  };
  SafeguardingRecords r;
  for (const auto& e : edges) {
    // The referral is ignored: DfE durations run from the start.
    const std::string team = e.child[1] == '4' ? "DCT" : "";
    r.assessments.push_back(Assessment(e.child, Date(2017, 3, 1), start, e.authorised, {}, team));
  }
  return r;
}

double InBand(const SafeguardingData& data, const MeasureContext& ctx, const std::string& label) {
  for (int b = 0; b < static_cast<int>(std::size(kAssessmentDurationBands)); ++b) {
    if (kAssessmentDurationBands[b].label == label) {
      return AssessmentsInDurationBand(data, ctx, b).numerator;
    }
  }
  ADD_FAILURE() << "no band " << label;
  return -1;
}

TEST(AssessmentDurationBandTest, CountsAssessmentsAuthorisedInThePeriodByBand) {
  const SafeguardingData data = Index(BandEdgeAssessments());
  // April to July 2017: two assessments at the edges of each band, one each for 0 and 61+.
  const MeasureContext ytd = Context(Month(2017, 7), cv1::BASIS_YTD);
  EXPECT_EQ(InBand(data, ytd, "0"), 1);        // W00
  EXPECT_EQ(InBand(data, ytd, "1_10"), 2);     // W01, W10
  EXPECT_EQ(InBand(data, ytd, "11_20"), 2);    // W11, W20
  EXPECT_EQ(InBand(data, ytd, "21_30"), 2);    // W21, W30
  EXPECT_EQ(InBand(data, ytd, "31_40"), 2);    // W31, W40
  EXPECT_EQ(InBand(data, ytd, "41_45"), 2);    // W41, W45
  EXPECT_EQ(InBand(data, ytd, "46_50"), 2);    // W46, W50
  EXPECT_EQ(InBand(data, ytd, "51_60"), 2);    // W51, W60
  EXPECT_EQ(InBand(data, ytd, "61_plus"), 1);  // W61
  EXPECT_EQ(AssessmentsInDurationBand(data, ytd, 0).denominator, 1);  // a count
  // April alone: W00, W01, W10, W11 (authorised 03/04 to 20/04).
  const MeasureContext april = Context(Month(2017, 4), cv1::BASIS_MONTH);
  EXPECT_EQ(InBand(data, april, "0"), 1);
  EXPECT_EQ(InBand(data, april, "1_10"), 2);
  EXPECT_EQ(InBand(data, april, "11_20"), 1);
  EXPECT_EQ(InBand(data, april, "21_30"), 0);
  // June: W40 .. W60 (authorised 02/06 to 30/06).
  const MeasureContext june = Context(Month(2017, 6), cv1::BASIS_MONTH);
  EXPECT_EQ(InBand(data, june, "31_40"), 1);  // W40; W31 was authorised in May
  EXPECT_EQ(InBand(data, june, "41_45"), 2);
  EXPECT_EQ(InBand(data, june, "61_plus"), 0);  // W61 is authorised in July
  // DCT holds W40, W41, W45, W46 (child ids with a 4 after the W).
  const MeasureContext dct = Context(Month(2017, 7), cv1::BASIS_YTD, "DCT");
  EXPECT_EQ(InBand(data, dct, "31_40"), 1);
  EXPECT_EQ(InBand(data, dct, "41_45"), 2);
  EXPECT_EQ(InBand(data, dct, "46_50"), 1);
  EXPECT_EQ(InBand(data, dct, "1_10"), 0);
}

TEST(AssessmentDurationBandTest, TheBandsAddUpToTheMedianDenominator) {
  const SafeguardingData data = Index(BandEdgeAssessments());
  const MeasureContext ytd = Context(Month(2017, 7), cv1::BASIS_YTD);
  double in_bands = 0;
  for (int b = 0; b < static_cast<int>(std::size(kAssessmentDurationBands)); ++b) {
    in_bands += AssessmentsInDurationBand(data, ytd, b).numerator;
  }
  EXPECT_EQ(in_bands, 16);
  // Sixteen durations 0, 1, 10, 11, 20, 21, 30, 31, 40, 41, 45, 46, 50, 51, 60, 61: the
  // middle two are 31 and 40, so the median is 35.5.
  ExpectFraction(AssessmentDuration(data, ytd), 35.5 * 16, 16);
}

// --- Conferences ---

TEST(IcpcTimelinessTest, EasterAndEarlyMayBankHolidaysAreSkipped) {
  // Strategy discussion Mon 10/04/2017. Working days after it: 11, 12, 13 Apr (3); Good
  // Friday 14 and Easter Monday 17 skipped; 18-21 (7); 24-28 (12); Mon 1 May skipped;
  // 2, 3, 4 May (15). So Thu 04/05 is the 15th working day: in time. Fri 05/05 is the 16th.
  SafeguardingRecords r;
  r.section47s = {Enquiry(Date(2017, 4, 10), Date(2017, 5, 4)),
                  Enquiry(Date(2017, 4, 10), Date(2017, 5, 5))};
  const SafeguardingData data = Index(std::move(r));
  ExpectFraction(IcpcsWithin15WorkingDays(data, Context(Month(2017, 5), cv1::BASIS_MONTH)), 1, 2);
}

TEST(IcpcTimelinessTest, StrategyDiscussionOnAFriday) {
  // Fri 02/12/2016 + 15 working days: 5-9 Dec (5), 12-16 (10), 19-23 (15) → Fri 23/12 due.
  // An ICPC on Wed 28/12 is late even though 26 and 27 Dec are bank holidays: it is
  // working day 16.
  SafeguardingRecords r;
  r.section47s = {Enquiry(Date(2016, 12, 2), Date(2016, 12, 23)),
                  Enquiry(Date(2016, 12, 2), Date(2016, 12, 28))};
  const SafeguardingData data = Index(std::move(r));
  ExpectFraction(IcpcsWithin15WorkingDays(data, Context(Month(2016, 12), cv1::BASIS_MONTH)), 1, 2);
}

TEST(IcpcTimelinessTest, CountedInTheMonthTheConferenceIsHeldNotTheEnquiryStarted) {
  // Started in March 2017 (2016-17), held in April 2017 (2017-18): April's figure and the
  // 2017-18 YTD; not March's and not 2016-17's.
  SafeguardingRecords r;
  r.section47s = {Enquiry(Date(2017, 3, 27), Date(2017, 4, 7)),
                  Enquiry(Date(2017, 4, 3), std::nullopt)};  // no ICPC yet: not counted
  const SafeguardingData data = Index(std::move(r));
  EXPECT_EQ(IcpcsWithin15WorkingDays(data, Context(Month(2017, 3), cv1::BASIS_YTD)).denominator, 0);
  // 27/03 → 07/04 is 9 working days.
  ExpectFraction(IcpcsWithin15WorkingDays(data, Context(Month(2017, 4), cv1::BASIS_YTD)), 1, 1);
}

TEST(IcpcTimelinessTest, NoConferencesGivesAnUndefinedPercentageNotZero) {
  const SafeguardingData data = Index(SafeguardingRecords());
  const Fraction f = IcpcsWithin15WorkingDays(data, Context(Month(2017, 5), cv1::BASIS_MONTH));
  EXPECT_EQ(f.denominator, 0);
  EXPECT_FALSE(ValueOf(cv1::UNIT_PERCENT, f).has_value());
}

TEST(ReportOnTimeTest, LeadTimeCountsBackOverTheMayBankHoliday) {
  // ICPC Thu 04/05/2017, lead 3: back from it Wed 03/05 (1), Tue 02/05 (2), Mon 01/05 is a
  // bank holiday, Fri 28/04 (3). Shared by Fri 28/04: on time.
  SafeguardingRecords r;
  r.section47s = {
      Enquiry(Date(2017, 4, 10), Date(2017, 5, 4), "", Date(2017, 4, 28)),
      Enquiry(Date(2017, 4, 10), Date(2017, 5, 4), "DCT", Date(2017, 5, 2)),  // 2 wd before
      Enquiry(Date(2017, 4, 10), Date(2017, 5, 4), "", std::nullopt),         // never shared
  };
  SafeguardingData data = Index(r);
  const MeasureContext may = Context(Month(2017, 5), cv1::BASIS_MONTH);
  ExpectFraction(IcpcReportsOnTime(data, may), 1, 3);
  ExpectFraction(IcpcReportsOnTime(data, Context(Month(2017, 5), cv1::BASIS_MONTH, "DCT")), 0, 1);
  // Liverpool's 2 working days: due Tue 02/05, so the second is on time too.
  r.settings.icpc_report_lead_working_days = 2;
  data = Index(std::move(r));
  ExpectFraction(IcpcReportsOnTime(data, may), 2, 3);
}

TEST(ReportOnTimeTest, ReviewConferenceLeadTimeCountsBackOverEaster) {
  // RCPC Wed 19/04/2017, lead 5: Tue 18 (1), Mon 17 and Fri 14 bank holidays, Thu 13 (2),
  // Wed 12 (3), Tue 11 (4), Mon 10/04 (5). Shared by Mon 10/04: on time.
  EXPECT_TRUE(
      ReportOnTime(Date(2017, 4, 19), Date(2017, 4, 10), 5, WorkingDayCalendar::EnglandAndWales()));
  EXPECT_FALSE(
      ReportOnTime(Date(2017, 4, 19), Date(2017, 4, 11), 5, WorkingDayCalendar::EnglandAndWales()));
  SafeguardingRecords r;
  r.plans = {Plan("A", "P1", Date(2017, 1, 16), std::nullopt, "DCT")};
  r.review_conferences = {
      Review("A", "P1", Date(2017, 4, 19), Date(2017, 4, 10)),  // on time, DCT's plan
      Review("A", "", Date(2017, 4, 19), Date(2017, 4, 11)),    // late; linked by date to P1
      Review("Z", "", Date(2017, 4, 19), Date(2017, 4, 8)),     // a Saturday before: on time
      Review("Z", "", Date(2017, 5, 3), std::nullopt),          // May: never shared
  };
  const SafeguardingData data = Index(std::move(r));
  ExpectFraction(RcpcReportsOnTime(data, Context(Month(2017, 4), cv1::BASIS_MONTH)), 2, 3);
  // Z has no plan, so no team: DCT's are the two reviews of P1.
  ExpectFraction(RcpcReportsOnTime(data, Context(Month(2017, 4), cv1::BASIS_MONTH, "DCT")), 1, 2);
  // 2017-18 to May: 2 of 4.
  ExpectFraction(RcpcReportsOnTime(data, Context(Month(2017, 5), cv1::BASIS_YTD)), 2, 4);
}

// --- Registry ---

// Every safeguarding id of the public contract: DESIGN.md §3 and the DfE duration bands.
const std::set<std::string>& DesignIds() {
  static const auto* ids = new std::set<std::string>{
      "safeguarding.contacts",
      "safeguarding.referrals",
      "safeguarding.referrals_rate",
      "safeguarding.rereferrals_within_12m",
      "safeguarding.referral_decisions_within_1wd",
      "safeguarding.assessments_completed_within_45wd",
      "safeguarding.assessments_completed_over_45wd",
      "safeguarding.assessments_open_within_45wd",
      "safeguarding.assessments_open_over_45wd",
      "safeguarding.assessment_duration",
      // DfE table C2's bands of the same durations.
      "safeguarding.assessment_duration_band_0",
      "safeguarding.assessment_duration_band_1_10",
      "safeguarding.assessment_duration_band_11_20",
      "safeguarding.assessment_duration_band_21_30",
      "safeguarding.assessment_duration_band_31_40",
      "safeguarding.assessment_duration_band_41_45",
      "safeguarding.assessment_duration_band_46_50",
      "safeguarding.assessment_duration_band_51_60",
      "safeguarding.assessment_duration_band_61_plus",
      "safeguarding.s47_started",
      "safeguarding.s47_rate",
      "safeguarding.icpc_within_15wd",
      "safeguarding.icpc_report_on_time",
      "safeguarding.rcpc_report_on_time",
      "safeguarding.cin_count",
      "safeguarding.cin_count_excl_cp_lac",
      "safeguarding.cin_rate",
      "safeguarding.cp_count",
      "safeguarding.cp_rate",
      "safeguarding.cp_reviews_on_time",
      "safeguarding.cp_visits_within_10wd",
      "safeguarding.core_groups_within_6w",
      "safeguarding.cp_second_or_subsequent",
      "safeguarding.cp_lasting_2y",
      "safeguarding.private_fostering",
      "safeguarding.missing_children",
      "safeguarding.cse_risk",
      "safeguarding.lado_referrals",
  };
  return *ids;
}

TEST(SafeguardingRegistryTest, ListsExactlyTheDesignIds) {
  std::set<std::string> listed;
  const cv1::ListMeasuresResponse list = SafeguardingMeasures().List();
  for (const cv1::MeasureDescriptor& d : list.measures()) {
    listed.insert(d.measure_id());
  }
  EXPECT_EQ(listed, DesignIds());
}

TEST(SafeguardingRegistryTest, EveryCardRowIsComputableOnItsBasisAndUnit) {
  // (measure, basis, unit) of each safeguarding row of deploy/scorecards/getting-to-good.
  struct Row {
    const char* id;
    cv1::Basis basis;
    cv1::Unit unit;
  };
  const Row rows[] = {
      {"safeguarding.assessments_completed_within_45wd", cv1::BASIS_MONTH, cv1::UNIT_PERCENT},
      {"safeguarding.assessments_completed_over_45wd", cv1::BASIS_MONTH, cv1::UNIT_PERCENT},
      {"safeguarding.assessments_open_within_45wd", cv1::BASIS_SNAPSHOT, cv1::UNIT_PERCENT},
      {"safeguarding.assessments_open_over_45wd", cv1::BASIS_SNAPSHOT, cv1::UNIT_PERCENT},
      {"safeguarding.icpc_within_15wd", cv1::BASIS_MONTH, cv1::UNIT_PERCENT},
      {"safeguarding.icpc_within_15wd", cv1::BASIS_YTD, cv1::UNIT_PERCENT},
      {"safeguarding.cp_reviews_on_time", cv1::BASIS_SNAPSHOT, cv1::UNIT_PERCENT},
      {"safeguarding.cp_visits_within_10wd", cv1::BASIS_SNAPSHOT, cv1::UNIT_PERCENT},
      {"safeguarding.icpc_report_on_time", cv1::BASIS_MONTH, cv1::UNIT_PERCENT},
      {"safeguarding.icpc_report_on_time", cv1::BASIS_YTD, cv1::UNIT_PERCENT},
      {"safeguarding.rcpc_report_on_time", cv1::BASIS_MONTH, cv1::UNIT_PERCENT},
      {"safeguarding.rcpc_report_on_time", cv1::BASIS_YTD, cv1::UNIT_PERCENT},
      {"safeguarding.core_groups_within_6w", cv1::BASIS_SNAPSHOT, cv1::UNIT_PERCENT},
      {"safeguarding.referrals", cv1::BASIS_MONTH, cv1::UNIT_COUNT},
      {"safeguarding.referrals", cv1::BASIS_YTD, cv1::UNIT_COUNT},
      {"safeguarding.referrals_rate", cv1::BASIS_ROLLING_12_MONTHS, cv1::UNIT_RATE_PER_10000},
      {"safeguarding.contacts", cv1::BASIS_MONTH, cv1::UNIT_COUNT},
      {"safeguarding.contacts", cv1::BASIS_YTD, cv1::UNIT_COUNT},
      {"safeguarding.s47_started", cv1::BASIS_MONTH, cv1::UNIT_COUNT},
      {"safeguarding.s47_started", cv1::BASIS_YTD, cv1::UNIT_COUNT},
      {"safeguarding.s47_rate", cv1::BASIS_ROLLING_12_MONTHS, cv1::UNIT_RATE_PER_10000},
      {"safeguarding.cin_count_excl_cp_lac", cv1::BASIS_SNAPSHOT, cv1::UNIT_COUNT},
      {"safeguarding.cin_count", cv1::BASIS_SNAPSHOT, cv1::UNIT_COUNT},
      {"safeguarding.cin_rate", cv1::BASIS_SNAPSHOT, cv1::UNIT_RATE_PER_10000},
      {"safeguarding.cp_count", cv1::BASIS_SNAPSHOT, cv1::UNIT_COUNT},
      {"safeguarding.cp_rate", cv1::BASIS_SNAPSHOT, cv1::UNIT_RATE_PER_10000},
      {"safeguarding.private_fostering", cv1::BASIS_SNAPSHOT, cv1::UNIT_COUNT},
      {"safeguarding.missing_children", cv1::BASIS_MONTH, cv1::UNIT_COUNT},
      {"safeguarding.cse_risk", cv1::BASIS_SNAPSHOT, cv1::UNIT_COUNT},
      {"safeguarding.lado_referrals", cv1::BASIS_MONTH, cv1::UNIT_COUNT},
      {"safeguarding.lado_referrals", cv1::BASIS_YTD, cv1::UNIT_COUNT},
  };
  const cv1::ListMeasuresResponse list = SafeguardingMeasures().List();
  for (const Row& row : rows) {
    auto it =
        std::find_if(list.measures().begin(), list.measures().end(),
                     [&](const cv1::MeasureDescriptor& d) { return d.measure_id() == row.id; });
    ASSERT_NE(it, list.measures().end()) << row.id;
    EXPECT_EQ(it->unit(), row.unit) << row.id;
    EXPECT_NE(std::find(it->bases().begin(), it->bases().end(), row.basis), it->bases().end())
        << row.id << " on " << cv1::Basis_Name(row.basis);
  }
}

TEST(SafeguardingRegistryTest, UnknownMeasureAndReversedRangeAreRejected) {
  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  request.mutable_from_month()->set_year(2016);
  request.mutable_from_month()->set_month(4);
  request.mutable_to_month()->set_year(2016);
  request.mutable_to_month()->set_month(6);
  request.add_measure_ids("safeguarding.no_such_thing");
  absl::StatusOr<MeasureQuery> q = SafeguardingMeasures().Prepare(request);
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(q.status().message().find("measure_ids[0]"), absl::string_view::npos);

  request.clear_measure_ids();
  request.mutable_to_month()->set_year(2015);
  q = SafeguardingMeasures().Prepare(request);
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(q.status().message().find("before from_month"), absl::string_view::npos);

  request.mutable_to_month()->set_year(2026);  // 2016-04 .. 2026-06 is 123 months
  q = SafeguardingMeasures().Prepare(request);
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(q.status().message().find("longer than 120 months"), absl::string_view::npos);
}

}  // namespace
}  // namespace scorecard::safeguarding
