// Case-level records for a West-Berkshire-sized authority (869; 0-17 population about
// 35,570) calibrated so that the scorecard the services compute from them reproduces the
// published "Getting to Good" card, 2016-17 (tests/data/getting-to-good-2016-17.csv).
//
//   absl::StatusOr<PublishedCard> card = ReadPublishedCard(".../getting-to-good-2016-17.csv");
//   absl::StatusOr<SeedData> data = GenerateSeed(*card, SeedOptions());
//   WriteJsonLines(dir + "/safeguarding.jsonl", data->safeguarding);   // demo_data's writer
//
// The generator works from the published cells: for each family of rows it decides the
// events that give the printed figures (tools/seed_card/card_figures.h does the arithmetic)
// and then writes the records that carry those events, placing dates on the working-day
// calendar so that 45- and 15-working-day rules land as intended. Months of the financial
// year the card leaves blank (it stops at January 2017) repeat the nearest published figure.
// tools/seed_card/README.md says what it reproduces and what it cannot, and why.
//
// Deterministic: the same card and options give the same records in the same order.
#ifndef SCORECARD_TOOLS_SEED_CARD_SEED_GENERATOR_H_
#define SCORECARD_TOOLS_SEED_CARD_SEED_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"
#include "tools/seed_card/published_card.h"

namespace scorecard::seed_card {

// The source system named in every record's header.
inline constexpr char kSourceSystem[] = "seed";

struct SeedOptions {
  std::string authority = "869";
  // Moves days and children within what each figure allows (which working day a referral
  // arrives on, who is visited late, which plans end). The stack test checks the default
  // seed; with another, the review-conference rows (whose room depends on which plans end
  // when) may reproduce a cell or two fewer.
  uint64_t seed = 2017;
  // The ONS mid-2016 estimate of children aged 0-17 the population is chosen around (the
  // published rates pin it to within a few dozen).
  int nominal_population = 35570;
};

// What reached the case system between two months' publication runs, for the volumes whose
// published months and years to date disagree (card_figures.h PublishedCounts): records of
// earlier months recorded late, and tombstones (header.deleted) of records withdrawn.
// Ingested just before `run`'s publication, after every earlier run's.
struct LateRecords {
  Month run;
  std::vector<safeguarding::v1::SafeguardingRecord> safeguarding;
};

struct SeedData {
  std::vector<workforce::v1::WorkforceRecord> workforce;
  std::vector<safeguarding::v1::SafeguardingRecord> safeguarding;
  std::vector<placement::v1::PlacementRecord> placement;
  // The records above are those the first run (the card's first month) knows, and every
  // later month's own; these follow, by run. Runs with nothing late are left out.
  std::vector<LateRecords> late;
  // The mid-2016 population the records carry.
  int population = 0;
};

// The records for the card's financial year (April of its first month to the following
// March) and the history its figures need. INVALID_ARGUMENT when the card lacks a row the
// generator calibrates to (naming it) or its first month is not an April; INTERNAL when a
// family's events cannot be placed (naming the family and month).
[[nodiscard]] absl::StatusOr<SeedData> GenerateSeed(const PublishedCard& card,
                                                    const SeedOptions& options);

}  // namespace scorecard::seed_card

#endif  // SCORECARD_TOOLS_SEED_CARD_SEED_GENERATOR_H_
