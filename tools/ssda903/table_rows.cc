#include "tools/ssda903/table_rows.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/placement/ssda903_codes.h"
#include "common/files/csv_reader.h"

namespace scorecard::ssda903 {
namespace {

namespace codes = ::scorecard::placement::ssda903;

// Values echoed in reasons are cut to this length: enough to recognise a code or a date.
constexpr size_t kMaxEchoLength = 24;

std::string Echo(absl::string_view value) {
  return absl::StrCat("\"", value.substr(0, kMaxEchoLength), "\"");
}

// Reads the cells of one data row, reporting each problem against its column.
class CellReader {
 public:
  CellReader(Table table, const CsvRow& row, const ColumnIndex& columns, const DateRange& year,
             Problems& problems)
      : table_(table), row_(row), columns_(columns), year_(year), problems_(problems) {}

  void set_child(absl::string_view child) { child_ = std::string(child); }

  // The cell, without surrounding spaces; "" when this layout lacks the column.
  absl::string_view Text(absl::string_view column) const {
    std::optional<int> at = columns_.Find(column);
    if (!at.has_value() || static_cast<size_t>(*at) >= row_.fields.size()) return "";
    return absl::StripAsciiWhitespace(row_.fields[*at]);
  }

  // A code from `allowed` (blank allowed unless required).
  std::string Code(absl::string_view column, absl::Span<const absl::string_view> allowed,
                   bool required) {
    absl::string_view value = Text(column);
    if (value.empty()) {
      if (required) Problem(column, "required");
      return "";
    }
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      Problem(column, absl::StrCat("unknown ", column, " code ", Echo(value), " (expected one of ",
                                   absl::StrJoin(allowed, ", "), ")"));
    }
    return std::string(value);
  }

  // A dd/mm/YYYY date on or before the end of the collection year. `echo` false keeps the
  // value out of the report (dates of birth).
  std::optional<Date> DateCell(absl::string_view column, bool required, bool echo = true,
                               bool may_follow_year = false) {
    absl::string_view value = Text(column);
    if (value.empty()) {
      if (required) DateProblem(column, "required");
      return std::nullopt;
    }
    absl::StatusOr<Date> date = ParseUkDate(value);
    if (!date.ok()) {
      const std::string shown = echo ? absl::StrCat(Echo(value), " ") : "";
      DateProblem(column, LooksLikeUkDate(value)
                              ? absl::StrCat(shown, "is not a real date")
                              : absl::StrCat(shown, "is not a date in the form dd/mm/YYYY"));
      return std::nullopt;
    }
    if (!may_follow_year && *date > year_.last) {
      DateProblem(column,
                  absl::StrCat(echo ? UkDate(*date) + " " : "",
                               "is after the collection year ends (", UkDate(year_.last), ")"));
      return std::nullopt;
    }
    return *date;
  }

  // A 0/1 column (OC2's yes/no flags): unset when blank.
  std::optional<bool> Flag(absl::string_view column) {
    const std::string code = Code(column, codes::kOc2FlagCodes, /*required=*/false);
    if (code.empty() || !codes::IsOneOf(code, codes::kOc2FlagCodes)) return std::nullopt;
    return code == codes::kOc2Yes;
  }

  // A whole number in [low, high]; unset when blank.
  std::optional<int> WholeNumber(absl::string_view column, int low, int high) {
    absl::string_view value = Text(column);
    if (value.empty()) return std::nullopt;
    int number = 0;
    if (!absl::SimpleAtoi(value, &number) || number < low || number > high) {
      Problem(column, absl::StrCat(Echo(value), " is not a whole number from ", low, " to ", high));
      return std::nullopt;
    }
    return number;
  }

