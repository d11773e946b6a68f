// Hand-worked cases for the safeguarding counting rules. Every expected figure is worked
// out in the comment beside it from the calendar and the rule, not from the code.
#include "services/safeguarding/safeguarding_measures.h"

#include "common/measures/measure_period.h"
#include "common/time/working_days.h"
#include "gtest/gtest.h"

namespace scorecard::safeguarding {
namespace {

namespace cv1 = ::scorecard::common::v1;

MeasureContext Context(Month month, cv1::Basis basis, std::string team = "") {
  MeasureContext ctx;
  ctx.month = month;
  ctx.basis = basis;
  ctx.period = *PeriodFor(basis, month);
  ctx.month_end = LastDayOf(month);
  ctx.team = std::move(team);
  ctx.calendar = &WorkingDayCalendar::EnglandAndWales();
  return ctx;
}

Section47Facts Enquiry(Date strategy, std::optional<Date> icpc, std::string team = "") {
  Section47Facts s;
  s.child_id = "C";
  s.strategy_discussion_date = strategy;
  s.icpc_date = icpc;
  s.team = std::move(team);
  return s;
}

TEST(ReferralsTest, CountsByMonthAndFinancialYearToDate) {
  SafeguardingData data;
  // 31 March 2017 is the last day of 2016-17; 1 April 2017 opens 2017-18.
  data.referrals = {{"A", Date(2017, 3, 31)}, {"B", Date(2017, 4, 1)}, {"C", Date(2017, 4, 30)},
                    {"D", Date(2017, 5, 1)}};
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
  SafeguardingData data;
  data.referrals = {{"A", Date(2016, 10, 3), false, std::nullopt, "DCT"},
                    {"B", Date(2016, 10, 4), false, std::nullopt, "Assessment"}};
  EXPECT_EQ(Referrals(data, Context(Month(2016, 10), cv1::BASIS_MONTH, "DCT")).numerator, 1);
  EXPECT_EQ(Referrals(data, Context(Month(2016, 10), cv1::BASIS_MONTH)).numerator, 2);
}

TEST(IcpcTimelinessTest, EasterAndEarlyMayBankHolidaysAreSkipped) {
  // Strategy discussion Mon 10/04/2017. Working days after it: 11, 12, 13 Apr (3); Good
  // Friday 14 and Easter Monday 17 skipped; 18-21 (7); 24-28 (12); Mon 1 May skipped;
  // 2, 3, 4 May (15). So Thu 04/05 is the 15th working day: in time. Fri 05/05 is the 16th.
  SafeguardingData data;
  data.section47s = {Enquiry(Date(2017, 4, 10), Date(2017, 5, 4)),
                     Enquiry(Date(2017, 4, 10), Date(2017, 5, 5))};
  const Fraction may = IcpcsWithin15WorkingDays(data, Context(Month(2017, 5), cv1::BASIS_MONTH));
  EXPECT_EQ(may.denominator, 2);
  EXPECT_EQ(may.numerator, 1);
}

TEST(IcpcTimelinessTest, StrategyDiscussionOnAFriday) {
  // Fri 02/12/2016 + 15 working days: 5-9 Dec (5), 12-16 (10), 19-23 (15) → Fri 23/12 due.
  // An ICPC on Tue 27/12 would be late even though 26 and 27 Dec are bank holidays — it is
  // held on a holiday, after the due date.
  SafeguardingData data;
  data.section47s = {Enquiry(Date(2016, 12, 2), Date(2016, 12, 23)),
                     Enquiry(Date(2016, 12, 2), Date(2016, 12, 28))};
  const Fraction dec = IcpcsWithin15WorkingDays(data, Context(Month(2016, 12), cv1::BASIS_MONTH));
  EXPECT_EQ(dec.denominator, 2);
  EXPECT_EQ(dec.numerator, 1);
}

TEST(IcpcTimelinessTest, CountedInTheMonthTheConferenceIsHeldNotTheEnquiryStarted) {
  // Started in March 2017 (2016-17), held in April 2017 (2017-18): April's figure and the
  // 2017-18 YTD; not March's and not 2016-17's.
  SafeguardingData data;
  data.section47s = {Enquiry(Date(2017, 3, 27), Date(2017, 4, 7)),
                     Enquiry(Date(2017, 4, 3), std::nullopt)};  // no ICPC yet: not counted
  EXPECT_EQ(IcpcsWithin15WorkingDays(data, Context(Month(2017, 3), cv1::BASIS_YTD)).denominator, 0);
  const Fraction ytd = IcpcsWithin15WorkingDays(data, Context(Month(2017, 4), cv1::BASIS_YTD));
  EXPECT_EQ(ytd.denominator, 1);
  EXPECT_EQ(ytd.numerator, 1);  // 27/03 → 07/04 is 9 working days
}

TEST(IcpcTimelinessTest, NoConferencesGivesAnUndefinedPercentageNotZero) {
  SafeguardingData data;
  const Fraction f = IcpcsWithin15WorkingDays(data, Context(Month(2017, 5), cv1::BASIS_MONTH));
  EXPECT_EQ(f.denominator, 0);
  EXPECT_FALSE(ValueOf(cv1::UNIT_PERCENT, f).has_value());
}

TEST(Section47Test, StartedCountsStrategyDiscussionsInThePeriod) {
  SafeguardingData data;
  data.section47s = {Enquiry(Date(2016, 4, 30), std::nullopt),
                     Enquiry(Date(2016, 5, 1), std::nullopt)};
  EXPECT_EQ(Section47sStarted(data, Context(Month(2016, 4), cv1::BASIS_MONTH)).numerator, 1);
  EXPECT_EQ(Section47sStarted(data, Context(Month(2016, 5), cv1::BASIS_YTD)).numerator, 2);
}

TEST(ContactsTest, ATeamBreakdownHasNoContacts) {
  SafeguardingData data;
  data.contacts = {{"A", Date(2016, 6, 1), "police", std::nullopt}};
  EXPECT_EQ(Contacts(data, Context(Month(2016, 6), cv1::BASIS_MONTH)).numerator, 1);
  EXPECT_EQ(Contacts(data, Context(Month(2016, 6), cv1::BASIS_MONTH, "DCT")).numerator, 0);
}

TEST(SafeguardingRegistryTest, ListsItsMeasuresWithTheirNaturalBasisFirst) {
  const cv1::ListMeasuresResponse list = SafeguardingMeasures().List();
  bool found = false;
  for (const cv1::MeasureDescriptor& d : list.measures()) {
    if (d.measure_id() == "safeguarding.icpc_within_15wd") {
      found = true;
      EXPECT_EQ(d.unit(), cv1::UNIT_PERCENT);
      EXPECT_EQ(d.bases(0), cv1::BASIS_MONTH);
    }
  }
  EXPECT_TRUE(found);
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
