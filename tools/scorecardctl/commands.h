// The subcommands' work, once main has parsed and checked the command line.
//
//   absl::StatusOr<StackEndpoints> stack = FindStack(...);
//   IngestOptions options{.service = "safeguarding", .path = "referrals.jsonl"};
//   return RunIngest(*stack, options, std::cout, std::cerr);   // an exit code
//
// Each returns kExitOk or kExitFailure (command_line.h); usage problems are main's to find
// before calling, so none of these returns kExitUsage.
#ifndef SCORECARD_TOOLS_SCORECARDCTL_COMMANDS_H_
#define SCORECARD_TOOLS_SCORECARDCTL_COMMANDS_H_

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "scorecard/common/v1/common.pb.h"
#include "tools/scorecardctl/command_line.h"
#include "tools/scorecardctl/jsonl_ingest.h"
#include "tools/scorecardctl/stack_endpoints.h"

namespace scorecard::scorecardctl {

struct IngestOptions {
  // "workforce", "safeguarding" or "placement".
  std::string service;
  // A JSON Lines file, or "-" for stdin.
  std::string path;
  int batch_size = kDefaultBatchSize;
};
int RunIngest(const StackEndpoints& stack, const IngestOptions& options, std::ostream& out,
              std::ostream& err);

struct ScorecardOptions {
  std::string authority;
  // "" asks the aggregator for its default card ("getting-to-good").
  std::string scorecard_id;
  MonthRange months;
  std::optional<absl::Time> as_at;
  OutputFormat format = OutputFormat::kTable;
};
int RunScorecard(const StackEndpoints& stack, const ScorecardOptions& options, std::ostream& out,
                 std::ostream& err);

struct MeasuresOptions {
  std::string authority;
  // Measure ids ("safeguarding.referrals"), shown in this order; each must be owned by a
  // domain service (GroupMeasureIdsByService). Empty asks every service for every measure.
  std::vector<std::string> measure_ids;
  MonthRange months;
  common::v1::Basis basis = common::v1::BASIS_UNSPECIFIED;
  std::string team;
  std::optional<absl::Time> as_at;
  OutputFormat format = OutputFormat::kTable;
  bool show_parts = false;
};
int RunMeasures(const StackEndpoints& stack, const MeasuresOptions& options, std::ostream& out,
                std::ostream& err);

// Prints each endpoint and its health; kExitFailure unless every one is serving.
int RunStatus(const StackEndpoints& stack, std::ostream& out, std::ostream& err);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_COMMANDS_H_
