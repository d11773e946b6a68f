// Drill-down for every placement measure: over a varied synthetic authority the listed
// cases add up to every figure, for every month of a financial year, all teams and one; and
// on hand-built histories the rows name the right children with due dates and days overdue
// worked out by hand (England and Wales bank holidays 2017: Good Friday 14/04, Easter Monday
// 17/04, 01/05, 29/05, 28/08).
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/measures/drill_down.h"
#include "gtest/gtest.h"
#include "services/placement/placement_data.h"
#include "services/placement/placement_measures.h"
#include "tests/common/measures/drill_down_check.h"
#include "tests/services/placement/placement_test_util.h"
#include "tests/services/placement/synthetic_authority.h"

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
using testutil::SyntheticAuthority;

using MeasureFn = Fraction (*)(const PlacementData&, const MeasureContext&);

// The rows a measure notes for `ctx`, in drill-down order, and its figure.
struct Drilled {
  Fraction figure;
  std::vector<CaseRow> rows;
};

Drilled DrillDown(MeasureFn measure, const PlacementData& data, MeasureContext ctx) {
  Drilled out;
  ctx.cases = &out.rows;
  out.figure = measure(data, ctx);
  SortCases(out.rows);
  return out;
}

std::vector<std::string> SubjectIds(const std::vector<CaseRow>& rows) {
  std::vector<std::string> ids;
  for (const CaseRow& row : rows) ids.push_back(row.subject_id);
  return ids;
}

const CaseRow& RowOf(const std::vector<CaseRow>& rows, const std::string& subject) {
  auto it = std::find_if(rows.begin(), rows.end(),
                         [&subject](const CaseRow& row) { return row.subject_id == subject; });
  EXPECT_NE(it, rows.end()) << subject << " is not listed";
  static const CaseRow* const kMissing = new CaseRow();
  return it == rows.end() ? *kMissing : *it;
}

// ---- every measure, every month ------------------------------------------------------------

// A small authority with every shape the rules treat specially (synthetic_authority.h):
// about 1,300 entries into care over 8 years, a few hundred looked after at a time.
const PlacementData& SyntheticData() {
  static const PlacementData* const data = new PlacementData(AssemblePlacementData(
      SyntheticAuthority(903).Generate(Date(2009, 4, 1), Date(2017, 3, 31), 160)));
  return *data;
}

int CellsPerMonth() {
  int cells = 0;
  const cv1::ListMeasuresResponse catalogue = PlacementMeasures().List();
  for (const cv1::MeasureDescriptor& m : catalogue.measures()) {
    cells += m.bases_size();
  }
  return cells;
}

TEST(PlacementDrillDownTest, CasesAddUpToEveryFigureForAYearAllTeams) {
  const testing::DrillDownCheckSummary summary =
      testing::ExpectCasesAddUp(PlacementMeasures(), SyntheticData(), Month(2016, 4),
                                Month(2017, 3), WorkingDayCalendar::EnglandAndWales());
  EXPECT_EQ(summary.cells, 12 * CellsPerMonth());
  // Nearly every cell lists cases. The synthetic carers are approved up to December 2016,
  // so January-March 2017 months and quarters of approvals are empty (about 20 cells).
  EXPECT_GE(summary.cells_with_cases, summary.cells * 90 / 100)
      << summary.cells_with_cases << " of " << summary.cells;
}

// Carer approvals belong to no team: under a team, 3 measures x 4 bases x 12 months list
// nothing.
constexpr int kCarerCellsPerYear = 3 * 4 * 12;

TEST(PlacementDrillDownTest, CasesAddUpToEveryFigureForAYearOneTeam) {
  // CLA holds nine children in ten.
  const testing::DrillDownCheckSummary summary =
      testing::ExpectCasesAddUp(PlacementMeasures(), SyntheticData(), Month(2016, 4),
                                Month(2017, 3), WorkingDayCalendar::EnglandAndWales(), "CLA");
  EXPECT_EQ(summary.cells, 12 * CellsPerMonth());
  EXPECT_GE(summary.cells_with_cases, (summary.cells - kCarerCellsPerYear) * 90 / 100)
      << summary.cells_with_cases << " of " << summary.cells;
}

