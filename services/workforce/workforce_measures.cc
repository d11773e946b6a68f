#include "services/workforce/workforce_measures.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;

// The data's own index or, for data assembled by hand and never indexed, one built into
// `scratch` (correct, only slower).
const WorkforceIndex& IndexOf(const WorkforceData& data, WorkforceIndex& scratch) {
  if (IndexDescribes(data.index, data)) return data.index;
  scratch = BuildWorkforceIndex(data);
  return scratch;
}

const std::vector<size_t>& RolesOf(const WorkforceIndex& index, const std::string& worker_id) {
  static const std::vector<size_t>* const kNone = new std::vector<size_t>();
  auto it = index.roles_by_worker.find(worker_id);
  return it == index.roles_by_worker.end() ? *kNone : it->second;
}

bool InTeam(const std::string& record_team, const std::string& team) {
  return team.empty() || record_team == team;
}

bool Covers(const WorkerFacts& w, Date day) {
  return w.start_date <= day && (!w.end_date.has_value() || *w.end_date >= day);
}

bool Overlaps(Date start, std::optional<Date> end, const DateRange& range) {
  return start <= range.last && (!end.has_value() || *end >= range.first);
}

// The one "in post" rule (see the header comment): covered by the record, except a record
// ending on `day` that the same person hands over to a record starting on `day`.
bool InPostOn(const WorkforceData& data, const WorkforceIndex& index, const WorkerFacts& w,
              Date day) {
  if (!Covers(w, day)) return false;
  if (w.end_date != day || w.start_date == day) return true;
  for (size_t i : RolesOf(index, w.worker_id)) {
    if (data.workers[i].start_date == day) return false;  // handed over
  }
  return true;
}

std::vector<const WorkerFacts*> InPost(const WorkforceData& data, const WorkforceIndex& index,
                                       Date day, const std::string& team) {
  std::vector<const WorkerFacts*> out;
  for (const WorkerFacts& w : data.workers) {
    if (InTeam(w.team, team) && InPostOn(data, index, w, day)) out.push_back(&w);
  }
  return out;
}

// FTE of a person's roles (RolesOf) in post on `day` (in the team when set).
double FteInPost(const WorkforceData& data, const WorkforceIndex& index,
                 const std::vector<size_t>& roles, Date day, const std::string& team) {
  double fte = 0;
  for (size_t i : roles) {
    const WorkerFacts& w = data.workers[i];
    if (InTeam(w.team, team) && InPostOn(data, index, w, day)) fte += w.fte;
  }
  return fte;
}

bool HoldsPermanentOn(const WorkforceData& data, const std::vector<size_t>& roles, Date day) {
  for (size_t i : roles) {
    const WorkerFacts& r = data.workers[i];
    if (r.employment == Employment::kPermanent && Covers(r, day)) return true;
  }
  return false;
}

// Permanent records whose first day joins their person to the permanent establishment, with
// that day in the period and the record in the team.
std::vector<const WorkerFacts*> JoiningRoles(const WorkforceData& data,
                                             const WorkforceIndex& index,
                                             const DateRange& period, const std::string& team) {
  std::vector<const WorkerFacts*> out;
  for (const WorkerFacts& r : data.workers) {
    if (r.employment != Employment::kPermanent || !period.Contains(r.start_date) ||
        !InTeam(r.team, team)) {
      continue;
    }
    // Held a permanent role the day before: a role change, not a joiner.
    if (HoldsPermanentOn(data, RolesOf(index, r.worker_id), r.start_date - 1)) continue;
    out.push_back(&r);
  }
  return out;
}

// Permanent records whose last day takes their person out of the permanent establishment,
// with that day in the period and the record in the team.
std::vector<const WorkerFacts*> LeavingRoles(const WorkforceData& data,
                                             const WorkforceIndex& index,
                                             const DateRange& period, const std::string& team) {
  std::vector<const WorkerFacts*> out;
  for (const WorkerFacts& r : data.workers) {
    if (r.employment != Employment::kPermanent || !r.end_date.has_value() ||
        !period.Contains(*r.end_date) || !InTeam(r.team, team)) {
      continue;
    }
    // Holds a permanent role the next day: a role change, not a leaver.
    if (HoldsPermanentOn(data, RolesOf(index, r.worker_id), *r.end_date + 1)) continue;
    out.push_back(&r);
  }
  return out;
}

// People, not records: one person's records starting (or ending) on one day are one event.
Fraction DistinctPersonDays(const std::vector<const WorkerFacts*>& roles, bool by_end) {
  std::set<std::pair<std::string, Date>> events;
  for (const WorkerFacts* r : roles) {
    events.emplace(r->worker_id, by_end ? *r->end_date : r->start_date);
  }
  return Count(static_cast<double>(events.size()));
}

