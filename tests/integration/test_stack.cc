#include "tests/integration/test_stack.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace scorecard::testing {
namespace {

constexpr absl::Duration kStartTimeout = absl::Seconds(30);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Binary(const std::string& name) {
  return absl::StrCat(SCORECARD_BUILD_DIR, "/services/", name, "/", name, "_server");
}

bool WaitForExit(pid_t pid, absl::Duration timeout, int* status) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (waitpid(pid, status, WNOHANG) == pid) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return false;
}

}  // namespace

int PickFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::shared_ptr<grpc::ChannelCredentials> TlsCredentials(const std::string& ca_file,
                                                         const std::string& cert_file,
                                                         const std::string& key_file) {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadFile(ca_file);
  if (!cert_file.empty()) ssl.pem_cert_chain = ReadFile(cert_file);
  if (!key_file.empty()) ssl.pem_private_key = ReadFile(key_file);
  if (ssl.pem_root_certs.empty() || (!cert_file.empty() && ssl.pem_cert_chain.empty()) ||
      (!key_file.empty() && ssl.pem_private_key.empty())) {
    std::fprintf(stderr, "test_stack: cannot read %s / %s / %s\n", ca_file.c_str(),
                 cert_file.c_str(), key_file.c_str());
    std::abort();
  }
  return grpc::SslCredentials(ssl);
}