TEST(PlacementDrillDownTest, CasesAddUpToEveryFigureForAYearSmallTeam) {
  // DCT holds one child in ten: adoptions and concluded proceedings are rare in its months.
  const testing::DrillDownCheckSummary summary =
      testing::ExpectCasesAddUp(PlacementMeasures(), SyntheticData(), Month(2016, 4),
                                Month(2017, 3), WorkingDayCalendar::EnglandAndWales(), "DCT");
  EXPECT_EQ(summary.cells, 12 * CellsPerMonth());
  EXPECT_GE(summary.cells_with_cases, (summary.cells - kCarerCellsPerYear) * 70 / 100)
      << summary.cells_with_cases << " of " << summary.cells;
}

// Every row of the looked-after figures with a deadline carries it, and one overdue at the
// end of the month says by how many days and why; one in the numerator is not overdue.
TEST(PlacementDrillDownTest, DeadlineRowsCarryDueDatesAndDaysOverdue) {
  const std::vector<MeasureFn> with_deadlines = {
      LacReviewsOnTime,        LacVisitsWithinTimescale,
      HealthAssessmentsOnTime, HealthAssessmentsOverdue,
      DentalChecksOnTime,      Oc2HealthOnTime,
      Oc2HealthOverdue,        InitialHealthAssessmentsOnTime};
  int overdue_rows = 0;
  for (Month m = Month(2016, 4); m <= Month(2017, 3); ++m) {
    for (MeasureFn measure : with_deadlines) {
      const bool overdue_count = measure == HealthAssessmentsOverdue || measure == Oc2HealthOverdue;
      const cv1::Basis basis =
          measure == InitialHealthAssessmentsOnTime ? cv1::BASIS_YTD : cv1::BASIS_SNAPSHOT;
      const Drilled drilled = DrillDown(measure, SyntheticData(), Context(m, basis));
      std::set<std::string> children;
      for (const CaseRow& row : drilled.rows) {
        const std::string where = row.subject_id + " " + FormatMonth(m);
        // A visit has no due day only when the child was never seen and has no placement,
        // which the synthetic data never has.
        ASSERT_TRUE(row.due.has_value()) << where;
        const bool late = overdue_count ? row.in_numerator : !row.in_numerator;
        EXPECT_EQ(late, !row.reason.empty() && row.reason != "new-placement") << where;
        if (late) {
          ++overdue_rows;
          ASSERT_TRUE(row.days_overdue.has_value()) << where << " " << row.reason;
          EXPECT_GT(*row.days_overdue, 0) << where;
        } else {
          EXPECT_FALSE(row.days_overdue.has_value()) << where;
          // Still to come at month end (an initial assessment held in time is done).
          if (measure != InitialHealthAssessmentsOnTime) {
            EXPECT_GE(*row.due, LastDayOf(m)) << where;
          }
        }
        // Snapshot figures count each child once.
        if (basis == cv1::BASIS_SNAPSHOT) {
          EXPECT_TRUE(children.insert(row.subject_id).second) << where << " listed twice";
        }
      }
    }
  }
  EXPECT_GT(overdue_rows, 100);
}

// The OC2 outcome figures list their cohort every month (the consistency checks above add
// them up): each row not in the numerator says why, each names its OC2 record when there is
// one, and under a team every row is that team's at the census day.
TEST(PlacementDrillDownTest, Oc2OutcomeRowsSayWhyAChildIsNotCounted) {
  int rows_seen = 0;
  for (Month m = Month(2016, 4); m <= Month(2017, 3); ++m) {
    for (MeasureFn measure :
         {Oc2HealthAssessmentUpToDate, Oc2TeethChecked, Oc2ImmunisationsUpToDate}) {
      for (const std::string team : {"", "DCT"}) {
        const Drilled drilled = DrillDown(measure, SyntheticData(), Snapshot(m, team));
        ASSERT_FALSE(drilled.rows.empty()) << FormatMonth(m) << " " << team;
        for (const CaseRow& row : drilled.rows) {
          ++rows_seen;
          EXPECT_EQ(row.in_numerator, row.reason.empty()) << row.subject_id;
          EXPECT_EQ(row.record_id.empty(), row.reason == "no-oc2-record") << row.subject_id;
          if (!team.empty()) {
            EXPECT_EQ(row.team, team) << row.subject_id;
          }
        }
      }
    }
  }
  EXPECT_GT(rows_seen, 1000);
}

