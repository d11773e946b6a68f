#include "services/placement/placement_measures.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>
#include <vector>

#include "services/placement/ssda903_codes.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;

// True when ctx asks for all teams, or for the one holding the child's case at the end of
// `d` (the month's end, unless a rule looks at another day).
bool InTeamAt(const ChildFacts& child, const MeasureContext& ctx, Date d) {
  return ctx.team.empty() || TeamAt(child, d) == ctx.team;
}

bool InTeam(const ChildFacts& child, const MeasureContext& ctx) {
  return InTeamAt(child, ctx, ctx.month_end);
}

// A drill-down row about `child`, naming the team it was in at the end of `d`.
CaseRow ChildRow(const ChildFacts& child, bool in_numerator, Date d) {
  CaseRow row = ChildCase(child.child_id, in_numerator);
  row.team = TeamAt(child, d);
  return row;
}

// True when an optional end (or issue) date has happened by the end of `d`.
bool HappenedBy(const std::optional<Date>& day, Date d) { return day.has_value() && *day <= d; }

// The source id at `i` of a parallel id list, or "" when there is none (facts built by hand).
const std::string& IdAt(const std::vector<std::string>& ids, std::optional<size_t> i) {
  static const std::string* const kNone = new std::string();
  return i.has_value() && *i < ids.size() ? ids[*i] : *kNone;
}

// The index of the latest of ascending `dates` in [first, last].
std::optional<size_t> LatestIndexIn(const std::vector<Date>& dates, Date first, Date last) {
  auto it = std::upper_bound(dates.begin(), dates.end(), last);
  if (it == dates.begin() || *std::prev(it) < first) return std::nullopt;
  return static_cast<size_t>(std::prev(it) - dates.begin());
}

// The index of the earliest of ascending `dates` in [first, last].
std::optional<size_t> EarliestIndexIn(const std::vector<Date>& dates, Date first, Date last) {
  auto it = std::lower_bound(dates.begin(), dates.end(), first);
  if (it == dates.end() || *it > last) return std::nullopt;
  return static_cast<size_t>(it - dates.begin());
}

