#include "common/files/csv_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace scorecard {
namespace {

constexpr absl::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(absl::string_view text) : text_(text) {
  if (absl::StartsWith(text_, kUtf8ByteOrderMark)) pos_ = kUtf8ByteOrderMark.size();
}

bool CsvReader::Next(CsvRow* row) {
  if (!status_.ok()) return false;
  const size_t size = text_.size();
  // Blank lines between (or after) records carry nothing.
  while (pos_ < size) {
    if (text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    } else if (text_[pos_] == '\r' && (pos_ + 1 == size || text_[pos_ + 1] == '\n')) {
      ++pos_;
    } else {
      break;
    }
  }
  if (pos_ >= size) return false;

  row->line = line_;
  row->fields.clear();
  while (true) {
    std::string field;
    if (pos_ < size && text_[pos_] == '"') {
      ++pos_;
      while (true) {
        const size_t quote = text_.find('"', pos_);
        if (quote == absl::string_view::npos) {
          status_ = absl::InvalidArgumentError(
              absl::StrCat("line ", row->line, ": unterminated quoted field"));
          return false;
        }
        const absl::string_view part = text_.substr(pos_, quote - pos_);
        line_ += static_cast<int>(std::count(part.begin(), part.end(), '\n'));
        field.append(part.data(), part.size());
        pos_ = quote + 1;
        if (pos_ < size && text_[pos_] == '"') {  // "" is one literal quote
          field.push_back('"');
          ++pos_;
          continue;
        }
        break;
      }
      // Only a separator or the end of the record may follow a closing quote.
      const bool at_end = pos_ >= size || text_[pos_] == ',' || text_[pos_] == '\n' ||
                          (text_[pos_] == '\r' && (pos_ + 1 == size || text_[pos_ + 1] == '\n'));
      if (!at_end) {
        status_ = absl::InvalidArgumentError(
            absl::StrCat("line ", line_, ": text after the closing quote of a quoted field"));
        return false;
      }
      if (pos_ < size && text_[pos_] == '\r') ++pos_;
    } else {
      size_t stop = text_.find_first_of(",\n", pos_);
      if (stop == absl::string_view::npos) stop = size;
      absl::string_view part = text_.substr(pos_, stop - pos_);
      // The CR of a CRLF ending belongs to the line ending, not the field.
      if (!part.empty() && part.back() == '\r' && (stop == size || text_[stop] == '\n')) {
        part.remove_suffix(1);
      }
      field.assign(part.data(), part.size());
      pos_ = stop;
    }
    row->fields.push_back(std::move(field));
    if (pos_ >= size) return true;
    if (text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    // text_[pos_] == '\n': the record ends.
    ++pos_;
    ++line_;
    return true;
  }
}

absl::StatusOr<std::vector<CsvRow>> ReadCsv(absl::string_view text) {
  CsvReader reader(text);
  std::vector<CsvRow> rows;
  CsvRow row;
  while (reader.Next(&row)) rows.push_back(std::move(row));
  if (!reader.status().ok()) return reader.status();
  return rows;
}

std::string CsvField(absl::string_view field) {
  if (field.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace scorecard
