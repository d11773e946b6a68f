#include "common/time/working_days.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

#include "common/time/bank_holiday_data.h"

namespace scorecard {
namespace {

// Working-day arithmetic runs on a cumulative count C(d) = weekdays up to d minus holidays
// up to d, measured from a fixed Monday. C rises by one exactly on working days, so
// "working days after a up to and including b" is C(b) - C(a), and the n-th working day
// after a is the first day on which C reaches C(a) + n. Both take a binary search over the
// holidays and closed-form week arithmetic, never a walk over the days.
const Date kEpochMonday(1970, 1, 5);

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

bool IsWeekend(Date d) {
  const absl::Weekday w = absl::GetWeekday(d);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

// Weekdays from the epoch up to and including d (an offset, so fine below zero too).
int64_t WeekdaysThrough(Date d) {
  const int64_t days = d - kEpochMonday;
  const int64_t weeks = FloorDiv(days, 7);
  const int64_t day_of_week = days - weeks * 7;  // 0 = Monday ... 6 = Sunday
  return weeks * 5 + std::min<int64_t>(day_of_week + 1, 5);
}

// The first day d with WeekdaysThrough(d) >= count: the count-th weekday, which is
// necessarily a weekday itself.
Date WeekdayNumbered(int64_t count) {
  const int64_t weeks = FloorDiv(count - 1, 5);
  const int64_t day_of_week = (count - 1) - weeks * 5;
  return kEpochMonday + (weeks * 7 + day_of_week);
}

std::vector<Date> SortedWeekdaysOnly(std::vector<Date> days) {
  // Weekend entries would be counted twice as non-working days.
  days.erase(std::remove_if(days.begin(), days.end(), IsWeekend), days.end());
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

}  // namespace

const WorkingDayCalendar& WorkingDayCalendar::EnglandAndWales() {
  static const WorkingDayCalendar* const calendar = [] {
    std::vector<Date> holidays;
    for (const time_internal::CivilYmd& h : time_internal::EnglandAndWalesBankHolidays()) {
      holidays.emplace_back(h.year, h.month, h.day);
    }
    return new WorkingDayCalendar(std::move(holidays));
  }();
  return *calendar;
}

WorkingDayCalendar::WorkingDayCalendar(std::vector<Date> holidays)
    : holidays_(SortedWeekdaysOnly(std::move(holidays))),
      holiday_set_(holidays_.begin(), holidays_.end()) {}

WorkingDayCalendar WorkingDayCalendar::WithClosureDays(
    absl::Span<const Date> closure_days) const {
  std::vector<Date> days = holidays_;
  days.insert(days.end(), closure_days.begin(), closure_days.end());
  return WorkingDayCalendar(std::move(days));
}

bool WorkingDayCalendar::IsWorkingDay(Date d) const {
  return !IsWeekend(d) && !holiday_set_.contains(d);
}

namespace {

// C(d) for a calendar with the given sorted weekday holidays.
int64_t WorkingDaysThrough(const std::vector<Date>& holidays, Date d) {
  const auto holidays_through =
      std::upper_bound(holidays.begin(), holidays.end(), d) - holidays.begin();
  return WeekdaysThrough(d) - holidays_through;
}

// The first day on which C reaches `target`; a working day, since C only rises on those.
// With h holidays before that day, it is simply the (target + h)-th weekday. h is found by
// binary search: the i-th holiday lies before the answer exactly when C there is still
// below target (C is non-decreasing, and the answer is a working day, never a holiday).
Date FirstDayReaching(const std::vector<Date>& holidays, int64_t target) {
  int64_t low = 0;
  int64_t high = static_cast<int64_t>(holidays.size());
  while (low < high) {
    const int64_t mid = low + (high - low) / 2;
    // C at the mid-th holiday: it and the `mid` before it are all non-working.
    const int64_t working_through_mid = WeekdaysThrough(holidays[mid]) - (mid + 1);
    if (working_through_mid < target) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return WeekdayNumbered(target + low);
}

}  // namespace

Date WorkingDayCalendar::AddWorkingDays(Date start, int n) const {
  if (n == 0) return start;
  if (n > 0) return FirstDayReaching(holidays_, WorkingDaysThrough(holidays_, start) + n);
  // Going back |n| working days from start lands on the working day w for which exactly
  // |n| working days lie in [w, start), i.e. C(w) = C(start - 1) - |n| + 1.
  return FirstDayReaching(holidays_, WorkingDaysThrough(holidays_, start - 1) + n + 1);
}

int WorkingDayCalendar::WorkingDaysBetween(Date start, Date end) const {
  // C(end) - C(start) also gives the mirrored count when end < start.
  return static_cast<int>(WorkingDaysThrough(holidays_, end) -
                          WorkingDaysThrough(holidays_, start));
}

}  // namespace scorecard
