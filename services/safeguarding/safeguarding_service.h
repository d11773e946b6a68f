// The safeguarding service's gRPC surface: the shared DomainService over safeguarding's
// records, dataset and measures.
//
//   SafeguardingServiceImpl service(store.get(), &executor, &calendars, authorizer.get());
//   builder.RegisterService(&service);
#ifndef SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_SERVICE_H_
#define SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_SERVICE_H_

#include "common/records/record_io.h"
#include "common/service/domain_service.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "services/safeguarding/safeguarding_data.h"
#include "services/safeguarding/safeguarding_measures.h"
#include "services/safeguarding/safeguarding_records.h"

namespace scorecard::safeguarding {

struct SafeguardingTraits {
  using Grpc = v1::SafeguardingService;
  using IngestRequest = v1::IngestRequest;
  using Dataset = SafeguardingData;
  static constexpr const char* kName = "safeguarding";

  static absl::Status Validate(const IngestRequest& request,
                               const VersionedRecordStore& /*store*/) {
    return ValidateSafeguardingBatch(request);
  }
  static std::vector<const google::protobuf::Message*> Records(const IngestRequest& request) {
    return RecordsInOneofs(request.records());
  }
  // `previous`: the latest dataset held for the authority, if any; only the record kinds
  // that changed since are rebuilt (LoadSafeguardingData).
  static absl::StatusOr<Dataset> Load(const VersionedRecordStore& store,
                                      const std::string& authority, std::optional<absl::Time> as_at,
                                      const SafeguardingData* previous = nullptr) {
    return LoadSafeguardingData(store, authority, as_at, previous);
  }
  static const MeasureRegistry<Dataset>& Registry() { return SafeguardingMeasures(); }
};

using SafeguardingServiceImpl = DomainService<SafeguardingTraits>;

}  // namespace scorecard::safeguarding

#endif  // SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_SERVICE_H_
