// scorecardctl: the command line for a running local scorecard stack.
//
//   scorecardctl status
//   scorecardctl ingest safeguarding referrals.jsonl
//   scorecardctl import cin-census cin_2017.xml --authority=869 --report=rejected.csv
//   scorecardctl scorecard --authority=869 --from=2016-04 --to=2017-01
//   scorecardctl measures --authority=869 --from=2016-04 --to=2017-01
//       --measures=safeguarding.icpc_within_15wd --basis=ytd --format=json
//   scorecardctl drilldown --authority=869 --measure=safeguarding.icpc_within_15wd
//       --month=2016-05 --scope=outside
//   scorecardctl audit verify
//   scorecardctl publish --authority=869 --month=2017-04
//   scorecardctl restatement --authority=869 --from=2017-04 --to=2017-06
//
// This file owns the flags, the help text and the dispatch; the work is in
// scorecardctl_lib (commands.h) so that tests can reach it. The flags are global, as Abseil
// flags are, but each subcommand accepts only its own: a flag meant for another one is a
// usage error rather than silently ignored.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/records/record_validator.h"
#include "common/security/channel_credentials.h"
#include "common/server/server_runner.h"
#include "common/time/civil_date.h"
#include "tools/scorecardctl/command_line.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/import_sources.h"
#include "tools/scorecardctl/jsonl_ingest.h"
#include "tools/scorecardctl/measure_words.h"
#include "tools/scorecardctl/rpc_support.h"
#include "tools/scorecardctl/stack_endpoints.h"
#include "tools/ssda903/ssda903_import.h"

ABSL_FLAG(std::string, stack_dir, "",
          "Folder holding the stack's `endpoints` file. Default: $SCORECARD_STACK_DIR, else "
          "the nearest var/stack above the current directory.");
ABSL_FLAG(int, batch_size, scorecard::scorecardctl::kDefaultBatchSize,
          "ingest, import: records per Ingest call (1 to 50000).");
ABSL_FLAG(std::string, authority, "", "DfE local authority code, e.g. 869.");
ABSL_FLAG(std::string, from, "",
          "scorecard, measures: first month, YYYY-MM. audit query: from this date or time.");
ABSL_FLAG(std::string, to, "",
          "scorecard, measures: last month, YYYY-MM (inclusive). audit query: to this date "
          "(inclusive) or time (exclusive).");
ABSL_FLAG(std::string, id, "",
          "scorecard, export, publish, restatement: the scorecard id; default getting-to-good. "
          "publications: only this scorecard's.");
ABSL_FLAG(std::string, as_at, "",
          "The data as recorded at this instant (RFC 3339, e.g. 2016-06-05T00:00:00Z); "
          "default: as it is now.");
ABSL_FLAG(std::string, format, "table",
          "table (for people) or json (for scripts); import workforce-census: xml or csv; "
          "export: csv, json, xlsx or html.");
ABSL_FLAG(std::string, measures, "",
          "measures: comma-separated measure ids; default every measure of every service.");
ABSL_FLAG(std::string, basis, "",
          "measures, drilldown: month, ytd, quarter, snapshot, rolling12 or rolling3y; default "
          "each measure's natural basis.");
ABSL_FLAG(std::string, team, "", "measures, drilldown: restrict to one team, e.g. DCT.");
ABSL_FLAG(bool, parts, false, "measures table: show percentages' numerator/denominator too.");
ABSL_FLAG(std::string, measure, "",
          "drilldown: the measure id, e.g. safeguarding.cp_visits_10wd. local-value: the local "
          "measure, e.g. local.personal_budget_pilot_families.");
ABSL_FLAG(std::string, month, "",
          "drilldown, publish, restatement, local-value: the month, YYYY-MM.");
ABSL_FLAG(std::string, scope, "all",
          "drilldown: all (every case considered), numerator or outside (considered but not "
          "in the numerator).");
ABSL_FLAG(int, page_size, 0, "drilldown, audit query: rows per call; 0 lets the service choose.");
ABSL_FLAG(bool, strict, false, "import: any rejected record means nothing is sent.");
ABSL_FLAG(std::string, report, "",
          "import: write every rejected record (ids, field, reason) to this file.");
ABSL_FLAG(int, year, 0,
          "import ssda903: the collection year of a folder that is one return (2016 for "
          "2016-17), when its name does not say.");
ABSL_FLAG(std::string, reference_date, "",
          "import workforce-census: the census reference date (YYYY-MM-DD) when the file has "
          "none (a CSV with WorkingDaysLost).");
