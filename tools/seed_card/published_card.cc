#include "tools/seed_card/published_card.h"

#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/files/csv_reader.h"
#include "tools/seed_card/csv_table.h"

namespace scorecard::seed_card {
namespace {

constexpr int kLeadingColumns = 4;  // section, measure, basis, unit

bool IsPlainNumber(absl::string_view text) {
  // Digits with at most one decimal point: no signs, exponents or spaces on a card.
  int points = 0;
  int digits = 0;
  for (char c : text) {
    if (c == '.') {
      ++points;
    } else if (c >= '0' && c <= '9') {
      ++digits;
    } else {
      return false;
    }
  }
  return digits > 0 && points <= 1;
}

}  // namespace

std::optional<double> PublishedRow::Value(size_t column) const {
  if (column >= cells.size() || cells[column].empty()) return std::nullopt;
  double value = 0;
  if (!absl::SimpleAtod(cells[column], &value)) return std::nullopt;
  return value;
}

const PublishedRow* PublishedCard::Find(absl::string_view section,
                                        absl::string_view title) const {
  for (const PublishedRow& row : rows) {
    if (row.section == section && row.title == title) return &row;
  }
  return nullptr;
}

int PublishedCard::Column(Month month) const {
  for (size_t i = 0; i < months.size(); ++i) {
    if (months[i] == month) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<PublishedCard> ParsePublishedCard(absl::string_view csv) {
  absl::StatusOr<std::vector<CsvRow>> lines = ReadCsv(csv);
  if (!lines.ok()) return lines.status();
  if (lines->empty()) return absl::InvalidArgumentError("the card is empty");
  const CsvRow& header = lines->front();
  const std::vector<std::string> leading = {"section", "measure", "basis", "unit"};
  if (header.fields.size() <= leading.size() ||
      !std::equal(leading.begin(), leading.end(), header.fields.begin())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "line ", header.line, ": header must start section,measure,basis,unit and name months"));
  }
  PublishedCard card;
  for (size_t i = kLeadingColumns; i < header.fields.size(); ++i) {
    absl::StatusOr<Month> month = ParseMonth(header.fields[i]);
    if (!month.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", header.line, ", column ", i + 1, ": not a month (YYYY-MM)"));
    }
    if (!card.months.empty() && *month != card.months.back() + 1) {
      return absl::InvalidArgumentError(absl::StrCat("line ", header.line, ", column ", i + 1,
                                                     ": months must be consecutive"));
    }
    card.months.push_back(*month);
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t l = 1; l < lines->size(); ++l) {
    const CsvRow& line = (*lines)[l];
    if (line.fields.size() != header.fields.size()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line.line, ": ",
                                                     line.fields.size(), " fields, expected ",
                                                     header.fields.size()));
    }
    PublishedRow row;
    row.section = line.fields[0];
    row.title = line.fields[1];
    row.basis = line.fields[2];
    row.unit = line.fields[3];
    for (size_t i = kLeadingColumns; i < line.fields.size(); ++i) {
      const std::string& cell = line.fields[i];
      if (!cell.empty() && !IsPlainNumber(cell)) {
        return absl::InvalidArgumentError(
            absl::StrCat("line ", line.line, ", column ", i + 1, ": not a plain number"));
      }
      row.cells.push_back(cell);
    }
    if (!seen.emplace(row.section, row.title).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line.line, ": the row is on the card twice"));
    }
    card.rows.push_back(std::move(row));
  }
  return card;
}

absl::StatusOr<PublishedCard> ReadPublishedCard(const std::string& path) {
  absl::StatusOr<std::string> text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  absl::StatusOr<PublishedCard> card = ParsePublishedCard(*text);
  if (!card.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", card.status().message()));
  return card;
}

}  // namespace scorecard::seed_card
