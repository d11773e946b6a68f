// `scorecardctl export`: one GetScorecard call to the aggregator, written to a file as CSV,
// JSON, XLSX or HTML (services/aggregator/export), whole or not at all.
#include <grpcpp/client_context.h>

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/files/atomic_file.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
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
  if (flags.authority.empty()) {
    return absl::InvalidArgumentError("--authority is required, e.g. --authority=869");
  }
  if (absl::Status code = ValidateAuthorityCode("--authority", flags.authority); !code.ok()) {
    return code;
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
  absl::StatusOr<ServiceChannel> aggregator_channel = stack.Dial("aggregator");
  if (!aggregator_channel.ok()) {
    err << "error: " << aggregator_channel.status().message() << "\n";
    return kExitFailure;
  }
  aggregator::v1::GetScorecardRequest request;
  request.set_authority(options.authority);
  request.set_scorecard_id(options.scorecard_id);
  *request.mutable_from_month() = ToProtoMonth(options.months.from);
  *request.mutable_to_month() = ToProtoMonth(options.months.to);
  if (options.as_at.has_value()) *request.mutable_as_at() = ToProtoTimestamp(*options.as_at);

  std::unique_ptr<aggregator::v1::AggregatorService::Stub> stub =
      aggregator::v1::AggregatorService::NewStub(aggregator_channel->channel);
  grpc::ClientContext context;
  SetDeadline(context, kScorecardDeadline);
  aggregator::v1::Scorecard card;
  const grpc::Status status = stub->GetScorecard(&context, request, &card);
  if (!status.ok()) {
    err << FormatRpcError(status, aggregator_channel->where);
    return kExitFailure;
  }

  absl::StatusOr<std::string> bytes = aggregator::ExportScorecard(card, options.format);
  if (!bytes.ok()) {
    err << "error: exporting the card: " << bytes.status().message() << "\n";
    return kExitFailure;
  }
  if (options.output == "-") {
    out << *bytes;
    out.flush();
    return out.good() ? kExitOk : kExitFailure;
  }
  if (absl::Status written = WriteFileAtomically(options.output, *bytes); !written.ok()) {
    err << "error: writing " << options.output << ": " << written.message() << "\n";
    return kExitFailure;
  }
  int rows = 0;
  for (const aggregator::v1::Section& section : card.sections()) rows += section.rows_size();
  out << "wrote " << options.output << " (" << aggregator::FileExtension(options.format) << ", "
      << bytes->size() << " bytes): " << card.scorecard_id() << ", authority " << card.authority()
      << ", " << FormatMonth(options.months.from) << " to " << FormatMonth(options.months.to)
      << ", " << rows << " rows\n";
  return kExitOk;
}

}  // namespace scorecard::scorecardctl
