// `scorecardctl scorecard`: one GetScorecard call to the aggregator, shown as a table or JSON.
#include "common/records/proto_date.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/message_output.h"
#include "tools/scorecardctl/rpc_support.h"
#include "tools/scorecardctl/table_format.h"

namespace scorecard::scorecardctl {

int RunScorecard(const StackClient& stack, const ScorecardOptions& options, std::ostream& out,
                 std::ostream& err) {
  aggregator::v1::GetScorecardRequest request;
  request.set_authority(options.authority);
  request.set_scorecard_id(options.scorecard_id);
  *request.mutable_from_month() = ToProtoMonth(options.months.from);
  *request.mutable_to_month() = ToProtoMonth(options.months.to);
  if (options.as_at.has_value()) *request.mutable_as_at() = ToProtoTimestamp(*options.as_at);
  aggregator::v1::Scorecard card;
  if (!CallAggregator(stack, &aggregator::v1::AggregatorService::Stub::GetScorecard, request,
                      &card, kScorecardDeadline, err)) {
    return kExitFailure;
  }
  return PrintMessage(card, options.format, FormatScorecardTable, out, err);
}

}  // namespace scorecard::scorecardctl