// The earliest of ascending `dates` in [first, last].
std::optional<Date> EarliestIn(const std::vector<Date>& dates, Date first, Date last) {
  const std::optional<size_t> i = EarliestIndexIn(dates, first, last);
  if (!i.has_value()) return std::nullopt;
  return dates[*i];
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

// A drill-down row for a child looked after in `period` at the end of `d`: the period's
// start is the clock's.
CaseRow LookedAfterRow(const ChildFacts& child, const PeriodOfCare& period, bool in_numerator,
                       Date d) {
  CaseRow row = ChildRow(child, in_numerator, d);
  row.start = period.start;
  return row;
}

// The same for a count (or a rate over a population): counted in the numerator only.
CaseRow CountedRow(const ChildFacts& child, const PeriodOfCare& period, Date d) {
  CaseRow row = LookedAfterRow(child, period, /*in_numerator=*/true, d);
  row.in_denominator = false;
  return row;
}

// Who is looked after at the end of `d`: from the care-span index (remembered per day), or,
// for data whose index is not built, by scanning every child into `scratch`.
const std::vector<LookedAfterEntry>& LookedAfterAt(const PlacementData& data, Date d,
                                                   std::vector<LookedAfterEntry>& scratch) {
  if (data.care_spans_for_children != data.children.size()) {  // not indexed: scan all
    for (uint32_t c = 0; c < data.children.size(); ++c) {
      const std::optional<size_t> period = PeriodIndexAt(data.children[c], d);
      if (period.has_value()) scratch.push_back({c, static_cast<uint32_t>(*period)});
    }
    return scratch;
  }
  return data.looked_after->At(d, [&data, d] {
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
}

// Calls fn(child, period_index) for each child looked after at the end of day `d` and in
// ctx's team then, once each, with the period of care they are in then. (One call site for
// fn, so the compiler keeps each rule's loop body inline.)
template <typename Fn>
void ForEachLookedAfterOn(const PlacementData& data, const MeasureContext& ctx, Date d, Fn fn) {
  std::vector<LookedAfterEntry> scratch;
  for (const LookedAfterEntry& e : LookedAfterAt(data, d, scratch)) {
    const ChildFacts& child = data.children[e.child];
    if (InTeamAt(child, ctx, d)) fn(child, e.period);
  }
}

// The same at the end of the month.
template <typename Fn>
void ForEachLookedAfter(const PlacementData& data, const MeasureContext& ctx, Fn fn) {
  ForEachLookedAfterOn(data, ctx, ctx.month_end, std::move(fn));
}

// The day through which a period's reviews are all on time: the first review's deadline
// if it was missed (or not yet held), else the lapse worked out from its reviews.
Date ReviewLapse(const std::optional<Date>& first_review, Date lapse_after_first,
                 Date first_review_due) {
  return first_review.has_value() && *first_review <= first_review_due ? lapse_after_first
                                                                       : first_review_due;
}

// The drill-down row of a child in lac_reviews_on_time at the end of `d`. On time: due is
// the next review's deadline. Not: due is the deadline missed (`lapse`), and the review is
// either held late after it ("review-late", end = the day held) or still not held.
CaseRow ReviewRow(const ChildFacts& child, size_t p, Date first_due, Date lapse, bool on_time,
                  Date d) {
  const PeriodOfCare& period = child.periods[p];
  CaseRow row = LookedAfterRow(child, period, on_time, d);
  const std::optional<size_t> latest = LatestIndexIn(child.review_dates, period.start, d);
  row.record_id = IdAt(child.review_ids, latest);
  if (on_time) {
    if (!latest.has_value()) {
      row.due = first_due;
    } else {
      const Date held = child.review_dates[*latest];
      const int number = held == child.period_facts[p].first_review ? 1 : 2;  // 2: any later
      row.due = ReviewDueAfter(held, number);
    }
    return row;
  }
  row.due = lapse;
  const std::optional<Date> held_late = EarliestIn(child.review_dates, lapse + 1, d);
  row.end = held_late;
  row.reason = held_late.has_value() ? "review-late" : "review-overdue";
  row.days_overdue = DaysOverdue(lapse, held_late.value_or(d));
  return row;
}

// When a child's next health assessment or dental check is due at the end of some day, and
// the check that set it (an index into the child's dates; none: due from entering care).
struct CheckDue {
  Date due;
  std::optional<size_t> last;
};

// The health assessment due date with working-day deadlines from `working_days_after`.
template <typename WorkingDaysAfter>
CheckDue HealthDue(const ChildFacts& child, Date period_start, Date d, int initial_working_days,
                   WorkingDaysAfter working_days_after) {
  const std::optional<size_t> last = LatestIndexIn(child.health_assessment_dates, period_start, d);
  if (!last.has_value()) return {working_days_after(period_start, initial_working_days), last};
  return {child.health_assessment_next_due[*last], last};
}

CheckDue DentalDue(const ChildFacts& child, Date period_start, Date d) {
  const std::optional<size_t> last = LatestIndexIn(child.dental_check_dates, period_start, d);
  if (!last.has_value()) return {NextDentalCheckDueBy(period_start), last};
  return {child.dental_check_next_due[*last], last};
}

// The reasons a check is overdue: none held in the current period, or the last one too long
// ago.
struct CheckReasons {
  const char* none_held;
  const char* overdue;
};
constexpr CheckReasons kHealthReasons = {"no-health-assessment", "health-assessment-overdue"};
constexpr CheckReasons kDentalReasons = {"no-dental-check", "dental-check-overdue"};

// The drill-down row of a check at the end of `d`: the clock runs from the last check held in
// the period (its record) or from entering care; a reason whenever it is overdue.
CaseRow CheckRow(const ChildFacts& child, const PeriodOfCare& period, const CheckDue& check,
                 const std::vector<Date>& dates, const std::vector<std::string>& ids,
                 const CheckReasons& reasons, bool in_numerator, Date d) {
  CaseRow row = LookedAfterRow(child, period, in_numerator, d);
  if (check.last.has_value()) row.start = dates[*check.last];
  row.record_id = IdAt(ids, check.last);
  row.due = check.due;
  row.days_overdue = DaysOverdue(check.due, d);
  if (row.days_overdue.has_value()) {
    row.reason = check.last.has_value() ? reasons.overdue : reasons.none_held;
  }
  return row;
}

// The days a visit rule compares against at the end of day `d`, worked out once per month:
// per child the rule is then comparisons only (date arithmetic per child is what costs).
struct VisitThresholds {
  Date d;
  int interval_days = 0;
  Date seen_since;           // seen on or after this day: d - interval
  Date new_placement_since;  // a placement starting on or after this day is in its first week
  bool long_term = false;    // the long-term setting is on
  Date long_term_placed_by;  // a U1/U4 placement starting by this day has lasted a year
  int long_term_interval_days = 0;
  Date long_term_seen_since;
};

VisitThresholds ThresholdsFor(Date d, const PlacementSettings& settings) {
  VisitThresholds t;
  t.d = d;
  t.interval_days = 7 * settings.lac_visit_interval_weeks;
  t.seen_since = d - t.interval_days;
  t.new_placement_since = d - kNewPlacementVisitDays;
  t.long_term = settings.long_term_placement_visit_interval_weeks > 0;
  if (t.long_term) {
    t.long_term_placed_by = AddCalendarMonths(d, -kLongTermPlacementQualifyingMonths);
    t.long_term_interval_days = 7 * settings.long_term_placement_visit_interval_weeks;
    t.long_term_seen_since = d - t.long_term_interval_days;
  }
  return t;
}

// A child's visits looking at the end of the thresholds' day.
struct VisitCheck {
  bool in_time = false;
  const PlacementSpell* placement = nullptr;  // the current placement
  std::optional<size_t> last_seen;            // index into visit_dates, in the current period
  int interval_days = 0;                      // the interval that applies
};

VisitCheck CheckVisits(const ChildFacts& child, const PeriodOfCare& period,
                       const VisitThresholds& t) {
  VisitCheck v;
  v.placement = PlacementAt(child, t.d);
  Date seen_since = t.seen_since;
  v.interval_days = t.interval_days;
  if (t.long_term && v.placement != nullptr &&
      ssda903::IsLongTermFosterPlacement(v.placement->placement) &&
      v.placement->start <= t.long_term_placed_by) {
    seen_since = t.long_term_seen_since;
    v.interval_days = t.long_term_interval_days;
  }
  v.last_seen = LatestIndexIn(child.visit_dates, period.start, t.d);
  // Reg 28(2)(a): the first visit to a new placement is due a week after it starts, so
  // until then the child is not late.
  v.in_time = (v.placement != nullptr && v.placement->start >= t.new_placement_since) ||
              (v.last_seen.has_value() && child.visit_dates[*v.last_seen] >= seen_since);
  return v;
}

// CheckVisits as a due date, for drill-down rows: the last day on which the child counts
// as visited in time, the later of the interval after the last visit and a week after the
// current placement started (so in_time exactly when due >= d). None: never seen in the
// period and no placement.
struct VisitDue {
  std::optional<Date> due;
  // The day the clock giving `due` started: the last visit, or the placement's start.
  std::optional<Date> clock_start;
  bool new_placement = false;  // `due` is the new placement's first-week deadline
};

VisitDue DueOf(const ChildFacts& child, const VisitCheck& v) {
  VisitDue out;
  if (v.last_seen.has_value()) {
    out.clock_start = child.visit_dates[*v.last_seen];
    out.due = *out.clock_start + v.interval_days;
  }
  if (v.placement != nullptr) {
    const Date first_visit_due = v.placement->start + kNewPlacementVisitDays;
    if (!out.due.has_value() || first_visit_due > *out.due) {
      out.due = first_visit_due;
      out.clock_start = v.placement->start;
      out.new_placement = true;
    }
  }
  return out;
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

// Of the OC2 cohort at the census day (31 March) ending the latest collection year ended by
// the month's end, the children whose OC2 outcomes for that year answer `flag` yes. Cohort
// children with no outcomes, or the flag blank, are in the denominator only. A year for
// which the authority holds no OC2 outcomes at all has not been returned: no value.
Fraction Oc2FlagAmongCohort(const PlacementData& data, const MeasureContext& ctx,
                            std::optional<bool> Oc2Facts::*flag, const char* not_met_reason) {
  const int year = LatestCollectionYearEndedBy(ctx.month);
  if (!std::binary_search(data.oc2_collection_years.begin(), data.oc2_collection_years.end(),
                          year)) {
    return Fraction{};
  }
  const Oc2Window window = Oc2WindowFor(Month(year + 1, 3));
  Fraction f;
  ForEachLookedAfterOn(data, ctx, window.last, [&](const ChildFacts& child, size_t p) {
    const PeriodOfCare& period = child.periods[p];
    if (!InOc2Cohort(child, period, window)) return;
    const Oc2Facts* outcomes = Oc2OutcomesFor(child, year);
    const std::optional<bool> answer = outcomes == nullptr ? std::nullopt : outcomes->*flag;
    const bool met = answer.value_or(false);
    f.denominator += 1;
    if (met) f.numerator += 1;
    ctx.Note([&] {
      // As at the census day: its team, the period of care then; `end` marks the day.
      CaseRow row = LookedAfterRow(child, period, met, window.last);
      row.end = window.last;
      if (outcomes != nullptr) row.record_id = outcomes->record_id;
      if (!met) {
        row.reason = outcomes == nullptr  ? "no-oc2-record"
                     : answer.has_value() ? not_met_reason
                                          : "not-recorded";
      }
      return row;
    });
  });
  return f;
}

// Which figure a health-assessment rule gives: the on-time percentage, or the overdue count.
enum class HealthFigure { kOnTime, kOverdue };

// Of the children looked after at month end for whom include(child, period_index) holds:
// kOnTime, those whose health assessment is not overdue out of all; kOverdue, the count of
// the rest (listing only them).
template <typename Include>
Fraction HealthAssessmentsAmong(const PlacementData& data, const MeasureContext& ctx,
                                HealthFigure figure, Include include) {
  const Date d = ctx.month_end;
  const int initial_working_days = data.settings.At(d).initial_health_assessment_working_days;
  auto working_days_after = [&](Date start, int n) {
    return data.working_days->AddWorkingDays(*ctx.calendar, start, n);
  };
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    if (!include(child, p)) return;
    const PeriodOfCare& period = child.periods[p];
    const CheckDue check =
        HealthDue(child, period.start, d, initial_working_days, working_days_after);
    const bool overdue = check.due < d;
    const bool counted = figure == HealthFigure::kOnTime ? !overdue : overdue;
    if (figure == HealthFigure::kOnTime) f.denominator += 1;
    if (counted) f.numerator += 1;
    if (figure == HealthFigure::kOverdue && !counted) return;
    ctx.Note([&] {
      CaseRow row = CheckRow(child, period, check, child.health_assessment_dates,
                             child.health_assessment_ids, kHealthReasons, counted, d);
      row.in_denominator = figure == HealthFigure::kOnTime;
      return row;
    });
  });
  return figure == HealthFigure::kOnTime ? f : Count(f.numerator);
}

// The average of one adoption timescale over children adopted in the period. Each child's
// row carries its days as its amount, so the rows add up to the total.
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
      const std::optional<AdoptionTimescale> t = pick(AdoptionTimescalesOf(child, adoption));
      if (!t.has_value()) continue;
      f.numerator += t->days;
      f.denominator += 1;
      ctx.Note([&] {
        CaseRow row = ChildRow(child, /*in_numerator=*/true, ctx.month_end);
        row.start = t->start;
        row.end = t->end;
        row.days_taken = t->days;
        row.amount = t->days;
        row.record_id = adoption.record_id;
        // The clock stopped before it started (e.g. matched before the order): 0 days.
        if (t->end < t->start) row.reason = "counted-as-0";
        return row;
      });
    }
  }
  return f;
}

