// A contract message printed for `--format=table|json`:
//
//   return PrintMessage(card, options.format, FormatScorecardTable, out, err);
//
// JSON is the export library's (services/aggregator/export/json_export.h: .proto field
// names, every field), so `scorecard --format=json` and `export --format=json` agree.
#ifndef SCORECARD_TOOLS_SCORECARDCTL_MESSAGE_OUTPUT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_MESSAGE_OUTPUT_H_

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "services/aggregator/export/json_export.h"
#include "tools/scorecardctl/command_line.h"

namespace scorecard::scorecardctl {

// kExitOk, or kExitFailure after saying why the JSON could not be printed.
template <typename Message, typename Table>
int PrintMessage(const Message& message, OutputFormat format, Table table, std::ostream& out,
                 std::ostream& err) {
  if (format != OutputFormat::kJson) {
    out << table(message);
    return kExitOk;
  }
  absl::StatusOr<std::string> json = aggregator::ContractJson(message);
  if (!json.ok()) {
    err << "error: " << json.status().message() << "\n";
    return kExitFailure;
  }
  out << *json;
  return kExitOk;
}

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_MESSAGE_OUTPUT_H_
