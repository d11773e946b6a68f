// Drill-down for the workforce measures: the cases each figure lists add up to it, over a
// varied synthetic authority, and hand-worked lists for representative measures (expected
// rows worked out by hand in the comments from the rules in COUNTING.md).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/measures/drill_down.h"
#include "common/measures/measure_registry.h"
#include "common/records/proto_date.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/workforce/workforce_measures.h"
#include "tests/common/measures/drill_down_check.h"
#include "tests/services/workforce/workforce_synthetic_data.h"
#include "tests/services/workforce/workforce_test_data.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::scorecard::workforce::testing::Absence;
using ::scorecard::workforce::testing::Agency;
using ::scorecard::workforce::testing::Allocation;
using ::scorecard::workforce::testing::Manager;
using ::scorecard::workforce::testing::Permanent;
using ::scorecard::workforce::testing::Session;
using ::scorecard::workforce::testing::SyntheticWorkforce;
using ::testing::ElementsAre;
using ::testing::Optional;

// --- Consistency over a varied authority ------------------------------------------------

// The synthetic authority (120 posts in 4 teams) made more varied: children passed between
// workers (each child has three or four allocations spread over the years), people leaving
// on a month end (in post that day, and leavers), team moves and
// agency-to-permanent conversions, census sickness totals (some replaced by recorded
// absences), an unattributed vacancy return and a case holder with no team.
WorkforceData VariedAuthority() {
  WorkforceData data = SyntheticWorkforce(/*posts=*/120, /*teams=*/4);
  const size_t children = data.case_allocations.size() * 2 / 7;
  for (size_t i = 0; i < data.case_allocations.size(); ++i) {
    data.case_allocations[i].child_id = absl::StrCat("C", i % children + 1);
  }
  const size_t roles = data.workers.size();
  data.workers.reserve(2 * roles + 1);  // `w` below stays valid as roles are added
  for (size_t i = 0; i < roles; ++i) {
    WorkerFacts& w = data.workers[i];
    // Some leave on a month's last day: leavers in post at the month end.
    if (w.end_date.has_value() && i % 3 == 0) w.end_date = LastDayOf(Month(*w.end_date));
    if (w.end_date.has_value() || w.start_date >= Date(2016, 1, 1)) continue;
    if (w.employment == Employment::kPermanent && i % 7 == 0) {
      // A team move on 1 August 2016.
      WorkerFacts moved = w;
      w.end_date = Date(2016, 7, 31);
      moved.start_date = Date(2016, 8, 1);
      moved.team = w.team == "T0" ? "T1" : "T0";
      moved.record_id = absl::StrCat(w.record_id, "-moved");
      data.workers.push_back(moved);
    } else if (w.employment == Employment::kAgency && i % 2 == 0) {
      // Taken on permanently from 15 October 2016.
      WorkerFacts permanent = w;
      w.end_date = Date(2016, 10, 14);
      permanent.employment = Employment::kPermanent;
      permanent.start_date = Date(2016, 10, 15);
      permanent.record_id = absl::StrCat(w.record_id, "-permanent");
      data.workers.push_back(permanent);
    }
  }
  for (int i = 1; i <= 40; i += 3) {
    data.sickness_days_lost_returns.push_back(
        {absl::StrCat("W", i), DateRange{Date(2015, 10, 1), Date(2016, 9, 30)}, 0.5 * i,
         absl::StrCat("RT", i)});
  }
  data.vacancies.push_back({"", Date(2016, 9, 30), 1.5, "VC-LA"});
  WorkerFacts no_team = Permanent("W-NT", Date(2015, 1, 5), std::nullopt, 1.0, "");
  no_team.record_id = "WR-NT";
  data.workers.push_back(no_team);
  for (Month m(2016, 4); m <= Month(2017, 3); m += 2) {
    data.supervisions.push_back(Session("W-NT", FirstDayOf(m) + 9));
  }
  IndexWorkforceData(data);  // so the shared figures' cache is in play, as in the server
  return data;
}