ABSL_FLAG(std::string, actor, "", "audit query: events by this caller.");
ABSL_FLAG(std::string, child, "",
          "audit query: events naming this child id (or worker or measure id); ids are each "
          "council's own, so give --authority too.");
ABSL_FLAG(std::string, action, "", "audit query: events of this action, e.g. ingest, drill-down.");
ABSL_FLAG(std::string, output, "", "export: the file to write, or - for stdout.");
ABSL_FLAG(std::string, layout, "", "export csv: wide (default, the published card's shape) or long.");
ABSL_FLAG(bool, republish, false, "publish: publish a month already published (needs --reason).");
ABSL_FLAG(std::string, reason, "",
          "publish --republish: data-correction, late-data, definition-change or "
          "publication-error.");
ABSL_FLAG(std::string, value, "", "local-value: the month's value, a number.");
ABSL_FLAG(bool, withdraw, false, "local-value: withdraw the month's value instead.");

namespace {

namespace sc = ::scorecard::scorecardctl;
using sc::kExitFailure;
using sc::kExitOk;
using sc::kExitUsage;

// Every flag scorecardctl reads. The TLS ones are defined by common/server and
// common/security, so that clients and servers name them alike.
constexpr absl::string_view kOurFlags[] = {
    "stack_dir", "batch_size",     "authority",    "from",          "to",
    "id",        "as_at",          "format",       "measures",      "basis",
    "team",      "parts",          "measure",      "month",         "scope",
    "page_size", "strict",         "report",       "year",          "reference_date",
    "actor",     "child",          "action",       "tls_cert",      "tls_key",
    "tls_ca",    "tls_server_name", "bearer_token_file", "output",      "layout",
    "republish", "reason",         "value",        "withdraw"};
// Flags every command accepts: where the stack is and how to reach it.
constexpr absl::string_view kStackFlags[] = {"stack_dir", "tls_cert",        "tls_key",
                                             "tls_ca",    "tls_server_name", "bearer_token_file"};

struct Command {
  // "status", or a group and its subcommand: "import cin-census", "audit verify".
  absl::string_view name;
  std::vector<absl::string_view> flags;  // besides kStackFlags
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
  record mapped to its line), then which batches were acknowledged (stored) and which
  were not. Re-sending the same file is idempotent: records already stored are left
  unchanged, so fix and re-send. Prints records, new versions, unchanged, batches,
  elapsed time and records/s.
)"},
      {"import cin-census",
       {"authority", "strict", "report", "batch_size"},
       R"(scorecardctl import cin-census FILE.xml --authority=CODE [--strict] [--report=FILE.csv]
                                 [--batch_size=N]

  Loads a DfE CIN census XML return (2016-17 to 2025-26) into the safeguarding service.
  The whole file is read and every child checked first (tools/cin_census); a rejected
  child is left out whole and listed in the report (child_id,element,reason). With
  --strict any rejected child means nothing is sent. A file that is not a usable census
  sends nothing. A progress bar is drawn when stderr is a terminal.
)"},
      {"import ssda903",
       {"authority", "strict", "report", "batch_size", "year"},
       R"(scorecardctl import ssda903 DIR --authority=CODE [--strict] [--report=FILE.csv]
                              [--year=YYYY] [--batch_size=N]

  Loads SSDA903 returns (looked-after children CSV tables) into the placement service, and
  their Missing tables into safeguarding. DIR is one return (its CSV files; the year from
  --year or the folder's name, e.g. 2016-17) or a folder of returns named by year
  (2016-17/, 2017-18/ ...), loaded oldest first. Every year is read and checked before
  anything is sent (tools/ssda903): a child with a problem is held back whole; a return
  that cannot be read, or --strict and any problem, sends nothing at all. The report is
  ssda903_import's with a first column for the year.
)"},
      {"import workforce-census",
       {"authority", "strict", "report", "batch_size", "format", "reference_date"},
       R"(scorecardctl import workforce-census FILE --authority=CODE [--format=xml|csv]
                                       [--reference_date=YYYY-MM-DD] [--report=FILE]
                                       [--strict] [--batch_size=N]

  Loads the children's social work workforce census (XML) or an HR CSV of worker records
  into the workforce service (tools/workforce_census). --format defaults to csv for a
  .csv file, else xml. A workforce file is imported whole or not at all (--strict is
  always in effect): any problem is listed (FILE:LINE: FIELD: reason, also in the report)
  and nothing is sent.
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
      {"export",
       {"authority", "from", "to", "id", "as_at", "format", "layout", "output"},
       R"(scorecardctl export --authority=869 --from=2016-04 --to=2017-03 --output=FILE
                    [--format=csv|json|xlsx|html] [--layout=wide|long] [--id=ID] [--as_at=T]

  The aggregator's scorecard as a file, written whole or not at all (FILE "-" for stdout).
  --format defaults to FILE's extension. csv: the published card's CSV (section, measure,
  basis, unit, a column per month; values as the card shows them, blank when none);
  --layout=long gives a line per row and month with numerator, denominator, value, RAG and
  status. json: as `scorecard --format=json`. xlsx: an Excel workbook, the card with RAG
  fills and targets, and a sheet of numerators and denominators. html: one self-contained
  page like the published card, with RAG colours and letters and a sparkline per row.
)"},
      {"publish",
       {"authority", "month", "id", "republish", "reason", "format"},
       R"(scorecardctl publish --authority=869 --month=2017-04 [--id=ID]
                     [--republish --reason=data-correction|late-data|definition-change|
                                           publication-error] [--format=table|json]

  Publishes one month of the card (admin): the aggregator computes it as at this instant
  and keeps it, with the definition hash and data versions, audited. A month already
  published is refused unless --republish with a --reason; the earlier publication stays
  as an earlier revision. Prints what was published (JSON: the Publication, card included).
)"},
      {"publications",
       {"authority", "id", "format"},
       R"(scorecardctl publications --authority=869 [--id=ID] [--format=table|json]

  Every revision of every published month (of every scorecard, or --id's): month,
  revision, when and by whom, the reason for a republication, as at, definition.
)"},
      {"restatement",
       {"authority", "month", "from", "to", "id", "format"},
       R"(scorecardctl restatement --authority=869 (--month=2017-04 | --from=YYYY-MM --to=YYYY-MM)
                         [--id=ID] [--format=table|json]

  Compares the latest publication of each published month in the range with the card as
  it is now, and lists every figure that changed: section, row, month, published, now
  (as the card shows them; exactly when that would look the same). Months never published
  are not compared.
)"},
      {"local-value",
       {"authority", "measure", "month", "value", "withdraw"},
       R"(scorecardctl local-value --authority=869 --measure=local.ID --month=2017-04
                         (--value=N | --withdraw)

  Enters (admin) one month's value of a local measure, one a loaded card shows, or
  withdraws it. A correction is the next revision; every entry is audited with who made it.
)"},
      {"reference load",
       {},
       R"(scorecardctl reference load FILE.csv

  Loads comparator figures (England, statistical neighbours) into the aggregator (admin).
  FILE ("-" for stdin) is the CSV deploy/stack loads with --reference_values, header
  comparator_key,source,period,value,authority,citation. The whole file is checked first
  (errors name the line) and nothing is sent if any line is bad. Reloading is idempotent:
  prints how many figures were new and how many unchanged.
)"},
      {"drilldown",
       {"authority", "measure", "month", "basis", "team", "scope", "as_at", "page_size",
        "format"},
       R"(scorecardctl drilldown --authority=869 --measure=ID --month=YYYY-MM [--basis=B]
                       [--team=DCT] [--scope=all|numerator|outside] [--as_at=T]
                       [--page_size=N] [--format=table|json]

  The cases behind one figure, from the DrillDown call of the service owning the measure,
  every page. Table: the figure, then one line per case: subject, in numerator, start,
  end, due, days taken, days overdue, team, reason. JSON: one object per case a line
  (JSON Lines; keys in tools/scorecardctl/README.md). Ids and dates only.
)"},
      {"audit verify",
       {"format"},
       R"(scorecardctl audit verify [--format=table|json]

  Asks the audit service to verify its hash chain against its signed checkpoints, and
  prints what it found, as audit_verify does. Exit 0 verified, 1 tampered, 2 could not
  verify (no audit service, a failed call).
)"},
      {"audit query",
       {"actor", "child", "action", "authority", "from", "to", "page_size", "format"},
       R"(scorecardctl audit query [--actor=NAME] [--child=ID] [--action=ACTION] [--authority=CODE]
                         [--from=DATE|TIME] [--to=DATE|TIME] [--page_size=N]
                         [--format=table|json]

  Audit events, oldest first, every page. --child matches an event naming that child (or
  worker, or measure) id. --from and --to take a date (2017-03-31: --to includes that
  day) or an RFC 3339 time. JSON: one AuditEvent a line, .proto field names.
)"},
      {"status",
       {},
       R"(scorecardctl status

  Each endpoint of the stack and its gRPC health (SERVING, NOT_SERVING, UNREACHABLE);
  Redis as the aggregator sees it; then the aggregator's cache statistics (hits, misses,
  bypasses, Redis's breaker; admin only, else why not). Exit 0 only when every endpoint
  is serving.
)"},
  };
  return *commands;
}

// Commands that take a subcommand word.
bool IsGroup(absl::string_view word) {
  return word == "import" || word == "audit" || word == "reference";
}

const Command* FindCommand(absl::string_view name) {
  for (const Command& command : Commands()) {
    if (command.name == name) return &command;
  }
  return nullptr;
}

// "import cin-census" from {"import", "cin-census", "x.xml"}; "status" from {"status"}.
std::string CommandName(const std::vector<std::string>& arguments) {
  if (arguments.empty()) return "";
  if (IsGroup(arguments[0]) && arguments.size() > 1) {
    return absl::StrCat(arguments[0], " ", arguments[1]);
  }
  return arguments[0];
}

constexpr char kOverview[] =
    R"(scorecardctl: work with a running local scorecard stack.

  scorecardctl ingest <workforce|safeguarding|placement> FILE.jsonl [--batch_size=N]
  scorecardctl import cin-census FILE.xml --authority=CODE [--strict] [--report=FILE]
  scorecardctl import ssda903 DIR --authority=CODE [--strict] [--report=FILE] [--year=YYYY]
  scorecardctl import workforce-census FILE --authority=CODE [--format=xml|csv] [--report=FILE]
  scorecardctl scorecard --authority=CODE --from=YYYY-MM --to=YYYY-MM [--id=ID] [--as_at=T]
                         [--format=table|json]
  scorecardctl measures --authority=CODE --from=YYYY-MM --to=YYYY-MM [--measures=ID,...]
                        [--basis=B] [--team=T] [--as_at=T] [--format=table|json] [--parts]
  scorecardctl export --authority=CODE --from=YYYY-MM --to=YYYY-MM --output=FILE
                      [--format=csv|json|xlsx|html] [--layout=wide|long] [--id=ID] [--as_at=T]
  scorecardctl drilldown --authority=CODE --measure=ID --month=YYYY-MM [--scope=S] [--format=F]
  scorecardctl publish --authority=CODE --month=YYYY-MM [--id=ID] [--republish --reason=R]
  scorecardctl publications --authority=CODE [--id=ID] [--format=table|json]
  scorecardctl restatement --authority=CODE (--month=YYYY-MM | --from=YYYY-MM --to=YYYY-MM)
  scorecardctl local-value --authority=CODE --measure=local.ID --month=YYYY-MM
                           (--value=N | --withdraw)
  scorecardctl reference load FILE.csv
  scorecardctl audit verify [--format=table|json]
  scorecardctl audit query [--actor=A] [--child=ID] [--action=A] [--from=D] [--to=D]
  scorecardctl status
  scorecardctl help [COMMAND]

Every command takes --stack_dir=DIR; without it the stack is $SCORECARD_STACK_DIR, else the
nearest var/stack above the current directory. Transport: --tls_cert, --tls_key and --tls_ca
for mutual TLS (--tls_ca alone: TLS without a client certificate, e.g. with
--bearer_token_file; --tls_server_name when dialling by IP address); plaintext, to loopback
only, when none is given. Exit codes: 0 success; 1 a call failed, the input was bad, a batch
was rejected or (status) something is not serving; 2 usage error or no running stack found
(audit verify: 1 tampered, 2 could not verify).
)";

