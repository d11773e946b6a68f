// Reference figures for comparators: published England averages, statistical neighbours'
// averages and the like, by comparator key (a row's comparator_key), source and period.
//
//   ComparatorTable table;
//   table.Add(value);   // a validated v1::ReferenceValue
//   std::vector<v1::Comparator> shown = table.For("cin-rate", Month(2016, 7));
//
// Which period a cell is compared with, per source: a period containing the cell's month
// if there is one (the latest-starting, then the shortest); otherwise the one that ended
// most recently before it — published statistics lag, so a July 2016 cell is compared
// with the last figure published, say 2015-16. Periods starting after the month are never
// used. The comparator names its period, so the reader sees which figure it is.
//
// A value loaded for one authority overrides a national one (no authority) of the same
// key, source and period, for that authority.
#ifndef SCORECARD_SERVICES_AGGREGATOR_REFERENCE_VALUES_H_
#define SCORECARD_SERVICES_AGGREGATOR_REFERENCE_VALUES_H_

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/time/civil_date.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"

namespace scorecard::aggregator {

// The most reference figures one LoadReferenceValues call may carry (clients send more in
// several calls).
inline constexpr int kMaxReferenceValuesPerCall = 10000;

struct ReferencePeriod {
  Month first;  // April of the first financial year
  Month last;   // March of the last
};

// "2016-17" (one financial year) or "2015-18" (April 2015 to March 2018; up to 5 years).
[[nodiscard]] absl::StatusOr<ReferencePeriod> ParseReferencePeriod(absl::string_view text);

// INVALID_ARGUMENT naming the field ("period: ..."): key and source (lower case, digits,
// '-', '_'), period, a finite value, an authority code or none, a short citation.
[[nodiscard]] absl::Status ValidateReferenceValue(const v1::ReferenceValue& value);

// Reference values from CSV text with the header
// "comparator_key,source,period,value,authority,citation", read with CsvReader
// (common/files/csv_reader.h: RFC 4180, so a quoted citation may hold commas). Spaces
// around fields are dropped. Errors name the file, the line and the field
// ("ref.csv:3: period: ...").
[[nodiscard]] absl::StatusOr<std::vector<v1::ReferenceValue>> ParseReferenceCsv(
    absl::string_view text, absl::string_view origin);

class ComparatorTable {
 public:
  // `value` must be valid (ValidateReferenceValue).
  void Add(const v1::ReferenceValue& value);
  // One comparator per source for the month ("england" first, then by source name).
  std::vector<v1::Comparator> For(const std::string& comparator_key, Month month) const;
  bool empty() const { return values_.empty(); }

 private:
  struct Entry {
    ReferencePeriod period;
    std::string period_text;
    double value = 0;
    bool for_one_authority = false;
  };
  // (comparator key, source) -> period text -> entry
  std::map<std::pair<std::string, std::string>, std::map<std::string, Entry>> values_;
};

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_REFERENCE_VALUES_H_
