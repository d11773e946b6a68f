// Validation of placement ingest batches: every problem, by record index and field.
//
//   absl::Status valid = ValidatePlacementBatch(request);
//   // INVALID_ARGUMENT: 1 invalid record; nothing was written;
//   // records[4].episode.legal_status: unknown code "X9" (expected one of C1, C2, ...)
//
// Episode, child, review, OC2, OC3, previous permanence, social worker episode and adoption
// reversal codes are checked against the SSDA903 lists in ssda903_codes.h; partial dates
// (PartialDate) part by part.
// Population estimates (year 1990-2100, population > 0) and settings (effective_from
// required, each field 0 for the default or within its range) are checked too. With the
// store, a batch is also checked against the records already held: an authority has one
// population estimate per year and one settings record per effective_from day, so a second
// one under another source key is rejected (correct a record by re-sending its source key).
//
//   absl::Status valid = ValidatePlacementBatch(request, store);
//   // records[2].population.year: 2016 already has an estimate under source ons/mid-2016
#ifndef SCORECARD_SERVICES_PLACEMENT_PLACEMENT_RECORDS_H_
#define SCORECARD_SERVICES_PLACEMENT_PLACEMENT_RECORDS_H_

#include <optional>

#include "absl/status/status.h"
#include "common/store/record_store.h"
#include "common/time/civil_date.h"
#include "scorecard/placement/v1/placement_service.pb.h"

namespace scorecard::placement {

// Accepted years of a population estimate.
inline constexpr int kFirstPopulationYear = 1990;
inline constexpr int kLastPopulationYear = 2100;
// Accepted collection years of OC2 and OC3 outcomes (named by the year they start in).
inline constexpr int kFirstCollectionYear = 1990;
inline constexpr int kLastCollectionYear = 2100;

// The day a partial date names, when every part is known and real.
std::optional<Date> KnownDate(const v1::PartialDate& date);

// Every record on its own, and clashes within the batch.
[[nodiscard]] absl::Status ValidatePlacementBatch(const v1::IngestRequest& request);
// As above, and clashes with the records already in `store`. An error reading the store is
// returned as it is.
[[nodiscard]] absl::Status ValidatePlacementBatch(const v1::IngestRequest& request,
                                                  const VersionedRecordStore& store);

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_PLACEMENT_RECORDS_H_