TEST(WorkforceDrillDownTest, EveryMeasuresCasesAddUpOverAFinancialYear) {
  const WorkforceData data = VariedAuthority();
  const ::scorecard::testing::DrillDownCheckSummary all_teams =
      ::scorecard::testing::ExpectCasesAddUp(WorkforceMeasures(), data, Month(2016, 4),
                                             Month(2017, 3), WorkingDayCalendar::EnglandAndWales());
  // 24 measure-bases (starters, leavers and sickness on four bases) x 12 months.
  EXPECT_EQ(all_teams.cells, 24 * 12);
  EXPECT_GE(all_teams.cells_with_cases, all_teams.cells * 95 / 100);

  const ::scorecard::testing::DrillDownCheckSummary one_team =
      ::scorecard::testing::ExpectCasesAddUp(WorkforceMeasures(), data, Month(2016, 4),
                                             Month(2017, 3), WorkingDayCalendar::EnglandAndWales(),
                                             "T1");
  EXPECT_EQ(one_team.cells, 24 * 12);
  EXPECT_GE(one_team.cells_with_cases, one_team.cells * 3 / 4);
}

// --- Hand-worked lists ------------------------------------------------------------------

DrillDownResult Drill(const WorkforceData& data, const std::string& measure, Month month,
                      cv1::Basis basis = cv1::BASIS_UNSPECIFIED, const std::string& team = "") {
  cv1::DrillDownRequest request;
  request.set_authority("869");
  request.set_measure_id(measure);
  *request.mutable_month() = ToProtoMonth(month);
  request.set_basis(basis);
  request.set_team(team);
  absl::StatusOr<MeasureQuery> query = WorkforceMeasures().PrepareDrillDown(request);
  EXPECT_TRUE(query.ok()) << query.status();
  if (!query.ok()) return DrillDownResult();
  return WorkforceMeasures().DrillDown(data, *query, WorkingDayCalendar::EnglandAndWales());
}

std::vector<std::string> SubjectIds(const DrillDownResult& result) {
  std::vector<std::string> ids;
  for (const CaseRow& row : result.cases) ids.push_back(row.subject_id);
  return ids;
}

// The one row for `subject` (failing the test when there is not exactly one).
CaseRow RowOf(const DrillDownResult& result, const std::string& subject) {
  const auto matches = [&](const CaseRow& row) { return row.subject_id == subject; };
  EXPECT_EQ(std::count_if(result.cases.begin(), result.cases.end(), matches), 1) << subject;
  auto it = std::find_if(result.cases.begin(), result.cases.end(), matches);
  return it == result.cases.end() ? CaseRow() : *it;
}

WorkerFacts WithRecord(WorkerFacts w, std::string record_id) {
  w.record_id = std::move(record_id);
  return w;
}

TEST(SicknessDrillDownTest, ChristmasAbsenceListsWorkingDaysLostAroundTheBankHolidays) {
  // W1 (0.5 FTE, team A) off Fri 23/12/2016 to Tue 03/01/2017. December's working days in
  // it: 23, 28, 29, 30 (24-25 and 31 weekends, 26 and 27 bank holidays) = 4 days, 2.0 FTE
  // days; still off at 31/12, so no end date in December. January: 03 only (01 a Sunday,
  // 02 the New Year bank holiday) = 1 day, 0.5 FTE days, ended 03/01.
  // W2 (1.0, team B) off half of Wed 28/12/2016: 0.5 days, 0.5 FTE days.
  // W3 (1.0, team A) off Mon 26 and Tue 27/12/2016, both bank holidays: nothing lost, not
  // listed. December: 2.0 + 0.5 = 2.5.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2015, 1, 5), std::nullopt, 0.5, "A"),
                  Permanent("W2", Date(2015, 1, 5), std::nullopt, 1.0, "B"),
                  Permanent("W3", Date(2015, 1, 5), std::nullopt, 1.0, "A")};
  data.sickness_absences = {Absence("W1", Date(2016, 12, 23), Date(2017, 1, 3)),
                            Absence("W2", Date(2016, 12, 28), Date(2016, 12, 28), 0.5),
                            Absence("W3", Date(2016, 12, 26), Date(2016, 12, 27))};
  data.sickness_absences[0].record_id = "AB1";

  const DrillDownResult december =
      Drill(data, "workforce.sickness_days_lost", Month(2016, 12), cv1::BASIS_MONTH);
  EXPECT_DOUBLE_EQ(december.value.numerator(), 2.5);
  ASSERT_THAT(SubjectIds(december), ElementsAre("W1", "W2"));
  const CaseRow w1 = december.cases[0];
  EXPECT_EQ(w1.subject_kind, cv1::SUBJECT_KIND_WORKER);
  EXPECT_TRUE(w1.in_numerator);
  EXPECT_FALSE(w1.in_denominator);
  EXPECT_EQ(w1.start, Date(2016, 12, 23));
  EXPECT_FALSE(w1.end.has_value());
  EXPECT_THAT(w1.days_taken, Optional(4.0));
  EXPECT_THAT(w1.amount, Optional(2.0));
  EXPECT_EQ(w1.team, "A");
  EXPECT_EQ(w1.record_id, "AB1");
  const CaseRow w2 = december.cases[1];
  EXPECT_EQ(w2.end, Date(2016, 12, 28));
  EXPECT_THAT(w2.days_taken, Optional(0.5));
  EXPECT_THAT(w2.amount, Optional(0.5));
  EXPECT_EQ(w2.team, "B");

  const DrillDownResult january =
      Drill(data, "workforce.sickness_days_lost", Month(2017, 1), cv1::BASIS_MONTH);
  ASSERT_THAT(SubjectIds(january), ElementsAre("W1"));
  EXPECT_EQ(january.cases[0].end, Date(2017, 1, 3));
  EXPECT_THAT(january.cases[0].days_taken, Optional(1.0));
  EXPECT_THAT(january.cases[0].amount, Optional(0.5));

  // Team B's December: W2 alone.
  const DrillDownResult team_b =
      Drill(data, "workforce.sickness_days_lost", Month(2016, 12), cv1::BASIS_MONTH, "B");
  EXPECT_THAT(SubjectIds(team_b), ElementsAre("W2"));
  EXPECT_DOUBLE_EQ(team_b.value.numerator(), 0.5);
}

