// Scorecard definitions: data files (text protobuf) that say which rows a card has, in
// which sections and order, and which measure, basis and team each row shows.
//
//   SCORECARD_ASSIGN_OR_RETURN(DefinitionSet defs,
//                              LoadDefinitions("deploy/scorecards"));
//   const LoadedDefinition* card = defs.Find("getting-to-good");
//   // card->hash is the SHA-256 (hex) of the definition; cache keys include it, so an
//   // edited definition never serves a card computed from the old one.
#ifndef SCORECARD_SERVICES_AGGREGATOR_SCORECARD_DEFINITION_H_
#define SCORECARD_SERVICES_AGGREGATOR_SCORECARD_DEFINITION_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scorecard/aggregator/v1/scorecard_definition.pb.h"

namespace scorecard::aggregator {

struct LoadedDefinition {
  v1::ScorecardDefinition definition;
  // Hex SHA-256 of the definition's deterministic serialization.
  std::string hash;
};

// The owning service of a measure id: the text before the first '.', e.g. "placement".
absl::string_view OwningService(absl::string_view measure_id);

// Parses and validates one definition; `origin` names the file in errors.
[[nodiscard]] absl::StatusOr<LoadedDefinition> ParseDefinition(absl::string_view text,
                                                               absl::string_view origin);

// Checks ids present and unique (scorecard, sections, rows), measure ids well formed
// (service.name), basis and unit set.
[[nodiscard]] absl::Status ValidateDefinition(const v1::ScorecardDefinition& definition);

class DefinitionSet {
 public:
  // nullptr when no definition has that id.
  const LoadedDefinition* Find(absl::string_view id) const;
  const std::map<std::string, LoadedDefinition>& all() const { return definitions_; }
  [[nodiscard]] absl::Status Add(LoadedDefinition definition);

 private:
  std::map<std::string, LoadedDefinition> definitions_;
};

// Every *.textproto in `directory`.
[[nodiscard]] absl::StatusOr<DefinitionSet> LoadDefinitions(const std::string& directory);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_SCORECARD_DEFINITION_H_
