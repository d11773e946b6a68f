// Starters, leavers, agency, turnover and vacancy rates, and the registry. Sickness,
// supervision, caseloads and social-worker changes have their own files.
#include "services/workforce/workforce_measures.h"

#include <optional>
#include <string>
#include <vector>

#include "common/measures/measure_value.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/workforce/workforce_test_data.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Optional;
using ::scorecard::workforce::testing::Agency;
using ::scorecard::workforce::testing::Context;
using ::scorecard::workforce::testing::Permanent;

double Starts(const WorkforceData& data, Month m, cv1::Basis basis, std::string team = "") {
  return Starters(data, Context(m, basis, std::move(team))).numerator;
}

double Leaves(const WorkforceData& data, Month m, cv1::Basis basis, std::string team = "") {
  return Leavers(data, Context(m, basis, std::move(team))).numerator;
}

// --- Starters -------------------------------------------------------------------------

TEST(StartersTest, StartOn31March2017IsInFinancialYear2016To17) {
  // 31 March 2017 is the last day of 2016-17: the YTD at March 2017 runs 2016-04-01 to
  // 2017-03-31 and holds it; the YTD at April 2017 runs 2017-04-01 to 2017-04-30 and
  // does not.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2017, 3, 31))};
  EXPECT_EQ(Starts(data, Month(2017, 3), cv1::BASIS_YTD), 1);
  EXPECT_EQ(Starts(data, Month(2017, 4), cv1::BASIS_YTD), 0);
  EXPECT_EQ(Starts(data, Month(2017, 3), cv1::BASIS_MONTH), 1);
  EXPECT_EQ(Starts(data, Month(2017, 2), cv1::BASIS_YTD), 0);  // not yet started
}

TEST(StartersTest, StartOn1AprilOpensTheNewFinancialYear) {
  // 1 April 2017 is the first day of 2017-18: in every 2017-18 YTD (April 2017 to March
  // 2018), in none of 2016-17's.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2017, 4, 1))};
  EXPECT_EQ(Starts(data, Month(2017, 4), cv1::BASIS_YTD), 1);
  EXPECT_EQ(Starts(data, Month(2018, 3), cv1::BASIS_YTD), 1);
  EXPECT_EQ(Starts(data, Month(2017, 3), cv1::BASIS_YTD), 0);
  EXPECT_EQ(Starts(data, Month(2018, 4), cv1::BASIS_YTD), 0);
}

TEST(StartersTest, AgencyWorkersAreNotStarters) {
  WorkforceData data;
  data.workers = {Agency("A1", Date(2017, 5, 2)), Permanent("W1", Date(2017, 5, 10))};
  // Only W1, the permanent worker.
  EXPECT_EQ(Starts(data, Month(2017, 5), cv1::BASIS_MONTH), 1);
}

TEST(StartersTest, AgencyWorkerTakingPermanentPostIsOneStarter) {
  // A1 was agency until 14 May and permanent from 15 May: they joined the permanent
  // establishment on 15 May, one starter. The agency record ending is not a leaver.
  WorkforceData data;
  data.workers = {Agency("A1", Date(2016, 6, 1), Date(2017, 5, 14)),
                  Permanent("A1", Date(2017, 5, 15))};
  EXPECT_EQ(Starts(data, Month(2017, 5), cv1::BASIS_MONTH), 1);
  EXPECT_EQ(Starts(data, Month(2017, 5), cv1::BASIS_YTD), 1);
  EXPECT_EQ(Leaves(data, Month(2017, 5), cv1::BASIS_MONTH), 0);
}

TEST(StartersTest, SameDayAgencyToPermanentIsOneStarter) {
  // The agency record's last day and the permanent record's first day are both 15 May.
  WorkforceData data;
  data.workers = {Agency("A1", Date(2016, 6, 1), Date(2017, 5, 15)),
                  Permanent("A1", Date(2017, 5, 15))};
  EXPECT_EQ(Starts(data, Month(2017, 5), cv1::BASIS_MONTH), 1);
}

TEST(StartersTest, TwoPermanentRolesStartingTogetherAreOnePerson) {
  // W1 joins on 1 May into two half-time roles: one person joined.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2017, 5, 1), std::nullopt, 0.5, "CIN"),
                  Permanent("W1", Date(2017, 5, 1), std::nullopt, 0.5, "CP")};
  EXPECT_EQ(Starts(data, Month(2017, 5), cv1::BASIS_MONTH), 1);
}

