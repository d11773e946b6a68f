// `scorecardctl import`: a council's own files (CIN census XML, SSDA903 CSV returns, the
// workforce census or an HR CSV), checked whole by the importers' libraries, then sent to
// the owning service in batches (batch_sender.h), with no JSON Lines file in between.
//
// Order of work, the same for every source: read and validate everything; write the report
// (if asked for); with --strict stop if anything was rejected; send. A batch that fails
// stops the import, and exactly which batches were acknowledged is printed.
#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/files/atomic_file.h"
#include "common/time/civil_date.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "tools/cin_census/cin_census_importer.h"
#include "tools/cin_census/import_output.h"
#include "tools/cin_census/progress_bar.h"
#include "tools/scorecardctl/batch_sender.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/import_sources.h"
#include "tools/scorecardctl/jsonl_ingest.h"
#include "tools/scorecardctl/rpc_support.h"
#include "tools/ssda903/import_output.h"
#include "tools/ssda903/ssda903_import.h"
#include "tools/workforce_census/census_convert.h"
#include "tools/workforce_census/census_csv.h"
#include "tools/workforce_census/census_xml.h"

namespace scorecard::scorecardctl {
namespace {

namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;
namespace wv1 = ::scorecard::workforce::v1;

// Enough to see a pattern on a terminal; the report has them all.
constexpr size_t kProblemsShown = 20;

// Writes the report when one was asked for. False, having said why, when it cannot be.
bool WriteReport(const std::string& path, absl::string_view text, std::ostream& err) {
  if (path.empty()) return true;
  if (absl::Status written = WriteFileAtomically(path, text); !written.ok()) {
    err << "error: cannot write the report: " << written.message() << "\n";
    return false;
  }
  return true;
}

// The first problems, then how many more and where they all are.
void ShowProblems(absl::Span<const std::string> problems, const std::string& report_path,
                  std::ostream& err) {
  for (size_t i = 0; i < problems.size() && i < kProblemsShown; ++i) {
    err << "  " << problems[i] << "\n";
  }
  if (problems.size() > kProblemsShown) {
    err << "  ... and " << problems.size() - kProblemsShown << " more"
        << (report_path.empty() ? " (pass --report=FILE to list them all)"
                                : absl::StrCat(" (all listed in ", report_path, ")"))
        << "\n";
  } else if (!report_path.empty()) {
    err << "  (listed in " << report_path << ")\n";
  }
}

// Sends one service's share of an import and prints its summary, or, when a batch fails,
// what failed and exactly which batches are stored. `what` names the input in messages.
template <typename Service, typename Request, typename Record>
bool SendImported(const StackClient& stack, absl::string_view service, absl::string_view what,
                  std::vector<Record>& records, int batch_size, std::ostream& out,
                  std::ostream& err) {
  if (records.empty()) {
    out << service << ": nothing to send from " << what << "\n";
    return true;
  }
  absl::StatusOr<ServiceChannel> channel = stack.Dial(service);
  if (!channel.ok()) {
    err << "error: " << channel.status().message() << "\n";
    return false;
  }
  const absl::Time began = absl::Now();
  const std::vector<size_t> sizes = RecordSizes(records);
  const std::vector<BatchSpan> batches = PlanBatches(sizes, batch_size);
  // bytes_before[i]: the bytes of records [0, i), for the progress bar.
  std::vector<uint64_t> bytes_before(sizes.size() + 1, 0);
  for (size_t i = 0; i < sizes.size(); ++i) bytes_before[i + 1] = bytes_before[i] + sizes[i];
  cin_census::ProgressBar progress(STDERR_FILENO, absl::StrCat("sending to ", service));
  IngestRun run = SendRecordBatches<Service, Request>(
      channel->channel, records, batches, [&](const IngestTotals& so_far) {
        progress.Update(bytes_before[so_far.records], bytes_before.back());
      });
  progress.Finish();
  run.totals.elapsed = absl::Now() - began;
  if (run.failure.ok()) {
    out << FormatIngestSummary(service, what, run.totals);
    return true;
  }
  err << FormatRpcError(run.failure, channel->where);
  if (run.failure.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    err << DescribeRejectedRecords(*run.failed_batch, run.failure.error_message(),
                                   [&](int index) { return RecordLabel(records[index]); });
  }
  err << service << ", " << what << ":\n"
      << DescribeAcknowledgedBatches(batches, run)
      << "note: acknowledged batches are stored durably. Re-running the whole import is safe: "
         "ingest is idempotent, so records already stored come back as unchanged\n";
  return false;
}

int ImportCinCensus(const StackClient& stack, const ImportOptions& options, std::ostream& out,
                    std::ostream& err) {
  cin_census::CinCensusOptions census;
  census.authority = options.authority;
  census.strict = options.strict;
  std::vector<sv1::SafeguardingRecord> records;
  std::vector<cin_census::ImportProblem> problems;
  cin_census::ProgressBar reading(STDERR_FILENO, absl::StrCat("reading ", options.path));
  cin_census::CinCensusCallbacks callbacks;
  callbacks.on_records = [&](absl::Span<const sv1::SafeguardingRecord> child_records) {
    records.insert(records.end(), child_records.begin(), child_records.end());
    return absl::OkStatus();
  };
  callbacks.on_problem = [&](const cin_census::ImportProblem& p) { problems.push_back(p); };
  callbacks.on_progress = [&](uint64_t done, uint64_t total) { reading.Update(done, total); };
  const absl::Time began = absl::Now();
  absl::StatusOr<cin_census::CinCensusSummary> summary =
      cin_census::StreamCinCensusFile(options.path, census, callbacks);
  reading.Finish();

  if (!summary.ok()) {
    // The file as a whole is unusable: one "(file)" row, as cin_census_import writes it.
    cin_census::ImportProblem file_problem;
    file_problem.element = "(file)";
    file_problem.reason = std::string(summary.status().message());
    WriteReport(options.report_path,
                absl::StrCat(cin_census::kReportHeader, cin_census::ReportRow(file_problem)), err);
    err << "error: " << options.path << ": " << summary.status().message()
        << "\nnothing was sent\n";
    return kExitFailure;
  }
  std::string report(cin_census::kReportHeader);
  std::vector<std::string> shown;
  for (const cin_census::ImportProblem& p : problems) {
    absl::StrAppend(&report, cin_census::ReportRow(p));
    shown.push_back(cin_census::FormatProblem(p));
  }
  if (!WriteReport(options.report_path, report, err)) {
    err << "nothing was sent\n";
    return kExitFailure;
  }

  out << absl::StrFormat("CIN census %d-%02d, %s: %d children read, %d valid, %d rejected "
                         "(%.2f s)\n",
                         summary->census_year - 1, summary->census_year % 100, options.path,
                         summary->children_read, summary->children_valid,
                         summary->children_rejected, absl::ToDoubleSeconds(absl::Now() - began));
  if (!problems.empty()) {
    err << summary->children_rejected << " children rejected, " << problems.size()
        << " problems:\n";
    ShowProblems(shown, options.report_path, err);
  }
  if (summary->records_withheld) {
    err << "--strict: a child was rejected, so nothing was sent\n";
    return kExitFailure;
  }
  return SendImported<sv1::SafeguardingService, sv1::IngestRequest>(
             stack, "safeguarding", options.path, records, options.batch_size, out, err)
             ? kExitOk
             : kExitFailure;
}

// "2016-17 Episodes line 3 LS (CHILD C1): reason": one 903 problem for people.
std::string Describe903Problem(int year, const ssda903::ReportEntry& e) {
  std::string where = absl::StrCat(CollectionYearText(year), " ",
                                   e.table.empty() ? "return" : e.table);
  if (e.line > 0) absl::StrAppend(&where, " line ", e.line);
  if (!e.column.empty()) absl::StrAppend(&where, " ", e.column);
  if (!e.child.empty()) absl::StrAppend(&where, " (CHILD ", e.child, ")");
  return absl::StrCat(where, ": ", e.reason);
}

int ImportSsda903(const StackClient& stack, const ImportOptions& options, std::ostream& out,
                  std::ostream& err) {
  absl::StatusOr<std::vector<ReturnFolder>> folders =
      FindReturnFolders(options.path, options.year);
  if (!folders.ok()) {
    err << "error: " << folders.status().message() << "\nnothing was sent\n";
    return kExitFailure;
  }

  // Every year is read and checked before anything is sent.
  std::vector<ssda903::ImportResult> results;
  results.reserve(folders->size());
  for (const ReturnFolder& folder : *folders) {
    ssda903::ImportOptions year_options;
    year_options.authority = options.authority;
    year_options.year = folder.year;
    year_options.strict = options.strict;
    absl::StatusOr<ssda903::ImportResult> result =
        ssda903::ImportFolder(folder.path, year_options);
    if (!result.ok()) {
      err << "error: " << folder.path << ": " << result.status().message()
          << "\nnothing was sent\n";
      return kExitFailure;
    }
    out << ssda903::FormatSummary(*result, year_options);
    results.push_back(*std::move(result));
  }

  std::vector<std::pair<int, const ssda903::ImportResult*>> by_year;
  std::vector<std::string> shown;
  bool any_withheld = false;
  for (size_t i = 0; i < results.size(); ++i) {
    by_year.emplace_back((*folders)[i].year, &results[i]);
    any_withheld = any_withheld || results[i].outcome == ssda903::ImportOutcome::kNothingImported;
    for (const ssda903::ReportEntry& e : results[i].report) {
      if (e.is_problem) shown.push_back(Describe903Problem((*folders)[i].year, e));
    }
  }
  if (!WriteReport(options.report_path, Ssda903HistoryReportCsv(by_year), err)) {
    err << "nothing was sent\n";
    return kExitFailure;
  }
  if (!shown.empty()) {
    err << shown.size() << " problems:\n";
    ShowProblems(shown, options.report_path, err);
  }
  // Years build on each other (a later return restates an earlier one's open episodes),
  // so a history is loaded without gaps or not at all.
  if (any_withheld) {
    err << (options.strict ? "--strict: a return had problems"
                           : "a return could not be read (see its fatal problems)")
        << ", so nothing was sent\n";
    return kExitFailure;
  }

  for (size_t i = 0; i < results.size(); ++i) {
    const std::string what =
        absl::StrCat((*folders)[i].path, " (", CollectionYearText((*folders)[i].year), ")");
    if (!SendImported<pv1::PlacementService, pv1::IngestRequest>(
            stack, "placement", what, results[i].placement, options.batch_size, out, err) ||
        !SendImported<sv1::SafeguardingService, sv1::IngestRequest>(
            stack, "safeguarding", what, results[i].safeguarding, options.batch_size, out,
            err)) {
      if (i > 0) {
        err << "returns sent in full before it: " << CollectionYearText((*folders)[0].year)
            << (i > 1 ? absl::StrCat(" to ", CollectionYearText((*folders)[i - 1].year)) : "")
            << "\n";
      }
      return kExitFailure;
    }
  }
  return kExitOk;
}

int ImportWorkforceCensus(const StackClient& stack, const ImportOptions& options,
                          std::ostream& out, std::ostream& err) {
  std::ifstream in(options.path, std::ios::binary);
  if (!in) {
    err << "error: cannot read " << options.path << "\nnothing was sent\n";
    return kExitFailure;
  }
  const workforce_census::CensusInput input =
      options.input_format == "csv" ? workforce_census::ReadWorkerCsv(in, options.path)
                                    : workforce_census::ReadCensusXml(in, options.path);
  workforce_census::ImportOptions census;
  census.authority = options.authority;
  if (!options.reference_date.empty()) {
    absl::StatusOr<Date> date = ParseIsoDate(options.reference_date);
    if (!date.ok()) {  // main checks it; kept so the library call cannot misread it
      err << "error: --reference_date: " << date.status().message() << "\n";
      return kExitFailure;
    }
    census.reference_date = *date;
  }
  workforce_census::ImportResult result = workforce_census::ConvertCensus(input, census);

  std::string report;
  for (const std::string& problem : result.problems) absl::StrAppend(&report, problem, "\n");
  if (!WriteReport(options.report_path, report, err)) {
    err << "nothing was sent\n";
    return kExitFailure;
  }
  out << "workforce census (" << options.input_format << "), " << options.path << ": "
      << input.workers.size() << " worker records read, " << result.records.size()
      << " records made\n";
  if (!result.ok()) {
    // The workforce importer judges a file whole: a worker's roles, sickness return and the
    // vacancies are checked together, so there is no partial import to fall back to.
    err << result.problems.size() << " problems:\n";
    ShowProblems(result.problems, options.report_path, err);
    err << "a workforce census is imported whole or not at all, so nothing was sent\n";
    return kExitFailure;
  }
  return SendImported<wv1::WorkforceService, wv1::IngestRequest>(
             stack, "workforce", options.path, result.records, options.batch_size, out, err)
             ? kExitOk
             : kExitFailure;
}

}  // namespace

absl::StatusOr<ImportSource> ParseImportSource(absl::string_view word) {
  if (word == "cin-census") return ImportSource::kCinCensus;
  if (word == "ssda903") return ImportSource::kSsda903;
  if (word == "workforce-census") return ImportSource::kWorkforceCensus;
  return absl::InvalidArgumentError(absl::StrCat(
      "cannot import \"", word, "\": expected cin-census, ssda903 or workforce-census"));
}

int RunImport(const StackClient& stack, const ImportOptions& options, std::ostream& out,
              std::ostream& err) {
  switch (options.source) {
    case ImportSource::kCinCensus:
      return ImportCinCensus(stack, options, out, err);
    case ImportSource::kSsda903:
      return ImportSsda903(stack, options, out, err);
    case ImportSource::kWorkforceCensus:
      return ImportWorkforceCensus(stack, options, out, err);
  }
  return kExitFailure;
}

}  // namespace scorecard::scorecardctl