// Calls fn(child, proceedings) for each of ctx's team's proceedings concluded in the period.
template <typename Fn>
void ForEachConcludedProceedings(const PlacementData& data, const MeasureContext& ctx, Fn fn) {
  for (const ChildFacts& child : data.children) {
    if (!InTeam(child, ctx)) continue;
    for (const ProceedingsFacts& p : child.proceedings) {
      if (p.concluded_date.has_value() && ctx.period.Contains(*p.concluded_date)) fn(child, p);
    }
  }
}

double WeeksBetween(Date from, Date to) { return DaysBetween(from, to) / 7.0; }

// The drill-down row of concluded proceedings: issue to conclusion in weeks, due by the end
// of the 26 weeks; "over-26w" when concluded after it. The team is the one at the end of d.
CaseRow ProceedingsRow(const ChildFacts& child, const ProceedingsFacts& p, bool in_numerator,
                       Date d) {
  CaseRow row = ChildRow(child, in_numerator, d);
  row.start = p.issued_date;
  row.end = p.concluded_date;
  row.due = ProceedingsDueBy(p.issued_date);
  row.days_taken = WeeksBetween(p.issued_date, *p.concluded_date);
  row.days_overdue = DaysOverdue(*row.due, *p.concluded_date);
  if (row.days_overdue.has_value()) row.reason = "over-26w";
  row.record_id = p.record_id;
  return row;
}

