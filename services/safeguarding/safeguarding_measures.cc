#include "services/safeguarding/safeguarding_measures.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"

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

// --- Drill-down rows ---

// Which side of a timeliness split a measure counts in its numerator.
enum class Numerator { kInTime, kLate };

// A child counted by a count or a rate, whose denominator is 1 or a population: the case is
// in the numerator only.
CaseRow CountedChild(const std::string& child_id) {
  CaseRow row = ChildCase(child_id, /*in_numerator=*/true);
  row.in_denominator = false;
  return row;
}

// A case on a working-day timescale: its clock, the day it was done (nullopt while open at
// `as_of`), due = AddWorkingDays(clock, timescale), the working days taken up to done or
// `as_of`, and, when `late`, the days past due then.
CaseRow TimescaleCase(const std::string& child_id, bool in_numerator, Date clock,
                      std::optional<Date> done, Date as_of, int timescale, bool late,
                      const WorkingDayCalendar& calendar) {
  CaseRow row = ChildCase(child_id, in_numerator);
  const Date until = done.value_or(as_of);
  row.start = clock;
  row.end = done;
  row.due = calendar.AddWorkingDays(clock, timescale);
  row.days_taken = calendar.WorkingDaysBetween(clock, until);
  if (late) row.days_overdue = DaysOverdue(*row.due, until);
  return row;
}

// A conference whose report was due `lead` working days before it: start = the conference,
// end = the day the report was shared (none: never), days past due when shared or, never
// shared, at `as_of`.
CaseRow ConferenceReportCase(const std::string& child_id, bool on_time, Date conference,
                             std::optional<Date> shared, int lead, Date as_of,
                             const WorkingDayCalendar& calendar) {
  CaseRow row = ChildCase(child_id, on_time);
  row.start = conference;
  row.end = shared;
  row.due = calendar.AddWorkingDays(conference, -lead);
  if (!on_time) {
    row.days_overdue = DaysOverdue(*row.due, shared.value_or(as_of));
    row.reason = shared.has_value() ? "report-late" : "report-not-shared";
  }
  return row;
}

// --- Selections ---

// The entries of `order` (record indexes ascending by the date `date_of` gives) whose date
// falls in `period`.
template <typename Facts, typename DateOf>
absl::Span<const int> InPeriod(const std::vector<int>& order, const SharedVector<Facts>& facts,
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

// How many of `in_period` (indexes into `records`) are the team's, each noted as its child's
// case from the day `date_of` gives.
template <typename Facts, typename DateOf>
int CountTeamCases(absl::Span<const int> in_period, const SharedVector<Facts>& records,
                   DateOf date_of, const MeasureContext& ctx) {
  int n = 0;
  for (int i : in_period) {
    const Facts& r = records[i];
    if (!InTeam(r.team, ctx)) continue;
    ++n;
    ctx.Note([&] {
      CaseRow row = CountedChild(r.child_id);
      row.start = date_of(r);
      row.team = r.team;
      row.record_id = r.record_id;
      return row;
    });
  }
  return n;
}

int ReferralsIn(const SafeguardingData& data, const DateRange& period, const MeasureContext& ctx) {
  return CountTeamCases(
      ReferralsReceived(data, period), data.records.referrals,
      [](const ReferralFacts& r) { return r.referral_date; }, ctx);
}

int Section47sIn(const SafeguardingData& data, const DateRange& period, const MeasureContext& ctx) {
  const auto strategy_discussion = [](const Section47Facts& s) {
    return s.strategy_discussion_date;
  };
  return CountTeamCases(InPeriod(data.by_date.section47s_by_strategy_discussion_date,
                                 data.records.section47s, strategy_discussion, period),
                        data.records.section47s, strategy_discussion, ctx);
}

// Assessments authorised in the period (of the team): how many, and how many within 45
// working days of the clock.
struct Split {
  int in_time = 0;
  int total = 0;
};

// Where an assessment's working days are counted from.
enum class CountFrom { kStart, kClock };

// WD(from, authorisation) of each assessment AssessmentsAuthorised(ctx.period) lists, in
// that order and whatever their team, from the start date or from the clock start
// (AssessmentClockStart): ten duration measures count every one from the start, and the
// two completed-in-time measures from the clock, so each is counted once per period.
std::shared_ptr<const std::vector<int>> AuthorisedWorkingDays(const SafeguardingData& data,
                                                              const MeasureContext& ctx,
                                                              CountFrom from) {
  const SafeguardingSettings& settings = data.records.settings;
  const std::string key =
      absl::StrCat("authorised-working-days/",
                   from == CountFrom::kStart ? -1 : static_cast<int>(settings.assessment_clock),
                   "/", reinterpret_cast<uintptr_t>(ctx.calendar), "/",
                   ToDayNumber(ctx.period.first), "/", ToDayNumber(ctx.period.last));
  return data.shared->Get<std::vector<int>>(key, [&] {
    std::vector<int> days;
    for (int i : AssessmentsAuthorised(data, ctx.period)) {
      const AssessmentFacts& a = data.records.assessments[i];
      const Date start =
          from == CountFrom::kStart ? a.start_date : AssessmentClockStart(a, settings);
      days.push_back(ctx.calendar->WorkingDaysBetween(start, *a.authorisation_date));
    }
    return days;
  });
}

Split CompletedAssessments(const SafeguardingData& data, const MeasureContext& ctx,
                           Numerator numerator) {
  Split s;
  const absl::Span<const int> authorised = AssessmentsAuthorised(data, ctx.period);
  const std::shared_ptr<const std::vector<int>> working_days =
      AuthorisedWorkingDays(data, ctx, CountFrom::kClock);
  for (size_t k = 0; k < authorised.size(); ++k) {
    const AssessmentFacts& a = data.records.assessments[authorised[k]];
    if (!InTeam(a.team, ctx)) continue;
    ++s.total;
    const Date clock = AssessmentClockStart(a, data.records.settings);
    const bool in_time = (*working_days)[k] <= kAssessmentTimescaleWorkingDays;
    if (in_time) ++s.in_time;
    ctx.Note([&] {
      const bool counted = in_time == (numerator == Numerator::kInTime);
      CaseRow row = TimescaleCase(a.child_id, counted, clock, a.authorisation_date,
                                  *a.authorisation_date, kAssessmentTimescaleWorkingDays,
                                  !in_time, *ctx.calendar);
      if (!counted) row.reason = in_time ? "within-45wd" : "over-45wd";
      row.team = a.team;
      row.record_id = a.record_id;
      return row;
    });
  }
  return s;
}

Split OpenAssessments(const SafeguardingData& data, const MeasureContext& ctx,
                      Numerator numerator) {
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
    const Date clock = AssessmentClockStart(a, data.records.settings);
    const bool in_time = clock >= within_from;
    if (in_time) ++s.in_time;
    ctx.Note([&] {
      const bool counted = in_time == (numerator == Numerator::kInTime);
      CaseRow row = TimescaleCase(a.child_id, counted, clock, /*done=*/std::nullopt, d,
                                  kAssessmentTimescaleWorkingDays, !in_time, *ctx.calendar);
      if (!counted) row.reason = in_time ? "within-45wd" : "over-45wd";
      row.team = a.team;
      row.record_id = a.record_id;
      return row;
    });
  }
  return s;
}

