// Scorecard definitions: data files (text protobuf) that say which rows a card has, in
// which sections and order, which measure, basis and team each row shows, which way is
// better, its target and RAG thresholds, and for a derived row its formula.
//
//   SCORECARD_ASSIGN_OR_RETURN(DefinitionSet defs,
//                              LoadDefinitions("deploy/scorecards"));
//   const LoadedDefinition* card = defs.Find("getting-to-good");
//   // card->hash is the SHA-256 (hex) of the definition; cache keys include it, so an
//   // edited definition never serves a card computed from the old one.
//   SCORECARD_RETURN_IF_ERROR(CheckMeasureCatalogue(card->definition, catalogues));
//
// A file may be an overlay: `extends: "getting-to-good"` adds its rows to that card (its
// sections merged into the base's by id, new sections after) and makes a card of its own,
// validated and hashed as a whole. That is how an authority adds its own rows without
// copying the national card.
//
// Validation errors name the row and where it is: `row "adoption-a1":
// sections[1].rows[8].green_threshold: ...`; every problem of a file is listed.
#ifndef SCORECARD_SERVICES_AGGREGATOR_SCORECARD_DEFINITION_H_
#define SCORECARD_SERVICES_AGGREGATOR_SCORECARD_DEFINITION_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scorecard/aggregator/v1/scorecard_definition.pb.h"
#include "scorecard/common/v1/common.pb.h"
#include "services/aggregator/formula.h"

namespace scorecard::aggregator {

// The prefix of measures whose values are entered, not computed: "local.".
inline constexpr absl::string_view kLocalMeasurePrefix = "local.";

// What one service computes: measure id -> bases. nullopt when the service could not be
// asked (down or erroring).
using Catalogue = std::optional<std::map<std::string, std::set<common::v1::Basis>>>;
// Keyed by service name ("placement").
using Catalogues = std::map<std::string, Catalogue>;

struct LoadedDefinition {
  v1::ScorecardDefinition definition;
  // Hex SHA-256 of the definition's deterministic serialization (overlays: of the merged
  // card).
  std::string hash;
  // Derived rows' parsed formulas, by row id.
  std::map<std::string, Formula> formulas;
  // Derived row ids in an order that evaluates every row after the rows it names.
  std::vector<std::string> derived_order;

  // Whether the card exists for `authority` (see ScorecardDefinition.authorities).
  bool AvailableTo(absl::string_view authority) const;
};

// The owning service of a measure id: the text before the first '.', e.g. "placement".
absl::string_view OwningService(absl::string_view measure_id);
bool IsLocalMeasure(absl::string_view measure_id);
bool IsDerivedRow(const v1::RowDefinition& row);

// Parses text format only; `origin` names the file in errors (with line and column).
[[nodiscard]] absl::StatusOr<v1::ScorecardDefinition> ParseDefinitionText(absl::string_view text,
                                                                          absl::string_view origin);

// Parses and validates one self-contained definition (not an overlay).
[[nodiscard]] absl::StatusOr<LoadedDefinition> ParseDefinition(absl::string_view text,
                                                               absl::string_view origin);

// Validates a complete definition and computes its hash and formula order; errors are
// prefixed with `origin`.
[[nodiscard]] absl::StatusOr<LoadedDefinition> FinishDefinition(v1::ScorecardDefinition definition,
                                                                absl::string_view origin);

// Checks ids present and unique (scorecard, sections, rows); each row either a well-formed
// measure id (service.name) with a basis, or a formula naming other rows without a cycle;
// unit set; thresholds only with a polarity that has a better side, both given, in the
// right order for it, and with their source; authority codes well formed. Lists every
// problem.
[[nodiscard]] absl::Status ValidateDefinition(const v1::ScorecardDefinition& definition);

// The base card with the overlay's sections merged in (see the file comment). The result
// takes the overlay's id, title and authorities and is not validated here.
[[nodiscard]] absl::StatusOr<v1::ScorecardDefinition> ApplyOverlay(
    const v1::ScorecardDefinition& base, const v1::ScorecardDefinition& overlay);

// Every row whose measure the services do not compute on the row's basis, listed with the
// row: an unknown service prefix, a measure missing from its service's catalogue, or a
// basis it does not offer. Services whose catalogue is nullopt (unreachable) are skipped;
// "local." measures are not the services' to know.
[[nodiscard]] absl::Status CheckMeasureCatalogue(const v1::ScorecardDefinition& definition,
                                                 const Catalogues& catalogues);

class DefinitionSet {
 public:
  // nullptr when no definition has that id.
  const LoadedDefinition* Find(absl::string_view id) const;
  const std::map<std::string, LoadedDefinition>& all() const { return definitions_; }
  [[nodiscard]] absl::Status Add(LoadedDefinition definition);

 private:
  std::map<std::string, LoadedDefinition> definitions_;
};

// Every *.textproto in `directory`: self-contained cards first, then overlays on them.
[[nodiscard]] absl::StatusOr<DefinitionSet> LoadDefinitions(const std::string& directory);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_SCORECARD_DEFINITION_H_
