#include "tools/scorecardctl/drilldown_format.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/records/proto_date.h"
#include "services/aggregator/export/card_grid.h"
#include "tools/scorecardctl/json_output.h"
#include "tools/scorecardctl/measure_words.h"
#include "tools/scorecardctl/table_format.h"

namespace scorecard::scorecardctl {
namespace {

// An absent date, number or code in the table.
constexpr char kNone[] = "-";

// From the fields as sent, so that a malformed date is shown as it is, not normalised.
std::string DateText(const common::v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string TableDate(bool present, const common::v1::Date& date) {
  return present && !IsUnset(date) ? DateText(date) : kNone;
}

std::string JsonDate(bool present, const common::v1::Date& date) {
  return present && !IsUnset(date) ? JsonString(DateText(date)) : "null";
}

// Days as a person reads them: whole numbers plainly, fractions to two decimals.
std::string TableDays(double days) {
  const double rounded = std::round(days * 100) / 100;
  return JsonNumber(rounded);
}

std::string OrNone(const std::string& text) { return text.empty() ? kNone : text; }

}  // namespace

std::string FormatDrillDownTable(const DrillDownReport& report) {
  const common::v1::MeasureValue& value = report.value;
  std::string out = absl::StrCat(value.measure_id(), value.team().empty() ? "" : " [",
                                 value.team(), value.team().empty() ? "" : "]", ", authority ",
                                 report.authority, ", ", aggregator::YearMonthText(value.month()), " (",
                                 BasisWord(value.basis()), "), scope ", ScopeWord(report.scope),
                                 "\n");
  const std::string figure =
      value.has_value() ? aggregator::CardValueText(value.unit(), value.value()) : kNone;
  absl::StrAppend(&out, "figure: ", figure, " (", FormatPart(value.numerator()), " of ",
                  FormatPart(value.denominator()), ", ", UnitWord(value.unit()), ")\n");
  absl::StrAppend(&out, "cases: ", report.cases.size(), ", data version ", report.data_version,
                  "\n\n");
  if (report.cases.empty()) {
    absl::StrAppend(&out, "(no cases)\n");
    return out;
  }
  std::vector<std::vector<std::string>> rows = {{"subject", "in numerator", "start", "end", "due",
                                                 "days taken", "days overdue", "team", "reason"}};
  for (const common::v1::DrillDownCase& c : report.cases) {
    rows.push_back({absl::StrCat(SubjectKindWord(c.subject_kind()), " ", c.subject_id()),
                    c.in_numerator() ? "yes" : "no",
                    TableDate(c.has_start_date(), c.start_date()),
                    TableDate(c.has_end_date(), c.end_date()),
                    TableDate(c.has_due_date(), c.due_date()),
                    c.has_days_taken() ? TableDays(c.days_taken()) : kNone,
                    c.has_days_overdue() ? absl::StrCat(c.days_overdue()) : kNone,
                    OrNone(c.team()), OrNone(c.reason())});
  }
  absl::StrAppend(&out, FormatColumns(rows));
  return out;
}

std::string DrillDownToJsonLines(const DrillDownReport& report) {
  const std::string measure = JsonString(report.value.measure_id());
  const std::string month = JsonString(aggregator::YearMonthText(report.value.month()));
  const auto optional_number = [](bool present, double number) {
    return present ? JsonNumber(number) : std::string("null");
  };
  std::string out;
  for (const common::v1::DrillDownCase& c : report.cases) {
    absl::StrAppend(
        &out, "{\"measure_id\": ", measure, ", \"month\": ", month,
        ", \"subject_kind\": ", JsonString(SubjectKindWord(c.subject_kind())),
        ", \"subject_id\": ", JsonString(c.subject_id()),
        ", \"in_numerator\": ", c.in_numerator() ? "true" : "false",
        ", \"in_denominator\": ", c.in_denominator() ? "true" : "false",
        ", \"start_date\": ", JsonDate(c.has_start_date(), c.start_date()),
        ", \"end_date\": ", JsonDate(c.has_end_date(), c.end_date()),
        ", \"due_date\": ", JsonDate(c.has_due_date(), c.due_date()));
    absl::StrAppend(
        &out, ", \"days_taken\": ", optional_number(c.has_days_taken(), c.days_taken()),
        ", \"days_overdue\": ", optional_number(c.has_days_overdue(), c.days_overdue()),
        ", \"amount\": ", optional_number(c.has_amount(), c.amount()),
        ", \"denominator_amount\": ",
        optional_number(c.has_denominator_amount(), c.denominator_amount()),
        ", \"team\": ", JsonString(c.team()), ", \"reason\": ", JsonString(c.reason()),
        ", \"record_id\": ", JsonString(c.record_id()), "}\n");
  }
  return out;
}

}  // namespace scorecard::scorecardctl
