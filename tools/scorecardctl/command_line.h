// Checks scorecardctl's command line before absl::ParseCommandLine sees it, so that a
// mistyped flag is a usage error (exit 2, with usage) instead of Abseil's exit 1, and a flag
// given to a subcommand it does not apply to is caught rather than ignored.
//
//   absl::StatusOr<ScannedCommandLine> scanned = ScanCommandLine(argc, argv);
//   if (!scanned.ok()) return UsageError(scanned.status());
//   absl::Status applies = CheckFlagsApply(scanned->command, scanned->flag_names,
//                                          /*allowed=*/{"batch_size"}, /*ours=*/kAllFlags);
//
// Also the parsing of flag values shared by several subcommands.
#ifndef SCORECARD_TOOLS_SCORECARDCTL_COMMAND_LINE_H_
#define SCORECARD_TOOLS_SCORECARDCTL_COMMAND_LINE_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/time/civil_date.h"

namespace scorecard::scorecardctl {

// Process exit codes; documented in the README and --help.
inline constexpr int kExitOk = 0;
// A call failed, a file was bad, a batch was rejected, or (status) something is down.
inline constexpr int kExitFailure = 1;
// The command line was wrong, or no running stack was found.
inline constexpr int kExitUsage = 2;

struct ScannedCommandLine {
  // The first positional argument ("" when none).
  std::string command;
  // Every positional argument in order, the command first ("import", "ssda903", "DIR").
  std::vector<std::string> arguments;
  // Every flag given, by its registered name, in order (repeats kept).
  std::vector<std::string> flag_names;
};

// Walks argv with absl's syntax (--name=value, --name value, --bool, --nobool, -name, and
// "--" ending the flags), checking that each flag exists and its value parses. A value is
// stored in its flag as it is checked; absl::ParseCommandLine then stores the same value.
// INVALID_ARGUMENT naming the flag on the first problem.
[[nodiscard]] absl::StatusOr<ScannedCommandLine> ScanCommandLine(int argc, char* const* argv);

// INVALID_ARGUMENT when a flag in `given` is one of `ours` (scorecardctl's own flags) but
// not in `allowed` for `command`. Abseil's built-in flags (--flagfile...) are left alone.
[[nodiscard]] absl::Status CheckFlagsApply(absl::string_view command,
                                           absl::Span<const std::string> given,
                                           absl::Span<const absl::string_view> allowed,
                                           absl::Span<const absl::string_view> ours);

// INVALID_ARGUMENT ("unknown flag --listen") for a flag in `given` that is neither one of
// `ours` nor Abseil's own. The libraries scorecardctl links (the TLS client helpers) bring
// the servers' flags along (--listen, --data_dir...); they mean nothing here and must not
// be accepted silently.
[[nodiscard]] absl::Status CheckFlagsKnown(absl::Span<const std::string> given,
                                           absl::Span<const absl::string_view> ours);

enum class OutputFormat { kTable, kJson };
// "table" or "json".
[[nodiscard]] absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text);

struct MonthRange {
  Month from;
  Month to;
};
// Both required, YYYY-MM, from not after to.
[[nodiscard]] absl::StatusOr<MonthRange> ParseMonthRange(absl::string_view from,
                                                         absl::string_view to);

// "" is nullopt (now); otherwise RFC 3339, e.g. "2016-06-05T00:00:00Z".
[[nodiscard]] absl::StatusOr<std::optional<absl::Time>> ParseAsAt(absl::string_view text);

// --authority: required, a DfE local authority code ("869"); errors name the flag.
[[nodiscard]] absl::Status CheckAuthorityFlag(absl::string_view authority);

// One required month, YYYY-MM; errors name `flag`.
[[nodiscard]] absl::StatusOr<Month> ParseRequiredMonth(absl::string_view flag,
                                                       absl::string_view text);

// Which end of a time range a flag gives.
enum class RangeEnd { kFrom, kTo };
// "" is nullopt; RFC 3339 is that instant; a date (YYYY-MM-DD, UTC) means the whole day:
// for kFrom its start, for kTo the start of the next day, so that a range's exclusive end
// still includes the day named ("--to=2017-03-31" takes in all of 31 March).
[[nodiscard]] absl::StatusOr<std::optional<absl::Time>> ParseTimeBound(absl::string_view flag,
                                                                       absl::string_view text,
                                                                       RangeEnd end);

// The domain services whose measure ids start "<service>.".
inline constexpr absl::string_view kDomainServices[] = {"workforce", "safeguarding",
                                                        "placement"};

// The domain service that owns a measure id: the text before its first '.', which must be
// one of kDomainServices. INVALID_ARGUMENT naming the id otherwise.
[[nodiscard]] absl::StatusOr<std::string> ServiceOfMeasure(absl::string_view id);

// The ids of a comma-separated list, in order, blanks dropped.
std::vector<std::string> SplitMeasureIds(absl::string_view comma_separated_ids);

// Groups ids by owning service (the text before the first '.'): services in order of
// first mention, ids in given order. INVALID_ARGUMENT for an id no domain service owns.
[[nodiscard]] absl::StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>>
GroupMeasureIdsByService(absl::Span<const std::string> ids);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_COMMAND_LINE_H_