// Rows about one record name it, so it can be found in the case management system.
TEST(PlacementDrillDownTest, RowsNameTheirSourceRecords) {
  const Month march(2017, 3);
  for (MeasureFn measure :
       {ProceedingsWithin26Weeks, PreProceedingsOpen, AdoptionA1Days, FosterCarersApproved}) {
    const Drilled drilled =
        DrillDown(measure, SyntheticData(), Context(march, cv1::BASIS_ROLLING_12_MONTHS));
    ASSERT_FALSE(drilled.rows.empty());
    for (const CaseRow& row : drilled.rows) EXPECT_FALSE(row.record_id.empty()) << row.subject_id;
  }
  // A health-assessment row names the assessment that set its due date; only one with
  // none in the period (due from entering care) names none.
  const Drilled health = DrillDown(HealthAssessmentsOnTime, SyntheticData(), Snapshot(march));
  int named = 0;
  for (const CaseRow& row : health.rows) {
    if (row.reason == "health-assessment-overdue") {
      EXPECT_FALSE(row.record_id.empty()) << row.subject_id;
    }
    if (row.record_id.empty()) continue;
    EXPECT_EQ(row.record_id.rfind("health-", 0), 0u) << row.subject_id << " " << row.record_id;
    EXPECT_NE(row.reason, "no-health-assessment") << row.subject_id;
    ++named;
  }
  EXPECT_GT(named, static_cast<int>(health.rows.size()) / 2);
}

// ---- hand-worked rows -------------------------------------------------------------------

// Visits at Wed 31/05/2017, 6-weekly (42 days).
TEST(PlacementDrillDownTest, VisitsListWhoWasNotSeenWithDueDates) {
  ChildFacts in_time = Child("in_time", {Episode(Date(2017, 3, 6), kOpen)});
  in_time.visit_dates = {Date(2017, 3, 20), Date(2017, 4, 20)};
  in_time.visit_ids = {"v-1", "v-2"};
  // Seen 10/04: due 10/04 + 42 = 22/05 (20 days of April + 22 of May); 9 days overdue.
  ChildFacts overdue = Child("overdue", {Episode(Date(2017, 3, 6), kOpen)});
  overdue.visit_dates = {Date(2017, 4, 10)};
  overdue.visit_ids = {"v-3"};
  // Placed Tue 02/05, never seen: the first visit was due Tue 09/05; 22 days overdue.
  ChildFacts never_seen = Child("never_seen", {Episode(Date(2017, 5, 2), kOpen)});
  // Seen 01/04 (due 13/05), moved Sat 27/05: first visit there due Sat 03/06, so in time.
  ChildFacts moved = Child("moved", {FollowedOn(Date(2017, 3, 6), Date(2017, 5, 27)),
                                     Episode(Date(2017, 5, 27), kOpen, "P")});
  moved.visit_dates = {Date(2017, 4, 1)};
  moved.visit_ids = {"v-4"};
  const PlacementData data = Data({in_time, overdue, never_seen, moved});

  const Drilled visits = DrillDown(LacVisitsWithinTimescale, data, Snapshot(Month(2017, 5)));
  EXPECT_EQ(visits.figure.numerator, 2);
  EXPECT_EQ(visits.figure.denominator, 4);
  EXPECT_EQ(SubjectIds(visits.rows),
            (std::vector<std::string>{"in_time", "moved", "never_seen", "overdue"}));

  const CaseRow& a = RowOf(visits.rows, "in_time");
  EXPECT_TRUE(a.in_numerator);
  EXPECT_EQ(a.start, Date(2017, 4, 20));
  EXPECT_EQ(a.due, Date(2017, 6, 1));  // 20/04 + 42: 10 days of April, 31 of May, 1 June
  EXPECT_EQ(a.days_taken, 41);         // 20/04 to 31/05
  EXPECT_FALSE(a.days_overdue.has_value());
  EXPECT_EQ(a.record_id, "v-2");
  EXPECT_EQ(a.reason, "");

  const CaseRow& b = RowOf(visits.rows, "overdue");
  EXPECT_FALSE(b.in_numerator);
  EXPECT_EQ(b.due, Date(2017, 5, 22));
  EXPECT_EQ(b.days_overdue, 9);
  EXPECT_EQ(b.reason, "visit-overdue");
  EXPECT_EQ(b.record_id, "v-3");

  const CaseRow& c = RowOf(visits.rows, "never_seen");
  EXPECT_FALSE(c.in_numerator);
  EXPECT_EQ(c.start, Date(2017, 5, 2));
  EXPECT_EQ(c.due, Date(2017, 5, 9));
  EXPECT_EQ(c.days_overdue, 22);
  EXPECT_EQ(c.reason, "not-seen");
  EXPECT_EQ(c.record_id, "");

  const CaseRow& d = RowOf(visits.rows, "moved");
  EXPECT_TRUE(d.in_numerator);
  EXPECT_EQ(d.start, Date(2017, 5, 27));
  EXPECT_EQ(d.due, Date(2017, 6, 3));
  EXPECT_EQ(d.reason, "new-placement");
  EXPECT_EQ(d.record_id, "v-4");  // the last visit, before the move

  // Nothing is noted without a case list (GetMeasures), and the figure is the same.
  const Fraction plain = LacVisitsWithinTimescale(data, Snapshot(Month(2017, 5)));
  EXPECT_EQ(plain.numerator, visits.figure.numerator);
  EXPECT_EQ(plain.denominator, visits.figure.denominator);
}

