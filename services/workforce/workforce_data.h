// The workforce records a measure reads, decoded from the store into plain structs so the
// counting rules are pure functions over civil dates, with the lookups they need built once.
//
//   SCORECARD_ASSIGN_OR_RETURN(WorkforceData data,
//                              LoadWorkforceData(store, "869", std::nullopt));
//   for (size_t i : data.index.roles_by_worker.at("W1")) use(data.workers[i]);
//
// Every record kind of the contract is loaded. LoadWorkforceData also builds `index`; code
// that assembles a WorkforceData by hand (tests, tools) calls IndexWorkforceData after
// filling the vectors. A measure handed data whose index does not match its vectors builds
// a temporary one, so a forgotten call costs time, never a wrong figure.
#ifndef SCORECARD_SERVICES_WORKFORCE_WORKFORCE_DATA_H_
#define SCORECARD_SERVICES_WORKFORCE_WORKFORCE_DATA_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/store/record_store.h"
#include "common/measures/shared_figures.h"
#include "common/time/civil_date.h"

namespace scorecard::workforce {

enum class Employment { kPermanent, kAgency };

// One worker in one role. A role change or team move is a second record for the same
// worker_id, so "the person" is the worker_id, never the record.
struct WorkerFacts {
  std::string worker_id;
  Employment employment = Employment::kPermanent;
  double fte = 0;
  std::string team;
  std::string role;
  Date start_date;
  // Last day in the role (inclusive); nullopt while in post.
  std::optional<Date> end_date;
  std::string reason_leaving;
  bool case_holding = false;
  // The source record's id (header.source.id), so a drill-down row leads back to it.
  std::string record_id;
};

struct SicknessAbsenceFacts {
  std::string worker_id;
  Date start_date;
  // Last day absent (inclusive); nullopt while the absence continues.
  std::optional<Date> end_date;
  // Fraction of the first / last day lost; 0 means the whole day.
  double first_day_fraction = 0;
  double last_day_fraction = 0;
  std::string record_id;  // header.source.id
};

struct SupervisionFacts {
  std::string worker_id;
  Date session_date;
};

struct CaseAllocationFacts {
  std::string child_id;
  std::string worker_id;
  Date start_date;
  std::optional<Date> end_date;
  std::string record_id;  // header.source.id
};

// Vacant FTE on a date, for a team or ("") for posts not attributed to one.
struct VacanciesFacts {
  std::string team;
  Date as_of_date;
  double vacant_fte = 0;
  std::string record_id;  // header.source.id
};

// A worker's working days lost over a whole period, when the absences themselves are not
// known (the workforce census's WorkingDaysLost).
struct SicknessDaysLostFacts {
  std::string worker_id;
  DateRange period;
  double working_days_lost = 0;
  std::string record_id;  // header.source.id
};

// A civil date as a plain day count (days since 1970-01-01), for the tight loops over
// case allocations. kOpenEnd stands for "no end date".
using DayNumber = int32_t;
inline constexpr DayNumber kOpenEnd = std::numeric_limits<DayNumber>::max();
inline DayNumber ToDayNumber(Date d) { return static_cast<DayNumber>(d - Date(1970, 1, 1)); }

// One case allocation, compactly: its days and its worker's number (see
// WorkforceIndex::allocation_worker_ids).
struct AllocationSpan {
  DayNumber first_day = 0;
  DayNumber last_day = kOpenEnd;
  int32_t worker = 0;
  // Position in WorkforceData::case_allocations.
  uint32_t position = 0;
};

// Positions in WorkforceData's vectors (never pointers, so a copy stays sound), grouped the
// ways the counting rules look records up. Built for the vectors as they are: change them
// and build it again.
struct WorkforceIndex {
  // Each person's roles (positions in `workers`), by start date.
  absl::flat_hash_map<std::string, std::vector<size_t>> roles_by_worker;
  // People with a role numbered in order of first sight in `workers`, and teams numbered in
  // name order (so sorting by number sorts by name): the per-month loops count by number
  // instead of hashing and comparing strings. By position in `workers`: its person and team.
  std::vector<int32_t> role_person;
  std::vector<int32_t> role_team;
  std::vector<std::string> person_ids;
  std::vector<std::string> team_names;  // ascending
  // Person p's session dates, ascending: person_session_dates[person_session_starts[p]] up
  // to person_session_dates[person_session_starts[p + 1]]. Sessions of a worker id with no
  // role are left out (no rule reads them).
  std::vector<Date> person_session_dates;
  std::vector<uint32_t> person_session_starts;
  // Each person's sickness absences (positions in `sickness_absences`), by start date.
  absl::flat_hash_map<std::string, std::vector<size_t>> absences_by_worker;
  // Every case allocation, grouped by child and by start date within a child: child c's
  // are allocation_spans[child_starts[c]] up to allocation_spans[child_starts[c + 1]].
  std::vector<AllocationSpan> allocation_spans;
  std::vector<uint32_t> child_starts;
  // Child c's first allocation day and last (kOpenEnd while one is open), to pass over
  // children with nothing in a period at a glance.
  std::vector<std::pair<DayNumber, DayNumber>> child_bounds;
  // Each allocation worker's allocations' first days and, separately, last days, each
  // ascending: worker w's are at [worker_allocation_starts[w], worker_allocation_starts[w + 1]).
  // Those open on day d are the ones starting by d less the ones ended before d.
  std::vector<DayNumber> worker_first_days;
  std::vector<DayNumber> worker_last_days;
  std::vector<uint32_t> worker_allocation_starts;
  // Children whose allocations are all to one worker and leave no day uncovered between
  // their first and last: any period they overlap, they had exactly one worker in, so they
  // are counted from their first and last days alone (each list ascending). The other
  // children (child_bounds positions) need a look at their allocations.
  std::vector<DayNumber> one_worker_child_first_days;
  std::vector<DayNumber> one_worker_child_last_days;
  std::vector<uint32_t> other_children;
  // The worker ids the spans' worker numbers stand for, and back.
  std::vector<std::string> allocation_worker_ids;
  absl::flat_hash_map<std::string, int32_t> allocation_worker_numbers;
  // By position in `workers`: its person's allocation worker number, -1 with no allocation.
  std::vector<int32_t> role_allocation_worker;