// Calls fn(assessment, WD(start, authorisation)) for each assessment of the context's team
// authorised in the period: the cases of the DfE duration figures (always from the start).
template <typename Fn>
void ForEachAssessmentDuration(const SafeguardingData& data, const MeasureContext& ctx, Fn fn) {
  const absl::Span<const int> authorised = AssessmentsAuthorised(data, ctx.period);
  const std::shared_ptr<const std::vector<int>> working_days =
      AuthorisedWorkingDays(data, ctx, CountFrom::kStart);
  for (size_t k = 0; k < authorised.size(); ++k) {
    const AssessmentFacts& a = data.records.assessments[authorised[k]];
    if (!InTeam(a.team, ctx)) continue;
    fn(a, (*working_days)[k]);
  }
}

CaseRow DurationCase(const AssessmentFacts& a, int working_days, CaseRow row) {
  row.start = a.start_date;
  row.end = a.authorisation_date;
  row.days_taken = working_days;
  row.team = a.team;
  row.record_id = a.record_id;
  return row;
}

// The first open CIN episode of the child at the end of `d` that is not early intervention
// and is of the team when one is given: the child is in need.
std::optional<int> InNeedEpisodeAt(const SafeguardingData& data, const ChildHistory& child,
                                   DayNumber d, const std::string& team) {
  for (int i : child.cin_episodes) {
    if (!OpenAtEndOf(data.cin_episode_days[i], d)) continue;
    const CinEpisodeFacts& e = data.records.cin_episodes[i];
    if (!e.early_intervention && (team.empty() || e.team == team)) return i;
  }
  return std::nullopt;
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
  return InNeedEpisodeAt(data, child, d, /*team=*/"").has_value() ||
         PlanAt(data, child, d).has_value();
}

// A child with an open case at the end of a day: their in-need episode of any team
// (InNeedEpisodeAt) and their plan (PlanAt) then, -1 for none; at least one is set.
struct OpenCase {
  int child = 0;
  int in_need_episode = -1;
  int plan = -1;
};

// Every child with an open case at the end of `d`, by child index: the children the CIN
// and plan snapshots (eight measures) count from, found once per month end.
std::shared_ptr<const std::vector<OpenCase>> OpenCasesAt(const SafeguardingData& data,
                                                         DayNumber d) {
  return data.shared->Get<std::vector<OpenCase>>(absl::StrCat("open-cases/", d), [&] {
    // The children with an episode or plan that has started and not ended by d: a case
    // open at d is among theirs.
    const std::vector<CaseSpan>& spans = data.case_spans_by_end;
    std::vector<bool> candidate(data.children.size());
    for (auto it = std::upper_bound(
             spans.begin(), spans.end(), d,
             [](DayNumber day, const CaseSpan& span) { return day < span.days.end; });
         it != spans.end(); ++it) {
      if (it->days.start <= d) candidate[it->child] = true;
    }
    std::vector<OpenCase> cases;
    for (int c = 0; c < static_cast<int>(candidate.size()); ++c) {
      if (!candidate[c]) continue;
      const ChildHistory& child = data.children[c];
      const std::optional<int> episode = InNeedEpisodeAt(data, child, d, /*team=*/"");
      const std::optional<int> plan = PlanAt(data, child, d);
      if (episode.has_value() || plan.has_value()) {
        cases.push_back({c, episode.value_or(-1), plan.value_or(-1)});
      }
    }
    return cases;
  });
}