  // A dd/mm/YYYY date whose parts may be unknown (ZZ/ZZ/ZZZZ), as the 903 allows in
  // DATE_PERM, SW_DECOM and SW_DEC. A fully known date must be real and not after the
  // collection year ends.
  std::optional<PartialDay> PartialDateCell(absl::string_view column, bool required) {
    absl::string_view value = Text(column);
    if (value.empty()) {
      if (required) DateProblem(column, "required");
      return std::nullopt;
    }
    const std::vector<absl::string_view> parts = absl::StrSplit(value, '/');
    PartialDay d;
    bool ok =
        parts.size() == 3 && parts[0].size() == 2 && parts[1].size() == 2 && parts[2].size() == 4;
    auto part = [&ok](absl::string_view text, absl::string_view unknown, int& out) {
      if (!ok) return;
      if (absl::AsciiStrToUpper(text) == unknown) return;  // 0: not known
      for (char c : text) ok = ok && absl::ascii_isdigit(static_cast<unsigned char>(c));
      if (ok) ok = absl::SimpleAtoi(text, &out) && out > 0;
    };
    if (ok) {
      part(parts[0], "ZZ", d.day);
      part(parts[1], "ZZ", d.month);
      part(parts[2], "ZZZZ", d.year);
    }
    if (!ok || d.month > 12 || d.day > 31) {
      DateProblem(column, absl::StrCat(Echo(value),
                                       " is not a date in the form dd/mm/YYYY (unknown parts as "
                                       "ZZ/ZZ/ZZZZ)"));
      return std::nullopt;
    }
    if (d.year != 0 && d.month != 0 && d.day != 0) {
      if (!IsValidDate(d.year, d.month, d.day)) {
        DateProblem(column, absl::StrCat(Echo(value), " is not a real date"));
        return std::nullopt;
      }
      if (Date(d.year, d.month, d.day) > year_.last) {
        DateProblem(column, absl::StrCat(Echo(value), " is after the collection year ends (",
                                         UkDate(year_.last), ")"));
        return std::nullopt;
      }
    } else if (d.year > year_.last.year()) {
      DateProblem(column, absl::StrCat(Echo(value), " is after the collection year ends (",
                                       UkDate(year_.last), ")"));
      return std::nullopt;
    }
    return d;
  }

  // Reports `later` before `earlier` (both known) against later_column.
  void NotBefore(absl::string_view later_column, std::optional<Date> later,
                 absl::string_view earlier_column, std::optional<Date> earlier) {
    if (later.has_value() && earlier.has_value() && *later < *earlier) {
      DateProblem(later_column, absl::StrCat(later_column, " ", UkDate(*later), " is before ",
                                             earlier_column, " ", UkDate(*earlier)));
    }
  }

  void Problem(absl::string_view column, std::string reason) {
    problems_.Add(table_, row_.line, column, child_, std::move(reason));
  }

  bool dates_ok() const { return dates_ok_; }

 private:
  static bool LooksLikeUkDate(absl::string_view v) {
    if (v.size() != 10 || v[2] != '/' || v[5] != '/') return false;
    for (size_t i : {0, 1, 3, 4, 6, 7, 8, 9}) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(v[i]))) return false;
    }
    return true;
  }

  void DateProblem(absl::string_view column, std::string reason) {
    dates_ok_ = false;
    Problem(column, std::move(reason));
  }

  Table table_;
  const CsvRow& row_;
  const ColumnIndex& columns_;
  const DateRange& year_;
  Problems& problems_;
  std::string child_;
  bool dates_ok_ = true;
};

