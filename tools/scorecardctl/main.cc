// scorecardctl: the command line for a running local scorecard stack.
//
//   scorecardctl status
//   scorecardctl ingest safeguarding referrals.jsonl
//   scorecardctl scorecard --authority=869 --from=2016-04 --to=2017-01
//   scorecardctl measures --authority=869 --from=2016-04 --to=2017-01
//       --measures=safeguarding.icpc_within_15wd --basis=ytd --format=json
//
// This file owns the flags, the help text and the dispatch; the work is in
// scorecardctl_lib (commands.h) so that tests can reach it. The flags are global, as Abseil
// flags are, but each subcommand accepts only its own: a flag meant for another one is a
// usage error rather than silently ignored.
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "tools/scorecardctl/command_line.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/jsonl_ingest.h"
#include "tools/scorecardctl/measure_words.h"
#include "tools/scorecardctl/stack_endpoints.h"

ABSL_FLAG(std::string, stack_dir, "",
          "Folder holding the stack's `endpoints` file. Default: $SCORECARD_STACK_DIR, else "
          "the nearest var/stack above the current directory.");
ABSL_FLAG(int, batch_size, scorecard::scorecardctl::kDefaultBatchSize,
          "ingest: records per Ingest call (1 to 50000).");
ABSL_FLAG(std::string, authority, "", "DfE local authority code, e.g. 869.");
ABSL_FLAG(std::string, from, "", "First month, YYYY-MM.");
ABSL_FLAG(std::string, to, "", "Last month, YYYY-MM (inclusive).");
ABSL_FLAG(std::string, id, "", "scorecard: the scorecard id; default getting-to-good.");
ABSL_FLAG(std::string, as_at, "",
          "The data as recorded at this instant (RFC 3339, e.g. 2016-06-05T00:00:00Z); "
          "default: as it is now.");
ABSL_FLAG(std::string, format, "table", "table (for people) or json (for scripts).");
ABSL_FLAG(std::string, measures, "",
          "measures: comma-separated measure ids; default every measure of every service.");
ABSL_FLAG(std::string, basis, "",
          "measures: month, ytd, quarter, snapshot, rolling12 or rolling3y; default each "
          "measure's natural basis.");
ABSL_FLAG(std::string, team, "", "measures: restrict to one team, e.g. DCT.");
ABSL_FLAG(bool, parts, false, "measures table: show percentages' numerator/denominator too.");

