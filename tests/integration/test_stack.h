// Starts the real local stack for an integration test: its own redis-server on a free
// loopback port and the five service processes, each with its own SQLite file under one
// temporary folder. Lets a test kill and restart any of them.
//
//   TestStack stack;
//   ASSERT_TRUE(stack.Start().ok());
//   auto channel = stack.Channel("safeguarding");
//   ...
//   stack.Kill("safeguarding");            // SIGKILL
//   ASSERT_TRUE(stack.Restart("safeguarding").ok());   // same port, same data
//
// Every wait is bounded; the destructor stops everything it started.
#ifndef SCORECARD_TESTS_INTEGRATION_TEST_STACK_H_
#define SCORECARD_TESTS_INTEGRATION_TEST_STACK_H_

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace scorecard::testing {

class TestStack {
 public:
  TestStack();
  ~TestStack();

  // Starts redis, the four backing services, then the aggregator.
  [[nodiscard]] absl::Status Start();

  std::shared_ptr<grpc::Channel> Channel(const std::string& name);
  int Port(const std::string& name) const { return ports_.at(name); }
  const std::string& dir() const { return dir_; }

  // SIGKILL, and wait until the process is gone.
  void Kill(const std::string& name);
  // SIGTERM; returns the exit status (bounded wait; -1 if it had to be killed).
  int Terminate(const std::string& name);
  // Starts a stopped process again on its previous port with the same data.
  [[nodiscard]] absl::Status Restart(const std::string& name);

 private:
  struct Process {
    std::vector<std::string> argv;
    pid_t pid = -1;
  };
  [[nodiscard]] absl::Status Launch(const std::string& name);
  [[nodiscard]] absl::Status StartRedis(int port);
  [[nodiscard]] absl::Status WaitForRedis();
  [[nodiscard]] absl::Status StartService(const std::string& name, int port,
                                          std::vector<std::string> extra_flags);
  [[nodiscard]] absl::Status WaitUntilServing(const std::string& name);

  std::string dir_;
  std::map<std::string, Process> processes_;
  std::map<std::string, int> ports_;
};

// A port nobody is listening on right now (bind to 0, read it, close).
int PickFreePort();

}  // namespace scorecard::testing

#endif  // SCORECARD_TESTS_INTEGRATION_TEST_STACK_H_
