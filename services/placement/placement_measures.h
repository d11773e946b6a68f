// Placement counting rules: pure functions from children's care histories to a numerator
// and denominator. services/placement/COUNTING.md gives each rule with its sources.
//
//   MeasureContext ctx = ...;  // month 2017-06, basis snapshot, month_end 2017-06-30
//   Fraction f = LacReviewsOnTime(data, ctx);
//   // f.denominator: children looked after on 30/06/2017 whose first review had fallen due;
//   // f.numerator: of them, those whose reviews in the current period of care were all on
//   // time and none is overdue.
//
// Conventions every rule shares:
// - "Looked after at the end of day d" follows the DfE's "looked after at 31 March": an
//   episode that started on or before d and had not ended by d (an episode ending on d is
//   over at the end of d). Short breaks (legal status V3/V4) are left out, as the DfE does.
//   Snapshot measures look at the end of the month's last day (d below).
// - Periods of care and placements come from care_history.h, computed once per child.
// - Something due on d can still happen on d: it is overdue only when due before d. Records
//   dated after d have not happened yet, so every month's figure stays as it was reported
//   unless a record is corrected (bitemporal as_at shows the figure as first reported).
// - "The N months to d" are the N whole months ending with d's month: TrailingMonths.
// - Team breakdowns use the child's team at d (TeamAt: the team assignment in force then,
//   else LookedAfterChild.team), for every basis; the OC2 outcome figures use the team at
//   their census day. Carer approvals belong to no child, so under a team filter they count
//   0; lac_rate divides a team's children by the whole authority's population, so team
//   rates add up to the authority's.
// - Settings (placement_settings.h) in force on d govern the month's figures.
// - Drill-down: each rule notes every case it counts, with its dates, due date and reason,
//   through ctx.Note in the same loop that counts it (COUNTING.md section 6). Counts (and
//   lac_rate) list only the cases counted; percentages and averages list their denominator.
// - Speed: the per-child due dates and the care-span index are built once by the loader
//   (placement_data.h); who is looked after at d, and working-day deadlines, are remembered
//   per dataset, so each rule is a lookup per child and month (COUNTING.md section 4).
//
// Rules, by measure id:
// - placement.lac_count (snapshot): children looked after at d.
// - placement.lac_uasc (snapshot): of them, UASC at d (IsUascAt: from the child's UASC
//   periods when it has any, which keep history; else LookedAfterChild.uasc with no ceased
//   date on or before d).
// - placement.lac_rate (snapshot, per 10,000): lac_count / the 0-17 population for the
//   month's financial year (PopulationTable: mid-year of the year the financial year starts
//   in, else the latest earlier one). No estimate: denominator 0, no value.
// - placement.lac_reviews_on_time (snapshot, %): reg 33 (see ReviewsOnTimeAt).
// - placement.lac_visits_within_6w (snapshot, %): of children looked after at d, those seen
//   (a visit with seen = true) in the current period of care on or after d - 7 x interval
//   weeks (setting, default 6), or whose current placement started within the last 7 days
//   (reg 28(2)(a): the first visit is due within a week of any placement starting, so it is
//   not yet due when start + 7 >= d). With the long-term setting on, a child in a U1/U4
//   placement that has lasted a year (start <= d - 12 months) uses that interval instead.
// - placement.health_assessments_on_time (snapshot, %) / .health_assessments_overdue
//   (snapshot, count): of children looked after at d, those whose next health assessment is
//   not / is overdue (HealthAssessmentDueBy < d).
// - placement.dental_checks_on_time (snapshot, %): likewise for dental checks: due 12
//   months after the latest in the current period, or 12 months after it began.
// - placement.oc2_cohort (snapshot, count): children looked after at d whose current period
//   of care began on or before the first day of the 12 months to d, and who over those 12
//   months had no "S" episode starting after the first day, no episode ending with a reason
//   other than X1 before d, and no V3/V4 episode at all (the DfE's exclusions).
// - placement.oc2_health_on_time (%) / .oc2_health_overdue (count): the health assessment
//   rule above, for the OC2 cohort.
// - placement.oc2_health_assessment_up_to_date / .oc2_teeth_checked /
//   .oc2_immunisations_up_to_date (snapshot, %): for collection year Y, the latest ended by
//   d (LatestCollectionYearEndedBy), the OC2 cohort at its census day 31/03/Y+1; numerator:
//   those whose Oc2Outcomes for Y answer the flag yes (no record, or the flag blank: no).
//   No value while the authority holds no Oc2Outcomes for Y at all (not yet returned).
// - placement.initial_health_within_20wd (month/ytd/quarter/rolling12, %): each entry into
//   care (the first episode of a period of care) starting in the period. Due by the N-th
//   working day after entry (setting, default 20). In the denominator once its first health
//   assessment in that period has been held by d, or once due before d without one (unless
//   the period ended on or before the due day: no assessment was needed). Numerator: held by
//   the due day.
// - placement.adoption_a1_days / .adoption_a2_days / .adoption_a10_days (rolling3y first,
//   UNIT_DAYS = total days / children): children whose adoption order date is in the period
//   (the adoption scorecard's "children adopted", DOMAIN-RESEARCH 1.3) and who were placed
//   (placed_date set). A1: placed_date - start of the latest period of care starting on or
//   before it. A10: the same, ending at placed_with_adopting_foster_carer_date when that is
//   set and earlier. A2: matched_date - placement_order_date, 0 when matched first; children
//   with no placement order or no match date are left out.
// - placement.proceedings_weeks (month/ytd/quarter/rolling12, UNIT_WEEKS): proceedings
//   concluded in the period; numerator total (concluded - issued) days / 7, denominator cases.
// - placement.proceedings_within_26w (%): of the same, those concluded within 26 weeks
//   beginning with the day of issue (s32(1)(a)(ii)): concluded <= issued + 181 days.
// - placement.pre_proceedings (snapshot): PLO cases started by d, not ended and not issued
//   by d. placement.cases_to_issue (snapshot): of them, those with a decision to issue by d.
// - placement.placement_moves_3plus (snapshot, %): of children looked after at d, those with
//   3 or more placements (PlacementSpells) that they were in on any day of the 12 months
//   to d (a placement ending on the first day counts), whichever period of care.
// - placement.long_term_stability (snapshot, %): of children looked after at d, under 16 at
//   d, looked after in the current period since on or before the first day of the 30 months
//   to d: those in the same placement since on or before the first day of the 24 months to
//   d; a placement for adoption (A3-A6) counts together with the placement before it.
// - placement.foster_carers_approved / .adopters_approved / .short_break_carers_approved
//   (month/ytd/quarter/rolling12, count): approvals dated in the period; drill-down names
//   the household by its carer id (the approval's source id when it has none).
#ifndef SCORECARD_SERVICES_PLACEMENT_PLACEMENT_MEASURES_H_
#define SCORECARD_SERVICES_PLACEMENT_PLACEMENT_MEASURES_H_