TEST(StartersTest, QuarterBasisInFebruaryIsJanuaryFirstToFebruaryEnd) {
  // February 2017 is in the Jan-Mar quarter; quarter to date is 2017-01-01..2017-02-28.
  const MeasureContext ctx = Context(Month(2017, 2), cv1::BASIS_QUARTER);
  EXPECT_EQ(ctx.period, (DateRange{Date(2017, 1, 1), Date(2017, 2, 28)}));
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2016, 12, 31)),  // previous quarter
                  Permanent("W2", Date(2017, 1, 1)),    // first day: in
                  Permanent("W3", Date(2017, 2, 28)),   // last day: in
                  Permanent("W4", Date(2017, 3, 1))};   // not yet
  EXPECT_EQ(Starters(data, ctx).numerator, 2);
  // At March the quarter is whole: W2, W3 and W4.
  EXPECT_EQ(Starts(data, Month(2017, 3), cv1::BASIS_QUARTER), 3);
}

TEST(StartersTest, RollingTwelveMonthsEndsWithTheMonth) {
  // Rolling 12 at March 2017 is 2016-04-01..2017-03-31.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2016, 3, 31)), Permanent("W2", Date(2016, 4, 1)),
                  Permanent("W3", Date(2017, 3, 31))};
  EXPECT_EQ(Starts(data, Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS), 2);
}

TEST(StartersTest, ReturnAfterAGapIsANewStarter) {
  // W1 left on 31 January and came back on 1 March: a leaver in January, a starter in
  // March (a day or more without a permanent role).
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2015, 9, 1), Date(2017, 1, 31)),
                  Permanent("W1", Date(2017, 3, 1))};
  EXPECT_EQ(Leaves(data, Month(2017, 1), cv1::BASIS_MONTH), 1);
  EXPECT_EQ(Starts(data, Month(2017, 3), cv1::BASIS_MONTH), 1);
  EXPECT_EQ(Starts(data, Month(2017, 3), cv1::BASIS_YTD), 1);
}

// --- Leavers --------------------------------------------------------------------------

TEST(LeaversTest, LastDayDecidesThePeriod) {
  // A last day of 31 March 2017 is in 2016-17's YTD and not 2017-18's.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 9, 1), Date(2017, 3, 31)),
                  Permanent("W2", Date(2014, 9, 1), Date(2017, 4, 1))};
  EXPECT_EQ(Leaves(data, Month(2017, 3), cv1::BASIS_YTD), 1);  // W1
  EXPECT_EQ(Leaves(data, Month(2017, 4), cv1::BASIS_YTD), 1);  // W2
  EXPECT_EQ(Leaves(data, Month(2017, 3), cv1::BASIS_MONTH), 1);
}

TEST(LeaversTest, AgencyWorkersAreNotLeavers) {
  WorkforceData data;
  data.workers = {Agency("A1", Date(2016, 1, 4), Date(2017, 6, 9))};
  EXPECT_EQ(Leaves(data, Month(2017, 6), cv1::BASIS_MONTH), 0);
}

TEST(LeaversTest, RoleChangeNextDayIsNeitherLeaverNorStarter) {
  // W1 is a social worker in CIN until 30 June and a team manager in CP from 1 July: still
  // in the permanent establishment, so no leaver in June and no starter in July.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2015, 1, 5), Date(2017, 6, 30), 1.0, "CIN"),
                  Permanent("W1", Date(2017, 7, 1), std::nullopt, 1.0, "CP")};
  EXPECT_EQ(Leaves(data, Month(2017, 6), cv1::BASIS_MONTH), 0);
  EXPECT_EQ(Starts(data, Month(2017, 7), cv1::BASIS_MONTH), 0);
  EXPECT_EQ(Leaves(data, Month(2018, 3), cv1::BASIS_YTD), 0);
  EXPECT_EQ(Starts(data, Month(2018, 3), cv1::BASIS_YTD), 0);
  // Nor for either team: a move between teams is not a team's starter or leaver.
  EXPECT_EQ(Leaves(data, Month(2017, 6), cv1::BASIS_MONTH, "CIN"), 0);
  EXPECT_EQ(Starts(data, Month(2017, 7), cv1::BASIS_MONTH, "CP"), 0);
}

