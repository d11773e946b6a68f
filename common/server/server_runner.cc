#include "common/server/server_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/security/loopback.h"
#include "common/files/atomic_file.h"
#include "common/server/log.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0",
          "Address to serve on (host:port); port 0 picks a free port.");
ABSL_FLAG(std::string, port_file, "",
          "If set, the bound port is written to this file once serving.");
ABSL_FLAG(std::string, data_dir, "var/data", "Folder for this service's SQLite files.");
ABSL_FLAG(std::string, tls_cert, "",
          "PEM certificate chain of this service (leaf first). With --tls_key and --tls_ca: "
          "serve mutual TLS, and present it when calling other services.");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert (mode 0600).");
ABSL_FLAG(std::string, tls_ca, "",
          "PEM CA bundle that callers' certificates (and, as a client, servers') must chain to.");
ABSL_FLAG(scorecard::ClientCertificates, tls_client_certs, scorecard::ClientCertificates::kRequire,
          "With TLS: 'require' (mutual TLS; the production setting) or 'optional' (a caller "
          "without a certificate may authenticate with a bearer token instead).");
ABSL_FLAG(bool, allow_insecure_non_loopback, false,
          "Allow plaintext gRPC on a non-loopback address (listening or dialling). Off: plaintext "
          "is for the local quick start on loopback only.");

namespace scorecard {
namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

bool AbslParseFlag(absl::string_view text, ClientCertificates* mode, std::string* error) {
  if (text == "require") {
    *mode = ClientCertificates::kRequire;
    return true;
  }
  if (text == "optional") {
    *mode = ClientCertificates::kOptional;
    return true;
  }
  *error = "expected 'require' or 'optional'";
  return false;
}

std::string AbslUnparseFlag(ClientCertificates mode) {
  return mode == ClientCertificates::kRequire ? "require" : "optional";
}

ServerOptions ServerOptionsFromFlags(std::string name) {
  ServerOptions options;
  options.name = std::move(name);
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.tls.files.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls.files.key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls.files.ca_file = absl::GetFlag(FLAGS_tls_ca);
  options.tls.client_certificates = absl::GetFlag(FLAGS_tls_client_certs);
  options.allow_insecure_non_loopback = absl::GetFlag(FLAGS_allow_insecure_non_loopback);
  return options;
}

bool IsPlaintextLoopback(const ServerOptions& options) {
  return !options.tls.enabled() && IsLoopbackListenAddress(options.listen_address);
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListeningCredentials(
    const ServerOptions& options) {
  if (!options.tls.enabled()) {
    if (IsLoopbackListenAddress(options.listen_address)) {
      LogInfo(options.name,
              absl::StrCat("PLAINTEXT gRPC (no TLS) on loopback ", options.listen_address,
                           ": local quick start only; production sets --tls_cert, --tls_key "
                           "and --tls_ca"));
      return grpc::InsecureServerCredentials();
    }
    if (!options.allow_insecure_non_loopback) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing plaintext gRPC on non-loopback address ", options.listen_address,
          ": set --tls_cert, --tls_key and --tls_ca for mutual TLS (or, knowingly, "
          "--allow_insecure_non_loopback)"));
    }
    LogWarning(options.name,
               absl::StrCat("PLAINTEXT gRPC (no TLS) on non-loopback address ",
                            options.listen_address,
                            " (--allow_insecure_non_loopback): traffic is readable and callers "
                            "are unauthenticated on the network"));
    return grpc::InsecureServerCredentials();
  }
  if (!options.tls.files.AllSet()) {
    return absl::FailedPreconditionError(
        "TLS is half configured: --tls_cert, --tls_key and --tls_ca must all be set (mutual "
        "TLS) or none (plaintext on loopback)");
  }
  absl::StatusOr<TlsMaterial> material = LoadTlsMaterial(options.tls.files, /*need_identity=*/true);
  if (!material.ok()) return material.status();
  for (const std::string& warning : material->warnings) LogWarning(options.name, warning);

  const bool require = options.tls.client_certificates == ClientCertificates::kRequire;
  grpc::SslServerCredentialsOptions ssl(
      require ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
              : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = material->ca_pem;
  ssl.pem_key_cert_pairs.push_back({material->private_key_pem, material->cert_chain_pem});
  LogInfo(options.name,
          require ? absl::StrCat("mutual TLS on ", options.listen_address,
                                 ": callers must present a certificate issued by ",
                                 options.tls.files.ca_file)
                  : absl::StrCat("TLS on ", options.listen_address,
                                 ": client certificates verified against ", options.tls.files.ca_file,
                                 " when presented; callers without one need a bearer token"));
  return grpc::SslServerCredentials(ssl);
}

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

absl::Status RunServerUntilSignalled(const ServerOptions& options,
                                     const std::vector<grpc::Service*>& services) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ListeningCredentials(options);
  if (!credentials.ok()) {
    return absl::Status(credentials.status().code(),
                        absl::StrCat(options.name, ": ", credentials.status().message()));
  }
  grpc::ServerBuilder builder;
  int selected_port = 0;
  builder.AddListeningPort(options.listen_address, *credentials, &selected_port);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    return absl::UnavailableError(
        absl::StrCat(options.name, ": cannot listen on ", options.listen_address));
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  health->SetServingStatus(true);
  health->SetServingStatus(options.name, true);

  if (!options.port_file.empty()) {
    absl::Status written =
        WriteFileAtomically(options.port_file, absl::StrCat(selected_port, "\n"));
    if (!written.ok()) {
      server->Shutdown();
      return written;
    }
  }
  LogInfo(options.name,
          absl::StrCat("serving on port ", selected_port,
                       options.tls.enabled() ? " (TLS)" : " (PLAINTEXT: see the line above)"));
  if (options.on_serving) options.on_serving(health);

  sigset_t set = TerminationSignals();
  int signal_number = 0;
  while (sigwait(&set, &signal_number) != 0) {
  }
  LogInfo(options.name, absl::StrCat("signal ", signal_number, ": draining"));
  // NOT_SERVING first, so health checkers stop sending new work before the listener closes.
  health->SetServingStatus(false);
  if (options.on_stopping) options.on_stopping();
  server->Shutdown(std::chrono::system_clock::now() +
                   absl::ToChronoMilliseconds(options.shutdown_grace));
  server->Wait();
  LogInfo(options.name, "stopped");
  return absl::OkStatus();
}

}  // namespace scorecard