void PrintHelp(std::ostream& out, absl::string_view name) {
  bool any = false;
  for (const Command& command : Commands()) {
    // "import" shows every import command.
    if (command.name == name || (IsGroup(name) && absl::StartsWith(command.name,
                                                                   absl::StrCat(name, " ")))) {
      out << (any ? "\n" : "") << command.help;
      any = true;
    }
  }
  if (any) return;
  out << kOverview;
  for (const Command& c : Commands()) out << "\n" << c.help;
}

int UsageError(absl::string_view message) {
  std::cerr << "usage error: " << message << "\n\n" << kOverview;
  return kExitUsage;
}

// --help anywhere before "--" wins over everything else, and exits 0.
bool WantsHelp(int argc, char** argv, std::vector<std::string>* arguments) {
  bool help = false;
  for (int i = 1; i < argc; ++i) {
    const absl::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--help" || arg == "-help" || arg == "-h") help = true;
    if (!arg.empty() && arg[0] != '-') arguments->emplace_back(arg);
  }
  return help;
}

bool FlagGiven(const std::vector<std::string>& given, absl::string_view name) {
  return std::find(given.begin(), given.end(), name) != given.end();
}

absl::Status CheckAuthority() { return sc::CheckAuthorityFlag(absl::GetFlag(FLAGS_authority)); }

