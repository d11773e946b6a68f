// Sends records held in memory to a domain service's Ingest, in the batches PlanBatches
// makes (jsonl_ingest.h): what `scorecardctl ingest` (JSON Lines) and `scorecardctl import`
// (census files) share.
//
//   std::vector<BatchSpan> batches = PlanBatches(RecordSizes(records), batch_size);
//   IngestRun run = SendRecordBatches<safeguarding::v1::SafeguardingService,
//                                     safeguarding::v1::IngestRequest>(channel, records, batches);
//   if (!run.failure.ok()) std::cerr << DescribeAcknowledgedBatches(batches, run);
//
// Each record is moved into its request, since it is sent once; a batch that fails gets
// its records back, so the failure can name them (RecordLabel).
#ifndef SCORECARD_TOOLS_SCORECARDCTL_BATCH_SENDER_H_
#define SCORECARD_TOOLS_SCORECARDCTL_BATCH_SENDER_H_

#include <google/protobuf/message.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "tools/scorecardctl/jsonl_ingest.h"
#include "tools/scorecardctl/rpc_support.h"

namespace scorecard::scorecardctl {

template <typename Service, typename Request, typename Record>
IngestRun SendRecordBatches(const std::shared_ptr<grpc::Channel>& channel,
                            std::vector<Record>& records, absl::Span<const BatchSpan> batches,
                            const BatchSentFn& after_batch = nullptr) {
  std::unique_ptr<typename Service::Stub> stub = Service::NewStub(channel);
  const SendBatchFn send = [&](BatchSpan batch, common::v1::IngestResponse* response) {
    Request request;
    request.mutable_records()->Reserve(batch.count);
    for (int i = batch.start; i < batch.start + batch.count; ++i) {
      *request.add_records() = std::move(records[i]);
    }
    grpc::ClientContext context;
    SetDeadline(context, kIngestDeadline);
    grpc::Status status = stub->Ingest(&context, request, response);
    if (!status.ok()) {
      for (int i = 0; i < batch.count; ++i) {
        records[batch.start + i] = std::move(*request.mutable_records(i));
      }
    }
    return status;
  };
  return SendBatches(batches, send, after_batch);
}

// A record wrapper for messages, by kind and source key, e.g.
// "assessment cin-census/C100001/2016-05-03/assessment/2016-05-04". Ids only: a source key
// is the sending system's record id, never a name.
std::string RecordLabel(const google::protobuf::Message& wrapper);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_BATCH_SENDER_H_
