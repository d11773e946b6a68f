// The real local stack for the benchmark: started and stopped with `deploy/stack` (the
// same script `deploy/up` uses), its endpoints and process ids read from the stack folder,
// and each process's CPU time and peak memory read from /proc.
//
//   SCORECARD_ASSIGN_OR_RETURN(Stack stack, Stack::Start("/src", "/src/build", "/tmp/s"));
//   std::string aggregator = stack.Address("aggregator");   // "127.0.0.1:40129"
//   ProcessStats stats = ReadProcessStats(stack.Pid("safeguarding"));
//   stack.Stop();
//
// A helper process the benchmark starts itself (the echo server) is a ChildProcess:
// started with its arguments, waited for, stopped with SIGTERM (SIGKILL after 10 s).
#ifndef SCORECARD_TOOLS_BENCHMARK_STACK_CONTROL_H_
#define SCORECARD_TOOLS_BENCHMARK_STACK_CONTROL_H_

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace scorecard::benchmark {

// The processes `deploy/stack` starts, in the order reports list them.
inline constexpr const char* kStackProcesses[] = {"workforce", "safeguarding", "placement",
                                                  "audit",     "aggregator",   "redis"};

class Stack {
 public:
  // Runs `<source_dir>/deploy/stack start <stack_dir>` with SCORECARD_BUILD_DIR set, then
  // reads the endpoints and pids. The output of the script goes to <stack_dir>/stack.log.
  [[nodiscard]] static absl::StatusOr<Stack> Start(const std::string& source_dir,
                                                   const std::string& build_dir,
                                                   const std::string& stack_dir);

  // `deploy/stack stop`; safe to call twice.
  absl::Status Stop();

  // host:port of a process in kStackProcesses ("" when unknown).
  std::string Address(absl::string_view name) const;
  int Port(absl::string_view name) const;
  pid_t Pid(absl::string_view name) const;
  const std::string& dir() const { return stack_dir_; }

 private:
  std::string source_dir_;
  std::string build_dir_;
  std::string stack_dir_;
  std::map<std::string, std::string, std::less<>> addresses_;
  std::map<std::string, pid_t, std::less<>> pids_;
  bool running_ = false;
};

struct ProcessStats {
  bool found = false;
  // User plus system CPU time so far.
  double cpu_seconds = 0;
  // Peak resident set (VmHWM) and current resident set (VmRSS).
  double peak_rss_mib = 0;
  double rss_mib = 0;
};

// From /proc/<pid>/stat and /proc/<pid>/status; found = false when the process is gone.
ProcessStats ReadProcessStats(pid_t pid);

// Parses the "VmHWM:" and "VmRSS:" lines of a /proc/<pid>/status text, in MiB.
void ParseStatusMemory(absl::string_view status_text, ProcessStats& stats);
// Parses utime + stime (fields 14 and 15, in clock ticks) of a /proc/<pid>/stat line.
[[nodiscard]] absl::StatusOr<double> ParseStatCpuSeconds(absl::string_view stat_line,
                                                         long ticks_per_second);

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ~ChildProcess();

  // Starts argv[0] (a path) with the arguments; output appended to `log_path`.
  [[nodiscard]] static absl::StatusOr<ChildProcess> Spawn(const std::vector<std::string>& argv,
                                                          const std::string& log_path);
  pid_t pid() const { return pid_; }
  bool Running();
  // SIGTERM, then SIGKILL if it has not exited within 10 s.
  void Stop();

 private:
  pid_t pid_ = -1;
};

// Waits (at most `timeout_seconds`) for `path` to hold a port number; fails early if
// `process` exits.
[[nodiscard]] absl::StatusOr<int> WaitForPortFile(const std::string& path, ChildProcess& process,
                                                  double timeout_seconds);

}  // namespace scorecard::benchmark

#endif  // SCORECARD_TOOLS_BENCHMARK_STACK_CONTROL_H_
