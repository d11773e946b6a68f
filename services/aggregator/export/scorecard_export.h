// One entry point for every export format, for the CLI and the aggregator's API.
//
//   absl::StatusOr<ExportFormat> format = ParseExportFormat("csv", "long");
//   // from an ExportScorecardRequest: ExportFormatFromProto(request.format(), request.layout())
//   absl::StatusOr<std::string> bytes = ExportScorecard(card, *format);
//   reply.set_content_type(std::string(ContentType(*format)));       // "text/csv; ..."
//   reply.set_file_name(ExportFileName(card, *format));   // "getting-to-good-869-...csv"
//
// The formats themselves: csv_export.h, json_export.h, xlsx_export.h, html_export.h.
#ifndef SCORECARD_SERVICES_AGGREGATOR_EXPORT_SCORECARD_EXPORT_H_
#define SCORECARD_SERVICES_AGGREGATOR_EXPORT_SCORECARD_EXPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"

namespace scorecard::aggregator {

enum class ExportFormat {
  kCsv,      // wide: the published card's CSV shape
  kCsvLong,  // one line per row and month, with numerator and denominator
  kJson,
  kXlsx,
  kHtml,
};

// format: csv, json, xlsx or html; layout: wide (or "") or long, for csv only.
// INVALID_ARGUMENT naming the choices otherwise.
[[nodiscard]] absl::StatusOr<ExportFormat> ParseExportFormat(absl::string_view format,
                                                             absl::string_view layout = "");

// The bytes of the card in `format`: text (UTF-8) for all but xlsx. INVALID_ARGUMENT when
// the card is malformed (naming the field); INTERNAL when the workbook cannot be written.
[[nodiscard]] absl::StatusOr<std::string> ExportScorecard(const v1::Scorecard& card,
                                                          ExportFormat format);

// The contract's enums (ExportScorecardRequest) for a format, and back. FromProto:
// INVALID_ARGUMENT naming the field for an unspecified format or a layout other than wide
// for anything but CSV.
[[nodiscard]] absl::StatusOr<ExportFormat> ExportFormatFromProto(v1::ExportFormat format,
                                                                 v1::ExportLayout layout);
v1::ExportFormat ProtoExportFormat(ExportFormat format);
v1::ExportLayout ProtoExportLayout(ExportFormat format);

// "<scorecard id>-<authority>-<from>-to-<to>[-long].<extension>", e.g.
// "getting-to-good-869-2016-04-to-2017-03.csv"; any character but letters, digits, '-',
// '_' and '.' becomes '-', so the name is safe in a path and a Content-Disposition header.
std::string ExportFileName(const v1::Scorecard& card, ExportFormat format);

// The MIME type to serve it with, e.g. "text/csv; charset=utf-8".
absl::string_view ContentType(ExportFormat format);
// The file name extension, without the dot: csv, json, xlsx, html.
absl::string_view FileExtension(ExportFormat format);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_EXPORT_SCORECARD_EXPORT_H_
