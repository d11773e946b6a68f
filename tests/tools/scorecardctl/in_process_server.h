// Test support: gRPC services (stand-ins or real ones) behind one in-process server on a
// free loopback port, and how a stand-in callback service answers.
//
//   FakeAggregator aggregator;
//   InProcessServer server({&aggregator});
//   ASSERT_TRUE(server.ok());
//   StackClient client(StackEndpoints("test", {{"aggregator", server.address()}}));
#ifndef SCORECARD_TESTS_TOOLS_SCORECARDCTL_IN_PROCESS_SERVER_H_
#define SCORECARD_TESTS_TOOLS_SCORECARDCTL_IN_PROCESS_SERVER_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace scorecard::scorecardctl::testing {

// Services (not owned) behind one server on 127.0.0.1, stopped by the destructor.
class InProcessServer {
 public:
  InProcessServer(const std::vector<grpc::Service*>& services,
                  std::shared_ptr<grpc::ServerCredentials> credentials =
                      grpc::InsecureServerCredentials()) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", std::move(credentials), &port_);
    for (grpc::Service* service : services) builder.RegisterService(service);
    server_ = builder.BuildAndStart();
  }
  ~InProcessServer() {
    if (server_ != nullptr) {
      server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    }
  }
  bool ok() const { return server_ != nullptr && port_ != 0; }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

// A stand-in callback service's answer: `status`, at once.
inline grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context,
                                        grpc::Status status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

}  // namespace scorecard::scorecardctl::testing

#endif  // SCORECARD_TESTS_TOOLS_SCORECARDCTL_IN_PROCESS_SERVER_H_
