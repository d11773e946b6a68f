// Validation of workforce ingest batches: every problem, by record index and field.
//
//   absl::Status valid = ValidateWorkforceBatch(request, store);
//   // INVALID_ARGUMENT: 2 invalid records; nothing was written;
//   // records[4].worker.fte: -0.5 is not in (0, 1.5];
//   // records[6].sickness_absence.worker_id: unknown worker (not in this batch nor stored)
//
// Each record alone: header, ids, required dates, end not before start, a known employment
// type, 0 < fte <= 1.5, day fractions in [0, 1] (and one fraction for a one-day absence),
// vacant_fte >= 0, 0 <= working_days_lost <= the days in its period.
//
// Overlaps: one worker's sickness absences must not share a day (an open absence runs on
// indefinitely), nor their days-lost returns' periods. This is judged on what the store
// will hold once the batch is applied: with the store, the worker's stored records count
// too, less those the batch corrects (same source key) or deletes. A problem is reported
// on the batch record (the later one when both are in the batch); stored records that
// already overlap each other are not the batch's doing and are not reported.
//
// Unknown workers (with the store): every sickness absence, supervision session, case
// allocation and days-lost return names a worker the authority holds once the batch is
// applied (a Worker in the batch or stored, less any the batch deletes).
//
// Required dates: Worker.start_date, SicknessAbsence.start_date (end_date is absent while
// the worker is still off), SupervisionSession.session_date, CaseAllocation.start_date,
// Vacancies.as_of_date, SicknessDaysLostReturn.period_start and period_end.
#ifndef SCORECARD_SERVICES_WORKFORCE_WORKFORCE_RECORDS_H_
#define SCORECARD_SERVICES_WORKFORCE_WORKFORCE_RECORDS_H_

#include "absl/status/status.h"
#include "common/store/record_store.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"

namespace scorecard::workforce {

// The contract's bound: above this a record is more than a full-time post and a half.
inline constexpr double kMaxFte = 1.5;

// Every check that needs only the batch. A record naming a worker outside the batch is
// accepted (the worker may already be stored), and overlaps are judged within the batch.
[[nodiscard]] absl::Status ValidateWorkforceBatch(const v1::IngestRequest& request);

// The batch checks, plus unknown workers and overlaps against the authority's current
// stored records. A store read failure is returned as is (not INVALID_ARGUMENT): the batch
// was not judged.
[[nodiscard]] absl::Status ValidateWorkforceBatch(const v1::IngestRequest& request,
                                                  const VersionedRecordStore& store);

}  // namespace scorecard::workforce

#endif  // SCORECARD_SERVICES_WORKFORCE_WORKFORCE_RECORDS_H_
