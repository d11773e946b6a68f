#include "common/measures/measure_period.h"

#include "absl/strings/str_cat.h"

namespace scorecard {

absl::StatusOr<DateRange> PeriodFor(common::v1::Basis basis, Month month) {
  const Date month_end = LastDayOf(month);
  switch (basis) {
    case common::v1::BASIS_MONTH:
      return MonthRange(month);
    case common::v1::BASIS_YTD:
      return FinancialYearToDate(month);
    case common::v1::BASIS_QUARTER:
      // Quarter to date, so an unfinished quarter never counts days that have not happened.
      return DateRange{FinancialQuarter(month).first, month_end};
    case common::v1::BASIS_SNAPSHOT:
      return DateRange{month_end, month_end};
    case common::v1::BASIS_ROLLING_12_MONTHS:
      return TrailingMonths(month, 12);
    case common::v1::BASIS_ROLLING_3_YEARS:
      return TrailingMonths(month, 36);
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("basis: ", common::v1::Basis_Name(basis), " has no period"));
  }
}

}  // namespace scorecard
