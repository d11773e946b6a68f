#include "common/measures/population.h"

namespace scorecard {

std::optional<int64_t> PopulationTable::ForMonth(Month month) const {
  const int year = FinancialYearOf(month);
  auto it = by_year_.upper_bound(year);  // first estimate after the year
  if (it == by_year_.begin()) return std::nullopt;
  return std::prev(it)->second;
}

}  // namespace scorecard
