// cin_census_import: turns a DfE CIN census XML return into safeguarding records as JSON
// Lines, ready for `scorecardctl ingest safeguarding FILE`.
//
//   cin_census_import --authority=869 --out=/tmp/cin.jsonl --report=/tmp/bad.csv cin.xml
//   cin_census_import --authority=869 --out=/tmp/cin.jsonl --strict cin.xml
//
// Exit codes: 0 imported (rejected children, if any, are listed in the report); 1 nothing
// written (the file is unusable, or --strict and a child was rejected, or output failed);
// 2 bad command line. See README.md.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/files/atomic_file.h"
#include "common/records/record_validator.h"
#include "tools/cin_census/cin_census_importer.h"
#include "tools/cin_census/import_output.h"
#include "tools/cin_census/progress_bar.h"

ABSL_FLAG(std::string, authority, "",
          "Required. DfE local authority code (three digits) for every record; must match the "
          "file's Header/Source/LEA when it has one.");
ABSL_FLAG(std::string, out, "",
          "Required. The JSON Lines file to write (replaced only when the import succeeds).");
ABSL_FLAG(std::string, report, "",
          "CSV of rejected children (child_id,element,reason). Written whatever the outcome.");
ABSL_FLAG(bool, strict, false,
          "Reject the whole file if any child is rejected: nothing is written, exit 1.");

namespace {

namespace cc = ::scorecard::cin_census;

constexpr char kTool[] = "cin_census_import";
// Enough to see the pattern; the report has them all.
constexpr int kMaxProblemsShown = 20;

int UsageError(absl::string_view message) {
  std::cerr << kTool << ": " << message << "\n"
            << "usage: " << kTool
            << " --authority=NNN --out=FILE.jsonl [--report=FILE.csv] [--strict] CENSUS.xml\n";
  return 2;
}

std::string Summary(const std::string& input, const cc::CinCensusSummary& s, const std::string& out,
                    const std::string& report, absl::Duration elapsed) {
  std::string text = absl::StrCat(kTool, ": ", input);
  if (s.census_year > 0) {
    absl::StrAppend(&text, " (census ", s.census_year - 1, "-", s.census_year % 100, ")");
  }
  absl::StrAppend(&text, "\n  children read:     ", s.children_read);
  absl::StrAppend(&text, "\n  children imported: ", s.children_imported);
  absl::StrAppend(&text, "\n  children rejected: ", s.children_rejected);
  if (s.children_rejected > 0) {
    absl::StrAppend(&text, " (", s.problems, " problem", s.problems == 1 ? "" : "s",
                    report.empty() ? "; pass --report=FILE.csv to list them all"
                                   : absl::StrCat("; listed in ", report),
                    ")");
  }
  if (s.records_withheld) {
    absl::StrAppend(&text, "\n  records written:   none (--strict: ", out, " left unchanged)");
  } else {
    absl::StrAppend(&text, "\n  records written:   ", s.records_imported, " to ", out);
  }
  absl::StrAppend(
      &text, absl::StrFormat("\n  elapsed:           %.2f s\n", absl::ToDoubleSeconds(elapsed)));
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(absl::StrCat(
      "Imports a DfE CIN census XML file as safeguarding records (JSON Lines).\n  ", kTool,
      " --authority=NNN --out=FILE.jsonl [--report=FILE.csv] [--strict] CENSUS.xml"));
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() != 2) return UsageError("expected exactly one census file (or - for stdin)");
  const std::string input = args[1];
  cc::CinCensusOptions options;
  options.authority = absl::GetFlag(FLAGS_authority);
  options.strict = absl::GetFlag(FLAGS_strict);
  const std::string out_path = absl::GetFlag(FLAGS_out);
  const std::string report_path = absl::GetFlag(FLAGS_report);
  if (options.authority.empty()) return UsageError("--authority is required");
  if (absl::Status valid = scorecard::ValidateAuthorityCode("--authority", options.authority);
      !valid.ok()) {
    return UsageError(valid.message());
  }
  if (out_path.empty()) return UsageError("--out is required");

  absl::StatusOr<std::unique_ptr<scorecard::AtomicFileWriter>> out =
      scorecard::AtomicFileWriter::Create(out_path);
  if (!out.ok()) {
    std::cerr << kTool << ": " << out.status().message() << "\n";
    return 1;
  }
  std::unique_ptr<scorecard::AtomicFileWriter> report;
  if (!report_path.empty()) {
    absl::StatusOr<std::unique_ptr<scorecard::AtomicFileWriter>> created =
        scorecard::AtomicFileWriter::Create(report_path);
    if (!created.ok()) {
      std::cerr << kTool << ": " << created.status().message() << "\n";
      return 1;
    }
    report = *std::move(created);
  }
  // The first failure to write the report; reported at the end (problems cannot fail).
  absl::Status report_status = report ? report->Append(cc::kReportHeader) : absl::OkStatus();

  cc::ProgressBar progress(STDERR_FILENO, absl::StrCat("reading ", input));
  int problems_shown = 0;
  cc::CinCensusCallbacks callbacks;
  callbacks.on_records =
      [&](absl::Span<const scorecard::safeguarding::v1::SafeguardingRecord> records) {
        return cc::AppendJsonLines(records, **out);
      };
  callbacks.on_problem = [&](const cc::ImportProblem& problem) {
    if (report && report_status.ok()) report_status = report->Append(cc::ReportRow(problem));
    if (problems_shown++ < kMaxProblemsShown) {
      progress.Clear();  // the bar and the message would share a line
      std::cerr << cc::FormatProblem(problem) << "\n";
    }
  };
  callbacks.on_progress = [&](uint64_t done, uint64_t total) { progress.Update(done, total); };

  const absl::Time began = absl::Now();
  absl::StatusOr<cc::CinCensusSummary> summary = cc::StreamCinCensusFile(input, options, callbacks);
  progress.Finish();
  if (!summary.ok()) {
    // Nothing is output; the report (if asked for) says why.
    std::cerr << kTool << ": " << input << ": " << summary.status().message() << "\n"
              << kTool << ": nothing written\n";
    if (report && report_status.ok()) {
      cc::ImportProblem file_problem;
      file_problem.element = "(file)";
      file_problem.reason = std::string(summary.status().message());
      report_status = report->Append(cc::ReportRow(file_problem));
      if (report_status.ok()) report_status = report->Commit();
    }
    if (!report_status.ok()) std::cerr << kTool << ": " << report_status.message() << "\n";
    return 1;
  }
  if (problems_shown > kMaxProblemsShown) {
    std::cerr << "... and " << problems_shown - kMaxProblemsShown << " more problems\n";
  }
  if (report && report_status.ok()) report_status = report->Commit();
  if (!report_status.ok()) {
    std::cerr << kTool << ": " << report_status.message() << "\n" << kTool << ": nothing written\n";
    return 1;
  }
  if (!summary->records_withheld) {
    if (absl::Status committed = (*out)->Commit(); !committed.ok()) {
      std::cerr << kTool << ": " << committed.message() << "\n";
      return 1;
    }
  }
  std::cout << Summary(input, *summary, out_path, report_path, absl::Now() - began);
  return summary->records_withheld ? 1 : 0;
}
