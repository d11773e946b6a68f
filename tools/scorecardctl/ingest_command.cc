// `scorecardctl ingest`: JSON Lines in, batched Ingest calls out (see jsonl_ingest.h).
#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "tools/scorecardctl/batch_sender.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/jsonl_ingest.h"
#include "tools/scorecardctl/rpc_support.h"

namespace scorecard::scorecardctl {
namespace {

// The three domain services' Ingest calls have the same shape; only the types differ.
template <typename Service, typename Request, typename Record>
int IngestWith(const ServiceChannel& service, const IngestOptions& options, std::ostream& out,
               std::ostream& err) {
  const absl::Time start = absl::Now();
  const std::string file_name = InputDisplayName(options.path);
  absl::StatusOr<std::string> text = ReadInput(options.path);
  if (!text.ok()) {
    err << "error: " << text.status().message() << "\n";
    return kExitFailure;
  }

  // Everything is parsed before anything is sent: a bad line must not leave half a file in.
  ParsedJsonl<Record> parsed = ParseJsonl<Record>(*text, file_name);
  *text = std::string();  // the records hold the data now
  if (!parsed.ok()) {
    for (const std::string& error : parsed.errors) err << error << "\n";
    const int unlisted = parsed.bad_lines - static_cast<int>(parsed.errors.size());
    if (unlisted > 0) err << "... and " << unlisted << " more bad lines\n";
    err << file_name << ": " << parsed.bad_lines << " of " << parsed.total_lines
        << " records could not be read; nothing was sent\n";
    return kExitFailure;
  }
  if (parsed.records.empty()) {
    out << file_name << ": no records; nothing sent\n";
    return kExitOk;
  }

  const std::vector<BatchSpan> batches =
      PlanBatches(RecordSizes(parsed.records), options.batch_size);
  IngestRun run =
      SendRecordBatches<Service, Request>(service.channel, parsed.records, batches);
  run.totals.elapsed = absl::Now() - start;

  if (!run.failure.ok()) {
    if (run.failure.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
      err << DescribeRejectedBatch(file_name, parsed.line_numbers, *run.failed_batch,
                                   run.failure.error_message());
    } else {
      err << FormatRpcError(run.failure, service.where);
    }
    // Each batch is all-or-nothing, so the acknowledged ones are in: say which, and that
    // the whole file can simply be fixed and re-sent.
    err << DescribeAcknowledgedBatches(batches, run)
        << "note: after fixing the file, re-send all of it: records already stored are left "
           "unchanged\n";
    return kExitFailure;
  }
  out << FormatIngestSummary(options.service, file_name, run.totals);
  return kExitOk;
}

}  // namespace

int RunIngest(const StackClient& stack, const IngestOptions& options, std::ostream& out,
              std::ostream& err) {
  absl::StatusOr<ServiceChannel> service = stack.Dial(options.service);
  if (!service.ok()) {
    err << "error: " << service.status().message() << "\n";
    return kExitFailure;
  }
  if (options.service == "workforce") {
    return IngestWith<workforce::v1::WorkforceService, workforce::v1::IngestRequest,
                      workforce::v1::WorkforceRecord>(*service, options, out, err);
  }
  if (options.service == "safeguarding") {
    return IngestWith<safeguarding::v1::SafeguardingService, safeguarding::v1::IngestRequest,
                      safeguarding::v1::SafeguardingRecord>(*service, options, out, err);
  }
  if (options.service == "placement") {
    return IngestWith<placement::v1::PlacementService, placement::v1::IngestRequest,
                      placement::v1::PlacementRecord>(*service, options, out, err);
  }
  err << "error: cannot ingest into \"" << options.service << "\"\n";
  return kExitFailure;
}

}  // namespace scorecard::scorecardctl
