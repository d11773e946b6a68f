// The subcommands' work, once main has parsed and checked the command line.
//
//   absl::StatusOr<StackEndpoints> endpoints = FindStack(...);
//   StackClient stack(*std::move(endpoints), tls_options);   // rpc_support.h
//   IngestOptions options{.service = "safeguarding", .path = "referrals.jsonl"};
//   return RunIngest(stack, options, std::cout, std::cerr);   // an exit code
//
// Each returns kExitOk or kExitFailure (command_line.h), except RunAuditVerify (below);
// usage problems are main's to find before calling, so none of these returns kExitUsage.
#ifndef SCORECARD_TOOLS_SCORECARDCTL_COMMANDS_H_
#define SCORECARD_TOOLS_SCORECARDCTL_COMMANDS_H_

#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/time/civil_date.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"
#include "scorecard/common/v1/common.pb.h"
#include "services/aggregator/export/scorecard_export.h"
#include "tools/scorecardctl/command_line.h"
#include "tools/scorecardctl/jsonl_ingest.h"
#include "tools/scorecardctl/rpc_support.h"

namespace scorecard::scorecardctl {

struct IngestOptions {
  // "workforce", "safeguarding" or "placement".
  std::string service;
  // A JSON Lines file, or "-" for stdin.
  std::string path;
  int batch_size = kDefaultBatchSize;
};
int RunIngest(const StackClient& stack, const IngestOptions& options, std::ostream& out,
              std::ostream& err);

struct ScorecardOptions {
  std::string authority;
  // "" asks the aggregator for its default card ("getting-to-good").
  std::string scorecard_id;
  MonthRange months;
  std::optional<absl::Time> as_at;
  OutputFormat format = OutputFormat::kTable;
};
int RunScorecard(const StackClient& stack, const ScorecardOptions& options, std::ostream& out,
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
int RunMeasures(const StackClient& stack, const MeasuresOptions& options, std::ostream& out,
                std::ostream& err);

// Prints each endpoint and its health, then the aggregator's cache statistics (admin only:
// a refusal is shown and does not change the exit code); kExitFailure unless every
// endpoint is serving.
int RunStatus(const StackClient& stack, std::ostream& out, std::ostream& err);

enum class ImportSource { kCinCensus, kSsda903, kWorkforceCensus };
// "cin-census", "ssda903" or "workforce-census".
[[nodiscard]] absl::StatusOr<ImportSource> ParseImportSource(absl::string_view word);

struct ImportOptions {
  ImportSource source = ImportSource::kCinCensus;
  // The census file; for ssda903 a folder: one return, or one sub-folder per year.
  std::string path;
  std::string authority;
  // Any rejected record means nothing is sent.
  bool strict = false;
  // Where to write every rejected record (ids, field, reason); "" for nowhere.
  std::string report_path;
  int batch_size = kDefaultBatchSize;
  // ssda903: the collection year of a folder that is one return, when its name does not say.
  std::optional<int> year;
  // workforce-census: "xml" or "csv", and the census reference date (YYYY-MM-DD) for a file
  // that has none.
  std::string input_format = "xml";
  std::string reference_date;
};
// Reads and checks the whole input with the importer's library, writes the report, then
// (unless --strict found a rejection) sends the records in batches. See the README.
int RunImport(const StackClient& stack, const ImportOptions& options, std::ostream& out,
              std::ostream& err);

struct DrillDownOptions {
  std::string authority;
  // Its prefix names the service asked ("safeguarding.", "placement.", "workforce.").
  std::string measure_id;
  Month month;
  common::v1::Basis basis = common::v1::BASIS_UNSPECIFIED;
  std::string team;
  common::v1::DrillDownScope scope = common::v1::DRILL_DOWN_SCOPE_UNSPECIFIED;
  std::optional<absl::Time> as_at;
  // Rows per call; 0 lets the service choose.
  int page_size = 0;
  OutputFormat format = OutputFormat::kTable;
};
// Every page of DrillDown, then a table or JSON Lines (drilldown_format.h).
int RunDrillDown(const StackClient& stack, const DrillDownOptions& options, std::ostream& out,
                 std::ostream& err);

// `audit verify` exits as audit_verify does.
inline constexpr int kExitTampered = 1;
inline constexpr int kExitCouldNotVerify = 2;

struct AuditVerifyOptions {
  OutputFormat format = OutputFormat::kTable;
};
// kExitOk when the chain verified, kExitTampered when it did not, kExitCouldNotVerify when
// verification could not be run (no audit service, a failed call).
int RunAuditVerify(const StackClient& stack, const AuditVerifyOptions& options,
                   std::ostream& out, std::ostream& err);

struct AuditQueryOptions {
  // Each filter, when not empty, must match.
  std::string actor;
  std::string action;
  std::string authority;
  // An event naming this child (or worker, or measure) id.
  std::string subject_id;
  // recorded in [from, to).
  std::optional<absl::Time> from;
  std::optional<absl::Time> to;
  // Events per call, 1..1000; 0 lets the service choose.
  int page_size = 0;
  OutputFormat format = OutputFormat::kTable;
};
// Every matching event, oldest first, following the pages to the end.
int RunAuditQuery(const StackClient& stack, const AuditQueryOptions& options, std::ostream& out,
                  std::ostream& err);

// `export`: the flags' values as given (format "" when --format was not given: then the
// output file's extension names it).
struct ExportFlags {
  std::string authority;
  std::string id;
  std::string from;
  std::string to;
  std::string as_at;
  std::string format;
  std::string layout;
  std::string output;
};
struct ExportOptions {
  std::string authority;
  // "" asks the aggregator for its default card ("getting-to-good").
  std::string scorecard_id;
  MonthRange months;
  std::optional<absl::Time> as_at;
  aggregator::ExportFormat format = aggregator::ExportFormat::kCsv;
  // The file to write (atomically: whole or not at all), or "-" for stdout.
  std::string output;
};
// INVALID_ARGUMENT naming the flag when one is missing or wrong.
[[nodiscard]] absl::StatusOr<ExportOptions> ParseExportOptions(const ExportFlags& flags);
// ExportScorecard (the aggregator renders the card), then its bytes to the output
// (export_command.cc).
int RunExport(const StackClient& stack, const ExportOptions& options, std::ostream& out,
              std::ostream& err);

// The aggregator's publication, restatement and local-value commands (aggregator_commands.cc):
// their flags as given, each parsed into the options of one command. INVALID_ARGUMENT
// naming the flag when one is missing, wrong or does not belong with another.
struct AggregatorFlags {
  std::string authority;
  std::string id;
  std::string month;
  std::string from;
  std::string to;
  bool republish = false;
  std::string reason;
  std::string measure;
  std::string value;
  bool withdraw = false;
  std::string format = "table";
};

struct PublishOptions {
  std::string authority;
  // "" publishes the aggregator's default card ("getting-to-good").
  std::string scorecard_id;
  Month month;
  bool republish = false;
  aggregator::v1::RepublishReason reason = aggregator::v1::REPUBLISH_REASON_UNSPECIFIED;
  OutputFormat format = OutputFormat::kTable;
};
// --authority, --month; --republish needs --reason and --reason needs --republish.
[[nodiscard]] absl::StatusOr<PublishOptions> ParsePublishOptions(const AggregatorFlags& flags);
// PublishScorecard; prints what was published (FormatPublication) or the whole Publication
// as JSON, card included.
int RunPublish(const StackClient& stack, const PublishOptions& options, std::ostream& out,
               std::ostream& err);

struct PublicationsOptions {
  std::string authority;
  // "" lists every scorecard's publications.
  std::string scorecard_id;
  OutputFormat format = OutputFormat::kTable;
};
[[nodiscard]] absl::StatusOr<PublicationsOptions> ParsePublicationsOptions(
    const AggregatorFlags& flags);
// ListPublications: every revision of every published month, without the cards.
int RunPublications(const StackClient& stack, const PublicationsOptions& options,
                    std::ostream& out, std::ostream& err);

struct RestatementOptions {
  std::string authority;
  std::string scorecard_id;
  MonthRange months;
  OutputFormat format = OutputFormat::kTable;
};
// --month for one month, or --from and --to; not both.
[[nodiscard]] absl::StatusOr<RestatementOptions> ParseRestatementOptions(
    const AggregatorFlags& flags);
// GetRestatement: each published cell whose value now differs, with both values.
int RunRestatement(const StackClient& stack, const RestatementOptions& options,
                   std::ostream& out, std::ostream& err);

struct LocalValueOptions {
  std::string authority;
  // A "local." measure of a loaded card, e.g. local.personal_budget_pilot_families.
  std::string measure_id;
  Month month;
  // nullopt withdraws the month's value.
  std::optional<double> value;
};
// --authority, --measure (local.*), --month, and --value=N (finite) or --withdraw.
[[nodiscard]] absl::StatusOr<LocalValueOptions> ParseLocalValueOptions(
    const AggregatorFlags& flags);
// EnterLocalValue; prints the value as stored (revision, who, when).
int RunLocalValue(const StackClient& stack, const LocalValueOptions& options, std::ostream& out,
                  std::ostream& err);

struct ReferenceLoadOptions {
  // CSV with the header comparator_key,source,period,value,authority,citation (the file
  // deploy/stack loads with --reference_values); "-" for stdin.
  std::string path;
};
// Reads and checks the whole file (aggregator::ParseReferenceCsv: errors name the line;
// nothing is sent), then LoadReferenceValues in calls of at most
// aggregator::kMaxReferenceValuesPerCall figures. Reloading is idempotent.
int RunReferenceLoad(const StackClient& stack, const ReferenceLoadOptions& options,
                     std::ostream& out, std::ostream& err);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_COMMANDS_H_
