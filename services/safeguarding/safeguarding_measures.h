// Safeguarding counting rules: pure functions from records to a numerator and denominator.
//
//   MeasureContext ctx = ...;  // month 2017-05, basis month
//   Fraction f = IcpcsWithin15WorkingDays(data, ctx);
//   // f.denominator: ICPCs held in May 2017; f.numerator: of them, held within 15 working
//   // days of the strategy discussion.
//
// This comment is the reference for every safeguarding.* measure (services/safeguarding/
// COUNTING.md gives the sources and the reasons). Conventions used throughout:
//   - "In the period": a date d with period.first <= d <= period.last (month, financial
//     year to date, financial quarter to date, or the 12 months ending with the month).
//   - "At month end" (snapshots), for d = the month's last day: a thing with a start and an
//     optional end is open at the end of d when start <= d and (no end, or end > d). Ending
//     on d means over by the end of d (the DfE's "at 31 March").
//   - WD(a, b) = WorkingDaysBetween(a, b): working days after a up to and including b
//     (same day = 0), England and Wales bank holidays plus the authority's closure days. A
//     timescale of N working days is met when WD(start, done) <= N.
//   - Rates per 10,000: numerator as counted; denominator the 0-17 population for the
//     month from PopulationTable (a month of financial year Y uses mid-Y, else the latest
//     earlier estimate; none loaded: denominator 0, no value). A team breakdown divides
//     the team's count by the whole authority's population.
//   - Team breakdown (MeasureContext.team): each rule below says whose team counts. Records
//     with no team (contacts, LADO referrals, private fostering, missing, CSE flags) give
//     0 (count) or 0/0 (percentage) for any team, never the whole authority's figure.
//   - Settings (SafeguardingSettings, per authority, defaults in safeguarding_settings.h)
//     change the timescales but never the measure ids.
//   - Drill-down: each measure notes, through ctx.Note, every case it counts as it counts
//     it; COUNTING.md section 7 says what the rows and their reason codes are.
//
// Volumes (events in the period; bases month, ytd, quarter, rolling12):
//   safeguarding.contacts       contacts with contact_date in the period. No team.
//   safeguarding.referrals      referrals with referral_date in the period. Referral's team.
//   safeguarding.s47_started    S47 enquiries with strategy_discussion_date in the period.
//                               Enquiry's team.
//   safeguarding.lado_referrals LADO referrals with referral_date in the period. No team.
//   safeguarding.missing_children  distinct children with a missing episode starting in the
//                               period, or an assessment authorised in the period that
//                               records factor 10A. No team. Natural basis month.
//
// Rates (rolling12 only for referrals and S47; snapshot for CIN and CP):
//   safeguarding.referrals_rate referrals in the 12 months ending with the month / population.
//   safeguarding.s47_rate       S47 enquiries started in those 12 months / population.
//   safeguarding.cin_rate       cin_count / population.
//   safeguarding.cp_rate        cp_count / population.
//
// Front door and assessment (percentages of events in the period; month, ytd, quarter,
// rolling12):
//   safeguarding.rereferrals_within_12m  of referrals in the period, those whose child has
//       an earlier referral p with AddCalendarMonths(r, -12) <= p < r (r = this referral's
//       date; 12 months back clamps to month end: 28/02/2017 reaches back to 28/02/2016).
//       Two referrals on one day are not re-referrals of each other. Referral's team.
//   safeguarding.referral_decisions_within_1wd  of contacts whose MASH decision_date is in
//       the period, those with WD(contact_date, decision_date) <= 1. Counted on contacts,
//       not referrals, so a child's one front-door decision is counted once. No team.
//   safeguarding.assessments_completed_within_45wd / _over_45wd  of assessments with
//       authorisation_date in the period (one shared denominator; the two sum to 100%),
//       within when WD(clock, authorisation) <= 45, else over. clock = the referral date
//       (default; start date when the referral date is missing) or the start date, per
//       settings.assessment_clock. Assessment's team.
//   safeguarding.assessment_duration  (unit days) the median of WD(start_date,
//       authorisation_date) over assessments authorised in the period (DfE table C2: always
//       from the start, whatever the clock setting; same day = 0; an even count takes the
//       mean of the middle two). Encoded so value = numerator / denominator = the median
//       and the denominator is the number of assessments: numerator = median x count. A
//       median does not add up across periods: ask for the wider basis. Assessment's team.
//   safeguarding.assessment_duration_band_<band>  (count) of the same assessments, those
//       whose WD(start_date, authorisation_date) is in the DfE table C2 band <band>: 0
//       ("started and finished the same day"), 1_10, 11_20, 21_30, 31_40, 41_45, 46_50,
//       51_60 or 61_plus working days (kAssessmentDurationBands). Assessment's team.
//
// Assessment snapshots (snapshot only), over assessments open at month end d (start <= d,
// not authorised by the end of d); one shared denominator:
//   safeguarding.assessments_open_within_45wd  WD(clock, d) <= 45.
//   safeguarding.assessments_open_over_45wd    WD(clock, d) > 45 (DfE rule 8670Q's test).
//
// Conferences (percentages of conferences held in the period; month, ytd, quarter,
// rolling12):
//   safeguarding.icpc_within_15wd  of S47 enquiries whose ICPC was held in the period,
//       those with WD(strategy discussion, ICPC) <= 15. Enquiry's team.
//   safeguarding.icpc_report_on_time  of those same ICPCs, those whose report was shared on
//       or before AddWorkingDays(ICPC date, -lead), lead = settings.icpc_report_lead_working_days
//       (default 3). No shared date: not on time. Enquiry's team.
//   safeguarding.rcpc_report_on_time  the same for review conferences held in the period,
//       lead = settings.rcpc_report_lead_working_days (default 5). The reviewed plan's team
//       (a review is linked to its plan by plan_source_id, else by date; see
//       SafeguardingData::review_plan).
//
// Children in need and on plans (snapshot only, distinct children, at month end d):
//   "in need": an open CIN episode that is not early intervention. "On a plan": an open CP
//   plan. "Looked after": inside a looked_after period of any of the child's CIN episodes.
//   safeguarding.cin_count  children in need or on a plan (card: "including LAC and CP";
//       looked-after children are counted through their CIN episode). Team: a qualifying
//       episode or plan of that team.
//   safeguarding.cin_count_excl_cp_lac  children in need who are neither on a plan nor
//       looked after (card: "exclu Early Intervention"). Team: a qualifying episode of that
//       team; the exclusions look at all the child's records.
//   safeguarding.cp_count  children on a plan. The child's plan at d is their open plan
//       that started last. Team: that plan's team.
//
// Children on a plan at month end d (snapshot only; the plan is the child's plan at d and
// its team is the team that counts):
//   safeguarding.cp_reviews_on_time  (legacy NI 67) denominator: children whose plan has
//       lasted at least 3 months (AddCalendarMonths(start, 3) <= d). Numerator: those whose
//       reviews were all on time: the first held by AddCalendarMonths(start, 3), each next
//       by AddCalendarMonths(previous review, 6) (an early review restarts the clock from
//       the day held), and the next due date is not before d (due on d can still be met).
//       Reviews on or before the plan's start, or after d, are ignored.
//   safeguarding.cp_visits_within_10wd  children with WD(last, d) <= N, N =
//       settings.cp_visit_interval_working_days (default 10), last = the later of the plan's start
//       and the last visit on or before d at which the child was seen. So a plan younger than N
//       working days is in time until its first visit falls due.
//   safeguarding.core_groups_within_6w  children with a core group on or after the plan's
//       start and on or after d - 7 x settings.core_group_interval_weeks days (default 42),
//       up to d; or whose first core group is not yet due: d <= AddWorkingDays(start,
//       settings.first_core_group_working_days) (default 10).
//
// Plans starting / ending in the period (natural basis ytd, also month, quarter,
// rolling12; the plan's team):
//   safeguarding.cp_second_or_subsequent  of plans starting in the period, those with
//       previous_plans > 0 or an earlier-starting plan stored for the same child (ever).
//   safeguarding.cp_lasting_2y  of plans ending in the period, those with end >=
//       AddCalendarMonths(start, 24) (the DfE's "CPPs ceasing in the year lasting 2 years
//       or more").
//
// Other snapshots (snapshot only, at month end d, no team):
//   safeguarding.private_fostering  arrangements open at d, plus one for each child with
//       no open arrangement whose case is open at d (in need or on a plan) and whose
//       latest assessment authorised on or before d records a factor 8B-8F.
//   safeguarding.cse_risk  distinct children with a CSE risk flag open at d, or whose case
//       is open at d and whose latest assessment authorised on or before d records 11A.
//   ("Latest authorised": the assessments authorised on the latest such day; any of them.)
#ifndef SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_MEASURES_H_
#define SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_MEASURES_H_

