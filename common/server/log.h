// One-line structured logs to stderr (Abseil 20220623 has no absl/log).
//
//   LogInfo("safeguarding", absl::StrCat("listening on 127.0.0.1:", port));
//   // 2026-11-26T13:05:01.123Z INFO safeguarding listening on 127.0.0.1:40123
//
// Log ids and counts only: never a child's name, date of birth or free text from a record.
#ifndef SCORECARD_COMMON_SERVER_LOG_H_
#define SCORECARD_COMMON_SERVER_LOG_H_

#include "absl/strings/string_view.h"

namespace scorecard {

void LogInfo(absl::string_view component, absl::string_view message);
void LogWarning(absl::string_view component, absl::string_view message);
void LogError(absl::string_view component, absl::string_view message);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVER_LOG_H_