bool PreProceedingsOpenAt(const PreProceedingsFacts& p, Date d) {
  return p.start_date <= d && !HappenedBy(p.end_date, d) && !HappenedBy(p.issued_date, d);
}

// Open pre-proceedings at month end for which include(p) holds. Each row's clock starts on
// clock_start(p): the day the case has been waiting since.
template <typename Include, typename ClockStart>
Fraction CountPreProceedings(const PlacementData& data, const MeasureContext& ctx, Include include,
                             ClockStart clock_start) {
  int n = 0;
  for (const ChildFacts& child : data.children) {
    if (!InTeam(child, ctx)) continue;
    for (const PreProceedingsFacts& p : child.pre_proceedings) {
      if (!PreProceedingsOpenAt(p, ctx.month_end) || !include(p)) continue;
      ++n;
      ctx.Note([&] {
        CaseRow row = ChildRow(child, /*in_numerator=*/true, ctx.month_end);
        row.in_denominator = false;
        row.start = clock_start(p);
        row.days_taken = DaysBetween(*row.start, ctx.month_end);
        row.record_id = p.record_id;
        return row;
      });
    }
  }
  return Count(n);
}

Fraction ApprovalsIn(const std::vector<CarerApprovalFacts>& approvals, const MeasureContext& ctx) {
  // Approvals belong to no child and so to no team.
  if (!ctx.team.empty()) return Count(0);
  auto by_day = [](const CarerApprovalFacts& a, Date d) { return a.approved < d; };
  auto first = std::lower_bound(approvals.begin(), approvals.end(), ctx.period.first, by_day);
  int n = 0;
  for (auto it = first; it != approvals.end() && it->approved <= ctx.period.last; ++it) {
    ++n;
    ctx.Note([&] {
      // The household, by its carer id; by the approval's record when the sender gave none.
      CaseRow row = ChildCase(it->carer_id.empty() ? it->record_id : it->carer_id,
                              /*in_numerator=*/true);
      row.subject_kind = cv1::SUBJECT_KIND_CARER;
      row.in_denominator = false;
      row.start = it->approved;
      row.record_id = it->record_id;
      return row;
    });
  }
  return Count(n);
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
  return CheckVisits(child, period, ThresholdsFor(d, settings)).in_time;
}

// ---- health -------------------------------------------------------------------------------

Date HealthAssessmentDueBy(const ChildFacts& child, Date period_start, Date d,
                           const PlacementSettings& settings, const WorkingDayCalendar& calendar) {
  return HealthDue(child, period_start, d, settings.initial_health_assessment_working_days,
                   [&calendar](Date start, int n) { return calendar.AddWorkingDays(start, n); })
      .due;
}

