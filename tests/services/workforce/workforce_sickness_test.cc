// workforce.sickness_days_lost: FTE-weighted working days, split at period boundaries, with
// the census's yearly totals used only where no absences are known. Every expected figure
// is worked out by hand in the comments, from the calendar.
#include <optional>
#include <string>

#include "common/measures/measure_value.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/workforce/workforce_measures.h"
#include "tests/services/workforce/workforce_test_data.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::scorecard::workforce::testing::Absence;
using ::scorecard::workforce::testing::Context;
using ::scorecard::workforce::testing::Permanent;

double DaysLost(const WorkforceData& data, Month month, cv1::Basis basis,
                std::string team = "", const WorkingDayCalendar* calendar = nullptr) {
  return SicknessDaysLost(data, Context(month, basis, std::move(team), calendar)).numerator;
}

SicknessDaysLostFacts DaysLostReturn(std::string worker_id, Date first, Date last,
                                     double days) {
  SicknessDaysLostFacts r;
  r.worker_id = std::move(worker_id);
  r.period = DateRange{first, last};
  r.working_days_lost = days;
  return r;
}

TEST(SicknessDaysLostTest, PartTimeWorkersHalfDay) {
  // P1 works 0.5 FTE and goes home at lunchtime on Wednesday 08/03/2017 (first_day_fraction
  // 0.5, a one-day absence): half of one working day at half time = 0.5 x 0.5 = 0.25.
  WorkforceData data;
  data.workers = {Permanent("P1", Date(2015, 6, 1), std::nullopt, 0.5)};
  data.sickness_absences = {Absence("P1", Date(2017, 3, 8), Date(2017, 3, 8), 0.5)};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH), 0.25);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_QUARTER), 0.25);
  // The same fraction given as last_day_fraction means the same.
  data.sickness_absences = {Absence("P1", Date(2017, 3, 8), Date(2017, 3, 8), 0, 0.5)};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH), 0.25);
}

TEST(SicknessDaysLostTest, PartTimeWholeWeekIsFteWeighted) {
  // P1 (0.6 FTE) is off Monday 06/03 to Friday 10/03/2017: 5 working days x 0.6 = 3.0.
  WorkforceData data;
  data.workers = {Permanent("P1", Date(2015, 6, 1), std::nullopt, 0.6)};
  data.sickness_absences = {Absence("P1", Date(2017, 3, 6), Date(2017, 3, 10))};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH), 3.0);
}

TEST(SicknessDaysLostTest, AbsenceSpanningTwoQuartersIsSplitAtTheBoundary) {
  // Thursday 30/06/2016 to Tuesday 05/07/2016, full time.
  //   Apr-Jun quarter: Thu 30/06 = 1.
  //   Jul-Sep quarter: Fri 01/07, (Sat 02, Sun 03 not), Mon 04/07, Tue 05/07 = 3.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 9, 1))};
  data.sickness_absences = {Absence("W1", Date(2016, 6, 30), Date(2016, 7, 5))};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 6), cv1::BASIS_QUARTER), 1);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 7), cv1::BASIS_QUARTER), 3);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 9), cv1::BASIS_QUARTER), 3);
  // Year to date at July 2016 (01/04..31/07) holds all four.
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 7), cv1::BASIS_YTD), 4);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 6), cv1::BASIS_MONTH), 1);
}

TEST(SicknessDaysLostTest, BankHolidaysAndTheFinancialYearEnd) {
  // Thursday 30/03/2017 to Tuesday 18/04/2017, full time.
  //   2016-17 (to 31/03): Thu 30/03, Fri 31/03 = 2.
  //   2017-18: Mon 03 to Fri 07/04 = 5; Mon 10 to Thu 13/04 = 4; Fri 14/04 is Good Friday
  //   and Mon 17/04 Easter Monday (bank holidays); Tue 18/04 = 1. Total 10.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 9, 1))};
  data.sickness_absences = {Absence("W1", Date(2017, 3, 30), Date(2017, 4, 18))};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_YTD), 2);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_QUARTER), 2);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 4), cv1::BASIS_YTD), 10);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 4), cv1::BASIS_QUARTER), 10);
  // Rolling 12 at April 2017 (01/05/2016..30/04/2017) holds both parts: 12.
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 4), cv1::BASIS_ROLLING_12_MONTHS), 12);
}

TEST(SicknessDaysLostTest, FirstAndLastDayFractions) {
  // Monday 06/03 to Wednesday 08/03/2017, full time: went home at lunch on Monday (0.5),
  // off all Tuesday (1), back for the afternoon on Wednesday (0.5) = 2.0.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 9, 1))};
  data.sickness_absences = {Absence("W1", Date(2017, 3, 6), Date(2017, 3, 8), 0.5, 0.5)};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH), 2.0);
}

TEST(SicknessDaysLostTest, OpenAbsenceRunsToThePeriodEnd) {
  // Off from Monday 27/02/2017 with no end yet.
  //   February 2017: Mon 27, Tue 28 = 2.
  //   March 2017 (starts on a Wednesday): 1-3 (3), 6-10, 13-17, 20-24, 27-31 (4 x 5) = 23.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 9, 1))};
  data.sickness_absences = {Absence("W1", Date(2017, 2, 27), std::nullopt)};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 2), cv1::BASIS_MONTH), 2);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH), 23);
  // Quarter to date at March 2017 (Jan-Mar): 2 + 23 = 25.
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_QUARTER), 25);
}

