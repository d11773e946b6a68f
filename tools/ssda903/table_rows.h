// The SSDA903 importer's first stage: the return's files recognised as tables, their header
// rows checked, and each imported table's rows read cell by cell into typed rows, with
// every problem reported against its table, line and column. Used by ssda903_import.cc.
//
//   Problems problems;
//   ImportStats stats;
//   ReturnRows rows = ReadReturn(files, FinancialYear(2016), problems, stats);
//   if (problems.has_fatal()) ...  // a table could not be read: rows is empty
//   for (const EpisodeRow& e : rows.episodes) ...  // e.line, e.child, e.start, e.ls, ...
//
// A row with a problem is still kept (so that checks across rows and the report can see
// it); Problems::RowHasProblem says which rows are fit to become records.
#ifndef SCORECARD_TOOLS_SSDA903_TABLE_ROWS_H_
#define SCORECARD_TOOLS_SSDA903_TABLE_ROWS_H_

#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/time/civil_date.h"
#include "tools/ssda903/ssda903_import.h"
#include "tools/ssda903/ssda903_tables.h"

namespace scorecard::ssda903 {

// The problems found in a return, each with where it is; at most one per cell, the first
// found (a later check on a cell already at fault would only repeat it less clearly).
class Problems {
 public:
  // A problem with a row (line >= 2), a header row (line 1), a whole table (line 0) or the
  // return as a whole (no table).
  void Add(std::optional<Table> table, int line, absl::string_view column, absl::string_view child,
           std::string reason, bool fatal = false);

  bool has_fatal() const { return has_fatal_; }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  bool RowHasProblem(Table table, int line) const;
  bool ChildHasProblem(const std::string& child) const;
  // Where the child's first problem is: "Episodes line 7, LS". The child must have one.
  std::string FirstProblemOf(const std::string& child) const;
  std::vector<ReportEntry>& entries() { return entries_; }

 private:
  std::vector<ReportEntry> entries_;
  absl::flat_hash_set<std::tuple<int, int, std::string>> cells_;
  absl::flat_hash_set<std::pair<int, int>> rows_;
  absl::flat_hash_map<std::string, size_t> first_of_child_;
  bool has_fatal_ = false;
};

struct RowBase {
  int line = 0;
  std::string child;
  // False once the row has a date that is missing, malformed or out of order, so that
  // checks across rows only compare dates that mean something.
  bool dates_ok = true;
};

// The columns each record needs, parsed. Codes are as written (checked against
// ssda903_codes.h); dates are absent when blank or bad.
struct HeaderRow : RowBase {
  std::optional<Date> birth;
  std::string sex;
  std::string ethnicity;
};

struct EpisodeRow : RowBase {
  std::optional<Date> start;
  std::optional<Date> end;
  std::string rne, ls, cin, place, provider, rec, place_change;
};

struct ReviewRow : RowBase {
  std::optional<Date> date;
  std::string participation;
};

struct UascRow : RowBase {
  std::optional<Date> ceased;
};

struct Ad1Row : RowBase {
  std::optional<Date> decision;
  std::optional<Date> matched;
};

struct PlacedAdoptionRow : RowBase {
  std::optional<Date> decision;
  std::optional<Date> ceased;
  std::string ceased_reason;
};

struct MissingRow : RowBase {
  std::optional<Date> start;
  std::optional<Date> end;
  std::string kind;  // M or A; blank in exports that leave it out
};

// A date in a column where the 903 allows unknown parts ("ZZ/05/2021"): 0 for an unknown
// part.
struct PartialDay {
  int year = 0;
  int month = 0;
  int day = 0;
};

// "2021-05-ZZ": a partial day as part of a source key, unknown parts as the return writes
// them.
std::string PartialIsoDate(const PartialDay& d);

struct Oc2Row : RowBase {
  std::optional<int> sdq_score;
  std::string sdq_reason;
  // 0/1 columns; unset when blank.
  std::optional<bool> convicted, health_check, immunisations, teeth_check, health_assessment,
      substance_misuse, intervention_received, intervention_offered;
};

struct Oc3Row : RowBase {
  std::string in_touch, activity, accommodation;
};

struct PrevPermRow : RowBase {
  std::string previous_permanence;
  std::string arranged_by;
  std::optional<PartialDay> order_date;
};

struct SwEpisodeRow : RowBase {
  std::string worker;
  std::optional<PartialDay> start;
  std::optional<PartialDay> end;
  std::string reason;
};

// The imported tables' rows (rows with a blank CHILD, or of the wrong width, are only
// reported). Tables read but not imported (DoLo) are counted in ImportStats.
struct ReturnRows {
  std::vector<HeaderRow> header;
  std::vector<EpisodeRow> episodes;
  std::vector<ReviewRow> reviews;
  std::vector<UascRow> uasc;
  std::vector<Oc2Row> oc2;
  std::vector<Oc3Row> oc3;
  std::vector<Ad1Row> ad1;
  std::vector<PlacedAdoptionRow> placed_adoption;
  std::vector<PrevPermRow> prev_perm;
  std::vector<MissingRow> missing;
  std::vector<SwEpisodeRow> sw_episodes;
};

// Recognises the files (ImportStats::files), checks each table's header row and, unless a
// problem so far is fatal, reads the rows. Dates after `year` ends are problems.
ReturnRows ReadReturn(absl::Span<const InputFile> files, const DateRange& year, Problems& problems,
                      ImportStats& stats);

// "03/05/2016": dates in reasons read as the return writes them.
std::string UkDate(Date d);

}  // namespace scorecard::ssda903

#endif  // SCORECARD_TOOLS_SSDA903_TABLE_ROWS_H_
