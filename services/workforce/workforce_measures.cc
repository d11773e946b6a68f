#include "services/workforce/workforce_measures.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/measures/drill_down.h"
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

// --- Drill-down rows -------------------------------------------------------------------

// The subject id of the team "" (workers or vacancies not attributed to a team): a row
// needs an id, and "" names nothing.
constexpr char kNoTeamSubject[] = "no-team";

// An end date as a row shows it: absent when the case was still open on `as_of`.
std::optional<Date> EndAsOf(std::optional<Date> end, Date as_of) {
  if (end.has_value() && *end <= as_of) return end;
  return std::nullopt;
}

// A row for one role record: the worker, the role's dates, team and record.
CaseRow RoleCase(const WorkerFacts& w, bool in_numerator, Date as_of) {
  CaseRow row = WorkerCase(w.worker_id, in_numerator);
  row.start = w.start_date;
  row.end = EndAsOf(w.end_date, as_of);
  row.team = w.team;
  row.record_id = w.record_id;
  return row;
}

CaseRow TeamRow(const std::string& team, bool in_numerator) {
  CaseRow row = TeamCase(team.empty() ? kNoTeamSubject : team, in_numerator);
  row.team = team;
  return row;
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

// People, not records: one person's records starting (or ending) on one day are one event,
// listed once (the first such record) as a worker row.
Fraction DistinctPersonDays(const std::vector<const WorkerFacts*>& roles, bool by_end,
                            const MeasureContext& ctx) {
  std::set<std::pair<std::string, Date>> events;
  for (const WorkerFacts* r : roles) {
    if (!events.emplace(r->worker_id, by_end ? *r->end_date : r->start_date).second) continue;
    ctx.Note([&] {
      CaseRow row = RoleCase(*r, /*in_numerator=*/true, ctx.period.last);
      row.in_denominator = false;  // a count: its denominator is 1, not a case
      return row;
    });
  }
  return Count(static_cast<double>(events.size()));
}

// Permanent FTE in post on `day` (in the team); `on_role` is shown each role counted.
template <typename OnRole>
double PermanentFteInPost(const WorkforceData& data, const WorkforceIndex& index, Date day,
                          const std::string& team, OnRole&& on_role) {
  double fte = 0;
  for (const WorkerFacts* w : InPost(data, index, day, team)) {
    if (w->employment != Employment::kPermanent) continue;
    fte += w->fte;
    on_role(*w);
  }
  return fte;
}

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

struct DaysLost {
  // What the measure counts: each day's share lost times the FTE in post that day.
  double fte_weighted = 0;
  // The same days unweighted (each day's share lost), for the drill-down row.
  double days = 0;
};

DaysLost AbsenceDaysLost(const WorkforceData& data, const WorkforceIndex& index,
                         const SicknessAbsenceFacts& a, const DateRange& period,
                         const std::string& team, const WorkingDayCalendar& calendar) {
  const Date from = std::max(a.start_date, period.first);
  const Date to = a.end_date.has_value() ? std::min(*a.end_date, period.last) : period.last;
  const std::vector<size_t>& roles = RolesOf(index, a.worker_id);
  DaysLost lost;
  for (Date d = from; d <= to; ++d) {
    if (!calendar.IsWorkingDay(d)) continue;
    const double fte = FteInPost(data, index, roles, d, team);
    if (fte <= 0) continue;
    const double share = DayFraction(a, d);
    lost.fte_weighted += share * fte;
    lost.days += share;
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

// Whether person number `person` (WorkforceIndex::person_ids) had a session in `window`.
bool SupervisedIn(const WorkforceIndex& index, int32_t person, const DateRange& window) {
  const auto first = index.person_session_dates.begin() + index.person_session_starts[person];
  const auto last = index.person_session_dates.begin() + index.person_session_starts[person + 1];
  auto session = std::lower_bound(first, last, window.first);
  return session != last && *session <= window.last;
}

struct SupervisionTally {
  struct Team {
    double people = 0;
    double supervised = 0;
  };
  std::map<std::string, Team> teams;
  Team overall;  // each person once
};

// The last session before `window` and the first one in it, for person number `person`'s
// row.
std::pair<std::optional<Date>, std::optional<Date>> SessionsAround(const WorkforceIndex& index,
                                                                   int32_t person,
                                                                   const DateRange& window) {
  std::pair<std::optional<Date>, std::optional<Date>> out;
  const auto first = index.person_session_dates.begin() + index.person_session_starts[person];
  const auto last = index.person_session_dates.begin() + index.person_session_starts[person + 1];
  auto session = std::lower_bound(first, last, window.first);
  if (session != first) out.first = *std::prev(session);
  if (session != last && *session <= window.last) out.second = *session;
  return out;
}

// People with a case-holding role in post at the month end, by team and overall, and of
// them those with a session in the calendar month. With `note_people`, each person of the
// overall tally is noted as a worker row (supervised: in the numerator).
SupervisionTally ComputeSupervisionTally(const WorkforceData& data, const WorkforceIndex& index,
                                         const MeasureContext& ctx, bool note_people) {
  const DateRange window = MonthRange(ctx.month);
  // (team, person) numbers for each case-holding role in post, each pair once, by team name.
  std::vector<std::pair<int32_t, int32_t>> holders;
  for (const WorkerFacts* w : InPost(data, index, ctx.month_end, ctx.team)) {
    if (!w->case_holding) continue;
    const size_t role = static_cast<size_t>(w - data.workers.data());
    holders.emplace_back(index.role_team[role], index.role_person[role]);
  }
  std::sort(holders.begin(), holders.end());
  holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
  // By person number: 0 not holding, else kNotSupervised or kSupervised.
  constexpr int8_t kNotSupervised = 1;
  constexpr int8_t kSupervised = 2;
  std::vector<int8_t> supervision(index.person_ids.size(), 0);
  // Each person once, with the first (by name) of their teams, for the row.
  std::vector<std::pair<int32_t, int32_t>> people;
  SupervisionTally tally;
  SupervisionTally::Team* t = nullptr;
  int32_t team = -1;
  for (const auto& [holder_team, person] : holders) {
    if (holder_team != team) {
      team = holder_team;
      t = &tally.teams[index.team_names[team]];
    }
    if (supervision[person] == 0) {
      supervision[person] = SupervisedIn(index, person, window) ? kSupervised : kNotSupervised;
      people.emplace_back(person, team);
    }
    t->people += 1;
    if (supervision[person] == kSupervised) t->supervised += 1;
  }
  for (const auto& [person, first_team] : people) {
    const bool supervised = supervision[person] == kSupervised;
    tally.overall.people += 1;
    if (supervised) tally.overall.supervised += 1;
    if (!note_people) continue;
    ctx.Note([&, person = person, first_team = first_team] {
      CaseRow row = WorkerCase(index.person_ids[person], supervised);
      row.team = index.team_names[first_team];
      std::tie(row.start, row.end) = SessionsAround(index, person, window);
      if (!supervised) row.reason = "not-supervised";
      return row;
    });
  }
  return tally;
}

// Both supervision measures read one tally: computed once per month end and team. A
// drill-down of the pooled rate computes it afresh, noting each person.
SupervisionTally TallySupervision(const WorkforceData& data, const MeasureContext& ctx,
                                  bool note_people) {
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  if (note_people && ctx.drilling_down()) {
    return ComputeSupervisionTally(data, index, ctx, /*note_people=*/true);
  }
  return *index.shared->Get<SupervisionTally>(
      absl::StrCat("supervision|", FormatIsoDate(ctx.month_end), "|", ctx.team),
      [&] { return ComputeSupervisionTally(data, index, ctx, /*note_people=*/false); });
}

// --- Case allocations ----------------------------------------------------------------

// The bands (SocialWorkerBands::by_workers positions) a measure's numerator holds.
struct NumeratorBands {
  int first = 0;
  int last = 0;
};

// The fixed reason code of each band, on every child row.
constexpr const char* kBandReasons[4] = {"1-worker", "2-workers", "3-workers",
                                         "4plus-workers"};

Date FromDayNumber(DayNumber day) { return Date(1970, 1, 1) + day; }

// Children with an allocation in ctx.period, by the number of distinct workers of their
// allocations there; with a team, only children whose latest allocation in the period was
// to a worker in that team on its last day there. With `note`, each child counted is noted
// as a child row, in the numerator when its band is in `*note`.
SocialWorkerBands ComputeSocialWorkerBands(const WorkforceData& data,
                                           const WorkforceIndex& index,
                                           const MeasureContext& ctx,
                                           const NumeratorBands* note) {
  const DayNumber first = ToDayNumber(ctx.period.first);
  const DayNumber last = ToDayNumber(ctx.period.last);
  SocialWorkerBands bands;
  // All teams, counting only: children who only ever had one worker, with no gap, are in
  // band 1 when their days overlap the period (started by its last day, less those ended
  // before its first, who all started before). Only the others need a look.
  const bool count_one_worker_children = ctx.team.empty() && note == nullptr;
  if (count_one_worker_children) {
    const std::vector<DayNumber>& firsts = index.one_worker_child_first_days;
    const std::vector<DayNumber>& lasts = index.one_worker_child_last_days;
    const auto overlapping =
        (std::upper_bound(firsts.begin(), firsts.end(), last) - firsts.begin()) -
        (std::lower_bound(lasts.begin(), lasts.end(), first) - lasts.begin());
    bands.children += static_cast<double>(overlapping);
    bands.by_workers[0] += static_cast<double>(overlapping);
  }
  const size_t looked_at =
      count_one_worker_children ? index.other_children.size() : index.child_bounds.size();
  std::vector<int32_t> workers;  // distinct, for one child
  for (size_t k = 0; k < looked_at; ++k) {
    const size_t c = count_one_worker_children ? index.other_children[k] : k;
    const auto [child_first, child_last] = index.child_bounds[c];
    if (child_first > last || child_last < first) continue;  // nothing in the period
    workers.clear();
    const AllocationSpan* earliest = nullptr;
    const AllocationSpan* latest = nullptr;
    DayNumber last_allocation_day = 0;
    for (uint32_t i = index.child_starts[c]; i < index.child_starts[c + 1]; ++i) {
      const AllocationSpan& s = index.allocation_spans[i];  // by start
      if (s.first_day > last) break;
      if (s.last_day < first) continue;
      if (earliest == nullptr) earliest = &s;
      latest = &s;
      last_allocation_day = std::max(last_allocation_day, s.last_day);
      if (std::find(workers.begin(), workers.end(), s.worker) == workers.end()) {
        workers.push_back(s.worker);
      }
    }
    if (workers.empty()) continue;
    // The child's team: their latest allocation's worker's, on its last day in the period.
    const auto latest_allocation = [&]() -> const CaseAllocationFacts& {
      return data.case_allocations[latest->position];
    };
    const auto team_of_child = [&] {
      const CaseAllocationFacts& a = latest_allocation();
      const Date last_day =
          a.end_date.has_value() ? std::min(*a.end_date, ctx.period.last) : ctx.period.last;
      return TeamOn(data, index, a.worker_id, last_day);
    };
    if (!ctx.team.empty() && team_of_child() != ctx.team) continue;
    const int band = static_cast<int>(std::min<size_t>(workers.size(), 4)) - 1;
    bands.children += 1;
    bands.by_workers[band] += 1;
    if (note == nullptr) continue;
    ctx.Note([&] {
      const CaseAllocationFacts& a = latest_allocation();
      CaseRow row = ChildCase(a.child_id, note->first <= band && band <= note->last);
      row.start = FromDayNumber(earliest->first_day);
      if (last_allocation_day <= last) row.end = FromDayNumber(last_allocation_day);
      // The count of distinct workers (the measure's subject), not a time.
      row.days_taken = static_cast<double>(workers.size());
      row.team = ctx.team.empty() ? team_of_child().value_or("") : ctx.team;
      row.reason = kBandReasons[band];
      row.record_id = a.record_id;
      return row;
    });
  }
  return bands;
}

// The bands, shared by five measures; a drill-down computes them afresh, noting each child
// (in the numerator when in `numerator`).
SocialWorkerBands BandsNotingChildren(const WorkforceData& data, const MeasureContext& ctx,
                                      NumeratorBands numerator) {
  if (!ctx.drilling_down()) return CountSocialWorkerBands(data, ctx);
  WorkforceIndex scratch;
  return ComputeSocialWorkerBands(data, IndexOf(data, scratch), ctx, &numerator);
}

// A band of social_worker_changes: children with `band + 1` workers (4 or more for 3).
Fraction SocialWorkerBand(const WorkforceData& data, const MeasureContext& ctx, int band) {
  const SocialWorkerBands bands = BandsNotingChildren(data, ctx, {band, band});
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
                            /*by_end=*/false, ctx);
}

Fraction Leavers(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  return DistinctPersonDays(LeavingRoles(data, IndexOf(data, scratch), ctx.period, ctx.team),
                            /*by_end=*/true, ctx);
}

Fraction AgencyFteRate(const WorkforceData& data, const MeasureContext& ctx) {
  Fraction f;
  for (const WorkerFacts* w : WorkersInPost(data, ctx.month_end, ctx.team)) {
    const bool agency = w->employment == Employment::kAgency;
    f.denominator += w->fte;
    if (agency) f.numerator += w->fte;
    ctx.Note([&] {
      CaseRow row = RoleCase(*w, agency, ctx.month_end);
      if (agency) row.amount = w->fte;
      row.denominator_amount = w->fte;
      if (!agency) row.reason = "permanent";
      return row;
    });
  }
  return f;
}

Fraction AgencyHeadcountRate(const WorkforceData& data, const MeasureContext& ctx) {
  struct Person {
    bool agency = false;
    const WorkerFacts* role = nullptr;  // an agency role if any, for the row
  };
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  std::vector<Person> by_number(index.person_ids.size());
  std::vector<int32_t> people;  // person numbers in post, each once
  for (const WorkerFacts* w : InPost(data, index, ctx.month_end, ctx.team)) {
    const int32_t number = index.role_person[static_cast<size_t>(w - data.workers.data())];
    Person& person = by_number[number];
    if (person.role == nullptr) people.push_back(number);
    const bool agency = w->employment == Employment::kAgency;
    if (person.role == nullptr || (agency && !person.agency)) person.role = w;
    person.agency = person.agency || agency;
  }
  Fraction f;
  for (const int32_t number : people) {
    const Person& person = by_number[number];
    f.denominator += 1;
    if (person.agency) f.numerator += 1;
    ctx.Note([&] {
      CaseRow row = RoleCase(*person.role, person.agency, ctx.month_end);
      if (!person.agency) row.reason = "permanent";
      return row;
    });
  }
  return f;
}

Fraction TurnoverRate(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  const std::vector<const WorkerFacts*> leaving = LeavingRoles(data, index, ctx.period, ctx.team);
  Fraction f;
  for (const WorkerFacts* r : leaving) {
    f.numerator += r->fte;
    ctx.Note([&] {
      CaseRow row = RoleCase(*r, /*in_numerator=*/true, ctx.period.last);
      row.amount = r->fte;
      // A leaver whose last day is the period's last is also in post then.
      row.in_denominator = InPostOn(data, index, *r, ctx.period.last);
      if (row.in_denominator) row.denominator_amount = r->fte;
      return row;
    });
  }
  f.denominator =
      PermanentFteInPost(data, index, ctx.period.last, ctx.team, [&](const WorkerFacts& w) {
        if (!ctx.drilling_down() ||
            std::find(leaving.begin(), leaving.end(), &w) != leaving.end()) {
          return;  // a leaver's row is noted above
        }
        ctx.Note([&] {
          CaseRow row = RoleCase(w, /*in_numerator=*/false, ctx.period.last);
          row.denominator_amount = w.fte;
          row.reason = "stayed";
          return row;
        });
      });
  return f;
}

Fraction VacancyRate(const WorkforceData& data, const MeasureContext& ctx) {
  // Each team's latest return in the 12 months to the month end; one date's returns add up.
  const DateRange window = TrailingMonths(ctx.month, 12);
  struct Latest {
    Date as_of;
    double vacant_fte = 0;
    std::vector<const VacanciesFacts*> returns;  // the ones summed, for the rows
  };
  std::map<std::string, Latest> latest;  // by team
  for (const VacanciesFacts& v : data.vacancies) {
    if (!window.Contains(v.as_of_date) || (!ctx.team.empty() && v.team != ctx.team)) continue;
    auto [it, added] = latest.try_emplace(v.team, Latest{v.as_of_date, 0.0, {}});
    if (v.as_of_date > it->second.as_of) it->second = Latest{v.as_of_date, 0.0, {}};
    if (v.as_of_date == it->second.as_of) {
      it->second.vacant_fte += v.vacant_fte;
      it->second.returns.push_back(&v);
    }
  }
  if (latest.empty()) return Fraction{0, 0};  // no current figure: undefined, not 0%
  double vacant = 0;
  for (const auto& [team, dated] : latest) {
    vacant += dated.vacant_fte;
    for (const VacanciesFacts* v : dated.returns) {
      ctx.Note([&] {
        CaseRow row = TeamRow(team, /*in_numerator=*/true);
        row.start = v->as_of_date;
        row.amount = v->vacant_fte;
        row.denominator_amount = v->vacant_fte;
        row.reason = "vacant";
        row.record_id = v->record_id;
        return row;
      });
    }
  }
  WorkforceIndex scratch;
  const double filled = PermanentFteInPost(
      data, IndexOf(data, scratch), ctx.month_end, ctx.team, [&](const WorkerFacts& w) {
        ctx.Note([&] {
          CaseRow row = RoleCase(w, /*in_numerator=*/false, ctx.month_end);
          row.denominator_amount = w.fte;
          row.reason = "filled";
          return row;
        });
      });
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
    const DaysLost days = AbsenceDaysLost(data, index, a, ctx.period, ctx.team, calendar);
    lost += days.fte_weighted;
    // An absence losing nothing here (only weekends or bank holidays, or another team's
    // role) is not listed: with a team breakdown it would list every team's absences.
    if (days.fte_weighted <= 0) continue;
    ctx.Note([&] {
      CaseRow row = WorkerCase(a.worker_id, /*in_numerator=*/true);
      row.in_denominator = false;  // a count
      row.start = a.start_date;
      row.end = EndAsOf(a.end_date, ctx.period.last);
      row.days_taken = days.days;
      row.amount = days.fte_weighted;
      row.team = ctx.team.empty() ? TeamOn(data, index, a.worker_id,
                                           std::max(a.start_date, ctx.period.first))
                                        .value_or("")
                                  : ctx.team;
      row.record_id = a.record_id;
      return row;
    });
  }
  // Yearly totals have no team, and no day to place them on inside a shorter period.
  if (ctx.team.empty()) {
    for (const SicknessDaysLostFacts& r : data.sickness_days_lost_returns) {
      const bool whole_period_inside =
          ctx.period.first <= r.period.first && r.period.last <= ctx.period.last;
      if (!whole_period_inside) continue;
      const bool counted = !HasAbsenceIn(data, index, r.worker_id, r.period);
      if (counted) lost += r.working_days_lost;
      ctx.Note([&] {
        CaseRow row = WorkerCase(r.worker_id, counted);
        row.in_denominator = false;
        row.start = r.period.first;
        row.end = r.period.last;
        row.days_taken = r.working_days_lost;
        if (counted) row.amount = r.working_days_lost;
        row.reason = counted ? "census-total" : "absences-recorded";
        row.record_id = r.record_id;
        return row;
      });
    }
  }
  return Count(lost);
}

Fraction SupervisionRateMeanOfTeams(const WorkforceData& data, const MeasureContext& ctx) {
  Fraction f;
  for (const auto& [team, t] : TallySupervision(data, ctx, /*note_people=*/false).teams) {
    const double rate = t.supervised / t.people;  // every listed team has people
    f.numerator += rate;
    f.denominator += 1;
    ctx.Note([&, &team = team] {
      // A team adds its rate to the numerator; one with nobody supervised adds nothing.
      CaseRow row = TeamRow(team, /*in_numerator=*/rate > 0);
      row.amount = rate;
      if (rate < 1) row.reason = "under-standard";
      return row;
    });
  }
  return f;
}

Fraction SupervisionRateOverall(const WorkforceData& data, const MeasureContext& ctx) {
  const SupervisionTally::Team overall =
      TallySupervision(data, ctx, /*note_people=*/true).overall;
  return Fraction{overall.supervised, overall.people};
}

// The allocations of allocation worker number `worker` open on `day`: those started by
// then less those ended before (which all started before).
int OpenAllocations(const WorkforceIndex& index, size_t worker, DayNumber day) {
  const auto first_days = index.worker_first_days.begin();
  const auto last_days = index.worker_last_days.begin();
  const uint32_t from = index.worker_allocation_starts[worker];
  const uint32_t to = index.worker_allocation_starts[worker + 1];
  const auto started = std::upper_bound(first_days + from, first_days + to, day) - first_days;
  const auto ended = std::lower_bound(last_days + from, last_days + to, day) - last_days;
  return static_cast<int>(started - ended);
}

Fraction CaseloadAverage(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  Fraction f;
  // Case holders in post, by allocation worker number (people with no allocation have none).
  std::vector<bool> holds(index.allocation_worker_ids.size(), false);
  // Drill-down only: each case holder's FTE and open allocations, for their row.
  struct Holder {
    const WorkerFacts* role = nullptr;  // the first, for the row's team
    double fte = 0;
    int allocations = 0;
  };
  absl::flat_hash_map<absl::string_view, Holder> holders;
  for (const WorkerFacts* w : InPost(data, index, ctx.month_end, ctx.team)) {
    if (!w->case_holding) continue;
    f.denominator += w->fte;
    const size_t role = static_cast<size_t>(w - data.workers.data());
    const int32_t number = index.role_allocation_worker[role];
    if (number >= 0) holds[number] = true;
    if (ctx.drilling_down()) {
      Holder& holder = holders[w->worker_id];
      if (holder.role == nullptr) holder.role = w;
      holder.fte += w->fte;
    }
  }
  const DayNumber day = ToDayNumber(ctx.month_end);
  for (size_t worker = 0; worker < holds.size(); ++worker) {
    if (!holds[worker]) continue;
    const int open = OpenAllocations(index, worker, day);
    f.numerator += open;
    if (ctx.drilling_down()) holders[index.allocation_worker_ids[worker]].allocations += open;
  }
  for (const auto& [worker_id, holder] : holders) {
    ctx.Note([&, &holder = holder] {
      CaseRow row = WorkerCase(holder.role->worker_id, holder.allocations > 0);
      row.team = holder.role->team;
      row.amount = holder.allocations;
      row.denominator_amount = holder.fte;
      if (holder.allocations == 0) row.reason = "no-cases";
      return row;
    });
  }
  return f;
}

SocialWorkerBands CountSocialWorkerBands(const WorkforceData& data, const MeasureContext& ctx) {
  WorkforceIndex scratch;
  const WorkforceIndex& index = IndexOf(data, scratch);
  // Five measures read these bands: computed once per period and team.
  return *index.shared->Get<SocialWorkerBands>(
      absl::StrCat("social-worker-bands|", FormatIsoDate(ctx.period.first), "|",
                   FormatIsoDate(ctx.period.last), "|", ctx.team),
      [&] { return ComputeSocialWorkerBands(data, index, ctx, /*note=*/nullptr); });
}

Fraction SocialWorkerChanges(const WorkforceData& data, const MeasureContext& ctx) {
  const SocialWorkerBands bands = BandsNotingChildren(data, ctx, {1, 3});  // 2 or more
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
            "role changes and team moves do not).",
            CaseCounting::kNumeratorExact},
           Starters);
    r->Add({"workforce.leavers", cv1::UNIT_COUNT, volume_bases,
            "People leaving the permanent workforce in the period (last day in a permanent "
            "role with no permanent role the next day: role changes and team moves do not "
            "count).",
            CaseCounting::kNumeratorExact},
           Leavers);
    r->Add({"workforce.agency_rate", cv1::UNIT_PERCENT, snapshot,
            "Agency workers' FTE as a percentage of all workers' FTE, in post on the last day "
            "of the month.",
            CaseCounting::kExact},
           AgencyFteRate);
    r->Add({"workforce.agency_headcount_rate", cv1::UNIT_PERCENT, snapshot,
            "Agency workers as a percentage of all workers (people, not FTE), in post on the "
            "last day of the month.",
            CaseCounting::kExact},
           AgencyHeadcountRate);
    r->Add({"workforce.turnover_rate", cv1::UNIT_PERCENT, rolling_12,
            "FTE of permanent leavers in the 12 months to the month end as a percentage of "
            "permanent FTE in post at the month end (the DfE's turnover rate).",
            CaseCounting::kExact},
           TurnoverRate);
    r->Add({"workforce.vacancy_rate", cv1::UNIT_PERCENT, snapshot,
            "Vacant FTE (including posts covered by agency workers) as a percentage of vacant "
            "FTE plus permanent FTE in post, at the month end, from each team's latest "
            "vacancy return in the 12 months to then (the DfE's vacancy rate).",
            CaseCounting::kExact},
           VacancyRate);
    r->Add({"workforce.sickness_days_lost", cv1::UNIT_WORKING_DAYS,
            {cv1::BASIS_QUARTER, cv1::BASIS_YTD, cv1::BASIS_MONTH, cv1::BASIS_ROLLING_12_MONTHS},
            "Working days lost to sickness in the period, FTE-weighted (a half-time worker "
            "off for a day loses 0.5), excluding weekends, bank holidays and closure days.",
            CaseCounting::kNumeratorExact},
           SicknessDaysLost);
    r->Add({"workforce.supervision_rate", cv1::UNIT_PERCENT, snapshot,
            "Case-holding staff in post at the month end who were supervised in the month: "
            "the mean of the teams' rates (numerator: sum of the teams' rates, each 0 to 1; "
            "denominator: number of teams).",
            CaseCounting::kExact},
           SupervisionRateMeanOfTeams);
    r->Add({"workforce.supervision_rate_overall", cv1::UNIT_PERCENT, snapshot,
            "Case-holding staff in post at the month end who were supervised in the month, "
            "all teams pooled (people).",
            CaseCounting::kExact},
           SupervisionRateOverall);
    r->Add({"workforce.caseload_average", cv1::UNIT_RATIO, snapshot,
            "Open case allocations at the month end per FTE of case-holding staff in post "
            "(value = allocations / FTE).",
            CaseCounting::kExact},
           CaseloadAverage);
    r->Add({"workforce.social_worker_changes", cv1::UNIT_PERCENT, rolling_12,
            "Children allocated in the 12 months to the month end who had 2 or more social "
            "workers in that time (percentage); the _1, _2, _3 and _4plus measures give the "
            "bands.",
            CaseCounting::kExact},
           SocialWorkerChanges);
    const char* const band_names[4] = {"1", "2", "3", "4plus"};
    const char* const band_words[4] = {"exactly 1 social worker", "exactly 2 social workers",
                                       "exactly 3 social workers", "4 or more social workers"};
    for (int band = 0; band < 4; ++band) {
      r->Add({absl::StrCat("workforce.social_worker_changes_", band_names[band]),
              cv1::UNIT_PERCENT, rolling_12,
              absl::StrCat("Children allocated in the 12 months to the month end who had ",
                           band_words[band], " in that time (percentage of those children)."),
              CaseCounting::kExact},
             [band](const WorkforceData& data, const MeasureContext& ctx) {
               return SocialWorkerBand(data, ctx, band);
             });
    }
    return r;
  }();
  return *registry;
}

}  // namespace scorecard::workforce
