#include "services/placement/placement_measures.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "services/placement/ssda903_codes.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;

bool InTeam(const ChildFacts& child, const MeasureContext& ctx) {
  return ctx.team.empty() || child.team == ctx.team;
}

bool IsUascAt(const ChildFacts& child, Date d) {
  return child.uasc && (!child.uasc_ceased_date.has_value() || *child.uasc_ceased_date > d);
}

// True when an optional end (or issue) date has happened by the end of `d`.
bool HappenedBy(const std::optional<Date>& day, Date d) { return day.has_value() && *day <= d; }

// The index of the latest of ascending `dates` in [first, last].
std::optional<size_t> LatestIndexIn(const std::vector<Date>& dates, Date first, Date last) {
  auto it = std::upper_bound(dates.begin(), dates.end(), last);
  if (it == dates.begin() || *std::prev(it) < first) return std::nullopt;
  return static_cast<size_t>(std::prev(it) - dates.begin());
}

// The latest of ascending `dates` in [first, last].
std::optional<Date> LatestIn(const std::vector<Date>& dates, Date first, Date last) {
  const std::optional<size_t> i = LatestIndexIn(dates, first, last);
  if (!i.has_value()) return std::nullopt;
  return dates[*i];
}

// The earliest of ascending `dates` in [first, last].
std::optional<Date> EarliestIn(const std::vector<Date>& dates, Date first, Date last) {
  auto it = std::lower_bound(dates.begin(), dates.end(), first);
  if (it == dates.end() || *it > last) return std::nullopt;
  return *it;
}

int CountIn(const std::vector<Date>& dates, const DateRange& range) {
  return static_cast<int>(std::upper_bound(dates.begin(), dates.end(), range.last) -
                          std::lower_bound(dates.begin(), dates.end(), range.first));
}

int DaysBetween(Date from, Date to) { return static_cast<int>(to - from); }

// The first day of the `months` whole months ending with `month`.
Date WindowStart(Month month, int months) { return TrailingMonths(month, months).first; }

// The index of the period of care the child is in at the end of `d` (latest-starting).
std::optional<size_t> PeriodIndexAt(const ChildFacts& child, Date d) {
  for (size_t i = child.periods.size(); i-- > 0;) {
    if (OpenAtEndOf(child.periods[i].start, child.periods[i].end, d)) return i;
  }
  return std::nullopt;
}

// Calls fn(child, period_index) for each child in ctx's team looked after at the end of
// the month, once each, with the period of care they are in then.
template <typename Fn>
void ForEachLookedAfter(const PlacementData& data, const MeasureContext& ctx, Fn fn) {
  const Date d = ctx.month_end;
  if (data.care_spans_for_children != data.children.size()) {  // not indexed: scan all
    for (const ChildFacts& child : data.children) {
      if (!InTeam(child, ctx)) continue;
      const std::optional<size_t> period = PeriodIndexAt(child, d);
      if (period.has_value()) fn(child, *period);
    }
    return;
  }
  const std::vector<LookedAfterEntry>& looked_after = data.looked_after->At(d, [&data, d] {
    std::vector<LookedAfterEntry> entries;
    // Only periods still open at the end of d can hold a child then: a suffix in end order.
    auto it = std::upper_bound(data.care_spans.begin(), data.care_spans.end(), d,
                               [](Date day, const CareSpan& span) { return day < span.end; });
    for (; it != data.care_spans.end(); ++it) {
      if (it->start > d) continue;
      // Overlapping periods (a recording error) count once, through the one in force.
      const std::optional<size_t> period = PeriodIndexAt(data.children[it->child], d);
      if (period.has_value() && *period == it->period) entries.push_back({it->child, it->period});
    }
    return entries;
  });
  for (const LookedAfterEntry& e : looked_after) {
    const ChildFacts& child = data.children[e.child];
    if (InTeam(child, ctx)) fn(child, e.period);
  }
}

// The day through which a period's reviews are all on time: the first review's deadline
// if it was missed (or not yet held), else the lapse worked out from its reviews.
Date ReviewLapse(const std::optional<Date>& first_review, Date lapse_after_first,
                 Date first_review_due) {
  return first_review.has_value() && *first_review <= first_review_due ? lapse_after_first
                                                                       : first_review_due;
}

