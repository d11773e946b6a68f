// seed_card_data: writes case-level records calibrated to the published "Getting to Good"
// card, as JSON Lines ready for `scorecardctl ingest`.
//
//   seed_card_data --card=tests/data/getting-to-good-2016-17.csv --out_dir=/tmp/seed
//   scorecardctl ingest workforce /tmp/seed/workforce.jsonl
//   scorecardctl ingest safeguarding /tmp/seed/safeguarding.jsonl
//   scorecardctl ingest placement /tmp/seed/placement.jsonl
//   scorecardctl publish --authority=869 --month=2016-04
//   scorecardctl ingest safeguarding /tmp/seed/late-2016-05-safeguarding.jsonl
//   scorecardctl publish --authority=869 --month=2016-05        # ... and so on
//
// late-<YYYY-MM>-safeguarding.jsonl holds what reached the case system after the month
// before's publication run: late records and tombstones of withdrawn ones (README.md).
//
// The same card and flags always give byte-identical files.
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "tools/demo_data/jsonl_writer.h"
#include "common/files/atomic_file.h"
#include "tools/seed_card/local_values.h"
#include "tools/seed_card/published_card.h"
#include "tools/seed_card/seed_generator.h"

ABSL_FLAG(std::string, card, "",
          "Required. The published card as CSV (tests/data/getting-to-good-2016-17.csv).");
ABSL_FLAG(std::string, out_dir, "",
          "Required. Folder for workforce.jsonl, safeguarding.jsonl, placement.jsonl and "
          "late-<YYYY-MM>-safeguarding.jsonl, one per publication run that has late records "
          "(created if missing; existing files are replaced).");
ABSL_FLAG(std::string, definition, "",
          "The card's definition (deploy/scorecards/getting-to-good.textproto). When given, the "
          "figures of its local rows (measures entered by hand, local.*) are written to "
          "local-values.csv for `scorecardctl local-value`.");
ABSL_FLAG(std::string, authority, "869", "DfE local authority code (three digits).");
ABSL_FLAG(uint64_t, seed, 2017,
          "Random seed: moves days and children within what the figures allow. The default "
          "is the one the stack test checks against the card.");

namespace {

namespace seed = ::scorecard::seed_card;

int Fail(const absl::Status& status) {
  std::cerr << "seed_card_data: " << status.message() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Writes case-level records that reproduce a published scorecard, as JSON Lines.\n"
      "  seed_card_data --card=CARD.csv --out_dir=DIR [--authority=869] [--seed=2017]");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() > 1) {
    std::cerr << "seed_card_data: unexpected argument " << args[1] << " (all options are flags)\n";
    return 2;
  }
  const std::string card_path = absl::GetFlag(FLAGS_card);
  const std::string out_dir = absl::GetFlag(FLAGS_out_dir);
  if (card_path.empty() || out_dir.empty()) {
    std::cerr << "seed_card_data: --card and --out_dir are required\n";
    return 2;
  }
  absl::StatusOr<seed::PublishedCard> card = seed::ReadPublishedCard(card_path);
  if (!card.ok()) return Fail(card.status());
  seed::SeedOptions options;
  options.authority = absl::GetFlag(FLAGS_authority);
  options.seed = absl::GetFlag(FLAGS_seed);
  absl::StatusOr<seed::SeedData> data = seed::GenerateSeed(*card, options);
  if (!data.ok()) return Fail(data.status());

  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) {
    return Fail(absl::UnavailableError("cannot create " + out_dir + ": " + error.message()));
  }
  const std::filesystem::path dir(out_dir);
  for (const absl::Status& s :
       {scorecard::demo_data::WriteJsonLines((dir / "workforce.jsonl").string(), data->workforce),
        scorecard::demo_data::WriteJsonLines((dir / "safeguarding.jsonl").string(),
                                             data->safeguarding),
        scorecard::demo_data::WriteJsonLines((dir / "placement.jsonl").string(), data->placement)}) {
    if (!s.ok()) return Fail(s);
  }
  size_t late_records = 0;
  for (const seed::LateRecords& late : data->late) {
    const std::string name = "late-" + scorecard::FormatMonth(late.run) + "-safeguarding.jsonl";
    const absl::Status s =
        scorecard::demo_data::WriteJsonLines((dir / name).string(), late.safeguarding);
    if (!s.ok()) return Fail(s);
    late_records += late.safeguarding.size();
  }
  size_t local_values = 0;
  if (const std::string definition_path = absl::GetFlag(FLAGS_definition);
      !definition_path.empty()) {
    absl::StatusOr<scorecard::aggregator::v1::ScorecardDefinition> definition =
        seed::ReadDefinition(definition_path);
    if (!definition.ok()) return Fail(definition.status());
    const std::vector<seed::LocalValueEntry> entries = seed::LocalValuesFromCard(*card, *definition);
    local_values = entries.size();
    const absl::Status written = scorecard::WriteFileAtomically(
        (dir / "local-values.csv").string(), seed::LocalValuesCsv(entries));
    if (!written.ok()) return Fail(written);
  }
  std::cout << absl::StrFormat(
      "authority %s, population %d, seed %d: wrote %s: workforce.jsonl (%d), "
      "safeguarding.jsonl (%d), placement.jsonl (%d), %d late files (%d), local values (%d)\n",
      options.authority, data->population, options.seed, out_dir, data->workforce.size(),
      data->safeguarding.size(), data->placement.size(), data->late.size(), late_records,
      local_values);
  return 0;
}
