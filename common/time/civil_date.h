// Civil dates (no time zone) and the reporting periods councils count in.
//
//   absl::StatusOr<Date> d = ParseIsoDate("2017-04-10");
//   Date due = AddCalendarMonths(*d, 3);            // 2017-07-10
//   DateRange ytd = FinancialYearToDate(absl::CivilMonth(2016, 5));
//   // ytd.first == 2016-04-01, ytd.last == 2016-05-31
//
// Dates are absl::CivilDay: ordering, +/- days and weekday come from Abseil.
#ifndef SCORECARD_COMMON_TIME_CIVIL_DATE_H_
#define SCORECARD_COMMON_TIME_CIVIL_DATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace scorecard {

using Date = absl::CivilDay;
using Month = absl::CivilMonth;

// An inclusive range of days. Valid when first <= last.
struct DateRange {
  Date first;
  Date last;
  bool Contains(Date d) const { return first <= d && d <= last; }
  friend bool operator==(const DateRange& a, const DateRange& b) {
    return a.first == b.first && a.last == b.last;
  }
};

// "2017-04-10". Rejects impossible dates (2017-02-29) and anything not exactly YYYY-MM-DD.
[[nodiscard]] absl::StatusOr<Date> ParseIsoDate(absl::string_view text);
// "10/04/2017", the DfE returns' format (dd/mm/YYYY). Rejects impossible dates.
[[nodiscard]] absl::StatusOr<Date> ParseUkDate(absl::string_view text);
// "2016-05". Rejects months outside 1..12.
[[nodiscard]] absl::StatusOr<Month> ParseMonth(absl::string_view text);
// True when year/month/day name a real day (no normalisation: 2017-02-29 is false).
bool IsValidDate(int year, int month, int day);
// The days in the month: 29 in February of a leap year (2016, 2000; not 1900).
int DaysInMonth(Month m);
std::string FormatIsoDate(Date d);   // "2017-04-10"
std::string FormatMonth(Month m);    // "2016-05"

Date FirstDayOf(Month m);
Date LastDayOf(Month m);
DateRange MonthRange(Month m);

// The same day n months later (n may be negative), clamped to the month's end:
// 31 Jan + 1 month = 28 Feb (29 in a leap year). Used for "within 3 months of".
Date AddCalendarMonths(Date d, int months);

// English financial (and census) years run 1 April to 31 March. The year is named by the
// calendar year it starts in: 2016-17 is 2016.
int FinancialYearOf(Date d);
int FinancialYearOf(Month m);
DateRange FinancialYear(int start_year);
// 1 April of m's financial year to the last day of m.
DateRange FinancialYearToDate(Month m);
// The financial quarter (Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar) containing m, whole.
DateRange FinancialQuarter(Month m);
// 1 = Apr-Jun ... 4 = Jan-Mar.
int FinancialQuarterNumber(Month m);
// The n whole months ending with m: first day of m-(n-1) to last day of m.
DateRange TrailingMonths(Month m, int n);

// Age in whole years on day `on` (a 29 February birthday turns over on 1 March in
// non-leap years, as English law treats it).
int AgeInYears(Date birth, Date on);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_TIME_CIVIL_DATE_H_