// The health assessment due date with working-day deadlines from `working_days_after`.
template <typename WorkingDaysAfter>
Date HealthDueBy(const ChildFacts& child, Date period_start, Date d, int initial_working_days,
                 WorkingDaysAfter working_days_after) {
  const std::optional<size_t> last = LatestIndexIn(child.health_assessment_dates, period_start, d);
  if (!last.has_value()) return working_days_after(period_start, initial_working_days);
  return child.health_assessment_next_due[*last];
}

// The days a visit rule compares against, worked out once per month.
struct VisitThresholds {
  Date seen_since;           // seen on or after this day
  Date new_placement_since;  // a placement starting on or after this day is in its first week
  bool long_term = false;    // the long-term setting is on
  Date long_term_placed_by;  // a U1/U4 placement starting by this day has lasted a year
  Date long_term_seen_since;
};

VisitThresholds ThresholdsFor(Date d, const PlacementSettings& settings) {
  VisitThresholds t;
  t.seen_since = d - 7 * settings.lac_visit_interval_weeks;
  t.new_placement_since = d - kNewPlacementVisitDays;
  t.long_term = settings.long_term_placement_visit_interval_weeks > 0;
  if (t.long_term) {
    t.long_term_placed_by = AddCalendarMonths(d, -kLongTermPlacementQualifyingMonths);
    t.long_term_seen_since = d - 7 * settings.long_term_placement_visit_interval_weeks;
  }
  return t;
}

bool SeenWithin(const ChildFacts& child, const PeriodOfCare& period, Date d,
                const VisitThresholds& t) {
  const PlacementSpell* placement = PlacementAt(child, d);
  // Reg 28(2)(a): the first visit to a new placement is due a week after it starts.
  if (placement != nullptr && placement->start >= t.new_placement_since) return true;
  Date seen_since = t.seen_since;
  if (t.long_term && placement != nullptr &&
      ssda903::IsLongTermFosterPlacement(placement->placement) &&
      placement->start <= t.long_term_placed_by) {
    seen_since = t.long_term_seen_since;
  }
  const std::optional<Date> last_seen = LatestIn(child.visit_dates, period.start, d);
  return last_seen.has_value() && *last_seen >= seen_since;
}

// The 12 months the OC2 cohort is judged over: [first, last].
struct Oc2Window {
  Date first;
  Date last;
};

Oc2Window Oc2WindowFor(Month month) {
  return {WindowStart(month, kOc2CohortMonths), LastDayOf(month)};
}

bool InOc2Cohort(const ChildFacts& child, const PeriodOfCare& period, const Oc2Window& w) {
  if (period.start > w.first) return false;
  // The DfE's exclusions (DOMAIN-RESEARCH 1.2): a new period of care starting in
  // (first, last]; an episode ending other than X1 in [first, last); a short break.
  auto start =
      std::upper_bound(child.care_start_dates.begin(), child.care_start_dates.end(), w.first);
  if (start != child.care_start_dates.end() && *start <= w.last) return false;
  auto exit = std::lower_bound(child.care_exit_dates.begin(), child.care_exit_dates.end(), w.first);
  if (exit != child.care_exit_dates.end() && *exit < w.last) return false;
  for (const DateSpan& b : child.short_breaks) {
    if (b.start <= w.last && (!b.end.has_value() || *b.end >= w.first)) return false;
  }
  return true;
}

// Of the children looked after at month end for whom include(child, period_index) holds,
// those whose health assessment is not overdue (numerator) out of all (denominator).
template <typename Include>
Fraction HealthOnTimeAmong(const PlacementData& data, const MeasureContext& ctx, Include include) {
  const Date d = ctx.month_end;
  const int initial_working_days = data.settings.At(d).initial_health_assessment_working_days;
  auto working_days_after = [&](Date start, int n) {
    return data.working_days->AddWorkingDays(*ctx.calendar, start, n);
  };
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    if (!include(child, p)) return;
    f.denominator += 1;
    const Date due =
        HealthDueBy(child, child.periods[p].start, d, initial_working_days, working_days_after);
    if (due >= d) f.numerator += 1;
  });
  return f;
}

// The overdue count from an on-time fraction: the rest of its denominator.
Fraction OverdueCount(const Fraction& on_time) {
  return Count(on_time.denominator - on_time.numerator);
}

