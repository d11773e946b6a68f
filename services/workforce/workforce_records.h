// Validation of workforce ingest batches: every problem, by record index and field.
//
//   absl::Status valid = ValidateWorkforceBatch(request, store);
//   // INVALID_ARGUMENT: 2 invalid records; nothing was written;
//   // records[4].worker.fte: -0.5 is not in (0, 1.5];
//   // records[6].sickness_absence.worker_id: unknown worker (not in this batch nor stored)
//
// Each record alone: header, ids, required dates, end not before start, a known employment
// type, 0 < fte <= 1.5, day fractions in [0, 1]. Across the batch: one worker's sickness
// absences must not share a day (an open absence runs on indefinitely). With the store:
// every sickness absence names a worker the authority holds once the batch is applied (a
// Worker in the batch or stored, less any the batch deletes).
//
// Required dates: Worker.start_date, SicknessAbsence.start_date (end_date is absent while
// the worker is still off), SupervisionSession.session_date, CaseAllocation.start_date.
#ifndef SCORECARD_SERVICES_WORKFORCE_WORKFORCE_RECORDS_H_
#define SCORECARD_SERVICES_WORKFORCE_WORKFORCE_RECORDS_H_

#include "absl/status/status.h"
#include "common/store/record_store.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"

namespace scorecard::workforce {

// The contract's bound: above this a record is more than a full-time post and a half.
inline constexpr double kMaxFte = 1.5;

// Every check that needs only the batch. A sickness absence naming a worker outside the
// batch is accepted: the worker may already be stored.
[[nodiscard]] absl::Status ValidateWorkforceBatch(const v1::IngestRequest& request);

// The batch checks, plus unknown workers against the authority's current stored workers.
// A store read failure is returned as is (not INVALID_ARGUMENT): the batch was not judged.
[[nodiscard]] absl::Status ValidateWorkforceBatch(const v1::IngestRequest& request,
                                                  const VersionedRecordStore& store);

}  // namespace scorecard::workforce

#endif  // SCORECARD_SERVICES_WORKFORCE_WORKFORCE_RECORDS_H_
