#include "common/server/log.h"

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace scorecard {
namespace {

void Write(absl::string_view level, absl::string_view component, absl::string_view message) {
  // One fwrite per line keeps lines whole when several threads log at once.
  const std::string line =
      absl::StrCat(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()), " ",
                   level, " ", component, " ", message, "\n");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

void LogInfo(absl::string_view component, absl::string_view message) {
  Write("INFO", component, message);
}
void LogWarning(absl::string_view component, absl::string_view message) {
  Write("WARN", component, message);
}
void LogError(absl::string_view component, absl::string_view message) {
  Write("ERROR", component, message);
}

}  // namespace scorecard