// The average of one adoption timescale over children adopted in the period.
template <typename Pick>
Fraction AdoptionAverage(const PlacementData& data, const MeasureContext& ctx, Pick pick) {
  Fraction f;
  for (const ChildFacts& child : data.children) {
    if (!InTeam(child, ctx)) continue;
    for (const AdoptionFacts& adoption : child.adoptions) {
      if (!adoption.adoption_order_date.has_value() ||
          !ctx.period.Contains(*adoption.adoption_order_date)) {
        continue;
      }
      const std::optional<int> days = pick(AdoptionTimescalesOf(child, adoption));
      if (!days.has_value()) continue;
      f.numerator += *days;
      f.denominator += 1;
    }
  }
  return f;
}

// Calls fn(proceedings) for each of ctx's team's proceedings concluded in the period.
template <typename Fn>
void ForEachConcludedProceedings(const PlacementData& data, const MeasureContext& ctx, Fn fn) {
  for (const ChildFacts& child : data.children) {
    if (!InTeam(child, ctx)) continue;
    for (const ProceedingsFacts& p : child.proceedings) {
      if (p.concluded_date.has_value() && ctx.period.Contains(*p.concluded_date)) fn(p);
    }
  }
}

bool PreProceedingsOpenAt(const PreProceedingsFacts& p, Date d) {
  return p.start_date <= d && !HappenedBy(p.end_date, d) && !HappenedBy(p.issued_date, d);
}

template <typename Include>
Fraction CountPreProceedings(const PlacementData& data, const MeasureContext& ctx,
                             Include include) {
  int n = 0;
  for (const ChildFacts& child : data.children) {
    if (!InTeam(child, ctx)) continue;
    for (const PreProceedingsFacts& p : child.pre_proceedings) {
      if (PreProceedingsOpenAt(p, ctx.month_end) && include(p)) ++n;
    }
  }
  return Count(n);
}

Fraction ApprovalsIn(const std::vector<Date>& approvals, const MeasureContext& ctx) {
  // Approvals belong to no child and so to no team.
  if (!ctx.team.empty()) return Count(0);
  return Count(CountIn(approvals, ctx.period));
}

}  // namespace

// ---- where a child is at the end of a day -------------------------------------------------

bool IsLookedAfterAt(const ChildFacts& child, Date d) {
  return PeriodIndexAt(child, d).has_value();
}

std::optional<PeriodOfCare> PeriodOfCareAt(const ChildFacts& child, Date d) {
  const std::optional<size_t> i = PeriodIndexAt(child, d);
  if (!i.has_value()) return std::nullopt;
  return child.periods[*i];
}

const PlacementSpell* PlacementAt(const ChildFacts& child, Date d) {
  for (auto it = child.placements.rbegin(); it != child.placements.rend(); ++it) {
    if (OpenAtEndOf(it->start, it->end, d)) return &*it;
  }
  return nullptr;
}

// ---- reviews ------------------------------------------------------------------------------

Date NextReviewDueBy(Date period_start, absl::Span<const Date> held,
                     const WorkingDayCalendar& calendar) {
  if (held.empty()) return calendar.AddWorkingDays(period_start, kFirstReviewWorkingDays);
  return ReviewDueAfter(held.back(), static_cast<int>(held.size()));
}

bool ReviewsOnTimeAt(Date period_start, absl::Span<const Date> held, Date at,
                     const WorkingDayCalendar& calendar) {
  const Date first_due = calendar.AddWorkingDays(period_start, kFirstReviewWorkingDays);
  if (held.empty()) return at <= first_due;
  return at <= ReviewLapse(held.front(), ReviewLapseAfterFirst(held), first_due);
}

// ---- visits -------------------------------------------------------------------------------

bool SeenWithinTimescaleAt(const ChildFacts& child, const PeriodOfCare& period, Date d,
                           const PlacementSettings& settings) {
  return SeenWithin(child, period, d, ThresholdsFor(d, settings));
}

// ---- health -------------------------------------------------------------------------------

Date HealthAssessmentDueBy(const ChildFacts& child, Date period_start, Date d,
                           const PlacementSettings& settings, const WorkingDayCalendar& calendar) {
  return HealthDueBy(child, period_start, d, settings.initial_health_assessment_working_days,
                     [&calendar](Date start, int n) { return calendar.AddWorkingDays(start, n); });
}