TEST(SicknessDaysLostTest, AuthorityClosureDaysAreNotLost) {
  // Tuesday 27/12 to Friday 30/12/2016. 27/12 is the substitute bank holiday for Christmas
  // Day, so with bank holidays alone Wed 28, Thu 29, Fri 30 = 3. With the authority
  // closed on 29/12: 2.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 9, 1))};
  data.sickness_absences = {Absence("W1", Date(2016, 12, 27), Date(2016, 12, 30))};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 12), cv1::BASIS_MONTH), 3);
  const Date closure[] = {Date(2016, 12, 29)};
  const WorkingDayCalendar with_closure =
      WorkingDayCalendar::EnglandAndWales().WithClosureDays(closure);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 12), cv1::BASIS_MONTH, "", &with_closure), 2);
}

TEST(SicknessDaysLostTest, FteFollowsTheRoleHeldEachDay) {
  // W1 is 1.0 FTE until Monday 06/03/2017 and 0.5 from 06/03 (the new record starts the day
  // the old one ends: on 06/03 only the new one is in post). Off Thursday 02/03 to Tuesday
  // 07/03: Thu 02 1.0, Fri 03 1.0, Mon 06 0.5, Tue 07 0.5 = 3.0.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 9, 1), Date(2017, 3, 6)),
                  Permanent("W1", Date(2017, 3, 6), std::nullopt, 0.5)};
  data.sickness_absences = {Absence("W1", Date(2017, 3, 2), Date(2017, 3, 7))};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH), 3.0);
}

TEST(SicknessDaysLostTest, DaysOutOfPostAreNotLost) {
  // W1 starts Wednesday 08/03/2017; an absence recorded from Mon 06/03 to Wed 08/03 loses
  // only 08/03 = 1.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2017, 3, 8))};
  data.sickness_absences = {Absence("W1", Date(2017, 3, 6), Date(2017, 3, 8))};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH), 1);
}

TEST(SicknessDaysLostTest, TeamsShareAPersonInTwoTeamsByFte) {
  // W1 holds 0.5 in CIN and 0.5 in DCT and is off all Wednesday 08/03/2017: CIN loses 0.5,
  // DCT 0.5, the authority 1.0.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 9, 1), std::nullopt, 0.5, "CIN"),
                  Permanent("W1", Date(2014, 9, 1), std::nullopt, 0.5, "DCT")};
  data.sickness_absences = {Absence("W1", Date(2017, 3, 8), Date(2017, 3, 8))};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH), 1.0);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH, "CIN"), 0.5);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH, "DCT"), 0.5);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 3), cv1::BASIS_MONTH, "LAC"), 0.0);
}

TEST(SicknessDaysLostTest, CensusYearTotalCountsOnlyInAPeriodHoldingAllOfIt) {
  // C1's census return: 12.5 days in 01/10/2015..30/09/2016 (the census year to the
  // 30 September reference date).
  //   Rolling 12 at September 2016 is exactly 01/10/2015..30/09/2016: 12.5.
  //   Rolling 12 at October 2016 starts 01/11/2015: the year is not inside it, 0.
  //   The Jul-Sep 2016 quarter and the year to date cannot hold a whole year: 0.
  WorkforceData data;
  data.workers = {Permanent("C1", Date(2012, 1, 9))};
  data.sickness_days_lost_returns = {
      DaysLostReturn("C1", Date(2015, 10, 1), Date(2016, 9, 30), 12.5)};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 9), cv1::BASIS_ROLLING_12_MONTHS), 12.5);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 10), cv1::BASIS_ROLLING_12_MONTHS), 0);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 9), cv1::BASIS_QUARTER), 0);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 9), cv1::BASIS_YTD), 0);
  // It has no team, so a team's figure never includes it.
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 9), cv1::BASIS_ROLLING_12_MONTHS, "CIN"), 0);
}

TEST(SicknessDaysLostTest, KnownAbsencesReplaceTheCensusTotalForThatWorker) {
  // C1 has a census total of 12.5 for 01/10/2015..30/09/2016 and one recorded absence on
  // Monday 04/01/2016 (a whole day): the absences are used, 1, not 12.5 + 1. C2 has only
  // a total, 3: it is used. Rolling 12 at September 2016 = 1 + 3 = 4.
  WorkforceData data;
  data.workers = {Permanent("C1", Date(2012, 1, 9)), Permanent("C2", Date(2012, 1, 9))};
  data.sickness_absences = {Absence("C1", Date(2016, 1, 4), Date(2016, 1, 4))};
  data.sickness_days_lost_returns = {
      DaysLostReturn("C1", Date(2015, 10, 1), Date(2016, 9, 30), 12.5),
      DaysLostReturn("C2", Date(2015, 10, 1), Date(2016, 9, 30), 3)};
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2016, 9), cv1::BASIS_ROLLING_12_MONTHS), 4);
}

TEST(SicknessDaysLostTest, IndexedAndUnindexedDataAgree) {
  // The loader indexes; hand-built data is indexed on the fly. Both give 2 + 10 (see
  // BankHolidaysAndTheFinancialYearEnd), and an index left stale by adding a record after
  // indexing is not trusted.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 9, 1))};
  data.sickness_absences = {Absence("W1", Date(2017, 3, 30), Date(2017, 4, 18))};
  IndexWorkforceData(data);
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 4), cv1::BASIS_ROLLING_12_MONTHS), 12);
  // Wednesday 10/05/2017, a whole day more.
  data.sickness_absences.push_back(Absence("W1", Date(2017, 5, 10), Date(2017, 5, 10)));
  EXPECT_FALSE(IndexDescribes(data.index, data));
  EXPECT_DOUBLE_EQ(DaysLost(data, Month(2017, 5), cv1::BASIS_ROLLING_12_MONTHS), 13);
}

}  // namespace
}  // namespace scorecard::workforce
