#include "services/aggregator/export/card_grid.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/records/proto_date.h"

namespace scorecard::aggregator {
namespace {

absl::Status NotFinite(const std::string& path) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": not a finite number"));
}

absl::Status CheckCellNumbers(const v1::Cell& cell, const std::string& path) {
  if (!std::isfinite(cell.numerator())) return NotFinite(absl::StrCat(path, ".numerator"));
  if (!std::isfinite(cell.denominator())) return NotFinite(absl::StrCat(path, ".denominator"));
  if (cell.has_value() && !std::isfinite(cell.value())) {
    return NotFinite(absl::StrCat(path, ".value"));
  }
  return absl::OkStatus();
}

absl::Status CheckRowNumbers(const v1::Row& row, const std::string& path) {
  if (row.has_target() && !std::isfinite(row.target())) {
    return NotFinite(absl::StrCat(path, ".target"));
  }
  if (row.has_green_threshold() && !std::isfinite(row.green_threshold())) {
    return NotFinite(absl::StrCat(path, ".green_threshold"));
  }
  if (row.has_amber_threshold() && !std::isfinite(row.amber_threshold())) {
    return NotFinite(absl::StrCat(path, ".amber_threshold"));
  }
  return absl::OkStatus();
}

}  // namespace

bool GridRow::HasFigures() const {
  return row->status() == v1::ROW_STATUS_AVAILABLE || row->status() == v1::ROW_STATUS_UNSPECIFIED;
}

const v1::Cell* GridRow::ShownCell(size_t column) const {
  if (!HasFigures() || column >= cells.size()) return nullptr;
  const v1::Cell* cell = cells[column];
  return cell != nullptr && cell->has_value() ? cell : nullptr;
}

absl::StatusOr<CardGrid> BuildCardGrid(const v1::Scorecard& card) {
  absl::StatusOr<Month> from = FromProtoMonth(card.from_month());
  if (!from.ok())
    return absl::InvalidArgumentError(absl::StrCat("from_month: ", from.status().message()));
  absl::StatusOr<Month> to = FromProtoMonth(card.to_month());
  if (!to.ok())
    return absl::InvalidArgumentError(absl::StrCat("to_month: ", to.status().message()));
  if (*to < *from) {
    return absl::InvalidArgumentError(
        absl::StrCat("to_month: ", FormatMonth(*to), " is before from_month ", FormatMonth(*from)));
  }
  if (*to - *from + 1 > kMaxCardMonths) {
    return absl::InvalidArgumentError(absl::StrCat("to_month: ", FormatMonth(*from), " to ",
                                                   FormatMonth(*to), " is more than ",
                                                   kMaxCardMonths, " months"));
  }

  CardGrid grid;
  for (Month m = *from; m <= *to; ++m) grid.months.push_back(m);
  for (int s = 0; s < card.sections_size(); ++s) {
    const v1::Section& section = card.sections(s);
    GridSection& grid_section = grid.sections.emplace_back();
    grid_section.section = &section;
    for (int r = 0; r < section.rows_size(); ++r) {
      const v1::Row& row = section.rows(r);
      const std::string row_path = absl::StrCat("sections[", s, "].rows[", r, "]");
      if (absl::Status numbers = CheckRowNumbers(row, row_path); !numbers.ok()) return numbers;
      GridRow& grid_row = grid_section.rows.emplace_back();
      grid_row.row = &row;
      grid_row.cells.assign(grid.months.size(), nullptr);
      for (int c = 0; c < row.cells_size(); ++c) {
        const v1::Cell& cell = row.cells(c);
        const std::string cell_path = absl::StrCat(row_path, ".cells[", c, "]");
        absl::StatusOr<Month> month = FromProtoMonth(cell.month());
        if (!month.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat(cell_path, ".month: ", month.status().message()));
        }
        if (*month < *from || *month > *to) {
          return absl::InvalidArgumentError(
              absl::StrCat(cell_path, ".month: ", FormatMonth(*month), " is outside the card's ",
                           FormatMonth(*from), " to ", FormatMonth(*to)));
        }
        const v1::Cell*& slot = grid_row.cells[static_cast<size_t>(*month - *from)];
        if (slot != nullptr) {
          return absl::InvalidArgumentError(absl::StrCat(cell_path, ".month: ", FormatMonth(*month),
                                                         " appears twice in the row"));
        }
        if (absl::Status numbers = CheckCellNumbers(cell, cell_path); !numbers.ok()) {
          return numbers;
        }
        slot = &cell;
      }
    }
  }
  return grid;
}

int CardDecimals(common::v1::Unit unit) {
  switch (unit) {
    case common::v1::UNIT_WORKING_DAYS:
    case common::v1::UNIT_RATIO:
      return 1;
    default:
      return 0;
  }
}