TEST(SicknessDrillDownTest, CensusTotalsAreListedCountedOrReplaced) {
  // Rolling 12 months at September 2016 = 01/10/2015..30/09/2016, the census year. W4 has
  // only a census total (3.5 days): counted. W5 has a census total (2 days) and a recorded
  // absence on Mon 07/03/2016 (1 day, 1.0 FTE): the absence replaces the total.
  // Numerator 3.5 + 1 = 4.5. Quarter Jul-Sep 2016 holds neither (no total fits inside).
  WorkforceData data;
  data.workers = {Permanent("W4", Date(2015, 1, 5)), Permanent("W5", Date(2015, 1, 5))};
  data.sickness_absences = {Absence("W5", Date(2016, 3, 7), Date(2016, 3, 7))};
  const DateRange census_year{Date(2015, 10, 1), Date(2016, 9, 30)};
  data.sickness_days_lost_returns = {{"W4", census_year, 3.5, "RT1"},
                                     {"W5", census_year, 2.0, "RT2"}};

  const DrillDownResult year = Drill(data, "workforce.sickness_days_lost", Month(2016, 9),
                                     cv1::BASIS_ROLLING_12_MONTHS);
  EXPECT_DOUBLE_EQ(year.value.numerator(), 4.5);
  // Sorted by worker, then start: W5's census year (01/10/2015) before its absence.
  ASSERT_THAT(SubjectIds(year), ElementsAre("W4", "W5", "W5"));
  EXPECT_TRUE(year.cases[0].in_numerator);
  EXPECT_THAT(year.cases[0].amount, Optional(3.5));
  EXPECT_EQ(year.cases[0].reason, "census-total");
  EXPECT_EQ(year.cases[0].record_id, "RT1");
  EXPECT_FALSE(year.cases[1].in_numerator);
  EXPECT_EQ(year.cases[1].reason, "absences-recorded");
  EXPECT_EQ(year.cases[1].start, Date(2015, 10, 1));
  EXPECT_EQ(year.cases[1].end, Date(2016, 9, 30));
  EXPECT_THAT(year.cases[1].days_taken, Optional(2.0));
  EXPECT_TRUE(year.cases[2].in_numerator);
  EXPECT_EQ(year.cases[2].start, Date(2016, 3, 7));
  EXPECT_THAT(year.cases[2].amount, Optional(1.0));

  EXPECT_TRUE(Drill(data, "workforce.sickness_days_lost", Month(2016, 9), cv1::BASIS_QUARTER)
                  .cases.empty());
}