TEST(LeaversTest, RoleChangeSameDayIsNotALeaver) {
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2015, 1, 5), Date(2017, 6, 30)),
                  Permanent("W1", Date(2017, 6, 30))};
  EXPECT_EQ(Leaves(data, Month(2017, 6), cv1::BASIS_MONTH), 0);
  EXPECT_EQ(Starts(data, Month(2017, 6), cv1::BASIS_MONTH), 0);
}

TEST(LeaversTest, PermanentToAgencyIsALeaver) {
  // W1's permanent role ends 30 June and they stay on as agency: they left the permanent
  // establishment.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2015, 1, 5), Date(2017, 6, 30)),
                  Agency("W1", Date(2017, 7, 1))};
  EXPECT_EQ(Leaves(data, Month(2017, 6), cv1::BASIS_MONTH), 1);
  EXPECT_EQ(Starts(data, Month(2017, 7), cv1::BASIS_MONTH), 0);
}

TEST(LeaversTest, TeamFilterUsesTheEndingRecordsTeam) {
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2015, 1, 5), Date(2017, 6, 12), 1.0, "DCT"),
                  Permanent("W2", Date(2015, 1, 5), Date(2017, 6, 20), 1.0, "CIN"),
                  Permanent("W3", Date(2015, 1, 5), Date(2017, 6, 21), 1.0, "CIN")};
  EXPECT_EQ(Leaves(data, Month(2017, 6), cv1::BASIS_MONTH), 3);
  EXPECT_EQ(Leaves(data, Month(2017, 6), cv1::BASIS_MONTH, "DCT"), 1);
  EXPECT_EQ(Leaves(data, Month(2017, 6), cv1::BASIS_MONTH, "CIN"), 2);
  EXPECT_EQ(Leaves(data, Month(2017, 6), cv1::BASIS_MONTH, "CP"), 0);
}

// --- Agency rates ---------------------------------------------------------------------

TEST(AgencyRateTest, PartTimeFtesAtMonthEnd) {
  // In post on 31 May 2017: P1 1.0 and P2 1.0 permanent, A1 0.5 and A2 1.0 agency.
  // Agency FTE 0.5 + 1.0 = 1.5 of 3.5 in all: 1.5 / 3.5 = 42.857%.
  // By people: 2 agency of 4 = 50%.
  // Not in post on 31 May: A3 (last day 30 May) and A4 (first day 1 June).
  WorkforceData data;
  data.workers = {Permanent("P1", Date(2016, 1, 4)),
                  Permanent("P2", Date(2017, 5, 31)),  // first day is the month end: in
                  Agency("A1", Date(2017, 2, 1), std::nullopt, 0.5),
                  Agency("A2", Date(2017, 5, 1)),
                  Agency("A3", Date(2017, 1, 9), Date(2017, 5, 30)),
                  Agency("A4", Date(2017, 6, 1))};
  const MeasureContext ctx = Context(Month(2017, 5), cv1::BASIS_SNAPSHOT);

  const Fraction fte = AgencyFteRate(data, ctx);
  EXPECT_DOUBLE_EQ(fte.numerator, 1.5);
  EXPECT_DOUBLE_EQ(fte.denominator, 3.5);
  EXPECT_THAT(ValueOf(cv1::UNIT_PERCENT, fte), Optional(DoubleNear(42.857, 0.001)));

  const Fraction heads = AgencyHeadcountRate(data, ctx);
  EXPECT_EQ(heads.numerator, 2);
  EXPECT_EQ(heads.denominator, 4);
}