void ReadRow(Table table, CellReader& cells, RowBase base, ReturnRows& rows) {
  switch (table) {
    case Table::kHeader: {
      HeaderRow r;
      static_cast<RowBase&>(r) = std::move(base);
      r.birth = cells.DateCell("DOB", /*required=*/true, /*echo=*/false);
      r.sex = cells.Code("SEX", codes::kSexCodes, /*required=*/false);
      r.ethnicity = cells.Code("ETHNIC", codes::kEthnicityCodes, /*required=*/false);
      r.dates_ok = cells.dates_ok();
      rows.header.push_back(std::move(r));
      return;
    }
    case Table::kEpisodes: {
      EpisodeRow r;
      static_cast<RowBase&>(r) = std::move(base);
      r.start = cells.DateCell("DECOM", /*required=*/true);
      r.end = cells.DateCell("DEC", /*required=*/false);
      cells.NotBefore("DEC", r.end, "DECOM", r.start);
      r.rne = cells.Code("RNE", codes::kReasonNewEpisodeCodes, /*required=*/true);
      r.ls = cells.Code("LS", codes::kLegalStatusCodes, /*required=*/true);
      r.cin = cells.Code("CIN", codes::kCategoryOfNeedCodes, /*required=*/false);
      r.place = cells.Code("PLACE", codes::kPlacementTypeCodes, /*required=*/true);
      r.provider = cells.Code("PLACE_PROVIDER", codes::kPlacementProviderCodes, /*required=*/false);
      r.rec = cells.Code("REC", codes::kReasonEpisodeCeasedCodes, /*required=*/false);
      r.place_change =
          cells.Code("REASON_PLACE_CHANGE", codes::kReasonPlaceChangeCodes, /*required=*/false);
      // DfE rule 148: DEC and REC are both filled or both blank.
      if (!cells.Text("DEC").empty() && r.rec.empty()) {
        cells.Problem("REC", "required when DEC is filled");
      } else if (cells.Text("DEC").empty() && !r.rec.empty()) {
        cells.Problem("REC", "filled, but DEC is blank");
      }
      r.dates_ok = cells.dates_ok();
      rows.episodes.push_back(std::move(r));
      return;
    }
    case Table::kReviews: {
      ReviewRow r;
      static_cast<RowBase&>(r) = std::move(base);
      r.date = cells.DateCell("REVIEW", /*required=*/true);
      r.participation =
          cells.Code("REVIEW_CODE", codes::kReviewParticipationCodes, /*required=*/false);
      r.dates_ok = cells.dates_ok();
      rows.reviews.push_back(std::move(r));
      return;
    }
    case Table::kUasc: {
      UascRow r;
      static_cast<RowBase&>(r) = std::move(base);
      // DUC may be ahead of the year: it is often the 18th birthday, recorded in advance.
      r.ceased = cells.DateCell("DUC", /*required=*/false, /*echo=*/true,
                                /*may_follow_year=*/true);
      r.dates_ok = cells.dates_ok();
      rows.uasc.push_back(std::move(r));
      return;
    }
    case Table::kAd1: {
      Ad1Row r;
      static_cast<RowBase&>(r) = std::move(base);
      r.decision = cells.DateCell("DATE_INT", /*required=*/false);
      r.matched = cells.DateCell("DATE_MATCH", /*required=*/false);
      cells.NotBefore("DATE_MATCH", r.matched, "DATE_INT", r.decision);
      r.dates_ok = cells.dates_ok();
      rows.ad1.push_back(std::move(r));
      return;
    }
    case Table::kPlacedAdoption: {
      PlacedAdoptionRow r;
      static_cast<RowBase&>(r) = std::move(base);
      r.decision = cells.DateCell("DATE_PLACED", /*required=*/true);
      r.ceased = cells.DateCell("DATE_PLACED_CEASED", /*required=*/false);
      cells.NotBefore("DATE_PLACED_CEASED", r.ceased, "DATE_PLACED", r.decision);
      r.ceased_reason =
          cells.Code("REASON_PLACED_CEASED", codes::kReasonPlacedCeasedCodes, /*required=*/false);
      r.dates_ok = cells.dates_ok();
      rows.placed_adoption.push_back(std::move(r));
      return;
    }
    case Table::kMissing: {
      MissingRow r;
      static_cast<RowBase&>(r) = std::move(base);
      r.start = cells.DateCell("MIS_START", /*required=*/true);
      r.end = cells.DateCell("MIS_END", /*required=*/false);
      cells.NotBefore("MIS_END", r.end, "MIS_START", r.start);
      r.kind = cells.Code("MISSING", codes::kMissingKindCodes, /*required=*/false);
      r.dates_ok = cells.dates_ok();
      rows.missing.push_back(std::move(r));
      return;
    }
    case Table::kOc2: {
      Oc2Row r;
      static_cast<RowBase&>(r) = std::move(base);
      r.sdq_score = cells.WholeNumber("SDQ_SCORE", codes::kMinSdqScore, codes::kMaxSdqScore);
      r.sdq_reason = cells.Code("SDQ_REASON", codes::kSdqReasonCodes, /*required=*/false);
      r.convicted = cells.Flag("CONVICTED");
      r.health_check = cells.Flag("HEALTH_CHECK");
      r.immunisations = cells.Flag("IMMUNISATIONS");
      r.teeth_check = cells.Flag("TEETH_CHECK");
      r.health_assessment = cells.Flag("HEALTH_ASSESSMENT");
      r.substance_misuse = cells.Flag("SUBSTANCE_MISUSE");
      r.intervention_received = cells.Flag("INTERVENTION_RECEIVED");
      r.intervention_offered = cells.Flag("INTERVENTION_OFFERED");
      rows.oc2.push_back(std::move(r));
      return;
    }
    case Table::kOc3: {
      Oc3Row r;
      static_cast<RowBase&>(r) = std::move(base);
      r.in_touch = cells.Code("IN_TOUCH", codes::kInTouchCodes, /*required=*/true);
      r.activity = cells.Code("ACTIV", codes::kCareLeaverActivityCodes, /*required=*/false);
      r.accommodation =
          cells.Code("ACCOM", codes::kCareLeaverAccommodationCodes, /*required=*/false);
      rows.oc3.push_back(std::move(r));
      return;
    }
    case Table::kPrevPerm: {
      PrevPermRow r;
      static_cast<RowBase&>(r) = std::move(base);
      r.previous_permanence =
          cells.Code("PREV_PERM", codes::kPreviousPermanenceCodes, /*required=*/true);
      r.arranged_by = std::string(cells.Text("LA_PERM"));
      r.order_date = cells.PartialDateCell("DATE_PERM", /*required=*/false);
      r.dates_ok = cells.dates_ok();
      rows.prev_perm.push_back(std::move(r));
      return;
    }
    case Table::kSwEpisodes: {
      SwEpisodeRow r;
      static_cast<RowBase&>(r) = std::move(base);
      r.worker = std::string(cells.Text("SW_ID"));
      if (r.worker.empty()) cells.Problem("SW_ID", "required");
      r.start = cells.PartialDateCell("SW_DECOM", /*required=*/true);
      r.end = cells.PartialDateCell("SW_DEC", /*required=*/false);
      r.reason = cells.Code("SW_REASON", codes::kSocialWorkerChangeReasonCodes, /*required=*/false);
      r.dates_ok = cells.dates_ok();
      rows.sw_episodes.push_back(std::move(r));
      return;
    }
    default:
      return;  // read but not imported
  }
}

