// Validation of safeguarding ingest batches: every problem, by record index and field.
//
//   absl::Status valid = ValidateSafeguardingBatch(request);
//   // INVALID_ARGUMENT: 1 invalid record; nothing was written;
//   // records[2].section47.icpc_date: 2017-04-01 is before strategy_discussion_date 2017-04-10
//
// Beyond required ids and real, ordered dates: a population estimate needs a year in
// 1990..2100 and a positive population, one per year in a batch; a settings record needs
// the source key ("settings", "safeguarding"), one per authority in a batch, a known clock
// and every number it sets in 1..its maximum (safeguarding_settings.h).
#ifndef SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_RECORDS_H_
#define SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_RECORDS_H_

#include "absl/status/status.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard::safeguarding {

[[nodiscard]] absl::Status ValidateSafeguardingBatch(const v1::IngestRequest& request);

}  // namespace scorecard::safeguarding

#endif  // SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_RECORDS_H_
