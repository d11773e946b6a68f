#include "tools/scorecardctl/drilldown_format.h"

#include <string>

#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::scorecardctl {
namespace {

namespace cv1 = ::scorecard::common::v1;

// The figure: one of two assessments authorised in November 2016 was within 45 working days.
DrillDownReport TwoAssessments() {
  DrillDownReport report;
  report.authority = "869";
  report.data_version = 17;
  cv1::MeasureValue& value = report.value;
  value.set_measure_id("safeguarding.assessments_completed_within_45wd");
  value.mutable_month()->set_year(2016);
  value.mutable_month()->set_month(11);
  value.set_basis(cv1::BASIS_MONTH);
  value.set_unit(cv1::UNIT_PERCENT);
  value.set_numerator(1);
  value.set_denominator(2);
  value.set_value(50);

  cv1::DrillDownCase& within = report.cases.emplace_back();
  within.set_subject_kind(cv1::SUBJECT_KIND_CHILD);
  within.set_subject_id("C200001");
  within.set_in_numerator(true);
  within.set_in_denominator(true);
  *within.mutable_start_date() = ToProtoDate(Date(2016, 10, 3));
  *within.mutable_end_date() = ToProtoDate(Date(2016, 11, 1));
  within.set_days_taken(21);
  within.set_record_id("C200001/2016-10-03/assessment/2016-10-04");

  cv1::DrillDownCase& late = report.cases.emplace_back();
  late.set_subject_kind(cv1::SUBJECT_KIND_CHILD);
  late.set_subject_id("C200003");
  late.set_in_denominator(true);
  *late.mutable_start_date() = ToProtoDate(Date(2016, 8, 1));
  *late.mutable_end_date() = ToProtoDate(Date(2016, 11, 2));
  *late.mutable_due_date() = ToProtoDate(Date(2016, 10, 4));
  late.set_days_taken(67.456);
  late.set_days_overdue(29);
  late.set_amount(1.5);
  late.set_team("DCT");
  late.set_reason("over-45wd");
  late.set_record_id("A9");
  return report;
}

TEST(FormatDrillDownTableTest, FigureThenOneLinePerCase) {
  EXPECT_EQ(FormatDrillDownTable(TwoAssessments()),
            "safeguarding.assessments_completed_within_45wd, authority 869, 2016-11 (month), "
            "scope all\n"
            "figure: 50 (1 of 2, percent)\n"
            "cases: 2, data version 17\n"
            "\n"
            "subject        in numerator  start       end         due         days taken  "
            "days overdue  team  reason\n"
            "child C200001  yes           2016-10-03  2016-11-01  -           21          "
            "-             -     -\n"
            "child C200003  no            2016-08-01  2016-11-02  2016-10-04  67.46       "
            "29            DCT   over-45wd\n");
}

TEST(FormatDrillDownTableTest, UndefinedFigureTeamAndNoCases) {
  DrillDownReport report;
  report.authority = "869";
  report.scope = cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR;
  report.value.set_measure_id("safeguarding.icpc_within_15wd");
  report.value.mutable_month()->set_year(2016);
  report.value.mutable_month()->set_month(5);
  report.value.set_basis(cv1::BASIS_YTD);
  report.value.set_unit(cv1::UNIT_PERCENT);
  report.value.set_team("DCT");
  EXPECT_EQ(FormatDrillDownTable(report),
            "safeguarding.icpc_within_15wd [DCT], authority 869, 2016-05 (ytd), scope outside\n"
            "figure: - (0 of 0, percent)\n"
            "cases: 0, data version 0\n"
            "\n"
            "(no cases)\n");
}

TEST(DrillDownToJsonLinesTest, OneObjectPerCaseWithEveryKey) {
  const std::string json = DrillDownToJsonLines(TwoAssessments());
  EXPECT_EQ(json,
            "{\"measure_id\": \"safeguarding.assessments_completed_within_45wd\", \"month\": "
            "\"2016-11\", \"subject_kind\": \"child\", \"subject_id\": \"C200001\", "
            "\"in_numerator\": true, \"in_denominator\": true, \"start_date\": \"2016-10-03\", "
            "\"end_date\": \"2016-11-01\", \"due_date\": null, \"days_taken\": 21, "
            "\"days_overdue\": null, \"amount\": null, \"denominator_amount\": null, \"team\": "
            "\"\", \"reason\": \"\", \"record_id\": \"C200001/2016-10-03/assessment/2016-10-04\"}\n"
            "{\"measure_id\": \"safeguarding.assessments_completed_within_45wd\", \"month\": "
            "\"2016-11\", \"subject_kind\": \"child\", \"subject_id\": \"C200003\", "
            "\"in_numerator\": false, \"in_denominator\": true, \"start_date\": \"2016-08-01\", "
            "\"end_date\": \"2016-11-02\", \"due_date\": \"2016-10-04\", \"days_taken\": 67.456, "
            "\"days_overdue\": 29, \"amount\": 1.5, \"denominator_amount\": null, \"team\": "
            "\"DCT\", \"reason\": \"over-45wd\", \"record_id\": \"A9\"}\n");
}

TEST(DrillDownToJsonLinesTest, NoCasesNoLines) {
  EXPECT_EQ(DrillDownToJsonLines(DrillDownReport()), "");
}

}  // namespace
}  // namespace scorecard::scorecardctl
