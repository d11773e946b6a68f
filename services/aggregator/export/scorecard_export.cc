#include "services/aggregator/export/scorecard_export.h"

#include "absl/strings/str_cat.h"
#include "services/aggregator/export/csv_export.h"
#include "services/aggregator/export/html_export.h"
#include "services/aggregator/export/json_export.h"
#include "services/aggregator/export/xlsx_export.h"

namespace scorecard::aggregator {

absl::StatusOr<ExportFormat> ParseExportFormat(absl::string_view format, absl::string_view layout) {
  if (layout != "" && layout != "wide" && layout != "long") {
    return absl::InvalidArgumentError(
        absl::StrCat("layout \"", layout, "\" is not one of wide, long"));
  }
  if (format == "csv") return layout == "long" ? ExportFormat::kCsvLong : ExportFormat::kCsv;
  ExportFormat parsed;
  if (format == "json") {
    parsed = ExportFormat::kJson;
  } else if (format == "xlsx") {
    parsed = ExportFormat::kXlsx;
  } else if (format == "html") {
    parsed = ExportFormat::kHtml;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("format \"", format, "\" is not one of csv, json, xlsx, html"));
  }
  if (layout == "long") {
    return absl::InvalidArgumentError(absl::StrCat("layout long is for csv only, not ", format));
  }
  return parsed;
}

absl::StatusOr<std::string> ExportScorecard(const v1::Scorecard& card, ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsv:
      return ExportCsv(card, CsvLayout::kWide);
    case ExportFormat::kCsvLong:
      return ExportCsv(card, CsvLayout::kLong);
    case ExportFormat::kJson:
      return ExportJson(card);
    case ExportFormat::kXlsx:
      return ExportXlsx(card);
    case ExportFormat::kHtml:
      return ExportHtml(card);
  }
  return absl::InvalidArgumentError("unknown export format");
}

absl::string_view ContentType(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsv:
    case ExportFormat::kCsvLong:
      return "text/csv; charset=utf-8; header=present";
    case ExportFormat::kJson:
      return "application/json";
    case ExportFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    case ExportFormat::kHtml:
      return "text/html; charset=utf-8";
  }
  return "application/octet-stream";
}

absl::string_view FileExtension(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsv:
    case ExportFormat::kCsvLong:
      return "csv";
    case ExportFormat::kJson:
      return "json";
    case ExportFormat::kXlsx:
      return "xlsx";
    case ExportFormat::kHtml:
      return "html";
  }
  return "bin";
}

}  // namespace scorecard::aggregator