// ---------------------------------------------------------------------------------------
// Files to tables.

struct RecognisedTable {
  const InputFile* file = nullptr;
  std::vector<CsvRow> rows;  // rows[0] is the header row
};

// Reads and recognises every file; reports what cannot be used. Returns the tables found.
std::vector<std::optional<RecognisedTable>> RecogniseFiles(absl::Span<const InputFile> files,
                                                           Problems& problems, ImportStats& stats) {
  std::vector<std::optional<RecognisedTable>> tables(kTableCount);
  for (const InputFile& file : files) {
    FileUse use;
    use.file = file.name;
    absl::StatusOr<std::vector<CsvRow>> rows = ReadCsv(file.text);
    // The header row alone, so that a file malformed further down is still recognised and
    // its fault reported against its table.
    CsvRow header;
    CsvReader(file.text).Next(&header);
    absl::StatusOr<TableMatch> match = RecognizeTable(file.name, header.fields);
    if (!match.ok()) {
      problems.Add(std::nullopt, 0, "", "",
                   absl::StrCat(file.name, ": ", match.status().message(), "; file ignored"));
      stats.files.push_back(std::move(use));
      continue;
    }
    use.table = match->table;
    use.by_header = match->by_header;
    const int t = static_cast<int>(match->table);
    if (tables[t].has_value()) {
      problems.Add(
          match->table, 0, "", "",
          absl::StrCat("both ", tables[t]->file->name, " and ", file.name, " hold the ",
                       TableName(match->table), " table; keep one (an earlier year's file?)"),
          /*fatal=*/true);
      stats.files.push_back(std::move(use));
      continue;
    }
    if (!rows.ok()) {
      problems.Add(match->table, 0, "", "",
                   absl::StrCat(file.name, ": not well-formed CSV: ", rows.status().message()),
                   /*fatal=*/true);
      stats.files.push_back(std::move(use));
      continue;
    }
    use.rows = rows->empty() ? 0 : static_cast<int>(rows->size()) - 1;
    stats.files.push_back(std::move(use));
    tables[t] = RecognisedTable{&file, *std::move(rows)};
  }

  for (Table required : {Table::kHeader, Table::kEpisodes}) {
    if (!tables[static_cast<int>(required)].has_value()) {
      problems.Add(required, 0, "", "",
                   absl::StrCat("no file holds the ", TableName(required),
                                " table (recognised by its header row, or by a name such as ",
                                SpecOf(required).file_names.front(), ".csv)"),
                   /*fatal=*/true);
    }
  }
  return tables;
}

// Checks a table's header row; false (with fatal problems) when it cannot be read.
bool CheckColumns(Table table, const RecognisedTable& found, Problems& problems,
                  std::optional<ColumnIndex>& columns) {
  if (found.rows.empty()) {  // an empty file: an empty table
    columns = *ColumnIndex::Create({});
    return true;
  }
  absl::StatusOr<ColumnIndex> index = ColumnIndex::Create(found.rows.front().fields);
  if (!index.ok()) {
    problems.Add(table, 1, "", "", std::string(index.status().message()), /*fatal=*/true);
    return false;
  }
  bool ok = true;
  for (absl::string_view column : SpecOf(table).required) {
    if (!index->Has(column)) {
      problems.Add(table, 1, column, "",
                   absl::StrCat("required column ", column, " is missing from ", found.file->name),
                   /*fatal=*/true);
      ok = false;
    }
  }
  columns = *std::move(index);
  return ok;
}

