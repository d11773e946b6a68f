// `scorecardctl scorecard`: one GetScorecard call to the aggregator, shown as a table or JSON.
#include <grpcpp/client_context.h>

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/json_output.h"
#include "tools/scorecardctl/rpc_support.h"
#include "tools/scorecardctl/table_format.h"

namespace scorecard::scorecardctl {

int RunScorecard(const StackClient& stack, const ScorecardOptions& options, std::ostream& out,
                 std::ostream& err) {
  absl::StatusOr<ServiceChannel> aggregator = stack.Dial("aggregator");
  if (!aggregator.ok()) {
    err << "error: " << aggregator.status().message() << "\n";
    return kExitFailure;
  }
  aggregator::v1::GetScorecardRequest request;
  request.set_authority(options.authority);
  request.set_scorecard_id(options.scorecard_id);
  *request.mutable_from_month() = ToProtoMonth(options.months.from);
  *request.mutable_to_month() = ToProtoMonth(options.months.to);
  if (options.as_at.has_value()) *request.mutable_as_at() = ToProtoTimestamp(*options.as_at);

  std::unique_ptr<aggregator::v1::AggregatorService::Stub> stub =
      aggregator::v1::AggregatorService::NewStub(aggregator->channel);
  grpc::ClientContext context;
  SetDeadline(context, kScorecardDeadline);
  aggregator::v1::Scorecard card;
  const grpc::Status status = stub->GetScorecard(&context, request, &card);
  if (!status.ok()) {
    err << FormatRpcError(status, aggregator->where);
    return kExitFailure;
  }

  if (options.format == OutputFormat::kJson) {
    absl::StatusOr<std::string> json = ScorecardToJson(card);
    if (!json.ok()) {
      err << "error: " << json.status().message() << "\n";
      return kExitFailure;
    }
    out << *json;
  } else {
    out << FormatScorecardTable(card);
  }
  return kExitOk;
}

}  // namespace scorecard::scorecardctl