#include <optional>

#include "absl/types/span.h"
#include "common/measures/measure_registry.h"
#include "common/measures/measure_value.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"
#include "services/placement/placement_data.h"
#include "services/placement/timescales.h"

namespace scorecard::placement {

// OC2: looked after continuously for at least 12 months.
inline constexpr int kOc2CohortMonths = 12;

// Children Act 1989 s32(1)(a)(ii): 26 weeks beginning with the day of issue.
inline constexpr int kProceedingsWeeks = 26;

// Placement stability: 3 or more placements in 12 months; long-term stability (former
// NI 63): under 16, looked after 2.5 years (30 months), same placement 2 years (24 months).
inline constexpr int kPlacementMovesThreshold = 3;
inline constexpr int kPlacementMovesMonths = 12;
inline constexpr int kLongTermStabilityAgeLimit = 16;
inline constexpr int kLongTermStabilityCareMonths = 30;
inline constexpr int kLongTermStabilityPlacementMonths = 24;

// ---- where a child is at the end of a day -------------------------------------------------
//
// Children's indexes must be current (IndexChildFacts after any change).

// True when an episode other than a short break is open at the end of day `d`.
bool IsLookedAfterAt(const ChildFacts& child, Date d);
// The period of care the child is in at the end of day `d`, if looked after then (the
// latest-starting one: a new "S" period wins over a wrongly unclosed older one).
std::optional<PeriodOfCare> PeriodOfCareAt(const ChildFacts& child, Date d);
// The placement the child is in at the end of day `d` (latest-starting), or null.
const PlacementSpell* PlacementAt(const ChildFacts& child, Date d);

// ---- review timescales (reg 33) -----------------------------------------------------------

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

// ---- visits (reg 28) ----------------------------------------------------------------------

// True when the child, looked after at the end of `d` in `period`, was seen within the
// visiting timescale then (the rule under placement.lac_visits_within_6w above).
bool SeenWithinTimescaleAt(const ChildFacts& child, const PeriodOfCare& period, Date d,
                           const PlacementSettings& settings);

// ---- health (reg 7) -----------------------------------------------------------------------

// (NextHealthAssessmentDueBy, the rule after each assessment, is in timescales.h.)

// The last day of the child's next health assessment, looking at the end of `d` in the
// period starting `period_start`: after the latest assessment held in [period_start, d]
// (NextHealthAssessmentDueBy, worked out when the child was indexed), or, with none, the
// initial one's deadline: the N-th working day after period_start (N =
// settings.initial_health_assessment_working_days).
Date HealthAssessmentDueBy(const ChildFacts& child, Date period_start, Date d,
                           const PlacementSettings& settings, const WorkingDayCalendar& calendar);

// The last day of the child's next dental check: 12 months after the latest held in
// [period_start, d], or 12 months after period_start with none.
Date DentalCheckDueBy(const ChildFacts& child, Date period_start, Date d);

// ---- OC2 cohort ---------------------------------------------------------------------------

// True when the child is in the OC2 cohort at the end of `month` (rule above).
bool InOc2CohortAt(const ChildFacts& child, Month month);

// The OC2 outcome figures' collection year for a month: the latest (April to March, named
// by the year it starts in) that has ended by the month's last day. March 2017 -> 2016
// (2016-17); May 2017 -> 2016; February 2017 -> 2015.
int LatestCollectionYearEndedBy(Month month);

// ---- proceedings --------------------------------------------------------------------------

// The last day of the 26 weeks beginning with the day of issue: issued + 26 x 7 - 1 days.
Date ProceedingsDueBy(Date issued);

// True when proceedings issued on `issued` and concluded on `concluded` were disposed of
// within 26 weeks beginning with the day of issue (by ProceedingsDueBy).
bool ConcludedWithin26Weeks(Date issued, Date concluded);

// ---- adoption scorecard -------------------------------------------------------------------

// One timescale: the days from start to end, 0 when the clock stopped before it started
// (e.g. matched before the placement order).
struct AdoptionTimescale {
  Date start;
  Date end;
  int days = 0;
};

// One adopted child's timescales; nullopt where the child is not counted.
struct AdoptionTimescales {
  std::optional<AdoptionTimescale> a1;
  std::optional<AdoptionTimescale> a2;
  std::optional<AdoptionTimescale> a10;
};
AdoptionTimescales AdoptionTimescalesOf(const ChildFacts& child, const AdoptionFacts& adoption);

// ---- stability ----------------------------------------------------------------------------

// Placements (PlacementSpells) the child was in on any day of `window`: started by its
// last day and not ended before its first (one ending on the first day counts).
int PlacementsDuring(const ChildFacts& child, DateRange window);

// ---- measures -----------------------------------------------------------------------------

Fraction LookedAfterChildren(const PlacementData& data, const MeasureContext& ctx);
Fraction LookedAfterUasc(const PlacementData& data, const MeasureContext& ctx);
Fraction LookedAfterRate(const PlacementData& data, const MeasureContext& ctx);
Fraction LacReviewsOnTime(const PlacementData& data, const MeasureContext& ctx);
Fraction LacVisitsWithinTimescale(const PlacementData& data, const MeasureContext& ctx);
Fraction HealthAssessmentsOnTime(const PlacementData& data, const MeasureContext& ctx);
Fraction HealthAssessmentsOverdue(const PlacementData& data, const MeasureContext& ctx);
Fraction DentalChecksOnTime(const PlacementData& data, const MeasureContext& ctx);
Fraction Oc2Cohort(const PlacementData& data, const MeasureContext& ctx);
Fraction Oc2HealthOnTime(const PlacementData& data, const MeasureContext& ctx);
Fraction Oc2HealthOverdue(const PlacementData& data, const MeasureContext& ctx);
Fraction Oc2HealthAssessmentUpToDate(const PlacementData& data, const MeasureContext& ctx);
Fraction Oc2TeethChecked(const PlacementData& data, const MeasureContext& ctx);
Fraction Oc2ImmunisationsUpToDate(const PlacementData& data, const MeasureContext& ctx);
Fraction InitialHealthAssessmentsOnTime(const PlacementData& data, const MeasureContext& ctx);
Fraction AdoptionA1Days(const PlacementData& data, const MeasureContext& ctx);
Fraction AdoptionA2Days(const PlacementData& data, const MeasureContext& ctx);
Fraction AdoptionA10Days(const PlacementData& data, const MeasureContext& ctx);
Fraction ProceedingsWeeks(const PlacementData& data, const MeasureContext& ctx);
Fraction ProceedingsWithin26Weeks(const PlacementData& data, const MeasureContext& ctx);
Fraction PreProceedingsOpen(const PlacementData& data, const MeasureContext& ctx);
Fraction CasesToIssue(const PlacementData& data, const MeasureContext& ctx);
Fraction PlacementMoves3Plus(const PlacementData& data, const MeasureContext& ctx);
Fraction LongTermStability(const PlacementData& data, const MeasureContext& ctx);
Fraction FosterCarersApproved(const PlacementData& data, const MeasureContext& ctx);
Fraction AdoptersApproved(const PlacementData& data, const MeasureContext& ctx);
Fraction ShortBreakCarersApproved(const PlacementData& data, const MeasureContext& ctx);

// Every placement measure, by id.
const MeasureRegistry<PlacementData>& PlacementMeasures();

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_PLACEMENT_MEASURES_H_