// The in-need episode that counts the child for the context's team (InNeedEpisodeAt):
// a child in need of no team is in need of none.
std::optional<int> InNeedEpisodeFor(const SafeguardingData& data, const OpenCase& open,
                                    DayNumber d, const MeasureContext& ctx) {
  if (open.in_need_episode < 0) return std::nullopt;
  if (ctx.team.empty()) return open.in_need_episode;
  return InNeedEpisodeAt(data, data.children[open.child], d, ctx.team);
}

// One of the assessments authorised on the child's latest authorisation day on or before
// `d` that records a factor `records` accepts; nullptr when none does.
template <typename RecordsFactorFn>
const AssessmentFacts* LatestAssessmentRecording(const SafeguardingData& data,
                                                 const ChildHistory& child, Date d,
                                                 RecordsFactorFn records) {
  const AssessmentFacts* first =
      data.records.assessments.data() + child.authorised_assessments.from;
  const AssessmentFacts* end = std::upper_bound(
      first, data.records.assessments.data() + child.authorised_assessments.to, d,
      [](Date day, const AssessmentFacts& a) { return day < *a.authorisation_date; });
  if (end == first) return nullptr;
  const Date latest = *std::prev(end)->authorisation_date;
  for (const AssessmentFacts* a = end; a != first;) {
    --a;
    if (*a->authorisation_date != latest) break;
    if (records(*a)) return a;
  }
  return nullptr;
}

CaseRow FactorCase(const std::string& child_id, const AssessmentFacts& assessment) {
  CaseRow row = CountedChild(child_id);
  row.start = assessment.authorisation_date;
  row.record_id = assessment.record_id;
  row.reason = "assessment-factor";
  return row;
}

CaseRow PeriodCase(const ChildPeriodFacts& period, const char* reason) {
  CaseRow row = CountedChild(period.child_id);
  row.start = period.start_date;
  row.record_id = period.record_id;
  row.reason = reason;
  return row;
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
  for (const OpenCase& open : *OpenCasesAt(data, ToDayNumber(ctx.month_end))) {
    if (open.plan < 0 || !InTeam(data.records.plans[open.plan].team, ctx)) continue;
    fn(data.children[open.child], open.plan);
  }
}

