// Runs a gRPC server the way every scorecard service runs: callback services, health
// checking, reflection, the chosen port written to a file, and a graceful stop on SIGTERM
// or SIGINT that first reports NOT_SERVING so load balancers drain before the listener closes.
//
// Transport: with --tls_cert, --tls_key and --tls_ca the server speaks mutual TLS and every
// caller must present a certificate from that CA (--tls_client_certs=optional lets callers
// without one in, to authenticate with a bearer token instead). With none of them it
// speaks plaintext, which is the local quick start: it refuses a non-loopback address
// unless --allow_insecure_non_loopback, and says which mode it is in at start-up.
//
//   int main(int argc, char** argv) {
//     BlockTerminationSignals();          // before any thread starts
//     absl::ParseCommandLine(argc, argv);
//     MyServiceImpl service(...);
//     return RunServerUntilSignalled({.name = "safeguarding"}, {&service}) ? 0 : 1;
//   }
#ifndef SCORECARD_COMMON_SERVER_SERVER_RUNNER_H_
#define SCORECARD_COMMON_SERVER_SERVER_RUNNER_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/security/tls_files.h"

namespace scorecard {

// Whether a TLS server asks callers for a client certificate.
enum class ClientCertificates {
  // Mutual TLS: a caller without a certificate from the CA fails the handshake.
  kRequire,
  // A certificate is verified against the CA when presented; a caller without one gets
  // through TLS and must then authenticate with a bearer token (partner agencies).
  kOptional,
};
// Flag syntax: "require" or "optional".
bool AbslParseFlag(absl::string_view text, ClientCertificates* mode, std::string* error);
std::string AbslUnparseFlag(ClientCertificates mode);

}  // namespace scorecard

// Shared by every service's main: one definition each, here.
ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, port_file);
ABSL_DECLARE_FLAG(std::string, data_dir);
// TLS identity (also used by clients: see common/security/channel_credentials.h).
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_key);
ABSL_DECLARE_FLAG(std::string, tls_ca);
ABSL_DECLARE_FLAG(scorecard::ClientCertificates, tls_client_certs);
ABSL_DECLARE_FLAG(bool, allow_insecure_non_loopback);

namespace scorecard {

struct ServerTlsOptions {
  // All empty: plaintext. All set: TLS. Anything else is refused at start-up.
  TlsFiles files;
  ClientCertificates client_certificates = ClientCertificates::kRequire;

  bool enabled() const { return files.AnySet(); }
};

struct ServerOptions {
  // Shown in logs and used as the health-check service name.
  std::string name;
  // host:port; port 0 picks a free one (see port_file).
  std::string listen_address = "127.0.0.1:0";
  // When set, the bound port is written here (atomically) once the server accepts calls.
  std::string port_file;
  // How long in-flight calls get to finish after a stop signal.
  absl::Duration shutdown_grace = absl::Seconds(5);
  // Called once the server accepts calls, e.g. to start a health watcher of a dependency.
  std::function<void(grpc::HealthCheckServiceInterface*)> on_serving;
  // Called on a stop signal after health turns NOT_SERVING, before the server shuts down.
  std::function<void()> on_stopping;
  // Transport security; see the file comment.
  ServerTlsOptions tls;
  // Lets a plaintext server listen on a non-loopback address (e.g. inside a private
  // network namespace with TLS terminated elsewhere). Never the default.
  bool allow_insecure_non_loopback = false;
};

// Options from the --listen, --port_file, --tls_* and --allow_insecure_non_loopback flags.
ServerOptions ServerOptionsFromFlags(std::string name);

// The credentials the server listens with, after checking the options: SSL credentials
// (client certificates required or optional) when TLS is set; plaintext on a loopback
// address; FAILED_PRECONDITION for plaintext on any other address unless
// allow_insecure_non_loopback, for half-set TLS flags, or for unreadable or mismatched
// PEM files. Logs one line saying which mode was chosen.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ListeningCredentials(
    const ServerOptions& options);

// True when the server runs without TLS on a loopback address: the local quick start, the
// only configuration in which callers may be given the local development identity.
bool IsPlaintextLoopback(const ServerOptions& options);

// Blocks SIGTERM and SIGINT in this thread and every thread it later creates, so that
// RunServerUntilSignalled can wait for them synchronously. Call first thing in main.
void BlockTerminationSignals();

// Starts the server and blocks until SIGTERM or SIGINT, then stops it gracefully.
// Returns an error if the server could not start.
[[nodiscard]] absl::Status RunServerUntilSignalled(const ServerOptions& options,
                                                   const std::vector<grpc::Service*>& services);


}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVER_SERVER_RUNNER_H_
