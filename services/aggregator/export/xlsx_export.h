// The card as an Excel workbook (OOXML .xlsx, written by Debian's libxlsxwriter), because
// councils live in Excel.
//
//   absl::StatusOr<std::string> bytes = ExportXlsx(card);   // the .xlsx file's bytes
//
// Sheet "Scorecard", laid out like the published card:
//   row 1   the card's title, authority and months
//   row 2   Measure | Basis | Unit | Target | 2016-04 | 2016-05 | ...     (frozen, with column A)
//   then each section: a grey header row with its title, then its rows: title, the seed's
//   basis and unit words, the target, and each month's value as a number (full precision,
//   shown with the card's decimals: `0`, `0.0`, percentages `0"%"`) filled red, amber or
//   green by its RAG. An undefined value is an empty cell; a row that is not available says
//   why ("not yet available", ...) in each month, never a zero.
// Sheet "Numerators and denominators": one line per row and month with the exact parts:
//   Section | Measure | Measure id | Basis | Unit | Team | Status | Month | Numerator |
//   Denominator | Value | RAG   (the RAG in words too, for those who cannot tell fills apart)
// Text is written as string cells, which Excel never evaluates; text from the card that
// would read as a formula if retyped also gets a leading single quote (SpreadsheetText, as
// the CSV): libxlsxwriter 1.1.4 has no quote-prefix style to hide it, so it shows.
// The document properties carry the definition hash and data versions; the file's creation
// time is the card's computed_at, so one card always gives the same bytes.
//
// libxlsxwriter 1.1.4 writes only to files: the workbook goes to a private temporary folder
// under $TMPDIR (or /tmp), is read back, and the folder is removed.
#ifndef SCORECARD_SERVICES_AGGREGATOR_EXPORT_XLSX_EXPORT_H_
#define SCORECARD_SERVICES_AGGREGATOR_EXPORT_XLSX_EXPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"

namespace scorecard::aggregator {

inline constexpr char kXlsxCardSheet[] = "Scorecard";
inline constexpr char kXlsxPartsSheet[] = "Numerators and denominators";

// INVALID_ARGUMENT when the card is malformed (BuildCardGrid); INTERNAL when the workbook
// cannot be written (naming libxlsxwriter's reason).
[[nodiscard]] absl::StatusOr<std::string> ExportXlsx(const v1::Scorecard& card);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_EXPORT_XLSX_EXPORT_H_