Date DentalCheckDueBy(const ChildFacts& child, Date period_start, Date d) {
  const std::optional<size_t> last = LatestIndexIn(child.dental_check_dates, period_start, d);
  if (!last.has_value()) return NextDentalCheckDueBy(period_start);
  return child.dental_check_next_due[*last];
}

// ---- OC2 ----------------------------------------------------------------------------------

bool InOc2CohortAt(const ChildFacts& child, Month month) {
  const Oc2Window window = Oc2WindowFor(month);
  const std::optional<PeriodOfCare> period = PeriodOfCareAt(child, window.last);
  return period.has_value() && InOc2Cohort(child, *period, window);
}

// ---- proceedings --------------------------------------------------------------------------

bool ConcludedWithin26Weeks(Date issued, Date concluded) {
  return concluded <= issued + (kProceedingsWeeks * 7 - 1);
}

// ---- adoption -----------------------------------------------------------------------------

AdoptionTimescales AdoptionTimescalesOf(const ChildFacts& child, const AdoptionFacts& adoption) {
  AdoptionTimescales t;
  // Children not placed before the adoption order are not counted (DOMAIN-RESEARCH 1.3).
  if (!adoption.placed_date.has_value()) return t;
  const Date placed = *adoption.placed_date;
  const PeriodOfCare* entered = nullptr;  // the latest period starting on or before placed
  for (const PeriodOfCare& p : child.periods) {
    if (p.start <= placed) entered = &p;
  }
  if (entered != nullptr) {
    t.a1_days = DaysBetween(entered->start, placed);
    Date stop = placed;
    if (adoption.placed_with_adopting_foster_carer_date.has_value()) {
      stop = std::min(stop, *adoption.placed_with_adopting_foster_carer_date);
    }
    t.a10_days = std::max(0, DaysBetween(entered->start, stop));
  }
  if (adoption.placement_order_date.has_value() && adoption.matched_date.has_value()) {
    t.a2_days = std::max(0, DaysBetween(*adoption.placement_order_date, *adoption.matched_date));
  }
  return t;
}

// ---- stability ----------------------------------------------------------------------------

int PlacementsDuring(const ChildFacts& child, DateRange window) {
  int n = 0;
  for (const PlacementSpell& s : child.placements) {
    if (s.start > window.last) break;  // in start order
    if (!s.end.has_value() || *s.end >= window.first) ++n;
  }
  return n;
}

// ---- measures -----------------------------------------------------------------------------

Fraction LookedAfterChildren(const PlacementData& data, const MeasureContext& ctx) {
  int n = 0;
  ForEachLookedAfter(data, ctx, [&n](const ChildFacts&, size_t) { ++n; });
  return Count(n);
}

Fraction LookedAfterUasc(const PlacementData& data, const MeasureContext& ctx) {
  int n = 0;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t) {
    if (IsUascAt(child, ctx.month_end)) ++n;
  });
  return Count(n);
}

Fraction LookedAfterRate(const PlacementData& data, const MeasureContext& ctx) {
  const std::optional<int64_t> population = data.population.ForMonth(ctx.month);
  return Fraction{LookedAfterChildren(data, ctx).numerator,
                  population.has_value() ? static_cast<double>(*population) : 0.0};
}

Fraction LacReviewsOnTime(const PlacementData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    const Date first_due = data.working_days->AddWorkingDays(*ctx.calendar, child.periods[p].start,
                                                             kFirstReviewWorkingDays);
    // Until the first review falls due nothing can be late, so the child is not yet counted.
    if (first_due > d) return;
    f.denominator += 1;
    const PeriodFacts& facts = child.period_facts[p];
    if (d <= ReviewLapse(facts.first_review, facts.review_lapse_after_first, first_due)) {
      f.numerator += 1;
    }
  });
  return f;
}

Fraction LacVisitsWithinTimescale(const PlacementData& data, const MeasureContext& ctx) {
  const VisitThresholds thresholds = ThresholdsFor(ctx.month_end, data.settings.At(ctx.month_end));
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    f.denominator += 1;
    if (SeenWithin(child, child.periods[p], ctx.month_end, thresholds)) f.numerator += 1;
  });
  return f;
}

Fraction HealthAssessmentsOnTime(const PlacementData& data, const MeasureContext& ctx) {
  return HealthOnTimeAmong(data, ctx, [](const ChildFacts&, size_t) { return true; });
}

