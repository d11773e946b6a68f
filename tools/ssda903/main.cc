// ssda903_import: converts one year's SSDA903 return (a folder of the DfE looked-after
// children CSV tables) into JSON Lines for `scorecardctl ingest`.
//
//   ssda903_import --in=/data/903/2016-17 --authority=869 --year=2016
//       --out=/tmp/903/placement-2016.jsonl --safeguarding_out=/tmp/903/missing-2016.jsonl
//       --report=/tmp/903/report-2016.csv
//   scorecardctl ingest placement /tmp/903/placement-2016.jsonl
//   scorecardctl ingest safeguarding /tmp/903/missing-2016.jsonl
//
// Exit codes: 0 records written (the report lists any children held back); 1 nothing
// written (a fatal problem, or --strict and any problem); 2 bad flags; 3 the input could
// not be read or an output not written. See README.md.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/files/atomic_file.h"
#include "tools/ssda903/import_output.h"
#include "tools/ssda903/ssda903_import.h"

ABSL_FLAG(std::string, in, "", "Required. The folder holding the return's CSV files.");
ABSL_FLAG(std::string, authority, "", "Required. DfE local authority code (three digits).");
ABSL_FLAG(int, year, 0,
          "Required. Collection year, named by the year it starts in: 2016 is the 2016-17 "
          "return, ending 31 March 2017.");
ABSL_FLAG(std::string, out, "",
          "Required. Where to write the placement records (JSON Lines, replaced whole).");
ABSL_FLAG(std::string, safeguarding_out, "",
          "Where to write the Missing table as safeguarding MissingEpisode records (JSON "
          "Lines). Without it those rows are checked but not written.");
ABSL_FLAG(std::string, report, "",
          "Where to write the report (CSV: table,line,column,child,reason): every problem "
          "and every row held back. Written in every outcome.");
ABSL_FLAG(bool, strict, false, "Any problem holds back the whole return (exit 1).");

namespace {

namespace ssda903 = ::scorecard::ssda903;
namespace fs = std::filesystem;

constexpr int kExitWritten = 0;
constexpr int kExitNothingImported = 1;
constexpr int kExitUsage = 2;
constexpr int kExitInputOutput = 3;
// Enough to see a pattern on a terminal; the report has them all.
constexpr int kProblemsShown = 20;

int Usage(absl::string_view message) {
  std::cerr << "ssda903_import: " << message << "\n";
  return kExitUsage;
}

int InputOutputError(const absl::Status& status) {
  std::cerr << "ssda903_import: " << status.message() << "\n";
  return kExitInputOutput;
}

// True when `path` would land inside `folder`: the next run would read it as a table.
bool IsInside(const std::string& path, const std::string& folder) {
  std::error_code error;
  const fs::path dir = fs::weakly_canonical(folder, error);
  const fs::path parent = fs::weakly_canonical(fs::absolute(path).parent_path(), error);
  return !error && dir == parent;
}

void PrintProblems(const std::vector<ssda903::ReportEntry>& report, bool have_report_file) {
  int shown = 0;
  int problems = 0;
  for (const ssda903::ReportEntry& e : report) {
    if (!e.is_problem) continue;
    ++problems;
    if (shown == kProblemsShown) continue;
    ++shown;
    std::string where = e.table.empty() ? "return" : e.table;
    if (e.line > 0) absl::StrAppend(&where, " line ", e.line);
    if (!e.column.empty()) absl::StrAppend(&where, " ", e.column);
    if (!e.child.empty()) absl::StrAppend(&where, " (CHILD ", e.child, ")");
    std::cerr << "  " << where << ": " << e.reason << "\n";
  }
  if (problems > shown) {
    std::cerr << "  ... and " << problems - shown << " more"
              << (have_report_file ? " (see the report)" : " (write them all with --report)")
              << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Converts an SSDA903 return (CSV tables) into placement ingest records.\n"
      "  ssda903_import --in=DIR --authority=869 --year=2016 --out=FILE.jsonl\n"
      "      [--safeguarding_out=FILE.jsonl] [--report=FILE.csv] [--strict]");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() > 1) return Usage(absl::StrCat("unexpected argument ", args[1]));

