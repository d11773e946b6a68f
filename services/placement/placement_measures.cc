#include "services/placement/placement_measures.h"

#include <algorithm>

#include "services/placement/ssda903_codes.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;

bool InTeam(const ChildFacts& child, const MeasureContext& ctx) {
  return ctx.team.empty() || child.team == ctx.team;
}

bool OpenAtEndOf(Date start, const std::optional<Date>& end, Date d) {
  return start <= d && (!end.has_value() || *end > d);
}

bool IsUascAt(const ChildFacts& child, Date d) {
  return child.uasc && (!child.uasc_ceased_date.has_value() || *child.uasc_ceased_date > d);
}

// The distinct days in [first, last] on which the child had a review. Two records of one
// day are one review: counting both would shift every later review's timescale.
std::vector<Date> ReviewDaysBetween(const ChildFacts& child, Date first, Date last) {
  std::vector<Date> days;
  for (Date held : child.review_dates) {
    if (held < first || held > last) continue;
    if (days.empty() || days.back() != held) days.push_back(held);
  }
  return days;
}

}  // namespace

bool IsLookedAfterAt(const ChildFacts& child, Date d) {
  return std::any_of(child.episodes.begin(), child.episodes.end(), [d](const EpisodeFacts& e) {
    return !ssda903::IsShortBreak(e.legal_status) && OpenAtEndOf(e.start_date, e.end_date, d);
  });
}

std::vector<PeriodOfCare> PeriodsOfCare(const ChildFacts& child) {
  std::vector<PeriodOfCare> periods;
  for (const EpisodeFacts& e : child.episodes) {
    if (ssda903::IsShortBreak(e.legal_status)) continue;
    const bool continues_period =
        !periods.empty() && e.reason_new_episode != ssda903::kStartedToBeLookedAfter &&
        (!periods.back().end.has_value() || e.start_date <= *periods.back().end);
    if (!continues_period) {
      periods.push_back({e.start_date, e.end_date});
      continue;
    }
    PeriodOfCare& current = periods.back();
    if (!current.end.has_value()) continue;  // already open
    current.end = e.end_date.has_value() ? std::optional<Date>(std::max(*current.end, *e.end_date))
                                         : std::nullopt;
  }
  return periods;
}

std::optional<PeriodOfCare> PeriodOfCareAt(const ChildFacts& child, Date d) {
  std::optional<PeriodOfCare> found;
  // The latest-starting match: a new "S" period wins over a wrongly unclosed older one.
  for (const PeriodOfCare& p : PeriodsOfCare(child)) {
    if (OpenAtEndOf(p.start, p.end, d)) found = p;
  }
  return found;
}

Date NextReviewDueBy(Date period_start, absl::Span<const Date> held,
                     const WorkingDayCalendar& calendar) {
  if (held.empty()) return calendar.AddWorkingDays(period_start, kFirstReviewWorkingDays);
  if (held.size() == 1) return AddCalendarMonths(held.front(), kSecondReviewMonths);
  return AddCalendarMonths(held.back(), kLaterReviewMonths);
}

bool ReviewsOnTimeAt(Date period_start, absl::Span<const Date> held, Date at,
                     const WorkingDayCalendar& calendar) {
  for (size_t i = 0; i < held.size(); ++i) {
    if (held[i] > NextReviewDueBy(period_start, held.first(i), calendar)) return false;
  }
  return NextReviewDueBy(period_start, held, calendar) >= at;
}

Fraction LookedAfterChildren(const PlacementData& data, const MeasureContext& ctx) {
  int n = 0;
  for (const ChildFacts& child : data.children) {
    if (InTeam(child, ctx) && IsLookedAfterAt(child, ctx.month_end)) ++n;
  }
  return Count(n);
}

Fraction LookedAfterUasc(const PlacementData& data, const MeasureContext& ctx) {
  int n = 0;
  for (const ChildFacts& child : data.children) {
    if (InTeam(child, ctx) && IsUascAt(child, ctx.month_end) &&
        IsLookedAfterAt(child, ctx.month_end)) {
      ++n;
    }
  }
  return Count(n);
}

Fraction LacReviewsOnTime(const PlacementData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  Fraction f;
  for (const ChildFacts& child : data.children) {
    if (!InTeam(child, ctx)) continue;
    const std::optional<PeriodOfCare> period = PeriodOfCareAt(child, d);
    if (!period.has_value()) continue;
    // Until the first review falls due nothing can be late, so the child is not yet counted.
    if (ctx.calendar->AddWorkingDays(period->start, kFirstReviewWorkingDays) > d) continue;
    f.denominator += 1;
    const std::vector<Date> held = ReviewDaysBetween(child, period->start, d);
    if (ReviewsOnTimeAt(period->start, held, d, *ctx.calendar)) f.numerator += 1;
  }
  return f;
}

const MeasureRegistry<PlacementData>& PlacementMeasures() {
  static const MeasureRegistry<PlacementData>* const registry = [] {
    auto* r = new MeasureRegistry<PlacementData>();
    r->Add({"placement.lac_count", cv1::UNIT_COUNT, {cv1::BASIS_SNAPSHOT},
            "Children looked after at month end: an episode started on or before the last "
            "day of the month and not ended by it (an episode ending that day does not "
            "count). Short breaks (legal status V3/V4) are excluded; each child counts once."},
           LookedAfterChildren);
    r->Add({"placement.lac_uasc", cv1::UNIT_COUNT, {cv1::BASIS_SNAPSHOT},
            "Of children looked after at month end, those who were unaccompanied "
            "asylum-seeking children then (UASC, with no date ceased to be UASC on or before "
            "month end)."},
           LookedAfterUasc);
    r->Add({"placement.lac_reviews_on_time", cv1::UNIT_PERCENT, {cv1::BASIS_SNAPSHOT},
            "Of children looked after at month end for at least 20 working days in their "
            "current period of care, the percentage whose reviews in that period were all "
            "on time (regulation 33: first within 20 working days of the period's start, "
            "second within 3 months of the first, then at most 6 months apart) and whose "
            "next review was not overdue at month end."},
           LacReviewsOnTime);
    return r;
  }();
  return *registry;
}

}  // namespace scorecard::placement
