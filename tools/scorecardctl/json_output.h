// JSON for scripts and other council services.
//
//   std::string measures_json = MeasureValuesToJson(response.values());
//
// `scorecardctl scorecard --format=json` (and publications, restatement) print the
// contract's messages with the export library's JSON (services/aggregator/export/
// json_export.h: .proto field names, every field, enums by name), so the card printed here
// and the card exported are the same text.
//
// `scorecardctl measures --format=json` prints this stable, documented schema (a contract
// with other services: add keys if needed, never rename or remove one):
//
//   A JSON array, one object per measure, basis, team and month, in the services' order
//   (measure as requested, then month). Each object has exactly these keys, in this order:
//
//   {"measure_id": "safeguarding.icpc_within_15wd",  string: the public measure id
//    "month": "2016-05",                             string: YYYY-MM, the period's last month
//    "basis": "ytd",                                 string: month | ytd | quarter | snapshot |
//                                                            rolling12 | rolling3y
//    "unit": "percent",                              string: count | percent | rate_per_10000 |
//                                                            days | weeks | working_days
//    "numerator": 27,                                number: exact
//    "denominator": 28,                              number: exact (1 for counts)
//    "value": 96.43,                                 number rounded to 2 decimal places, or
//                                                    null when undefined (e.g. 0/0)
//    "team": ""}                                     string: the team breakdown, "" for all
//
//   Numbers are plain JSON numbers (whole numbers without a decimal point). The array is
//   printed one object per line; an empty result is "[]".
#ifndef SCORECARD_TOOLS_SCORECARDCTL_JSON_OUTPUT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_JSON_OUTPUT_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard::scorecardctl {

// The measures array (see the file comment), ending in a newline.
std::string MeasureValuesToJson(absl::Span<const common::v1::MeasureValue> values);

// A JSON number: the shortest text that reads back as the same double
// (aggregator::ExactNumberText); "null" for NaN and infinities, which JSON cannot express.
std::string JsonNumber(double value);
// A quoted, escaped JSON string.
std::string JsonString(absl::string_view text);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_JSON_OUTPUT_H_
