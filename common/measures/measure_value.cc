#include "common/measures/measure_value.h"

namespace scorecard {

std::optional<double> ValueOf(common::v1::Unit unit, const Fraction& f) {
  switch (unit) {
    case common::v1::UNIT_COUNT:
    case common::v1::UNIT_WORKING_DAYS:
      return f.numerator;
    case common::v1::UNIT_PERCENT:
      if (f.denominator <= 0) return std::nullopt;
      return 100.0 * f.numerator / f.denominator;
    case common::v1::UNIT_RATE_PER_10000:
      if (f.denominator <= 0) return std::nullopt;
      return 10000.0 * f.numerator / f.denominator;
    case common::v1::UNIT_DAYS:
    case common::v1::UNIT_RATIO:
    case common::v1::UNIT_WEEKS:
      if (f.denominator <= 0) return std::nullopt;
      return f.numerator / f.denominator;
    default:
      return std::nullopt;
  }
}

}  // namespace scorecard