// Rolling 12 months at March 2017: 01/04/2016..31/03/2017. W1, W2 in team A; W3, W4 in B.
//   C1: W1 04/01/2016-31/05/2016, W2 01/06-30/09/2016, W3 from 01/10/2016 (open): 3 workers.
//   C2: W1 01/05/2016-30/11/2016: 1 worker.
//   C3: W1, W2, W3, W4 one after another, 01/04/2016-28/02/2017: 4 workers.
//   C4: W1 05/01/2015-31/03/2016 (before the window), W2 from 01/04/2016: 1 worker.
//   C5: W1 and W3 together from 01/12/2016: 2 workers.
WorkforceData ChildrenPassedBetweenWorkers() {
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2014, 1, 6), std::nullopt, 1.0, "A"),
                  Permanent("W2", Date(2014, 1, 6), std::nullopt, 1.0, "A"),
                  Permanent("W3", Date(2014, 1, 6), std::nullopt, 1.0, "B"),
                  Permanent("W4", Date(2014, 1, 6), std::nullopt, 1.0, "B")};
  data.case_allocations = {
      Allocation("C1", "W1", Date(2016, 1, 4), Date(2016, 5, 31)),
      Allocation("C1", "W2", Date(2016, 6, 1), Date(2016, 9, 30)),
      Allocation("C1", "W3", Date(2016, 10, 1)),
      Allocation("C2", "W1", Date(2016, 5, 1), Date(2016, 11, 30)),
      Allocation("C3", "W1", Date(2016, 4, 1), Date(2016, 6, 30)),
      Allocation("C3", "W2", Date(2016, 7, 1), Date(2016, 8, 31)),
      Allocation("C3", "W3", Date(2016, 9, 1), Date(2016, 12, 31)),
      Allocation("C3", "W4", Date(2017, 1, 1), Date(2017, 2, 28)),
      Allocation("C4", "W1", Date(2015, 1, 5), Date(2016, 3, 31)),
      Allocation("C4", "W2", Date(2016, 4, 1)),
      Allocation("C5", "W1", Date(2016, 12, 1)),
      Allocation("C5", "W3", Date(2016, 12, 1))};
  for (size_t i = 0; i < data.case_allocations.size(); ++i) {
    data.case_allocations[i].record_id = absl::StrCat("CA", i + 1);
  }
  IndexWorkforceData(data);
  return data;
}

TEST(SocialWorkerChangesDrillDownTest, ChildrenWithThreeOrMoreWorkers) {
  const WorkforceData data = ChildrenPassedBetweenWorkers();
  const Month march(2017, 3);
  // Warm the shared bands first, as a scorecard request would: the drill-down must still
  // list every child.
  cv1::GetMeasuresRequest plain;
  plain.set_authority("869");
  *plain.mutable_from_month() = ToProtoMonth(march);
  *plain.mutable_to_month() = ToProtoMonth(march);
  WorkforceMeasures().Compute(data, *WorkforceMeasures().Prepare(plain),
                              WorkingDayCalendar::EnglandAndWales());

  // Exactly 3: C1 of the 5 children.
  const DrillDownResult three = Drill(data, "workforce.social_worker_changes_3", march);
  EXPECT_EQ(three.value.numerator(), 1);
  EXPECT_EQ(three.value.denominator(), 5);
  ASSERT_THAT(SubjectIds(three), ElementsAre("C1", "C2", "C3", "C4", "C5"));
  const CaseRow c1 = three.cases[0];
  EXPECT_EQ(c1.subject_kind, cv1::SUBJECT_KIND_CHILD);
  EXPECT_TRUE(c1.in_numerator);
  EXPECT_TRUE(c1.in_denominator);
  EXPECT_THAT(c1.days_taken, Optional(3.0));
  EXPECT_EQ(c1.reason, "3-workers");
  EXPECT_EQ(c1.start, Date(2016, 1, 4));  // its first allocation in the window began then
  EXPECT_FALSE(c1.end.has_value());        // W3's allocation is open
  EXPECT_EQ(c1.team, "B");                 // W3's team
  EXPECT_EQ(c1.record_id, "CA3");
  const CaseRow c2 = three.cases[1];
  EXPECT_FALSE(c2.in_numerator);
  EXPECT_EQ(c2.reason, "1-worker");
  EXPECT_EQ(c2.end, Date(2016, 11, 30));
  EXPECT_EQ(c2.team, "A");
  const CaseRow c3 = three.cases[2];
  EXPECT_FALSE(c3.in_numerator);
  EXPECT_EQ(c3.reason, "4plus-workers");
  EXPECT_THAT(c3.days_taken, Optional(4.0));
  EXPECT_EQ(c3.start, Date(2016, 4, 1));
  EXPECT_EQ(c3.end, Date(2017, 2, 28));
  EXPECT_EQ(three.cases[3].start, Date(2016, 4, 1));  // C4's allocation before is left out
  EXPECT_THAT(three.cases[3].days_taken, Optional(1.0));
  EXPECT_THAT(three.cases[4].days_taken, Optional(2.0));

  // 4 or more: C3. Two or more (the headline): C1, C3, C5.
  const DrillDownResult four = Drill(data, "workforce.social_worker_changes_4plus", march);
  EXPECT_TRUE(RowOf(four, "C3").in_numerator);
  EXPECT_EQ(four.value.numerator(), 1);
  DrillDownResult changed = Drill(data, "workforce.social_worker_changes", march);
  std::vector<std::string> in_numerator;
  for (const CaseRow& row : changed.cases) {
    if (row.in_numerator) in_numerator.push_back(row.subject_id);
  }
  EXPECT_THAT(in_numerator, ElementsAre("C1", "C3", "C5"));

  // Team B: the children whose latest worker is in B on the allocation's last day in the
  // window: C1 (W3), C3 (W4 on 28/02/2017), C5 (W3, the later listed of two started the
  // same day). Exactly 3: C1 of 3.
  const DrillDownResult team_b =
      Drill(data, "workforce.social_worker_changes_3", march, cv1::BASIS_UNSPECIFIED, "B");
  EXPECT_THAT(SubjectIds(team_b), ElementsAre("C1", "C3", "C5"));
  EXPECT_EQ(team_b.value.denominator(), 3);
}

