// Turns a scorecard definition and the domain services' answers into a Scorecard. Pure:
// no network, so every row status and cell rule is unit-tested directly.
//
//   Catalogues catalogues = ...;                  // what each service said it computes
//   std::vector<MeasureCall> calls = PlanMeasureCalls(definition, catalogues, query);
//   // ... run each call, store its response (or error) in call.result ...
//   v1::Scorecard card = AssembleScorecard(loaded, catalogues, calls, query);
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
#include "services/aggregator/scorecard_definition.h"

namespace scorecard::aggregator {

// What one service computes: measure id -> bases. nullopt when the service could not be
// asked (down or erroring).
using Catalogue = std::optional<std::map<std::string, std::set<common::v1::Basis>>>;
// Keyed by service name ("placement").
using Catalogues = std::map<std::string, Catalogue>;

Catalogue CatalogueFrom(const common::v1::ListMeasuresResponse& response);

struct ScorecardQuery {
  std::string authority;
  Month from;
  Month to;
  std::optional<absl::Time> as_at;
};

// One GetMeasures call: all of a card's measures that one service computes on one basis
// for one team.
struct MeasureCall {
  std::string service;
  common::v1::GetMeasuresRequest request;
  absl::StatusOr<common::v1::GetMeasuresResponse> result =
      absl::UnknownError("not called yet");
};

std::vector<MeasureCall> PlanMeasureCalls(const v1::ScorecardDefinition& definition,
                                          const Catalogues& catalogues,
                                          const ScorecardQuery& query);

// The card: every row in definition order, each with a cell per month (value absent where
// undefined) and a status saying why a row has no figures.
v1::Scorecard AssembleScorecard(const LoadedDefinition& loaded, const Catalogues& catalogues,
                                const std::vector<MeasureCall>& calls,
                                const ScorecardQuery& query);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_SCORECARD_ASSEMBLY_H_
