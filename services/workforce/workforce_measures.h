// Workforce counting rules: pure functions from worker records to a numerator and
// denominator. services/workforce/COUNTING.md states every rule with its reasons; this
// comment is the summary a reader of the code needs.
//
//   MeasureContext ctx = ...;  // month 2017-03, basis ytd
//   Fraction f = Starters(data, ctx);
//   // f.numerator: people who joined the permanent establishment 2016-04-01..2017-03-31.
//
// People and roles. A person is a worker_id; their Worker records are roles, one after
// another (a role change or team move ends one record and starts the next) or occasionally
// side by side.
//
// In post on day d: start_date <= d and (no end_date or end_date >= d). end_date is the last
// day worked, so a worker leaving on the month's last day is in that month's snapshot. One
// exception, so nobody is counted twice on the day they change role: a record ending on d is
// not in post on d when the same person has another record starting on d. Every "in post"
// below, FTE-weighting included, is this rule (InPostOn in the .cc).
//
// Starters and leavers are people joining and leaving the permanent establishment, not
// records opening and closing:
// - A permanent start on day d counts when the person held no permanent role on d - 1. A
//   role change or team move (the previous permanent role ending on d - 1 or on d) is not a
//   start; an agency worker taking a permanent post is (they join the establishment); so is
//   a return after a gap of a day or more. Several permanent records of one person starting
//   the same day count once.
// - A permanent end on day e (the last day in the role) counts when the person holds no
//   permanent role on e + 1. A role change or team move is not a leaver; a permanent worker
//   staying on as agency is (they left the establishment).
// - With a team breakdown, a start or end counts for the team of the record that starts or
//   ends, so teams' figures add up to the authority's.
//
// workforce.turnover_rate (rolling 12 months, the DfE's definition): FTE of permanent
// leavers in the 12 months to the month end (the FTE of the roles whose end made them a
// leaver) / permanent FTE in post at the month end.
//
// workforce.vacancy_rate (snapshot, the DfE's definition): vacant FTE / (vacant FTE +
// permanent FTE in post at the month end). Vacancies include posts covered by agency
// workers, so agency FTE is not in the denominator (it would count those posts twice). For
// each team ("" = not attributed to a team) the latest Vacancies return dated in the 12
// months to the month end stands; returns of one team on one date add up. No return in
// that window for any team in scope: undefined (0 / 0), not 0%.
//
// workforce.sickness_days_lost (quarter to date, ytd, month, rolling 12; working days):
// for each working day d of the period (Monday to Friday, not a bank holiday or an
// authority closure day) that a sickness absence covers, fraction(d) x the FTE of the
// person's roles in post on d (in the team, with a breakdown). fraction(d) is
// first_day_fraction on the first day, last_day_fraction on the last, 1 otherwise (0 means
// a whole day); on a one-day absence, whichever of the two is set. An open absence runs to
// the period's end. A half-time worker off for a whole day loses 0.5 FTE days. A
// SicknessDaysLostReturn (a yearly census total) counts, as its own figure, only in a period
// that holds its whole period, only for a worker with no absence overlapping it, and only
// in all-teams figures (it has no team).
//
// workforce.supervision_rate and workforce.supervision_rate_overall (snapshot): the people
// holding a case-holding role in post at the month end, supervised when they have a
// SupervisionSession in the calendar month. _overall pools everyone (each person once).
// supervision_rate is the seed's "average across all teams": the mean of the teams' rates,
// over the teams with at least one such person; its numerator is the sum of the teams'
// rates (each 0 to 1) and its denominator the number of teams, so value = 100 x mean. A
// person in case-holding roles in two teams counts in each team.
//
// workforce.caseload_average (snapshot): case allocations open at the month end held by
// people with a case-holding role in post (in the team) / the FTE of those case-holding
// roles. A child co-allocated to two workers is two allocations.
//
// workforce.social_worker_changes (rolling 12 months): of the children with an allocation
// overlapping the 12 months to the month end, the percentage who had 2 or more distinct
// workers in those months. _1, _2, _3 and _4plus give the bands (each a percentage of the
// same children; they add up to 100). A reallocation to another worker in the same team is
// a change; the same worker allocated twice is not. With a breakdown, a child belongs to
// the team of the worker of their latest allocation in the window, on its last day there.
//
// Drill-down: every measure notes the cases it counts through ctx.Note (worker, team or
// child rows; COUNTING.md §13 lists them and their reason codes). The shared figures are
// computed afresh when drilling down, so every case is noted.
#ifndef SCORECARD_SERVICES_WORKFORCE_WORKFORCE_MEASURES_H_
#define SCORECARD_SERVICES_WORKFORCE_WORKFORCE_MEASURES_H_

#include <string>
#include <vector>

#include "common/measures/measure_registry.h"
#include "common/measures/measure_value.h"
#include "common/time/civil_date.h"
#include "services/workforce/workforce_data.h"

namespace scorecard::workforce {

// The records in post on `day` (see the header comment), in the team when `team` is set.
std::vector<const WorkerFacts*> WorkersInPost(const WorkforceData& data, Date day,
                                              const std::string& team);

// workforce.starters: people joining the permanent establishment in the period.
Fraction Starters(const WorkforceData& data, const MeasureContext& ctx);
// workforce.leavers: people leaving the permanent establishment in the period.
Fraction Leavers(const WorkforceData& data, const MeasureContext& ctx);
// workforce.agency_rate: agency FTE / all FTE in post at month end.
Fraction AgencyFteRate(const WorkforceData& data, const MeasureContext& ctx);
// workforce.agency_headcount_rate: agency people / all people in post at month end. A
// person holding any agency record in post is agency.
Fraction AgencyHeadcountRate(const WorkforceData& data, const MeasureContext& ctx);
// workforce.turnover_rate: permanent leavers' FTE in the period / permanent FTE in post at
// the period's end.
Fraction TurnoverRate(const WorkforceData& data, const MeasureContext& ctx);
// workforce.vacancy_rate: vacant FTE / (vacant FTE + permanent FTE in post) at month end.
Fraction VacancyRate(const WorkforceData& data, const MeasureContext& ctx);
// workforce.sickness_days_lost: FTE-weighted working days lost in the period (count).
Fraction SicknessDaysLost(const WorkforceData& data, const MeasureContext& ctx);
// workforce.supervision_rate: sum of the teams' supervised rates / number of teams.
Fraction SupervisionRateMeanOfTeams(const WorkforceData& data, const MeasureContext& ctx);
// workforce.supervision_rate_overall: supervised people / case-holding people.
Fraction SupervisionRateOverall(const WorkforceData& data, const MeasureContext& ctx);
// workforce.caseload_average: open allocations / case-holding FTE at month end.
Fraction CaseloadAverage(const WorkforceData& data, const MeasureContext& ctx);

// Children allocated in the period by how many distinct workers they had there.
struct SocialWorkerBands {
  double children = 0;
  // [0]: one worker, [1]: two, [2]: three, [3]: four or more.
  double by_workers[4] = {0, 0, 0, 0};
};
SocialWorkerBands CountSocialWorkerBands(const WorkforceData& data, const MeasureContext& ctx);
// workforce.social_worker_changes: children with 2 or more workers / children allocated.
Fraction SocialWorkerChanges(const WorkforceData& data, const MeasureContext& ctx);

// Every workforce measure, by id.
const MeasureRegistry<WorkforceData>& WorkforceMeasures();

}  // namespace scorecard::workforce

#endif  // SCORECARD_SERVICES_WORKFORCE_WORKFORCE_MEASURES_H_