TEST(AgencyRateTest, LastDayOnMonthEndIsInPost) {
  // P1's last day is 31 May: in post on 31 May (inclusive end), gone by 30 June.
  // May: agency 1.0 of 2.0 FTE = 50%. June: A1 alone, 1.0 of 1.0 = 100%.
  WorkforceData data;
  data.workers = {Permanent("P1", Date(2016, 1, 4), Date(2017, 5, 31)),
                  Agency("A1", Date(2017, 2, 1))};
  const Fraction may = AgencyFteRate(data, Context(Month(2017, 5), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(may.numerator, 1.0);
  EXPECT_DOUBLE_EQ(may.denominator, 2.0);
  const Fraction june = AgencyFteRate(data, Context(Month(2017, 6), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(june.numerator, 1.0);
  EXPECT_DOUBLE_EQ(june.denominator, 1.0);
  // And P1 is May's leaver.
  EXPECT_EQ(Leaves(data, Month(2017, 5), cv1::BASIS_MONTH), 1);
}

TEST(AgencyRateTest, SameDayConversionAtMonthEndCountsThePersonOnce) {
  // A1's agency record (0.5) ends on 31 May and their permanent record (1.0) starts on
  // 31 May. At the end of 31 May they are permanent: FTE 1.0 (A1) + 1.0 (P1) = 2.0, none
  // of it agency; 2 people, 0 agency.
  WorkforceData data;
  data.workers = {Agency("A1", Date(2016, 6, 1), Date(2017, 5, 31), 0.5),
                  Permanent("A1", Date(2017, 5, 31)), Permanent("P1", Date(2016, 1, 4))};
  const MeasureContext ctx = Context(Month(2017, 5), cv1::BASIS_SNAPSHOT);
  const Fraction fte = AgencyFteRate(data, ctx);
  EXPECT_DOUBLE_EQ(fte.numerator, 0.0);
  EXPECT_DOUBLE_EQ(fte.denominator, 2.0);
  const Fraction heads = AgencyHeadcountRate(data, ctx);
  EXPECT_EQ(heads.numerator, 0);
  EXPECT_EQ(heads.denominator, 2);
}

TEST(AgencyRateTest, TeamFilter) {
  // At 31 May 2017, team DCT: D1 permanent 0.8, D2 agency 0.6 -> 0.6 / 1.4 FTE = 42.857%,
  // 1 of 2 people. The CIN workers are not in DCT's figures.
  WorkforceData data;
  data.workers = {Permanent("D1", Date(2016, 1, 4), std::nullopt, 0.8, "DCT"),
                  Agency("D2", Date(2017, 1, 4), std::nullopt, 0.6, "DCT"),
                  Agency("C1", Date(2017, 1, 4), std::nullopt, 1.0, "CIN"),
                  Agency("C2", Date(2017, 1, 4), std::nullopt, 1.0, "CIN")};
  const MeasureContext dct = Context(Month(2017, 5), cv1::BASIS_SNAPSHOT, "DCT");
  const Fraction fte = AgencyFteRate(data, dct);
  EXPECT_DOUBLE_EQ(fte.numerator, 0.6);
  EXPECT_DOUBLE_EQ(fte.denominator, 1.4);
  const Fraction heads = AgencyHeadcountRate(data, dct);
  EXPECT_EQ(heads.numerator, 1);
  EXPECT_EQ(heads.denominator, 2);
  // All teams: agency 0.6 + 1.0 + 1.0 = 2.6 of 3.4.
  const Fraction all = AgencyFteRate(data, Context(Month(2017, 5), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(all.numerator, 2.6);
  EXPECT_DOUBLE_EQ(all.denominator, 3.4);
}

TEST(AgencyRateTest, NobodyInPostIsUndefinedNotZero) {
  WorkforceData data;
  data.workers = {Agency("A1", Date(2017, 6, 1))};
  const Fraction f = AgencyFteRate(data, Context(Month(2017, 5), cv1::BASIS_SNAPSHOT));
  EXPECT_EQ(f.denominator, 0);
  EXPECT_EQ(ValueOf(cv1::UNIT_PERCENT, f), std::nullopt);
}

TEST(StartersTest, TeamFilterUsesTheStartingRecordsTeam) {
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2017, 5, 2), std::nullopt, 1.0, "DCT"),
                  Permanent("W2", Date(2017, 5, 3), std::nullopt, 1.0, "CIN"),
                  Agency("W3", Date(2017, 5, 4), std::nullopt, 1.0, "DCT")};
  EXPECT_EQ(Starts(data, Month(2017, 5), cv1::BASIS_MONTH, "DCT"), 1);  // W1; W3 is agency
  EXPECT_EQ(Starts(data, Month(2017, 5), cv1::BASIS_MONTH, "CIN"), 1);  // W2
  EXPECT_EQ(Starts(data, Month(2017, 5), cv1::BASIS_MONTH), 2);
}

// --- Turnover --------------------------------------------------------------------------

TEST(TurnoverRateTest, PermanentLeaversFteOverPermanentFteInPost) {
  // Rolling 12 months at September 2017: 2016-10-01 to 2017-09-30.
  // Leavers in it (permanent, no permanent role the next day), by FTE:
  //   P1 1.0, last day 31/12/2016; P2 0.5, last day 15/03/2017;
  //   P9 0.6, permanent to 31/01/2017 then agency from 01/02/2017 (left the establishment);
  //   P5 1.0, last day 30/09/2017 (the period's last day).
  //   = 1.0 + 0.5 + 0.6 + 1.0 = 3.1.
  // Not leavers: P3 (role change 30/06 -> 01/07/2017), P4 (last day 30/09/2016, before the
  // window), A1 (agency).
  // Permanent FTE in post on 30/09/2017: P3 (new role) 1.0, P5 1.0 (last day is that
  // day), P6 0.8, P7 1.0 = 3.8. Agency A1 1.0 and P9's agency role are not permanent.
  // Turnover = 3.1 / 3.8 = 81.579%.
  WorkforceData data;
  data.workers = {Permanent("P1", Date(2012, 1, 9), Date(2016, 12, 31)),
                  Permanent("P2", Date(2013, 2, 4), Date(2017, 3, 15), 0.5),
                  Permanent("P9", Date(2014, 5, 6), Date(2017, 1, 31), 0.6),
                  Agency("P9", Date(2017, 2, 1), std::nullopt, 0.6),
                  Permanent("P5", Date(2015, 1, 5), Date(2017, 9, 30)),
                  Permanent("P3", Date(2011, 3, 7), Date(2017, 6, 30)),
                  Permanent("P3", Date(2017, 7, 1)),
                  Permanent("P4", Date(2010, 1, 4), Date(2016, 9, 30)),
                  Permanent("P6", Date(2016, 4, 4), std::nullopt, 0.8),
                  Permanent("P7", Date(2009, 9, 7)),
                  Agency("A1", Date(2017, 1, 9), Date(2017, 8, 4))};
  data.workers.push_back(Agency("A2", Date(2017, 1, 9)));
  const Fraction f = TurnoverRate(data, Context(Month(2017, 9), cv1::BASIS_ROLLING_12_MONTHS));
  EXPECT_DOUBLE_EQ(f.numerator, 3.1);
  EXPECT_DOUBLE_EQ(f.denominator, 3.8);
  EXPECT_THAT(ValueOf(cv1::UNIT_PERCENT, f), Optional(DoubleNear(81.579, 0.001)));
}

TEST(TurnoverRateTest, TeamUsesTheEndingRecordsTeamAndTheTeamsFte) {
  // Rolling 12 at March 2017 (2016-04-01..2017-03-31). D1 (DCT, 1.0) left 10/10/2016;
  // C1 (CIN, 1.0) left 11/11/2016. In post 31/03/2017: D2 DCT 0.5, C2 CIN 1.0, C3 CIN 1.0.
  // DCT: 1.0 / 0.5 = 200% (more leavers than staff now: turnover can exceed 100%).
  // CIN: 1.0 / 2.0 = 50%.
  WorkforceData data;
  data.workers = {Permanent("D1", Date(2014, 1, 6), Date(2016, 10, 10), 1.0, "DCT"),
                  Permanent("C1", Date(2014, 1, 6), Date(2016, 11, 11), 1.0, "CIN"),
                  Permanent("D2", Date(2014, 1, 6), std::nullopt, 0.5, "DCT"),
                  Permanent("C2", Date(2014, 1, 6), std::nullopt, 1.0, "CIN"),
                  Permanent("C3", Date(2014, 1, 6), std::nullopt, 1.0, "CIN")};
  const Fraction dct =
      TurnoverRate(data, Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS, "DCT"));
  EXPECT_DOUBLE_EQ(dct.numerator, 1.0);
  EXPECT_DOUBLE_EQ(dct.denominator, 0.5);
  const Fraction cin =
      TurnoverRate(data, Context(Month(2017, 3), cv1::BASIS_ROLLING_12_MONTHS, "CIN"));
  EXPECT_DOUBLE_EQ(cin.numerator, 1.0);
  EXPECT_DOUBLE_EQ(cin.denominator, 2.0);
}

// --- Vacancies --------------------------------------------------------------------------

VacanciesFacts Vacant(std::string team, Date as_of, double fte) {
  VacanciesFacts v;
  v.team = std::move(team);
  v.as_of_date = as_of;
  v.vacant_fte = fte;
  return v;
}

// Ten permanent 1.0 FTE in CIN and six in DCT, and 3 agency FTE, all in post from 2015.
WorkforceData VacancyStaff() {
  WorkforceData data;
  for (int i = 0; i < 10; ++i) {
    data.workers.push_back(Permanent("C" + std::to_string(i), Date(2015, 1, 5)));
  }
  for (int i = 0; i < 6; ++i) {
    data.workers.push_back(
        Permanent("D" + std::to_string(i), Date(2015, 1, 5), std::nullopt, 1.0, "DCT"));
  }
  for (int i = 0; i < 3; ++i) {
    data.workers.push_back(Agency("A" + std::to_string(i), Date(2015, 1, 5)));
  }
  return data;
}

TEST(VacancyRateTest, EachTeamsLatestReturnOverVacantPlusPermanentFte) {
  // At 31/10/2017 the window is 2016-11-01..2017-10-31.
  //   "" (authority level): 30/09/2017 says 4.0 (the 30/09/2016 return, 9.0, is older,
  //   and outside the window anyway).
  //   DCT: 15/10/2017 has two returns, 1.0 + 1.0 = 2.0 (the 31/08/2017 1.5 is superseded).
  // Vacant 4.0 + 2.0 = 6.0; permanent FTE in post 10 + 6 = 16 (agency 3 is not: those
  // posts are vacancies covered by agency workers). 6 / (6 + 16) = 27.273%.
  WorkforceData data = VacancyStaff();
  data.vacancies = {Vacant("", Date(2016, 9, 30), 9.0), Vacant("", Date(2017, 9, 30), 4.0),
                    Vacant("DCT", Date(2017, 8, 31), 1.5),
                    Vacant("DCT", Date(2017, 10, 15), 1.0),
                    Vacant("DCT", Date(2017, 10, 15), 1.0)};
  const Fraction all = VacancyRate(data, Context(Month(2017, 10), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(all.numerator, 6.0);
  EXPECT_DOUBLE_EQ(all.denominator, 22.0);
  EXPECT_THAT(ValueOf(cv1::UNIT_PERCENT, all), Optional(DoubleNear(27.273, 0.001)));

  // DCT alone: 2.0 / (2.0 + 6.0) = 25%. The authority-level figure is in no team.
  const Fraction dct = VacancyRate(data, Context(Month(2017, 10), cv1::BASIS_SNAPSHOT, "DCT"));
  EXPECT_DOUBLE_EQ(dct.numerator, 2.0);
  EXPECT_DOUBLE_EQ(dct.denominator, 8.0);

  // At 31/08/2017 (window 2016-09-01..2017-08-31): "" 30/09/2016 9.0 and DCT 31/08/2017
  // 1.5 (the return dated the month end counts). 10.5 / (10.5 + 16) = 39.623%.
  const Fraction august = VacancyRate(data, Context(Month(2017, 8), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(august.numerator, 10.5);
  EXPECT_DOUBLE_EQ(august.denominator, 26.5);
}

TEST(VacancyRateTest, NoReturnInTheLast12MonthsIsUndefinedNotZero) {
  // The last return is dated 15/10/2017. At 31/10/2018 the window is 2017-11-01..2018-10-31:
  // nothing current, so no figure. A return of 0 vacancies, by contrast, is 0%.
  WorkforceData data = VacancyStaff();
  data.vacancies = {Vacant("", Date(2017, 10, 15), 2.0)};
  const Fraction stale = VacancyRate(data, Context(Month(2018, 10), cv1::BASIS_SNAPSHOT));
  EXPECT_EQ(ValueOf(cv1::UNIT_PERCENT, stale), std::nullopt);
  // At 30/09/2018 (window 2017-10-01..2018-09-30) the 15/10/2017 return still stands.
  const Fraction current = VacancyRate(data, Context(Month(2018, 9), cv1::BASIS_SNAPSHOT));
  EXPECT_DOUBLE_EQ(current.numerator, 2.0);

  data.vacancies = {Vacant("", Date(2018, 9, 30), 0.0)};
  const Fraction none = VacancyRate(data, Context(Month(2018, 10), cv1::BASIS_SNAPSHOT));
  EXPECT_THAT(ValueOf(cv1::UNIT_PERCENT, none), Optional(0.0));
}

// --- Registry -------------------------------------------------------------------------

TEST(WorkforceMeasuresTest, RegistryListsEachMeasureWithUnitAndBases) {
  const cv1::ListMeasuresResponse list = WorkforceMeasures().List();
  std::vector<std::string> ids;
  for (const cv1::MeasureDescriptor& d : list.measures()) {
    ids.push_back(d.measure_id());
    EXPECT_FALSE(d.description().empty()) << d.measure_id();
  }
  // List() is ordered by id. DESIGN.md section 3's ids are all here.
  EXPECT_THAT(ids, ElementsAre("workforce.agency_headcount_rate", "workforce.agency_rate",
                               "workforce.caseload_average", "workforce.leavers",
                               "workforce.sickness_days_lost",
                               "workforce.social_worker_changes",
                               "workforce.social_worker_changes_1",
                               "workforce.social_worker_changes_2",
                               "workforce.social_worker_changes_3",
                               "workforce.social_worker_changes_4plus", "workforce.starters",
                               "workforce.supervision_rate",
                               "workforce.supervision_rate_overall", "workforce.turnover_rate",
                               "workforce.vacancy_rate"));
  const auto find = [&list](const std::string& id) -> const cv1::MeasureDescriptor& {
    for (const cv1::MeasureDescriptor& d : list.measures()) {
      if (d.measure_id() == id) return d;
    }
    ADD_FAILURE() << "no " << id;
    return list.measures(0);
  };
  EXPECT_EQ(find("workforce.agency_rate").unit(), cv1::UNIT_PERCENT);
  EXPECT_THAT(find("workforce.agency_rate").bases(), ElementsAre(cv1::BASIS_SNAPSHOT));
  EXPECT_EQ(find("workforce.starters").unit(), cv1::UNIT_COUNT);
  EXPECT_THAT(find("workforce.starters").bases(),
              ElementsAre(cv1::BASIS_MONTH, cv1::BASIS_YTD, cv1::BASIS_QUARTER,
                          cv1::BASIS_ROLLING_12_MONTHS));
  // The scorecard's sickness rows ask for the quarter and the year to date.
  EXPECT_EQ(find("workforce.sickness_days_lost").unit(), cv1::UNIT_WORKING_DAYS);
  EXPECT_THAT(find("workforce.sickness_days_lost").bases(),
              ElementsAre(cv1::BASIS_QUARTER, cv1::BASIS_YTD, cv1::BASIS_MONTH,
                          cv1::BASIS_ROLLING_12_MONTHS));
  EXPECT_THAT(find("workforce.supervision_rate").bases(), ElementsAre(cv1::BASIS_SNAPSHOT));
  EXPECT_EQ(find("workforce.supervision_rate").unit(), cv1::UNIT_PERCENT);
  EXPECT_THAT(find("workforce.turnover_rate").bases(),
              ElementsAre(cv1::BASIS_ROLLING_12_MONTHS));
  EXPECT_THAT(find("workforce.social_worker_changes_4plus").bases(),
              ElementsAre(cv1::BASIS_ROLLING_12_MONTHS));
  EXPECT_THAT(find("workforce.vacancy_rate").bases(), ElementsAre(cv1::BASIS_SNAPSHOT));
}

TEST(WorkforceMeasuresTest, RegistryComputesAgencyRateAtEachMonthEnd) {
  // A1 (agency 0.5) from 1 May; P1 (permanent 1.0) throughout.
  // April: 0 of 1.0 = 0%. May: 0.5 of 1.5 = 33.333%.
  WorkforceData data;
  data.workers = {Permanent("P1", Date(2016, 1, 4)),
                  Agency("A1", Date(2017, 5, 1), std::nullopt, 0.5)};
  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  request.add_measure_ids("workforce.agency_rate");
  request.mutable_from_month()->set_year(2017);
  request.mutable_from_month()->set_month(4);
  request.mutable_to_month()->set_year(2017);
  request.mutable_to_month()->set_month(5);
  absl::StatusOr<MeasureQuery> query = WorkforceMeasures().Prepare(request);
  ASSERT_TRUE(query.ok()) << query.status();
  const cv1::GetMeasuresResponse response =
      WorkforceMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
  ASSERT_EQ(response.values_size(), 2);
  EXPECT_EQ(response.values(0).basis(), cv1::BASIS_SNAPSHOT);  // the natural basis
  EXPECT_DOUBLE_EQ(response.values(0).value(), 0.0);
  EXPECT_NEAR(response.values(1).value(), 33.333, 0.001);
  EXPECT_DOUBLE_EQ(response.values(1).numerator(), 0.5);
}

}  // namespace
}  // namespace scorecard::workforce
