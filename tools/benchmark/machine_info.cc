#include "tools/benchmark/machine_info.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace scorecard::benchmark {
namespace {

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The value after "key:" on the first line starting with `key`, trimmed.
std::string Field(const std::vector<std::string>& lines, absl::string_view key) {
  for (const std::string& line : lines) {
    if (!absl::StartsWith(line, key)) continue;
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      return std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    }
  }
  return "";
}

}  // namespace

std::string LoadAverage() {
  const std::vector<std::string> lines = Lines("/proc/loadavg");
  if (lines.empty()) return "";
  const std::vector<std::string> parts = absl::StrSplit(lines.front(), ' ');
  return parts.size() >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : lines.front();
}

Json MachineJson() {
  const std::vector<std::string> cpu = Lines("/proc/cpuinfo");
  const std::vector<std::string> memory = Lines("/proc/meminfo");
  std::string os = Field(Lines("/etc/os-release"), "PRETTY_NAME");
  if (os.empty()) {
    for (const std::string& line : Lines("/etc/os-release")) {
      if (absl::StartsWith(line, "PRETTY_NAME=")) os = line.substr(12);
    }
  }
  os = std::string(absl::StripSuffix(absl::StripPrefix(os, "\""), "\""));
  const std::string debian = Lines("/etc/debian_version").empty()
                                 ? std::string()
                                 : Lines("/etc/debian_version").front();
  utsname uts;
  const std::string kernel = uname(&uts) == 0 ? std::string(uts.release) : std::string();
  double memory_gib = 0;
  {
    std::istringstream total(Field(memory, "MemTotal"));
    double kib = 0;
    total >> kib;
    memory_gib = kib / (1024.0 * 1024.0);
  }
  return Json::Object()
      .Set("cpu", Field(cpu, "model name"))
      .Set("cores", static_cast<int64_t>(sysconf(_SC_NPROCESSORS_ONLN)))
      .Set("memory_gib", memory_gib)
      .Set("os", debian.empty() ? os : os + " (" + debian + ")")
      .Set("kernel", kernel)
      .Set("date", absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::Now(), absl::UTCTimeZone()))
      .Set("load_average", LoadAverage());
}

}  // namespace scorecard::benchmark