  ssda903::ImportOptions options;
  options.authority = absl::GetFlag(FLAGS_authority);
  options.year = absl::GetFlag(FLAGS_year);
  options.strict = absl::GetFlag(FLAGS_strict);
  const std::string in = absl::GetFlag(FLAGS_in);
  const std::string out = absl::GetFlag(FLAGS_out);
  const std::string safeguarding_out = absl::GetFlag(FLAGS_safeguarding_out);
  const std::string report = absl::GetFlag(FLAGS_report);
  if (in.empty()) return Usage("--in is required");
  if (out.empty()) return Usage("--out is required");
  if (absl::Status s = ssda903::ValidateImportOptions(options); !s.ok()) {
    return Usage(absl::StrCat("--", s.message()));
  }
  for (const std::string& path : {out, safeguarding_out, report}) {
    if (!path.empty() && IsInside(path, in)) {
      return Usage(absl::StrCat(path,
                                " is inside --in: the next run would read it as part of "
                                "the return; write outputs elsewhere"));
    }
  }

  const absl::Time began = absl::Now();
  absl::StatusOr<std::vector<ssda903::InputFile>> files = ssda903::ReadReturnFolder(in);
  if (!files.ok()) return InputOutputError(files.status());
  const absl::Duration reading = absl::Now() - began;

  absl::StatusOr<ssda903::ImportResult> result = ssda903::ImportReturn(*files, options);
  if (!result.ok()) return Usage(result.status().message());

  const absl::Time writing_began = absl::Now();
  std::vector<std::pair<std::string, std::string>> outputs;
  if (!report.empty()) outputs.emplace_back(report, ssda903::FormatReportCsv(result->report));
  const bool importing = result->outcome != ssda903::ImportOutcome::kNothingImported;
  if (importing) {
    absl::StatusOr<std::string> placement = ssda903::ToJsonLines(result->placement);
    if (!placement.ok()) return InputOutputError(placement.status());
    outputs.emplace_back(out, *std::move(placement));
    if (!safeguarding_out.empty()) {
      absl::StatusOr<std::string> missing = ssda903::ToJsonLines(result->safeguarding);
      if (!missing.ok()) return InputOutputError(missing.status());
      outputs.emplace_back(safeguarding_out, *std::move(missing));
    }
  }
  if (absl::Status s = scorecard::WriteFilesAtomically(outputs); !s.ok()) {
    return InputOutputError(s);
  }
  const absl::Duration writing = absl::Now() - writing_began;

  std::cout << ssda903::FormatSummary(*result, options);
  if (importing) {
    std::cout << "  wrote " << out << " (" << result->placement.size() << " records)\n";
    if (!safeguarding_out.empty()) {
      std::cout << "  wrote " << safeguarding_out << " (" << result->safeguarding.size()
                << " records)\n";
    } else if (!result->safeguarding.empty()) {
      std::cout << "  " << result->safeguarding.size()
                << " missing episodes not written: give --safeguarding_out to keep them\n";
    }
  }
  if (!report.empty()) std::cout << "  wrote " << report << "\n";
  std::cout << absl::StrFormat(
      "  timing: read %.3f s, convert %.3f s, write %.3f s\n", absl::ToDoubleSeconds(reading),
      absl::ToDoubleSeconds(result->stats.elapsed), absl::ToDoubleSeconds(writing));
  if (result->stats.problems > 0) {
    std::cerr << "ssda903_import: " << result->stats.problems << " problem"
              << (result->stats.problems == 1 ? "" : "s") << ":\n";
    PrintProblems(result->report, !report.empty());
  }
  if (!importing) {
    const bool fatal = std::any_of(result->report.begin(), result->report.end(),
                                   [](const ssda903::ReportEntry& e) { return e.fatal; });
    std::cerr << "ssda903_import: nothing written to " << out
              << (fatal ? " (a table could not be read)" : " (--strict)") << "\n";
    return kExitNothingImported;
  }
  return kExitWritten;
}
