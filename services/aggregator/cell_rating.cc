#include "services/aggregator/cell_rating.h"

#include <algorithm>
#include <cmath>

namespace scorecard::aggregator {

bool NearlyEqual(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

namespace {

// value is at or better than threshold, for the polarity.
bool AtOrBetter(v1::Polarity polarity, double value, double threshold) {
  if (NearlyEqual(value, threshold)) return true;
  return polarity == v1::POLARITY_HIGHER_IS_BETTER ? value > threshold : value < threshold;
}

}  // namespace

v1::Rag RateValue(const v1::RowDefinition& row, double value) {
  const v1::Polarity polarity = row.polarity();
  if (polarity != v1::POLARITY_HIGHER_IS_BETTER && polarity != v1::POLARITY_LOWER_IS_BETTER) {
    return v1::RAG_UNSPECIFIED;
  }
  if (!row.has_green_threshold() || !row.has_amber_threshold()) return v1::RAG_UNSPECIFIED;
  if (AtOrBetter(polarity, value, row.green_threshold())) return v1::RAG_GREEN;
  if (AtOrBetter(polarity, value, row.amber_threshold())) return v1::RAG_AMBER;
  return v1::RAG_RED;
}

v1::Direction DirectionOfTravel(v1::Polarity polarity, std::optional<double> now,
                                std::optional<double> before) {
  if (!now.has_value() || !before.has_value()) return v1::DIRECTION_UNSPECIFIED;
  if (NearlyEqual(*now, *before)) return v1::DIRECTION_UNCHANGED;
  const bool up = *now > *before;
  switch (polarity) {
    case v1::POLARITY_HIGHER_IS_BETTER:
      return up ? v1::DIRECTION_IMPROVED : v1::DIRECTION_WORSENED;
    case v1::POLARITY_LOWER_IS_BETTER:
      return up ? v1::DIRECTION_WORSENED : v1::DIRECTION_IMPROVED;
    default:
      return up ? v1::DIRECTION_UP : v1::DIRECTION_DOWN;
  }
}

}  // namespace scorecard::aggregator