absl::StatusOr<int> BatchSize() {
  const int batch_size = absl::GetFlag(FLAGS_batch_size);
  if (batch_size < 1 || batch_size > sc::kMaxBatchSize) {
    return absl::InvalidArgumentError(absl::StrCat("--batch_size must be 1 to ", sc::kMaxBatchSize));
  }
  return batch_size;
}

absl::StatusOr<int> PageSize() {
  const int page_size = absl::GetFlag(FLAGS_page_size);
  if (page_size < 0) return absl::InvalidArgumentError("--page_size must be 0 (the service's choice) or more");
  return page_size;
}

absl::StatusOr<sc::ImportOptions> ImportOptionsFromFlags(absl::string_view source_word,
                                                         const std::vector<std::string>& args,
                                                         const std::vector<std::string>& given) {
  absl::StatusOr<sc::ImportSource> source = sc::ParseImportSource(source_word);
  if (!source.ok()) return source.status();
  if (args.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "import ", source_word, " takes one ",
        *source == sc::ImportSource::kSsda903 ? "folder" : "file", ", got ", args.size()));
  }
  if (absl::Status authority = CheckAuthority(); !authority.ok()) return authority;
  absl::StatusOr<int> batch_size = BatchSize();
  if (!batch_size.ok()) return batch_size.status();
  sc::ImportOptions options;
  options.source = *source;
  options.path = args[0];
  options.authority = absl::GetFlag(FLAGS_authority);
  options.strict = absl::GetFlag(FLAGS_strict);
  options.report_path = absl::GetFlag(FLAGS_report);
  options.batch_size = *batch_size;
  if (FlagGiven(given, "year")) {
    const int year = absl::GetFlag(FLAGS_year);
    if (year < scorecard::ssda903::kFirstYear || year > scorecard::ssda903::kLastYear) {
      return absl::InvalidArgumentError(absl::StrCat("--year must be ",
                                                     scorecard::ssda903::kFirstYear, " to ",
                                                     scorecard::ssda903::kLastYear));
    }
    options.year = year;
  }
  if (*source == sc::ImportSource::kWorkforceCensus) {
    absl::StatusOr<std::string> format = sc::WorkforceInputFormat(
        FlagGiven(given, "format") ? absl::GetFlag(FLAGS_format) : "", options.path);
    if (!format.ok()) return format.status();
    options.input_format = *format;
    options.reference_date = absl::GetFlag(FLAGS_reference_date);
    if (!options.reference_date.empty() && !scorecard::ParseIsoDate(options.reference_date).ok()) {
      return absl::InvalidArgumentError("--reference_date must be YYYY-MM-DD");
    }
  }
  return options;
}

