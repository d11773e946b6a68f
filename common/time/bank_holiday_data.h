// The England and Wales bank holiday table, generated at build time from
// common/time/data/bank-holidays-england-and-wales.csv by generate_bank_holidays.cmake.
//
//   for (const time_internal::CivilYmd& h : time_internal::EnglandAndWalesBankHolidays()) ...
//
// Internal to common/time: use WorkingDayCalendar::EnglandAndWales() instead.
#ifndef SCORECARD_COMMON_TIME_BANK_HOLIDAY_DATA_H_
#define SCORECARD_COMMON_TIME_BANK_HOLIDAY_DATA_H_

#include "absl/types/span.h"

namespace scorecard {
namespace time_internal {

// Plain fields rather than absl::CivilDay so the generated table is a constant array.
struct CivilYmd {
  int year;
  int month;
  int day;
};

// In the CSV's order, which the generator checks is strictly ascending.
absl::Span<const CivilYmd> EnglandAndWalesBankHolidays();

}  // namespace time_internal
}  // namespace scorecard

#endif  // SCORECARD_COMMON_TIME_BANK_HOLIDAY_DATA_H_
