// The check every domain service's tests run over a data set: for every measure, basis and
// month, the drill-down's cases add up to the figure GetMeasures gives, as the measure's
// CaseCounting declares. A measure that lists cases its count leaves out (or counts cases
// it does not list) fails here.
#ifndef SCORECARD_TESTS_COMMON_MEASURES_DRILL_DOWN_CHECK_H_
#define SCORECARD_TESTS_COMMON_MEASURES_DRILL_DOWN_CHECK_H_

#include <cmath>
#include <string>
#include <vector>

#include "common/measures/drill_down.h"
#include "common/measures/measure_registry.h"
#include "common/records/proto_date.h"
#include "gtest/gtest.h"

namespace scorecard::testing {

// How many (measure, basis, month) cells were checked and how many listed at least one case,
// so a caller can assert the data set exercised the measures at all.
struct DrillDownCheckSummary {
  int cells = 0;
  int cells_with_cases = 0;
};

template <typename Dataset>
DrillDownCheckSummary ExpectCasesAddUp(const MeasureRegistry<Dataset>& registry,
                                       const Dataset& data, Month from, Month to,
                                       const WorkingDayCalendar& calendar,
                                       const std::string& team = "") {
  DrillDownCheckSummary summary;
  const common::v1::ListMeasuresResponse catalogue = registry.List();
  for (const common::v1::MeasureDescriptor& measure : catalogue.measures()) {
    const CaseCounting counting = registry.CountingOf(measure.measure_id());
    EXPECT_NE(counting, CaseCounting::kNotListed)
        << measure.measure_id() << " declares no drill-down";
    if (counting == CaseCounting::kNotListed) continue;
    for (int b = 0; b < measure.bases_size(); ++b) {
      for (Month m = from; m <= to; ++m) {
        common::v1::DrillDownRequest request;
        request.set_authority("869");
        request.set_measure_id(measure.measure_id());
        *request.mutable_month() = ToProtoMonth(m);
        request.set_basis(measure.bases(b));
        request.set_team(team);
        absl::StatusOr<MeasureQuery> query = registry.PrepareDrillDown(request);
        EXPECT_TRUE(query.ok()) << query.status();
        if (!query.ok()) continue;
        const DrillDownResult result = registry.DrillDown(data, *query, calendar);
        // The figure must be the one GetMeasures computes without the case list.
        common::v1::GetMeasuresRequest plain;
        plain.set_authority("869");
        plain.add_measure_ids(measure.measure_id());
        *plain.mutable_from_month() = ToProtoMonth(m);
        *plain.mutable_to_month() = ToProtoMonth(m);
        plain.set_basis(measure.bases(b));
        plain.set_team(team);
        const common::v1::MeasureValue expected =
            registry.Compute(data, *registry.Prepare(plain), calendar).values(0);
        const std::string where =
            measure.measure_id() + " " + common::v1::Basis_Name(measure.bases(b)) + " " +
            FormatMonth(m) + (team.empty() ? "" : " team " + team);
        EXPECT_DOUBLE_EQ(result.value.numerator(), expected.numerator()) << where;
        EXPECT_DOUBLE_EQ(result.value.denominator(), expected.denominator()) << where;
        double numerator = 0;
        double denominator = 0;
        for (const CaseRow& row : result.cases) {
          EXPECT_FALSE(row.subject_id.empty()) << where << ": a case without a subject id";
          if (row.in_numerator) numerator += row.amount.value_or(1.0);
          if (row.in_denominator) denominator += row.denominator_amount.value_or(1.0);
        }
        EXPECT_NEAR(numerator, expected.numerator(), 1e-6 * (1 + std::fabs(numerator)))
            << where << ": the listed cases do not add up to the numerator";
        if (counting == CaseCounting::kExact) {
          EXPECT_NEAR(denominator, expected.denominator(), 1e-6 * (1 + std::fabs(denominator)))
              << where << ": the listed cases do not add up to the denominator";
        }
        ++summary.cells;
        if (!result.cases.empty()) ++summary.cells_with_cases;
      }
    }
  }
  return summary;
}

}  // namespace scorecard::testing

#endif  // SCORECARD_TESTS_COMMON_MEASURES_DRILL_DOWN_CHECK_H_
