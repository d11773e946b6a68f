// The published "Getting to Good" card as a table of figures
// (tests/data/getting-to-good-2016-17.csv): one row per measure, one column per month, a cell
// either the figure as printed ("89", "312.5") or blank (not published).
//
//   absl::StatusOr<PublishedCard> card = ParsePublishedCard(csv_text);
//   const PublishedRow* row = card->Find("objective-2-safeguarding", "CP Plan Numbers");
//   std::optional<double> april = row->Value(0);      // 147
//   const std::string& shown = row->cells[0];          // "147"
//
// Rows are named by section id and title, as the scorecard definition names them
// (deploy/scorecards/getting-to-good.textproto).
#ifndef SCORECARD_TOOLS_SEED_CARD_PUBLISHED_CARD_H_
#define SCORECARD_TOOLS_SEED_CARD_PUBLISHED_CARD_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/time/civil_date.h"

namespace scorecard::seed_card {

struct PublishedRow {
  std::string section;
  std::string title;
  // The card's own words: "month", "ytd", "snapshot", "percent", ...
  std::string basis;
  std::string unit;
  // One per month of the card, as printed; "" where nothing was published.
  std::vector<std::string> cells;

  // The figure of month column `column`, or nullopt when blank.
  std::optional<double> Value(size_t column) const;
};

struct PublishedCard {
  // The card's months, in column order.
  std::vector<Month> months;
  std::vector<PublishedRow> rows;

  // The row with this section and title, or nullptr.
  const PublishedRow* Find(absl::string_view section, absl::string_view title) const;
  // The column of `month`, or -1 when the card has no such month.
  int Column(Month month) const;
};

// Parses the card's CSV (RFC 4180 quoting, LF or CRLF lines): a header
// `section,measure,basis,unit,<YYYY-MM>...` with consecutive months, then one line per row.
// INVALID_ARGUMENT naming the line and column for a malformed header, a short or long line,
// a figure that is not a plain number, or a repeated row.
[[nodiscard]] absl::StatusOr<PublishedCard> ParsePublishedCard(absl::string_view csv);

// Reads and parses the file at `path` (NOT_FOUND when it cannot be read).
[[nodiscard]] absl::StatusOr<PublishedCard> ReadPublishedCard(const std::string& path);

}  // namespace scorecard::seed_card

#endif  // SCORECARD_TOOLS_SEED_CARD_PUBLISHED_CARD_H_
