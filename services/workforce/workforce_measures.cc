#include "services/workforce/workforce_measures.h"

#include <set>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;

// One person's permanent roles, so a start or end can be told apart from a role change.
using PermanentRolesByWorker =
    absl::flat_hash_map<std::string, std::vector<const WorkerFacts*>>;

bool InTeam(const std::string& record_team, const std::string& team) {
  return team.empty() || record_team == team;
}

bool Covers(const WorkerFacts& w, Date day) {
  return w.start_date <= day && (!w.end_date.has_value() || *w.end_date >= day);
}

PermanentRolesByWorker GroupPermanentRoles(const std::vector<WorkerFacts>& workers) {
  PermanentRolesByWorker out;
  for (const WorkerFacts& w : workers) {
    if (w.employment == Employment::kPermanent) out[w.worker_id].push_back(&w);
  }
  return out;
}

bool HoldsAnyOn(const std::vector<const WorkerFacts*>& roles, Date day) {
  for (const WorkerFacts* r : roles) {
    if (Covers(*r, day)) return true;
  }
  return false;
}

}  // namespace

std::vector<const WorkerFacts*> WorkersInPost(const WorkforceData& data, Date day,
                                              const std::string& team) {
  // People starting a record on `day`: a record of theirs ending that day has been handed
  // over, and counting both would count them twice.
  absl::flat_hash_set<std::string> starting_today;
  for (const WorkerFacts& w : data.workers) {
    if (w.start_date == day) starting_today.insert(w.worker_id);
  }
  std::vector<const WorkerFacts*> out;
  for (const WorkerFacts& w : data.workers) {
    if (!Covers(w, day) || !InTeam(w.team, team)) continue;
    const bool handed_over =
        w.end_date == day && w.start_date < day && starting_today.contains(w.worker_id);
    if (!handed_over) out.push_back(&w);
  }
  return out;
}

Fraction Starters(const WorkforceData& data, const MeasureContext& ctx) {
  size_t n = 0;
  for (const auto& [worker_id, roles] : GroupPermanentRoles(data.workers)) {
    // A set, so two permanent records of one person starting the same day are one start.
    std::set<Date> starts;
    for (const WorkerFacts* r : roles) {
      if (!ctx.period.Contains(r->start_date) || !InTeam(r->team, ctx.team)) continue;
      if (HoldsAnyOn(roles, r->start_date - 1)) continue;  // a role change, not a joiner
      starts.insert(r->start_date);
    }
    n += starts.size();
  }
  return Count(static_cast<double>(n));
}

Fraction Leavers(const WorkforceData& data, const MeasureContext& ctx) {
  size_t n = 0;
  for (const auto& [worker_id, roles] : GroupPermanentRoles(data.workers)) {
    std::set<Date> ends;
    for (const WorkerFacts* r : roles) {
      if (!r->end_date.has_value() || !ctx.period.Contains(*r->end_date) ||
          !InTeam(r->team, ctx.team)) {
        continue;
      }
      if (HoldsAnyOn(roles, *r->end_date + 1)) continue;  // a role change, not a leaver
      ends.insert(*r->end_date);
    }
    n += ends.size();
  }
  return Count(static_cast<double>(n));
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
  absl::flat_hash_map<std::string, bool> is_agency;  // by person
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

const MeasureRegistry<WorkforceData>& WorkforceMeasures() {
  static const MeasureRegistry<WorkforceData>* const registry = [] {
    auto* r = new MeasureRegistry<WorkforceData>();
    const std::vector<cv1::Basis> volume_bases = {cv1::BASIS_MONTH, cv1::BASIS_YTD,
                                                  cv1::BASIS_QUARTER,
                                                  cv1::BASIS_ROLLING_12_MONTHS};
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
    r->Add({"workforce.agency_rate", cv1::UNIT_PERCENT, {cv1::BASIS_SNAPSHOT},
            "Agency workers' FTE as a percentage of all workers' FTE, in post on the last day "
            "of the month."},
           AgencyFteRate);
    r->Add({"workforce.agency_headcount_rate", cv1::UNIT_PERCENT, {cv1::BASIS_SNAPSHOT},
            "Agency workers as a percentage of all workers (people, not FTE), in post on the "
            "last day of the month."},
           AgencyHeadcountRate);
    return r;
  }();
  return *registry;
}

}  // namespace scorecard::workforce
