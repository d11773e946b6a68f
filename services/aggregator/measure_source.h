// A domain service as the aggregator sees it: data versions, the measures it has, and
// measure values. An interface so tests can stand in for the network (google-cloud-cpp's
// stub pattern); GrpcMeasureSource is the real one.
//
//   std::unique_ptr<MeasureSource> placement =
//       MakeGrpcMeasureSource<placement::v1::PlacementService>("placement", channel);
//   placement->GetDataVersion("869", [](absl::StatusOr<int64_t> v) { ... });
//
// Callbacks run on gRPC's threads: they must be quick and must not block.
#ifndef SCORECARD_SERVICES_AGGREGATOR_MEASURE_SOURCE_H_
#define SCORECARD_SERVICES_AGGREGATOR_MEASURE_SOURCE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/service/version_watchers.h"
#include "common/status/grpc_status.h"
#include "scorecard/common/v1/common.pb.h"
#include "services/aggregator/version_watch.h"

namespace scorecard::aggregator {

class MeasureSource {
 public:
  template <typename T>
  using Callback = std::function<void(absl::StatusOr<T>)>;

  virtual ~MeasureSource() = default;
  // "workforce", "safeguarding" or "placement": the measure-id prefix it owns.
  virtual const std::string& name() const = 0;
  virtual void GetDataVersion(const std::string& authority, Callback<int64_t> done) = 0;
  // For a read arriving now: the authority's version as the service pushed it, while the
  // push lease holds (version_watch.h); nullopt means ask GetDataVersion.
  virtual std::optional<int64_t> PushedDataVersion(const std::string& /*authority*/) {
    return std::nullopt;
  }
  virtual void ListMeasures(Callback<common::v1::ListMeasuresResponse> done) = 0;
  virtual void GetMeasures(const common::v1::GetMeasuresRequest& request,
                           Callback<common::v1::GetMeasuresResponse> done) = 0;
};

// Calls one domain service over gRPC with a deadline per call. `Service` is the generated
// service class (e.g. safeguarding::v1::SafeguardingService); all three share the
// measure RPCs' shapes.
template <typename Service>
class GrpcMeasureSource final : public MeasureSource {
 public:
  GrpcMeasureSource(std::string name, std::shared_ptr<grpc::Channel> channel,
                    std::chrono::milliseconds deadline)
      : name_(std::move(name)), stub_(Service::NewStub(channel)), deadline_(deadline) {}

  const std::string& name() const override { return name_; }

  // Starts watching the service's pushed versions (reconnecting until destroyed).
  void WatchVersions(absl::Duration lease = kVersionLease) {
    watch_ = std::make_unique<VersionWatch>(
        name_,
        [this](grpc::ClientContext* context, VersionWatch::Reactor* reactor) {
          stub_->async()->WatchDataVersions(context, reactor);
        },
        lease);
  }

  std::optional<int64_t> PushedDataVersion(const std::string& authority) override {
    return watch_ != nullptr ? watch_->Get(authority) : std::nullopt;
  }

  void GetDataVersion(const std::string& authority, Callback<int64_t> done) override {
    auto call = std::make_shared<Call<common::v1::GetDataVersionRequest, common::v1::DataVersion>>();
    call->request.set_authority(authority);
    Arm(call->context);
    stub_->async()->GetDataVersion(&call->context, &call->request, &call->response,
                                   [call, done = std::move(done)](grpc::Status status) {
                                     if (!status.ok()) return done(FromGrpcStatus(status));
                                     done(call->response.version());
                                   });
  }

  void ListMeasures(Callback<common::v1::ListMeasuresResponse> done) override {
    auto call = std::make_shared<
        Call<common::v1::ListMeasuresRequest, common::v1::ListMeasuresResponse>>();
    Arm(call->context);
    stub_->async()->ListMeasures(&call->context, &call->request, &call->response,
                                 [call, done = std::move(done)](grpc::Status status) {
                                   if (!status.ok()) return done(FromGrpcStatus(status));
                                   done(std::move(call->response));
                                 });
  }

  void GetMeasures(const common::v1::GetMeasuresRequest& request,
                   Callback<common::v1::GetMeasuresResponse> done) override {
    auto call = std::make_shared<
        Call<common::v1::GetMeasuresRequest, common::v1::GetMeasuresResponse>>();
    call->request = request;
    Arm(call->context);
    stub_->async()->GetMeasures(&call->context, &call->request, &call->response,
                                [call, done = std::move(done)](grpc::Status status) {
                                  if (!status.ok()) return done(FromGrpcStatus(status));
                                  done(std::move(call->response));
                                });
  }

 private:
  // Everything one call needs kept alive until its callback runs.
  template <typename Request, typename Response>
  struct Call {
    grpc::ClientContext context;
    Request request;
    Response response;
  };

  void Arm(grpc::ClientContext& context) const {
    context.set_deadline(std::chrono::system_clock::now() + deadline_);
  }

  std::string name_;
  std::unique_ptr<typename Service::Stub> stub_;
  std::chrono::milliseconds deadline_;
  // Last: stopped before the stub goes.
  std::unique_ptr<VersionWatch> watch_;
};

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_MEASURE_SOURCE_H_