// Reviews at Fri 30/06/2017. Entering care Mon 22/05/2017, the first review is due on the
// 20th working day after: 23-26/05 (4), Mon 29/05 a bank holiday, 30/05-02/06 (8), 05-09/06
// (13), 12-16/06 (18), 19/06 (19), Tue 20/06 (20).
TEST(PlacementDrillDownTest, ReviewsListTheDeadlineMissedAcrossABankHoliday) {
  const std::vector<EpisodeFacts> since_22_may = {Episode(Date(2017, 5, 22), kOpen)};
  ChildFacts not_reviewed = Child("not_reviewed", since_22_may);
  ChildFacts late = Child("late", since_22_may, {Date(2017, 6, 22)});
  late.review_ids = {"r-late"};
  ChildFacts on_time = Child("on_time", since_22_may, {Date(2017, 6, 20)});
  on_time.review_ids = {"r-first"};
  // Entered Mon 06/03/2017: first due Mon 03/04 (6-31 March has 19 working days after the
  // 6th, no bank holiday). Reviewed 30/03 (on time), then 29/06 (within 3 months: due 30/06);
  // the next is due 6 months after the second: 29/12/2017.
  ChildFacts second =
      Child("second", {Episode(Date(2017, 3, 6), kOpen)}, {Date(2017, 3, 30), Date(2017, 6, 29)});
  second.review_ids = {"r-a", "r-b"};
  // Entered 12/06/2017: first review due in July, so not yet counted.
  ChildFacts not_due = Child("not_due", {Episode(Date(2017, 6, 12), kOpen)});
  const PlacementData data = Data({not_reviewed, late, on_time, second, not_due});

  const Drilled reviews = DrillDown(LacReviewsOnTime, data, Snapshot(Month(2017, 6)));
  EXPECT_EQ(reviews.figure.numerator, 2);
  EXPECT_EQ(reviews.figure.denominator, 4);
  EXPECT_EQ(SubjectIds(reviews.rows),
            (std::vector<std::string>{"late", "not_reviewed", "on_time", "second"}));

  const CaseRow& missing = RowOf(reviews.rows, "not_reviewed");
  EXPECT_FALSE(missing.in_numerator);
  EXPECT_EQ(missing.start, Date(2017, 5, 22));
  EXPECT_EQ(missing.due, Date(2017, 6, 20));
  EXPECT_FALSE(missing.end.has_value());
  EXPECT_EQ(missing.days_overdue, 10);
  EXPECT_EQ(missing.reason, "review-overdue");

  const CaseRow& held_late = RowOf(reviews.rows, "late");
  EXPECT_EQ(held_late.due, Date(2017, 6, 20));
  EXPECT_EQ(held_late.end, Date(2017, 6, 22));
  EXPECT_EQ(held_late.days_overdue, 2);
  EXPECT_EQ(held_late.reason, "review-late");
  EXPECT_EQ(held_late.record_id, "r-late");

  const CaseRow& first = RowOf(reviews.rows, "on_time");
  EXPECT_TRUE(first.in_numerator);
  EXPECT_EQ(first.due, Date(2017, 9, 20));  // 3 months after the first review
  EXPECT_EQ(first.record_id, "r-first");

  const CaseRow& later = RowOf(reviews.rows, "second");
  EXPECT_TRUE(later.in_numerator);
  EXPECT_EQ(later.due, Date(2017, 12, 29));
  EXPECT_EQ(later.record_id, "r-b");
}