namespace {

using scorecard::scorecardctl::kExitFailure;
using scorecard::scorecardctl::kExitOk;
using scorecard::scorecardctl::kExitUsage;

constexpr absl::string_view kOurFlags[] = {"stack_dir", "batch_size", "authority", "from",
                                           "to",        "id",         "as_at",     "format",
                                           "measures",  "basis",      "team",      "parts"};

struct Command {
  absl::string_view name;
  std::vector<absl::string_view> flags;  // besides --stack_dir
  absl::string_view help;
};

const std::vector<Command>& Commands() {
  static const auto* const commands = new std::vector<Command>{
      {"ingest",
       {"batch_size"},
       R"(scorecardctl ingest <workforce|safeguarding|placement> FILE.jsonl [--batch_size=N]

  Sends records to a domain service. FILE.jsonl ("-" for stdin) holds one record a line:
  the service's record wrapper (WorkforceRecord, SafeguardingRecord or PlacementRecord) in
  protobuf's JSON mapping, e.g.
    {"referral": {"header": {"authority": "869", "source": {"system": "lcs", "id": "R1"}},
                  "childId": "C1", "referralDate": {"year": 2016, "month": 5, "day": 3}}}
  Blank lines are skipped; unknown fields are errors.

  The whole file is read first: if any line is bad, each is listed as FILE:LINE: reason
  (the first 20) and nothing is sent. Records then go in batches of --batch_size (default
  5000; also kept under 3 MiB). Each batch is all-or-nothing: if the service rejects one,
  its message is shown ("batch starting at FILE:LINE rejected: ...", with each named
  record mapped to its line) and the batches before it stay committed. Re-sending the same
  file is idempotent: records already stored are left unchanged, so fix and re-send.
  Prints records, new versions, unchanged, batches, elapsed time and records/s.
)"},
      {"scorecard",
       {"authority", "from", "to", "id", "as_at", "format"},
       R"(scorecardctl scorecard --authority=869 --from=2016-04 --to=2017-01 [--id=getting-to-good]
                       [--as_at=2016-06-05T00:00:00Z] [--format=table|json]

  The aggregator's scorecard. Table: one line per row, one column per month, in sections;
  values as the card shows them (whole numbers; working days to one decimal); "-" for an
  undefined value, "n/a" for a row no service computes yet, "unavailable" for a row whose
  service is down; then cache outcome, definition hash, data versions and computed time.
  JSON: the Scorecard message in protobuf's JSON mapping with the .proto field names
  (snake_case), every field printed, enums by name, a cell's "value" absent when undefined.
)"},
      {"measures",
       {"authority", "from", "to", "measures", "basis", "team", "as_at", "format", "parts"},
       R"(scorecardctl measures --authority=869 --from=2016-04 --to=2017-01 [--measures=id1,id2]
                      [--basis=month|ytd|quarter|snapshot|rolling12|rolling3y] [--team=DCT]
                      [--as_at=...] [--format=table|json] [--parts]

  Measures straight from the domain services (no aggregator, no cache). Each id's prefix
  names its service ("safeguarding.icpc_within_15wd"); without --measures every service is
  asked for every measure it has (on --basis, those that support it). Table: one line per
  measure and basis, one column per month (--parts adds num/den to percentages). JSON: an
  array of {"measure_id", "month", "basis", "unit", "numerator", "denominator", "value",
  "team"} objects, one per measure and month; "value" is rounded to 2 decimals, or null
  when undefined; basis and unit are lower-case words. See tools/scorecardctl/README.md.
)"},
      {"status",
       {},
       R"(scorecardctl status

  Each endpoint of the stack and its gRPC health (SERVING, NOT_SERVING, UNREACHABLE);
  Redis as the aggregator sees it. Exit 0 only when everything is serving.
)"},
  };
  return *commands;
}

const Command* FindCommand(absl::string_view name) {
  for (const Command& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

constexpr char kOverview[] =
    R"(scorecardctl: work with a running local scorecard stack.

  scorecardctl ingest <workforce|safeguarding|placement> FILE.jsonl [--batch_size=N]
  scorecardctl scorecard --authority=CODE --from=YYYY-MM --to=YYYY-MM [--id=ID] [--as_at=T]
                         [--format=table|json]
  scorecardctl measures --authority=CODE --from=YYYY-MM --to=YYYY-MM [--measures=ID,...]
                        [--basis=B] [--team=T] [--as_at=T] [--format=table|json] [--parts]
  scorecardctl status
  scorecardctl help [COMMAND]

Every command takes --stack_dir=DIR; without it the stack is $SCORECARD_STACK_DIR, else the
nearest var/stack above the current directory. Exit codes: 0 success; 1 a call failed, the
input was bad, a batch was rejected or (status) something is not serving; 2 usage error or
no running stack found.
)";

void PrintHelp(std::ostream& out, absl::string_view command_name) {
  const Command* command = FindCommand(command_name);
  if (command == nullptr) {
    out << kOverview;
    for (const Command& c : Commands()) out << "\n" << c.help;
    return;
  }
  out << command->help;
}

int UsageError(absl::string_view message) {
  std::cerr << "usage error: " << message << "\n\n" << kOverview;
  return kExitUsage;
}

// --help anywhere before "--" wins over everything else, and exits 0.
bool WantsHelp(int argc, char** argv, std::string* command) {
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--help" || arg == "-help" || arg == "-h") help = true;
    if (command->empty() && !arg.empty() && arg[0] != '-') *command = std::string(arg);
  }
  return help;
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kOverview);
  std::string help_for;
  if (WantsHelp(argc, argv, &help_for)) {
    PrintHelp(std::cout, help_for);
    return kExitOk;
  }

  absl::StatusOr<scorecard::scorecardctl::ScannedCommandLine> scanned =
      scorecard::scorecardctl::ScanCommandLine(argc, argv);
  if (!scanned.ok()) return UsageError(scanned.status().message());
  if (scanned->command.empty()) return UsageError("no command given");
  const Command* command = FindCommand(scanned->command);
  if (command == nullptr && scanned->command != "help") {
    return UsageError(absl::StrCat("unknown command \"", scanned->command, "\""));
  }
  std::vector<absl::string_view> allowed = {"stack_dir"};
  if (command != nullptr) allowed.insert(allowed.end(), command->flags.begin(), command->flags.end());
  absl::Status applies = scorecard::scorecardctl::CheckFlagsApply(
      scanned->command, scanned->flag_names, allowed, kOurFlags);
  if (!applies.ok()) return UsageError(applies.message());

  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  // positional[0] is the program, [1] the command; the rest are the command's arguments.
  const std::vector<std::string> args(positional.begin() + 2, positional.end());
  if (command == nullptr) {  // "help [COMMAND]"
    PrintHelp(std::cout, args.empty() ? "" : args.front());
    return kExitOk;
  }
  const absl::string_view name = command->name;
  if (name != "ingest" && !args.empty()) {
    return UsageError(absl::StrCat("`", name, "` takes no arguments, got \"", args.front(), "\""));
  }