Date DentalCheckDueBy(const ChildFacts& child, Date period_start, Date d) {
  return DentalDue(child, period_start, d).due;
}

// ---- OC2 ----------------------------------------------------------------------------------

int LatestCollectionYearEndedBy(Month month) {
  const int current = FinancialYearOf(month);
  return month.month() == 3 ? current : current - 1;
}

bool InOc2CohortAt(const ChildFacts& child, Month month) {
  const Oc2Window window = Oc2WindowFor(month);
  const std::optional<PeriodOfCare> period = PeriodOfCareAt(child, window.last);
  return period.has_value() && InOc2Cohort(child, *period, window);
}

// ---- proceedings --------------------------------------------------------------------------

Date ProceedingsDueBy(Date issued) { return issued + (kProceedingsWeeks * 7 - 1); }

bool ConcludedWithin26Weeks(Date issued, Date concluded) {
  return concluded <= ProceedingsDueBy(issued);
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
  auto timescale = [](Date start, Date end) {
    return AdoptionTimescale{start, end, std::max(0, DaysBetween(start, end))};
  };
  if (entered != nullptr) {
    t.a1 = timescale(entered->start, placed);
    Date stop = placed;
    if (adoption.placed_with_adopting_foster_carer_date.has_value()) {
      stop = std::min(stop, *adoption.placed_with_adopting_foster_carer_date);
    }
    t.a10 = timescale(entered->start, stop);
  }
  if (adoption.placement_order_date.has_value() && adoption.matched_date.has_value()) {
    t.a2 = timescale(*adoption.placement_order_date, *adoption.matched_date);
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
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    ++n;
    ctx.Note([&] { return CountedRow(child, child.periods[p], ctx.month_end); });
  });
  return Count(n);
}

Fraction LookedAfterUasc(const PlacementData& data, const MeasureContext& ctx) {
  int n = 0;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    if (!IsUascAt(child, ctx.month_end)) return;
    ++n;
    ctx.Note([&] { return CountedRow(child, child.periods[p], ctx.month_end); });
  });
  return Count(n);
}

Fraction LookedAfterRate(const PlacementData& data, const MeasureContext& ctx) {
  const std::optional<int64_t> population = data.population.ForMonth(ctx.month);
  // The children are noted by the count; the population is no case.
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
    const Date lapse = ReviewLapse(facts.first_review, facts.review_lapse_after_first, first_due);
    const bool on_time = d <= lapse;
    if (on_time) f.numerator += 1;
    ctx.Note([&] { return ReviewRow(child, p, first_due, lapse, on_time, d); });
  });
  return f;
}

Fraction LacVisitsWithinTimescale(const PlacementData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  const VisitThresholds thresholds = ThresholdsFor(d, data.settings.At(d));
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    const PeriodOfCare& period = child.periods[p];
    const VisitCheck visits = CheckVisits(child, period, thresholds);
    f.denominator += 1;
    if (visits.in_time) f.numerator += 1;
    ctx.Note([&] {
      CaseRow row = LookedAfterRow(child, period, visits.in_time, d);
      const VisitDue due = DueOf(child, visits);
      if (due.clock_start.has_value()) row.start = due.clock_start;
      row.due = due.due;
      row.days_taken = DaysBetween(*row.start, d);
      row.record_id = IdAt(child.visit_ids, visits.last_seen);
      if (visits.in_time) {
        if (due.new_placement) row.reason = "new-placement";
        return row;
      }
      row.reason = visits.last_seen.has_value() ? "visit-overdue" : "not-seen";
      if (due.due.has_value()) row.days_overdue = DaysOverdue(*due.due, d);
      return row;
    });
  });
  return f;
}

Fraction HealthAssessmentsOnTime(const PlacementData& data, const MeasureContext& ctx) {
  return HealthAssessmentsAmong(data, ctx, HealthFigure::kOnTime,
                                [](const ChildFacts&, size_t) { return true; });
}

Fraction HealthAssessmentsOverdue(const PlacementData& data, const MeasureContext& ctx) {
  return HealthAssessmentsAmong(data, ctx, HealthFigure::kOverdue,
                                [](const ChildFacts&, size_t) { return true; });
}

Fraction DentalChecksOnTime(const PlacementData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    const PeriodOfCare& period = child.periods[p];
    const CheckDue check = DentalDue(child, period.start, d);
    const bool on_time = check.due >= d;
    f.denominator += 1;
    if (on_time) f.numerator += 1;
    ctx.Note([&] {
      return CheckRow(child, period, check, child.dental_check_dates, child.dental_check_ids,
                      kDentalReasons, on_time, d);
    });
  });
  return f;
}

Fraction Oc2Cohort(const PlacementData& data, const MeasureContext& ctx) {
  const Oc2Window window = Oc2WindowFor(ctx.month);
  int n = 0;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    if (!InOc2Cohort(child, child.periods[p], window)) return;
    ++n;
    ctx.Note([&] { return CountedRow(child, child.periods[p], ctx.month_end); });
  });
  return Count(n);
}