// Initial health assessments, April-May 2017 to date. Entering care Mon 03/04/2017, the 20th
// working day after is Thu 04/05: 04-07/04 (4), 10-13/04 (8), Good Friday and Easter Monday,
// 18-21/04 (12), 24-28/04 (17), Mon 01/05 a bank holiday, 02-04/05 (20).
TEST(PlacementDrillDownTest, InitialHealthAssessmentsInWorkingDaysOverEaster) {
  const std::vector<EpisodeFacts> from_3_april = {Episode(Date(2017, 4, 3), kOpen)};
  ChildFacts on_time = Child("on_time", from_3_april);
  on_time.health_assessment_dates = {Date(2017, 5, 4)};
  on_time.health_assessment_ids = {"iha-1"};
  ChildFacts late = Child("late", from_3_april);
  late.health_assessment_dates = {Date(2017, 5, 5)};
  late.health_assessment_ids = {"iha-2"};
  ChildFacts none = Child("none", from_3_april);
  // Entered 22/05: due 20/06, after 31/05, and none held: not yet counted.
  ChildFacts not_due = Child("not_due", {Episode(Date(2017, 5, 22), kOpen)});
  const PlacementData data = Data({on_time, late, none, not_due});

  const Drilled iha =
      DrillDown(InitialHealthAssessmentsOnTime, data, Context(Month(2017, 5), cv1::BASIS_YTD));
  EXPECT_EQ(iha.figure.numerator, 1);
  EXPECT_EQ(iha.figure.denominator, 3);
  EXPECT_EQ(SubjectIds(iha.rows), (std::vector<std::string>{"late", "none", "on_time"}));

  const CaseRow& a = RowOf(iha.rows, "on_time");
  EXPECT_TRUE(a.in_numerator);
  EXPECT_EQ(a.start, Date(2017, 4, 3));
  EXPECT_EQ(a.due, Date(2017, 5, 4));
  EXPECT_EQ(a.end, Date(2017, 5, 4));
  EXPECT_EQ(a.days_taken, 20);
  EXPECT_EQ(a.record_id, "iha-1");

  const CaseRow& b = RowOf(iha.rows, "late");
  EXPECT_FALSE(b.in_numerator);
  EXPECT_EQ(b.end, Date(2017, 5, 5));
  EXPECT_EQ(b.days_taken, 21);
  EXPECT_EQ(b.days_overdue, 1);
  EXPECT_EQ(b.reason, "held-late");

  // None by Wed 31/05: 27 days past Thu 04/05; working days since entry: 20 to 04/05, Fri
  // 05/05 (21), 08-12/05 (26), 15-19/05 (31), 22-26/05 (36), Mon 29/05 a bank holiday,
  // 30-31/05 (38).
  const CaseRow& c = RowOf(iha.rows, "none");
  EXPECT_FALSE(c.in_numerator);
  EXPECT_FALSE(c.end.has_value());
  EXPECT_EQ(c.days_taken, 38);
  EXPECT_EQ(c.days_overdue, 27);
  EXPECT_EQ(c.reason, "no-health-assessment");
}

