// The days a measure counts over, from a month and a basis.
//
//   absl::StatusOr<DateRange> ytd = PeriodFor(common::v1::BASIS_YTD, Month(2016, 5));
//   // 2016-04-01 .. 2016-05-31
//
// A snapshot's period is the single last day of the month: "state at month end".
#ifndef SCORECARD_COMMON_MEASURES_MEASURE_PERIOD_H_
#define SCORECARD_COMMON_MEASURES_MEASURE_PERIOD_H_

#include "absl/status/statusor.h"
#include "common/time/civil_date.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard {

[[nodiscard]] absl::StatusOr<DateRange> PeriodFor(common::v1::Basis basis, Month month);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_MEASURES_MEASURE_PERIOD_H_
