#include "services/aggregator/export/xlsx_export.h"

#include <stdlib.h>
#include <xlsxwriter.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/status_macros.h"
#include "services/aggregator/export/card_grid.h"

namespace scorecard::aggregator {
namespace {

constexpr uint32_t kHeaderFill = 0xD9E1F2;
constexpr uint32_t kSectionFill = 0xD9D9D9;
constexpr uint32_t kNotAvailableText = 0x595959;

// Excel's number format for a unit, with the card's decimals; percentages are stored as
// the card's figure (96.43) and shown with a sign ("96%") rather than as a fraction, so the
// cell holds the same number as every other export.
std::string NumberFormat(common::v1::Unit unit) {
  if (unit == common::v1::UNIT_UNSPECIFIED) return "General";
  std::string format = CardDecimals(unit) == 0 ? "0" : "0.0";
  if (unit == common::v1::UNIT_PERCENT) format += "\"%\"";
  return format;
}

absl::Status WriteError(lxw_error error, absl::string_view what) {
  return absl::InternalError(absl::StrCat("xlsx: ", what, ": ", lxw_strerror(error)));
}

// Turns libxlsxwriter's error codes into a status; the first failure is kept.
class Checked {
 public:
  void operator()(lxw_error error, absl::string_view what) {
    if (error != LXW_NO_ERROR && status_.ok()) status_ = WriteError(error, what);
  }
  const absl::Status& status() const { return status_; }

 private:
  absl::Status status_;
};

// Formats are owned by the workbook; each distinct look is made once.
class Formats {
 public:
  explicit Formats(lxw_workbook* workbook) : workbook_(workbook) {
    title_ = workbook_add_format(workbook_);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
    header_ = workbook_add_format(workbook_);
    format_set_bold(header_);
    format_set_bg_color(header_, kHeaderFill);
    format_set_border(header_, LXW_BORDER_THIN);
    section_ = workbook_add_format(workbook_);
    format_set_bold(section_);
    format_set_bg_color(section_, kSectionFill);
    not_available_ = workbook_add_format(workbook_);
    format_set_italic(not_available_);
    format_set_font_color(not_available_, kNotAvailableText);
    format_set_align(not_available_, LXW_ALIGN_CENTER);
  }

  lxw_format* title() const { return title_; }
  lxw_format* header() const { return header_; }
  lxw_format* section() const { return section_; }
  lxw_format* not_available() const { return not_available_; }

  // A figure of `unit`, filled by `rag` (none for RAG_UNSPECIFIED).
  lxw_format* Figure(common::v1::Unit unit, v1::Rag rag) {
    const std::pair<std::string, v1::Rag> key(NumberFormat(unit), rag);
    auto [it, added] = figures_.try_emplace(key, nullptr);
    if (added) {
      it->second = workbook_add_format(workbook_);
      format_set_num_format(it->second, key.first.c_str());
      if (rag != v1::RAG_UNSPECIFIED) {
        const RagColours colours = RagColoursOf(rag);
        format_set_pattern(it->second, LXW_PATTERN_SOLID);
        format_set_bg_color(it->second, colours.fill);
        format_set_font_color(it->second, colours.text);
      }
    }
    return it->second;
  }

