// Statutory timescales for looked-after children and the due dates they give, in one place
// for both the loader (which works out each child's due dates once) and the measures.
//
//   Date next = NextHealthAssessmentDueBy(birth, Date(2017, 3, 10));   // 6 or 12 months on
//   Date lapse = ReviewLapseAfterFirst({Date(2017, 6, 19), Date(2017, 9, 1)});
//   // reviews on time up to and including `lapse`, if the first was on time
//
// Calendar months are clamped to the month's end (AddCalendarMonths): 31/08 + 6 months is
// 28/02 (29/02 in a leap year).
#ifndef SCORECARD_SERVICES_PLACEMENT_TIMESCALES_H_
#define SCORECARD_SERVICES_PLACEMENT_TIMESCALES_H_

#include <optional>

#include "absl/types/span.h"
#include "common/time/civil_date.h"

namespace scorecard::placement {

// Care Planning, Placement and Case Review (England) Regulations 2010, reg 33: the first
// review within 20 working days of becoming looked after, the second within 3 months of the
// first, each later one within 6 months of the one before.
inline constexpr int kFirstReviewWorkingDays = 20;
inline constexpr int kSecondReviewMonths = 3;
inline constexpr int kLaterReviewMonths = 6;

// Reg 28(2)(a): a visit within one week of the start of any placement. Reg 28(3): the
// long-term interval applies once the placement has lasted a year.
inline constexpr int kNewPlacementVisitDays = 7;
inline constexpr int kLongTermPlacementQualifyingMonths = 12;

// Reg 7: health assessments at least every 6 months before the child's 5th birthday and
// every 12 months after it. Dental checks yearly.
inline constexpr int kHealthAssessmentMonthsUnderFive = 6;
inline constexpr int kHealthAssessmentMonthsFromFive = 12;
inline constexpr int kHealthAssessmentAgeThreshold = 5;
inline constexpr int kDentalCheckMonths = 12;

// The last day for the review after one held on `held`, which was the `number`-th review
// of its period (1 for the first): 3 months after the first, 6 months after later ones.
Date ReviewDueAfter(Date held, int number);

// Given the distinct review days of a period, ascending from its first review (assumed on
// time), the last day on which the period's reviews are all on time: the due day of the
// first review that was held late, or of the next one not yet held. Looking at the end of
// any day `at` up to this one, every review held by `at` met its timescale and the next
// was not overdue; from the day after, one was missed. Requires a non-empty span.
Date ReviewLapseAfterFirst(absl::Span<const Date> reviews);

// The last day of the next health assessment after one held on `last`: 6 months later if
// the child will still be under 5 on that day, else 12 months later (the 5th birthday ends
// the 6-monthly regime; after it, at least every 12 months). Unknown birth date: 12 months.
// An assessment on 29/02/2016 of a child over 5 is next due 28/02/2017.
Date NextHealthAssessmentDueBy(std::optional<Date> birth_date, Date last);

// The last day of the next dental check after one on `last` (or of the first after entering
// care on `last`): 12 months later.
Date NextDentalCheckDueBy(Date last);

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_TIMESCALES_H_
