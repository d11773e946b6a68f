// Validation of safeguarding ingest batches: every problem, by record index and field.
//
//   absl::Status valid = ValidateSafeguardingBatch(request);
//   // INVALID_ARGUMENT: 1 invalid record; nothing was written;
//   // records[2].section47.icpc_date: 2017-04-01 is before strategy_discussion_date 2017-04-10
#ifndef SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_RECORDS_H_
#define SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_RECORDS_H_

#include "absl/status/status.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard::safeguarding {

[[nodiscard]] absl::Status ValidateSafeguardingBatch(const v1::IngestRequest& request);

}  // namespace scorecard::safeguarding

#endif  // SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_RECORDS_H_
