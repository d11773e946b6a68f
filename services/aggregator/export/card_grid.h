// What every export format shares: the card checked and laid out as a grid (one column per
// month of the card's range), and the words and number text the published card uses.
//
//   absl::StatusOr<CardGrid> grid = BuildCardGrid(card);   // INVALID_ARGUMENT on bad input
//   for (const GridSection& section : grid->sections)
//     for (const GridRow& row : section.rows)
//       for (size_t column = 0; column < grid->months.size(); ++column)
//         if (const v1::Cell* cell = row.ShownCell(column))
//           Print(CardValueText(row.row->unit(), cell->value()));
//
// Errors name the field by its path in the message ("sections[1].rows[0].cells[3].month")
// and never quote a title.
#ifndef SCORECARD_SERVICES_AGGREGATOR_EXPORT_CARD_GRID_H_
#define SCORECARD_SERVICES_AGGREGATOR_EXPORT_CARD_GRID_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/time/civil_date.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard::aggregator {

// The longest range GetScorecard serves; a longer one is not a card.
inline constexpr int kMaxCardMonths = 120;

struct GridRow {
  const v1::Row* row = nullptr;
  // One per month column; nullptr where the row has no cell for that month.
  std::vector<const v1::Cell*> cells;

  // False for rows no service computes, whose service was down, or that do not apply:
  // their cells are never shown as figures (a gap is not a zero).
  bool HasFigures() const;
  // The cell of `column` when it has a value to show, else nullptr.
  const v1::Cell* ShownCell(size_t column) const;
};

struct GridSection {
  const v1::Section* section = nullptr;
  std::vector<GridRow> rows;
};

struct CardGrid {
  // from_month to to_month, inclusive.
  std::vector<Month> months;
  std::vector<GridSection> sections;
};

// The card's months and each row's cells by month. INVALID_ARGUMENT when the range is unset,
// reversed or longer than kMaxCardMonths, when a cell's month is unset, outside the range or
// repeated in its row, or when a number is not finite.
[[nodiscard]] absl::StatusOr<CardGrid> BuildCardGrid(const v1::Scorecard& card);

// Decimal places the published card shows for a unit: none for counts, percentages, rates,
// days and weeks; one for working days (FTE-weighted) and ratios.
int CardDecimals(common::v1::Unit unit);

// A value as the published card shows it (tests/data/getting-to-good-2016-17.csv): rounded
// to CardDecimals, halves away from zero as a spreadsheet's ROUND does, with no trailing
// ".0" ("96.43" -> "96", "312.46" -> "312.5", "275.0" -> "275").
std::string CardValueText(common::v1::Unit unit, double value);

// "2016-05" straight from the message's fields, so a malformed month is shown as it is,
// never normalised into another real month.
std::string YearMonthText(const common::v1::YearMonth& month);

// The shortest decimal text that reads back as the same double ("27", "312.5", "0.1").
std::string ExactNumberText(double value);

// Whether a spreadsheet would take `text` for a formula: it starts with = + - or @, or
// with a tab, carriage return or NUL (OWASP's CSV injection list; ASVS 1.2.10).
bool LooksLikeFormula(absl::string_view text);
// Text for a spreadsheet cell that a spreadsheet keeps as text: `text`, with a single quote
// in front when it LooksLikeFormula ("=HYPERLINK(...)" -> "'=HYPERLINK(...)"). For text
// cells only (titles, ids, team names): a figure such as "-3" is a number, not a formula.
std::string SpreadsheetText(absl::string_view text);

// The seed's words: month, ytd, quarter, snapshot, rolling-12-months, rolling (three years,
// the adoption timescales); "" when unspecified.
std::string SeedBasisWord(common::v1::Basis basis);
// The seed's words: count, percent, rate_per_10000, days (working days too, as the seed's
// sickness rows say), weeks, ratio; "" when unspecified.
std::string SeedUnitWord(common::v1::Unit unit);

// "workforce 12, safeguarding unavailable, aggregator 3"; "none" when there are none.
std::string DataVersionsText(
    const google::protobuf::RepeatedPtrField<v1::ServiceDataVersion>& versions);

// red, amber, green; "" for no rating.
std::string RagWord(v1::Rag rag);
// available, not yet available, source unavailable, not applicable; "" when unspecified.
std::string RowStatusWords(v1::RowStatus status);
// improved, worsened, unchanged, up, down; "" when there is nothing to compare with.
std::string DirectionWord(v1::Direction direction);

// The fill behind a rated figure and the text on it, 0xRRGGBB: the light red, amber and
// green spreadsheet users know from Excel's conditional formats, each with a dark text of
// its own hue so the figure stays readable (WCAG AA contrast).
struct RagColours {
  uint32_t fill = 0xFFFFFF;
  uint32_t text = 0x000000;
};
// White and black for RAG_UNSPECIFIED.
RagColours RagColoursOf(v1::Rag rag);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_EXPORT_CARD_GRID_H_
