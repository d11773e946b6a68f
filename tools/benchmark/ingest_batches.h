// Ingest requests for generated records, cut into batches the way `scorecardctl ingest`
// cuts a file (its PlanBatches: at most `max_records` records and about 3 MiB a batch).
//
//   std::vector<safeguarding::v1::IngestRequest> batches =
//       MakeIngestBatches<safeguarding::v1::IngestRequest>(data.safeguarding, 5000);
#ifndef SCORECARD_TOOLS_BENCHMARK_INGEST_BATCHES_H_
#define SCORECARD_TOOLS_BENCHMARK_INGEST_BATCHES_H_

#include <vector>

#include "tools/scorecardctl/jsonl_ingest.h"

namespace scorecard::benchmark {

// As `scorecardctl ingest`'s default.
inline constexpr int kIngestBatchRecords = scorecardctl::kDefaultBatchSize;

template <typename Request, typename Wrapper>
std::vector<Request> MakeIngestBatches(const std::vector<Wrapper>& records, int max_records) {
  std::vector<Request> batches;
  for (const scorecardctl::BatchSpan& span :
       scorecardctl::PlanBatches(scorecardctl::RecordSizes(records), max_records)) {
    Request& request = batches.emplace_back();
    request.mutable_records()->Reserve(span.count);
    for (int i = span.start; i < span.start + span.count; ++i) {
      *request.add_records() = records[static_cast<size_t>(i)];
    }
  }
  return batches;
}

}  // namespace scorecard::benchmark

#endif  // SCORECARD_TOOLS_BENCHMARK_INGEST_BATCHES_H_