Fraction Oc2HealthOnTime(const PlacementData& data, const MeasureContext& ctx) {
  const Oc2Window window = Oc2WindowFor(ctx.month);
  return HealthAssessmentsAmong(data, ctx, HealthFigure::kOnTime,
                                [&window](const ChildFacts& child, size_t p) {
                                  return InOc2Cohort(child, child.periods[p], window);
                                });
}

Fraction Oc2HealthOverdue(const PlacementData& data, const MeasureContext& ctx) {
  const Oc2Window window = Oc2WindowFor(ctx.month);
  return HealthAssessmentsAmong(data, ctx, HealthFigure::kOverdue,
                                [&window](const ChildFacts& child, size_t p) {
                                  return InOc2Cohort(child, child.periods[p], window);
                                });
}

Fraction Oc2HealthAssessmentUpToDate(const PlacementData& data, const MeasureContext& ctx) {
  return Oc2FlagAmongCohort(data, ctx, &Oc2Facts::health_assessment_up_to_date,
                            "health-assessment-not-up-to-date");
}

Fraction Oc2TeethChecked(const PlacementData& data, const MeasureContext& ctx) {
  return Oc2FlagAmongCohort(data, ctx, &Oc2Facts::teeth_checked, "teeth-not-checked");
}

Fraction Oc2ImmunisationsUpToDate(const PlacementData& data, const MeasureContext& ctx) {
  return Oc2FlagAmongCohort(data, ctx, &Oc2Facts::immunisations_up_to_date,
                            "immunisations-not-up-to-date");
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
      const std::optional<size_t> first =
          EarliestIndexIn(child.health_assessment_dates, p.start, last_day);
      if (!first.has_value()) {
        if (due >= d) continue;                // not yet due
        if (HappenedBy(p.end, due)) continue;  // left care by the due day: none needed
      }
      // Held (on time or late), or due and none held by d (or by leaving care): late.
      const bool on_time = first.has_value() && child.health_assessment_dates[*first] <= due;
      f.denominator += 1;
      if (on_time) f.numerator += 1;
      ctx.Note([&] {
        CaseRow row = ChildRow(child, on_time, d);
        row.start = p.start;
        row.due = due;
        // Until the assessment, or while none is held, up to d or leaving care.
        const Date stopped = first.has_value() ? child.health_assessment_dates[*first] : last_day;
        if (first.has_value()) row.end = stopped;
        row.days_taken = ctx.calendar->WorkingDaysBetween(p.start, stopped);
        row.days_overdue = DaysOverdue(due, stopped);
        row.record_id = IdAt(child.health_assessment_ids, first);
        if (!on_time) row.reason = first.has_value() ? "held-late" : "no-health-assessment";
        return row;
      });
    }
  }
  return f;
}

Fraction AdoptionA1Days(const PlacementData& data, const MeasureContext& ctx) {
  return AdoptionAverage(data, ctx, [](const AdoptionTimescales& t) { return t.a1; });
}

Fraction AdoptionA2Days(const PlacementData& data, const MeasureContext& ctx) {
  return AdoptionAverage(data, ctx, [](const AdoptionTimescales& t) { return t.a2; });
}

Fraction AdoptionA10Days(const PlacementData& data, const MeasureContext& ctx) {
  return AdoptionAverage(data, ctx, [](const AdoptionTimescales& t) { return t.a10; });
}

Fraction ProceedingsWeeks(const PlacementData& data, const MeasureContext& ctx) {
  Fraction f;
  ForEachConcludedProceedings(data, ctx, [&](const ChildFacts& child, const ProceedingsFacts& p) {
    const double weeks = WeeksBetween(p.issued_date, *p.concluded_date);
    f.numerator += weeks;
    f.denominator += 1;
    ctx.Note([&] {
      CaseRow row = ProceedingsRow(child, p, /*in_numerator=*/true, ctx.month_end);
      row.amount = weeks;
      return row;
    });
  });
  return f;
}

Fraction ProceedingsWithin26Weeks(const PlacementData& data, const MeasureContext& ctx) {
  Fraction f;
  ForEachConcludedProceedings(data, ctx, [&](const ChildFacts& child, const ProceedingsFacts& p) {
    const bool within = ConcludedWithin26Weeks(p.issued_date, *p.concluded_date);
    f.denominator += 1;
    if (within) f.numerator += 1;
    ctx.Note([&] { return ProceedingsRow(child, p, within, ctx.month_end); });
  });
  return f;
}

Fraction PreProceedingsOpen(const PlacementData& data, const MeasureContext& ctx) {
  return CountPreProceedings(
      data, ctx, [](const PreProceedingsFacts&) { return true; },
      [](const PreProceedingsFacts& p) { return p.start_date; });
}

