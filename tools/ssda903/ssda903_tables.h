// The SSDA903 CSV tables: their columns, and which table a council's file holds.
//
//   absl::StatusOr<TableMatch> match = RecognizeTable("WBC_903_2017_eps.csv", header_fields);
//   // match->table == Table::kEpisodes (its header has DECOM), match->by_header == true
//   absl::StatusOr<ColumnIndex> columns = ColumnIndex::Create(header_fields);
//   std::optional<int> dec = columns->Find("DEC");  // any order; absent in older layouts
//
// File names vary by council, so a file is recognised by its header row first: each table
// has "distinctive" columns that no other table has (Episodes: DECOM, RNE, ...; Header:
// ETHNIC, UPN, ...). A header with distinctive columns of exactly one table is that table.
// Otherwise (no distinctive column, or several tables') the file name decides, if its stem
// is a conventional table name ("episodes.csv", "Placed_Adoption.csv", "903_header_2017.csv"
// - see TableSpec::file_names). Column names match ignoring case and surrounding spaces.
#ifndef SCORECARD_TOOLS_SSDA903_SSDA903_TABLES_H_
#define SCORECARD_TOOLS_SSDA903_SSDA903_TABLES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace scorecard::ssda903 {

// In the order the DfE lists them; reports sort by it.
enum class Table {
  kHeader,
  kEpisodes,
  kReviews,
  kUasc,
  kOc2,
  kOc3,
  kAd1,
  kPlacedAdoption,
  kPrevPerm,
  kMissing,
  kSwEpisodes,
  kDoLo,
};
inline constexpr int kTableCount = 12;

struct TableSpec {
  Table table;
  // The DfE's name, as reports show it: "Episodes", "PlacedAdoption".
  absl::string_view name;
  // Conventional file stems, lower case, letters and digits only ("placedadoption").
  std::vector<absl::string_view> file_names;
  // Columns the importer cannot do without: a file lacking one is rejected whole.
  std::vector<absl::string_view> required;
  // Columns read when present (older layouts and some council exports lack them).
  std::vector<absl::string_view> optional;
  // Columns found in this table only; they identify the table from its header row.
  std::vector<absl::string_view> distinctive;
  // Empty when the table is imported; otherwise why its rows are read but not imported.
  absl::string_view skip_reason;
};

// Every table, in Table order.
absl::Span<const TableSpec> AllTables();
const TableSpec& SpecOf(Table table);
absl::string_view TableName(Table table);

// A column name as compared: surrounding spaces removed, upper case.
std::string NormalizeColumnName(absl::string_view name);

// Where each column of a header row is. Built once per file.
class ColumnIndex {
 public:
  // INVALID_ARGUMENT when a column name appears twice (which one holds the data?). Empty
  // header cells are ignored: spreadsheets often add trailing commas.
  [[nodiscard]] static absl::StatusOr<ColumnIndex> Create(absl::Span<const std::string> header);

  // The position of `name` (an upper-case 903 column name), if the header has it.
  std::optional<int> Find(absl::string_view name) const;
  bool Has(absl::string_view name) const { return Find(name).has_value(); }

 private:
  absl::flat_hash_map<std::string, int> positions_;
};

struct TableMatch {
  Table table;
  // True when the header row decided; false when the file name did.
  bool by_header = false;
};

// Which table a file holds (see the file comment for the rule). NOT_FOUND when neither its
// header nor its name says; INVALID_ARGUMENT when its header has several tables' columns
// and its name does not settle which.
[[nodiscard]] absl::StatusOr<TableMatch> RecognizeTable(absl::string_view file_name,
                                                        absl::Span<const std::string> header);

// The table a file name conventionally holds, if any: the file's stem lower-cased with
// everything but letters and digits removed ("Placed_Adoption.csv" -> "placedadoption"),
// or one of the stem's words ("903_header_2017.csv" -> "header").
std::optional<Table> TableFromFileName(absl::string_view file_name);

}  // namespace scorecard::ssda903

#endif  // SCORECARD_TOOLS_SSDA903_SSDA903_TABLES_H_
