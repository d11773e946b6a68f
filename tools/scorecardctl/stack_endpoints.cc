#include "tools/scorecardctl/stack_endpoints.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace scorecard::scorecardctl {
namespace {

constexpr char kNoStackMessage[] =
    "no running stack found: start it with deploy/up, or pass --stack_dir";

absl::StatusOr<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool IsFile(const std::filesystem::path& path) {
  std::error_code ignored;
  return std::filesystem::is_regular_file(path, ignored);
}

absl::StatusOr<StackEndpoints> LoadStack(const std::filesystem::path& stack_dir) {
  const std::filesystem::path file = stack_dir / kEndpointsFileName;
  absl::StatusOr<std::string> text = ReadWholeFile(file);
  if (!text.ok()) return text.status();
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> entries =
      ParseEndpoints(*text, file.string());
  if (!entries.ok()) return entries.status();
  return StackEndpoints(stack_dir.string(), *std::move(entries));
}

// A named stack dir must hold an endpoints file; say where the name came from.
absl::StatusOr<StackEndpoints> LoadNamedStack(const std::string& dir, absl::string_view source) {
  const std::filesystem::path stack_dir(dir);
  if (!IsFile(stack_dir / kEndpointsFileName)) {
    return absl::NotFoundError(absl::StrCat(
        "no running stack found: ", source, " names ", dir, ", which has no ",
        kEndpointsFileName, " file (start the stack with deploy/up)"));
  }
  return LoadStack(stack_dir);
}

}  // namespace

absl::StatusOr<std::string> StackEndpoints::Address(absl::string_view name) const {
  for (const auto& [entry_name, address] : entries_) {
    if (entry_name == name) return address;
  }
  return absl::NotFoundError(absl::StrCat("the stack's endpoints file (", stack_dir_, "/",
                                          kEndpointsFileName, ") lists no ", name, " service"));
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseEndpoints(
    absl::string_view text, absl::string_view origin) {
  std::vector<std::pair<std::string, std::string>> entries;
  absl::flat_hash_set<std::string> seen;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, absl::ByAnyChar(" \t"),
                                                           absl::SkipEmpty());
    // A host:port always has a colon; checking it catches a swapped or truncated line.
    if (fields.size() != 2 || fields[1].find(':') == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          origin, ":", line_number, ": expected `<name> <host:port>`, got `", line, "`"));
    }
    std::string name(fields[0]);
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(origin, ":", line_number, ": ", name, " is listed twice"));
    }
    entries.emplace_back(std::move(name), std::string(fields[1]));
  }
  return entries;
}

std::optional<std::string> EnvironmentStackDir() {
  const char* value = std::getenv(kStackDirEnvVar);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

absl::StatusOr<StackEndpoints> FindStack(const std::string& flag_stack_dir,
                                         const std::optional<std::string>& env_stack_dir,
                                         const std::filesystem::path& start_dir) {
  if (!flag_stack_dir.empty()) return LoadNamedStack(flag_stack_dir, "--stack_dir");
  if (env_stack_dir.has_value()) {
    return LoadNamedStack(*env_stack_dir, absl::StrCat("$", kStackDirEnvVar));
  }
  std::error_code ignored;
  std::filesystem::path dir = std::filesystem::absolute(start_dir, ignored);
  while (true) {
    const std::filesystem::path candidate = dir / kStackDirUnderCheckout;
    if (IsFile(candidate / kEndpointsFileName)) return LoadStack(candidate);
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  return absl::NotFoundError(kNoStackMessage);
}

}  // namespace scorecard::scorecardctl