// A child on a plan at month end, as a plan snapshot lists them.
CaseRow PlanCase(const ChildHistory& child, const PlanFacts& plan, bool in_numerator) {
  CaseRow row = ChildCase(child.child_id, in_numerator);
  row.start = plan.start_date;
  row.team = plan.team;
  row.record_id = plan.source_id;
  return row;
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

CpReviewCheck CheckCpReviews(Date plan_start, absl::Span<const Date> reviews, Date d) {
  CpReviewCheck check;
  check.due = AddCalendarMonths(plan_start, kFirstCpReviewMonths);
  if (check.due > d) return check;  // kUnderThreeMonths
  for (Date held : reviews) {
    if (held <= plan_start) continue;  // not a review of this plan (DfE rule 8841)
    if (held > d) break;
    if (held > check.due) {
      check.status = CpReviewStatus::kLate;
      check.held_late = held;
      return check;
    }
    check.due = AddCalendarMonths(held, kLaterCpReviewMonths);
  }
  // A review due on `d` itself can still be held that day.
  check.status = d <= check.due ? CpReviewStatus::kOnTime : CpReviewStatus::kLate;
  return check;
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

int AssessmentDurationBandOf(int working_days) {
  const int last = static_cast<int>(std::size(kAssessmentDurationBands)) - 1;
  for (int b = 0; b < last; ++b) {
    if (working_days <= kAssessmentDurationBands[b].max_working_days) return b;
  }
  return last;
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
  const absl::Span<const int> received = InPeriod(
      data.by_date.contacts_by_contact_date, data.records.contacts,
      [](const ContactFacts& c) { return c.contact_date; }, ctx.period);
  for (int i : received) {
    ctx.Note([&] {
      const ContactFacts& c = data.records.contacts[i];
      CaseRow row = CountedChild(c.child_id);
      row.start = c.contact_date;
      row.end = c.decision_date;
      row.record_id = c.record_id;
      return row;
    });
  }
  return Count(received.size());
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
  const std::vector<LadoReferralFacts>& all = data.records.lado_referrals;  // by date
  const auto first = std::lower_bound(
      all.begin(), all.end(), ctx.period.first,
      [](const LadoReferralFacts& l, Date day) { return l.referral_date < day; });
  const auto last = std::upper_bound(
      first, all.end(), ctx.period.last,
      [](Date day, const LadoReferralFacts& l) { return day < l.referral_date; });
  for (auto it = first; it != last; ++it) {
    ctx.Note([&] {
      // No child: the referral is named by its own record id.
      CaseRow row = CountedChild(it->record_id);
      row.subject_kind = cv1::SUBJECT_KIND_LADO_REFERRAL;
      row.start = it->referral_date;
      row.record_id = it->record_id;
      return row;
    });
  }
  return Count(last - first);
}

Fraction MissingChildren(const SafeguardingData& data, const MeasureContext& ctx) {
  if (!ctx.team.empty()) return Count(0);
  int n = 0;
  for (int c : data.children_with_missing) {
    const ChildHistory& child = data.children[c];
    const ChildPeriodFacts* episode = nullptr;
    for (int i : child.missing_episodes) {
      const ChildPeriodFacts& m = data.records.missing_episodes[i];
      if (ctx.period.Contains(m.start_date)) {
        episode = &m;
        break;
      }
    }
    const AssessmentFacts* assessment = nullptr;
    for (int i : child.authorised_assessments) {
      const AssessmentFacts& a = data.records.assessments[i];
      if (ctx.period.Contains(*a.authorisation_date) && RecordsMissingFactor(a)) {
        assessment = &a;
        break;
      }
    }
    if (episode == nullptr && assessment == nullptr) continue;
    ++n;
    ctx.Note([&] {
      if (episode == nullptr) return FactorCase(child.child_id, *assessment);
      CaseRow row = PeriodCase(*episode, "missing-episode");
      row.end = episode->end_date;
      return row;
    });
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
    const ReferralFacts* previous = nullptr;
    for (int j = k - 1; j >= 0 && all[j].child_id == r.child_id; --j) {
      if (all[j].referral_date < r.referral_date) {
        previous = &all[j];
        break;
      }
    }
    const bool rereferral =
        previous != nullptr && IsRereferral(previous->referral_date, r.referral_date);
    if (rereferral) ++rereferrals;
    ctx.Note([&] {
      CaseRow row = ChildCase(r.child_id, rereferral);
      // The 12 months run from the child's previous referral to this one.
      if (previous != nullptr) row.start = previous->referral_date;
      row.end = r.referral_date;
      if (!rereferral) {
        row.reason = previous == nullptr ? "no-earlier-referral" : "earlier-over-12m";
      }
      row.team = r.team;
      row.record_id = r.record_id;
      return row;
    });
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
    const bool on_time = ctx.calendar->WorkingDaysBetween(c.contact_date, *c.decision_date) <=
                         kReferralDecisionWorkingDays;
    if (on_time) ++in_time;
    ctx.Note([&] {
      CaseRow row = TimescaleCase(c.child_id, on_time, c.contact_date, c.decision_date,
                                  *c.decision_date, kReferralDecisionWorkingDays, !on_time,
                                  *ctx.calendar);
      if (!on_time) row.reason = "over-1wd";
      row.record_id = c.record_id;
      return row;
    });
  }
  return Ratio(in_time, decided);
}

Fraction AssessmentsCompletedWithin45(const SafeguardingData& data, const MeasureContext& ctx) {
  const Split s = CompletedAssessments(data, ctx, Numerator::kInTime);
  return Ratio(s.in_time, s.total);
}

Fraction AssessmentsCompletedOver45(const SafeguardingData& data, const MeasureContext& ctx) {
  const Split s = CompletedAssessments(data, ctx, Numerator::kLate);
  return Ratio(s.total - s.in_time, s.total);
}

Fraction AssessmentsOpenWithin45(const SafeguardingData& data, const MeasureContext& ctx) {
  const Split s = OpenAssessments(data, ctx, Numerator::kInTime);
  return Ratio(s.in_time, s.total);
}

Fraction AssessmentsOpenOver45(const SafeguardingData& data, const MeasureContext& ctx) {
  const Split s = OpenAssessments(data, ctx, Numerator::kLate);
  return Ratio(s.total - s.in_time, s.total);
}

Fraction AssessmentDuration(const SafeguardingData& data, const MeasureContext& ctx) {
  std::vector<int> durations;
  // Only when drilling down: the assessments behind `durations`, in the same order.
  std::vector<const AssessmentFacts*> listed;
  ForEachAssessmentDuration(data, ctx, [&](const AssessmentFacts& a, int working_days) {
    durations.push_back(working_days);
    if (ctx.drilling_down()) listed.push_back(&a);
  });
  const double n = static_cast<double>(durations.size());
  const std::optional<double> median =
      ctx.drilling_down() ? Median(durations) : Median(std::move(durations));
  if (!median.has_value()) return Fraction{0, 0};
  // numerator = median x count: each assessment adds the median, and shows its own days.
  for (size_t k = 0; k < listed.size(); ++k) {
    ctx.Note([&] {
      CaseRow row = DurationCase(*listed[k], durations[k], ChildCase(listed[k]->child_id, true));
      row.amount = *median;
      return row;
    });
  }
  return Fraction{*median * n, n};
}

Fraction AssessmentsInDurationBand(const SafeguardingData& data, const MeasureContext& ctx,
                                   int band) {
  int n = 0;
  ForEachAssessmentDuration(data, ctx, [&](const AssessmentFacts& a, int working_days) {
    if (AssessmentDurationBandOf(working_days) != band) return;
    ++n;
    ctx.Note([&] { return DurationCase(a, working_days, CountedChild(a.child_id)); });
  });
  return Count(n);
}

// --- Conferences ---

Fraction IcpcsWithin15WorkingDays(const SafeguardingData& data, const MeasureContext& ctx) {
  int held = 0;
  int in_time = 0;
  for (int i : IcpcsHeld(data, ctx.period)) {
    const Section47Facts& s = data.records.section47s[i];
    if (!InTeam(s.team, ctx)) continue;
    ++held;
    const bool on_time =
        ctx.calendar->WorkingDaysBetween(s.strategy_discussion_date, *s.icpc_date) <=
        kIcpcTimescaleWorkingDays;
    if (on_time) ++in_time;
    ctx.Note([&] {
      CaseRow row =
          TimescaleCase(s.child_id, on_time, s.strategy_discussion_date, s.icpc_date,
                        *s.icpc_date, kIcpcTimescaleWorkingDays, !on_time, *ctx.calendar);
      if (!on_time) row.reason = "over-15wd";
      row.team = s.team;
      row.record_id = s.record_id;
      return row;
    });
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
    const bool shared_in_time =
        ReportOnTime(*s.icpc_date, s.icpc_report_shared_date, lead, *ctx.calendar);
    if (shared_in_time) ++on_time;
    ctx.Note([&] {
      CaseRow row = ConferenceReportCase(s.child_id, shared_in_time, *s.icpc_date,
                                         s.icpc_report_shared_date, lead, ctx.month_end,
                                         *ctx.calendar);
      row.team = s.team;
      row.record_id = s.record_id;
      return row;
    });
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
    const bool shared_in_time =
        ReportOnTime(r.conference_date, r.report_shared_date, lead, *ctx.calendar);
    if (shared_in_time) ++on_time;
    ctx.Note([&] {
      CaseRow row = ConferenceReportCase(r.child_id, shared_in_time, r.conference_date,
                                         r.report_shared_date, lead, ctx.month_end,
                                         *ctx.calendar);
      row.team = team;
      row.record_id = r.record_id;
      return row;
    });
  }
  return Ratio(on_time, held);
}

// --- Children in need and on plans ---

Fraction ChildrenInNeed(const SafeguardingData& data, const MeasureContext& ctx) {
  const DayNumber d = ToDayNumber(ctx.month_end);
  int n = 0;
  for (const OpenCase& open : *OpenCasesAt(data, d)) {
    const ChildHistory& child = data.children[open.child];
    const std::optional<int> episode = InNeedEpisodeFor(data, open, d, ctx);
    const bool plan_counts = open.plan >= 0 && InTeam(data.records.plans[open.plan].team, ctx);
    if (!episode.has_value() && !plan_counts) continue;
    ++n;
    ctx.Note([&] {
      if (!episode.has_value()) {
        CaseRow row = PlanCase(child, data.records.plans[open.plan], /*in_numerator=*/true);
        row.in_denominator = false;
        row.reason = "cp-plan";  // on a plan with no qualifying CIN episode
        return row;
      }
      const CinEpisodeFacts& e = data.records.cin_episodes[*episode];
      CaseRow row = CountedChild(child.child_id);
      row.start = e.start_date;
      row.team = e.team;
      row.record_id = e.record_id;
      return row;
    });
  }
  return Count(n);
}

Fraction ChildrenInNeedExclCpLac(const SafeguardingData& data, const MeasureContext& ctx) {
  const DayNumber d = ToDayNumber(ctx.month_end);
  int n = 0;
  for (const OpenCase& open : *OpenCasesAt(data, d)) {
    const ChildHistory& child = data.children[open.child];
    const std::optional<int> episode = InNeedEpisodeFor(data, open, d, ctx);
    if (!episode.has_value() || open.plan >= 0 || LookedAfterAt(data, child, ctx.month_end)) {
      continue;
    }
    ++n;
    ctx.Note([&] {
      const CinEpisodeFacts& e = data.records.cin_episodes[*episode];
      CaseRow row = CountedChild(child.child_id);
      row.start = e.start_date;
      row.team = e.team;
      row.record_id = e.record_id;
      return row;
    });
  }
  return Count(n);
}

Fraction ChildrenInNeedRate(const SafeguardingData& data, const MeasureContext& ctx) {
  return PerPopulation(ChildrenInNeed(data, ctx).numerator, data, ctx.month);
}

Fraction ChildrenOnPlans(const SafeguardingData& data, const MeasureContext& ctx) {
  int n = 0;
  ForEachChildOnPlan(data, ctx, [&](const ChildHistory& child, int plan) {
    ++n;
    ctx.Note([&] {
      CaseRow row = PlanCase(child, data.records.plans[plan], /*in_numerator=*/true);
      row.in_denominator = false;
      return row;
    });
  });
  return Count(n);
}

Fraction ChildrenOnPlansRate(const SafeguardingData& data, const MeasureContext& ctx) {
  return PerPopulation(ChildrenOnPlans(data, ctx).numerator, data, ctx.month);
}

Fraction CpReviewsOnTime(const SafeguardingData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  int due = 0;
  int on_time = 0;
  ForEachChildOnPlan(data, ctx, [&](const ChildHistory& child, int plan) {
    const RecordRange reviews = data.plan_reviews[plan];
    const CpReviewCheck check = CheckCpReviews(
        data.records.plans[plan].start_date,
        absl::MakeConstSpan(data.review_dates).subspan(reviews.from, reviews.size()), d);
    if (check.status == CpReviewStatus::kUnderThreeMonths) return;
    ++due;
    const bool all_on_time = check.status == CpReviewStatus::kOnTime;
    if (all_on_time) ++on_time;
    ctx.Note([&] {
      CaseRow row = PlanCase(child, data.records.plans[plan], all_on_time);
      row.due = check.due;
      if (!all_on_time) {
        // Late when held, or overdue at month end when not held yet.
        row.days_overdue = DaysOverdue(check.due, check.held_late.value_or(d));
        row.reason = check.held_late.has_value() ? "review-late" : "review-overdue";
      }
      return row;
    });
  });
  return Ratio(on_time, due);
}

Fraction CpVisitsInTime(const SafeguardingData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  const int interval = data.records.settings.cp_visit_interval_working_days;
  // WD(clock, d) <= interval exactly when clock is on or after this day.
  const Date within_from = EarliestWithin(d, interval, *ctx.calendar);
  int children = 0;
  int seen = 0;
  ForEachChildOnPlan(data, ctx, [&](const ChildHistory& child, int plan) {
    ++children;
    Date clock = data.records.plans[plan].start_date;
    if (std::optional<Date> last = LastSeen(data, child, d); last.has_value()) {
      clock = std::max(clock, *last);
    }
    const bool in_time = clock >= within_from;
    if (in_time) ++seen;
    ctx.Note([&] {
      const PlanFacts& p = data.records.plans[plan];
      // start: the last time seen on this plan, else the plan's start.
      CaseRow row = TimescaleCase(child.child_id, in_time, clock, /*done=*/std::nullopt, d,
                                  interval, !in_time, *ctx.calendar);
      if (!in_time) row.reason = "not-seen";
      row.team = p.team;
      row.record_id = p.source_id;
      return row;
    });
  });
  return Ratio(seen, children);
}

Fraction CoreGroupsInTime(const SafeguardingData& data, const MeasureContext& ctx) {
  const Date d = ctx.month_end;
  const SafeguardingSettings& settings = data.records.settings;
  const int interval_days = 7 * settings.core_group_interval_weeks;
  const Date window_start = d - interval_days;
  int children = 0;
  int in_time = 0;
  ForEachChildOnPlan(data, ctx, [&](const ChildHistory& child, int plan) {
    ++children;
    const Date start = data.records.plans[plan].start_date;
    const CoreGroupFacts* first = data.records.core_groups.data() + child.core_groups.from;
    const CoreGroupFacts* end = data.records.core_groups.data() + child.core_groups.to;
    const CoreGroupFacts* met =
        std::lower_bound(first, end, std::max(start, window_start),
                         [](const CoreGroupFacts& c, Date day) { return c.meeting_date < day; });
    // Met in the window, or the first core group is not due yet.
    const bool met_in_time =
        (met != end && met->meeting_date <= d) ||
        d <= ctx.calendar->AddWorkingDays(start, settings.first_core_group_working_days);
    if (met_in_time) ++in_time;
    ctx.Note([&] {
      // The clock: the plan's last core group up to d, else the plan's start.
      const CoreGroupFacts* after_d = std::upper_bound(
          first, end, d, [](Date day, const CoreGroupFacts& c) { return day < c.meeting_date; });
      const bool met_on_plan = after_d != first && std::prev(after_d)->meeting_date >= start;
      CaseRow row = PlanCase(child, data.records.plans[plan], met_in_time);
      if (met_on_plan) {
        row.start = std::prev(after_d)->meeting_date;
        row.due = *row.start + interval_days;
      } else {
        row.due = ctx.calendar->AddWorkingDays(start, settings.first_core_group_working_days);
      }
      if (!met_in_time) {
        row.days_overdue = DaysOverdue(*row.due, d);
        row.reason = met_on_plan ? "core-group-overdue" : "first-core-group-overdue";
      }
      return row;
    });
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
      const bool recorded_before = p.previous_plans > 0;
      const bool stored_before = first_start < p.start_date;
      if (recorded_before || stored_before) ++repeat;
      ctx.Note([&] {
        CaseRow row = PlanCase(child, p, recorded_before || stored_before);
        row.end = p.end_date;
        row.reason = stored_before     ? "earlier-plan"
                     : recorded_before ? "previous-plans-recorded"
                                       : "first-plan";
        return row;
      });
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
    const Date two_years = AddCalendarMonths(p.start_date, kLongPlanMonths);
    const bool lasted = *p.end_date >= two_years;
    if (lasted) ++long_plans;
    ctx.Note([&] {
      CaseRow row = ChildCase(p.child_id, lasted);
      row.start = p.start_date;
      row.end = p.end_date;
      row.due = two_years;  // the day the plan reaches 2 years
      row.days_taken = static_cast<double>(*p.end_date - p.start_date);
      if (!lasted) row.reason = "under-2y";
      row.team = p.team;
      row.record_id = p.source_id;
      return row;
    });
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
      if (!OpenAtEndOf(f.start_date, f.end_date, d)) continue;
      ++open;
      ctx.Note([&] { return PeriodCase(f, "arrangement"); });
    }
    if (open == 0 && OpenCaseAt(data, child, day)) {
      if (const AssessmentFacts* a =
              LatestAssessmentRecording(data, child, d, RecordsPrivateFosteringFactor)) {
        open = 1;
        ctx.Note([&] { return FactorCase(child.child_id, *a); });
      }
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
    const ChildPeriodFacts* flag = nullptr;
    for (int i : child.cse_risks) {
      const ChildPeriodFacts& f = data.records.cse_risks[i];
      if (OpenAtEndOf(f.start_date, f.end_date, d)) {
        flag = &f;
        break;
      }
    }
    const AssessmentFacts* assessment =
        flag == nullptr && OpenCaseAt(data, child, day)
            ? LatestAssessmentRecording(data, child, d, RecordsCseFactor)
            : nullptr;
    if (flag == nullptr && assessment == nullptr) continue;
    ++n;
    ctx.Note([&] {
      return flag != nullptr ? PeriodCase(*flag, "risk-flag")
                             : FactorCase(child.child_id, *assessment);
    });
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
            "Contacts (enquiries) received by the front door in the period.",
            CaseCounting::kNumeratorExact},
           Contacts);
    r->Add({"safeguarding.referrals", cv1::UNIT_COUNT, events,
            "Referrals to children's social care received in the period.",
            CaseCounting::kNumeratorExact},
           Referrals);
    r->Add({"safeguarding.referrals_rate", cv1::UNIT_RATE_PER_10000, rolling,
            "Referrals received in the 12 months to the month's end per 10,000 children aged "
            "0-17.",
            CaseCounting::kNumeratorExact},
           ReferralsRate);
    r->Add({"safeguarding.rereferrals_within_12m", cv1::UNIT_PERCENT, events,
            "Referrals in the period for a child referred within the 12 months before, as a "
            "percentage of referrals in the period.",
            CaseCounting::kExact},
           RereferralsWithin12Months);
    r->Add({"safeguarding.referral_decisions_within_1wd", cv1::UNIT_PERCENT, events,
            "MASH decisions made in the period within 1 working day of the contact, as a "
            "percentage of decisions made in the period.",
            CaseCounting::kExact},
           ReferralDecisionsWithin1WorkingDay);
    r->Add({"safeguarding.assessments_completed_within_45wd", cv1::UNIT_PERCENT, events,
            "Assessments authorised in the period within 45 working days of the clock start "
            "(referral by default), as a percentage of assessments authorised in the period.",
            CaseCounting::kExact},
           AssessmentsCompletedWithin45);
    r->Add({"safeguarding.assessments_completed_over_45wd", cv1::UNIT_PERCENT, events,
            "Assessments authorised in the period more than 45 working days after the clock "
            "start, as a percentage of assessments authorised in the period.",
            CaseCounting::kExact},
           AssessmentsCompletedOver45);
    r->Add({"safeguarding.assessments_open_within_45wd", cv1::UNIT_PERCENT, snapshot,
            "Assessments open at month end for 45 working days or fewer, as a percentage of "
            "open assessments.",
            CaseCounting::kExact},
           AssessmentsOpenWithin45);
    r->Add({"safeguarding.assessments_open_over_45wd", cv1::UNIT_PERCENT, snapshot,
            "Assessments open at month end for more than 45 working days, as a percentage of "
            "open assessments.",
            CaseCounting::kExact},
           AssessmentsOpenOver45);
    r->Add({"safeguarding.assessment_duration", cv1::UNIT_DAYS, events,
            "Median working days from start to authorisation of assessments authorised in the "
            "period (denominator: how many).",
            CaseCounting::kExact},
           AssessmentDuration);
    for (int band = 0; band < static_cast<int>(std::size(kAssessmentDurationBands)); ++band) {
      const AssessmentDurationBand& b = kAssessmentDurationBands[band];
      const std::string range =
          b.max_working_days == 0 ? "started and authorised the same day (0 working days)"
          : b.max_working_days == kOpenBandMaximum
              ? absl::StrCat(b.min_working_days, " working days or more")
              : absl::StrCat(b.min_working_days, " to ", b.max_working_days, " working days");
      r->Add({absl::StrCat("safeguarding.assessment_duration_band_", b.label), cv1::UNIT_COUNT,
              events,
              absl::StrCat("Assessments authorised in the period that took ", range,
                           " from start to authorisation (DfE table C2 band)."),
              CaseCounting::kNumeratorExact},
             [band](const SafeguardingData& data, const MeasureContext& ctx) {
               return AssessmentsInDurationBand(data, ctx, band);
             });
    }
    r->Add({"safeguarding.s47_started", cv1::UNIT_COUNT, events,
            "Section 47 enquiries initiated (strategy discussion) in the period.",
            CaseCounting::kNumeratorExact},
           Section47sStarted);
    r->Add({"safeguarding.s47_rate", cv1::UNIT_RATE_PER_10000, rolling,
            "Section 47 enquiries initiated in the 12 months to the month's end per 10,000 "
            "children aged 0-17.",
            CaseCounting::kNumeratorExact},
           Section47Rate);
    r->Add({"safeguarding.icpc_within_15wd", cv1::UNIT_PERCENT, events,
            "ICPCs held in the period within 15 working days of the strategy discussion that "
            "initiated the S47 enquiry, as a percentage of ICPCs held in the period.",
            CaseCounting::kExact},
           IcpcsWithin15WorkingDays);
    r->Add({"safeguarding.icpc_report_on_time", cv1::UNIT_PERCENT, events,
            "ICPCs held in the period whose report was shared with the family at least the "
            "lead time (a setting, default 3 working days) before, as a percentage of ICPCs "
            "held.",
            CaseCounting::kExact},
           IcpcReportsOnTime);
    r->Add({"safeguarding.rcpc_report_on_time", cv1::UNIT_PERCENT, events,
            "Review conferences held in the period whose report was shared with the family at "
            "least the lead time (a setting, default 5 working days) before, as a percentage.",
            CaseCounting::kExact},
           RcpcReportsOnTime);
    r->Add({"safeguarding.cin_count", cv1::UNIT_COUNT, snapshot,
            "Children in need at month end (open non-early-intervention CIN episode), "
            "including those on a CP plan or looked after.",
            CaseCounting::kNumeratorExact},
           ChildrenInNeed);
    r->Add({"safeguarding.cin_count_excl_cp_lac", cv1::UNIT_COUNT, snapshot,
            "Children in need at month end who are neither on a CP plan nor looked after.",
            CaseCounting::kNumeratorExact},
           ChildrenInNeedExclCpLac);
    r->Add({"safeguarding.cin_rate", cv1::UNIT_RATE_PER_10000, snapshot,
            "Children in need at month end (including CP and LAC) per 10,000 children aged "
            "0-17.",
            CaseCounting::kNumeratorExact},
           ChildrenInNeedRate);
    r->Add({"safeguarding.cp_count", cv1::UNIT_COUNT, snapshot,
            "Children on a child protection plan at month end.",
            CaseCounting::kNumeratorExact},
           ChildrenOnPlans);
    r->Add({"safeguarding.cp_rate", cv1::UNIT_RATE_PER_10000, snapshot,
            "Children on a child protection plan at month end per 10,000 children aged 0-17.",
            CaseCounting::kNumeratorExact},
           ChildrenOnPlansRate);
    r->Add({"safeguarding.cp_reviews_on_time", cv1::UNIT_PERCENT, snapshot,
            "Children on a plan for 3 months or more at month end whose review conferences "
            "were all on time, as a percentage of them.",
            CaseCounting::kExact},
           CpReviewsOnTime);
    r->Add({"safeguarding.cp_visits_within_10wd", cv1::UNIT_PERCENT, snapshot,
            "Children on a plan at month end seen within the visiting interval (a setting, "
            "default 10 working days), as a percentage of children on a plan.",
            CaseCounting::kExact},
           CpVisitsInTime);
    r->Add({"safeguarding.core_groups_within_6w", cv1::UNIT_PERCENT, snapshot,
            "Children on a plan at month end with a core group in the last 6 weeks (a setting) "
            "or not yet due their first, as a percentage of children on a plan.",
            CaseCounting::kExact},
           CoreGroupsInTime);
    r->Add({"safeguarding.cp_second_or_subsequent", cv1::UNIT_PERCENT, annual,
            "Plans starting in the period that are the child's second or later plan, as a "
            "percentage of plans starting in the period.",
            CaseCounting::kExact},
           SecondOrSubsequentPlans);
    r->Add({"safeguarding.cp_lasting_2y", cv1::UNIT_PERCENT, annual,
            "Plans ending in the period that had lasted 2 years or more, as a percentage of "
            "plans ending in the period.",
            CaseCounting::kExact},
           PlansLastingTwoYears);
    r->Add({"safeguarding.private_fostering", cv1::UNIT_COUNT, snapshot,
            "Private fostering arrangements open at month end (including children whose latest "
            "assessment records factor 8B-8F).",
            CaseCounting::kNumeratorExact},
           PrivateFostering);
    r->Add({"safeguarding.missing_children", cv1::UNIT_COUNT, events,
            "Children with a missing episode starting in the period (or an assessment "
            "authorised in it recording factor 10A).",
            CaseCounting::kNumeratorExact},
           MissingChildren);
    r->Add({"safeguarding.cse_risk", cv1::UNIT_COUNT, snapshot,
            "Children at risk of child sexual exploitation at month end (flagged, or latest "
            "assessment records factor 11A).",
            CaseCounting::kNumeratorExact},
           CseRisk);
    r->Add({"safeguarding.lado_referrals", cv1::UNIT_COUNT, events,
            "Referrals to the Local Authority Designated Officer received in the period.",
            CaseCounting::kNumeratorExact},
           LadoReferrals);
    return r;
  }();
  return *registry;
}

}  // namespace scorecard::safeguarding
