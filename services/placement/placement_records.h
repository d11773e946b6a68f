// Validation of placement ingest batches: every problem, by record index and field.
//
//   absl::Status valid = ValidatePlacementBatch(request);
//   // INVALID_ARGUMENT: 1 invalid record; nothing was written;
//   // records[4].episode.legal_status: unknown code "X9" (expected one of C1, C2, ...)
//
// Episode, child and review codes are checked against the SSDA903 lists in ssda903_codes.h.
#ifndef SCORECARD_SERVICES_PLACEMENT_PLACEMENT_RECORDS_H_
#define SCORECARD_SERVICES_PLACEMENT_PLACEMENT_RECORDS_H_

#include "absl/status/status.h"
#include "scorecard/placement/v1/placement_service.pb.h"

namespace scorecard::placement {

[[nodiscard]] absl::Status ValidatePlacementBatch(const v1::IngestRequest& request);

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_PLACEMENT_RECORDS_H_
