// A measure's exact parts and the figure shown from them.
//
//   Fraction f{.numerator = 27, .denominator = 28};
//   std::optional<double> pct = ValueOf(common::v1::UNIT_PERCENT, f);  // 96.43
#ifndef SCORECARD_COMMON_MEASURES_MEASURE_VALUE_H_
#define SCORECARD_COMMON_MEASURES_MEASURE_VALUE_H_

#include <optional>

#include "scorecard/common/v1/common.pb.h"

namespace scorecard {

// Numerator and denominator as counted. Counts carry denominator 1.
struct Fraction {
  double numerator = 0;
  double denominator = 0;
};

// A count: denominator 1.
inline Fraction Count(double n) { return Fraction{n, 1}; }

// The figure for a unit, or nullopt when undefined (a ratio over nothing).
std::optional<double> ValueOf(common::v1::Unit unit, const Fraction& fraction);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_MEASURES_MEASURE_VALUE_H_
