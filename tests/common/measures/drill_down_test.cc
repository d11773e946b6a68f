// The drill-down plumbing on a toy registry: cases are noted only when asked for, sorted,
// filtered by scope, and checked against the figure; page tokens pin the data version.
#include "common/measures/drill_down.h"

#include <string>
#include <vector>

#include "common/measures/measure_registry.h"
#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "absl/strings/match.h"
#include "tests/common/measures/drill_down_check.h"

namespace scorecard {
namespace {

namespace cv1 = ::scorecard::common::v1;

// A toy data set: visits by child, each with a due date and the day it happened.
struct Visit {
  std::string child;
  Date due;
  Date seen;
};
struct Toy {
  std::vector<Visit> visits;
  // Makes the broken measure below list one case it does not count.
  bool list_an_extra_case = false;
};

MeasureRegistry<Toy> ToyRegistry(bool with_undeclared = true) {
  MeasureRegistry<Toy> r;
  r.Add({"toy.visits_on_time", cv1::UNIT_PERCENT, {cv1::BASIS_MONTH}, "Visits due in the "
         "month that happened by their due date.", CaseCounting::kExact},
        [](const Toy& data, const MeasureContext& ctx) {
          Fraction f;
          for (const Visit& v : data.visits) {
            if (v.due < ctx.period.first || v.due > ctx.period.last) continue;
            const bool on_time = v.seen <= v.due;
            f.denominator += 1;
            if (on_time) f.numerator += 1;
            ctx.Note([&] {
              CaseRow row = ChildCase(v.child, on_time);
              row.due = v.due;
              row.end = v.seen;
              row.days_overdue = DaysOverdue(v.due, v.seen);
              if (!on_time) row.reason = "late";
              return row;
            });
          }
          if (data.list_an_extra_case) {
            ctx.Note([] {
              CaseRow extra = ChildCase("EXTRA", true);
              extra.in_denominator = false;
              return extra;
            });
          }
          return f;
        });
  if (with_undeclared) {
    r.Add({"toy.undeclared", cv1::UNIT_COUNT, {cv1::BASIS_MONTH}, "No drill-down."},
          [](const Toy&, const MeasureContext&) { return Count(0); });
  }
  return r;
}

Toy ThreeVisits() {
  return Toy{{{"C3", Date(2017, 1, 10), Date(2017, 1, 9)},
              {"C1", Date(2017, 1, 20), Date(2017, 1, 23)},
              {"C2", Date(2017, 2, 1), Date(2017, 2, 1)}}};
}

cv1::DrillDownRequest Request(const std::string& measure) {
  cv1::DrillDownRequest request;
  request.set_authority("869");
  request.set_measure_id(measure);
  request.mutable_month()->set_year(2017);
  request.mutable_month()->set_month(1);
  return request;
}

TEST(DrillDownTest, ListsTheCasesBehindTheFigureSortedBySubject) {
  const MeasureRegistry<Toy> registry = ToyRegistry();
  absl::StatusOr<MeasureQuery> query = registry.PrepareDrillDown(Request("toy.visits_on_time"));
  ASSERT_TRUE(query.ok()) << query.status();
  const DrillDownResult result = registry.DrillDown(ThreeVisits(), *query, WorkingDayCalendar());
  EXPECT_EQ(result.value.numerator(), 1);
  EXPECT_EQ(result.value.denominator(), 2);
  EXPECT_DOUBLE_EQ(result.value.value(), 50.0);
  ASSERT_EQ(result.cases.size(), 2u);
  EXPECT_EQ(result.cases[0].subject_id, "C1");  // sorted: C1 before C3
  EXPECT_FALSE(result.cases[0].in_numerator);
  EXPECT_EQ(result.cases[0].days_overdue, 3);  // due Fri 20th, seen Mon 23rd
  EXPECT_EQ(result.cases[0].reason, "late");
  EXPECT_EQ(result.cases[1].subject_id, "C3");
  EXPECT_TRUE(result.cases[1].in_numerator);
  EXPECT_FALSE(result.cases[1].days_overdue.has_value());
}

TEST(DrillDownTest, ScopesSelectNumeratorOrTheRest) {
  const CaseRow in = ChildCase("A", true);
  const CaseRow out = ChildCase("B", false);
  EXPECT_TRUE(InScope(in, cv1::DRILL_DOWN_SCOPE_UNSPECIFIED));
  EXPECT_TRUE(InScope(out, cv1::DRILL_DOWN_SCOPE_UNSPECIFIED));
  EXPECT_TRUE(InScope(in, cv1::DRILL_DOWN_SCOPE_NUMERATOR));
  EXPECT_FALSE(InScope(out, cv1::DRILL_DOWN_SCOPE_NUMERATOR));
  EXPECT_FALSE(InScope(in, cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR));
  EXPECT_TRUE(InScope(out, cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR));
}

TEST(DrillDownTest, ConvertsToTheContractWithIdsAndDatesOnly) {
  CaseRow row = ChildCase("C9", false);
  row.start = Date(2016, 2, 29);
  row.due = Date(2016, 3, 4);
  row.days_taken = 46;
  row.team = "DCT";
  row.reason = "over-45wd";
  const cv1::DrillDownCase out = ToProto(row);
  EXPECT_EQ(out.subject_kind(), cv1::SUBJECT_KIND_CHILD);
  EXPECT_EQ(out.subject_id(), "C9");
  EXPECT_TRUE(out.in_denominator());
  EXPECT_EQ(out.start_date().day(), 29);
  EXPECT_FALSE(out.has_end_date());
  EXPECT_EQ(out.due_date().month(), 3);
  EXPECT_EQ(out.days_taken(), 46);
  EXPECT_FALSE(out.has_days_overdue());
  EXPECT_FALSE(out.has_amount());
  EXPECT_EQ(out.team(), "DCT");
}

TEST(DrillDownTest, UndeclaredMeasuresAndBadRequestsAreRefusedByField) {
  const MeasureRegistry<Toy> registry = ToyRegistry();
  EXPECT_EQ(registry.PrepareDrillDown(Request("toy.undeclared")).status().code(),
            absl::StatusCode::kUnimplemented);
  absl::Status unknown = registry.PrepareDrillDown(Request("toy.nope")).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(unknown.message(), "measure_id:")) << unknown;
  cv1::DrillDownRequest bad_month = Request("toy.visits_on_time");
  bad_month.mutable_month()->set_month(13);
  absl::Status month = registry.PrepareDrillDown(bad_month).status();
  EXPECT_TRUE(absl::StartsWith(month.message(), "month:")) << month;
  cv1::DrillDownRequest big_page = Request("toy.visits_on_time");
  big_page.set_page_size(kMaxDrillDownPageSize + 1);
  absl::Status page = registry.PrepareDrillDown(big_page).status();
  EXPECT_TRUE(absl::StartsWith(page.message(), "page_size:")) << page;
  EXPECT_EQ(registry.PrepareDrillDown(Request("")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DrillDownTest, PageTokensPinTheDataVersion) {
  EXPECT_EQ(*OffsetFromPageToken("", 7), 0);
  EXPECT_EQ(*OffsetFromPageToken(MakePageToken(7, 500), 7), 500);
  EXPECT_EQ(OffsetFromPageToken(MakePageToken(7, 500), 8).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(OffsetFromPageToken("7:-1", 7).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(OffsetFromPageToken("garbage", 7).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DrillDownTest, DaysOverdueCountsCalendarDaysPastDue) {
  EXPECT_FALSE(DaysOverdue(Date(2016, 2, 28), Date(2016, 2, 28)).has_value());
  EXPECT_EQ(DaysOverdue(Date(2016, 2, 28), Date(2016, 3, 1)), 2);  // leap day between
  EXPECT_EQ(DaysOverdue(Date(2017, 2, 28), Date(2017, 3, 1)), 1);
}

TEST(DrillDownCheckTest, PassesWhenTheCasesAddUp) {
  const testing::DrillDownCheckSummary summary =
      testing::ExpectCasesAddUp(ToyRegistry(/*with_undeclared=*/false), ThreeVisits(),
                                Month(2017, 1), Month(2017, 3), WorkingDayCalendar());
  EXPECT_EQ(summary.cells, 3);
  EXPECT_EQ(summary.cells_with_cases, 2);  // January and February; nothing due in March
}

TEST(DrillDownCheckTest, FailsWhenACaseIsListedButNotCounted) {
  Toy data = ThreeVisits();
  data.list_an_extra_case = true;
  EXPECT_NONFATAL_FAILURE(testing::ExpectCasesAddUp(ToyRegistry(false), data, Month(2017, 1),
                                                    Month(2017, 1), WorkingDayCalendar()),
                          "do not add up to the numerator");
}

TEST(DrillDownCheckTest, FailsWhenAMeasureDeclaresNoDrillDown) {
  EXPECT_NONFATAL_FAILURE(testing::ExpectCasesAddUp(ToyRegistry(), ThreeVisits(),
                                                    Month(2017, 1), Month(2017, 1),
                                                    WorkingDayCalendar()),
                          "toy.undeclared declares no drill-down");
}

}  // namespace
}  // namespace scorecard