  std::shared_ptr<SharedFigures> shared = std::make_shared<SharedFigures>();

  // The vector sizes the index was built for; see IndexDescribes.
  size_t workers = 0;
  size_t sickness_absences = 0;
  size_t supervisions = 0;
  size_t case_allocations = 0;
};

struct WorkforceData {
  std::vector<WorkerFacts> workers;
  std::vector<SicknessAbsenceFacts> sickness_absences;
  std::vector<SupervisionFacts> supervisions;
  std::vector<CaseAllocationFacts> case_allocations;
  std::vector<VacanciesFacts> vacancies;
  std::vector<SicknessDaysLostFacts> sickness_days_lost_returns;
  // Built by IndexWorkforceData (LoadWorkforceData calls it).
  WorkforceIndex index;
};

// The index of data's vectors (data.index is not read).
WorkforceIndex BuildWorkforceIndex(const WorkforceData& data);
// data.index = BuildWorkforceIndex(data).
void IndexWorkforceData(WorkforceData& data);
// True when `index` was built for vectors of data's current sizes.
bool IndexDescribes(const WorkforceIndex& index, const WorkforceData& data);

// The authority's records as recorded at `as_at` (nullopt: now), indexed. DATA_LOSS if a
// stored record lacks what validation guarantees (a required date, the employment type).
[[nodiscard]] absl::StatusOr<WorkforceData> LoadWorkforceData(const VersionedRecordStore& store,
                                                              const std::string& authority,
                                                              std::optional<absl::Time> as_at);

}  // namespace scorecard::workforce

#endif  // SCORECARD_SERVICES_WORKFORCE_WORKFORCE_DATA_H_
