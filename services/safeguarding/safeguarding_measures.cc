#include "services/safeguarding/safeguarding_measures.h"

#include <algorithm>
#include <iterator>

namespace scorecard::safeguarding {
namespace {

namespace cv1 = ::scorecard::common::v1;

bool InTeam(const std::string& team, const MeasureContext& ctx) {
  return ctx.team.empty() || team == ctx.team;
}

Fraction Ratio(int numerator, int denominator) {
  return Fraction{static_cast<double>(numerator), static_cast<double>(denominator)};
}

// A count over the 0-17 population for the month (denominator 0 when none is loaded).
Fraction PerPopulation(double count, const SafeguardingData& data, Month month) {
  const std::optional<int64_t> population = data.records.population.ForMonth(month);
  return Fraction{count, population.has_value() ? static_cast<double>(*population) : 0.0};
}

// The entries of `order` (record indexes ascending by the date `date_of` gives) whose date
// falls in `period`.
template <typename Facts, typename DateOf>
absl::Span<const int> InPeriod(const std::vector<int>& order, const std::vector<Facts>& facts,
                               DateOf date_of, const DateRange& period) {
  const auto first = std::lower_bound(order.begin(), order.end(), period.first,
                                      [&](int i, Date day) { return date_of(facts[i]) < day; });
  const auto last = std::upper_bound(first, order.end(), period.last,
                                     [&](Date day, int i) { return day < date_of(facts[i]); });
  return absl::MakeConstSpan(order).subspan(first - order.begin(), last - first);
}

absl::Span<const int> ReferralsReceived(const SafeguardingData& data, const DateRange& period) {
  return InPeriod(
      data.by_date.referrals_by_referral_date, data.records.referrals,
      [](const ReferralFacts& r) { return r.referral_date; }, period);
}

absl::Span<const int> AssessmentsAuthorised(const SafeguardingData& data, const DateRange& period) {
  return InPeriod(
      data.by_date.assessments_by_authorisation_date, data.records.assessments,
      [](const AssessmentFacts& a) { return *a.authorisation_date; }, period);
}

absl::Span<const int> IcpcsHeld(const SafeguardingData& data, const DateRange& period) {
  return InPeriod(
      data.by_date.section47s_by_icpc_date, data.records.section47s,
      [](const Section47Facts& s) { return *s.icpc_date; }, period);
}

int ReferralsIn(const SafeguardingData& data, const DateRange& period, const MeasureContext& ctx) {
  int n = 0;
  for (int i : ReferralsReceived(data, period)) {
    if (InTeam(data.records.referrals[i].team, ctx)) ++n;
  }
  return n;
}

int Section47sIn(const SafeguardingData& data, const DateRange& period, const MeasureContext& ctx) {
  int n = 0;
  for (int i : InPeriod(
           data.by_date.section47s_by_strategy_discussion_date, data.records.section47s,
           [](const Section47Facts& s) { return s.strategy_discussion_date; }, period)) {
    if (InTeam(data.records.section47s[i].team, ctx)) ++n;
  }
  return n;
}

// Assessments authorised in the period: how many, and how many within 45 working days.
struct Split {
  int in_time = 0;
  int total = 0;
};

Split CompletedAssessments(const SafeguardingData& data, const MeasureContext& ctx) {
  Split s;
  for (int i : AssessmentsAuthorised(data, ctx.period)) {
    const AssessmentFacts& a = data.records.assessments[i];
    if (!InTeam(a.team, ctx)) continue;
    ++s.total;
    const Date clock = AssessmentClockStart(a, data.records.settings);
    if (ctx.calendar->WorkingDaysBetween(clock, *a.authorisation_date) <=
        kAssessmentTimescaleWorkingDays) {
      ++s.in_time;
    }
  }
  return s;
}

Split OpenAssessments(const SafeguardingData& data, const MeasureContext& ctx) {
  Split s;
  const Date d = ctx.month_end;
  const DayNumber day = ToDayNumber(d);
  // WD(clock, d) <= 45 exactly when clock is on or after this day.
  const Date within_from = EarliestWithin(d, kAssessmentTimescaleWorkingDays, *ctx.calendar);
  for (size_t i = 0; i < data.assessment_days.size(); ++i) {
    if (!OpenAtEndOf(data.assessment_days[i], day)) continue;
    const AssessmentFacts& a = data.records.assessments[i];
    if (!InTeam(a.team, ctx)) continue;
    ++s.total;
    if (AssessmentClockStart(a, data.records.settings) >= within_from) ++s.in_time;
  }
  return s;
}

// An open CIN episode that is not early intervention, of the team when one is given.
bool InNeedAt(const SafeguardingData& data, const ChildHistory& child, DayNumber d,
              const std::string& team) {
  for (int i : child.cin_episodes) {
    if (!OpenAtEndOf(data.cin_episode_days[i], d)) continue;
    const CinEpisodeFacts& e = data.records.cin_episodes[i];
    if (!e.early_intervention && (team.empty() || e.team == team)) return true;
  }
  return false;
}

bool LookedAfterAt(const SafeguardingData& data, const ChildHistory& child, Date d) {
  for (int i : child.cin_episodes) {
    for (const ChildPeriodFacts& p : data.records.cin_episodes[i].looked_after) {
      if (OpenAtEndOf(p.start_date, p.end_date, d)) return true;
    }
  }
  return false;
}

// An open case: in need (any team) or on a plan.
bool OpenCaseAt(const SafeguardingData& data, const ChildHistory& child, DayNumber d) {
  return InNeedAt(data, child, d, /*team=*/"") || PlanAt(data, child, d).has_value();
}

// True when one of the assessments authorised on the latest authorisation day on or
// before `d` records a factor `records` accepts.
template <typename RecordsFactorFn>
bool LatestAssessmentRecords(const SafeguardingData& data, const ChildHistory& child, Date d,
                             RecordsFactorFn records) {
  const AssessmentFacts* first =
      data.records.assessments.data() + child.authorised_assessments.from;
  const AssessmentFacts* end = std::upper_bound(
      first, data.records.assessments.data() + child.authorised_assessments.to, d,
      [](Date day, const AssessmentFacts& a) { return day < *a.authorisation_date; });
  if (end == first) return false;
  const Date latest = *std::prev(end)->authorisation_date;
  for (const AssessmentFacts* a = end; a != first;) {
    --a;
    if (*a->authorisation_date != latest) break;
    if (records(*a)) return true;
  }
  return false;
}

// The last day on which the child was seen at a visit, on or before `d`.
std::optional<Date> LastSeen(const SafeguardingData& data, const ChildHistory& child, Date d) {
  const VisitFacts* first = data.records.visits.data() + child.visits.from;
  const VisitFacts* end =
      std::upper_bound(first, data.records.visits.data() + child.visits.to, d,
                       [](Date day, const VisitFacts& v) { return day < v.visit_date; });
  for (const VisitFacts* v = end; v != first;) {
    --v;
    if (v->seen) return v->visit_date;
  }
  return std::nullopt;
}

// Calls fn(child, plan) for each child on a plan at month end whose plan at month end is of
// the context's team: the population every plan snapshot counts over.
template <typename Fn>
void ForEachChildOnPlan(const SafeguardingData& data, const MeasureContext& ctx, Fn fn) {
  const DayNumber day = ToDayNumber(ctx.month_end);
  for (int c : data.children_with_plans) {
    const ChildHistory& child = data.children[c];
    const std::optional<int> plan = PlanAt(data, child, day);
    if (!plan.has_value() || !InTeam(data.records.plans[*plan].team, ctx)) continue;
    fn(child, *plan);
  }
}

}  // namespace

// --- Rules ---

bool OpenAtEndOf(DaySpan span, DayNumber d) { return span.start <= d && d < span.end; }

bool OpenAtEndOf(Date start, std::optional<Date> end, Date d) {
  return OpenAtEndOf(ToDaySpan(start, end), ToDayNumber(d));
}

bool IsRereferral(Date previous, Date referral) {
  return previous < referral && AddCalendarMonths(referral, -kRereferralWindowMonths) <= previous;
}

Date AssessmentClockStart(const AssessmentFacts& assessment, const SafeguardingSettings& settings) {
  if (settings.assessment_clock == AssessmentClock::kReferral &&
      assessment.referral_date.has_value()) {
    return *assessment.referral_date;
  }
  return assessment.start_date;
}

bool ReportOnTime(Date conference, std::optional<Date> shared, int lead_working_days,
                  const WorkingDayCalendar& calendar) {
  return shared.has_value() && *shared <= calendar.AddWorkingDays(conference, -lead_working_days);
}

CpReviewStatus CpReviewStatusAt(Date plan_start, absl::Span<const Date> reviews, Date d) {
  Date due = AddCalendarMonths(plan_start, kFirstCpReviewMonths);
  if (due > d) return CpReviewStatus::kUnderThreeMonths;
  for (Date held : reviews) {
    if (held <= plan_start) continue;  // not a review of this plan (DfE rule 8841)
    if (held > d) break;
    if (held > due) return CpReviewStatus::kLate;
    due = AddCalendarMonths(held, kLaterCpReviewMonths);
  }
  // A review due on `d` itself can still be held that day.
  return d <= due ? CpReviewStatus::kOnTime : CpReviewStatus::kLate;
}

Date EarliestWithin(Date d, int n, const WorkingDayCalendar& calendar) {
  const int step = 2 * n + 30;  // calendar days that hold more than n working days
  Date lo = d - step;
  while (calendar.WorkingDaysBetween(lo, d) <= n) lo -= step;
  Date hi = d;  // WD(d, d) = 0
  // WD(lo, d) > n and WD(hi, d) <= n throughout.
  while (hi - lo > 1) {
    const Date mid = lo + (hi - lo) / 2;
    if (calendar.WorkingDaysBetween(mid, d) <= n) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

std::optional<double> Median(std::vector<int> values) {
  if (values.empty()) return std::nullopt;
  const size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + mid);
  return (lower + upper) / 2;
}

std::optional<int> PlanAt(const SafeguardingData& data, const ChildHistory& child, DayNumber d) {
  std::optional<int> found;
  for (int i : child.plans) {  // by start date: the last open one started last
    if (data.plan_days[i].start > d) break;
    if (OpenAtEndOf(data.plan_days[i], d)) found = i;
  }
  return found;
}

// --- Volumes and rates ---

Fraction Contacts(const SafeguardingData& data, const MeasureContext& ctx) {
  // Contacts precede allocation, so they have no team: a team breakdown counts none.
  if (!ctx.team.empty()) return Count(0);
  return Count(InPeriod(
                   data.by_date.contacts_by_contact_date, data.records.contacts,
                   [](const ContactFacts& c) { return c.contact_date; }, ctx.period)
                   .size());
}

Fraction Referrals(const SafeguardingData& data, const MeasureContext& ctx) {
  return Count(ReferralsIn(data, ctx.period, ctx));
}

Fraction ReferralsRate(const SafeguardingData& data, const MeasureContext& ctx) {
  return PerPopulation(ReferralsIn(data, TrailingMonths(ctx.month, 12), ctx), data, ctx.month);
}

Fraction Section47sStarted(const SafeguardingData& data, const MeasureContext& ctx) {
  return Count(Section47sIn(data, ctx.period, ctx));
}

Fraction Section47Rate(const SafeguardingData& data, const MeasureContext& ctx) {
  return PerPopulation(Section47sIn(data, TrailingMonths(ctx.month, 12), ctx), data, ctx.month);
}

Fraction LadoReferrals(const SafeguardingData& data, const MeasureContext& ctx) {
  if (!ctx.team.empty()) return Count(0);  // about an adult, not a child's case: no team
  const std::vector<Date>& dates = data.records.lado_referral_dates;  // ascending
  return Count(std::upper_bound(dates.begin(), dates.end(), ctx.period.last) -
               std::lower_bound(dates.begin(), dates.end(), ctx.period.first));
}

Fraction MissingChildren(const SafeguardingData& data, const MeasureContext& ctx) {
  if (!ctx.team.empty()) return Count(0);
  int n = 0;
  for (int c : data.children_with_missing) {
    const ChildHistory& child = data.children[c];
    bool missing = false;
    for (int i : child.missing_episodes) {
      if (ctx.period.Contains(data.records.missing_episodes[i].start_date)) missing = true;
    }
    for (int i : child.authorised_assessments) {
      const AssessmentFacts& a = data.records.assessments[i];
      if (ctx.period.Contains(*a.authorisation_date) && RecordsMissingFactor(a)) missing = true;
    }
    if (missing) ++n;
  }
  return Count(n);
}

// --- Front door and assessments ---

Fraction RereferralsWithin12Months(const SafeguardingData& data, const MeasureContext& ctx) {
  const std::vector<ReferralFacts>& all = data.records.referrals;
  int referrals = 0;
  int rereferrals = 0;
  for (int k : ReferralsReceived(data, ctx.period)) {
    const ReferralFacts& r = all[k];
    if (!InTeam(r.team, ctx)) continue;
    ++referrals;
    // Referrals are sorted by child, then date: the child's earlier ones sit just before
    // this one, and the latest strictly earlier one is the nearest candidate.
    for (int j = k - 1; j >= 0 && all[j].child_id == r.child_id; --j) {
      if (all[j].referral_date < r.referral_date) {
        if (IsRereferral(all[j].referral_date, r.referral_date)) ++rereferrals;
        break;
      }
    }
  }
  return Ratio(rereferrals, referrals);
}

Fraction ReferralDecisionsWithin1WorkingDay(const SafeguardingData& data,
                                            const MeasureContext& ctx) {
  if (!ctx.team.empty()) return Ratio(0, 0);  // contacts have no team
  int decided = 0;
  int in_time = 0;
  for (int i : InPeriod(
           data.by_date.contacts_by_decision_date, data.records.contacts,
           [](const ContactFacts& c) { return *c.decision_date; }, ctx.period)) {
    const ContactFacts& c = data.records.contacts[i];
    ++decided;
    if (ctx.calendar->WorkingDaysBetween(c.contact_date, *c.decision_date) <=
        kReferralDecisionWorkingDays) {
      ++in_time;
    }
  }
  return Ratio(in_time, decided);
}

Fraction AssessmentsCompletedWithin45(const SafeguardingData& data, const MeasureContext& ctx) {
  const Split s = CompletedAssessments(data, ctx);
  return Ratio(s.in_time, s.total);
}

Fraction AssessmentsCompletedOver45(const SafeguardingData& data, const MeasureContext& ctx) {
  const Split s = CompletedAssessments(data, ctx);
  return Ratio(s.total - s.in_time, s.total);
}

Fraction AssessmentsOpenWithin45(const SafeguardingData& data, const MeasureContext& ctx) {
  const Split s = OpenAssessments(data, ctx);
  return Ratio(s.in_time, s.total);
}

Fraction AssessmentsOpenOver45(const SafeguardingData& data, const MeasureContext& ctx) {
  const Split s = OpenAssessments(data, ctx);
  return Ratio(s.total - s.in_time, s.total);
}

Fraction AssessmentDuration(const SafeguardingData& data, const MeasureContext& ctx) {
  std::vector<int> durations;
  for (int i : AssessmentsAuthorised(data, ctx.period)) {
    const AssessmentFacts& a = data.records.assessments[i];
    if (!InTeam(a.team, ctx)) continue;
    durations.push_back(ctx.calendar->WorkingDaysBetween(a.start_date, *a.authorisation_date));
  }
  const double n = static_cast<double>(durations.size());
  const std::optional<double> median = Median(std::move(durations));
  if (!median.has_value()) return Fraction{0, 0};
  return Fraction{*median * n, n};
}

// --- Conferences ---

Fraction IcpcsWithin15WorkingDays(const SafeguardingData& data, const MeasureContext& ctx) {
  int held = 0;
  int in_time = 0;
  for (int i : IcpcsHeld(data, ctx.period)) {
    const Section47Facts& s = data.records.section47s[i];
    if (!InTeam(s.team, ctx)) continue;
    ++held;
    if (ctx.calendar->WorkingDaysBetween(s.strategy_discussion_date, *s.icpc_date) <=
        kIcpcTimescaleWorkingDays) {
      ++in_time;
    }
  }
  return Ratio(in_time, held);
}

Fraction IcpcReportsOnTime(const SafeguardingData& data, const MeasureContext& ctx) {
  const int lead = data.records.settings.icpc_report_lead_working_days;
  int held = 0;
  int on_time = 0;
  for (int i : IcpcsHeld(data, ctx.period)) {
    const Section47Facts& s = data.records.section47s[i];
    if (!InTeam(s.team, ctx)) continue;
    ++held;
    if (ReportOnTime(*s.icpc_date, s.icpc_report_shared_date, lead, *ctx.calendar)) ++on_time;
  }
  return Ratio(on_time, held);
}

Fraction RcpcReportsOnTime(const SafeguardingData& data, const MeasureContext& ctx) {
  const int lead = data.records.settings.rcpc_report_lead_working_days;
  static const std::string kNoTeam;
  int held = 0;
  int on_time = 0;
  for (int i : InPeriod(
           data.by_date.review_conferences_by_date, data.records.review_conferences,
           [](const ReviewConferenceFacts& r) { return r.conference_date; }, ctx.period)) {
    const ReviewConferenceFacts& r = data.records.review_conferences[i];
    const int plan = data.review_plan[i];
    const std::string& team = plan >= 0 ? data.records.plans[plan].team : kNoTeam;
    if (!InTeam(team, ctx)) continue;
    ++held;
    if (ReportOnTime(r.conference_date, r.report_shared_date, lead, *ctx.calendar)) ++on_time;
  }
  return Ratio(on_time, held);
}

// --- Children in need and on plans ---

Fraction ChildrenInNeed(const SafeguardingData& data, const MeasureContext& ctx) {
  const DayNumber d = ToDayNumber(ctx.month_end);
  int n = 0;
  for (int c : data.children_with_cases) {
    const ChildHistory& child = data.children[c];
    const std::optional<int> plan = PlanAt(data, child, d);
    if (InNeedAt(data, child, d, ctx.team) ||
        (plan.has_value() && InTeam(data.records.plans[*plan].team, ctx))) {
      ++n;
    }
  }
  return Count(n);
}

Fraction ChildrenInNeedExclCpLac(const SafeguardingData& data, const MeasureContext& ctx) {
  const DayNumber d = ToDayNumber(ctx.month_end);
  int n = 0;
  for (int c : data.children_with_cases) {
    const ChildHistory& child = data.children[c];
    if (InNeedAt(data, child, d, ctx.team) && !PlanAt(data, child, d).has_value() &&
        !LookedAfterAt(data, child, ctx.month_end)) {
      ++n;
    }
  }
  return Count(n);
}

Fraction ChildrenInNeedRate(const SafeguardingData& data, const MeasureContext& ctx) {
  return PerPopulation(ChildrenInNeed(data, ctx).numerator, data, ctx.month);
}

Fraction ChildrenOnPlans(const SafeguardingData& data, const MeasureContext& ctx) {
  int n = 0;
  ForEachChildOnPlan(data, ctx, [&](const ChildHistory&, int) { ++n; });
  return Count(n);
}

Fraction ChildrenOnPlansRate(const SafeguardingData& data, const MeasureContext& ctx) {
  return PerPopulation(ChildrenOnPlans(data, ctx).numerator, data, ctx.month);
}

Fraction CpReviewsOnTime(const SafeguardingData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  int due = 0;
  int on_time = 0;
  ForEachChildOnPlan(data, ctx, [&](const ChildHistory&, int plan) {
    const RecordRange reviews = data.plan_reviews[plan];
    const CpReviewStatus status = CpReviewStatusAt(
        data.records.plans[plan].start_date,
        absl::MakeConstSpan(data.review_dates).subspan(reviews.from, reviews.size()), d);
    if (status == CpReviewStatus::kUnderThreeMonths) return;
    ++due;
    if (status == CpReviewStatus::kOnTime) ++on_time;
  });
  return Ratio(on_time, due);
}

Fraction CpVisitsInTime(const SafeguardingData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  // WD(clock, d) <= interval exactly when clock is on or after this day.
  const Date within_from =
      EarliestWithin(d, data.records.settings.cp_visit_interval_working_days, *ctx.calendar);
  int children = 0;
  int seen = 0;
  ForEachChildOnPlan(data, ctx, [&](const ChildHistory& child, int plan) {
    ++children;
    Date clock = data.records.plans[plan].start_date;
    if (std::optional<Date> last = LastSeen(data, child, d); last.has_value()) {
      clock = std::max(clock, *last);
    }
    if (clock >= within_from) ++seen;
  });
  return Ratio(seen, children);
}

Fraction CoreGroupsInTime(const SafeguardingData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  const SafeguardingSettings& settings = data.records.settings;
  const Date window_start = d - 7 * settings.core_group_interval_weeks;
  int children = 0;
  int in_time = 0;
  ForEachChildOnPlan(data, ctx, [&](const ChildHistory& child, int plan) {
    ++children;
    const Date start = data.records.plans[plan].start_date;
    const CoreGroupFacts* end = data.records.core_groups.data() + child.core_groups.to;
    const CoreGroupFacts* met =
        std::lower_bound(data.records.core_groups.data() + child.core_groups.from, end,
                         std::max(start, window_start),
                         [](const CoreGroupFacts& c, Date day) { return c.meeting_date < day; });
    if ((met != end && met->meeting_date <= d) ||
        d <= ctx.calendar->AddWorkingDays(start, settings.first_core_group_working_days)) {
      ++in_time;  // met in the window, or the first core group is not due yet
    }
  });
  return Ratio(in_time, children);
}

Fraction SecondOrSubsequentPlans(const SafeguardingData& data, const MeasureContext& ctx) {
  int started = 0;
  int repeat = 0;
  for (int c : data.children_with_plans) {
    const ChildHistory& child = data.children[c];
    const Date first_start = data.records.plans[child.plans.from].start_date;
    for (int i : child.plans) {
      const PlanFacts& p = data.records.plans[i];
      if (!ctx.period.Contains(p.start_date) || !InTeam(p.team, ctx)) continue;
      ++started;
      if (p.previous_plans > 0 || first_start < p.start_date) ++repeat;
    }
  }
  return Ratio(repeat, started);
}

Fraction PlansLastingTwoYears(const SafeguardingData& data, const MeasureContext& ctx) {
  int ended = 0;
  int long_plans = 0;
  for (int i : InPeriod(
           data.by_date.plans_by_end_date, data.records.plans,
           [](const PlanFacts& p) { return *p.end_date; }, ctx.period)) {
    const PlanFacts& p = data.records.plans[i];
    if (!InTeam(p.team, ctx)) continue;
    ++ended;
    if (*p.end_date >= AddCalendarMonths(p.start_date, kLongPlanMonths)) ++long_plans;
  }
  return Ratio(long_plans, ended);
}

// --- Other snapshots ---

Fraction PrivateFostering(const SafeguardingData& data, const MeasureContext& ctx) {
  if (!ctx.team.empty()) return Count(0);
  const Date d = ctx.month_end;
  const DayNumber day = ToDayNumber(d);
  int n = 0;
  for (int c : data.children_with_private_fostering) {
    const ChildHistory& child = data.children[c];
    int open = 0;
    for (int i : child.private_fostering) {
      const ChildPeriodFacts& f = data.records.private_fostering[i];
      if (OpenAtEndOf(f.start_date, f.end_date, d)) ++open;
    }
    if (open == 0 && OpenCaseAt(data, child, day) &&
        LatestAssessmentRecords(data, child, d, RecordsPrivateFosteringFactor)) {
      open = 1;
    }
    n += open;
  }
  return Count(n);
}

Fraction CseRisk(const SafeguardingData& data, const MeasureContext& ctx) {
  if (!ctx.team.empty()) return Count(0);
  const Date d = ctx.month_end;
  const DayNumber day = ToDayNumber(d);
  int n = 0;
  for (int c : data.children_with_cse) {
    const ChildHistory& child = data.children[c];
    bool flagged = false;
    for (int i : child.cse_risks) {
      const ChildPeriodFacts& f = data.records.cse_risks[i];
      if (OpenAtEndOf(f.start_date, f.end_date, d)) flagged = true;
    }
    if (flagged || (OpenCaseAt(data, child, day) &&
                    LatestAssessmentRecords(data, child, d, RecordsCseFactor))) {
      ++n;
    }
  }
  return Count(n);
}

const MeasureRegistry<SafeguardingData>& SafeguardingMeasures() {
  static const MeasureRegistry<SafeguardingData>* const registry = [] {
    auto* r = new MeasureRegistry<SafeguardingData>();
    const std::vector<cv1::Basis> events = {cv1::BASIS_MONTH, cv1::BASIS_YTD, cv1::BASIS_QUARTER,
                                            cv1::BASIS_ROLLING_12_MONTHS};
    // The DfE publishes these for the year: year to date is the natural basis.
    const std::vector<cv1::Basis> annual = {cv1::BASIS_YTD, cv1::BASIS_MONTH, cv1::BASIS_QUARTER,
                                            cv1::BASIS_ROLLING_12_MONTHS};
    const std::vector<cv1::Basis> rolling = {cv1::BASIS_ROLLING_12_MONTHS};
    const std::vector<cv1::Basis> snapshot = {cv1::BASIS_SNAPSHOT};

    r->Add({"safeguarding.contacts", cv1::UNIT_COUNT, events,
            "Contacts (enquiries) received by the front door in the period."},
           Contacts);
    r->Add({"safeguarding.referrals", cv1::UNIT_COUNT, events,
            "Referrals to children's social care received in the period."},
           Referrals);
    r->Add({"safeguarding.referrals_rate", cv1::UNIT_RATE_PER_10000, rolling,
            "Referrals received in the 12 months to the month's end per 10,000 children aged "
            "0-17."},
           ReferralsRate);
    r->Add({"safeguarding.rereferrals_within_12m", cv1::UNIT_PERCENT, events,
            "Referrals in the period for a child referred within the 12 months before, as a "
            "percentage of referrals in the period."},
           RereferralsWithin12Months);
    r->Add({"safeguarding.referral_decisions_within_1wd", cv1::UNIT_PERCENT, events,
            "MASH decisions made in the period within 1 working day of the contact, as a "
            "percentage of decisions made in the period."},
           ReferralDecisionsWithin1WorkingDay);
    r->Add({"safeguarding.assessments_completed_within_45wd", cv1::UNIT_PERCENT, events,
            "Assessments authorised in the period within 45 working days of the clock start "
            "(referral by default), as a percentage of assessments authorised in the period."},
           AssessmentsCompletedWithin45);
    r->Add({"safeguarding.assessments_completed_over_45wd", cv1::UNIT_PERCENT, events,
            "Assessments authorised in the period more than 45 working days after the clock "
            "start, as a percentage of assessments authorised in the period."},
           AssessmentsCompletedOver45);
    r->Add({"safeguarding.assessments_open_within_45wd", cv1::UNIT_PERCENT, snapshot,
            "Assessments open at month end for 45 working days or fewer, as a percentage of "
            "open assessments."},
           AssessmentsOpenWithin45);
    r->Add({"safeguarding.assessments_open_over_45wd", cv1::UNIT_PERCENT, snapshot,
            "Assessments open at month end for more than 45 working days, as a percentage of "
            "open assessments."},
           AssessmentsOpenOver45);
    r->Add({"safeguarding.assessment_duration", cv1::UNIT_DAYS, events,
            "Median working days from start to authorisation of assessments authorised in the "
            "period (denominator: how many)."},
           AssessmentDuration);
    r->Add({"safeguarding.s47_started", cv1::UNIT_COUNT, events,
            "Section 47 enquiries initiated (strategy discussion) in the period."},
           Section47sStarted);
    r->Add({"safeguarding.s47_rate", cv1::UNIT_RATE_PER_10000, rolling,
            "Section 47 enquiries initiated in the 12 months to the month's end per 10,000 "
            "children aged 0-17."},
           Section47Rate);
    r->Add({"safeguarding.icpc_within_15wd", cv1::UNIT_PERCENT, events,
            "ICPCs held in the period within 15 working days of the strategy discussion that "
            "initiated the S47 enquiry, as a percentage of ICPCs held in the period."},
           IcpcsWithin15WorkingDays);
    r->Add({"safeguarding.icpc_report_on_time", cv1::UNIT_PERCENT, events,
            "ICPCs held in the period whose report was shared with the family at least the "
            "lead time (a setting, default 3 working days) before, as a percentage of ICPCs "
            "held."},
           IcpcReportsOnTime);
    r->Add({"safeguarding.rcpc_report_on_time", cv1::UNIT_PERCENT, events,
            "Review conferences held in the period whose report was shared with the family at "
            "least the lead time (a setting, default 5 working days) before, as a percentage."},
           RcpcReportsOnTime);
    r->Add({"safeguarding.cin_count", cv1::UNIT_COUNT, snapshot,
            "Children in need at month end (open non-early-intervention CIN episode), "
            "including those on a CP plan or looked after."},
           ChildrenInNeed);
    r->Add({"safeguarding.cin_count_excl_cp_lac", cv1::UNIT_COUNT, snapshot,
            "Children in need at month end who are neither on a CP plan nor looked after."},
           ChildrenInNeedExclCpLac);
    r->Add({"safeguarding.cin_rate", cv1::UNIT_RATE_PER_10000, snapshot,
            "Children in need at month end (including CP and LAC) per 10,000 children aged "
            "0-17."},
           ChildrenInNeedRate);
    r->Add({"safeguarding.cp_count", cv1::UNIT_COUNT, snapshot,
            "Children on a child protection plan at month end."},
           ChildrenOnPlans);
    r->Add({"safeguarding.cp_rate", cv1::UNIT_RATE_PER_10000, snapshot,
            "Children on a child protection plan at month end per 10,000 children aged 0-17."},
           ChildrenOnPlansRate);
    r->Add({"safeguarding.cp_reviews_on_time", cv1::UNIT_PERCENT, snapshot,
            "Children on a plan for 3 months or more at month end whose review conferences "
            "were all on time, as a percentage of them."},
           CpReviewsOnTime);
    r->Add({"safeguarding.cp_visits_within_10wd", cv1::UNIT_PERCENT, snapshot,
            "Children on a plan at month end seen within the visiting interval (a setting, "
            "default 10 working days), as a percentage of children on a plan."},
           CpVisitsInTime);
    r->Add({"safeguarding.core_groups_within_6w", cv1::UNIT_PERCENT, snapshot,
            "Children on a plan at month end with a core group in the last 6 weeks (a setting) "
            "or not yet due their first, as a percentage of children on a plan."},
           CoreGroupsInTime);
    r->Add({"safeguarding.cp_second_or_subsequent", cv1::UNIT_PERCENT, annual,
            "Plans starting in the period that are the child's second or later plan, as a "
            "percentage of plans starting in the period."},
           SecondOrSubsequentPlans);
    r->Add({"safeguarding.cp_lasting_2y", cv1::UNIT_PERCENT, annual,
            "Plans ending in the period that had lasted 2 years or more, as a percentage of "
            "plans ending in the period."},
           PlansLastingTwoYears);
    r->Add({"safeguarding.private_fostering", cv1::UNIT_COUNT, snapshot,
            "Private fostering arrangements open at month end (including children whose latest "
            "assessment records factor 8B-8F)."},
           PrivateFostering);
    r->Add({"safeguarding.missing_children", cv1::UNIT_COUNT, events,
            "Children with a missing episode starting in the period (or an assessment "
            "authorised in it recording factor 10A)."},
           MissingChildren);
    r->Add({"safeguarding.cse_risk", cv1::UNIT_COUNT, snapshot,
            "Children at risk of child sexual exploitation at month end (flagged, or latest "
            "assessment records factor 11A)."},
           CseRisk);
    r->Add({"safeguarding.lado_referrals", cv1::UNIT_COUNT, events,
            "Referrals to the Local Authority Designated Officer received in the period."},
           LadoReferrals);
    return r;
  }();
  return *registry;
}

}  // namespace scorecard::safeguarding