Fraction HealthAssessmentsOverdue(const PlacementData& data, const MeasureContext& ctx) {
  return OverdueCount(HealthAssessmentsOnTime(data, ctx));
}

Fraction DentalChecksOnTime(const PlacementData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    f.denominator += 1;
    if (DentalCheckDueBy(child, child.periods[p].start, d) >= d) f.numerator += 1;
  });
  return f;
}

Fraction Oc2Cohort(const PlacementData& data, const MeasureContext& ctx) {
  const Oc2Window window = Oc2WindowFor(ctx.month);
  int n = 0;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    if (InOc2Cohort(child, child.periods[p], window)) ++n;
  });
  return Count(n);
}

Fraction Oc2HealthOnTime(const PlacementData& data, const MeasureContext& ctx) {
  const Oc2Window window = Oc2WindowFor(ctx.month);
  return HealthOnTimeAmong(data, ctx, [&window](const ChildFacts& child, size_t p) {
    return InOc2Cohort(child, child.periods[p], window);
  });
}

Fraction Oc2HealthOverdue(const PlacementData& data, const MeasureContext& ctx) {
  return OverdueCount(Oc2HealthOnTime(data, ctx));
}

Fraction InitialHealthAssessmentsOnTime(const PlacementData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  const int working_days = data.settings.At(d).initial_health_assessment_working_days;
  Fraction f;
  for (const ChildFacts& child : data.children) {
    if (!InTeam(child, ctx)) continue;
    for (const PeriodOfCare& p : child.periods) {
      if (!ctx.period.Contains(p.start)) continue;
      const Date due = data.working_days->AddWorkingDays(*ctx.calendar, p.start, working_days);
      // Only an assessment while in this period of care, and by d, is its initial one.
      const Date last_day = HappenedBy(p.end, d) ? *p.end : d;
      const std::optional<Date> first =
          EarliestIn(child.health_assessment_dates, p.start, last_day);
      if (first.has_value()) {
        f.denominator += 1;
        if (*first <= due) f.numerator += 1;
        continue;
      }
      if (due >= d) continue;                // not yet due
      if (HappenedBy(p.end, due)) continue;  // left care by the due day: none needed
      f.denominator += 1;                    // due, none held: late
    }
  }
  return f;
}

Fraction AdoptionA1Days(const PlacementData& data, const MeasureContext& ctx) {
  return AdoptionAverage(data, ctx, [](const AdoptionTimescales& t) { return t.a1_days; });
}

Fraction AdoptionA2Days(const PlacementData& data, const MeasureContext& ctx) {
  return AdoptionAverage(data, ctx, [](const AdoptionTimescales& t) { return t.a2_days; });
}

Fraction AdoptionA10Days(const PlacementData& data, const MeasureContext& ctx) {
  return AdoptionAverage(data, ctx, [](const AdoptionTimescales& t) { return t.a10_days; });
}

Fraction ProceedingsWeeks(const PlacementData& data, const MeasureContext& ctx) {
  Fraction f;
  ForEachConcludedProceedings(data, ctx, [&f](const ProceedingsFacts& p) {
    f.numerator += DaysBetween(p.issued_date, *p.concluded_date) / 7.0;
    f.denominator += 1;
  });
  return f;
}

Fraction ProceedingsWithin26Weeks(const PlacementData& data, const MeasureContext& ctx) {
  Fraction f;
  ForEachConcludedProceedings(data, ctx, [&f](const ProceedingsFacts& p) {
    f.denominator += 1;
    if (ConcludedWithin26Weeks(p.issued_date, *p.concluded_date)) f.numerator += 1;
  });
  return f;
}

Fraction PreProceedingsOpen(const PlacementData& data, const MeasureContext& ctx) {
  return CountPreProceedings(data, ctx, [](const PreProceedingsFacts&) { return true; });
}

Fraction CasesToIssue(const PlacementData& data, const MeasureContext& ctx) {
  return CountPreProceedings(data, ctx, [&ctx](const PreProceedingsFacts& p) {
    return HappenedBy(p.decision_to_issue_date, ctx.month_end);
  });
}

