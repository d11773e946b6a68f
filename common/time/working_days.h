// Working days: Monday to Friday, less England and Wales bank holidays and an authority's
// own closure days (e.g. Christmas closure).
//
//   const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
//   Date due = cal.AddWorkingDays(Date(2017, 4, 10), 15);        // 2017-05-04
//   int taken = cal.WorkingDaysBetween(Date(2017, 4, 10), due);  // 15
//
// Convention (DfE census validators): "N working days after D" is the N-th working day
// after D, D itself not counted; a duration counts the working days after the start day up
// to and including the end day (started and finished the same day = 0).
#ifndef SCORECARD_COMMON_TIME_WORKING_DAYS_H_
#define SCORECARD_COMMON_TIME_WORKING_DAYS_H_

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/types/span.h"
#include "common/time/civil_date.h"

namespace scorecard {

class WorkingDayCalendar {
 public:
  // England and Wales bank holidays 2010-2027, compiled in from
  // common/time/data/bank-holidays-england-and-wales.csv.
  static const WorkingDayCalendar& EnglandAndWales();

  // An empty calendar (weekends only); mostly for tests.
  WorkingDayCalendar() = default;
  explicit WorkingDayCalendar(std::vector<Date> holidays);

  // This calendar plus an authority's closure days.
  WorkingDayCalendar WithClosureDays(absl::Span<const Date> closure_days) const;

  bool IsWorkingDay(Date d) const;
  // The n-th working day after `start` (n >= 0; n == 0 returns start). For n < 0 the n-th
  // working day before start.
  Date AddWorkingDays(Date start, int n) const;
  // Working days after `start` up to and including `end`; negative (the same count,
  // negated) when end < start.
  int WorkingDaysBetween(Date start, Date end) const;

  // Sorted, unique non-working weekdays held by this calendar.
  const std::vector<Date>& Holidays() const { return holidays_; }
  // First and last years for which the calendar's holiday data is complete.
  int FirstCoveredYear() const { return 2010; }
  int LastCoveredYear() const { return 2027; }

 private:
  std::vector<Date> holidays_;
  absl::flat_hash_set<Date> holiday_set_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_TIME_WORKING_DAYS_H_
