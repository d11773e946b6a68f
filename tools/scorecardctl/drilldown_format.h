// Output of `scorecardctl drilldown`: the cases behind one figure, as a table for people or
// as JSON Lines for scripts.
//
//   DrillDownReport report{.authority = "869", .scope = ..., .value = response.value(), ...};
//   std::cout << FormatDrillDownTable(report);
//   // safeguarding.assessments_completed_within_45wd, authority 869, 2016-11 (month), scope all
//   // figure: 50 (1 of 2, percent)
//   // cases: 2, data version 17
//   //
//   // subject        in numerator  start       end         due  days taken  days overdue  team  reason
//   // child C200001  yes           2016-10-03  2016-11-01  -    21          -             -     -
//
// The JSON Lines are a stable contract like `measures --format=json` (keys may be added,
// never renamed or removed): one object per case, in the service's order, with exactly these
// keys in this order:
//
//   measure_id          string  the measure, e.g. "safeguarding.assessments_completed_within_45wd"
//   month               string  YYYY-MM
//   subject_kind        string  child | worker | team | carer
//   subject_id          string  the child's, worker's, team's or carer's id
//   in_numerator        bool
//   in_denominator      bool
//   start_date          string YYYY-MM-DD, or null    when the case's clock started
//   end_date            string YYYY-MM-DD, or null    when it stopped (null: still open)
//   due_date            string YYYY-MM-DD, or null    when the next step is or was due
//   days_taken          number or null                in the measure's units
//   days_overdue        number or null                past due at the period's end
//   amount              number or null                adds this to the numerator (null: 1)
//   denominator_amount  number or null                adds this to the denominator (null: 1)
//   team                string  "" when none
//   reason              string  a short fixed code ("not-seen"), "" when none
//   record_id           string  the source record's id
//
// Ids and dates only, as the service sends them: never a name.
#ifndef SCORECARD_TOOLS_SCORECARDCTL_DRILLDOWN_FORMAT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_DRILLDOWN_FORMAT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "scorecard/common/v1/common.pb.h"

namespace scorecard::scorecardctl {

// Every page of one drill-down, gathered.
struct DrillDownReport {
  std::string authority;
  common::v1::DrillDownScope scope = common::v1::DRILL_DOWN_SCOPE_UNSPECIFIED;
  // The figure, exactly as GetMeasures gives it (measure id, month, basis, unit, team).
  common::v1::MeasureValue value;
  std::vector<common::v1::DrillDownCase> cases;
  int64_t data_version = 0;
};

std::string FormatDrillDownTable(const DrillDownReport& report);
// One JSON object a line (see the file comment); "" when there are no cases.
std::string DrillDownToJsonLines(const DrillDownReport& report);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_DRILLDOWN_FORMAT_H_