Fraction PlacementMoves3Plus(const PlacementData& data, const MeasureContext& ctx) {
  const DateRange window = TrailingMonths(ctx.month, kPlacementMovesMonths);
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t) {
    f.denominator += 1;
    if (PlacementsDuring(child, window) >= kPlacementMovesThreshold) f.numerator += 1;
  });
  return f;
}

Fraction LongTermStability(const PlacementData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  const Date cared_for_since = WindowStart(ctx.month, kLongTermStabilityCareMonths);
  const Date placed_since = WindowStart(ctx.month, kLongTermStabilityPlacementMonths);
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    const PeriodOfCare& period = child.periods[p];
    // Age unknown: whether the child is under 16 cannot be told, so not counted.
    if (!child.birth_date.has_value() ||
        AgeInYears(*child.birth_date, d) >= kLongTermStabilityAgeLimit ||
        period.start > cared_for_since) {
      return;
    }
    f.denominator += 1;
    const PlacementSpell* current = PlacementAt(child, d);
    if (current == nullptr) return;
    Date stable_since = current->start;
    // An adoptive placement counts together with the placement before it (former NI 63).
    if (ssda903::IsAdoptionPlacement(current->placement) && current != child.placements.data() &&
        (current - 1)->start >= period.start) {
      stable_since = (current - 1)->start;
    }
    if (stable_since <= placed_since) f.numerator += 1;
  });
  return f;
}

Fraction FosterCarersApproved(const PlacementData& data, const MeasureContext& ctx) {
  return ApprovalsIn(data.foster_carer_approvals, ctx);
}

Fraction AdoptersApproved(const PlacementData& data, const MeasureContext& ctx) {
  return ApprovalsIn(data.adopter_approvals, ctx);
}

Fraction ShortBreakCarersApproved(const PlacementData& data, const MeasureContext& ctx) {
  return ApprovalsIn(data.short_break_carer_approvals, ctx);
}

// ---- registry -----------------------------------------------------------------------------