int RunBounded(const std::string& command, std::string* output, int timeout_seconds) {
  const std::string full =
      absl::StrCat("timeout ", timeout_seconds, " /bin/sh -c '", command, "' 2>&1");
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output->append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TestStack::TestStack(TestStackOptions options) : options_(options) {
  dir_ = (std::filesystem::temp_directory_path() /
          absl::StrCat("scorecard_stack_", getpid(), "_", absl::ToUnixMicros(absl::Now())))
             .string();
  std::filesystem::create_directories(dir_ + "/data");
  std::filesystem::create_directories(dir_ + "/logs");
}

TestStack::~TestStack() {
  for (auto& [name, process] : processes_) {
    if (process.pid > 0) {
      kill(process.pid, SIGKILL);
      int status = 0;
      WaitForExit(process.pid, absl::Seconds(5), &status);
    }
  }
  if (std::getenv("SCORECARD_KEEP_TEST_STACK") == nullptr) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

absl::Status TestStack::Launch(const std::string& name) {
  Process& process = processes_.at(name);
  const std::string log = absl::StrCat(dir_, "/logs/", name, ".log");
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) return absl::UnavailableError("fork failed");
  if (pid == 0) {
    // Die with the test, so a crashed test never leaves servers behind.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    std::vector<char*> argv;
    for (std::string& arg : process.argv) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  process.pid = pid;
  return absl::OkStatus();
}

absl::Status TestStack::StartRedis(int port) {
  processes_["redis"].argv = {"/usr/bin/redis-server", "--port", absl::StrCat(port), "--bind",
                              "127.0.0.1", "--save", "", "--appendonly", "no"};
  ports_["redis"] = port;
  if (absl::Status s = Launch("redis"); !s.ok()) return s;
  return WaitForRedis();
}

absl::Status TestStack::WaitForRedis() {
  const absl::Time deadline = absl::Now() + kStartTimeout;
  while (absl::Now() < deadline) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(ports_["redis"]));
    const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    close(fd);
    if (connected) return absl::OkStatus();
    int status = 0;
    if (waitpid(processes_["redis"].pid, &status, WNOHANG) == processes_["redis"].pid) {
      processes_["redis"].pid = -1;
      return absl::UnavailableError("redis-server exited during start-up");
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError("redis-server did not start");
}

absl::Status TestStack::StartService(const std::string& name, int port,
                                     std::vector<std::string> extra_flags) {
  Process& process = processes_[name];
  process.argv = {Binary(name), absl::StrCat("--listen=127.0.0.1:", port),
                  absl::StrCat("--data_dir=", dir_, "/data")};
  for (std::string& flag : extra_flags) process.argv.push_back(std::move(flag));
  ports_[name] = port;
  if (absl::Status s = Launch(name); !s.ok()) return s;
  return WaitUntilServing(name);
}

absl::Status TestStack::WaitUntilServing(const std::string& name) {
  const absl::Time deadline = absl::Now() + kStartTimeout;
  while (absl::Now() < deadline) {
    // A fresh channel with its own subchannel each try: a shared one would wait out gRPC's
    // reconnect backoff (a second and growing) after the first refused connection.
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    auto stub = grpc::health::v1::Health::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("127.0.0.1:", ports_.at(name)), DefaultCredentials(), args));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    if (stub->Check(&context, request, &response).ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    int status = 0;
    if (waitpid(processes_[name].pid, &status, WNOHANG) == processes_[name].pid) {
      processes_[name].pid = -1;
      return absl::UnavailableError(absl::StrCat(name, " exited during start-up; see ", dir_,
                                                 "/logs/", name, ".log"));
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  return absl::DeadlineExceededError(absl::StrCat(name, " did not become SERVING"));
}

absl::Status TestStack::MakeDevCa() {
  std::string output;
  const int code = RunBounded(
      absl::StrCat(SCORECARD_SOURCE_DIR, "/deploy/security/dev-ca init ", ca_dir()), &output);
  if (code != 0) {
    return absl::InternalError(absl::StrCat("dev-ca init exited ", code, ": ", output));
  }
  return absl::OkStatus();
}

std::vector<std::string> TestStack::TransportFlags(const std::string& name) const {
  if (!options_.tls) {
    // As deploy/stack: the forwarders append as the audit service's local identity.
    if (name == "audit") return {"--local_roles=admin,domain-service"};
    return {};
  }
  std::vector<std::string> flags = {
      absl::StrCat("--tls_cert=", ca_dir(), "/services/", name, ".pem"),
      absl::StrCat("--tls_key=", ca_dir(), "/services/", name, ".key"),
      absl::StrCat("--tls_ca=", ca_dir(), "/ca.pem"),
      absl::StrCat("--token_hashes_file=", ca_dir(), "/tokens")};
  if (name == "safeguarding") flags.push_back("--tls_client_certs=optional");
  return flags;
}

std::shared_ptr<grpc::ChannelCredentials> TestStack::DefaultCredentials() const {
  if (!options_.tls) return grpc::InsecureChannelCredentials();
  return TlsCredentials(ca_dir() + "/ca.pem", ca_dir() + "/clients/admin.pem",
                        ca_dir() + "/clients/admin.key");
}

absl::Status TestStack::Start() {
  if (options_.tls) {
    if (absl::Status s = MakeDevCa(); !s.ok()) return s;
  }
  if (absl::Status s = StartRedis(PickFreePort()); !s.ok()) return s;
  std::vector<std::string> audit_flags = {
      absl::StrCat("--checkpoint_key=", dir_, "/audit-checkpoint.pem"), "--create_checkpoint_key",
      absl::StrCat("--checkpoint_dir=", dir_, "/checkpoints")};
  for (std::string& flag : TransportFlags("audit")) audit_flags.push_back(std::move(flag));
  if (absl::Status s = StartService("audit", PickFreePort(), std::move(audit_flags)); !s.ok()) {
    return s;
  }
  const std::string audit_address = absl::StrCat("--audit_address=127.0.0.1:", ports_["audit"]);
  for (const char* name : {"workforce", "safeguarding", "placement"}) {
    std::vector<std::string> flags = TransportFlags(name);
    flags.push_back(audit_address);
    if (absl::Status s = StartService(name, PickFreePort(), std::move(flags)); !s.ok()) return s;
  }
  std::vector<std::string> aggregator_flags = TransportFlags("aggregator");
  for (std::string flag :
       {absl::StrCat("--workforce_address=127.0.0.1:", ports_["workforce"]),
        absl::StrCat("--safeguarding_address=127.0.0.1:", ports_["safeguarding"]),
        absl::StrCat("--placement_address=127.0.0.1:", ports_["placement"]),
        absl::StrCat("--redis_port=", ports_["redis"]),
        absl::StrCat("--scorecards_dir=", SCORECARD_SOURCE_DIR, "/deploy/scorecards"),
        audit_address}) {
    aggregator_flags.push_back(std::move(flag));
  }
  return StartService("aggregator", PickFreePort(), std::move(aggregator_flags));
}

std::shared_ptr<grpc::Channel> TestStack::Channel(const std::string& name) {
  return ChannelWith(name, DefaultCredentials());
}

std::shared_ptr<grpc::Channel> TestStack::ChannelAs(const std::string& name,
                                                    const std::string& client) {
  const std::string base = absl::StrCat(
      ca_dir(),
      std::filesystem::exists(absl::StrCat(ca_dir(), "/clients/", client, ".pem")) ? "/clients/"
                                                                                   : "/services/",
      client);
  return ChannelWith(name, TlsCredentials(ca_dir() + "/ca.pem", base + ".pem", base + ".key"));
}

std::shared_ptr<grpc::Channel> TestStack::ChannelWith(
    const std::string& name, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  return grpc::CreateChannel(absl::StrCat("127.0.0.1:", ports_.at(name)), credentials);
}

std::string TestStack::Log(const std::string& name) const {
  return ReadFile(absl::StrCat(dir_, "/logs/", name, ".log"));
}

void TestStack::Kill(const std::string& name) {
  Process& process = processes_.at(name);
  if (process.pid <= 0) return;
  kill(process.pid, SIGKILL);
  int status = 0;
  WaitForExit(process.pid, absl::Seconds(10), &status);
  process.pid = -1;
}

int TestStack::Terminate(const std::string& name) {
  Process& process = processes_.at(name);
  if (process.pid <= 0) return -1;
  kill(process.pid, SIGTERM);
  int status = 0;
  const bool exited = WaitForExit(process.pid, absl::Seconds(15), &status);
  if (!exited) Kill(name);
  process.pid = -1;
  return exited && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

absl::Status TestStack::Restart(const std::string& name) {
  if (absl::Status s = Launch(name); !s.ok()) return s;
  return name == "redis" ? WaitForRedis() : WaitUntilServing(name);
}

}  // namespace scorecard::testing
