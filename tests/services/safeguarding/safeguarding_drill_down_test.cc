// Drill-down of the safeguarding measures. First, for every measure, basis and month of
// 2016-17 of a varied synthetic authority, the cases listed add up to the figure
// (testing::ExpectCasesAddUp), for all teams and for one. Then hand-worked lists for
// representative measures: who is listed, in or out of the numerator, with which dates,
// days and reason codes, every date worked out in the comment beside it.
//
// Calendar (England and Wales): 2016 bank holidays Mon 26/12 and Tue 27/12; 2017: Mon 02/01,
// Good Friday 14/04, Easter Monday 17/04, Mon 01/05, Mon 29/05.
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/safeguarding/safeguarding_measures.h"
#include "tests/common/measures/drill_down_check.h"
#include "tests/services/safeguarding/safeguarding_synthetic_authority.h"
#include "tests/services/safeguarding/safeguarding_test_util.h"

namespace scorecard::safeguarding {
namespace {

using namespace ::scorecard::safeguarding::testing;  // NOLINT: test builders
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// --- The cases add up, for every measure ---

TEST(SafeguardingDrillDownCheckTest, EveryMeasuresCasesAddUpToItsFigureForAYear) {
  const SafeguardingData data = IndexSafeguardingRecords(SyntheticAuthority(/*divisor=*/10));
  const WorkingDayCalendar& calendar = WorkingDayCalendar::EnglandAndWales();
  const scorecard::testing::DrillDownCheckSummary all = scorecard::testing::ExpectCasesAddUp(
      SafeguardingMeasures(), data, Month(2016, 4), Month(2017, 3), calendar);
  // 22 event measures on 4 bases (contacts, referrals, rereferrals, decisions, completed
  // within and over, duration and its 9 bands, s47_started, icpc_within, icpc_report,
  // rcpc_report, missing, lado), 2 annual ones on 4 bases, 2 rolling rates and 12
  // snapshots: 110 (measure, basis) pairs, x 12 months.
  EXPECT_EQ(all.cells, 110 * 12);
  // The authority is busy: nearly every cell has cases (a snapshot of the few private
  // fostering arrangements may be empty in some months).
  EXPECT_GE(all.cells_with_cases, all.cells * 95 / 100)
      << all.cells_with_cases << " of " << all.cells;

  const scorecard::testing::DrillDownCheckSummary dct = scorecard::testing::ExpectCasesAddUp(
      SafeguardingMeasures(), data, Month(2016, 4), Month(2017, 3), calendar, "DCT");
  EXPECT_EQ(dct.cells, 110 * 12);
  // Six measures have no team (contacts, decisions, LADO, missing: 4 bases each;
  // private fostering, CSE: snapshots), so 18 x 12 cells are empty for any team; a tenth of
  // the records are DCT's, so most of the rest have cases.
  EXPECT_LE(dct.cells_with_cases, (110 - 18) * 12);
  EXPECT_GE(dct.cells_with_cases, (110 - 18) * 12 * 80 / 100)
      << dct.cells_with_cases << " of " << dct.cells;
}

TEST(SafeguardingDrillDownCheckTest, CasesAddUpUnderOtherSettings) {
  SafeguardingRecords records = SyntheticAuthority(/*divisor=*/20);
  records.settings.assessment_clock = AssessmentClock::kAssessmentStart;
  records.settings.cp_visit_interval_working_days = 5;
  records.settings.icpc_report_lead_working_days = 2;
  records.settings.rcpc_report_lead_working_days = 3;
  records.settings.core_group_interval_weeks = 4;
  records.settings.first_core_group_working_days = 15;
  const SafeguardingData data = IndexSafeguardingRecords(std::move(records));
  const scorecard::testing::DrillDownCheckSummary summary = scorecard::testing::ExpectCasesAddUp(
      SafeguardingMeasures(), data, Month(2017, 1), Month(2017, 3),
      WorkingDayCalendar::EnglandAndWales());
  EXPECT_EQ(summary.cells, 110 * 3);
  EXPECT_GT(summary.cells_with_cases, summary.cells / 2);
}

// --- Hand-worked lists ---

// The figure and its cases from the registry, as DrillDown computes them.
DrillDownResult DrillDown(const SafeguardingData& data, const std::string& measure_id,
                          Month month, cv1::Basis basis = cv1::BASIS_UNSPECIFIED,
                          const std::string& team = "") {
  cv1::DrillDownRequest request;
  request.set_authority("869");
  request.set_measure_id(measure_id);
  *request.mutable_month() = ToProtoMonth(month);
  request.set_basis(basis);
  request.set_team(team);
  absl::StatusOr<MeasureQuery> query = SafeguardingMeasures().PrepareDrillDown(request);
  EXPECT_TRUE(query.ok()) << query.status();
  if (!query.ok()) return DrillDownResult();
  return SafeguardingMeasures().DrillDown(data, *query, WorkingDayCalendar::EnglandAndWales());
}

// One row as a line: subject, in/out of the numerator, then only the fields that are set.
std::string Describe(const CaseRow& row) {
  std::string out = absl::StrCat(row.subject_id, row.in_numerator ? " in" : " out");
  if (!row.in_denominator) absl::StrAppend(&out, " numerator-only");
  if (row.start) absl::StrAppend(&out, " start ", FormatIsoDate(*row.start));
  if (row.end) absl::StrAppend(&out, " end ", FormatIsoDate(*row.end));
  if (row.due) absl::StrAppend(&out, " due ", FormatIsoDate(*row.due));
  if (row.days_taken) absl::StrAppend(&out, " taken ", *row.days_taken);
  if (row.days_overdue) absl::StrAppend(&out, " overdue ", *row.days_overdue);
  if (row.amount) absl::StrAppend(&out, " amount ", *row.amount);
  if (!row.reason.empty()) absl::StrAppend(&out, " ", row.reason);
  if (!row.team.empty()) absl::StrAppend(&out, " team ", row.team);
  if (!row.record_id.empty()) absl::StrAppend(&out, " #", row.record_id);
  return out;
}

std::vector<std::string> Describe(const std::vector<CaseRow>& rows,
                                  cv1::DrillDownScope scope = cv1::DRILL_DOWN_SCOPE_UNSPECIFIED) {
  std::vector<std::string> out;
  for (const CaseRow& row : rows) {
    if (InScope(row, scope)) out.push_back(Describe(row));
  }
  return out;
}

TEST(CpVisitsDrillDownTest, ChildrenNotSeenWithTheirDueDatesOverEaster) {
  // Month end Sun 30/04/2017; a child on a plan is seen every 10 working days.
  SafeguardingRecords r;
  r.plans = {Plan("E1", "P1", Date(2016, 10, 3)), Plan("E2", "P2", Date(2016, 10, 3), {}, "DCT"),
             Plan("E3", "P3", Date(2016, 10, 3)), Plan("E4", "P4", Date(2017, 4, 24))};
  r.visits = {Visit("E1", Date(2017, 4, 12)), Visit("E2", Date(2017, 4, 11)),
              Visit("E3", Date(2017, 3, 30)), Visit("E3", Date(2017, 4, 20), /*seen=*/false)};
  const SafeguardingData data = Index(std::move(r));
  const DrillDownResult result = DrillDown(data, "safeguarding.cp_visits_within_10wd",
                                           Month(2017, 4));
  EXPECT_EQ(result.value.numerator(), 2);
  EXPECT_EQ(result.value.denominator(), 4);
  EXPECT_THAT(
      Describe(result.cases),
      ElementsAre(
          // Seen Wed 12/04. Due 10 working days later: Thu 13 (1), [Good Friday, weekend,
          // Easter Monday], Tue 18 (2) .. Fri 21 (5), Mon 24 (6) .. Fri 28 (10). By Sun 30/04
          // 10 working days have passed: in time.
          "E1 in start 2017-04-12 due 2017-04-28 taken 10 #P1",
          // Seen Tue 11/04: due Wed 12 (1), Thu 13 (2), Tue 18 (3) .. Thu 27 (10). Sun 30/04
          // is 11 working days on and 3 days past due.
          "E2 out start 2017-04-11 due 2017-04-27 taken 11 overdue 3 not-seen team DCT #P2",
          // Last seen Thu 30/03 (the visit of 20/04 did not see the child): due Fri 31/03
          // (1), 3-7 Apr (6), Mon 10 (7) .. Thu 13 (10). To 30/04: 31/03 (1), 3-7 (6),
          // 10-13 (10), 18-21 (14), 24-28 (19). 17 days past due.
          "E3 out start 2017-03-30 due 2017-04-13 taken 19 overdue 17 not-seen #P3",
          // Plan from Mon 24/04, not yet seen: due Tue 25 (1) .. Fri 28 (4), [Mon 01/05],
          // Tue 02/05 (5) .. Fri 05/05 (8), Mon 08 (9), Tue 09/05 (10). Not yet due.
          "E4 in start 2017-04-24 due 2017-05-09 taken 4 #P4"));
  // The list a manager acts on.
  EXPECT_THAT(Describe(result.cases, cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR),
              ElementsAre(::testing::StartsWith("E2 out"), ::testing::StartsWith("E3 out")));
  // DCT's figure is E2 alone.
  const DrillDownResult dct = DrillDown(data, "safeguarding.cp_visits_within_10wd",
                                        Month(2017, 4), cv1::BASIS_SNAPSHOT, "DCT");
  EXPECT_THAT(Describe(dct.cases), ElementsAre(::testing::StartsWith("E2 out")));
}

SafeguardingRecords FebruaryAuthorisations() {
  // Referral Mon 19/12/2016. Working days after it: Tue 20 (1) .. Fri 23 (4), [26, 27 Dec],
  // Wed 28 (5) .. Fri 30 (7), [Mon 02/01], Tue 03/01 (8) .. Fri 06 (11), then 5 a week:
  // Fri 27/01 (26), Fri 03/02 (31), Fri 17/02 (41), Thu 23/02 (45), Fri 24 (46), Mon 27 (47).
  SafeguardingRecords r;
  r.assessments = {
      Assessment("G1", Date(2016, 12, 19), Date(2016, 12, 21), Date(2017, 2, 23)),
      Assessment("G2", Date(2016, 12, 19), Date(2016, 12, 21), Date(2017, 2, 24), {}, "DCT"),
      Assessment("G3", Date(2016, 12, 19), Date(2016, 12, 21), Date(2017, 2, 27)),
  };
  for (AssessmentFacts& a : r.assessments) a.record_id = "A-" + a.child_id;
  return r;
}

TEST(AssessmentsDrillDownTest, CompletedOver45WorkingDaysFromTheReferral) {
  const SafeguardingData data = Index(FebruaryAuthorisations());
  const DrillDownResult within =
      DrillDown(data, "safeguarding.assessments_completed_within_45wd", Month(2017, 2));
  EXPECT_EQ(within.value.numerator(), 1);
  EXPECT_EQ(within.value.denominator(), 3);
  // Due on working day 45, Thu 23/02/2017: G2 authorised a day late, G3 four (Fri 24 to
  // Mon 27).
  EXPECT_THAT(
      Describe(within.cases),
      ElementsAre("G1 in start 2016-12-19 end 2017-02-23 due 2017-02-23 taken 45 #A-G1",
                  "G2 out start 2016-12-19 end 2017-02-24 due 2017-02-23 taken 46 overdue 1 "
                  "over-45wd team DCT #A-G2",
                  "G3 out start 2016-12-19 end 2017-02-27 due 2017-02-23 taken 47 overdue 4 "
                  "over-45wd #A-G3"));
  // The "over" figure lists the same cases from the other side.
  const DrillDownResult over =
      DrillDown(data, "safeguarding.assessments_completed_over_45wd", Month(2017, 2));
  EXPECT_EQ(over.value.numerator(), 2);
  EXPECT_THAT(Describe(over.cases, cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR),
              ElementsAre("G1 out start 2016-12-19 end 2017-02-23 due 2017-02-23 taken 45 "
                          "within-45wd #A-G1"));
}

TEST(AssessmentsDrillDownTest, OpenAssessmentsOverdueAtMonthEnd) {
  // Still open at Tue 28/02/2017, same referral: 28/02 is working day 48 (Mon 27 is 47), so
  // 5 days past the due date of Thu 23/02.
  SafeguardingRecords r;
  r.assessments = {Assessment("G4", Date(2016, 12, 19), Date(2016, 12, 21), std::nullopt)};
  const SafeguardingData data = Index(std::move(r));
  const DrillDownResult open =
      DrillDown(data, "safeguarding.assessments_open_over_45wd", Month(2017, 2));
  EXPECT_THAT(Describe(open.cases),
              ElementsAre("G4 in start 2016-12-19 due 2017-02-23 taken 48 overdue 5"));
}

TEST(AssessmentsDrillDownTest, DurationRowsCarryTheMedianSoTheNumeratorAddsUp) {
  SafeguardingRecords r;
  r.assessments = {
      // 0 working days (the same day), 5 (Thu 2, Fri 3, Mon 6, Tue 7, Wed 8 Feb), and 43
      // from the start Wed 21/12 (45 from Mon 19/12, less Tue 20 and Wed 21).
      Assessment("A", std::nullopt, Date(2017, 2, 6), Date(2017, 2, 6)),
      Assessment("B", std::nullopt, Date(2017, 2, 1), Date(2017, 2, 8)),
      Assessment("C", Date(2016, 12, 19), Date(2016, 12, 21), Date(2017, 2, 23)),
  };
  const SafeguardingData data = Index(std::move(r));
  const DrillDownResult median = DrillDown(data, "safeguarding.assessment_duration",
                                           Month(2017, 2));
  // Median of {0, 5, 43} = 5, carried as 15 / 3: each assessment adds 5.
  EXPECT_EQ(median.value.numerator(), 15);
  EXPECT_EQ(median.value.denominator(), 3);
  EXPECT_THAT(Describe(median.cases),
              ElementsAre("A in start 2017-02-06 end 2017-02-06 taken 0 amount 5",
                          "B in start 2017-02-01 end 2017-02-08 taken 5 amount 5",
                          "C in start 2016-12-21 end 2017-02-23 taken 43 amount 5"));
  // The bands list the assessments they count: C in 41-45, A in "same day".
  EXPECT_THAT(Describe(DrillDown(data, "safeguarding.assessment_duration_band_41_45",
                                 Month(2017, 2))
                           .cases),
              ElementsAre("C in numerator-only start 2016-12-21 end 2017-02-23 taken 43"));
  EXPECT_THAT(
      Describe(DrillDown(data, "safeguarding.assessment_duration_band_0", Month(2017, 2)).cases),
      ElementsAre("A in numerator-only start 2017-02-06 end 2017-02-06 taken 0"));
  EXPECT_THAT(Describe(DrillDown(data, "safeguarding.assessment_duration_band_61_plus",
                                 Month(2017, 2))
                           .cases),
              IsEmpty());
}

TEST(CpReviewsDrillDownTest, LateAndOverdueReviewsWithTheDueDateMissed) {
  // At Fri 31/03/2017. Plans from 31/10/2016: first review due 31/01/2017.
  SafeguardingRecords r;
  r.plans = {Plan("R1", "PR1", Date(2016, 10, 31)), Plan("R2", "PR2", Date(2016, 10, 31)),
             Plan("R3", "PR3", Date(2016, 10, 31)),
             // 15/01/2017 + 3 months = 15/04/2017: under 3 months, not counted or listed.
             Plan("R4", "PR4", Date(2017, 1, 15))};
  r.review_conferences = {Review("R2", "PR2", Date(2017, 2, 2)),
                          Review("R3", "PR3", Date(2017, 1, 20))};
  const SafeguardingData data = Index(std::move(r));
  const DrillDownResult result =
      DrillDown(data, "safeguarding.cp_reviews_on_time", Month(2017, 3));
  EXPECT_EQ(result.value.numerator(), 1);
  EXPECT_EQ(result.value.denominator(), 3);
  EXPECT_THAT(Describe(result.cases),
              ElementsAre(
                  // Never reviewed: 31/01 to 31/03 is 28 + 31 = 59 days.
                  "R1 out start 2016-10-31 due 2017-01-31 overdue 59 review-overdue #PR1",
                  // Reviewed Thu 02/02, two days late.
                  "R2 out start 2016-10-31 due 2017-01-31 overdue 2 review-late #PR2",
                  // Reviewed 20/01: on time; the next is due 6 months on.
                  "R3 in start 2016-10-31 due 2017-07-20 #PR3"));
}

TEST(ConferenceReportDrillDownTest, ReportsLateOrNotSharedBeforeTheMayBankHoliday) {
  // ICPC Thu 04/05/2017, report due 3 working days before: Wed 03 (1), Tue 02 (2), [Mon 01/05
  // bank holiday, weekend], Fri 28/04 (3).
  SafeguardingRecords r;
  r.section47s = {
      Enquiry(Date(2017, 4, 20), Date(2017, 5, 4), "", Date(2017, 4, 28)),
      Enquiry(Date(2017, 4, 20), Date(2017, 5, 4), "", Date(2017, 5, 2)),
      Enquiry(Date(2017, 4, 20), Date(2017, 5, 4), "DCT", std::nullopt),
  };
  const char* const children[] = {"I1", "I2", "I3"};
  for (int i = 0; i < 3; ++i) {
    r.section47s[i].child_id = children[i];
    r.section47s[i].record_id = absl::StrCat("S", i + 1);
  }
  const SafeguardingData data = Index(std::move(r));
  const DrillDownResult result =
      DrillDown(data, "safeguarding.icpc_report_on_time", Month(2017, 5));
  EXPECT_EQ(result.value.numerator(), 1);
  EXPECT_EQ(result.value.denominator(), 3);
  EXPECT_THAT(
      Describe(result.cases),
      ElementsAre("I1 in start 2017-05-04 end 2017-04-28 due 2017-04-28 #S1",
                  // Shared Tue 02/05: 4 days after Fri 28/04.
                  "I2 out start 2017-05-04 end 2017-05-02 due 2017-04-28 overdue 4 report-late #S2",
                  // Never shared: 28/04 to the month's end, 31/05, is 2 + 31 = 33 days.
                  "I3 out start 2017-05-04 due 2017-04-28 overdue 33 report-not-shared team DCT "
                  "#S3"));
  // The same ICPCs on the 15-working-day timescale from the strategy discussion, Thu 20/04:
  // Fri 21 (1), 24-28 (6), [01/05], 2-4 May (9): within, due Fri 12/05 (15).
  const DrillDownResult icpc = DrillDown(data, "safeguarding.icpc_within_15wd", Month(2017, 5));
  EXPECT_THAT(Describe(icpc.cases)[0], "I1 in start 2017-04-20 end 2017-05-04 due 2017-05-12 "
                                       "taken 9 #S1");
}

TEST(CoreGroupsDrillDownTest, OverdueFromTheLastCoreGroupOrThePlansStart) {
  // Fri 31/03/2017, core groups every 6 weeks: the window opens Fri 17/02 (31/03 - 42).
  SafeguardingRecords r;
  r.plans = {Plan("K1", "1", Date(2016, 10, 3)), Plan("K2", "2", Date(2016, 10, 3)),
             // First core group due 10 working days after Thu 16/03: Fri 17 (1), 20-24 (6),
             // 27-30 (10) = Thu 30/03.
             Plan("K4", "4", Date(2017, 3, 16))};
  r.core_groups = {CoreGroup("K1", Date(2017, 2, 17)), CoreGroup("K2", Date(2017, 2, 16))};
  const SafeguardingData data = Index(std::move(r));
  const DrillDownResult result =
      DrillDown(data, "safeguarding.core_groups_within_6w", Month(2017, 3));
  EXPECT_THAT(Describe(result.cases),
              ElementsAre("K1 in start 2017-02-17 due 2017-03-31 #1",
                          // Met 16/02: next due 16/02 + 42 days = Thu 30/03.
                          "K2 out start 2017-02-16 due 2017-03-30 overdue 1 core-group-overdue #2",
                          "K4 out start 2017-03-16 due 2017-03-30 overdue 1 "
                          "first-core-group-overdue #4"));
}

TEST(ReferralsDrillDownTest, ReReferralsNameTheEarlierReferral) {
  SafeguardingRecords r;
  r.referrals = {
      // 01/02/2017 - 12 months = 01/02/2016: 10/02/2016 is within, 31/01/2016 is not.
      Referral("A", Date(2016, 2, 10)), Referral("A", Date(2017, 2, 1)),
      Referral("B", Date(2016, 1, 31)), Referral("B", Date(2017, 2, 1)),
      Referral("C", Date(2017, 2, 15), "DCT"),
  };
  const SafeguardingData data = Index(std::move(r));
  const DrillDownResult result =
      DrillDown(data, "safeguarding.rereferrals_within_12m", Month(2017, 2));
  EXPECT_EQ(result.value.numerator(), 1);
  EXPECT_EQ(result.value.denominator(), 3);
  EXPECT_THAT(Describe(result.cases),
              ElementsAre("A in start 2016-02-10 end 2017-02-01",
                          "B out start 2016-01-31 end 2017-02-01 earlier-over-12m",
                          "C out end 2017-02-15 no-earlier-referral team DCT"));
}

TEST(CountsDrillDownTest, CountsAndRatesListTheirCasesInTheNumeratorOnly) {
  SafeguardingRecords r;
  r.population.Add(2016, 35570);
  r.plans = {Plan("P1", "PP1", Date(2016, 11, 1), {}, "DCT"), Plan("P2", "PP2", Date(2017, 3, 1)),
             Plan("P3", "PP3", Date(2016, 6, 1), Date(2017, 3, 10))};  // ended before 31/03
  r.lado_referrals = {{"L2", Date(2017, 3, 2)}, {"L1", Date(2017, 3, 1)}};
  const SafeguardingData data = Index(std::move(r));
  const DrillDownResult rate = DrillDown(data, "safeguarding.cp_rate", Month(2017, 3));
  EXPECT_EQ(rate.value.denominator(), 35570);
  EXPECT_THAT(Describe(rate.cases),
              ElementsAre("P1 in numerator-only start 2016-11-01 team DCT #PP1",
                          "P2 in numerator-only start 2017-03-01 #PP2"));
  // A LADO referral is about an adult, not a child: named by its record id only.
  const DrillDownResult lado = DrillDown(data, "safeguarding.lado_referrals", Month(2017, 3));
  ASSERT_EQ(lado.cases.size(), 2u);
  EXPECT_EQ(lado.cases[0].subject_kind, cv1::SUBJECT_KIND_LADO_REFERRAL);
  EXPECT_THAT(Describe(lado.cases), ElementsAre("L1 in numerator-only start 2017-03-01 #L1",
                                                "L2 in numerator-only start 2017-03-02 #L2"));
}

}  // namespace
}  // namespace scorecard::safeguarding