TEST(SupervisionDrillDownTest, TeamsUnderTheStandardAndWorkersNotSupervised) {
  // June 2017. Team A: A1 (seen 01/06), A2 (30/06), A3 (last seen 31/05: not in June), A4
  // (15/06): 3 of 4 = 0.75. Team B: B1 (12/06): 1.0. Team C: C1 (last seen 20/04): 0.
  // No team: N1 (05/06): 1.0. M1 manages A and holds no cases: not counted.
  // Mean of the teams: (0.75 + 1 + 0 + 1) / 4 = 68.75%.
  WorkforceData data;
  data.workers = {Permanent("A1", Date(2015, 1, 5), std::nullopt, 1.0, "A"),
                  Permanent("A2", Date(2015, 1, 5), std::nullopt, 1.0, "A"),
                  Permanent("A3", Date(2015, 1, 5), std::nullopt, 1.0, "A"),
                  Permanent("A4", Date(2015, 1, 5), std::nullopt, 0.5, "A"),
                  Manager("M1", Date(2015, 1, 5), "A"),
                  Permanent("B1", Date(2015, 1, 5), std::nullopt, 1.0, "B"),
                  Permanent("C1", Date(2015, 1, 5), std::nullopt, 1.0, "C"),
                  Permanent("N1", Date(2015, 1, 5), std::nullopt, 1.0, "")};
  data.supervisions = {Session("A1", Date(2017, 5, 2)),  Session("A1", Date(2017, 6, 1)),
                       Session("A2", Date(2017, 6, 30)), Session("A3", Date(2017, 5, 31)),
                       Session("A4", Date(2017, 6, 15)), Session("B1", Date(2017, 6, 12)),
                       Session("C1", Date(2017, 4, 20)), Session("N1", Date(2017, 6, 5))};
  const Month june(2017, 6);

  const DrillDownResult teams = Drill(data, "workforce.supervision_rate", june);
  EXPECT_DOUBLE_EQ(teams.value.value(), 68.75);
  ASSERT_THAT(SubjectIds(teams), ElementsAre("A", "B", "C", "no-team"));
  EXPECT_EQ(teams.cases[0].subject_kind, cv1::SUBJECT_KIND_TEAM);
  EXPECT_TRUE(teams.cases[0].in_numerator);
  EXPECT_THAT(teams.cases[0].amount, Optional(0.75));
  EXPECT_EQ(teams.cases[0].reason, "under-standard");
  EXPECT_THAT(teams.cases[1].amount, Optional(1.0));
  EXPECT_EQ(teams.cases[1].reason, "");
  EXPECT_FALSE(teams.cases[2].in_numerator);  // nobody supervised: adds nothing
  EXPECT_EQ(teams.cases[2].reason, "under-standard");
  EXPECT_EQ(teams.cases[3].team, "");

  // Pooled: 5 of 7 people. The two not supervised, with their last session before June.
  const DrillDownResult people = Drill(data, "workforce.supervision_rate_overall", june);
  EXPECT_EQ(people.value.numerator(), 5);
  EXPECT_EQ(people.value.denominator(), 7);
  std::vector<std::string> unsupervised;
  for (const CaseRow& row : people.cases) {
    if (InScope(row, cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR)) {
      unsupervised.push_back(row.subject_id);
    }
  }
  EXPECT_THAT(unsupervised, ElementsAre("A3", "C1"));
  const CaseRow a3 = RowOf(people, "A3");
  EXPECT_EQ(a3.subject_kind, cv1::SUBJECT_KIND_WORKER);
  EXPECT_EQ(a3.reason, "not-supervised");
  EXPECT_EQ(a3.start, Date(2017, 5, 31));
  EXPECT_FALSE(a3.end.has_value());
  EXPECT_EQ(a3.team, "A");
  EXPECT_EQ(RowOf(people, "C1").start, Date(2017, 4, 20));
  const CaseRow a1 = RowOf(people, "A1");
  EXPECT_EQ(a1.start, Date(2017, 5, 2));  // the session before June
  EXPECT_EQ(a1.end, Date(2017, 6, 1));    // the first in June
}

