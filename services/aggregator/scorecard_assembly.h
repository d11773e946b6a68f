// Turns a scorecard definition, the domain services' answers and the aggregator's own data
// (local values, reference figures) into a Scorecard. Pure: no network, no store, so every
// row status and cell rule is unit-tested directly.
//
//   Catalogues catalogues = ...;                  // what each service said it computes
//   std::vector<MeasureCall> calls = PlanMeasureCalls(definition, catalogues, query);
//   // ... run each call, store its response (or error) in call.result ...
//   v1::Scorecard card = AssembleScorecard(loaded, catalogues, calls, query, own_data);
//
// The services are asked for 12 months more than the card shows (from - 12 to `to`) in
// the same calls, so every cell has its previous month and its same month last year for
// the direction of travel without further round trips.
#ifndef SCORECARD_SERVICES_AGGREGATOR_SCORECARD_ASSEMBLY_H_
#define SCORECARD_SERVICES_AGGREGATOR_SCORECARD_ASSEMBLY_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/time/civil_date.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"
#include "services/aggregator/aggregator_store.h"
#include "services/aggregator/reference_values.h"
#include "services/aggregator/scorecard_definition.h"

namespace scorecard::aggregator {

// Months before `from` the services are asked for: enough for "same month last year".
inline constexpr int kLookbackMonths = 12;

Catalogue CatalogueFrom(const common::v1::ListMeasuresResponse& response);

struct ScorecardQuery {
  std::string authority;
  Month from;
  Month to;
  std::optional<absl::Time> as_at;
};

// What the aggregator itself holds for the query's authority, read as at its instant.
struct OwnData {
  LocalValues local_values;
  ComparatorTable comparators;
};

// One GetMeasures call: a card's measures that one service computes on one basis for one
// team, over at most kMaxMonthsPerRequest months (a longer span takes several calls).
struct MeasureCall {
  std::string service;
  common::v1::GetMeasuresRequest request;
  absl::StatusOr<common::v1::GetMeasuresResponse> result = absl::UnknownError("not called yet");
};

std::vector<MeasureCall> PlanMeasureCalls(const v1::ScorecardDefinition& definition,
                                          const Catalogues& catalogues,
                                          const ScorecardQuery& query);

// The card: every row in definition order, each with a cell per month from `from` to `to`
// (value absent where undefined), its RAG rating, direction of travel and comparators, and
// a status saying why a row has no figures:
//   NOT_APPLICABLE     the row names other authorities; a derived row whose inputs are not
//                      applicable
//   NOT_YET_AVAILABLE  no service computes the measure on this basis; a local measure with
//                      no value entered for the authority
//   SOURCE_UNAVAILABLE the owning service did not answer
v1::Scorecard AssembleScorecard(const LoadedDefinition& loaded, const Catalogues& catalogues,
                                const std::vector<MeasureCall>& calls, const ScorecardQuery& query,
                                const OwnData& own = OwnData());

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_SCORECARD_ASSEMBLY_H_
