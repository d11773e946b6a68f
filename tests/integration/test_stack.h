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
// Like deploy/stack, it runs in one of two modes:
//   - plaintext on loopback (the default): callers act as the services' local identity
//     (admin; the audit service's also appends, for the other services' forwarders);
//   - mutual TLS (TestStackOptions{.tls = true}): a development CA is made with
//     deploy/security/dev-ca in <dir>/ca, each service presents its own certificate, and
//     Channel() calls as the CA's "admin" client; ChannelAs() as another of its clients.
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

struct TestStackOptions {
  bool tls = false;
};

class TestStack {
 public:
  explicit TestStack(TestStackOptions options = TestStackOptions());
  ~TestStack();

  // Starts redis, the four backing services, then the aggregator.
  [[nodiscard]] absl::Status Start();

  // To service `name`: plaintext, or in TLS mode as the development CA's admin client.
  std::shared_ptr<grpc::Channel> Channel(const std::string& name);
  // TLS mode: as the development CA's client `client` ("admin", "analyst",
  // "mash-frontend", "agency-869-police") or service ("aggregator", ...).
  std::shared_ptr<grpc::Channel> ChannelAs(const std::string& name, const std::string& client);
  // With credentials of the test's choosing (no certificate, another CA's, ...).
  std::shared_ptr<grpc::Channel> ChannelWith(
      const std::string& name, const std::shared_ptr<grpc::ChannelCredentials>& credentials);
  int Port(const std::string& name) const { return ports_.at(name); }
  const std::string& dir() const { return dir_; }
  bool tls() const { return options_.tls; }
  // TLS mode: the development CA's folder (ca.pem, services/, clients/, tokens).
  std::string ca_dir() const { return dir_ + "/ca"; }
  // Everything process `name` wrote to stdout and stderr so far.
  std::string Log(const std::string& name) const;

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
  [[nodiscard]] absl::Status MakeDevCa();
  // --tls_* flags (TLS mode) or the local identity's roles (plaintext) of a service.
  std::vector<std::string> TransportFlags(const std::string& name) const;
  // What Channel() uses: the admin client's certificate, or plaintext.
  std::shared_ptr<grpc::ChannelCredentials> DefaultCredentials() const;

  const TestStackOptions options_;
  std::string dir_;
  std::map<std::string, Process> processes_;
  std::map<std::string, int> ports_;
};

// A port nobody is listening on right now (bind to 0, read it, close).
int PickFreePort();

// Mutual TLS client credentials from PEM files: the CA to trust, and the certificate and key
// to present (both empty: TLS without a client certificate). Dies on unreadable files.
std::shared_ptr<grpc::ChannelCredentials> TlsCredentials(const std::string& ca_file,
                                                         const std::string& cert_file = "",
                                                         const std::string& key_file = "");

// Runs `command` through /bin/sh, bounded by coreutils timeout; stdout and stderr into
// *output. The exit status (124 on timeout).
int RunBounded(const std::string& command, std::string* output, int timeout_seconds = 60);

}  // namespace scorecard::testing

#endif  // SCORECARD_TESTS_INTEGRATION_TEST_STACK_H_