TEST(TurnoverDrillDownTest, LeaversAndStayersWithTheirFte) {
  // Rolling 12 months at March 2017: 01/04/2016..31/03/2017.
  //   P1 (1.0, A) left 31/08/2016: numerator 1.0, not in post at 31/03/2017.
  //   P2 (0.5, A) left 31/03/2017: numerator 0.5, and in post on its last day.
  //   P3 (1.0, A) stays: denominator 1.0.
  //   P4 (1.0) moved from A to B on 01/11/2016: not a leaver; the B role stays.
  //   AG (agency): in neither.
  // 1.5 / (0.5 + 1.0 + 1.0) = 60%.
  WorkforceData data;
  data.workers = {
      WithRecord(Permanent("P1", Date(2014, 1, 6), Date(2016, 8, 31), 1.0, "A"), "WR1"),
      WithRecord(Permanent("P2", Date(2015, 1, 5), Date(2017, 3, 31), 0.5, "A"), "WR2"),
      WithRecord(Permanent("P3", Date(2015, 1, 5), std::nullopt, 1.0, "A"), "WR3"),
      WithRecord(Permanent("P4", Date(2015, 1, 5), Date(2016, 10, 31), 1.0, "A"), "WR4"),
      WithRecord(Permanent("P4", Date(2016, 11, 1), std::nullopt, 1.0, "B"), "WR5"),
      WithRecord(Agency("AG", Date(2016, 1, 4), std::nullopt, 1.0, "A"), "WR6")};
  const DrillDownResult result = Drill(data, "workforce.turnover_rate", Month(2017, 3));
  EXPECT_DOUBLE_EQ(result.value.value(), 60.0);
  ASSERT_THAT(SubjectIds(result), ElementsAre("P1", "P2", "P3", "P4"));
  const CaseRow p1 = result.cases[0];
  EXPECT_TRUE(p1.in_numerator);
  EXPECT_FALSE(p1.in_denominator);
  EXPECT_THAT(p1.amount, Optional(1.0));
  EXPECT_EQ(p1.end, Date(2016, 8, 31));
  const CaseRow p2 = result.cases[1];
  EXPECT_TRUE(p2.in_numerator);
  EXPECT_TRUE(p2.in_denominator);
  EXPECT_THAT(p2.amount, Optional(0.5));
  EXPECT_THAT(p2.denominator_amount, Optional(0.5));
  const CaseRow p3 = result.cases[2];
  EXPECT_FALSE(p3.in_numerator);
  EXPECT_EQ(p3.reason, "stayed");
  EXPECT_THAT(p3.denominator_amount, Optional(1.0));
  const CaseRow p4 = result.cases[3];
  EXPECT_EQ(p4.record_id, "WR5");
  EXPECT_EQ(p4.start, Date(2016, 11, 1));
  EXPECT_EQ(p4.team, "B");
}