void ReadTableRows(Table table, const RecognisedTable& found, const ColumnIndex& columns,
                   const DateRange& year, Problems& problems, ReturnRows& rows) {
  const size_t width = found.rows.front().fields.size();
  const int child_at = *columns.Find("CHILD");
  for (size_t i = 1; i < found.rows.size(); ++i) {
    const CsvRow& row = found.rows[i];
    std::string child;
    if (static_cast<size_t>(child_at) < row.fields.size()) {
      child = std::string(absl::StripAsciiWhitespace(row.fields[child_at]));
    }
    CellReader cells(table, row, columns, year, problems);
    cells.set_child(child);
    // A row of another width has usually lost a quote around a comma: its cells would
    // land in the wrong columns, so none of them is trusted.
    if (row.fields.size() != width) {
      cells.Problem("", absl::StrCat("has ", row.fields.size(), " fields; the header row has ",
                                     width, " (an unquoted comma?)"));
      continue;
    }
    if (child.empty()) {
      cells.Problem("CHILD", "required");
      continue;
    }
    RowBase base;
    base.line = row.line;
    base.child = std::move(child);
    ReadRow(table, cells, std::move(base), rows);
  }
}

}  // namespace

void Problems::Add(std::optional<Table> table, int line, absl::string_view column,
                   absl::string_view child, std::string reason, bool fatal) {
  const int table_number = table.has_value() ? static_cast<int>(*table) : -1;
  if (!column.empty() && !cells_.emplace(table_number, line, std::string(column)).second) {
    return;
  }
  ReportEntry entry;
  entry.table = table.has_value() ? std::string(TableName(*table)) : "";
  entry.line = line;
  entry.column = std::string(column);
  entry.child = std::string(child);
  entry.reason = std::move(reason);
  entry.fatal = fatal;
  if (table.has_value()) rows_.emplace(table_number, line);
  if (!child.empty()) first_of_child_.emplace(std::string(child), entries_.size());
  has_fatal_ = has_fatal_ || fatal;
  entries_.push_back(std::move(entry));
}

bool Problems::RowHasProblem(Table table, int line) const {
  return rows_.contains(std::make_pair(static_cast<int>(table), line));
}

bool Problems::ChildHasProblem(const std::string& child) const {
  return first_of_child_.contains(child);
}

std::string Problems::FirstProblemOf(const std::string& child) const {
  const ReportEntry& e = entries_[first_of_child_.at(child)];
  std::string where = absl::StrCat(e.table, " line ", e.line);
  if (!e.column.empty()) absl::StrAppend(&where, ", ", e.column);
  return where;
}

std::string PartialIsoDate(const PartialDay& d) {
  auto part = [](int value, int width) {
    return value == 0 ? std::string(width, 'Z') : absl::StrFormat("%0*d", width, value);
  };
  return absl::StrCat(part(d.year, 4), "-", part(d.month, 2), "-", part(d.day, 2));
}

std::string UkDate(Date d) {
  return absl::StrFormat("%02d/%02d/%04d", d.day(), d.month(), d.year());
}

ReturnRows ReadReturn(absl::Span<const InputFile> files, const DateRange& year, Problems& problems,
                      ImportStats& stats) {
  ReturnRows rows;
  // Files to tables, and each table's columns: anything wrong here is fatal.
  std::vector<std::optional<RecognisedTable>> tables = RecogniseFiles(files, problems, stats);
  std::vector<std::optional<ColumnIndex>> columns(kTableCount);
  for (int t = 0; t < kTableCount; ++t) {
    if (tables[t].has_value()) {
      CheckColumns(static_cast<Table>(t), *tables[t], problems, columns[t]);
    }
  }
  if (problems.has_fatal()) return rows;  // rows of an unreadable return prove nothing
  for (int t = 0; t < kTableCount; ++t) {
    if (!tables[t].has_value() || tables[t]->rows.size() < 2) continue;
    const Table table = static_cast<Table>(t);
    if (!SpecOf(table).skip_reason.empty()) {
      stats.rows_not_imported_by_design += static_cast<int>(tables[t]->rows.size()) - 1;
      continue;
    }
    ReadTableRows(table, *tables[t], *columns[t], year, problems, rows);
  }
  return rows;
}

}  // namespace scorecard::ssda903
