// The lower-case words scorecardctl uses for bases, units, cache outcomes and republication
// reasons, on the command line, in tables and in the measures JSON.
//
//   BasisWord(common::v1::BASIS_ROLLING_12_MONTHS)   // "rolling12"
//   ParseBasisWord("ytd")                            // BASIS_YTD
//   UnitWord(common::v1::UNIT_RATE_PER_10000)        // "rate_per_10000"
//   ParseScopeWord("outside")                        // DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR
//
// These words are part of the documented JSON schema: never rename one.
#ifndef SCORECARD_TOOLS_SCORECARDCTL_MEASURE_WORDS_H_
#define SCORECARD_TOOLS_SCORECARDCTL_MEASURE_WORDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard::scorecardctl {

// month, ytd, quarter, snapshot, rolling12, rolling3y; "unspecified" for BASIS_UNSPECIFIED.
std::string BasisWord(common::v1::Basis basis);
// count, percent, rate_per_10000, days, weeks, working_days; "unspecified" otherwise.
std::string UnitWord(common::v1::Unit unit);
// hit, miss, bypassed; "unknown" otherwise.
std::string CacheOutcomeWord(aggregator::v1::CacheOutcome outcome);

// The inverse of BasisWord for the six real bases; INVALID_ARGUMENT listing them otherwise.
[[nodiscard]] absl::StatusOr<common::v1::Basis> ParseBasisWord(absl::string_view word);

// Drill-down scopes: all (every case considered), numerator, outside (considered but not in
// the numerator).
std::string ScopeWord(common::v1::DrillDownScope scope);
[[nodiscard]] absl::StatusOr<common::v1::DrillDownScope> ParseScopeWord(absl::string_view word);

// Why a month is published again: data-correction, late-data, definition-change,
// publication-error; "" for none (a first publication).
std::string RepublishReasonWord(aggregator::v1::RepublishReason reason);
[[nodiscard]] absl::StatusOr<aggregator::v1::RepublishReason> ParseRepublishReason(
    absl::string_view word);

// child, worker, team, carer; "unspecified" otherwise.
std::string SubjectKindWord(common::v1::SubjectKind kind);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_MEASURE_WORDS_H_
