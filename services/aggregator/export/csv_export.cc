#include "services/aggregator/export/csv_export.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/files/csv_reader.h"
#include "services/aggregator/export/card_grid.h"

namespace scorecard::aggregator {
namespace {

constexpr absl::string_view kLineEnd = "\r\n";

void AppendLine(const std::vector<std::string>& fields, std::string* out) {
  absl::StrAppend(
      out,
      absl::StrJoin(fields, ",",
                    [](std::string* to, const std::string& field) { to->append(CsvField(field)); }),
      kLineEnd);
}

std::string WideCsv(const CardGrid& grid) {
  std::string out;
  std::vector<std::string> header = {"section", "measure", "basis", "unit"};
  for (Month month : grid.months) header.push_back(FormatMonth(month));
  AppendLine(header, &out);
  for (const GridSection& section : grid.sections) {
    for (const GridRow& grid_row : section.rows) {
      const v1::Row& row = *grid_row.row;
      std::vector<std::string> fields = {SpreadsheetText(section.section->id()),
                                         SpreadsheetText(row.title()), SeedBasisWord(row.basis()),
                                         SeedUnitWord(row.unit())};
      for (size_t column = 0; column < grid.months.size(); ++column) {
        const v1::Cell* cell = grid_row.ShownCell(column);
        fields.push_back(cell == nullptr ? "" : CardValueText(row.unit(), cell->value()));
      }
      AppendLine(fields, &out);
    }
  }
  return out;
}

std::string LongCsv(const CardGrid& grid) {
  std::string out;
  AppendLine(
      {"section", "row", "measure", "measure_id", "basis", "unit", "team", "status", "month",
       "numerator", "denominator", "value", "rag", "vs_previous_month", "vs_same_month_last_year"},
      &out);
  for (const GridSection& section : grid.sections) {
    for (const GridRow& grid_row : section.rows) {
      const v1::Row& row = *grid_row.row;
      for (size_t column = 0; column < grid.months.size(); ++column) {
        std::vector<std::string> fields = {SpreadsheetText(section.section->id()),
                                           SpreadsheetText(row.id()),
                                           SpreadsheetText(row.title()),
                                           SpreadsheetText(row.measure_id()),
                                           SeedBasisWord(row.basis()),
                                           SeedUnitWord(row.unit()),
                                           SpreadsheetText(row.team()),
                                           RowStatusWords(row.status()),
                                           FormatMonth(grid.months[column])};
        const v1::Cell* cell = grid_row.HasFigures() ? grid_row.cells[column] : nullptr;
        if (cell == nullptr) {
          fields.resize(fields.size() + 6);
        } else {
          fields.push_back(ExactNumberText(cell->numerator()));
          fields.push_back(ExactNumberText(cell->denominator()));
          fields.push_back(cell->has_value() ? CardValueText(row.unit(), cell->value()) : "");
          fields.push_back(RagWord(cell->rag()));
          fields.push_back(DirectionWord(cell->vs_previous_month()));
          fields.push_back(DirectionWord(cell->vs_same_month_last_year()));
        }
        AppendLine(fields, &out);
      }
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> ExportCsv(const v1::Scorecard& card, CsvLayout layout) {
  absl::StatusOr<CardGrid> grid = BuildCardGrid(card);
  if (!grid.ok()) return grid.status();
  return layout == CsvLayout::kLong ? LongCsv(*grid) : WideCsv(*grid);
}

}  // namespace scorecard::aggregator