const MeasureRegistry<PlacementData>& PlacementMeasures() {
  static const MeasureRegistry<PlacementData>* const registry = [] {
    const std::vector<cv1::Basis> snapshot = {cv1::BASIS_SNAPSHOT};
    const std::vector<cv1::Basis> events = {cv1::BASIS_MONTH, cv1::BASIS_YTD, cv1::BASIS_QUARTER,
                                            cv1::BASIS_ROLLING_12_MONTHS};
    const std::vector<cv1::Basis> adoption = {cv1::BASIS_ROLLING_3_YEARS,
                                              cv1::BASIS_ROLLING_12_MONTHS, cv1::BASIS_YTD};
    auto* r = new MeasureRegistry<PlacementData>();
    r->Add({"placement.lac_count", cv1::UNIT_COUNT, snapshot,
            "Children looked after at month end: an episode started on or before the last "
            "day of the month and not ended by it (an episode ending that day does not "
            "count). Short breaks (legal status V3/V4) are excluded; each child counts once."},
           LookedAfterChildren);
    r->Add({"placement.lac_uasc", cv1::UNIT_COUNT, snapshot,
            "Of children looked after at month end, those who were unaccompanied "
            "asylum-seeking children then (UASC, with no date ceased to be UASC on or before "
            "month end)."},
           LookedAfterUasc);
    r->Add({"placement.lac_rate", cv1::UNIT_RATE_PER_10000, snapshot,
            "Children looked after at month end per 10,000 children aged 0-17 (ONS mid-year "
            "estimate for the month's financial year, else the latest earlier one)."},
           LookedAfterRate);
    r->Add({"placement.lac_reviews_on_time", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end for at least 20 working days in their "
            "current period of care, the percentage whose reviews in that period were all "
            "on time (regulation 33: first within 20 working days of the period's start, "
            "second within 3 months of the first, then at most 6 months apart) and whose "
            "next review was not overdue at month end."},
           LacReviewsOnTime);
    r->Add({"placement.lac_visits_within_6w", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end, the percentage seen on a visit in the "
            "current period of care within the visiting interval (setting, default 6 weeks) "
            "before month end, or whose placement began in the last 7 days (regulation 28: "
            "first visit within a week of a placement starting)."},
           LacVisitsWithinTimescale);
    r->Add({"placement.health_assessments_on_time", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end, the percentage whose health assessment "
            "was not overdue (regulation 7: initial within the setting's working days, "
            "default 20, of entering care; then every 6 months while under 5, every 12 "
            "months from 5)."},
           HealthAssessmentsOnTime);
    r->Add({"placement.health_assessments_overdue", cv1::UNIT_COUNT, snapshot,
            "Children looked after at month end whose health assessment was overdue."},
           HealthAssessmentsOverdue);
    r->Add({"placement.dental_checks_on_time", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end, the percentage whose dental check was "
            "not overdue (within 12 months of the last in the current period of care, or of "
            "entering care)."},
           DentalChecksOnTime);
    r->Add({"placement.oc2_cohort", cv1::UNIT_COUNT, snapshot,
            "Children looked after at month end continuously for the 12 months to month end "
            "(the DfE OC2 cohort: no new period of care, no episode ending other than X1 and "
            "no short break in those 12 months)."},
           Oc2Cohort);
    r->Add({"placement.oc2_health_on_time", cv1::UNIT_PERCENT, snapshot,
            "Of the OC2 cohort, the percentage whose health assessment was not overdue."},
           Oc2HealthOnTime);
    r->Add({"placement.oc2_health_overdue", cv1::UNIT_COUNT, snapshot,
            "Children in the OC2 cohort whose health assessment was overdue."},
           Oc2HealthOverdue);
    r->Add({"placement.initial_health_within_20wd", cv1::UNIT_PERCENT, events,
            "Of entries into care in the period whose initial health assessment had been "
            "held or fallen due by month end, the percentage held within the setting's "
            "working days (default 20) of entering care."},
           InitialHealthAssessmentsOnTime);
    r->Add({"placement.adoption_a1_days", cv1::UNIT_DAYS, adoption,
            "Adoption scorecard A1: for children adopted in the period (adoption order date), "
            "average days from entering care (start of the latest period of care) to moving "
            "in with the adoptive family."},
           AdoptionA1Days);
    r->Add({"placement.adoption_a2_days", cv1::UNIT_DAYS, adoption,
            "Adoption scorecard A2: for children adopted in the period with a placement "
            "order, average days from the placement order to the match (0 when matched "
            "first)."},
           AdoptionA2Days);
    r->Add({"placement.adoption_a10_days", cv1::UNIT_DAYS, adoption,
            "Adoption scorecard A10: A1 with the clock stopped when the child moved in with "
            "the foster carer who adopted them."},
           AdoptionA10Days);
    r->Add({"placement.proceedings_weeks", cv1::UNIT_WEEKS, events,
            "Care proceedings concluded in the period: average weeks from issue to "
            "conclusion."},
           ProceedingsWeeks);
    r->Add({"placement.proceedings_within_26w", cv1::UNIT_PERCENT, events,
            "Of care proceedings concluded in the period, the percentage concluded within 26 "
            "weeks beginning with the day of issue (Children Act 1989 s32)."},
           ProceedingsWithin26Weeks);
    r->Add({"placement.pre_proceedings", cv1::UNIT_COUNT, snapshot,
            "Pre-proceedings (PLO) cases open at month end: started, not ended and not "
            "issued."},
           PreProceedingsOpen);
    r->Add({"placement.cases_to_issue", cv1::UNIT_COUNT, snapshot,
            "Open pre-proceedings cases with a decision to issue by month end, not yet "
            "issued."},
           CasesToIssue);
    r->Add({"placement.placement_moves_3plus", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end, the percentage with 3 or more placements "
            "in the 12 months to month end (a placement starts with every episode except a "
            "change of legal status only)."},
           PlacementMoves3Plus);
    r->Add({"placement.long_term_stability", cv1::UNIT_PERCENT, snapshot,
            "Of children under 16 looked after at month end for 2.5 years or more, the "
            "percentage in the same placement for 2 years or more (an adoptive placement "
            "counts with the placement before it)."},
           LongTermStability);
    r->Add({"placement.foster_carers_approved", cv1::UNIT_COUNT, events,
            "Foster carer households approved in the period."},
           FosterCarersApproved);
    r->Add({"placement.adopters_approved", cv1::UNIT_COUNT, events,
            "Adopter households approved in the period."},
           AdoptersApproved);
    r->Add({"placement.short_break_carers_approved", cv1::UNIT_COUNT, events,
            "Short-break carer households approved in the period."},
           ShortBreakCarersApproved);
    return r;
  }();
  return *registry;
}

}  // namespace scorecard::placement
