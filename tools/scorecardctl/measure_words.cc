#include "tools/scorecardctl/measure_words.h"

#include "absl/strings/str_cat.h"

namespace scorecard::scorecardctl {
namespace {

using common::v1::Basis;

constexpr Basis kBases[] = {common::v1::BASIS_MONTH,    common::v1::BASIS_YTD,
                            common::v1::BASIS_QUARTER,  common::v1::BASIS_SNAPSHOT,
                            common::v1::BASIS_ROLLING_12_MONTHS,
                            common::v1::BASIS_ROLLING_3_YEARS};

}  // namespace

std::string BasisWord(Basis basis) {
  switch (basis) {
    case common::v1::BASIS_MONTH: return "month";
    case common::v1::BASIS_YTD: return "ytd";
    case common::v1::BASIS_QUARTER: return "quarter";
    case common::v1::BASIS_SNAPSHOT: return "snapshot";
    case common::v1::BASIS_ROLLING_12_MONTHS: return "rolling12";
    case common::v1::BASIS_ROLLING_3_YEARS: return "rolling3y";
    default: return "unspecified";
  }
}

std::string UnitWord(common::v1::Unit unit) {
  switch (unit) {
    case common::v1::UNIT_COUNT: return "count";
    case common::v1::UNIT_PERCENT: return "percent";
    case common::v1::UNIT_RATE_PER_10000: return "rate_per_10000";
    case common::v1::UNIT_DAYS: return "days";
    case common::v1::UNIT_WEEKS: return "weeks";
    case common::v1::UNIT_WORKING_DAYS: return "working_days";
    case common::v1::UNIT_RATIO: return "ratio";
    default: return "unspecified";
  }
}

std::string CacheOutcomeWord(aggregator::v1::CacheOutcome outcome) {
  switch (outcome) {
    case aggregator::v1::CACHE_OUTCOME_HIT: return "hit";
    case aggregator::v1::CACHE_OUTCOME_MISS: return "miss";
    case aggregator::v1::CACHE_OUTCOME_BYPASSED: return "bypassed";
    default: return "unknown";
  }
}

absl::StatusOr<Basis> ParseBasisWord(absl::string_view word) {
  for (Basis basis : kBases) {
    if (BasisWord(basis) == word) return basis;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown basis \"", word, "\": expected month, ytd, quarter, snapshot, rolling12 or rolling3y"));
}

std::string ScopeWord(common::v1::DrillDownScope scope) {
  switch (scope) {
    case common::v1::DRILL_DOWN_SCOPE_NUMERATOR: return "numerator";
    case common::v1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR: return "outside";
    default: return "all";
  }
}

absl::StatusOr<common::v1::DrillDownScope> ParseScopeWord(absl::string_view word) {
  for (common::v1::DrillDownScope scope :
       {common::v1::DRILL_DOWN_SCOPE_UNSPECIFIED, common::v1::DRILL_DOWN_SCOPE_NUMERATOR,
        common::v1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR}) {
    if (ScopeWord(scope) == word) return scope;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown scope \"", word, "\": expected all, numerator or outside"));
}

std::string SubjectKindWord(common::v1::SubjectKind kind) {
  switch (kind) {
    case common::v1::SUBJECT_KIND_CHILD: return "child";
    case common::v1::SUBJECT_KIND_WORKER: return "worker";
    case common::v1::SUBJECT_KIND_TEAM: return "team";
    case common::v1::SUBJECT_KIND_CARER: return "carer";
    default: return "unspecified";
  }
}

std::string RepublishReasonWord(aggregator::v1::RepublishReason reason) {
  switch (reason) {
    case aggregator::v1::REPUBLISH_REASON_DATA_CORRECTION: return "data-correction";
    case aggregator::v1::REPUBLISH_REASON_LATE_DATA: return "late-data";
    case aggregator::v1::REPUBLISH_REASON_DEFINITION_CHANGE: return "definition-change";
    case aggregator::v1::REPUBLISH_REASON_PUBLICATION_ERROR: return "publication-error";
    default: return "";
  }
}

absl::StatusOr<aggregator::v1::RepublishReason> ParseRepublishReason(absl::string_view word) {
  using aggregator::v1::RepublishReason;
  for (RepublishReason reason : {aggregator::v1::REPUBLISH_REASON_DATA_CORRECTION,
                                 aggregator::v1::REPUBLISH_REASON_LATE_DATA,
                                 aggregator::v1::REPUBLISH_REASON_DEFINITION_CHANGE,
                                 aggregator::v1::REPUBLISH_REASON_PUBLICATION_ERROR}) {
    if (RepublishReasonWord(reason) == word) return reason;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown reason \"", word,
                   "\": expected data-correction, late-data, definition-change or "
                   "publication-error"));
}

}  // namespace scorecard::scorecardctl