  // Everything that can be checked without the stack is checked before looking for it.
  scorecard::scorecardctl::IngestOptions ingest;
  scorecard::scorecardctl::ScorecardOptions card;
  scorecard::scorecardctl::MeasuresOptions measures;
  if (name == "ingest") {
    if (args.size() != 2) return UsageError("ingest takes a service and a file");
    ingest.service = args[0];
    ingest.path = args[1];
    if (ingest.service != "workforce" && ingest.service != "safeguarding" &&
        ingest.service != "placement") {
      return UsageError(absl::StrCat("cannot ingest into \"", ingest.service,
                                     "\": expected workforce, safeguarding or placement"));
    }
    ingest.batch_size = absl::GetFlag(FLAGS_batch_size);
    if (ingest.batch_size < 1 || ingest.batch_size > scorecard::scorecardctl::kMaxBatchSize) {
      return UsageError(absl::StrCat("--batch_size must be 1 to ",
                                     scorecard::scorecardctl::kMaxBatchSize));
    }
  }
  if (name == "scorecard" || name == "measures") {
    const std::string authority = absl::GetFlag(FLAGS_authority);
    if (authority.empty()) return UsageError("--authority is required, e.g. --authority=869");
    auto months = scorecard::scorecardctl::ParseMonthRange(absl::GetFlag(FLAGS_from),
                                                           absl::GetFlag(FLAGS_to));
    if (!months.ok()) return UsageError(months.status().message());
    auto as_at = scorecard::scorecardctl::ParseAsAt(absl::GetFlag(FLAGS_as_at));
    if (!as_at.ok()) return UsageError(as_at.status().message());
    auto format = scorecard::scorecardctl::ParseOutputFormat(absl::GetFlag(FLAGS_format));
    if (!format.ok()) return UsageError(format.status().message());
    card = {authority, absl::GetFlag(FLAGS_id), *months, *as_at, *format};
    measures.authority = authority;
    measures.months = *months;
    measures.as_at = *as_at;
    measures.format = *format;
  }
  if (name == "measures") {
    measures.measure_ids =
        scorecard::scorecardctl::SplitMeasureIds(absl::GetFlag(FLAGS_measures));
    auto grouped = scorecard::scorecardctl::GroupMeasureIdsByService(measures.measure_ids);
    if (!grouped.ok()) return UsageError(grouped.status().message());
    const std::string basis = absl::GetFlag(FLAGS_basis);
    if (!basis.empty()) {
      auto parsed = scorecard::scorecardctl::ParseBasisWord(basis);
      if (!parsed.ok()) return UsageError(absl::StrCat("--basis: ", parsed.status().message()));
      measures.basis = *parsed;
    }
    measures.team = absl::GetFlag(FLAGS_team);
    measures.show_parts = absl::GetFlag(FLAGS_parts);
  }

  std::error_code cwd_error;
  const std::filesystem::path cwd = std::filesystem::current_path(cwd_error);
  absl::StatusOr<scorecard::scorecardctl::StackEndpoints> stack =
      scorecard::scorecardctl::FindStack(absl::GetFlag(FLAGS_stack_dir),
                                         scorecard::scorecardctl::EnvironmentStackDir(), cwd);
  if (!stack.ok()) {
    std::cerr << "error: " << stack.status().message() << "\n";
    return stack.status().code() == absl::StatusCode::kNotFound ? kExitUsage : kExitFailure;
  }

  if (name == "ingest") return scorecard::scorecardctl::RunIngest(*stack, ingest, std::cout, std::cerr);
  if (name == "scorecard") return scorecard::scorecardctl::RunScorecard(*stack, card, std::cout, std::cerr);
  if (name == "measures") return scorecard::scorecardctl::RunMeasures(*stack, measures, std::cout, std::cerr);
  return scorecard::scorecardctl::RunStatus(*stack, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) { return Main(argc, argv); }
