#include "tools/scorecardctl/rpc_support.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"

namespace scorecard::scorecardctl {

absl::StatusOr<ServiceChannel> StackClient::Dial(absl::string_view service) const {
  absl::StatusOr<std::string> address = endpoints_.Address(service);
  if (!address.ok()) return address.status();
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = DialAddress(*address);
  if (!channel.ok()) return channel.status();
  return ServiceChannel{absl::StrCat(service, " at ", *address), *std::move(channel)};
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> StackClient::DialAddress(
    const std::string& address) const {
  return CreateSecureChannel(address, tls_);
}

absl::Status CheckClientTls(const ClientTlsOptions& tls) {
  // A loopback target, so that only the files and the token are judged here; whether an
  // address may be dialled in plaintext is decided per address when it is dialled.
  return MakeChannelCredentials("127.0.0.1", tls).status();
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
    absl::StrAppend(&out,
                    "hint: is the stack running, and does it speak TLS (then give --tls_cert, "
                    "--tls_key and --tls_ca)? `scorecardctl status` checks every service\n");
  }
  return out;
}

}  // namespace scorecard::scorecardctl