double PermanentFteInPost(const WorkforceData& data, const WorkforceIndex& index, Date day,
                          const std::string& team) {
  double fte = 0;
  for (const WorkerFacts* w : InPost(data, index, day, team)) {
    if (w->employment == Employment::kPermanent) fte += w->fte;
  }
  return fte;
}

// --- Sickness ------------------------------------------------------------------------

// The share of `day` an absence takes: its first or last day's fraction, else the whole
// day; 0 means a whole day. A one-day absence takes whichever fraction is set.
double DayFraction(const SicknessAbsenceFacts& a, Date day) {
  const bool first = day == a.start_date;
  const bool last = a.end_date == day;
  double fraction = 0;
  if (first && last) {
    fraction = a.first_day_fraction != 0 ? a.first_day_fraction : a.last_day_fraction;
  } else if (first) {
    fraction = a.first_day_fraction;
  } else if (last) {
    fraction = a.last_day_fraction;
  }
  return fraction == 0 ? 1.0 : fraction;
}

double AbsenceDaysLost(const WorkforceData& data, const WorkforceIndex& index,
                       const SicknessAbsenceFacts& a, const DateRange& period,
                       const std::string& team, const WorkingDayCalendar& calendar) {
  const Date from = std::max(a.start_date, period.first);
  const Date to = a.end_date.has_value() ? std::min(*a.end_date, period.last) : period.last;
  const std::vector<size_t>& roles = RolesOf(index, a.worker_id);
  double lost = 0;
  for (Date d = from; d <= to; ++d) {
    if (!calendar.IsWorkingDay(d)) continue;
    const double fte = FteInPost(data, index, roles, d, team);
    if (fte > 0) lost += DayFraction(a, d) * fte;
  }
  return lost;
}

bool HasAbsenceIn(const WorkforceData& data, const WorkforceIndex& index,
                  const std::string& worker_id, const DateRange& range) {
  auto it = index.absences_by_worker.find(worker_id);
  if (it == index.absences_by_worker.end()) return false;
  for (size_t i : it->second) {
    const SicknessAbsenceFacts& a = data.sickness_absences[i];
    if (Overlaps(a.start_date, a.end_date, range)) return true;
  }
  return false;
}

// --- Supervision ---------------------------------------------------------------------

bool SupervisedIn(const WorkforceIndex& index, const std::string& worker_id,
                  const DateRange& window) {
  auto it = index.supervision_dates_by_worker.find(worker_id);
  if (it == index.supervision_dates_by_worker.end()) return false;
  auto session = std::lower_bound(it->second.begin(), it->second.end(), window.first);
  return session != it->second.end() && *session <= window.last;
}

struct SupervisionTally {
  struct Team {
    double people = 0;
    double supervised = 0;
  };
  std::map<std::string, Team> teams;
  Team overall;  // each person once
};

// People with a case-holding role in post at the month end, by team and overall, and of
// them those with a session in the calendar month.
SupervisionTally ComputeSupervisionTally(const WorkforceData& data, const WorkforceIndex& index,
                                         const MeasureContext& ctx) {
  const DateRange window = MonthRange(ctx.month);
  // (team, person) for each case-holding role in post, each pair once.
  std::vector<std::pair<const std::string*, const std::string*>> holders;
  for (const WorkerFacts* w : InPost(data, index, ctx.month_end, ctx.team)) {
    if (w->case_holding) holders.emplace_back(&w->team, &w->worker_id);
  }
  const auto by_value = [](const auto& a, const auto& b) {
    return std::tie(*a.first, *a.second) < std::tie(*b.first, *b.second);
  };
  std::sort(holders.begin(), holders.end(), by_value);
  holders.erase(std::unique(holders.begin(), holders.end(),
                            [](const auto& a, const auto& b) {
                              return *a.first == *b.first && *a.second == *b.second;
                            }),
                holders.end());
  absl::flat_hash_map<absl::string_view, bool> supervised;  // by person
  for (const auto& [team, worker_id] : holders) {
    supervised.try_emplace(*worker_id, SupervisedIn(index, *worker_id, window));
  }
  SupervisionTally tally;
  for (const auto& [team, worker_id] : holders) {
    SupervisionTally::Team& t = tally.teams[*team];
    t.people += 1;
    if (supervised.at(*worker_id)) t.supervised += 1;
  }
  for (const auto& [worker_id, seen] : supervised) {
    tally.overall.people += 1;
    if (seen) tally.overall.supervised += 1;
  }
  return tally;
}

