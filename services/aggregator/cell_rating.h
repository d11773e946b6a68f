// How a cell is judged: its RAG rating against the row's thresholds, and its direction of
// travel against an earlier figure, both by the row's polarity. Pure functions.
//
//   v1::Rag rag = RateValue(row_definition, 87.5);                 // e.g. RAG_AMBER
//   v1::Direction d = DirectionOfTravel(POLARITY_LOWER_IS_BETTER, 26, 31);  // IMPROVED
//
// Values that differ only by floating-point noise (1e-9 relative) count as equal, so a
// percentage computed as exactly 90 is at a threshold of 90, not a hair below it. The
// value rated is the unrounded one: 89.6% under a green threshold of 90 is amber even
// though a card shows it as "90".
#ifndef SCORECARD_SERVICES_AGGREGATOR_CELL_RATING_H_
#define SCORECARD_SERVICES_AGGREGATOR_CELL_RATING_H_

#include <optional>

#include "scorecard/aggregator/v1/aggregator_service.pb.h"
#include "scorecard/aggregator/v1/scorecard_definition.pb.h"

namespace scorecard::aggregator {

// True when a and b are equal up to floating-point noise.
bool NearlyEqual(double a, double b);

// HIGHER_IS_BETTER: green when value >= green threshold, amber when >= amber, else red.
// LOWER_IS_BETTER: green when value <= green, amber when <= amber, else red.
// RAG_UNSPECIFIED when the row has no thresholds or no such polarity.
v1::Rag RateValue(const v1::RowDefinition& row, double value);

// IMPROVED / WORSENED by the polarity; UP / DOWN for a row without one (a volume);
// UNCHANGED when equal; UNSPECIFIED when either figure is missing.
v1::Direction DirectionOfTravel(v1::Polarity polarity, std::optional<double> now,
                                std::optional<double> before);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_CELL_RATING_H_