 private:
  lxw_workbook* workbook_;
  lxw_format* title_;
  lxw_format* header_;
  lxw_format* section_;
  lxw_format* not_available_;
  std::map<std::pair<std::string, v1::Rag>, lxw_format*> figures_;
};

std::string CardHeading(const v1::Scorecard& card, const CardGrid& grid) {
  return absl::StrCat(card.title().empty() ? card.scorecard_id() : card.title(), ", authority ",
                      card.authority(), ", ", FormatMonth(grid.months.front()), " to ",
                      FormatMonth(grid.months.back()));
}

void WriteCardSheet(lxw_worksheet* sheet, const v1::Scorecard& card, const CardGrid& grid,
                    Formats& formats, Checked& check) {
  constexpr lxw_col_t kTitleColumn = 0, kBasisColumn = 1, kUnitColumn = 2, kTargetColumn = 3,
                      kFirstMonthColumn = 4;
  const lxw_col_t last_column = static_cast<lxw_col_t>(kFirstMonthColumn + grid.months.size() - 1);
  check(worksheet_set_column(sheet, kTitleColumn, kTitleColumn, 60, nullptr), "column width");
  check(worksheet_set_column(sheet, kBasisColumn, kTargetColumn, 11, nullptr), "column width");
  check(worksheet_set_column(sheet, kFirstMonthColumn, last_column, 9, nullptr), "column width");

  check(worksheet_write_string(sheet, 0, 0, SpreadsheetText(CardHeading(card, grid)).c_str(),
                               formats.title()),
        "card title");
  const char* const headings[] = {"Measure", "Basis", "Unit", "Target"};
  for (lxw_col_t column = 0; column < kFirstMonthColumn; ++column) {
    check(worksheet_write_string(sheet, 1, column, headings[column], formats.header()), "header");
  }
  for (size_t m = 0; m < grid.months.size(); ++m) {
    check(worksheet_write_string(sheet, 1, static_cast<lxw_col_t>(kFirstMonthColumn + m),
                                 FormatMonth(grid.months[m]).c_str(), formats.header()),
          "header");
  }
  // Rows above and columns left of B3 stay put while scrolling: the months and the titles.
  worksheet_freeze_panes(sheet, 2, 1);

  lxw_row_t sheet_row = 2;
  for (const GridSection& section : grid.sections) {
    check(worksheet_write_string(sheet, sheet_row, 0,
                                 SpreadsheetText(section.section->title()).c_str(),
                                 formats.section()),
          "section title");
    for (lxw_col_t column = 1; column <= last_column; ++column) {
      check(worksheet_write_blank(sheet, sheet_row, column, formats.section()), "section row");
    }
    ++sheet_row;
    for (const GridRow& grid_row : section.rows) {
      const v1::Row& row = *grid_row.row;
      check(worksheet_write_string(sheet, sheet_row, kTitleColumn,
                                   SpreadsheetText(row.title()).c_str(), nullptr),
            "row title");
      check(worksheet_write_string(sheet, sheet_row, kBasisColumn,
                                   SeedBasisWord(row.basis()).c_str(), nullptr),
            "basis");
      check(worksheet_write_string(sheet, sheet_row, kUnitColumn, SeedUnitWord(row.unit()).c_str(),
                                   nullptr),
            "unit");
      if (row.has_target()) {
        check(worksheet_write_number(sheet, sheet_row, kTargetColumn, row.target(),
                                     formats.Figure(row.unit(), v1::RAG_UNSPECIFIED)),
              "target");
      }
      for (size_t m = 0; m < grid.months.size(); ++m) {
        const lxw_col_t column = static_cast<lxw_col_t>(kFirstMonthColumn + m);
        if (!grid_row.HasFigures()) {
          check(
              worksheet_write_string(sheet, sheet_row, column, RowStatusWords(row.status()).c_str(),
                                     formats.not_available()),
              "row status");
        } else if (const v1::Cell* cell = grid_row.ShownCell(m)) {
          check(worksheet_write_number(sheet, sheet_row, column, cell->value(),
                                       formats.Figure(row.unit(), cell->rag())),
                "value");
        }
      }
      ++sheet_row;
    }
  }
}

void WritePartsSheet(lxw_worksheet* sheet, const CardGrid& grid, Formats& formats, Checked& check) {
  const char* const headings[] = {"Section",   "Measure",     "Measure id", "Basis",
                                  "Unit",      "Team",        "Status",     "Month",
                                  "Numerator", "Denominator", "Value",      "RAG"};
  constexpr lxw_col_t kNumeratorColumn = 8;
  for (lxw_col_t column = 0; column < std::size(headings); ++column) {
    check(worksheet_write_string(sheet, 0, column, headings[column], formats.header()), "header");
  }
  check(worksheet_set_column(sheet, 0, 0, 24, nullptr), "column width");
  check(worksheet_set_column(sheet, 1, 1, 60, nullptr), "column width");
  check(worksheet_set_column(sheet, 2, 2, 36, nullptr), "column width");
  check(worksheet_set_column(sheet, 3, 11, 12, nullptr), "column width");
  worksheet_freeze_panes(sheet, 1, 2);

  lxw_row_t sheet_row = 1;
  for (const GridSection& section : grid.sections) {
    for (const GridRow& grid_row : section.rows) {
      const v1::Row& row = *grid_row.row;
      for (size_t m = 0; m < grid.months.size(); ++m, ++sheet_row) {
        const std::string texts[] = {SpreadsheetText(section.section->id()),
                                     SpreadsheetText(row.title()),
                                     SpreadsheetText(row.measure_id()),
                                     SeedBasisWord(row.basis()),
                                     SeedUnitWord(row.unit()),
                                     SpreadsheetText(row.team()),
                                     RowStatusWords(row.status()),
                                     FormatMonth(grid.months[m])};
        for (lxw_col_t column = 0; column < std::size(texts); ++column) {
          if (texts[column].empty()) continue;
          check(worksheet_write_string(sheet, sheet_row, column, texts[column].c_str(), nullptr),
                "parts text");
        }
        const v1::Cell* cell = grid_row.HasFigures() ? grid_row.cells[m] : nullptr;
        if (cell == nullptr) continue;
        check(
            worksheet_write_number(sheet, sheet_row, kNumeratorColumn, cell->numerator(), nullptr),
            "numerator");
        check(worksheet_write_number(sheet, sheet_row, kNumeratorColumn + 1, cell->denominator(),
                                     nullptr),
              "denominator");
        if (cell->has_value()) {
          check(worksheet_write_number(sheet, sheet_row, kNumeratorColumn + 2, cell->value(),
                                       formats.Figure(row.unit(), v1::RAG_UNSPECIFIED)),
                "value");
        }
        const std::string rag = RagWord(cell->rag());
        if (!rag.empty()) {
          check(worksheet_write_string(sheet, sheet_row, kNumeratorColumn + 3, rag.c_str(),
                                       formats.Figure(row.unit(), cell->rag())),
                "rag");
        }
      }
    }
  }
}

// A private folder for libxlsxwriter's workbook and its own temporary files, removed with
// everything in it when this goes out of scope: no other process can meet them.
class TemporaryFolder {
 public:
  static absl::StatusOr<TemporaryFolder> Create() {
    std::error_code error;
    std::filesystem::path parent = std::filesystem::temp_directory_path(error);
    if (error) parent = "/tmp";
    std::string path = (parent / "scorecard-export-XXXXXX").string();
    if (mkdtemp(path.data()) == nullptr) {
      return absl::InternalError(absl::StrCat("xlsx: cannot create a temporary folder in ",
                                              parent.string(), ": ", std::strerror(errno)));
    }
    return TemporaryFolder(std::move(path));
  }
  TemporaryFolder(TemporaryFolder&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  ~TemporaryFolder() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  explicit TemporaryFolder(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

absl::StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    return absl::InternalError(
        absl::StrCat("xlsx: cannot read back ", path, ": ", std::strerror(errno)));
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return absl::InternalError(absl::StrCat("xlsx: cannot read back ", path));
  return bytes;
}

}  // namespace

absl::StatusOr<std::string> ExportXlsx(const v1::Scorecard& card) {
  SCORECARD_ASSIGN_OR_RETURN(const CardGrid grid, BuildCardGrid(card));
  SCORECARD_ASSIGN_OR_RETURN(const TemporaryFolder folder, TemporaryFolder::Create());
  const std::string file = folder.path() + "/card.xlsx";

  std::string tmpdir = folder.path();
  lxw_workbook_options options = {};
  options.tmpdir = tmpdir.data();
  lxw_workbook* workbook = workbook_new_opt(file.c_str(), &options);
  if (workbook == nullptr) return absl::InternalError("xlsx: cannot create a workbook");
  Checked check;
  Formats formats(workbook);
  lxw_worksheet* card_sheet = workbook_add_worksheet(workbook, kXlsxCardSheet);
  lxw_worksheet* parts_sheet = workbook_add_worksheet(workbook, kXlsxPartsSheet);
  if (card_sheet == nullptr || parts_sheet == nullptr) {
    workbook_close(workbook);
    return absl::InternalError("xlsx: cannot add the worksheets");
  }
  WriteCardSheet(card_sheet, card, grid, formats, check);
  WritePartsSheet(parts_sheet, grid, formats, check);

  std::string title = CardHeading(card, grid);
  std::string subject = "Children's social care performance scorecard";
  std::string comments = absl::StrCat("Definition ", card.definition_hash(),
                                      "; data versions: ", DataVersionsText(card.data_versions()));
  lxw_doc_properties properties = {};
  properties.title = title.data();
  properties.subject = subject.data();
  properties.comments = comments.data();
  // 0 would mean "now": the card's own time keeps the bytes a function of the card.
  properties.created = static_cast<time_t>(card.computed_at().seconds());
  check(workbook_set_properties(workbook, &properties), "document properties");

  // workbook_close writes the file and frees the workbook, whatever happened before.
  const lxw_error closed = workbook_close(workbook);
  if (!check.status().ok()) return check.status();
  if (closed != LXW_NO_ERROR) return WriteError(closed, "writing the workbook");
  return ReadWholeFile(file);
}

}  // namespace scorecard::aggregator
