// Workforce counting rules: pure functions from worker records to a numerator and
// denominator.
//
//   MeasureContext ctx = ...;  // month 2017-03, basis ytd
//   Fraction f = Starters(data, ctx);
//   // f.numerator: people who joined the permanent establishment 2016-04-01..2017-03-31.
//
// A person is a worker_id; their Worker records are roles, one after another (a role change
// or team move ends one record and starts the next) or occasionally side by side. So
// starters and leavers are counted as people joining and leaving the permanent
// establishment, not as records opening and closing:
//
// - A permanent start on day d counts when the person held no permanent role on d - 1. A
//   role change or team move (the previous permanent role ending on d - 1 or on d) is not a
//   start; an agency worker taking a permanent post is (they join the establishment); so is
//   a return after a gap of a day or more. Several permanent records of one person starting
//   the same day count once.
// - A permanent end on day e (the last day in the role) counts when the person holds no
//   permanent role on e + 1. A role change or team move (the next permanent role starting on
//   e or e + 1) is not a leaver; a permanent worker staying on as agency is (they left the
//   establishment).
// - With a team breakdown, a start or end counts for the team of the record that starts or
//   ends. Moves between teams are not starters or leavers of either team, so teams' figures
//   add up to the authority's.
//
// In post on day d: start_date <= d and (no end_date or end_date >= d). end_date is the last
// day worked, so a worker leaving on the month's last day is in that month's snapshot. One
// exception, so nobody is counted twice on the day they change role: a record ending on d is
// not in post on d when the same person has another record starting on d.
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

// Every workforce measure, by id.
const MeasureRegistry<WorkforceData>& WorkforceMeasures();

}  // namespace scorecard::workforce

#endif  // SCORECARD_SERVICES_WORKFORCE_WORKFORCE_MEASURES_H_
