#include "common/security/channel_credentials.h"

#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/security/loopback.h"
#include "common/server/server_runner.h"

ABSL_FLAG(std::string, tls_server_name, "",
          "Name expected in servers' certificates when it differs from the host dialled (e.g. "
          "dialling by IP address). Empty: the host dialled.");
ABSL_FLAG(std::string, bearer_token_file, "",
          "File holding a bearer token sent on every call (partners without a client "
          "certificate). Needs --tls_ca. Keep it mode 0600.");

namespace scorecard {

absl::StatusOr<ClientTlsOptions> ClientTlsOptionsFromFlags() {
  ClientTlsOptions options;
  options.files.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.files.key_file = absl::GetFlag(FLAGS_tls_key);
  options.files.ca_file = absl::GetFlag(FLAGS_tls_ca);
  options.server_name = absl::GetFlag(FLAGS_tls_server_name);
  options.allow_insecure_non_loopback = absl::GetFlag(FLAGS_allow_insecure_non_loopback);
  if (const std::string path = absl::GetFlag(FLAGS_bearer_token_file); !path.empty()) {
    std::ifstream in(path);
    if (!in) {
      return absl::FailedPreconditionError(absl::StrCat("--bearer_token_file: cannot read ", path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    options.bearer_token = std::string(absl::StripAsciiWhitespace(text.str()));
    if (options.bearer_token.empty()) {
      return absl::FailedPreconditionError(absl::StrCat("--bearer_token_file: ", path, " is empty"));
    }
  }
  return options;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    absl::string_view target, const ClientTlsOptions& options) {
  if (!options.files.AnySet()) {
    if (!options.bearer_token.empty()) {
      return absl::FailedPreconditionError(
          "a bearer token is sent only over TLS: set --tls_ca (and, for mutual TLS, --tls_cert "
          "and --tls_key)");
    }
    if (!IsLoopbackTarget(target) && !options.allow_insecure_non_loopback) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing plaintext gRPC to non-loopback target ", target,
          ": set --tls_cert, --tls_key and --tls_ca (or, knowingly, "
          "--allow_insecure_non_loopback)"));
    }
    return grpc::InsecureChannelCredentials();
  }
  absl::StatusOr<TlsMaterial> material = LoadTlsMaterial(options.files, /*need_identity=*/false);
  if (!material.ok()) return material.status();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = material->ca_pem;
  ssl.pem_cert_chain = material->cert_chain_pem;
  ssl.pem_private_key = material->private_key_pem;
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::SslCredentials(ssl);
  if (!options.bearer_token.empty()) {
    // AccessTokenCredentials sends exactly "authorization: Bearer <token>".
    credentials = grpc::CompositeChannelCredentials(
        credentials, grpc::AccessTokenCredentials(options.bearer_token));
  }
  return credentials;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateSecureChannel(const std::string& target,
                                                                   const ClientTlsOptions& options,
                                                                   grpc::ChannelArguments args) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      MakeChannelCredentials(target, options);
  if (!credentials.ok()) return credentials.status();
  if (!options.server_name.empty()) args.SetSslTargetNameOverride(options.server_name);
  return grpc::CreateCustomChannel(target, *credentials, args);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFromFlags(
    absl::string_view target) {
  absl::StatusOr<ClientTlsOptions> options = ClientTlsOptionsFromFlags();
  if (!options.ok()) return options.status();
  return MakeChannelCredentials(target, *options);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> CreateChannelFromFlags(const std::string& target,
                                                                      grpc::ChannelArguments args) {
  absl::StatusOr<ClientTlsOptions> options = ClientTlsOptionsFromFlags();
  if (!options.ok()) return options.status();
  return CreateSecureChannel(target, *options, std::move(args));
}

}  // namespace scorecard
