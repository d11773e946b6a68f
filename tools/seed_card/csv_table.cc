#include "tools/seed_card/csv_table.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace scorecard::seed_card {

absl::StatusOr<std::vector<CsvLine>> ParseCsv(absl::string_view text) {
  std::vector<CsvLine> lines;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (raw.empty()) continue;
    CsvLine line;
    line.number = number;
    std::string field;
    size_t i = 0;
    while (true) {
      field.clear();
      if (i < raw.size() && raw[i] == '"') {
        ++i;
        bool closed = false;
        while (i < raw.size()) {
          if (raw[i] == '"') {
            if (i + 1 < raw.size() && raw[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            closed = true;
            ++i;
            break;
          }
          field += raw[i++];
        }
        if (!closed) {
          return absl::InvalidArgumentError(absl::StrCat("line ", number, ": unterminated quote"));
        }
        if (i < raw.size() && raw[i] != ',') {
          return absl::InvalidArgumentError(
              absl::StrCat("line ", number, ": text after a closing quote"));
        }
      } else {
        while (i < raw.size() && raw[i] != ',') field += raw[i++];
      }
      line.fields.push_back(field);
      if (i >= raw.size()) break;
      ++i;  // the comma
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace scorecard::seed_card
