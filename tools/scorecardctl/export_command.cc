// `scorecardctl export`: one ExportScorecard call to the aggregator, which renders the card
// with services/aggregator/export (the same bytes for every client of the API), written to a
// file whole or not at all.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/files/atomic_file.h"
#include "common/records/proto_date.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "services/aggregator/export/scorecard_export.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/rpc_support.h"

namespace scorecard::scorecardctl {
namespace {

// The format named by the output file's extension ("card.xlsx" -> "xlsx"), else "".
std::string FormatOfPath(absl::string_view path) {
  const size_t dot = path.rfind('.');
  const size_t slash = path.find_last_of('/');
  if (dot == absl::string_view::npos || (slash != absl::string_view::npos && dot < slash)) {
    return "";
  }
  std::string extension = absl::AsciiStrToLower(path.substr(dot + 1));
  if (extension == "htm") extension = "html";
  return aggregator::ParseExportFormat(extension).ok() ? extension : "";
}

}  // namespace

absl::StatusOr<ExportOptions> ParseExportOptions(const ExportFlags& flags) {
  if (absl::Status authority = CheckAuthorityFlag(flags.authority); !authority.ok()) {
    return authority;
  }
  absl::StatusOr<MonthRange> months = ParseMonthRange(flags.from, flags.to);
  if (!months.ok()) return months.status();
  absl::StatusOr<std::optional<absl::Time>> as_at = ParseAsAt(flags.as_at);
  if (!as_at.ok()) return as_at.status();
  if (flags.output.empty()) {
    return absl::InvalidArgumentError(
        "--output is required: the file to write (e.g. card.xlsx), or - for stdout");
  }
  std::string format_word = flags.format;
  if (format_word.empty()) {
    format_word = flags.output == "-" ? "" : FormatOfPath(flags.output);
    if (format_word.empty()) {
      return absl::InvalidArgumentError(
          "--format is required (csv, json, xlsx or html) when --output does not end in one");
    }
  }
  absl::StatusOr<aggregator::ExportFormat> format =
      aggregator::ParseExportFormat(format_word, flags.layout);
  if (!format.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        flags.layout.empty() ? "--format: " : "--format/--layout: ", format.status().message()));
  }
  ExportOptions options;
  options.authority = flags.authority;
  options.scorecard_id = flags.id;
  options.months = *months;
  options.as_at = *as_at;
  options.format = *format;
  options.output = flags.output;
  return options;
}

int RunExport(const StackClient& stack, const ExportOptions& options, std::ostream& out,
              std::ostream& err) {
  aggregator::v1::ExportScorecardRequest request;
  request.set_authority(options.authority);
  request.set_scorecard_id(options.scorecard_id);
  *request.mutable_from_month() = ToProtoMonth(options.months.from);
  *request.mutable_to_month() = ToProtoMonth(options.months.to);
  if (options.as_at.has_value()) *request.mutable_as_at() = ToProtoTimestamp(*options.as_at);
  request.set_format(aggregator::ProtoExportFormat(options.format));
  request.set_layout(aggregator::ProtoExportLayout(options.format));
  aggregator::v1::ExportScorecardResponse exported;
  if (!CallAggregator(stack, &aggregator::v1::AggregatorService::Stub::ExportScorecard, request,
                      &exported, kScorecardDeadline, err)) {
    return kExitFailure;
  }

  if (options.output == "-") {
    out << exported.content();
    out.flush();
    return out.good() ? kExitOk : kExitFailure;
  }
  if (absl::Status written = WriteFileAtomically(options.output, exported.content());
      !written.ok()) {
    err << "error: writing " << options.output << ": " << written.message() << "\n";
    return kExitFailure;
  }
  out << "wrote " << options.output << " (" << aggregator::FileExtension(options.format) << ", "
      << exported.content().size() << " bytes): " << exported.scorecard_id() << ", authority "
      << options.authority << ", " << FormatMonth(options.months.from) << " to "
      << FormatMonth(options.months.to) << ", " << exported.rows() << " rows\n";
  return kExitOk;
}

}  // namespace scorecard::scorecardctl
