// The card's hand-entered figures. Some rows of a card are not counted from case records but
// entered as values by the authority (the seed's "Personal Budget Pilot" families: measure ids
// "local.*", AggregatorService.EnterLocalValue, audited with who entered them). The seed card
// reproduces them by entering the published figures, as the authority did.
//
//   absl::StatusOr<ScorecardDefinition> definition = ReadDefinition("deploy/scorecards/...");
//   std::vector<LocalValueEntry> entries = LocalValuesFromCard(*card, *definition);
//   WriteFileAtomically(dir + "/local-values.csv", LocalValuesCsv(entries));
#ifndef SCORECARD_TOOLS_SEED_CARD_LOCAL_VALUES_H_
#define SCORECARD_TOOLS_SEED_CARD_LOCAL_VALUES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/civil_date.h"
#include "scorecard/aggregator/v1/scorecard_definition.pb.h"
#include "tools/seed_card/published_card.h"

namespace scorecard::seed_card {

struct LocalValueEntry {
  std::string measure_id;
  Month month;
  double value = 0;
};

// A scorecard definition in protobuf text format (deploy/scorecards/*.textproto).
// NOT_FOUND when unreadable; INVALID_ARGUMENT naming the parse error.
[[nodiscard]] absl::StatusOr<aggregator::v1::ScorecardDefinition> ReadDefinition(
    const std::string& path);

// For every row of `definition` whose measure is local, the published figures of the card
// row with the same section id and title, month by month (blank cells are skipped).
std::vector<LocalValueEntry> LocalValuesFromCard(
    const PublishedCard& card, const aggregator::v1::ScorecardDefinition& definition);

// "measure_id,month,value" lines under that header, for deploy/up to enter one by one.
std::string LocalValuesCsv(const std::vector<LocalValueEntry>& entries);

}  // namespace scorecard::seed_card

#endif  // SCORECARD_TOOLS_SEED_CARD_LOCAL_VALUES_H_