// Health assessments at Wed 31/05/2017 (children over 5: yearly).
TEST(PlacementDrillDownTest, OverdueHealthAssessmentsListOnlyTheOverdue) {
  // Assessed 10/03/2016: due 10/03/2017, 82 days before 31/05 (21 + 30 + 31).
  ChildFacts yearly = Child("yearly", {Episode(Date(2016, 1, 4), kOpen)});
  yearly.birth_date = Date(2005, 1, 1);
  yearly.health_assessment_dates = {Date(2016, 3, 10)};
  yearly.health_assessment_ids = {"ha-1"};
  // Entered Fri 28/04/2017, none held: the 20th working day after is Tue 30/05 (Mon 01/05
  // and Mon 29/05 bank holidays): 1 day overdue.
  ChildFacts entered_28_april = Child("entered_28_april", {Episode(Date(2017, 4, 28), kOpen)});
  // Entered Tue 02/05/2017: due the 20th working day after, Wed 31/05: due today, not late.
  ChildFacts entered_2_may = Child("entered_2_may", {Episode(Date(2017, 5, 2), kOpen)});
  const PlacementData data = Data({yearly, entered_28_april, entered_2_may});

  const Drilled overdue = DrillDown(HealthAssessmentsOverdue, data, Snapshot(Month(2017, 5)));
  EXPECT_EQ(overdue.figure.numerator, 2);
  EXPECT_EQ(SubjectIds(overdue.rows), (std::vector<std::string>{"entered_28_april", "yearly"}));
  const CaseRow& y = RowOf(overdue.rows, "yearly");
  EXPECT_TRUE(y.in_numerator);
  EXPECT_FALSE(y.in_denominator);  // a count: no denominator of cases
  EXPECT_EQ(y.start, Date(2016, 3, 10));
  EXPECT_EQ(y.due, Date(2017, 3, 10));
  EXPECT_EQ(y.days_overdue, 82);
  EXPECT_EQ(y.reason, "health-assessment-overdue");
  EXPECT_EQ(y.record_id, "ha-1");
  const CaseRow& e = RowOf(overdue.rows, "entered_28_april");
  EXPECT_EQ(e.start, Date(2017, 4, 28));
  EXPECT_EQ(e.due, Date(2017, 5, 30));
  EXPECT_EQ(e.days_overdue, 1);
  EXPECT_EQ(e.reason, "no-health-assessment");

  // The on-time figure lists all three, the one due today in its numerator.
  const Drilled on_time = DrillDown(HealthAssessmentsOnTime, data, Snapshot(Month(2017, 5)));
  EXPECT_EQ(on_time.figure.numerator, 1);
  EXPECT_EQ(on_time.figure.denominator, 3);
  const CaseRow& today = RowOf(on_time.rows, "entered_2_may");
  EXPECT_TRUE(today.in_numerator);
  EXPECT_EQ(today.due, Date(2017, 5, 31));
  EXPECT_FALSE(today.days_overdue.has_value());
}

// Dental checks at Wed 31/05/2017: yearly from the last in the period, or from entering care.
TEST(PlacementDrillDownTest, DentalChecksListTheOverdue) {
  ChildFacts checked = Child("checked", {Episode(Date(2016, 3, 1), kOpen)});
  checked.dental_check_dates = {Date(2016, 5, 20)};
  checked.dental_check_ids = {"dc-1"};
  ChildFacts never = Child("never", {Episode(Date(2016, 5, 2), kOpen)});
  ChildFacts recent = Child("recent", {Episode(Date(2016, 7, 1), kOpen)});
  const PlacementData data = Data({checked, never, recent});

  const Drilled dental = DrillDown(DentalChecksOnTime, data, Snapshot(Month(2017, 5)));
  EXPECT_EQ(dental.figure.numerator, 1);
  EXPECT_EQ(dental.figure.denominator, 3);
  const CaseRow& c = RowOf(dental.rows, "checked");
  EXPECT_EQ(c.due, Date(2017, 5, 20));
  EXPECT_EQ(c.days_overdue, 11);
  EXPECT_EQ(c.reason, "dental-check-overdue");
  EXPECT_EQ(c.record_id, "dc-1");
  const CaseRow& n = RowOf(dental.rows, "never");
  EXPECT_EQ(n.due, Date(2017, 5, 2));  // 12 months after entering care
  EXPECT_EQ(n.days_overdue, 29);
  EXPECT_EQ(n.reason, "no-dental-check");
  const CaseRow& r = RowOf(dental.rows, "recent");
  EXPECT_TRUE(r.in_numerator);
  EXPECT_EQ(r.due, Date(2017, 7, 1));
}

