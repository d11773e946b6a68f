// Copyright: the scorecard project.
//
// A real redis-server child for tests that need Redis (common/cache's tests, the
// aggregator's cache tiers), and a direct hiredis connection independent of the code
// under test.
//
//   cache_testing::RedisServerProcess redis;
//   std::string error;
//   ASSERT_TRUE(redis.Start(cache_testing::PickFreePort(), &error)) << error;
#ifndef SCORECARD_TESTS_COMMON_CACHE_REDIS_TEST_SERVER_H_
#define SCORECARD_TESTS_COMMON_CACHE_REDIS_TEST_SERVER_H_

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

extern char** environ;

namespace scorecard::cache_testing {

inline constexpr char kRedisServerPath[] = "/usr/bin/redis-server";
// How long a server may take to start.
inline constexpr absl::Duration kStartWait = absl::Seconds(5);

// Asks the kernel for a free port by binding port 0. Another process could
// take it before redis-server binds, but on a test machine that is unlikely.
inline int PickFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address = {};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

// A direct hiredis connection, independent of the code under test, for
// looking at what the server really holds.
class RawRedis {
 public:
  explicit RawRedis(int port)
      : context_(redisConnectWithTimeout("127.0.0.1", port, {1, 0})) {}
  ~RawRedis() {
    if (context_ != nullptr) redisFree(context_);
  }
  RawRedis(const RawRedis&) = delete;
  RawRedis& operator=(const RawRedis&) = delete;

  bool ok() const { return context_ != nullptr && context_->err == 0; }

  // The integer reply to `command`, or nullopt.
  std::optional<long long> Integer(const std::string& command) {
    if (!ok()) return std::nullopt;
    auto* reply = static_cast<redisReply*>(redisCommand(context_, command.c_str()));
    if (reply == nullptr) return std::nullopt;
    std::optional<long long> value;
    if (reply->type == REDIS_REPLY_INTEGER) value = reply->integer;
    freeReplyObject(reply);
    return value;
  }

  bool Ping() {
    if (!ok()) return false;
    auto* reply = static_cast<redisReply*>(redisCommand(context_, "PING"));
    if (reply == nullptr) return false;
    const bool pong = reply->type == REDIS_REPLY_STATUS &&
                      std::string(reply->str, reply->len) == "PONG";
    freeReplyObject(reply);
    return pong;
  }

  bool Set(const std::string& key, const std::string& value) {
    if (!ok()) return false;
    auto* reply = static_cast<redisReply*>(redisCommand(
        context_, "SET %b %b", key.data(), key.size(), value.data(), value.size()));
    if (reply == nullptr) return false;
    const bool stored = reply->type == REDIS_REPLY_STATUS;
    freeReplyObject(reply);
    return stored;
  }

 private:
  redisContext* context_;
};

// A redis-server child process that is always reaped.
class RedisServerProcess {
 public:
  ~RedisServerProcess() { Kill(); }

  // Starts redis-server on `port` and waits (bounded) until it answers PING.
  bool Start(int port, std::string* error) {
    log_path_ = absl::StrCat(::testing::TempDir(), "redis-", port, "-",
                             getpid(), ".log");
    const std::string port_text = std::to_string(port);
    std::vector<std::string> args = {kRedisServerPath, "--port", port_text,
                                     "--bind", "127.0.0.1", "--save", "",
                                     "--appendonly", "no"};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    // fork/exec rather than posix_spawn so the child can ask to be killed
    // when this process dies: a crashed or timed-out test must not leave a
    // (possibly stopped) redis-server behind. The child only makes
    // async-signal-safe calls, as required after fork in a threaded process.
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(127);  // The parent died before prctl.
      const int log_fd =
          open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (log_fd >= 0) {
        dup2(log_fd, STDOUT_FILENO);
        dup2(log_fd, STDERR_FILENO);
      }
      execve(kRedisServerPath, argv.data(), environ);
      _exit(127);
    }
    if (pid_ < 0) {
      *error = absl::StrCat("fork: ", strerror(errno));
      pid_ = -1;
      return false;
    }

    const absl::Time deadline = absl::Now() + kStartWait;
    while (absl::Now() < deadline) {
      if (RawRedis(port).Ping()) return true;
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        *error = absl::StrCat("redis-server exited during startup; log:\n", Log());
        return false;
      }
      absl::SleepFor(absl::Milliseconds(10));
    }
    *error = absl::StrCat("redis-server did not answer PING on port ", port,
                          " within ", absl::FormatDuration(kStartWait),
                          "; log:\n", Log());
    Kill();
    return false;
  }

  // SIGKILL: the process vanishes without closing anything gracefully.
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    while (waitpid(pid_, nullptr, 0) == -1 && errno == EINTR) {
    }
    pid_ = -1;
    unlink(log_path_.c_str());
  }

  // SIGSTOP: the kernel still accepts connections and buffers commands, but
  // nothing answers, like a Redis stuck on a slow command or swapping.
  void Pause() {
    if (pid_ > 0) kill(pid_, SIGSTOP);
  }
  void Resume() {
    if (pid_ > 0) kill(pid_, SIGCONT);
  }

 private:
  std::string Log() const {
    std::ifstream file(log_path_);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  pid_t pid_ = -1;
  std::string log_path_;
};

}  // namespace scorecard::cache_testing

#endif  // SCORECARD_TESTS_COMMON_CACHE_REDIS_TEST_SERVER_H_
