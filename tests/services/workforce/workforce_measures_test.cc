#include "services/workforce/workforce_measures.h"

#include <optional>
#include <string>

#include "common/measures/measure_period.h"
#include "common/measures/measure_value.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Optional;

// Built the way MeasureRegistry::Compute builds it, so the functions see what they would
// see in the server.
MeasureContext Context(Month month, cv1::Basis basis, std::string team = "") {
  MeasureContext ctx;
  ctx.month = month;
  ctx.basis = basis;
  ctx.period = PeriodFor(basis, month).value();
  ctx.month_end = LastDayOf(month);
  ctx.team = std::move(team);
  ctx.calendar = &WorkingDayCalendar::EnglandAndWales();
  return ctx;
}

WorkerFacts Worker(std::string id, Employment employment, Date start,
                   std::optional<Date> end = std::nullopt, double fte = 1.0,
                   std::string team = "CIN") {
  WorkerFacts w;
  w.worker_id = std::move(id);
  w.employment = employment;
  w.fte = fte;
  w.team = std::move(team);
  w.role = "social-worker";
  w.start_date = start;
  w.end_date = end;
  return w;
}

WorkerFacts Permanent(std::string id, Date start, std::optional<Date> end = std::nullopt,
                      double fte = 1.0, std::string team = "CIN") {
  return Worker(std::move(id), Employment::kPermanent, start, end, fte, std::move(team));
}

WorkerFacts Agency(std::string id, Date start, std::optional<Date> end = std::nullopt,
                   double fte = 1.0, std::string team = "CIN") {
  return Worker(std::move(id), Employment::kAgency, start, end, fte, std::move(team));
}

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

// --- Registry -------------------------------------------------------------------------

TEST(WorkforceMeasuresTest, RegistryListsEachMeasureWithUnitAndBases) {
  const cv1::ListMeasuresResponse list = WorkforceMeasures().List();
  ASSERT_EQ(list.measures_size(), 4);
  // List() is ordered by id.
  EXPECT_EQ(list.measures(0).measure_id(), "workforce.agency_headcount_rate");
  EXPECT_EQ(list.measures(1).measure_id(), "workforce.agency_rate");
  EXPECT_EQ(list.measures(2).measure_id(), "workforce.leavers");
  EXPECT_EQ(list.measures(3).measure_id(), "workforce.starters");
  EXPECT_EQ(list.measures(0).unit(), cv1::UNIT_PERCENT);
  EXPECT_EQ(list.measures(1).unit(), cv1::UNIT_PERCENT);
  EXPECT_EQ(list.measures(2).unit(), cv1::UNIT_COUNT);
  EXPECT_EQ(list.measures(3).unit(), cv1::UNIT_COUNT);
  EXPECT_THAT(list.measures(1).bases(), ElementsAre(cv1::BASIS_SNAPSHOT));
  EXPECT_THAT(list.measures(3).bases(),
              ElementsAre(cv1::BASIS_MONTH, cv1::BASIS_YTD, cv1::BASIS_QUARTER,
                          cv1::BASIS_ROLLING_12_MONTHS));
  for (const cv1::MeasureDescriptor& d : list.measures()) {
    EXPECT_FALSE(d.description().empty()) << d.measure_id();
  }
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