TEST(VacancyDrillDownTest, LatestReturnsPerTeamAndThePermanentStaffFillingPosts) {
  // March 2017: returns dated 01/04/2016..31/03/2017 stand. Team A's latest date is
  // 30/09/2016 with two returns (1.0 + 2.0), superseding 30/06/2016 (4.0); the
  // unattributed return 0.5; team B's 31/03/2016 return has lapsed. Filled: P1 (1.0, A)
  // and P2 (0.5, B); AG (agency) is not counted. 3.5 / (3.5 + 1.5) = 70%.
  WorkforceData data;
  data.workers = {WithRecord(Permanent("P1", Date(2015, 1, 5), std::nullopt, 1.0, "A"), "WR1"),
                  WithRecord(Permanent("P2", Date(2015, 1, 5), std::nullopt, 0.5, "B"), "WR2"),
                  Agency("AG", Date(2016, 1, 4), std::nullopt, 1.0, "A")};
  data.vacancies = {{"A", Date(2016, 6, 30), 4.0, "VC1"},
                    {"A", Date(2016, 9, 30), 1.0, "VC2"},
                    {"A", Date(2016, 9, 30), 2.0, "VC3"},
                    {"", Date(2016, 9, 30), 0.5, "VC4"},
                    {"B", Date(2016, 3, 31), 3.0, "VC5"}};
  const DrillDownResult result = Drill(data, "workforce.vacancy_rate", Month(2017, 3));
  EXPECT_DOUBLE_EQ(result.value.value(), 70.0);
  // Workers before teams (the subject kinds' order), then by id.
  ASSERT_THAT(SubjectIds(result), ElementsAre("P1", "P2", "A", "A", "no-team"));
  EXPECT_EQ(result.cases[0].reason, "filled");
  EXPECT_FALSE(result.cases[0].in_numerator);
  EXPECT_THAT(result.cases[1].denominator_amount, Optional(0.5));
  EXPECT_EQ(result.cases[2].record_id, "VC2");
  EXPECT_EQ(result.cases[2].start, Date(2016, 9, 30));
  EXPECT_THAT(result.cases[3].amount, Optional(2.0));
  EXPECT_EQ(result.cases[3].subject_kind, cv1::SUBJECT_KIND_TEAM);
  EXPECT_EQ(result.cases[4].record_id, "VC4");

  // March 2015: no return dated in the 12 months to then: undefined, and nothing listed
  // (not even the filled posts: there is no figure for them to be behind).
  const DrillDownResult none = Drill(data, "workforce.vacancy_rate", Month(2015, 3));
  EXPECT_FALSE(none.value.has_value());
  EXPECT_TRUE(none.cases.empty());
}

TEST(StartersDrillDownTest, PeopleJoiningAreListedOnceAndRoleChangesNot) {
  // May 2017: S1 starts 10/05 (A). S2 starts two half-time roles on 15/05, in A and B: one
  // starter, one row. S3 moves from A to B on 15/05: a role change, not listed. AP was
  // agency to 14/05 and permanent from 15/05: a starter. L1 leaves 31/05: the one leaver.
  WorkforceData data;
  data.workers = {
      WithRecord(Permanent("S1", Date(2017, 5, 10), std::nullopt, 1.0, "A"), "WR1"),
      WithRecord(Permanent("S2", Date(2017, 5, 15), std::nullopt, 0.5, "A"), "WR2"),
      WithRecord(Permanent("S2", Date(2017, 5, 15), std::nullopt, 0.5, "B"), "WR3"),
      WithRecord(Permanent("S3", Date(2015, 1, 5), Date(2017, 5, 14), 1.0, "A"), "WR4"),
      WithRecord(Permanent("S3", Date(2017, 5, 15), std::nullopt, 1.0, "B"), "WR5"),
      WithRecord(Agency("AP", Date(2016, 6, 1), Date(2017, 5, 14), 1.0, "A"), "WR6"),
      WithRecord(Permanent("AP", Date(2017, 5, 15), std::nullopt, 1.0, "A"), "WR7"),
      WithRecord(Permanent("L1", Date(2015, 1, 5), Date(2017, 5, 31), 1.0, "A"), "WR8")};
  const Month may(2017, 5);
  const DrillDownResult starters = Drill(data, "workforce.starters", may);
  EXPECT_EQ(starters.value.numerator(), 3);
  ASSERT_THAT(SubjectIds(starters), ElementsAre("AP", "S1", "S2"));
  EXPECT_EQ(starters.cases[0].record_id, "WR7");
  EXPECT_EQ(starters.cases[0].start, Date(2017, 5, 15));
  EXPECT_TRUE(starters.cases[2].in_numerator);
  EXPECT_FALSE(starters.cases[2].in_denominator);  // a count's denominator is not cases

  // Team B: S2's B role alone (S3's move into B is not a start).
  const DrillDownResult team_b =
      Drill(data, "workforce.starters", may, cv1::BASIS_UNSPECIFIED, "B");
  ASSERT_THAT(SubjectIds(team_b), ElementsAre("S2"));
  EXPECT_EQ(team_b.cases[0].record_id, "WR3");

  const DrillDownResult leavers = Drill(data, "workforce.leavers", may);
  ASSERT_THAT(SubjectIds(leavers), ElementsAre("L1"));
  EXPECT_EQ(leavers.cases[0].end, Date(2017, 5, 31));
}

