#include "services/placement/timescales.h"

namespace scorecard::placement {

Date ReviewDueAfter(Date held, int number) {
  return AddCalendarMonths(held, number == 1 ? kSecondReviewMonths : kLaterReviewMonths);
}

Date ReviewLapseAfterFirst(absl::Span<const Date> reviews) {
  for (size_t i = 0; i + 1 < reviews.size(); ++i) {
    const Date due = ReviewDueAfter(reviews[i], static_cast<int>(i) + 1);
    if (reviews[i + 1] > due) return due;
  }
  return ReviewDueAfter(reviews.back(), static_cast<int>(reviews.size()));
}

Date NextHealthAssessmentDueBy(std::optional<Date> birth_date, Date last) {
  const Date six_months = AddCalendarMonths(last, kHealthAssessmentMonthsUnderFive);
  if (birth_date.has_value() &&
      AgeInYears(*birth_date, six_months) < kHealthAssessmentAgeThreshold) {
    return six_months;
  }
  return AddCalendarMonths(last, kHealthAssessmentMonthsFromFive);
}

Date NextDentalCheckDueBy(Date last) { return AddCalendarMonths(last, kDentalCheckMonths); }

}  // namespace scorecard::placement
