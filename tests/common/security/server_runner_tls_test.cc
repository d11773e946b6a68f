// RunServerUntilSignalled with TLS options: it serves mutual TLS (health answers a client
// with a certificate, refuses one without), stops on SIGTERM, and refuses plaintext on a
// non-loopback address before binding anything. Its own main() blocks SIGTERM in every
// thread first, as a service's main does, so the test can signal the server to stop.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/security/channel_credentials.h"
#include "common/server/server_runner.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/security/dev_ca_fixture.h"

namespace scorecard {
namespace {

using ::testing::HasSubstr;
using testing::SharedDevCa;

// Runs the server on its own thread; Stop() signals it and waits, bounded.
class RunnerThread {
 public:
  explicit RunnerThread(ServerOptions options) {
    std::packaged_task<absl::Status()> task(
        [options = std::move(options)] { return RunServerUntilSignalled(options, {}); });
    result_ = task.get_future();
    thread_ = std::thread(std::move(task));
  }
  ~RunnerThread() {
    // A server that never stopped stays blocked in sigwait: leave it to process exit
    // rather than hang the test in a join.
    if (thread_.joinable()) thread_.detach();
  }

  // The runner's result if it finished within `timeout`.
  std::optional<absl::Status> WaitFor(std::chrono::seconds timeout) {
    if (result_.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    thread_.join();
    return result_.get();
  }

 private:
  std::future<absl::Status> result_;
  std::thread thread_;
};

// The port the runner wrote, once it is serving; 0 after `timeout`.
int WaitForPortFile(const std::string& path, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(path);
    int port = 0;
    if (in >> port && port > 0) return port;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return 0;
}

grpc::Status Check(const std::string& target, const ClientTlsOptions& options) {
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = CreateSecureChannel(target, options);
  if (!channel.ok()) return grpc::Status(grpc::StatusCode::INTERNAL, channel.status().ToString());
  auto stub = grpc::health::v1::Health::NewStub(*channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  if (status.ok() && response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "not SERVING");
  }
  return status;
}

TEST(ServerRunnerTlsTest, RefusesPlaintextOnANonLoopbackAddressBeforeServing) {
  ServerOptions options;
  options.name = "runner-test";
  options.listen_address = "0.0.0.0:0";
  RunnerThread runner(options);
  std::optional<absl::Status> result = runner.WaitFor(std::chrono::seconds(10));
  ASSERT_TRUE(result.has_value()) << "the runner started serving instead of refusing";
  EXPECT_EQ(result->code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(result->message(), HasSubstr("runner-test: refusing plaintext gRPC"));
}

TEST(ServerRunnerTlsTest, ServesMutualTlsAndStopsOnSigterm) {
  testing::TempDir dir;
  ServerOptions options;
  options.name = "runner-test";
  options.listen_address = "127.0.0.1:0";
  options.port_file = dir.path() + "/port";
  options.tls.files = SharedDevCa().ServiceFiles("audit");
  RunnerThread runner(options);
  const int port = WaitForPortFile(options.port_file, std::chrono::seconds(20));
  ASSERT_NE(port, 0) << "the runner did not start serving";
  const std::string target = absl::StrCat("127.0.0.1:", port);

  ClientTlsOptions with_certificate;
  with_certificate.files = SharedDevCa().ClientFiles("admin");
  grpc::Status status = Check(target, with_certificate);
  EXPECT_TRUE(status.ok()) << status.error_message();

  ClientTlsOptions without_certificate;
  without_certificate.files.ca_file = SharedDevCa().CaFile();
  EXPECT_EQ(Check(target, without_certificate).error_code(), grpc::StatusCode::UNAVAILABLE);

  EXPECT_EQ(Check(target, ClientTlsOptions()).error_code(), grpc::StatusCode::UNAVAILABLE)
      << "a plaintext client must not get through a TLS port";

  ASSERT_EQ(kill(getpid(), SIGTERM), 0);
  std::optional<absl::Status> result = runner.WaitFor(std::chrono::seconds(20));
  ASSERT_TRUE(result.has_value()) << "the runner did not stop on SIGTERM";
  EXPECT_TRUE(result->ok()) << *result;
}

}  // namespace
}  // namespace scorecard

int main(int argc, char** argv) {
  // Before any thread exists, so that every thread (gRPC's included) inherits the mask and
  // the SIGTERM the test sends reaches the runner's sigwait, not the default handler.
  scorecard::BlockTerminationSignals();
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
