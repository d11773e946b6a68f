// The 0-17 population that rates per 10,000 divide by, chosen for a month by one rule.
//
//   PopulationTable table;
//   table.Add(2016, 35570);                           // ONS mid-2016
//   std::optional<int64_t> p = table.ForMonth(Month(2017, 1));   // 35570
//   Fraction rate{.numerator = referrals, .denominator = static_cast<double>(*p)};
//
// Rule: a month in financial year Y-(Y+1) uses the mid-Y estimate (2016-17 months use
// mid-2016), so every month of a year on the card shares one denominator, as the DfE's
// annual statistics do. When that year's estimate has not been loaded the latest earlier
// one is used (ONS publishes about a year late); with none earlier, there is no rate.
#ifndef SCORECARD_COMMON_MEASURES_POPULATION_H_
#define SCORECARD_COMMON_MEASURES_POPULATION_H_

#include <cstdint>
#include <map>
#include <optional>

#include "common/time/civil_date.h"

namespace scorecard {

class PopulationTable {
 public:
  void Add(int mid_year, int64_t population_0_17) { by_year_[mid_year] = population_0_17; }
  std::optional<int64_t> ForMonth(Month month) const;
  bool empty() const { return by_year_.empty(); }

 private:
  std::map<int, int64_t> by_year_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_MEASURES_POPULATION_H_
