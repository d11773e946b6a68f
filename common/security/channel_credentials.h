// Client side of the transport rules: how a service or tool dials another service.
//
//   absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
//       CreateChannelFromFlags(absl::GetFlag(FLAGS_safeguarding_address));
//   if (!channel.ok()) { LogError(kName, channel.status().ToString()); return 1; }
//
// With --tls_cert, --tls_key and --tls_ca the channel speaks mutual TLS, presenting that
// certificate (a service uses its own server certificate, which the dev CA issues for both
// uses) and verifying the server against the CA. With --tls_ca alone it speaks TLS without
// a client certificate, for a caller authenticating with --bearer_token_file. With none it
// is plaintext, refused for a non-loopback target unless --allow_insecure_non_loopback.
#ifndef SCORECARD_COMMON_SECURITY_CHANNEL_CREDENTIALS_H_
#define SCORECARD_COMMON_SECURITY_CHANNEL_CREDENTIALS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/security/tls_files.h"

ABSL_DECLARE_FLAG(std::string, tls_server_name);
ABSL_DECLARE_FLAG(std::string, bearer_token_file);

namespace scorecard {

struct ClientTlsOptions {
  // ca_file alone: TLS without a client certificate. All empty: plaintext.
  TlsFiles files;
  // Name expected in the server's certificate when it differs from the dialled host.
  std::string server_name;
  // Sent as "authorization: Bearer <token>" on every call; needs TLS.
  std::string bearer_token;
  bool allow_insecure_non_loopback = false;
};

// From --tls_cert/--tls_key/--tls_ca (shared with the server runner), --tls_server_name,
// --bearer_token_file (read here) and --allow_insecure_non_loopback.
[[nodiscard]] absl::StatusOr<ClientTlsOptions> ClientTlsOptionsFromFlags();

// Credentials for dialling `target` under the rules above. FAILED_PRECONDITION for
// plaintext to a non-loopback target, a token without TLS, or bad PEM files.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    absl::string_view target, const ClientTlsOptions& options);

// A channel to `target` with those credentials and, when set, the server name override.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateSecureChannel(
    const std::string& target, const ClientTlsOptions& options,
    grpc::ChannelArguments args = grpc::ChannelArguments());

// The same from flags.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFromFlags(
    absl::string_view target);
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateChannelFromFlags(
    const std::string& target, grpc::ChannelArguments args = grpc::ChannelArguments());

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SECURITY_CHANNEL_CREDENTIALS_H_
