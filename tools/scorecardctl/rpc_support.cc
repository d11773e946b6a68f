#include "tools/scorecardctl/rpc_support.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"

namespace scorecard::scorecardctl {

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

void SetDeadline(grpc::ClientContext& context, absl::Duration timeout) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
}

std::string FormatRpcError(const grpc::Status& status, absl::string_view what) {
  const absl::Status error = FromGrpcStatus(status);
  std::string out = absl::StrCat("error: ", absl::StatusCodeToString(error.code()), ": ", what,
                                 ": ", error.message(), "\n");
  if (error.code() == absl::StatusCode::kUnavailable ||
      error.code() == absl::StatusCode::kDeadlineExceeded) {
    absl::StrAppend(&out, "hint: is the stack running? `scorecardctl status` checks every service\n");
  }
  return out;
}

}  // namespace scorecard::scorecardctl
