// `scorecardctl publish`, `publications`, `restatement`, `local-value` and `reference load`:
// the aggregator's publication, restatement, local-value and reference-figure RPCs.
#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "services/aggregator/reference_values.h"
// For kLocalMeasurePrefix only (a constant: nothing of aggregator_lib is linked).
#include "services/aggregator/scorecard_definition.h"
#include "tools/scorecardctl/aggregator_format.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/jsonl_ingest.h"
#include "tools/scorecardctl/measure_words.h"
#include "tools/scorecardctl/message_output.h"
#include "tools/scorecardctl/rpc_support.h"

namespace scorecard::scorecardctl {
namespace {

namespace v1 = ::scorecard::aggregator::v1;
using Stub = v1::AggregatorService::Stub;

}  // namespace

absl::StatusOr<PublishOptions> ParsePublishOptions(const AggregatorFlags& flags) {
  if (absl::Status authority = CheckAuthorityFlag(flags.authority); !authority.ok()) {
    return authority;
  }
  absl::StatusOr<Month> month = ParseRequiredMonth("month", flags.month);
  if (!month.ok()) return month.status();
  PublishOptions options;
  if (flags.republish != !flags.reason.empty()) {
    return absl::InvalidArgumentError(
        flags.republish ? "--republish needs --reason (data-correction, late-data, "
                          "definition-change or publication-error)"
                        : "--reason is only for a republication: add --republish");
  }
  if (flags.republish) {
    absl::StatusOr<v1::RepublishReason> reason = ParseRepublishReason(flags.reason);
    if (!reason.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--reason: ", reason.status().message()));
    }
    options.reason = *reason;
  }
  absl::StatusOr<OutputFormat> format = ParseOutputFormat(flags.format);
  if (!format.ok()) return format.status();
  options.authority = flags.authority;
  options.scorecard_id = flags.id;
  options.month = *month;
  options.republish = flags.republish;
  options.format = *format;
  return options;
}

int RunPublish(const StackClient& stack, const PublishOptions& options, std::ostream& out,
               std::ostream& err) {
  v1::PublishScorecardRequest request;
  request.set_authority(options.authority);
  request.set_scorecard_id(options.scorecard_id);
  *request.mutable_month() = ToProtoMonth(options.month);
  request.set_republish(options.republish);
  request.set_reason(options.reason);
  v1::Publication publication;
  // Publishing computes the whole card, as GetScorecard does.
  if (!CallAggregator(stack, &Stub::PublishScorecard, request, &publication, kScorecardDeadline,
                      err)) {
    return kExitFailure;
  }
  return PrintMessage(publication, options.format, FormatPublication, out, err);
}

absl::StatusOr<PublicationsOptions> ParsePublicationsOptions(const AggregatorFlags& flags) {
  if (absl::Status authority = CheckAuthorityFlag(flags.authority); !authority.ok()) {
    return authority;
  }
  absl::StatusOr<OutputFormat> format = ParseOutputFormat(flags.format);
  if (!format.ok()) return format.status();
  return PublicationsOptions{flags.authority, flags.id, *format};
}

int RunPublications(const StackClient& stack, const PublicationsOptions& options,
                    std::ostream& out, std::ostream& err) {
  v1::ListPublicationsRequest request;
  request.set_authority(options.authority);
  request.set_scorecard_id(options.scorecard_id);
  v1::ListPublicationsResponse response;
  if (!CallAggregator(stack, &Stub::ListPublications, request, &response, kReadDeadline, err)) {
    return kExitFailure;
  }
  const auto table = [](const v1::ListPublicationsResponse& listed) {
    return FormatPublicationsTable(listed.publications());
  };
  return PrintMessage(response, options.format, table, out, err);
}

absl::StatusOr<RestatementOptions> ParseRestatementOptions(const AggregatorFlags& flags) {
  if (absl::Status authority = CheckAuthorityFlag(flags.authority); !authority.ok()) {
    return authority;
  }
  RestatementOptions options;
  if (!flags.month.empty()) {
    if (!flags.from.empty() || !flags.to.empty()) {
      return absl::InvalidArgumentError("give --month, or --from and --to, not both");
    }
    absl::StatusOr<Month> month = ParseRequiredMonth("month", flags.month);
    if (!month.ok()) return month.status();
    options.months = {*month, *month};
  } else {
    if (flags.from.empty() && flags.to.empty()) {
      return absl::InvalidArgumentError("--month, or --from and --to, is required");
    }
    absl::StatusOr<MonthRange> months = ParseMonthRange(flags.from, flags.to);
    if (!months.ok()) return months.status();
    options.months = *months;
  }
  absl::StatusOr<OutputFormat> format = ParseOutputFormat(flags.format);
  if (!format.ok()) return format.status();
  options.authority = flags.authority;
  options.scorecard_id = flags.id;
  options.format = *format;
  return options;
}

int RunRestatement(const StackClient& stack, const RestatementOptions& options,
                   std::ostream& out, std::ostream& err) {
  v1::GetRestatementRequest request;
  request.set_authority(options.authority);
  request.set_scorecard_id(options.scorecard_id);
  *request.mutable_from_month() = ToProtoMonth(options.months.from);
  *request.mutable_to_month() = ToProtoMonth(options.months.to);
  v1::Restatement restatement;
  // The current card is computed to compare with.
  if (!CallAggregator(stack, &Stub::GetRestatement, request, &restatement, kScorecardDeadline,
                      err)) {
    return kExitFailure;
  }
  return PrintMessage(restatement, options.format, FormatRestatement, out, err);
}

absl::StatusOr<LocalValueOptions> ParseLocalValueOptions(const AggregatorFlags& flags) {
  if (absl::Status authority = CheckAuthorityFlag(flags.authority); !authority.ok()) {
    return authority;
  }
  if (!absl::StartsWith(flags.measure, aggregator::kLocalMeasurePrefix) ||
      flags.measure.size() == aggregator::kLocalMeasurePrefix.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--measure must be a local measure (", aggregator::kLocalMeasurePrefix, "...), e.g. "
        "--measure=local.personal_budget_pilot_families"));
  }
  absl::StatusOr<Month> month = ParseRequiredMonth("month", flags.month);
  if (!month.ok()) return month.status();
  LocalValueOptions options;
  if (flags.withdraw == !flags.value.empty()) {
    return absl::InvalidArgumentError(
        "give --value=N to enter the month's value, or --withdraw to withdraw it (one of them)");
  }
  if (!flags.withdraw) {
    double value = 0;
    if (!absl::SimpleAtod(flags.value, &value) || !std::isfinite(value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--value: \"", flags.value, "\" is not a number"));
    }
    options.value = value;
  }
  options.authority = flags.authority;
  options.measure_id = flags.measure;
  options.month = *month;
  return options;
}

