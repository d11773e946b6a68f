// The placement service's gRPC surface: the shared DomainService over placement's records,
// dataset and measures.
//
//   PlacementServiceImpl service(store.get(), &executor, &calendar);
//   builder.RegisterService(&service);
#ifndef SCORECARD_SERVICES_PLACEMENT_PLACEMENT_SERVICE_H_
#define SCORECARD_SERVICES_PLACEMENT_PLACEMENT_SERVICE_H_

#include "common/records/record_io.h"
#include "common/service/domain_service.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "services/placement/placement_data.h"
#include "services/placement/placement_measures.h"
#include "services/placement/placement_records.h"

namespace scorecard::placement {

struct PlacementTraits {
  using Grpc = v1::PlacementService;
  using IngestRequest = v1::IngestRequest;
  using Dataset = PlacementData;
  static constexpr const char* kName = "placement";

  // The store lets ingest reject a second population estimate for a year or a second
  // settings record for a day under another source key.
  [[nodiscard]] static absl::Status Validate(const IngestRequest& request,
                                             const VersionedRecordStore& store) {
    return ValidatePlacementBatch(request, store);
  }
  static std::vector<const google::protobuf::Message*> Records(const IngestRequest& request) {
    return RecordsInOneofs(request.records());
  }
  // `previous`: the latest dataset held for the authority, if any; only the children
  // whose records changed since are rebuilt (LoadPlacementData).
  static absl::StatusOr<Dataset> Load(const VersionedRecordStore& store,
                                      const std::string& authority,
                                      std::optional<absl::Time> as_at,
                                      const PlacementData* previous = nullptr) {
    return LoadPlacementData(store, authority, as_at, previous);
  }
  static const MeasureRegistry<Dataset>& Registry() { return PlacementMeasures(); }
};

using PlacementServiceImpl = DomainService<PlacementTraits>;

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_PLACEMENT_SERVICE_H_