// Both supervision measures read one tally: computed once per month end and team.
SupervisionTally TallySupervision(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  return index.shared->Get<SupervisionTally>(
      absl::StrCat("supervision|", FormatIsoDate(ctx.month_end), "|", ctx.team),
      [&] { return ComputeSupervisionTally(data, index, ctx); });
}

// --- Case allocations ----------------------------------------------------------------

// The team of the person's role in post on `day`: a case-holding role first, then the
// latest started. nullopt when they hold none.
std::optional<std::string> TeamOn(const WorkforceData& data, const WorkforceIndex& index,
                                  const std::string& worker_id, Date day) {
  const WorkerFacts* best = nullptr;
  for (size_t i : RolesOf(index, worker_id)) {  // by start date
    const WorkerFacts& w = data.workers[i];
    if (!InPostOn(data, index, w, day)) continue;
    if (best == nullptr || w.case_holding || !best->case_holding) best = &w;
  }
  if (best == nullptr) return std::nullopt;
  return best->team;
}

// Children with an allocation in ctx.period, by the number of distinct workers of their
// allocations there; with a team, only children whose latest allocation in the period was
// to a worker in that team on its last day there.
SocialWorkerBands ComputeSocialWorkerBands(const WorkforceData& data,
                                           const WorkforceIndex& index,
                                           const MeasureContext& ctx) {
  const DayNumber first = ToDayNumber(ctx.period.first);
  const DayNumber last = ToDayNumber(ctx.period.last);
  SocialWorkerBands bands;
  std::vector<int32_t> workers;  // distinct, for one child
  for (size_t c = 0; c + 1 < index.child_starts.size(); ++c) {
    const auto [child_first, child_last] = index.child_bounds[c];
    if (child_first > last || child_last < first) continue;  // nothing in the period
    workers.clear();
    const AllocationSpan* latest = nullptr;
    for (uint32_t i = index.child_starts[c]; i < index.child_starts[c + 1]; ++i) {
      const AllocationSpan& s = index.allocation_spans[i];  // by start
      if (s.first_day > last) break;
      if (s.last_day < first) continue;
      latest = &s;
      if (std::find(workers.begin(), workers.end(), s.worker) == workers.end()) {
        workers.push_back(s.worker);
      }
    }
    if (workers.empty()) continue;
    if (!ctx.team.empty()) {
      const CaseAllocationFacts& a = data.case_allocations[latest->position];
      const Date last_day =
          a.end_date.has_value() ? std::min(*a.end_date, ctx.period.last) : ctx.period.last;
      if (TeamOn(data, index, a.worker_id, last_day) != ctx.team) continue;
    }
    bands.children += 1;
    bands.by_workers[std::min<size_t>(workers.size(), 4) - 1] += 1;
  }
  return bands;
}

// A band of social_worker_changes: children with `band + 1` workers (4 or more for 3).
Fraction SocialWorkerBand(const WorkforceData& data, const MeasureContext& ctx, int band) {
  const SocialWorkerBands bands = CountSocialWorkerBands(data, ctx);
  return Fraction{bands.by_workers[band], bands.children};
}

}  // namespace

std::vector<const WorkerFacts*> WorkersInPost(const WorkforceData& data, Date day,
                                              const std::string& team) {
  WorkforceIndex scratch;
  return InPost(data, IndexOf(data, scratch), day, team);
}

Fraction Starters(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  return DistinctPersonDays(JoiningRoles(data, IndexOf(data, scratch), ctx.period, ctx.team),
                            /*by_end=*/false);
}

Fraction Leavers(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  return DistinctPersonDays(LeavingRoles(data, IndexOf(data, scratch), ctx.period, ctx.team),
                            /*by_end=*/true);
}

Fraction AgencyFteRate(const WorkforceData& data, const MeasureContext& ctx) {
  Fraction f;
  for (const WorkerFacts* w : WorkersInPost(data, ctx.month_end, ctx.team)) {
    f.denominator += w->fte;
    if (w->employment == Employment::kAgency) f.numerator += w->fte;
  }
  return f;
}

Fraction AgencyHeadcountRate(const WorkforceData& data, const MeasureContext& ctx) {
  absl::flat_hash_map<absl::string_view, bool> is_agency;  // by person
  for (const WorkerFacts* w : WorkersInPost(data, ctx.month_end, ctx.team)) {
    bool& agency = is_agency[w->worker_id];
    agency = agency || w->employment == Employment::kAgency;
  }
  Fraction f;
  for (const auto& [worker_id, agency] : is_agency) {
    f.denominator += 1;
    if (agency) f.numerator += 1;
  }
  return f;
}