int RunLocalValue(const StackClient& stack, const LocalValueOptions& options, std::ostream& out,
                  std::ostream& err) {
  v1::EnterLocalValueRequest request;
  request.set_authority(options.authority);
  request.set_measure_id(options.measure_id);
  *request.mutable_month() = ToProtoMonth(options.month);
  if (options.value.has_value()) request.set_value(*options.value);
  v1::LocalValue stored;
  if (!CallAggregator(stack, &Stub::EnterLocalValue, request, &stored, kReadDeadline, err)) {
    return kExitFailure;
  }
  out << FormatLocalValue(stored);
  return kExitOk;
}

int RunReferenceLoad(const StackClient& stack, const ReferenceLoadOptions& options,
                     std::ostream& out, std::ostream& err) {
  const std::string name = InputDisplayName(options.path);
  absl::StatusOr<std::string> text = ReadInput(options.path);
  if (!text.ok()) {
    err << "error: " << text.status().message() << "\n";
    return kExitFailure;
  }
  absl::StatusOr<std::vector<v1::ReferenceValue>> values =
      aggregator::ParseReferenceCsv(*text, name);
  if (!values.ok()) {
    err << "error: " << values.status().message() << "\nnothing was sent\n";
    return kExitFailure;
  }
  if (values->empty()) {
    out << name << " holds no figures: nothing sent\n";
    return kExitOk;
  }
  int new_versions = 0;
  int unchanged = 0;
  for (size_t first = 0; first < values->size(); first += aggregator::kMaxReferenceValuesPerCall) {
    const size_t last =
        std::min(values->size(), first + aggregator::kMaxReferenceValuesPerCall);
    v1::LoadReferenceValuesRequest request;
    for (size_t i = first; i < last; ++i) *request.add_values() = (*values)[i];
    v1::LoadReferenceValuesResponse loaded;
    if (!CallAggregator(stack, &Stub::LoadReferenceValues, request, &loaded, kIngestDeadline,
                        err)) {
      if (first > 0) {
        err << "figures 1-" << first << " of " << values->size()
            << " were loaded; loading the file again is safe (unchanged figures stay as they "
               "are)\n";
      }
      return kExitFailure;
    }
    new_versions += loaded.new_versions();
    unchanged += loaded.unchanged();
  }
  out << "loaded " << values->size() << " reference figure(s) from " << name << ": "
      << new_versions << " new, " << unchanged << " unchanged\n";
  return kExitOk;
}

}  // namespace scorecard::scorecardctl
