// The workforce service's gRPC surface: the shared DomainService over workforce's records,
// dataset and measures.
//
//   WorkforceServiceImpl service(store.get(), &executor, &calendar);
//   builder.RegisterService(&service);
//
// Ingest validation reads the store, so a record naming a worker who is neither in the batch
// nor already stored is refused, and so is a sickness absence sharing a day with one already
// stored for that worker (workforce_records.h).
#ifndef SCORECARD_SERVICES_WORKFORCE_WORKFORCE_SERVICE_H_
#define SCORECARD_SERVICES_WORKFORCE_WORKFORCE_SERVICE_H_

#include "common/records/record_io.h"
#include "common/service/domain_service.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "services/workforce/workforce_data.h"
#include "services/workforce/workforce_measures.h"
#include "services/workforce/workforce_records.h"

namespace scorecard::workforce {

struct WorkforceTraits {
  using Grpc = v1::WorkforceService;
  using IngestRequest = v1::IngestRequest;
  using Dataset = WorkforceData;
  static constexpr const char* kName = "workforce";

  static absl::Status Validate(const IngestRequest& request,
                               const VersionedRecordStore& store) {
    return ValidateWorkforceBatch(request, store);
  }
  static std::vector<const google::protobuf::Message*> Records(const IngestRequest& request) {
    return RecordsInOneofs(request.records());
  }
  static absl::StatusOr<Dataset> Load(const VersionedRecordStore& store,
                                      const std::string& authority,
                                      std::optional<absl::Time> as_at) {
    return LoadWorkforceData(store, authority, as_at);
  }
  static const MeasureRegistry<Dataset>& Registry() { return WorkforceMeasures(); }
};

using WorkforceServiceImpl = DomainService<WorkforceTraits>;

}  // namespace scorecard::workforce

#endif  // SCORECARD_SERVICES_WORKFORCE_WORKFORCE_SERVICE_H_
