#include "tools/scorecardctl/json_output.h"

#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/scorecardctl/measure_words.h"

namespace scorecard::scorecardctl {
namespace {

// The schema promises two decimal places: enough for a percentage to be quoted, and
// stable across platforms (the exact parts are there for recomputation).
double RoundToHundredths(double value) { return std::round(value * 100) / 100; }

// "2016-05" straight from the fields: a malformed month must not be normalised into
// another real month.
std::string MonthText(const common::v1::YearMonth& month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

}  // namespace

std::string JsonNumber(double value) {
  if (!std::isfinite(value)) return "null";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return absl::StrFormat("%.0f", value + 0.0);  // + 0.0: no "-0"
  }
  // The fewest significant digits that read back exactly.
  for (int precision = 1; precision < 17; ++precision) {
    std::string text = absl::StrFormat("%.*g", precision, value);
    if (std::strtod(text.c_str(), nullptr) == value) return text;
  }
  return absl::StrFormat("%.17g", value);
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

absl::StatusOr<std::string> ScorecardToJson(const aggregator::v1::Scorecard& card) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  const auto printed = google::protobuf::util::MessageToJsonString(card, &json, options);
  if (!printed.ok()) return absl::InternalError(printed.message().ToString());
  if (json.empty() || json.back() != '\n') json.push_back('\n');
  return json;
}

std::string MeasureValuesToJson(absl::Span<const common::v1::MeasureValue> values) {
  if (values.empty()) return "[]\n";
  std::string out = "[\n";
  for (size_t i = 0; i < values.size(); ++i) {
    const common::v1::MeasureValue& v = values[i];
    absl::StrAppend(
        &out, "  {\"measure_id\": ", JsonString(v.measure_id()),
        ", \"month\": ", JsonString(MonthText(v.month())),
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
