// `scorecardctl drilldown`: the cases behind one figure, from the DrillDown RPC of the
// service that owns the measure, every page of it.
#include <grpcpp/client_context.h>

#include <functional>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/drilldown_format.h"
#include "tools/scorecardctl/rpc_support.h"

namespace scorecard::scorecardctl {
namespace {

using DrillDownCall = std::function<grpc::Status(const common::v1::DrillDownRequest&,
                                                 common::v1::DrillDownResponse*)>;

// A page token pins the data version: if the data changes while the pages are read the
// service answers ABORTED, and the list is read again from the start, this many times.
constexpr int kMaxRestarts = 3;

template <typename Service>
DrillDownCall StubCall(std::shared_ptr<grpc::Channel> channel) {
  std::shared_ptr<typename Service::Stub> stub = Service::NewStub(std::move(channel));
  return [stub](const common::v1::DrillDownRequest& request,
                common::v1::DrillDownResponse* response) {
    grpc::ClientContext context;
    SetDeadline(context, kReadDeadline);
    return stub->DrillDown(&context, request, response);
  };
}

DrillDownCall CallFor(absl::string_view service, std::shared_ptr<grpc::Channel> channel) {
  if (service == "workforce") return StubCall<workforce::v1::WorkforceService>(channel);
  if (service == "safeguarding") return StubCall<safeguarding::v1::SafeguardingService>(channel);
  return StubCall<placement::v1::PlacementService>(channel);
}

}  // namespace

int RunDrillDown(const StackClient& stack, const DrillDownOptions& options, std::ostream& out,
                 std::ostream& err) {
  absl::StatusOr<std::string> service = ServiceOfMeasure(options.measure_id);
  if (!service.ok()) {
    err << "error: --measure: " << service.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<ServiceChannel> channel = stack.Dial(*service);
  if (!channel.ok()) {
    err << "error: " << channel.status().message() << "\n";
    return kExitFailure;
  }
  const DrillDownCall call = CallFor(*service, channel->channel);

  common::v1::DrillDownRequest request;
  request.set_authority(options.authority);
  request.set_measure_id(options.measure_id);
  *request.mutable_month() = ToProtoMonth(options.month);
  request.set_basis(options.basis);
  request.set_team(options.team);
  if (options.as_at.has_value()) *request.mutable_as_at() = ToProtoTimestamp(*options.as_at);
  request.set_scope(options.scope);
  request.set_page_size(options.page_size);

  DrillDownReport report;
  report.authority = options.authority;
  report.scope = options.scope;
  int restarts = 0;
  while (true) {
    common::v1::DrillDownResponse response;
    const grpc::Status status = call(request, &response);
    if (status.error_code() == grpc::StatusCode::ABORTED && !request.page_token().empty() &&
        restarts < kMaxRestarts) {
      // The data changed between pages: the pages read so far belong to another list.
      ++restarts;
      report.cases.clear();
      request.clear_page_token();
      continue;
    }
    if (!status.ok()) {
      err << FormatRpcError(status, channel->where);
      return kExitFailure;
    }
    if (request.page_token().empty()) {
      report.value = response.value();
      report.data_version = response.data_version().version();
    }
    for (common::v1::DrillDownCase& c : *response.mutable_cases()) {
      report.cases.push_back(std::move(c));
    }
    if (response.next_page_token().empty()) break;
    // A service that keeps answering must still end: never more cases than it said it has,
    // never the same page twice.
    if (response.next_page_token() == request.page_token() ||
        static_cast<int64_t>(report.cases.size()) >= response.total_cases()) {
      err << "error: " << channel->where
          << ": DrillDown kept paging past its total of " << response.total_cases()
          << " cases; stopped\n";
      return kExitFailure;
    }
    request.set_page_token(response.next_page_token());
  }

  out << (options.format == OutputFormat::kJson ? DrillDownToJsonLines(report)
                                                : FormatDrillDownTable(report));
  return kExitOk;
}

}  // namespace scorecard::scorecardctl