std::string CardValueText(common::v1::Unit unit, double value) {
  const int decimals = CardDecimals(unit);
  const double scale = decimals == 0 ? 1 : 10;
  // std::round takes halves away from zero; adding 0.0 turns -0 into 0, which would
  // otherwise read as a negative figure.
  const double rounded = std::round(value * scale) / scale + 0.0;
  std::string text = absl::StrFormat("%.*f", decimals, rounded);
  if (decimals > 0 && text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) {
    text.resize(text.size() - 2);
  }
  return text;
}

std::string YearMonthText(const common::v1::YearMonth& month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

std::string ExactNumberText(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return absl::StrFormat("%.0f", value + 0.0);
  }
  for (int precision = 1; precision < 17; ++precision) {
    const std::string text = absl::StrFormat("%.*g", precision, value);
    if (std::strtod(text.c_str(), nullptr) == value) return text;
  }
  return absl::StrFormat("%.17g", value);
}

bool LooksLikeFormula(absl::string_view text) {
  // Spelled with its length: the list ends in NUL.
  constexpr absl::string_view kFormulaStarts("=+-@\t\r\0", 7);
  return !text.empty() && kFormulaStarts.find(text.front()) != absl::string_view::npos;
}

std::string SpreadsheetText(absl::string_view text) {
  return LooksLikeFormula(text) ? absl::StrCat("'", text) : std::string(text);
}

std::string SeedBasisWord(common::v1::Basis basis) {
  switch (basis) {
    case common::v1::BASIS_MONTH:
      return "month";
    case common::v1::BASIS_YTD:
      return "ytd";
    case common::v1::BASIS_QUARTER:
      return "quarter";
    case common::v1::BASIS_SNAPSHOT:
      return "snapshot";
    case common::v1::BASIS_ROLLING_12_MONTHS:
      return "rolling-12-months";
    case common::v1::BASIS_ROLLING_3_YEARS:
      return "rolling";
    default:
      return "";
  }
}

std::string SeedUnitWord(common::v1::Unit unit) {
  switch (unit) {
    case common::v1::UNIT_COUNT:
      return "count";
    case common::v1::UNIT_PERCENT:
      return "percent";
    case common::v1::UNIT_RATE_PER_10000:
      return "rate_per_10000";
    case common::v1::UNIT_DAYS:
    case common::v1::UNIT_WORKING_DAYS:
      return "days";
    case common::v1::UNIT_WEEKS:
      return "weeks";
    case common::v1::UNIT_RATIO:
      return "ratio";
    default:
      return "";
  }
}

std::string DataVersionsText(
    const google::protobuf::RepeatedPtrField<v1::ServiceDataVersion>& versions) {
  std::vector<std::string> texts;
  for (const v1::ServiceDataVersion& v : versions) {
    texts.push_back(v.available() ? absl::StrCat(v.service(), " ", v.version())
                                  : absl::StrCat(v.service(), " unavailable"));
  }
  return texts.empty() ? "none" : absl::StrJoin(texts, ", ");
}

std::string RagWord(v1::Rag rag) {
  switch (rag) {
    case v1::RAG_RED:
      return "red";
    case v1::RAG_AMBER:
      return "amber";
    case v1::RAG_GREEN:
      return "green";
    default:
      return "";
  }
}

std::string RowStatusWords(v1::RowStatus status) {
  switch (status) {
    case v1::ROW_STATUS_AVAILABLE:
      return "available";
    case v1::ROW_STATUS_NOT_YET_AVAILABLE:
      return "not yet available";
    case v1::ROW_STATUS_SOURCE_UNAVAILABLE:
      return "source unavailable";
    case v1::ROW_STATUS_NOT_APPLICABLE:
      return "not applicable";
    default:
      return "";
  }
}

std::string DirectionWord(v1::Direction direction) {
  switch (direction) {
    case v1::DIRECTION_IMPROVED:
      return "improved";
    case v1::DIRECTION_WORSENED:
      return "worsened";
    case v1::DIRECTION_UNCHANGED:
      return "unchanged";
    case v1::DIRECTION_UP:
      return "up";
    case v1::DIRECTION_DOWN:
      return "down";
    default:
      return "";
  }
}

RagColours RagColoursOf(v1::Rag rag) {
  switch (rag) {
    case v1::RAG_RED:
      return {0xFFC7CE, 0x9C0006};
    case v1::RAG_AMBER:
      return {0xFFEB9C, 0x7A4A00};
    case v1::RAG_GREEN:
      return {0xC6EFCE, 0x006100};
    default:
      return {};
  }
}

}  // namespace scorecard::aggregator
