// The workforce records a measure reads, decoded from the store into plain structs so the
// counting rules are pure functions over civil dates.
//
//   SCORECARD_ASSIGN_OR_RETURN(WorkforceData data,
//                              LoadWorkforceData(store, "869", std::nullopt));
//   for (const WorkerFacts& w : data.workers) ...
//
// Every record kind of the contract is loaded, so a new measure (sickness days, supervision,
// caseloads) needs a counting function and nothing here.
#ifndef SCORECARD_SERVICES_WORKFORCE_WORKFORCE_DATA_H_
#define SCORECARD_SERVICES_WORKFORCE_WORKFORCE_DATA_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/store/record_store.h"
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
};

struct SicknessAbsenceFacts {
  std::string worker_id;
  Date start_date;
  // Last day absent (inclusive); nullopt while the absence continues.
  std::optional<Date> end_date;
  // Fraction of the first / last day lost; 0 means the whole day.
  double first_day_fraction = 0;
  double last_day_fraction = 0;
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
};

struct WorkforceData {
  std::vector<WorkerFacts> workers;
  std::vector<SicknessAbsenceFacts> sickness_absences;
  std::vector<SupervisionFacts> supervisions;
  std::vector<CaseAllocationFacts> case_allocations;
};

// The authority's records as recorded at `as_at` (nullopt: now). DATA_LOSS if a stored
// record lacks what validation guarantees (a required date, the employment type).
[[nodiscard]] absl::StatusOr<WorkforceData> LoadWorkforceData(const VersionedRecordStore& store,
                                                              const std::string& authority,
                                                              std::optional<absl::Time> as_at);

}  // namespace scorecard::workforce

#endif  // SCORECARD_SERVICES_WORKFORCE_WORKFORCE_DATA_H_
