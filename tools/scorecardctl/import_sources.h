// What `scorecardctl import` needs to know about its inputs before any importer runs:
// which folders of an SSDA903 history hold which year, the input format of a workforce
// file, and the combined report of several 903 years.
//
//   absl::StatusOr<std::vector<ReturnFolder>> years = FindReturnFolders("/data/903", {});
//   // {2016, "/data/903/2016-17"}, {2017, "/data/903/2017-18"}: oldest first
//   ReturnYearFromFolderName("903_2016-17")   // 2016
//   WorkforceInputFormat("", "hr_roles.csv")  // "csv"
#ifndef SCORECARD_TOOLS_SCORECARDCTL_IMPORT_SOURCES_H_
#define SCORECARD_TOOLS_SCORECARDCTL_IMPORT_SOURCES_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "tools/ssda903/ssda903_import.h"

namespace scorecard::scorecardctl {

// The collection year (the year it starts in, as ssda903_import's --year) that a folder's
// name gives: the name ends in YYYY, YYYY-YY or YYYY-YYYY (also with "_"), after nothing
// or after a separator ("-", "_", ".", space). "2016", "2016-17", "903_2016_17" and
// "good_2016" are 2016; "2016-18" (not consecutive years) and "x2016" are nothing.
std::optional<int> ReturnYearFromFolderName(absl::string_view name);

// "2016-17" for 2016.
std::string CollectionYearText(int year);

struct ReturnFolder {
  int year = 0;
  std::string path;
};

// The returns in `dir`, oldest first. A folder holding CSV files is one return: its year is
// `year` when given, else its name's. Otherwise each sub-folder whose name gives a year is
// a return (others are ignored); `year` must then be unset, and two folders of one year are
// an error. INVALID_ARGUMENT or NOT_FOUND naming the folder.
[[nodiscard]] absl::StatusOr<std::vector<ReturnFolder>> FindReturnFolders(
    const std::string& dir, std::optional<int> year);

// "xml" or "csv": `format` when given (it must be one of them), else "csv" for a name
// ending in .csv (any case) and "xml" otherwise.
[[nodiscard]] absl::StatusOr<std::string> WorkforceInputFormat(absl::string_view format,
                                                               absl::string_view path);

// One report for several years of 903 returns: ssda903_import's CSV with a first column
// saying which return each line is about ("year,table,line,column,child,reason").
std::string Ssda903HistoryReportCsv(
    absl::Span<const std::pair<int, const ssda903::ImportResult*>> years);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_IMPORT_SOURCES_H_