Fraction TurnoverRate(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  Fraction f;
  for (const WorkerFacts* r : LeavingRoles(data, index, ctx.period, ctx.team)) {
    f.numerator += r->fte;
  }
  f.denominator = PermanentFteInPost(data, index, ctx.period.last, ctx.team);
  return f;
}

Fraction VacancyRate(const WorkforceData& data, const MeasureContext& ctx) {
  // Each team's latest return in the 12 months to the month end; one date's returns add up.
  const DateRange window = TrailingMonths(ctx.month, 12);
  std::map<std::string, std::pair<Date, double>> latest;  // team -> (as of, vacant FTE)
  for (const VacanciesFacts& v : data.vacancies) {
    if (!window.Contains(v.as_of_date) || (!ctx.team.empty() && v.team != ctx.team)) continue;
    auto [it, added] = latest.try_emplace(v.team, v.as_of_date, 0.0);
    if (v.as_of_date > it->second.first) it->second = {v.as_of_date, 0.0};
    if (v.as_of_date == it->second.first) it->second.second += v.vacant_fte;
  }
  if (latest.empty()) return Fraction{0, 0};  // no current figure: undefined, not 0%
  double vacant = 0;
  for (const auto& [team, dated] : latest) vacant += dated.second;
  WorkforceIndex scratch;
  const double filled =
      PermanentFteInPost(data, IndexOf(data, scratch), ctx.month_end, ctx.team);
  return Fraction{vacant, vacant + filled};
}

Fraction SicknessDaysLost(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  const WorkingDayCalendar& calendar =
      ctx.calendar != nullptr ? *ctx.calendar : WorkingDayCalendar::EnglandAndWales();
  double lost = 0;
  for (const SicknessAbsenceFacts& a : data.sickness_absences) {
    if (!Overlaps(a.start_date, a.end_date, ctx.period)) continue;
    lost += AbsenceDaysLost(data, index, a, ctx.period, ctx.team, calendar);
  }
  // Yearly totals have no team, and no day to place them on inside a shorter period.
  if (ctx.team.empty()) {
    for (const SicknessDaysLostFacts& r : data.sickness_days_lost_returns) {
      const bool whole_period_inside =
          ctx.period.first <= r.period.first && r.period.last <= ctx.period.last;
      if (whole_period_inside && !HasAbsenceIn(data, index, r.worker_id, r.period)) {
        lost += r.working_days_lost;
      }
    }
  }
  return Count(lost);
}

Fraction SupervisionRateMeanOfTeams(const WorkforceData& data, const MeasureContext& ctx) {
  Fraction f;
  for (const auto& [team, t] : TallySupervision(data, ctx).teams) {
    f.numerator += t.supervised / t.people;  // every listed team has people
    f.denominator += 1;
  }
  return f;
}

Fraction SupervisionRateOverall(const WorkforceData& data, const MeasureContext& ctx) {
  const SupervisionTally::Team overall = TallySupervision(data, ctx).overall;
  return Fraction{overall.supervised, overall.people};
}

Fraction CaseloadAverage(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  Fraction f;
  // Case holders in post, by allocation worker number (people with no allocation have none).
  std::vector<bool> holds(index.allocation_worker_ids.size(), false);
  for (const WorkerFacts* w : InPost(data, index, ctx.month_end, ctx.team)) {
    if (!w->case_holding) continue;
    f.denominator += w->fte;
    auto number = index.allocation_worker_numbers.find(w->worker_id);
    if (number != index.allocation_worker_numbers.end()) holds[number->second] = true;
  }
  const DayNumber day = ToDayNumber(ctx.month_end);
  for (const AllocationSpan& s : index.allocation_spans) {
    if (s.first_day <= day && s.last_day >= day && holds[s.worker]) f.numerator += 1;
  }
  return f;
}

SocialWorkerBands CountSocialWorkerBands(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  // Five measures read these bands: computed once per period and team.
  return index.shared->Get<SocialWorkerBands>(
      absl::StrCat("social-worker-bands|", FormatIsoDate(ctx.period.first), "|",
                   FormatIsoDate(ctx.period.last), "|", ctx.team),
      [&] { return ComputeSocialWorkerBands(data, index, ctx); });
}

Fraction SocialWorkerChanges(const WorkforceData& data, const MeasureContext& ctx) {
  const SocialWorkerBands bands = CountSocialWorkerBands(data, ctx);
  return Fraction{bands.children - bands.by_workers[0], bands.children};
}