absl::StatusOr<sc::DrillDownOptions> DrillDownOptionsFromFlags() {
  if (absl::Status authority = CheckAuthority(); !authority.ok()) return authority;
  sc::DrillDownOptions options;
  options.authority = absl::GetFlag(FLAGS_authority);
  options.measure_id = absl::GetFlag(FLAGS_measure);
  if (options.measure_id.empty()) {
    return absl::InvalidArgumentError("--measure is required, e.g. --measure=safeguarding.icpc_within_15wd");
  }
  if (absl::StatusOr<std::string> service = sc::ServiceOfMeasure(options.measure_id); !service.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--measure: ", service.status().message()));
  }
  absl::StatusOr<scorecard::Month> month = sc::ParseRequiredMonth("month", absl::GetFlag(FLAGS_month));
  if (!month.ok()) return month.status();
  options.month = *month;
  if (const std::string basis = absl::GetFlag(FLAGS_basis); !basis.empty()) {
    absl::StatusOr<scorecard::common::v1::Basis> parsed = sc::ParseBasisWord(basis);
    if (!parsed.ok()) return absl::InvalidArgumentError(absl::StrCat("--basis: ", parsed.status().message()));
    options.basis = *parsed;
  }
  absl::StatusOr<scorecard::common::v1::DrillDownScope> scope = sc::ParseScopeWord(absl::GetFlag(FLAGS_scope));
  if (!scope.ok()) return absl::InvalidArgumentError(absl::StrCat("--scope: ", scope.status().message()));
  options.scope = *scope;
  options.team = absl::GetFlag(FLAGS_team);
  absl::StatusOr<std::optional<absl::Time>> as_at = sc::ParseAsAt(absl::GetFlag(FLAGS_as_at));
  if (!as_at.ok()) return as_at.status();
  options.as_at = *as_at;
  absl::StatusOr<int> page_size = PageSize();
  if (!page_size.ok()) return page_size.status();
  options.page_size = *page_size;
  absl::StatusOr<sc::OutputFormat> format = sc::ParseOutputFormat(absl::GetFlag(FLAGS_format));
  if (!format.ok()) return format.status();
  options.format = *format;
  return options;
}

