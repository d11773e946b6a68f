// `scorecardctl measures`: GetMeasures straight from the domain services, bypassing the
// aggregator and its cache, for checking a figure at its source.
#include <grpcpp/client_context.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/json_output.h"
#include "tools/scorecardctl/rpc_support.h"
#include "tools/scorecardctl/table_format.h"

namespace scorecard::scorecardctl {
namespace {

// The measure calls every domain service offers, whatever its generated stub type.
class MeasureClient {
 public:
  virtual ~MeasureClient() = default;
  virtual grpc::Status ListMeasures(common::v1::ListMeasuresResponse* response) = 0;
  virtual grpc::Status GetMeasures(const common::v1::GetMeasuresRequest& request,
                                   common::v1::GetMeasuresResponse* response) = 0;
};

template <typename Service>
class StubMeasureClient final : public MeasureClient {
 public:
  explicit StubMeasureClient(std::shared_ptr<grpc::Channel> channel)
      : stub_(Service::NewStub(std::move(channel))) {}

  grpc::Status ListMeasures(common::v1::ListMeasuresResponse* response) override {
    grpc::ClientContext context;
    SetDeadline(context, kReadDeadline);
    return stub_->ListMeasures(&context, common::v1::ListMeasuresRequest(), response);
  }
  grpc::Status GetMeasures(const common::v1::GetMeasuresRequest& request,
                           common::v1::GetMeasuresResponse* response) override {
    grpc::ClientContext context;
    SetDeadline(context, kReadDeadline);
    return stub_->GetMeasures(&context, request, response);
  }

 private:
  std::unique_ptr<typename Service::Stub> stub_;
};

std::unique_ptr<MeasureClient> NewMeasureClient(absl::string_view service,
                                                std::shared_ptr<grpc::Channel> channel) {
  if (service == "workforce") {
    return std::make_unique<StubMeasureClient<workforce::v1::WorkforceService>>(
        std::move(channel));
  }
  if (service == "safeguarding") {
    return std::make_unique<StubMeasureClient<safeguarding::v1::SafeguardingService>>(
        std::move(channel));
  }
  if (service == "placement") {
    return std::make_unique<StubMeasureClient<placement::v1::PlacementService>>(
        std::move(channel));
  }
  return nullptr;
}

// The service's measures that can be computed on `basis` (all when unspecified), so that
// asking for every measure on one basis skips those without it instead of failing.
std::vector<std::string> MeasuresWithBasis(const common::v1::ListMeasuresResponse& list,
                                           common::v1::Basis basis) {
  std::vector<std::string> ids;
  for (const common::v1::MeasureDescriptor& measure : list.measures()) {
    const bool supported =
        basis == common::v1::BASIS_UNSPECIFIED ||
        std::find(measure.bases().begin(), measure.bases().end(), basis) != measure.bases().end();
    if (supported) ids.push_back(measure.measure_id());
  }
  return ids;
}

}  // namespace

int RunMeasures(const StackClient& stack, const MeasuresOptions& options, std::ostream& out,
                std::ostream& err) {
  absl::StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>> grouped =
      GroupMeasureIdsByService(options.measure_ids);
  if (!grouped.ok()) {
    err << "error: " << grouped.status().message() << "\n";
    return kExitFailure;
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> plan = *std::move(grouped);
  const bool every_measure = plan.empty();
  if (every_measure) {
    for (absl::string_view service : kDomainServices) plan.emplace_back(service, std::vector<std::string>());
  }

  MeasuresReport report{options.months.from, options.months.to, {}, {}};
  for (auto& [service, ids] : plan) {
    absl::StatusOr<ServiceChannel> channel = stack.Dial(service);
    if (!channel.ok()) {
      err << "error: " << channel.status().message() << "\n";
      return kExitFailure;
    }
    const std::string& where = channel->where;
    std::unique_ptr<MeasureClient> client = NewMeasureClient(service, channel->channel);
    if (every_measure) {
      common::v1::ListMeasuresResponse list;
      const grpc::Status listed = client->ListMeasures(&list);
      if (!listed.ok()) {
        err << FormatRpcError(listed, where);
        return kExitFailure;
      }
      ids = MeasuresWithBasis(list, options.basis);
      if (ids.empty()) continue;
    }

    common::v1::GetMeasuresRequest request;
    request.set_authority(options.authority);
    for (const std::string& id : ids) request.add_measure_ids(id);
    *request.mutable_from_month() = ToProtoMonth(options.months.from);
    *request.mutable_to_month() = ToProtoMonth(options.months.to);
    request.set_basis(options.basis);
    request.set_team(options.team);
    if (options.as_at.has_value()) *request.mutable_as_at() = ToProtoTimestamp(*options.as_at);

    common::v1::GetMeasuresResponse response;
    const grpc::Status got = client->GetMeasures(request, &response);
    if (!got.ok()) {
      err << FormatRpcError(got, where);
      return kExitFailure;
    }
    for (common::v1::MeasureValue& value : *response.mutable_values()) {
      report.values.push_back(std::move(value));
    }
    report.data_versions.push_back({service, response.data_version().version()});
  }

  // Show the measures in the order they were asked for, not grouped by service.
  if (!every_measure) {
    const std::vector<std::string>& asked = options.measure_ids;
    const auto rank = [&](const common::v1::MeasureValue& value) {
      return std::find(asked.begin(), asked.end(), value.measure_id()) - asked.begin();
    };
    std::stable_sort(report.values.begin(), report.values.end(),
                     [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  }

  if (options.format == OutputFormat::kJson) {
    out << MeasureValuesToJson(report.values);
  } else {
    out << FormatMeasuresTable(report, MeasuresTableOptions{options.show_parts});
  }
  return kExitOk;
}

}  // namespace scorecard::scorecardctl