Fraction CasesToIssue(const PlacementData& data, const MeasureContext& ctx) {
  return CountPreProceedings(
      data, ctx,
      [&ctx](const PreProceedingsFacts& p) {
        return HappenedBy(p.decision_to_issue_date, ctx.month_end);
      },
      // Waiting to issue since the decision.
      [](const PreProceedingsFacts& p) { return *p.decision_to_issue_date; });
}

Fraction PlacementMoves3Plus(const PlacementData& data, const MeasureContext& ctx) {
  const DateRange window = TrailingMonths(ctx.month, kPlacementMovesMonths);
  Fraction f;
  ForEachLookedAfter(data, ctx, [&](const ChildFacts& child, size_t p) {
    const bool three_plus = PlacementsDuring(child, window) >= kPlacementMovesThreshold;
    f.denominator += 1;
    if (three_plus) f.numerator += 1;
    ctx.Note([&] {
      CaseRow row = LookedAfterRow(child, child.periods[p], three_plus, ctx.month_end);
      // The clock of the latest move: the current placement's start.
      if (const PlacementSpell* current = PlacementAt(child, ctx.month_end)) {
        row.start = current->start;
      }
      row.reason = three_plus ? "3-plus-placements" : "under-3-placements";
      return row;
    });
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
    std::optional<Date> stable_since;
    if (current != nullptr) {
      stable_since = current->start;
      // An adoptive placement counts together with the placement before it (former NI 63).
      if (ssda903::IsAdoptionPlacement(current->placement) && current != child.placements.data() &&
          (current - 1)->start >= period.start) {
        stable_since = (current - 1)->start;
      }
    }
    const bool stable = stable_since.has_value() && *stable_since <= placed_since;
    if (stable) f.numerator += 1;
    ctx.Note([&] {
      CaseRow row = LookedAfterRow(child, period, stable, d);
      // The clock: in the same placement since.
      if (stable_since.has_value()) row.start = stable_since;
      if (!stable) row.reason = stable_since.has_value() ? "placement-under-2y" : "no-placement";
      return row;
    });
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
            "count). Short breaks (legal status V3/V4) are excluded; each child counts once.",
            CaseCounting::kNumeratorExact},
           LookedAfterChildren);
    r->Add({"placement.lac_uasc", cv1::UNIT_COUNT, snapshot,
            "Of children looked after at month end, those who were unaccompanied "
            "asylum-seeking children then: from the child's UASC periods when it has any "
            "(from on or before month end, not ceased by then), else from the child record "
            "(UASC, with no date ceased to be UASC on or before month end).",
            CaseCounting::kNumeratorExact},
           LookedAfterUasc);
    r->Add({"placement.lac_rate", cv1::UNIT_RATE_PER_10000, snapshot,
            "Children looked after at month end per 10,000 children aged 0-17 (ONS mid-year "
            "estimate for the month's financial year, else the latest earlier one).",
            CaseCounting::kNumeratorExact},
           LookedAfterRate);
    r->Add({"placement.lac_reviews_on_time", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end for at least 20 working days in their "
            "current period of care, the percentage whose reviews in that period were all "
            "on time (regulation 33: first within 20 working days of the period's start, "
            "second within 3 months of the first, then at most 6 months apart) and whose "
            "next review was not overdue at month end.",
            CaseCounting::kExact},
           LacReviewsOnTime);
    r->Add({"placement.lac_visits_within_6w", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end, the percentage seen on a visit in the "
            "current period of care within the visiting interval (setting, default 6 weeks) "
            "before month end, or whose placement began in the last 7 days (regulation 28: "
            "first visit within a week of a placement starting).",
            CaseCounting::kExact},
           LacVisitsWithinTimescale);
    r->Add({"placement.health_assessments_on_time", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end, the percentage whose health assessment "
            "was not overdue (regulation 7: initial within the setting's working days, "
            "default 20, of entering care; then every 6 months while under 5, every 12 "
            "months from 5).",
            CaseCounting::kExact},
           HealthAssessmentsOnTime);
    r->Add({"placement.health_assessments_overdue", cv1::UNIT_COUNT, snapshot,
            "Children looked after at month end whose health assessment was overdue.",
            CaseCounting::kNumeratorExact},
           HealthAssessmentsOverdue);
    r->Add({"placement.dental_checks_on_time", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end, the percentage whose dental check was "
            "not overdue (within 12 months of the last in the current period of care, or of "
            "entering care).",
            CaseCounting::kExact},
           DentalChecksOnTime);
    r->Add({"placement.oc2_cohort", cv1::UNIT_COUNT, snapshot,
            "Children looked after at month end continuously for the 12 months to month end "
            "(the DfE OC2 cohort: no new period of care, no episode ending other than X1 and "
            "no short break in those 12 months).",
            CaseCounting::kNumeratorExact},
           Oc2Cohort);
    r->Add({"placement.oc2_health_on_time", cv1::UNIT_PERCENT, snapshot,
            "Of the OC2 cohort, the percentage whose health assessment was not overdue.",
            CaseCounting::kExact},
           Oc2HealthOnTime);
    r->Add({"placement.oc2_health_overdue", cv1::UNIT_COUNT, snapshot,
            "Children in the OC2 cohort whose health assessment was overdue.",
            CaseCounting::kNumeratorExact},
           Oc2HealthOverdue);
    r->Add({"placement.oc2_health_assessment_up_to_date", cv1::UNIT_PERCENT, snapshot,
            "For the latest OC2 collection year ended by month end (April to 31 March): of "
            "the OC2 cohort at that 31 March, the percentage whose annual health assessment "
            "was up to date (903 OC2 HEALTH_ASSESSMENT). No value until that year's OC2 "
            "outcomes are loaded.",
            CaseCounting::kExact},
           Oc2HealthAssessmentUpToDate);
    r->Add({"placement.oc2_teeth_checked", cv1::UNIT_PERCENT, snapshot,
            "For the latest OC2 collection year ended by month end: of the OC2 cohort at its "
            "31 March, the percentage whose teeth were checked by a dentist during the year "
            "(903 OC2 TEETH_CHECK).",
            CaseCounting::kExact},
           Oc2TeethChecked);
    r->Add({"placement.oc2_immunisations_up_to_date", cv1::UNIT_PERCENT, snapshot,
            "For the latest OC2 collection year ended by month end: of the OC2 cohort at its "
            "31 March, the percentage whose immunisations were up to date (903 OC2 "
            "IMMUNISATIONS).",
            CaseCounting::kExact},
           Oc2ImmunisationsUpToDate);
    r->Add({"placement.initial_health_within_20wd", cv1::UNIT_PERCENT, events,
            "Of entries into care in the period whose initial health assessment had been "
            "held or fallen due by month end, the percentage held within the setting's "
            "working days (default 20) of entering care.",
            CaseCounting::kExact},
           InitialHealthAssessmentsOnTime);
    r->Add({"placement.adoption_a1_days", cv1::UNIT_DAYS, adoption,
            "Adoption scorecard A1: for children adopted in the period (adoption order date), "
            "average days from entering care (start of the latest period of care) to moving "
            "in with the adoptive family.",
            CaseCounting::kExact},
           AdoptionA1Days);
    r->Add({"placement.adoption_a2_days", cv1::UNIT_DAYS, adoption,
            "Adoption scorecard A2: for children adopted in the period with a placement "
            "order, average days from the placement order to the match (0 when matched "
            "first).",
            CaseCounting::kExact},
           AdoptionA2Days);
    r->Add({"placement.adoption_a10_days", cv1::UNIT_DAYS, adoption,
            "Adoption scorecard A10: A1 with the clock stopped when the child moved in with "
            "the foster carer who adopted them.",
            CaseCounting::kExact},
           AdoptionA10Days);
    r->Add({"placement.proceedings_weeks", cv1::UNIT_WEEKS, events,
            "Care proceedings concluded in the period: average weeks from issue to "
            "conclusion.",
            CaseCounting::kExact},
           ProceedingsWeeks);
    r->Add({"placement.proceedings_within_26w", cv1::UNIT_PERCENT, events,
            "Of care proceedings concluded in the period, the percentage concluded within 26 "
            "weeks beginning with the day of issue (Children Act 1989 s32).",
            CaseCounting::kExact},
           ProceedingsWithin26Weeks);
    r->Add({"placement.pre_proceedings", cv1::UNIT_COUNT, snapshot,
            "Pre-proceedings (PLO) cases open at month end: started, not ended and not "
            "issued.",
            CaseCounting::kNumeratorExact},
           PreProceedingsOpen);
    r->Add({"placement.cases_to_issue", cv1::UNIT_COUNT, snapshot,
            "Open pre-proceedings cases with a decision to issue by month end, not yet "
            "issued.",
            CaseCounting::kNumeratorExact},
           CasesToIssue);
    r->Add({"placement.placement_moves_3plus", cv1::UNIT_PERCENT, snapshot,
            "Of children looked after at month end, the percentage with 3 or more placements "
            "in the 12 months to month end (a placement starts with every episode except a "
            "change of legal status only).",
            CaseCounting::kExact},
           PlacementMoves3Plus);
    r->Add({"placement.long_term_stability", cv1::UNIT_PERCENT, snapshot,
            "Of children under 16 looked after at month end for 2.5 years or more, the "
            "percentage in the same placement for 2 years or more (an adoptive placement "
            "counts with the placement before it).",
            CaseCounting::kExact},
           LongTermStability);
    r->Add({"placement.foster_carers_approved", cv1::UNIT_COUNT, events,
            "Foster carer households approved in the period.", CaseCounting::kNumeratorExact},
           FosterCarersApproved);
    r->Add({"placement.adopters_approved", cv1::UNIT_COUNT, events,
            "Adopter households approved in the period.", CaseCounting::kNumeratorExact},
           AdoptersApproved);
    r->Add({"placement.short_break_carers_approved", cv1::UNIT_COUNT, events,
            "Short-break carer households approved in the period.", CaseCounting::kNumeratorExact},
           ShortBreakCarersApproved);
    return r;
  }();
  return *registry;
}

}  // namespace scorecard::placement