sc::AggregatorFlags AggregatorFlagsGiven() {
  sc::AggregatorFlags flags;
  flags.authority = absl::GetFlag(FLAGS_authority);
  flags.id = absl::GetFlag(FLAGS_id);
  flags.month = absl::GetFlag(FLAGS_month);
  flags.from = absl::GetFlag(FLAGS_from);
  flags.to = absl::GetFlag(FLAGS_to);
  flags.republish = absl::GetFlag(FLAGS_republish);
  flags.reason = absl::GetFlag(FLAGS_reason);
  flags.measure = absl::GetFlag(FLAGS_measure);
  flags.value = absl::GetFlag(FLAGS_value);
  flags.withdraw = absl::GetFlag(FLAGS_withdraw);
  flags.format = absl::GetFlag(FLAGS_format);
  return flags;
}

absl::StatusOr<sc::AuditQueryOptions> AuditQueryOptionsFromFlags() {
  sc::AuditQueryOptions options;
  options.actor = absl::GetFlag(FLAGS_actor);
  options.subject_id = absl::GetFlag(FLAGS_child);
  options.action = absl::GetFlag(FLAGS_action);
  options.authority = absl::GetFlag(FLAGS_authority);
  absl::StatusOr<std::optional<absl::Time>> from =
      sc::ParseTimeBound("from", absl::GetFlag(FLAGS_from), sc::RangeEnd::kFrom);
  if (!from.ok()) return from.status();
  absl::StatusOr<std::optional<absl::Time>> to =
      sc::ParseTimeBound("to", absl::GetFlag(FLAGS_to), sc::RangeEnd::kTo);
  if (!to.ok()) return to.status();
  if (from->has_value() && to->has_value() && **to <= **from) {
    return absl::InvalidArgumentError("--to must be after --from");
  }
  options.from = *from;
  options.to = *to;
  absl::StatusOr<int> page_size = PageSize();
  if (!page_size.ok()) return page_size.status();
  options.page_size = *page_size;
  absl::StatusOr<sc::OutputFormat> format = sc::ParseOutputFormat(absl::GetFlag(FLAGS_format));
  if (!format.ok()) return format.status();
  options.format = *format;
  return options;
}

