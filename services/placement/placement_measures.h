// Placement counting rules: pure functions from children's care histories to a numerator
// and denominator.
//
//   MeasureContext ctx = ...;  // month 2017-06, basis snapshot, month_end 2017-06-30
//   Fraction f = LacReviewsOnTime(data, ctx);
//   // f.denominator: children looked after on 30/06/2017 whose first review had fallen due;
//   // f.numerator: of them, those whose reviews in the current period of care were all on
//   // time and none is overdue.
//
// "Looked after at the end of day d" follows the DfE's "looked after at 31 March": an
// episode that started on or before d and had not ended by d (an episode ending on d is
// over at the end of d). Short breaks (legal status V3/V4) are left out, as the DfE does.
#ifndef SCORECARD_SERVICES_PLACEMENT_PLACEMENT_MEASURES_H_
#define SCORECARD_SERVICES_PLACEMENT_PLACEMENT_MEASURES_H_

#include <optional>
#include <vector>

#include "absl/types/span.h"
#include "common/measures/measure_registry.h"
#include "common/measures/measure_value.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"
#include "services/placement/placement_data.h"

namespace scorecard::placement {

// Care Planning, Placement and Case Review (England) Regulations 2010, reg 33: the first
// review within 20 working days of becoming looked after, the second within 3 months of the
// first, each later one within 6 months of the one before.
inline constexpr int kFirstReviewWorkingDays = 20;
inline constexpr int kSecondReviewMonths = 3;
inline constexpr int kLaterReviewMonths = 6;

// An unbroken stretch of being looked after, from an "S" episode (or the child's first)
// through the episodes that follow on from it.
struct PeriodOfCare {
  Date start;
  // The day the last episode ended; absent while an episode is open.
  std::optional<Date> end;
};

// True when an episode other than a short break is open at the end of day `d`.
bool IsLookedAfterAt(const ChildFacts& child, Date d);

// The child's periods of care in start order. Short-break episodes are ignored: the review
// clock runs from becoming looked after in the full sense. An episode continues the current
// period unless it is an "S" episode or starts after every earlier episode of the period
// has ended (a gap). Overlapping episodes (a recording error) stay in one period.
std::vector<PeriodOfCare> PeriodsOfCare(const ChildFacts& child);

// The period of care the child is in at the end of day `d`, if looked after then.
std::optional<PeriodOfCare> PeriodOfCareAt(const ChildFacts& child, Date d);

// The last day on which the next review may be held, given the period's start and the
// reviews already held in it (ascending, distinct days).
Date NextReviewDueBy(Date period_start, absl::Span<const Date> held,
                     const WorkingDayCalendar& calendar);

// True when, looking at the end of day `at`, each review held in the period (ascending,
// all in [period_start, at]) met its timescale and the next one is not overdue. A review
// due on `at` itself can still be held that day, so it is not yet late. An early review is
// on time, and the next one's clock runs from the day it was actually held.
bool ReviewsOnTimeAt(Date period_start, absl::Span<const Date> held, Date at,
                     const WorkingDayCalendar& calendar);

// placement.lac_count: children looked after at month end.
Fraction LookedAfterChildren(const PlacementData& data, const MeasureContext& ctx);
// placement.lac_uasc: of them, those who were unaccompanied asylum-seeking children then.
Fraction LookedAfterUasc(const PlacementData& data, const MeasureContext& ctx);
// placement.lac_reviews_on_time: of children looked after at month end whose first review
// had fallen due (looked after for 20 working days or more in the current period of care),
// those whose reviews in that period were all on time and none is overdue.
Fraction LacReviewsOnTime(const PlacementData& data, const MeasureContext& ctx);

// Every placement measure, by id.
const MeasureRegistry<PlacementData>& PlacementMeasures();

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_PLACEMENT_MEASURES_H_
