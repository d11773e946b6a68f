// Converts between absl::Status (used inside the project) and grpc::Status (on the wire).
// The canonical codes are numerically identical in both, so the mapping is lossless.
//
//   return ToGrpcStatus(store->Append(batch).status());
#ifndef SCORECARD_COMMON_STATUS_GRPC_STATUS_H_
#define SCORECARD_COMMON_STATUS_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace scorecard {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_STATUS_GRPC_STATUS_H_