const MeasureRegistry<WorkforceData>& WorkforceMeasures() {
  static const MeasureRegistry<WorkforceData>* const registry = [] {
    auto* r = new MeasureRegistry<WorkforceData>();
    const std::vector<cv1::Basis> volume_bases = {cv1::BASIS_MONTH, cv1::BASIS_YTD,
                                                  cv1::BASIS_QUARTER,
                                                  cv1::BASIS_ROLLING_12_MONTHS};
    const std::vector<cv1::Basis> snapshot = {cv1::BASIS_SNAPSHOT};
    const std::vector<cv1::Basis> rolling_12 = {cv1::BASIS_ROLLING_12_MONTHS};
    r->Add({"workforce.starters", cv1::UNIT_COUNT, volume_bases,
            "People joining the permanent workforce in the period (permanent role started "
            "with no permanent role the day before: agency-to-permanent conversions count, "
            "role changes and team moves do not)."},
           Starters);
    r->Add({"workforce.leavers", cv1::UNIT_COUNT, volume_bases,
            "People leaving the permanent workforce in the period (last day in a permanent "
            "role with no permanent role the next day: role changes and team moves do not "
            "count)."},
           Leavers);
    r->Add({"workforce.agency_rate", cv1::UNIT_PERCENT, snapshot,
            "Agency workers' FTE as a percentage of all workers' FTE, in post on the last day "
            "of the month."},
           AgencyFteRate);
    r->Add({"workforce.agency_headcount_rate", cv1::UNIT_PERCENT, snapshot,
            "Agency workers as a percentage of all workers (people, not FTE), in post on the "
            "last day of the month."},
           AgencyHeadcountRate);
    r->Add({"workforce.turnover_rate", cv1::UNIT_PERCENT, rolling_12,
            "FTE of permanent leavers in the 12 months to the month end as a percentage of "
            "permanent FTE in post at the month end (the DfE's turnover rate)."},
           TurnoverRate);
    r->Add({"workforce.vacancy_rate", cv1::UNIT_PERCENT, snapshot,
            "Vacant FTE (including posts covered by agency workers) as a percentage of vacant "
            "FTE plus permanent FTE in post, at the month end, from each team's latest "
            "vacancy return in the 12 months to then (the DfE's vacancy rate)."},
           VacancyRate);
    r->Add({"workforce.sickness_days_lost", cv1::UNIT_WORKING_DAYS,
            {cv1::BASIS_QUARTER, cv1::BASIS_YTD, cv1::BASIS_MONTH, cv1::BASIS_ROLLING_12_MONTHS},
            "Working days lost to sickness in the period, FTE-weighted (a half-time worker "
            "off for a day loses 0.5), excluding weekends, bank holidays and closure days."},
           SicknessDaysLost);
    r->Add({"workforce.supervision_rate", cv1::UNIT_PERCENT, snapshot,
            "Case-holding staff in post at the month end who were supervised in the month: "
            "the mean of the teams' rates (numerator: sum of the teams' rates, each 0 to 1; "
            "denominator: number of teams)."},
           SupervisionRateMeanOfTeams);
    r->Add({"workforce.supervision_rate_overall", cv1::UNIT_PERCENT, snapshot,
            "Case-holding staff in post at the month end who were supervised in the month, "
            "all teams pooled (people)."},
           SupervisionRateOverall);
    r->Add({"workforce.caseload_average", cv1::UNIT_RATIO, snapshot,
            "Open case allocations at the month end per FTE of case-holding staff in post "
            "(value = allocations / FTE)."},
           CaseloadAverage);
    r->Add({"workforce.social_worker_changes", cv1::UNIT_PERCENT, rolling_12,
            "Children allocated in the 12 months to the month end who had 2 or more social "
            "workers in that time (percentage); the _1, _2, _3 and _4plus measures give the "
            "bands."},
           SocialWorkerChanges);
    const char* const band_names[4] = {"1", "2", "3", "4plus"};
    const char* const band_words[4] = {"exactly 1 social worker", "exactly 2 social workers",
                                       "exactly 3 social workers", "4 or more social workers"};
    for (int band = 0; band < 4; ++band) {
      r->Add({absl::StrCat("workforce.social_worker_changes_", band_names[band]),
              cv1::UNIT_PERCENT, rolling_12,
              absl::StrCat("Children allocated in the 12 months to the month end who had ",
                           band_words[band], " in that time (percentage of those children).")},
             [band](const WorkforceData& data, const MeasureContext& ctx) {
               return SocialWorkerBand(data, ctx, band);
             });
    }
    return r;
  }();
  return *registry;
}

}  // namespace scorecard::workforce
