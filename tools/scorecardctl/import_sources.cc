#include "tools/scorecardctl/import_sources.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/ssda903/import_output.h"

namespace scorecard::scorecardctl {
namespace {

namespace fs = std::filesystem;

bool IsSeparator(char c) { return c == '-' || c == '_' || c == '.' || c == ' '; }

bool AllDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

// A return's CSV file, as ssda903::ReadReturnFolder reads them.
bool IsReturnCsv(const fs::directory_entry& entry) {
  const std::string name = entry.path().filename().string();
  std::error_code error;
  return entry.is_regular_file(error) && !absl::StartsWith(name, ".") &&
         absl::EndsWithIgnoreCase(name, ".csv");
}

}  // namespace

std::optional<int> ReturnYearFromFolderName(absl::string_view name) {
  // Split off an optional second year: "...YYYY-YY" or "...YYYY-YYYY".
  std::optional<int> end_year;
  for (size_t digits : {size_t{2}, size_t{4}}) {
    if (name.size() < digits + 5) continue;
    const absl::string_view tail = name.substr(name.size() - digits);
    const char separator = name[name.size() - digits - 1];
    if (!AllDigits(tail) || (separator != '-' && separator != '_') ||
        !AllDigits(name.substr(name.size() - digits - 5, 4))) {
      continue;
    }
    int value = 0;
    (void)absl::SimpleAtoi(tail, &value);
    end_year = value;
    name.remove_suffix(digits + 1);
    break;
  }
  if (name.size() < 4) return std::nullopt;
  const absl::string_view digits = name.substr(name.size() - 4);
  const absl::string_view prefix = name.substr(0, name.size() - 4);
  int year = 0;
  if (!AllDigits(digits) || !absl::SimpleAtoi(digits, &year)) return std::nullopt;
  if (!prefix.empty() && !IsSeparator(prefix.back())) return std::nullopt;
  if (end_year.has_value() && *end_year != year + 1 && *end_year != (year + 1) % 100) {
    return std::nullopt;
  }
  return year;
}

std::string CollectionYearText(int year) {
  return absl::StrFormat("%d-%02d", year, (year + 1) % 100);
}

absl::StatusOr<std::vector<ReturnFolder>> FindReturnFolders(const std::string& dir,
                                                            std::optional<int> year) {
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) {
    return absl::NotFoundError(absl::StrCat("cannot read folder ", dir, ": ", error.message()));
  }
  bool has_csv = false;
  std::map<int, std::string> by_year;
  for (const fs::directory_entry& entry : it) {
    if (IsReturnCsv(entry)) {
      has_csv = true;
      continue;
    }
    std::error_code is_dir_error;
    if (!entry.is_directory(is_dir_error)) continue;
    const std::optional<int> folder_year =
        ReturnYearFromFolderName(entry.path().filename().string());
    if (!folder_year.has_value()) continue;
    auto [existing, added] = by_year.emplace(*folder_year, entry.path().string());
    if (!added) {
      return absl::InvalidArgumentError(
          absl::StrCat(existing->second, " and ", entry.path().string(), " are both the ",
                       CollectionYearText(*folder_year), " return: keep one"));
    }
  }

  if (has_csv) {
    const std::string own_name = fs::path(dir).lexically_normal().filename().string();
    std::optional<int> own_year = year.has_value() ? year : ReturnYearFromFolderName(
        own_name.empty() ? fs::path(dir).lexically_normal().parent_path().filename().string()
                         : own_name);
    if (!own_year.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          dir, " holds CSV files, so it is one return, and its name does not say which year: "
               "give --year=YYYY (2016 for 2016-17)"));
    }
    return std::vector<ReturnFolder>{{*own_year, dir}};
  }
  if (year.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--year applies to a folder that is one return; ", dir,
        " holds no CSV files (a folder of years is loaded whole, oldest first)"));
  }
  if (by_year.empty()) {
    return absl::NotFoundError(absl::StrCat(
        dir, " holds neither a return's CSV files nor folders named by year (e.g. 2016-17)"));
  }
  std::vector<ReturnFolder> folders;
  for (auto& [folder_year, path] : by_year) folders.push_back({folder_year, std::move(path)});
  return folders;
}

absl::StatusOr<std::string> WorkforceInputFormat(absl::string_view format,
                                                 absl::string_view path) {
  if (format == "xml" || format == "csv") return std::string(format);
  if (!format.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--format: expected xml or csv for a workforce census, got \"", format, "\""));
  }
  return absl::EndsWithIgnoreCase(path, ".csv") ? "csv" : "xml";
}

std::string Ssda903HistoryReportCsv(
    absl::Span<const std::pair<int, const ssda903::ImportResult*>> years) {
  // ssda903's own rows, so that quoting and columns stay its rule; each is rendered alone
  // and its header row (the first line) dropped.
  const size_t header_length = ssda903::kReportHeader.size() + 2;  // "\r\n"
  std::string out = absl::StrCat("year,", ssda903::kReportHeader, "\r\n");
  for (const auto& [year, result] : years) {
    for (const ssda903::ReportEntry& entry : result->report) {
      absl::StrAppend(&out, CollectionYearText(year), ",",
                      ssda903::FormatReportCsv({entry}).substr(header_length));
    }
  }
  return out;
}

}  // namespace scorecard::scorecardctl
