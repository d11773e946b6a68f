#include "tools/benchmark/stack_control.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

extern char** environ;

namespace scorecard::benchmark {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// `text` in single quotes for the shell.
std::string ShellQuote(absl::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

absl::Status RunStackScript(const std::string& source_dir, const std::string& build_dir,
                            absl::string_view command, const std::string& stack_dir) {
  const std::string line = absl::StrCat(
      "SCORECARD_BUILD_DIR=", ShellQuote(build_dir), " ", ShellQuote(source_dir + "/deploy/stack"),
      " ", command, " ", ShellQuote(stack_dir), " >>", ShellQuote(stack_dir + "/stack.log"),
      " 2>&1");
  const int status = std::system(line.c_str());
  if (status != 0) {
    return absl::UnavailableError(absl::StrCat("deploy/stack ", command, " failed (status ",
                                               status, "); see ", stack_dir, "/stack.log"));
  }
  return absl::OkStatus();
}

double KibLineToMib(absl::string_view line) {
  // "VmHWM:\t  123456 kB"
  std::vector<absl::string_view> parts =
      absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
  double kib = 0;
  if (parts.size() >= 2 && absl::SimpleAtod(parts[1], &kib)) return kib / 1024.0;
  return 0;
}

}  // namespace

absl::StatusOr<Stack> Stack::Start(const std::string& source_dir, const std::string& build_dir,
                                   const std::string& stack_dir) {
  Stack stack;
  stack.source_dir_ = source_dir;
  stack.build_dir_ = build_dir;
  stack.stack_dir_ = stack_dir;
  if (absl::Status s = RunStackScript(source_dir, build_dir, "start", stack_dir); !s.ok()) {
    // A half-started stack is stopped again.
    (void)RunStackScript(source_dir, build_dir, "stop", stack_dir);
    return s;
  }
  stack.running_ = true;
  for (absl::string_view line : absl::StrSplit(ReadFile(stack_dir + "/endpoints"), '\n')) {
    std::vector<std::string> parts = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (parts.size() == 2) stack.addresses_[parts[0]] = parts[1];
  }
  for (const char* name : kStackProcesses) {
    int pid = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(ReadFile(
                             absl::StrCat(stack_dir, "/", name, ".pid"))),
                         &pid)) {
      stack.pids_[name] = pid;
    }
    if (stack.addresses_.count(name) == 0 || stack.pids_.count(name) == 0) {
      (void)stack.Stop();
      return absl::UnavailableError(
          absl::StrCat("the stack in ", stack_dir, " has no endpoint or pid for ", name));
    }
  }
  return stack;
}

absl::Status Stack::Stop() {
  if (!running_) return absl::OkStatus();
  running_ = false;
  return RunStackScript(source_dir_, build_dir_, "stop", stack_dir_);
}

std::string Stack::Address(absl::string_view name) const {
  auto it = addresses_.find(name);
  return it == addresses_.end() ? "" : it->second;
}

int Stack::Port(absl::string_view name) const {
  const std::string address = Address(name);
  int port = 0;
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port)) return 0;
  return port;
}

pid_t Stack::Pid(absl::string_view name) const {
  auto it = pids_.find(name);
  return it == pids_.end() ? -1 : it->second;
}

void ParseStatusMemory(absl::string_view status_text, ProcessStats& stats) {
  for (absl::string_view line : absl::StrSplit(status_text, '\n')) {
    if (absl::StartsWith(line, "VmHWM:")) stats.peak_rss_mib = KibLineToMib(line);
    if (absl::StartsWith(line, "VmRSS:")) stats.rss_mib = KibLineToMib(line);
  }
}

absl::StatusOr<double> ParseStatCpuSeconds(absl::string_view stat_line, long ticks_per_second) {
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const size_t close = stat_line.rfind(')');
  if (close == absl::string_view::npos || ticks_per_second <= 0) {
    return absl::InvalidArgumentError("not a /proc/<pid>/stat line");
  }
  std::vector<absl::string_view> fields =
      absl::StrSplit(stat_line.substr(close + 1), ' ', absl::SkipEmpty());
  // After ")" come field 3 (state) onwards: utime is field 14, stime field 15.
  double utime = 0;
  double stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtod(fields[11], &utime) ||
      !absl::SimpleAtod(fields[12], &stime)) {
    return absl::InvalidArgumentError("a /proc/<pid>/stat line without utime and stime");
  }
  return (utime + stime) / static_cast<double>(ticks_per_second);
}

ProcessStats ReadProcessStats(pid_t pid) {
  ProcessStats stats;
  if (pid <= 0) return stats;
  const std::string status = ReadFile(absl::StrCat("/proc/", pid, "/status"));
  const std::string stat = ReadFile(absl::StrCat("/proc/", pid, "/stat"));
  if (status.empty() || stat.empty()) return stats;
  stats.found = true;
  ParseStatusMemory(status, stats);
  absl::StatusOr<double> cpu = ParseStatCpuSeconds(stat, sysconf(_SC_CLK_TCK));
  if (cpu.ok()) stats.cpu_seconds = *cpu;
  return stats;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_) { other.pid_ = -1; }

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    Stop();
    pid_ = other.pid_;
    other.pid_ = -1;
  }
  return *this;
}

ChildProcess::~ChildProcess() { Stop(); }

absl::StatusOr<ChildProcess> ChildProcess::Spawn(const std::vector<std::string>& argv,
                                                 const std::string& log_path) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  ChildProcess child;
  const int error = posix_spawn(&child.pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    child.pid_ = -1;
    return absl::UnavailableError(absl::StrCat("cannot start ", argv[0]));
  }
  return child;
}

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

void ChildProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  int status = 0;
  while (absl::Now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

absl::StatusOr<int> WaitForPortFile(const std::string& path, ChildProcess& process,
                                    double timeout_seconds) {
  const absl::Time deadline = absl::Now() + absl::Seconds(timeout_seconds);
  while (absl::Now() < deadline) {
    int port = 0;
    if (absl::SimpleAtoi(absl::StripAsciiWhitespace(ReadFile(path)), &port) && port > 0) {
      return port;
    }
    if (!process.Running()) return absl::UnavailableError(absl::StrCat(path, ": process exited"));
    absl::SleepFor(absl::Milliseconds(20));
  }
  return absl::DeadlineExceededError(absl::StrCat("no port in ", path));
}

}  // namespace scorecard::benchmark