// Proceedings concluded in October 2017. Issued Tue 04/04/2017, the 26 weeks beginning that
// day end Mon 02/10/2017 (04/04 + 181 days).
TEST(PlacementDrillDownTest, ProceedingsCarryWeeksAndTheTwentySixWeekDeadline) {
  ChildFacts over = Child("over", {});
  over.proceedings = {{Date(2017, 4, 4), Date(2017, 10, 3), "cp-1"}};  // 182 days: 26.0 weeks
  ChildFacts within = Child("within", {});
  within.proceedings = {{Date(2017, 4, 4), Date(2017, 10, 2), "cp-2"}};  // 181 days
  const PlacementData data = Data({over, within});
  const MeasureContext october = Context(Month(2017, 10), cv1::BASIS_MONTH);

  const Drilled percent = DrillDown(ProceedingsWithin26Weeks, data, october);
  const CaseRow& o = RowOf(percent.rows, "over");
  EXPECT_FALSE(o.in_numerator);
  EXPECT_EQ(o.start, Date(2017, 4, 4));
  EXPECT_EQ(o.end, Date(2017, 10, 3));
  EXPECT_EQ(o.due, Date(2017, 10, 2));
  EXPECT_EQ(o.days_overdue, 1);
  EXPECT_DOUBLE_EQ(*o.days_taken, 26.0);
  EXPECT_EQ(o.reason, "over-26w");
  EXPECT_EQ(o.record_id, "cp-1");
  EXPECT_TRUE(RowOf(percent.rows, "within").in_numerator);

  // The average's rows carry their weeks: (26 + 181/7) / 2.
  const Drilled weeks = DrillDown(ProceedingsWeeks, data, october);
  ASSERT_EQ(weeks.rows.size(), 2u);
  EXPECT_DOUBLE_EQ(*RowOf(weeks.rows, "over").amount, 26.0);
  EXPECT_DOUBLE_EQ(*RowOf(weeks.rows, "within").amount, 181.0 / 7);
  EXPECT_DOUBLE_EQ(weeks.figure.numerator, 26.0 + 181.0 / 7);
}

// A2 for a child matched before the placement order counts 0 days, and says so.
TEST(PlacementDrillDownTest, AdoptionRowsCarryTheirDays) {
  ChildFacts q = Child("q", {Episode(Date(2015, 1, 15), Date(2016, 3, 10), "S", "C2", "A6")});
  AdoptionFacts a;
  a.placement_order_date = Date(2015, 8, 20);
  a.matched_date = Date(2015, 8, 1);
  a.placed_date = Date(2015, 9, 15);
  a.adoption_order_date = Date(2016, 3, 10);
  a.record_id = "ad-q";
  q.adoptions = {a};
  const PlacementData data = Data({q});
  const MeasureContext year = Context(Month(2016, 3), cv1::BASIS_YTD);

  const Drilled a2 = DrillDown(AdoptionA2Days, data, year);
  ASSERT_EQ(a2.rows.size(), 1u);
  EXPECT_EQ(a2.rows[0].start, Date(2015, 8, 20));
  EXPECT_EQ(a2.rows[0].end, Date(2015, 8, 1));
  EXPECT_EQ(a2.rows[0].amount, 0);
  EXPECT_EQ(a2.rows[0].reason, "counted-as-0");
  EXPECT_EQ(a2.rows[0].record_id, "ad-q");

  // A1: 15/01/2015 to 15/09/2015: 16 + 28 + 31 + 30 + 31 + 30 + 31 + 31 + 15 = 243 days.
  const Drilled a1 = DrillDown(AdoptionA1Days, data, year);
  ASSERT_EQ(a1.rows.size(), 1u);
  EXPECT_EQ(a1.rows[0].days_taken, 243);
  EXPECT_EQ(a1.rows[0].amount, 243);
  EXPECT_EQ(a1.rows[0].reason, "");
}

TEST(PlacementDrillDownTest, CarerApprovalsAreListedByCarerRecord) {
  PlacementData data;
  // Approvals sent without a carer id (placement_history_test.cc covers those with one).
  data.foster_carer_approvals = {{Date(2017, 3, 15), "fc-1", ""}, {Date(2017, 4, 1), "fc-2", ""}};
  const Drilled march =
      DrillDown(FosterCarersApproved, data, Context(Month(2017, 3), cv1::BASIS_MONTH));
  ASSERT_EQ(march.rows.size(), 1u);
  EXPECT_EQ(march.rows[0].subject_kind, cv1::SUBJECT_KIND_CARER);
  EXPECT_EQ(march.rows[0].subject_id, "fc-1");
  EXPECT_EQ(march.rows[0].start, Date(2017, 3, 15));
  EXPECT_FALSE(march.rows[0].in_denominator);
  // Under a team: none, as the figure.
  EXPECT_TRUE(
      DrillDown(FosterCarersApproved, data, Context(Month(2017, 3), cv1::BASIS_MONTH, "DCT"))
          .rows.empty());
}

}  // namespace
}  // namespace scorecard::placement
