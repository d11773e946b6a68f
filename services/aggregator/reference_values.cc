#include "services/aggregator/reference_values.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/files/csv_reader.h"
#include "common/records/record_validator.h"

namespace scorecard::aggregator {
namespace {

constexpr int kMaxPeriodYears = 5;
constexpr size_t kMaxCitationLength = 200;
constexpr char kEngland[] = "england";
constexpr absl::string_view kCsvHeader = "comparator_key,source,period,value,authority,citation";

bool IsKey(absl::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' || c == '_')) return false;
  }
  return true;
}

bool AllDigits(absl::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// Which of two periods a month is better compared with (see the header): true if `a` is.
bool Prefer(const ReferencePeriod& a, const ReferencePeriod& b, Month month) {
  const bool a_contains = a.last >= month;
  const bool b_contains = b.last >= month;
  if (a_contains != b_contains) return a_contains;
  if (a_contains) {
    if (a.first != b.first) return a.first > b.first;
    return a.last < b.last;
  }
  if (a.last != b.last) return a.last > b.last;
  return a.first > b.first;
}

}  // namespace

absl::StatusOr<ReferencePeriod> ParseReferencePeriod(absl::string_view text) {
  const auto invalid = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", text.substr(0, 16), "\" is not a financial-year period like 2016-17 or 2015-18"));
  };
  if (text.size() != 7 || text[4] != '-') return invalid();
  int start = 0;
  int end_yy = 0;
  if (!AllDigits(text.substr(0, 4)) || !AllDigits(text.substr(5, 2)) ||
      !absl::SimpleAtoi(text.substr(0, 4), &start) ||
      !absl::SimpleAtoi(text.substr(5, 2), &end_yy)) {
    return invalid();
  }
  const int years = ((end_yy - start % 100) + 100) % 100;
  if (start < 1900 || years < 1 || years > kMaxPeriodYears) return invalid();
  return ReferencePeriod{Month(start, 4), Month(start + years, 3)};
}

absl::Status ValidateReferenceValue(const v1::ReferenceValue& value) {
  if (!IsKey(value.comparator_key())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "comparator_key: \"", value.comparator_key().substr(0, 64),
        "\" must be lower-case letters, digits, '-' and '_' (a rows' comparator_key)"));
  }
  if (!IsKey(value.source())) {
    return absl::InvalidArgumentError(
        absl::StrCat("source: \"", value.source().substr(0, 64),
                     "\" must be lower-case letters, digits, '-' and '_', e.g. england"));
  }
  if (absl::StatusOr<ReferencePeriod> period = ParseReferencePeriod(value.period()); !period.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("period: ", period.status().message()));
  }
  if (!std::isfinite(value.value())) {
    return absl::InvalidArgumentError("value: not a finite number");
  }
  if (!value.authority().empty()) {
    if (absl::Status code = ValidateAuthorityCode("authority", value.authority()); !code.ok()) {
      return code;
    }
  }
  if (value.citation().size() > kMaxCitationLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("citation: longer than ", kMaxCitationLength, " characters"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::ReferenceValue>> ParseReferenceCsv(absl::string_view text,
                                                                  absl::string_view origin) {
  std::vector<v1::ReferenceValue> values;
  bool header_seen = false;
  CsvReader reader(text);
  CsvRow row;
  while (reader.Next(&row)) {
    std::vector<std::string>& fields = row.fields;
    for (std::string& field : fields) absl::StripAsciiWhitespace(&field);
    // A line of only spaces is as blank as an empty one.
    if (fields.size() == 1 && fields[0].empty()) continue;
    const std::string where = absl::StrCat(origin, ":", row.line);
    if (!header_seen) {
      if (fields != std::vector<std::string>(absl::StrSplit(kCsvHeader, ','))) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": the header must be \"", kCsvHeader, "\""));
      }
      header_seen = true;
      continue;
    }
    if (fields.size() != 6) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": ", fields.size(), " fields; expected 6 (", kCsvHeader, ")"));
    }
    v1::ReferenceValue value;
    value.set_comparator_key(std::move(fields[0]));
    value.set_source(std::move(fields[1]));
    value.set_period(std::move(fields[2]));
    double number = 0;
    if (!absl::SimpleAtod(fields[3], &number)) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": value: not a number"));
    }
    value.set_value(number);
    value.set_authority(std::move(fields[4]));
    value.set_citation(std::move(fields[5]));
    if (absl::Status valid = ValidateReferenceValue(value); !valid.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": ", valid.message()));
    }
    values.push_back(std::move(value));
  }
  if (!reader.status().ok()) {
    // The reader's message starts "line N: ..."; name the file as the other errors do.
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", reader.status().message()));
  }
  if (!header_seen) return absl::InvalidArgumentError(absl::StrCat(origin, ": empty file"));
  return values;
}

void ComparatorTable::Add(const v1::ReferenceValue& value) {
  absl::StatusOr<ReferencePeriod> period = ParseReferencePeriod(value.period());
  if (!period.ok()) return;
  const bool for_one_authority = !value.authority().empty();
  auto& by_period = values_[{value.comparator_key(), value.source()}];
  auto it = by_period.find(value.period());
  if (it != by_period.end() && it->second.for_one_authority && !for_one_authority) return;
  by_period[value.period()] = Entry{*period, value.period(), value.value(), for_one_authority};
}

std::vector<v1::Comparator> ComparatorTable::For(const std::string& comparator_key,
                                                 Month month) const {
  std::vector<v1::Comparator> out;
  for (auto it = values_.lower_bound({comparator_key, ""});
       it != values_.end() && it->first.first == comparator_key; ++it) {
    const Entry* best = nullptr;
    for (const auto& [text, entry] : it->second) {
      if (entry.period.first > month) continue;
      if (best == nullptr || Prefer(entry.period, best->period, month)) best = &entry;
    }
    if (best == nullptr) continue;
    v1::Comparator comparator;
    comparator.set_source(it->first.second);
    comparator.set_period(best->period_text);
    comparator.set_value(best->value);
    out.push_back(std::move(comparator));
  }
  std::stable_sort(out.begin(), out.end(), [](const v1::Comparator& a, const v1::Comparator& b) {
    return (a.source() == kEngland) > (b.source() == kEngland);
  });
  return out;
}

}  // namespace scorecard::aggregator