#include <limits>
#include <optional>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/measures/measure_registry.h"
#include "common/measures/measure_value.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"
#include "services/safeguarding/safeguarding_data.h"
#include "services/safeguarding/safeguarding_settings.h"

namespace scorecard::safeguarding {

// Statutory timescales (Working Together), not settings.
inline constexpr int kReferralDecisionWorkingDays = 1;
inline constexpr int kAssessmentTimescaleWorkingDays = 45;
inline constexpr int kIcpcTimescaleWorkingDays = 15;
inline constexpr int kFirstCpReviewMonths = 3;
inline constexpr int kLaterCpReviewMonths = 6;
// Counting windows of the DfE statistics.
inline constexpr int kRereferralWindowMonths = 12;
inline constexpr int kLongPlanMonths = 24;

// The assessment factor codes (11A, 10A, 8B-8F) are in safeguarding_data.h.

// --- Rules, exposed for tests and drill-downs ---

// True when `span` is open at the end of day `d`: started on or before d and not ended by
// the end of d. The one definition of "open at month end".
[[nodiscard]] bool OpenAtEndOf(DaySpan span, DayNumber d);
// The same for something that started on `start` and ends on `end` (none: still going).
[[nodiscard]] bool OpenAtEndOf(Date start, std::optional<Date> end, Date d);

// True when `previous` (a date of an earlier referral for the same child) makes a referral
// on `referral` a re-referral: AddCalendarMonths(referral, -12) <= previous < referral.
[[nodiscard]] bool IsRereferral(Date previous, Date referral);

// Where the 45-working-day clock starts for an assessment under the settings.
[[nodiscard]] Date AssessmentClockStart(const AssessmentFacts& assessment,
                                        const SafeguardingSettings& settings);

// True when a report shared on `shared` (none: never) was on time for a conference on
// `conference` with the given lead in working days.
[[nodiscard]] bool ReportOnTime(Date conference, std::optional<Date> shared, int lead_working_days,
                                const WorkingDayCalendar& calendar);

// Where a plan that started on `plan_start` stands at the end of day `d` on the legacy
// NI 67 rule, given its review conference dates (ascending).
enum class CpReviewStatus {
  // The plan has lasted less than 3 months: not counted.
  kUnderThreeMonths,
  // Every review held so far was on time and the next is not overdue.
  kOnTime,
  kLate,
};
// The status and the review date that decides it.
struct CpReviewCheck {
  CpReviewStatus status = CpReviewStatus::kUnderThreeMonths;
  // kOnTime and kUnderThreeMonths: when the next review is due. kLate: the due date missed.
  Date due;
  // kLate: the day the late review was held; nullopt when it was not held by `d`.
  std::optional<Date> held_late;
};
[[nodiscard]] CpReviewCheck CheckCpReviews(Date plan_start, absl::Span<const Date> reviews,
                                           Date d);
[[nodiscard]] inline CpReviewStatus CpReviewStatusAt(Date plan_start,
                                                     absl::Span<const Date> reviews, Date d) {
  return CheckCpReviews(plan_start, reviews, d).status;
}

// The earliest day c with WD(c, d) <= n. WD(c, d) only falls as c moves later, so
// "WD(c, d) <= n" is exactly "c >= EarliestWithin(d, n)": a month-end snapshot finds the
// threshold once with the calendar's own count, instead of counting for every case.
[[nodiscard]] Date EarliestWithin(Date d, int n, const WorkingDayCalendar& calendar);

// A band of assessment durations in DfE table C2, in working days from start to
// authorisation: `label` names the measure safeguarding.assessment_duration_band_<label>.
struct AssessmentDurationBand {
  absl::string_view label;
  int min_working_days;
  // Inclusive; kOpenBandMaximum for the open band.
  int max_working_days;
};
inline constexpr int kOpenBandMaximum = std::numeric_limits<int>::max();
inline constexpr AssessmentDurationBand kAssessmentDurationBands[] = {
    {"0", 0, 0},       {"1_10", 1, 10},   {"11_20", 11, 20},
    {"21_30", 21, 30}, {"31_40", 31, 40}, {"41_45", 41, 45},
    {"46_50", 46, 50}, {"51_60", 51, 60}, {"61_plus", 61, kOpenBandMaximum},
};
// The index in kAssessmentDurationBands of the band holding `working_days` (>= 0).
[[nodiscard]] int AssessmentDurationBandOf(int working_days);

// The median of `values` (mean of the middle two for an even count); nullopt when empty.
[[nodiscard]] std::optional<double> Median(std::vector<int> values);

// The child's plan at the end of day `d`: their open plan that started last. nullopt when
// none is open.
[[nodiscard]] std::optional<int> PlanAt(const SafeguardingData& data, const ChildHistory& child,
                                        DayNumber d);

// --- Measures (see the header comment for each rule) ---

Fraction Contacts(const SafeguardingData& data, const MeasureContext& ctx);
Fraction Referrals(const SafeguardingData& data, const MeasureContext& ctx);
Fraction ReferralsRate(const SafeguardingData& data, const MeasureContext& ctx);
Fraction RereferralsWithin12Months(const SafeguardingData& data, const MeasureContext& ctx);
Fraction ReferralDecisionsWithin1WorkingDay(const SafeguardingData& data,
                                            const MeasureContext& ctx);
Fraction AssessmentsCompletedWithin45(const SafeguardingData& data, const MeasureContext& ctx);
Fraction AssessmentsCompletedOver45(const SafeguardingData& data, const MeasureContext& ctx);
Fraction AssessmentsOpenWithin45(const SafeguardingData& data, const MeasureContext& ctx);
Fraction AssessmentsOpenOver45(const SafeguardingData& data, const MeasureContext& ctx);
Fraction AssessmentDuration(const SafeguardingData& data, const MeasureContext& ctx);
// Assessments of the period whose duration is in kAssessmentDurationBands[band].
Fraction AssessmentsInDurationBand(const SafeguardingData& data, const MeasureContext& ctx,
                                   int band);
Fraction Section47sStarted(const SafeguardingData& data, const MeasureContext& ctx);
Fraction Section47Rate(const SafeguardingData& data, const MeasureContext& ctx);
Fraction IcpcsWithin15WorkingDays(const SafeguardingData& data, const MeasureContext& ctx);
Fraction IcpcReportsOnTime(const SafeguardingData& data, const MeasureContext& ctx);
Fraction RcpcReportsOnTime(const SafeguardingData& data, const MeasureContext& ctx);
Fraction ChildrenInNeed(const SafeguardingData& data, const MeasureContext& ctx);
Fraction ChildrenInNeedExclCpLac(const SafeguardingData& data, const MeasureContext& ctx);
Fraction ChildrenInNeedRate(const SafeguardingData& data, const MeasureContext& ctx);
Fraction ChildrenOnPlans(const SafeguardingData& data, const MeasureContext& ctx);
Fraction ChildrenOnPlansRate(const SafeguardingData& data, const MeasureContext& ctx);
Fraction CpReviewsOnTime(const SafeguardingData& data, const MeasureContext& ctx);
Fraction CpVisitsInTime(const SafeguardingData& data, const MeasureContext& ctx);
Fraction CoreGroupsInTime(const SafeguardingData& data, const MeasureContext& ctx);
Fraction SecondOrSubsequentPlans(const SafeguardingData& data, const MeasureContext& ctx);
Fraction PlansLastingTwoYears(const SafeguardingData& data, const MeasureContext& ctx);
Fraction PrivateFostering(const SafeguardingData& data, const MeasureContext& ctx);
Fraction MissingChildren(const SafeguardingData& data, const MeasureContext& ctx);
Fraction CseRisk(const SafeguardingData& data, const MeasureContext& ctx);
Fraction LadoReferrals(const SafeguardingData& data, const MeasureContext& ctx);

// Every safeguarding measure, by id.
const MeasureRegistry<SafeguardingData>& SafeguardingMeasures();

}  // namespace scorecard::safeguarding

#endif  // SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_MEASURES_H_
