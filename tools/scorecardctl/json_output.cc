#include "tools/scorecardctl/json_output.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/aggregator/export/card_grid.h"
#include "tools/scorecardctl/measure_words.h"

namespace scorecard::scorecardctl {
namespace {

// The schema promises two decimal places: enough for a percentage to be quoted, and
// stable across platforms (the exact parts are there for recomputation).
double RoundToHundredths(double value) { return std::round(value * 100) / 100; }

}  // namespace

std::string JsonNumber(double value) {
  return std::isfinite(value) ? aggregator::ExactNumberText(value) : "null";
}

std::string JsonString(absl::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<unsigned char>(c));
        } else {
          out.push_back(c);  // UTF-8 passes through: JSON text is UTF-8
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string MeasureValuesToJson(absl::Span<const common::v1::MeasureValue> values) {
  if (values.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < values.size(); ++i) {
    const common::v1::MeasureValue& v = values[i];
    absl::StrAppend(
        &out, "  {\"measure_id\": ", JsonString(v.measure_id()),
        ", \"month\": ", JsonString(aggregator::YearMonthText(v.month())),
        ", \"basis\": ", JsonString(BasisWord(v.basis())),
        ", \"unit\": ", JsonString(UnitWord(v.unit())),
        ", \"numerator\": ", JsonNumber(v.numerator()),
        ", \"denominator\": ", JsonNumber(v.denominator()),
        ", \"value\": ", v.has_value() ? JsonNumber(RoundToHundredths(v.value())) : "null",
        ", \"team\": ", JsonString(v.team()), "}", i + 1 < values.size() ? ",\n" : "\n");
  }
  out += "]\n";
  return out;
}

}  // namespace scorecard::scorecardctl
