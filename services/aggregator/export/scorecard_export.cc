#include "services/aggregator/export/scorecard_export.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/aggregator/export/card_grid.h"
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

absl::StatusOr<ExportFormat> ExportFormatFromProto(v1::ExportFormat format,
                                                   v1::ExportLayout layout) {
  const bool long_layout = layout == v1::EXPORT_LAYOUT_LONG;
  if (layout != v1::EXPORT_LAYOUT_UNSPECIFIED && layout != v1::EXPORT_LAYOUT_WIDE &&
      !long_layout) {
    return absl::InvalidArgumentError(absl::StrCat("layout: unknown layout ", layout));
  }
  switch (format) {
    case v1::EXPORT_FORMAT_CSV:
      return long_layout ? ExportFormat::kCsvLong : ExportFormat::kCsv;
    case v1::EXPORT_FORMAT_JSON:
    case v1::EXPORT_FORMAT_XLSX:
    case v1::EXPORT_FORMAT_HTML:
      if (long_layout) {
        return absl::InvalidArgumentError(absl::StrCat(
            "layout: EXPORT_LAYOUT_LONG is for EXPORT_FORMAT_CSV only, not ",
            v1::ExportFormat_Name(format)));
      }
      return format == v1::EXPORT_FORMAT_JSON   ? ExportFormat::kJson
             : format == v1::EXPORT_FORMAT_XLSX ? ExportFormat::kXlsx
                                                : ExportFormat::kHtml;
    default:
      return absl::InvalidArgumentError(
          "format: required: EXPORT_FORMAT_CSV, EXPORT_FORMAT_JSON, EXPORT_FORMAT_XLSX or "
          "EXPORT_FORMAT_HTML");
  }
}

v1::ExportFormat ProtoExportFormat(ExportFormat format) {
  switch (format) {
    case ExportFormat::kCsv:
    case ExportFormat::kCsvLong:
      return v1::EXPORT_FORMAT_CSV;
    case ExportFormat::kJson:
      return v1::EXPORT_FORMAT_JSON;
    case ExportFormat::kXlsx:
      return v1::EXPORT_FORMAT_XLSX;
    case ExportFormat::kHtml:
      return v1::EXPORT_FORMAT_HTML;
  }
  return v1::EXPORT_FORMAT_UNSPECIFIED;
}

v1::ExportLayout ProtoExportLayout(ExportFormat format) {
  return format == ExportFormat::kCsvLong ? v1::EXPORT_LAYOUT_LONG
                                          : v1::EXPORT_LAYOUT_UNSPECIFIED;
}

std::string ExportFileName(const v1::Scorecard& card, ExportFormat format) {
  std::string name = absl::StrCat(card.scorecard_id(), "-", card.authority(), "-",
                                  YearMonthText(card.from_month()), "-to-",
                                  YearMonthText(card.to_month()),
                                  format == ExportFormat::kCsvLong ? "-long" : "");
  for (char& c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      c = '-';
    }
  }
  return absl::StrCat(name, ".", FileExtension(format));
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
