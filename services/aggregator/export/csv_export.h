// The card as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
// comma, quote, CR or LF, quotes inside doubled), in one of two layouts.
//
// Wide, the shape of the published card's CSV (tests/data/getting-to-good-2016-17.csv):
//   section,measure,basis,unit,2016-04,2016-05
//   objective-1-workforce,Starters - during the month,month,count,0,2
//   context-volume,"CP Plan Numbers per 10,000 population",snapshot,rate_per_10000,41,37
// one line per card row, in card order: the section id, the row title, the seed's basis and
// unit words (card_grid.h), then each month's value as the card shows it (CardValueText), or
// an empty field when there is no value (undefined, or the row is not available).
//
// Long, for scripts: one line per card row and month, in card order, with the exact parts:
//   section,row,measure,measure_id,basis,unit,team,status,month,numerator,denominator,value,
//   rag,vs_previous_month,vs_same_month_last_year
// numerator and denominator exact (ExactNumberText), value as the card shows it, rag and
// directions as words (RagWord, DirectionWord), status as RowStatusWords. A row that is not
// available has its status and the month, and empty number fields.
//
// Text from the card (section and row ids, titles, measure ids, teams) that a spreadsheet
// would read as a formula is written with a single quote in front (SpreadsheetText): a
// title "=HYPERLINK(...)" opens in Excel as that text, never as a link or a command.
// Figures are never quoted that way ("-3" stays a number).
//
// No byte-order mark: the published card's CSV has none, and every title of the shipped
// cards is ASCII (tests/services/aggregator/scorecard_definition_test.cc checks), which
// Excel reads the same in any code page. A card with other characters in its titles opens
// correctly in Excel through Data > From Text/CSV (UTF-8), or as the xlsx export.
#ifndef SCORECARD_SERVICES_AGGREGATOR_EXPORT_CSV_EXPORT_H_
#define SCORECARD_SERVICES_AGGREGATOR_EXPORT_CSV_EXPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"

namespace scorecard::aggregator {

enum class CsvLayout { kWide, kLong };

// INVALID_ARGUMENT when the card is malformed (BuildCardGrid).
[[nodiscard]] absl::StatusOr<std::string> ExportCsv(const v1::Scorecard& card,
                                                    CsvLayout layout = CsvLayout::kWide);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_EXPORT_CSV_EXPORT_H_
