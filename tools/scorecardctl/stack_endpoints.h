// Finds the running local stack and the address of each of its services, so commands need
// no address flags.
//
//   absl::StatusOr<StackEndpoints> stack = FindStack(
//       absl::GetFlag(FLAGS_stack_dir), EnvironmentStackDir(), std::filesystem::current_path());
//   if (!stack.ok()) { ... }  // NOT_FOUND: no running stack (the CLI exits 2)
//   absl::StatusOr<std::string> address = stack->Address("safeguarding");  // "127.0.0.1:40123"
//
// The stack script writes `<stack dir>/endpoints`, one service a line: `<name> <host:port>`.
// The stack dir is, first found: the --stack_dir flag; $SCORECARD_STACK_DIR; or the nearest
// `var/stack` walking up from the current directory (so any folder of a checkout works).
#ifndef SCORECARD_TOOLS_SCORECARDCTL_STACK_ENDPOINTS_H_
#define SCORECARD_TOOLS_SCORECARDCTL_STACK_ENDPOINTS_H_

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace scorecard::scorecardctl {

inline constexpr char kStackDirEnvVar[] = "SCORECARD_STACK_DIR";
inline constexpr char kEndpointsFileName[] = "endpoints";
// Searched for in the current directory and each parent.
inline constexpr char kStackDirUnderCheckout[] = "var/stack";

class StackEndpoints {
 public:
  StackEndpoints(std::string stack_dir, std::vector<std::pair<std::string, std::string>> entries)
      : stack_dir_(std::move(stack_dir)), entries_(std::move(entries)) {}

  const std::string& stack_dir() const { return stack_dir_; }
  // (name, host:port) in file order.
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }
  // NOT_FOUND (naming the endpoints file) when the stack lists no such service.
  [[nodiscard]] absl::StatusOr<std::string> Address(absl::string_view name) const;

 private:
  std::string stack_dir_;
  std::vector<std::pair<std::string, std::string>> entries_;
};

// Parses an endpoints file's text. Blank lines and `#` comments are skipped; a line that is
// not `<name> <host:port>`, or a name listed twice, is INVALID_ARGUMENT naming origin:line.
[[nodiscard]] absl::StatusOr<std::vector<std::pair<std::string, std::string>>>
ParseEndpoints(absl::string_view text, absl::string_view origin);

// $SCORECARD_STACK_DIR, or nullopt when unset or empty.
std::optional<std::string> EnvironmentStackDir();

// Resolves the stack dir (see the file comment) and reads its endpoints file. An explicit
// flag or environment value that has no endpoints file is an error, never skipped: a typo
// must not silently select another stack. NOT_FOUND when nothing is found at all.
[[nodiscard]] absl::StatusOr<StackEndpoints> FindStack(const std::string& flag_stack_dir,
                                                       const std::optional<std::string>& env_stack_dir,
                                                       const std::filesystem::path& start_dir);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_STACK_ENDPOINTS_H_
