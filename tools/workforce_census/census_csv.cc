#include "tools/workforce_census/census_csv.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace scorecard::workforce_census {
namespace {

struct CsvRow {
  int line = 0;  // where the row starts
  std::vector<std::string> cells;
};

// Splits RFC 4180 text into rows, noting where each starts. A quote left open is a problem
// at the line where its field began, and ends the reading.
std::vector<CsvRow> SplitRows(absl::string_view text, std::vector<InputProblem>& problems) {
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string cell;
  int line = 1;
  row.line = 1;
  bool in_quotes = false;
  int quote_line = 0;
  bool row_has_content = false;
  const auto end_row = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    const bool blank = !row_has_content && row.cells.size() == 1 &&
                       absl::StripAsciiWhitespace(row.cells[0]).empty();
    if (!blank) rows.push_back(std::move(row));
    row = CsvRow();
    row_has_content = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
      continue;
    }
    switch (c) {
      case '"':
        in_quotes = true;
        quote_line = line;
        row_has_content = true;
        break;
      case ',':
        row.cells.push_back(std::move(cell));
        cell.clear();
        row_has_content = true;
        break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') break;  // the '\n' ends the row
        [[fallthrough]];
      case '\n':
        end_row();
        ++line;
        row.line = line;
        break;
      default:
        cell.push_back(c);
        break;
    }
  }
  if (in_quotes) {
    problems.push_back({quote_line, "", "a quoted field is never closed"});
    return rows;
  }
  if (!cell.empty() || row_has_content || !row.cells.empty()) end_row();
  return rows;
}

// The documented name a header cell means, matching case-insensitively.
std::optional<std::string> KnownColumn(absl::string_view header) {
  const absl::string_view name = absl::StripAsciiWhitespace(header);
  for (absl::string_view known : kReadWorkerFields) {
    if (absl::EqualsIgnoreCase(name, known)) return std::string(known);
  }
  return std::nullopt;
}

bool IsIgnoredColumn(absl::string_view header) {
  const absl::string_view name = absl::StripAsciiWhitespace(header);
  return std::any_of(std::begin(kIgnoredWorkerFields), std::end(kIgnoredWorkerFields),
                     [name](absl::string_view f) { return absl::EqualsIgnoreCase(name, f); });
}

}  // namespace

CensusInput ReadWorkerCsv(std::istream& in, absl::string_view file_name) {
  CensusInput input;
  input.format = "csv";
  input.file_name = std::string(file_name);
  std::ostringstream whole;
  whole << in.rdbuf();
  if (in.bad()) {
    input.problems.push_back({0, "", "cannot read the file"});
    input.read_whole = false;
    return input;
  }
  const std::string contents = whole.str();
  absl::string_view text = contents;
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 BOM

  std::vector<CsvRow> rows = SplitRows(text, input.problems);
  if (!input.problems.empty() || rows.empty()) {
    if (rows.empty()) input.problems.push_back({0, "", "the file is empty (no header row)"});
    input.read_whole = false;
    return input;
  }

  // Header: what each column is (nullopt: read past).
  const CsvRow& header = rows.front();
  std::vector<std::optional<std::string>> columns;
  std::map<std::string, int> seen;  // column name -> 1-based position
  for (size_t i = 0; i < header.cells.size(); ++i) {
    const std::string& cell = header.cells[i];
    std::optional<std::string> known = KnownColumn(cell);
    if (!known.has_value() && !IsIgnoredColumn(cell)) {
      input.problems.push_back(
          {header.line, std::string(absl::StripAsciiWhitespace(cell)),
           absl::StrCat("unknown column ", i + 1, " (see README.md for the column names)")});
    }
    if (known.has_value()) {
      auto [it, added] = seen.try_emplace(*known, static_cast<int>(i + 1));
      if (!added) {
        input.problems.push_back({header.line, *known,
                                  absl::StrCat("column ", i + 1, " repeats column ",
                                               it->second)});
      }
    }
    columns.push_back(std::move(known));
  }
  for (absl::string_view required : kRequiredCsvColumns) {
    if (seen.count(std::string(required)) == 0) {
      input.problems.push_back({header.line, std::string(required), "required column missing"});
    }
  }
  if (!input.problems.empty()) {
    input.read_whole = false;
    return input;
  }

  for (size_t r = 1; r < rows.size(); ++r) {
    const CsvRow& row = rows[r];
    if (row.cells.size() != columns.size()) {
      input.problems.push_back({row.line, "",
                                absl::StrCat("has ", row.cells.size(), " fields; the header has ",
                                             columns.size())});
      continue;
    }
    SourceWorker worker;
    worker.line = row.line;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (!columns[i].has_value()) continue;
      std::string value(absl::StripAsciiWhitespace(row.cells[i]));
      if (value.empty()) continue;
      worker.fields[*columns[i]] = SourceField{std::move(value), row.line};
    }
    input.workers.push_back(std::move(worker));
  }
  return input;
}

}  // namespace scorecard::workforce_census
