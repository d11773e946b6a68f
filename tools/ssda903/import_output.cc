#include "tools/ssda903/import_output.h"

#include <google/protobuf/util/json_util.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/files/csv_reader.h"

namespace scorecard::ssda903 {
namespace {

// "placement.episode": the wrapper's oneof case, for the summary.
std::string KindOf(const google::protobuf::Message& wrapper) {
  const google::protobuf::OneofDescriptor* kind = wrapper.GetDescriptor()->FindOneofByName("kind");
  const google::protobuf::FieldDescriptor* set =
      kind == nullptr ? nullptr : wrapper.GetReflection()->GetOneofFieldDescriptor(wrapper, kind);
  return set == nullptr ? "?" : set->name();
}

absl::string_view OutcomeWords(ImportOutcome outcome) {
  switch (outcome) {
    case ImportOutcome::kComplete:
      return "complete: no problems";
    case ImportOutcome::kPartial:
      return "partial: children with problems held back, the rest imported";
    case ImportOutcome::kNothingImported:
      return "nothing imported";
  }
  return "?";
}

}  // namespace

std::string FormatReportCsv(absl::Span<const ReportEntry> entries) {
  std::string out = absl::StrCat(kReportHeader, "\r\n");
  for (const ReportEntry& e : entries) {
    absl::StrAppend(&out, CsvField(e.table), ",", e.line > 0 ? absl::StrCat(e.line) : "", ",",
                    CsvField(e.column), ",", CsvField(e.child), ",", CsvField(e.reason), "\r\n");
  }
  return out;
}

absl::StatusOr<std::string> ToJsonLines(
    absl::Span<const google::protobuf::Message* const> records) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;  // one record a line
  options.preserve_proto_field_names = true;
  std::string out;
  std::string json;
  for (const google::protobuf::Message* record : records) {
    json.clear();
    const auto status = google::protobuf::util::MessageToJsonString(*record, &json, options);
    if (!status.ok()) {
      return absl::InternalError(absl::StrCat("cannot print ", record->GetTypeName(),
                                              " as JSON: ", status.message().ToString()));
    }
    absl::StrAppend(&out, json, "\n");
  }
  return out;
}

std::string FormatSummary(const ImportResult& result, const ImportOptions& options) {
  const ImportStats& s = result.stats;
  std::string out =
      absl::StrFormat("SSDA903 %d-%02d return, authority %s: %s\n", options.year,
                      (options.year + 1) % 100, options.authority, OutcomeWords(result.outcome));
  for (const FileUse& f : s.files) {
    if (f.table.has_value()) {
      absl::StrAppendFormat(&out, "  %-32s %-15s %7d rows  (recognised by its %s)\n", f.file,
                            TableName(*f.table), f.rows, f.by_header ? "header row" : "name");
    } else {
      absl::StrAppendFormat(&out, "  %-32s %-15s\n", f.file, "(not a 903 table: ignored)");
    }
  }
  if (s.rows_not_imported_by_design > 0) {
    absl::StrAppendFormat(&out, "  rows of tables not imported (DoLo): %d\n",
                          s.rows_not_imported_by_design);
  }
  absl::StrAppendFormat(&out, "  children: %d imported, %d held back (of %d)\n",
                        s.children_imported, s.children_rejected, s.children);
  std::map<std::string, int> kinds;
  for (const auto& r : result.placement) ++kinds[absl::StrCat("placement.", KindOf(r))];
  for (const auto& r : result.safeguarding) ++kinds[absl::StrCat("safeguarding.", KindOf(r))];
  for (const auto& [kind, count] : kinds) {
    absl::StrAppendFormat(&out, "  %-34s %7d\n", kind, count);
  }
  absl::StrAppendFormat(&out, "  problems: %d; report lines: %d\n", s.problems,
                        result.report.size());
  absl::StrAppendFormat(&out, "  converted in %.3f s\n", absl::ToDoubleSeconds(s.elapsed));
  return out;
}

}  // namespace scorecard::ssda903
