// Runs a gRPC server the way every scorecard service runs: callback services, health
// checking, reflection, the chosen port written to a file, and a graceful stop on SIGTERM
// or SIGINT that first reports NOT_SERVING so load balancers drain before the listener closes.
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

#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "absl/time/time.h"

// Shared by every service's main: one definition each, here.
ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, port_file);
ABSL_DECLARE_FLAG(std::string, data_dir);

namespace scorecard {

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
};

// Options from the --listen and --port_file flags.
ServerOptions ServerOptionsFromFlags(std::string name);

// Blocks SIGTERM and SIGINT in this thread and every thread it later creates, so that
// RunServerUntilSignalled can wait for them synchronously. Call first thing in main.
void BlockTerminationSignals();

// Starts the server and blocks until SIGTERM or SIGINT, then stops it gracefully.
// Returns an error if the server could not start.
[[nodiscard]] absl::Status RunServerUntilSignalled(const ServerOptions& options,
                                                   const std::vector<grpc::Service*>& services);

// Writes `contents` to `path` via a temporary file and rename, so readers never see half.
[[nodiscard]] absl::Status WriteFileAtomically(const std::string& path, const std::string& contents);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVER_SERVER_RUNNER_H_