int Main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kOverview);
  std::vector<std::string> help_for;
  if (WantsHelp(argc, argv, &help_for)) {
    if (!help_for.empty() && help_for.front() == "help") help_for.erase(help_for.begin());
    PrintHelp(std::cout, CommandName(help_for));
    return kExitOk;
  }

  absl::StatusOr<sc::ScannedCommandLine> scanned = sc::ScanCommandLine(argc, argv);
  if (!scanned.ok()) return UsageError(scanned.status().message());
  if (absl::Status known = sc::CheckFlagsKnown(scanned->flag_names, kOurFlags); !known.ok()) {
    return UsageError(known.message());
  }
  if (scanned->command.empty()) return UsageError("no command given");
  const std::string name = CommandName(scanned->arguments);
  const Command* command = FindCommand(name);
  if (command == nullptr && scanned->command != "help") {
    if (IsGroup(scanned->command)) {
      const absl::string_view subcommands =
          scanned->command == "import"  ? "cin-census, ssda903 or workforce-census"
          : scanned->command == "audit" ? "verify or query"
                                        : "load";
      return UsageError(absl::StrCat("`", scanned->command, "` needs a subcommand: ", subcommands,
                                     scanned->arguments.size() > 1
                                         ? absl::StrCat(" (got \"", scanned->arguments[1], "\")")
                                         : ""));
    }
    return UsageError(absl::StrCat("unknown command \"", scanned->command, "\""));
  }
  std::vector<absl::string_view> allowed(std::begin(kStackFlags), std::end(kStackFlags));
  if (command != nullptr) allowed.insert(allowed.end(), command->flags.begin(), command->flags.end());
  absl::Status applies = sc::CheckFlagsApply(name, scanned->flag_names, allowed, kOurFlags);
  if (!applies.ok()) return UsageError(applies.message());

  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  // positional[0] is the program, then the command's words; the rest are its arguments.
  const size_t command_words = IsGroup(scanned->command) ? 2 : 1;
  const std::vector<std::string> args(
      positional.begin() + std::min(positional.size(), 1 + command_words), positional.end());
  if (command == nullptr) {  // "help [COMMAND]"
    PrintHelp(std::cout, CommandName(std::vector<std::string>(positional.begin() + 2, positional.end())));
    return kExitOk;
  }
  if (name != "ingest" && !absl::StartsWith(name, "import ") && name != "reference load" &&
      !args.empty()) {
    return UsageError(absl::StrCat("`", name, "` takes no arguments, got \"", args.front(), "\""));
  }

  // Everything that can be checked without the stack is checked before looking for it.
  sc::IngestOptions ingest;
  sc::ScorecardOptions card;
  sc::MeasuresOptions measures;
  sc::ImportOptions import;
  sc::DrillDownOptions drilldown;
  sc::AuditVerifyOptions verify;
  sc::AuditQueryOptions query;
  sc::ExportOptions export_options;
  sc::PublishOptions publish;
  sc::PublicationsOptions publications;
  sc::RestatementOptions restatement;
  sc::LocalValueOptions local_value;
  sc::ReferenceLoadOptions reference;
  const sc::AggregatorFlags aggregator_flags = AggregatorFlagsGiven();
  if (name == "ingest") {
    if (args.size() != 2) return UsageError("ingest takes a service and a file");
    ingest.service = args[0];
    ingest.path = args[1];
    if (ingest.service != "workforce" && ingest.service != "safeguarding" &&
        ingest.service != "placement") {
      return UsageError(absl::StrCat("cannot ingest into \"", ingest.service,
                                     "\": expected workforce, safeguarding or placement"));
    }
    absl::StatusOr<int> batch_size = BatchSize();
    if (!batch_size.ok()) return UsageError(batch_size.status().message());
    ingest.batch_size = *batch_size;
  }
  if (name == "scorecard" || name == "measures") {
    const std::string authority = absl::GetFlag(FLAGS_authority);
    if (authority.empty()) return UsageError("--authority is required, e.g. --authority=869");
    auto months = sc::ParseMonthRange(absl::GetFlag(FLAGS_from), absl::GetFlag(FLAGS_to));
    if (!months.ok()) return UsageError(months.status().message());
    auto as_at = sc::ParseAsAt(absl::GetFlag(FLAGS_as_at));
    if (!as_at.ok()) return UsageError(as_at.status().message());
    auto format = sc::ParseOutputFormat(absl::GetFlag(FLAGS_format));
    if (!format.ok()) return UsageError(format.status().message());
    card = {authority, absl::GetFlag(FLAGS_id), *months, *as_at, *format};
    measures.authority = authority;
    measures.months = *months;
    measures.as_at = *as_at;
    measures.format = *format;
  }
  if (name == "measures") {
    measures.measure_ids = sc::SplitMeasureIds(absl::GetFlag(FLAGS_measures));
    auto grouped = sc::GroupMeasureIdsByService(measures.measure_ids);
    if (!grouped.ok()) return UsageError(grouped.status().message());
    const std::string basis = absl::GetFlag(FLAGS_basis);
    if (!basis.empty()) {
      auto parsed = sc::ParseBasisWord(basis);
      if (!parsed.ok()) return UsageError(absl::StrCat("--basis: ", parsed.status().message()));
      measures.basis = *parsed;
    }
    measures.team = absl::GetFlag(FLAGS_team);
    measures.show_parts = absl::GetFlag(FLAGS_parts);
  }
  if (absl::StartsWith(name, "import ")) {
    absl::StatusOr<sc::ImportOptions> parsed =
        ImportOptionsFromFlags(scanned->arguments[1], args, scanned->flag_names);
    if (!parsed.ok()) return UsageError(parsed.status().message());
    import = *std::move(parsed);
  }
  if (name == "drilldown") {
    absl::StatusOr<sc::DrillDownOptions> parsed = DrillDownOptionsFromFlags();
    if (!parsed.ok()) return UsageError(parsed.status().message());
    drilldown = *std::move(parsed);
  }
  if (name == "audit verify") {
    absl::StatusOr<sc::OutputFormat> format = sc::ParseOutputFormat(absl::GetFlag(FLAGS_format));
    if (!format.ok()) return UsageError(format.status().message());
    verify.format = *format;
  }
  if (name == "audit query") {
    absl::StatusOr<sc::AuditQueryOptions> parsed = AuditQueryOptionsFromFlags();
    if (!parsed.ok()) return UsageError(parsed.status().message());
    query = *std::move(parsed);
  }
  if (name == "export") {
    absl::StatusOr<sc::ExportOptions> parsed = sc::ParseExportOptions(
        {absl::GetFlag(FLAGS_authority), absl::GetFlag(FLAGS_id), absl::GetFlag(FLAGS_from),
         absl::GetFlag(FLAGS_to), absl::GetFlag(FLAGS_as_at),
         FlagGiven(scanned->flag_names, "format") ? absl::GetFlag(FLAGS_format) : "",
         absl::GetFlag(FLAGS_layout), absl::GetFlag(FLAGS_output)});
    if (!parsed.ok()) return UsageError(parsed.status().message());
    export_options = *std::move(parsed);
  }

  if (name == "publish") {
    absl::StatusOr<sc::PublishOptions> parsed = sc::ParsePublishOptions(aggregator_flags);
    if (!parsed.ok()) return UsageError(parsed.status().message());
    publish = *std::move(parsed);
  }
  if (name == "publications") {
    absl::StatusOr<sc::PublicationsOptions> parsed =
        sc::ParsePublicationsOptions(aggregator_flags);
    if (!parsed.ok()) return UsageError(parsed.status().message());
    publications = *std::move(parsed);
  }
  if (name == "restatement") {
    absl::StatusOr<sc::RestatementOptions> parsed = sc::ParseRestatementOptions(aggregator_flags);
    if (!parsed.ok()) return UsageError(parsed.status().message());
    restatement = *std::move(parsed);
  }
  if (name == "local-value") {
    absl::StatusOr<sc::LocalValueOptions> parsed = sc::ParseLocalValueOptions(aggregator_flags);
    if (!parsed.ok()) return UsageError(parsed.status().message());
    local_value = *std::move(parsed);
  }
  if (name == "reference load") {
    if (args.size() != 1) return UsageError("reference load takes one file");
    reference.path = args[0];
  }

  // The TLS files and token are read and checked once, before the stack is looked for.
  absl::StatusOr<scorecard::ClientTlsOptions> tls = scorecard::ClientTlsOptionsFromFlags();
  if (tls.ok()) {
    if (absl::Status usable = sc::CheckClientTls(*tls); !usable.ok()) tls = usable;
  }
  if (!tls.ok()) {
    std::cerr << "error: " << tls.status().message() << "\n";
    return kExitUsage;
  }

  std::error_code cwd_error;
  const std::filesystem::path cwd = std::filesystem::current_path(cwd_error);
  absl::StatusOr<sc::StackEndpoints> endpoints =
      sc::FindStack(absl::GetFlag(FLAGS_stack_dir), sc::EnvironmentStackDir(), cwd);
  if (!endpoints.ok()) {
    std::cerr << "error: " << endpoints.status().message() << "\n";
    // audit verify's 1 means "tampered": anything that stops it running is 2.
    if (name == "audit verify") return sc::kExitCouldNotVerify;
    return endpoints.status().code() == absl::StatusCode::kNotFound ? kExitUsage : kExitFailure;
  }
  const sc::StackClient stack(*std::move(endpoints), *std::move(tls));

  if (name == "ingest") return sc::RunIngest(stack, ingest, std::cout, std::cerr);
  if (absl::StartsWith(name, "import ")) return sc::RunImport(stack, import, std::cout, std::cerr);
  if (name == "scorecard") return sc::RunScorecard(stack, card, std::cout, std::cerr);
  if (name == "measures") return sc::RunMeasures(stack, measures, std::cout, std::cerr);
  if (name == "drilldown") return sc::RunDrillDown(stack, drilldown, std::cout, std::cerr);
  if (name == "audit verify") return sc::RunAuditVerify(stack, verify, std::cout, std::cerr);
  if (name == "audit query") return sc::RunAuditQuery(stack, query, std::cout, std::cerr);
  if (name == "export") return sc::RunExport(stack, export_options, std::cout, std::cerr);
  if (name == "publish") return sc::RunPublish(stack, publish, std::cout, std::cerr);
  if (name == "publications") {
    return sc::RunPublications(stack, publications, std::cout, std::cerr);
  }
  if (name == "restatement") return sc::RunRestatement(stack, restatement, std::cout, std::cerr);
  if (name == "local-value") return sc::RunLocalValue(stack, local_value, std::cout, std::cerr);
  if (name == "reference load") {
    return sc::RunReferenceLoad(stack, reference, std::cout, std::cerr);
  }
  return sc::RunStatus(stack, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) { return Main(argc, argv); }
