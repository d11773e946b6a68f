#include "tools/ssda903/ssda903_tables.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace scorecard::ssda903 {
namespace {

// Column lists per the DfE 903 specification 2016-17 to 2025-26 (DOMAIN-RESEARCH.md 2.1).
// Columns that neither identify a table nor feed a record (UPN, MOTHER, postcodes, URN,
// FOSTER_CARE, ...) are left unread: the scorecard does not need them (README.md, "Not
// imported").
const std::vector<TableSpec>& Specs() {
  static const auto* const specs = new std::vector<TableSpec>{
      {Table::kHeader,
       "Header",
       {"header"},
       {"CHILD", "DOB"},
       {"SEX", "ETHNIC"},
       {"ETHNIC", "UPN", "MOTHER", "MC_DOB"},
       ""},
      {Table::kEpisodes,
       "Episodes",
       {"episodes", "episode"},
       {"CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC"},
       {"CIN", "PLACE_PROVIDER", "REASON_PLACE_CHANGE"},
       {"DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
        "HOME_POST", "PL_POST", "URN"},
       ""},
      {Table::kReviews,
       "Reviews",
       {"reviews", "review"},
       {"CHILD", "REVIEW"},
       {"REVIEW_CODE"},
       {"REVIEW", "REVIEW_CODE"},
       ""},
      {Table::kUasc, "UASC", {"uasc"}, {"CHILD", "DUC"}, {}, {"DUC"}, ""},
      {Table::kOc2,
       "OC2",
       {"oc2"},
       {"CHILD"},
       {"SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
        "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
       {"SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
        "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"},
       ""},
      {Table::kOc3,
       "OC3",
       {"oc3"},
       {"CHILD", "IN_TOUCH"},
       {"ACTIV", "ACCOM"},
       {"IN_TOUCH", "ACTIV", "ACCOM"},
       ""},
      {Table::kAd1,
       "AD1",
       {"ad1"},
       {"CHILD", "DATE_INT", "DATE_MATCH"},
       {},
       {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"},
       ""},
      {Table::kPlacedAdoption,
       "PlacedAdoption",
       {"placedadoption", "placedforadoption"},
       {"CHILD", "DATE_PLACED"},
       {"DATE_PLACED_CEASED", "REASON_PLACED_CEASED"},
       {"DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"},
       ""},
      {Table::kPrevPerm,
       "PrevPerm",
       {"prevperm", "previouspermanence"},
       {"CHILD", "PREV_PERM"},
       {"LA_PERM", "DATE_PERM"},
       {"PREV_PERM", "LA_PERM", "DATE_PERM"},
       ""},
      {Table::kMissing,
       "Missing",
       {"missing"},
       {"CHILD", "MIS_START"},
       {"MISSING", "MIS_END"},
       {"MISSING", "MIS_START", "MIS_END"},
       ""},
      {Table::kSwEpisodes,
       "SWEpisodes",
       {"swepisodes", "socialworker", "socialworkers"},
       {"CHILD", "SW_ID", "SW_DECOM"},
       {"SW_DEC", "SW_REASON"},
       {"SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"},
       ""},
      {Table::kDoLo,
       "DoLo",
       {"dolo"},
       {"CHILD"},
       {},
       {"DOLO_START", "DOLO_END"},
       "deprivation of liberty (new in 2026-27, after the last layout this importer knows): "
       "no placement record holds it"},
  };
  return *specs;
}

// Letters and digits only, lower case.
std::string Squeeze(absl::string_view text) {
  std::string out;
  for (char c : text) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::optional<Table> TableNamed(absl::string_view squeezed) {
  for (const TableSpec& spec : Specs()) {
    if (std::find(spec.file_names.begin(), spec.file_names.end(), squeezed) !=
        spec.file_names.end()) {
      return spec.table;
    }
  }
  return std::nullopt;
}

}  // namespace

absl::Span<const TableSpec> AllTables() { return Specs(); }

const TableSpec& SpecOf(Table table) { return Specs()[static_cast<int>(table)]; }

absl::string_view TableName(Table table) { return SpecOf(table).name; }

std::string NormalizeColumnName(absl::string_view name) {
  return absl::AsciiStrToUpper(absl::StripAsciiWhitespace(name));
}

absl::StatusOr<ColumnIndex> ColumnIndex::Create(absl::Span<const std::string> header) {
  ColumnIndex index;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = NormalizeColumnName(header[i]);
    if (name.empty()) continue;
    if (!index.positions_.emplace(name, static_cast<int>(i)).second) {
      return absl::InvalidArgumentError(absl::StrCat("column ", name, " appears twice"));
    }
  }
  return index;
}

std::optional<int> ColumnIndex::Find(absl::string_view name) const {
  auto it = positions_.find(name);
  if (it == positions_.end()) return std::nullopt;
  return it->second;
}

std::optional<Table> TableFromFileName(absl::string_view file_name) {
  const std::string base = std::filesystem::path(std::string(file_name)).stem().string();
  if (std::optional<Table> whole = TableNamed(Squeeze(base)); whole.has_value()) return whole;
  std::optional<Table> found;
  for (absl::string_view word :
       absl::StrSplit(base, absl::ByAnyChar(" _-.()[]"), absl::SkipEmpty())) {
    std::optional<Table> named = TableNamed(Squeeze(word));
    if (!named.has_value()) continue;
    if (found.has_value() && *found != *named) return std::nullopt;  // names two tables
    found = named;
  }
  return found;
}

absl::StatusOr<TableMatch> RecognizeTable(absl::string_view file_name,
                                          absl::Span<const std::string> header) {
  absl::StatusOr<ColumnIndex> columns = ColumnIndex::Create(header);
  std::vector<Table> candidates;
  if (columns.ok()) {
    for (const TableSpec& spec : Specs()) {
      const bool has_distinctive =
          std::any_of(spec.distinctive.begin(), spec.distinctive.end(),
                      [&](absl::string_view column) { return columns->Has(column); });
      if (has_distinctive) candidates.push_back(spec.table);
    }
  }
  if (candidates.size() == 1) return TableMatch{candidates.front(), /*by_header=*/true};

  const std::optional<Table> named = TableFromFileName(file_name);
  if (candidates.empty()) {
    if (named.has_value()) return TableMatch{*named, /*by_header=*/false};
    return absl::NotFoundError(
        "not an SSDA903 table: its header has no column that identifies a table, and its "
        "name is not a conventional table name");
  }
  if (named.has_value() &&
      std::find(candidates.begin(), candidates.end(), *named) != candidates.end()) {
    return TableMatch{*named, /*by_header=*/false};
  }
  std::vector<absl::string_view> names;
  for (Table t : candidates) names.push_back(TableName(t));
  return absl::InvalidArgumentError(absl::StrCat("its header has columns of several tables (",
                                                 absl::StrJoin(names, ", "),
                                                 ") and its name does not say which it is"));
}

}  // namespace scorecard::ssda903