TEST(CaseloadDrillDownTest, CaseHoldersWithTheirAllocationsAndFte) {
  // 31/03/2017. W1 (1.0, A) holds 3 open allocations (one ending that day; a fourth ended
  // 30/03 and is not open). W2 (0.5, B) holds none. W3 holds case-holding roles of 0.5 in A
  // and 0.5 in B and 2 allocations: one person, 1.0 FTE. M1 (a manager) holds 1: not
  // counted, not listed. (3 + 0 + 2) / (1.0 + 0.5 + 1.0) = 2.0.
  WorkforceData data;
  data.workers = {Permanent("W1", Date(2015, 1, 5), std::nullopt, 1.0, "A"),
                  Permanent("W2", Date(2015, 1, 5), std::nullopt, 0.5, "B"),
                  Permanent("W3", Date(2015, 1, 5), std::nullopt, 0.5, "A"),
                  Permanent("W3", Date(2015, 1, 5), std::nullopt, 0.5, "B"),
                  Manager("M1", Date(2015, 1, 5), "A")};
  data.case_allocations = {Allocation("C1", "W1", Date(2016, 5, 1)),
                           Allocation("C2", "W1", Date(2016, 6, 1), Date(2017, 3, 31)),
                           Allocation("C3", "W1", Date(2017, 1, 9)),
                           Allocation("C4", "W1", Date(2016, 9, 1), Date(2017, 3, 30)),
                           Allocation("C5", "W3", Date(2016, 9, 1)),
                           Allocation("C6", "W3", Date(2016, 10, 1)),
                           Allocation("C7", "M1", Date(2016, 10, 1))};
  const DrillDownResult all = Drill(data, "workforce.caseload_average", Month(2017, 3));
  EXPECT_DOUBLE_EQ(all.value.value(), 2.0);
  ASSERT_THAT(SubjectIds(all), ElementsAre("W1", "W2", "W3"));
  EXPECT_THAT(all.cases[0].amount, Optional(3.0));
  EXPECT_THAT(all.cases[0].denominator_amount, Optional(1.0));
  EXPECT_FALSE(all.cases[1].in_numerator);
  EXPECT_EQ(all.cases[1].reason, "no-cases");
  EXPECT_THAT(all.cases[1].denominator_amount, Optional(0.5));
  EXPECT_THAT(all.cases[2].amount, Optional(2.0));
  EXPECT_THAT(all.cases[2].denominator_amount, Optional(1.0));

  // Team B: W2 (0.5, none) and W3's B role (0.5) with W3's 2 allocations: 2 / 1.0.
  const DrillDownResult team_b =
      Drill(data, "workforce.caseload_average", Month(2017, 3), cv1::BASIS_UNSPECIFIED, "B");
  ASSERT_THAT(SubjectIds(team_b), ElementsAre("W2", "W3"));
  EXPECT_THAT(team_b.cases[1].denominator_amount, Optional(0.5));
  EXPECT_THAT(team_b.cases[1].amount, Optional(2.0));
}

TEST(AgencyDrillDownTest, RolesByFteAndPeopleByHeadcount) {
  // 30/06/2017: P1 (permanent 1.0), AG (agency 0.5), and X holding a permanent 0.5 role and
  // an agency 0.5 role. FTE: agency 0.5 + 0.5 of 2.5 = 40%, listed by role (4 rows).
  // Headcount: AG and X (any agency role) of 3 people.
  WorkforceData data;
  data.workers = {Permanent("P1", Date(2015, 1, 5)),
                  Agency("AG", Date(2016, 1, 4), std::nullopt, 0.5),
                  WithRecord(Permanent("X", Date(2015, 1, 5), std::nullopt, 0.5), "WR-XP"),
                  WithRecord(Agency("X", Date(2016, 1, 4), std::nullopt, 0.5), "WR-XA")};
  const DrillDownResult fte = Drill(data, "workforce.agency_rate", Month(2017, 6));
  EXPECT_DOUBLE_EQ(fte.value.value(), 40.0);
  ASSERT_THAT(SubjectIds(fte), ElementsAre("AG", "P1", "X", "X"));
  EXPECT_EQ(fte.cases[1].reason, "permanent");
  EXPECT_THAT(fte.cases[1].denominator_amount, Optional(1.0));
  const DrillDownResult people = Drill(data, "workforce.agency_headcount_rate", Month(2017, 6));
  ASSERT_THAT(SubjectIds(people), ElementsAre("AG", "P1", "X"));
  EXPECT_TRUE(people.cases[2].in_numerator);
  EXPECT_EQ(people.cases[2].record_id, "WR-XA");  // the agency role that makes X agency
}

}  // namespace
}  // namespace scorecard::workforce
