#include "tools/ssda903/ssda903_tables.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace scorecard::ssda903 {
namespace {

using Header = std::vector<std::string>;

TEST(Ssda903TablesTest, EveryTableIsRecognisedByItsDfeHeaderRow) {
  const std::vector<std::pair<Header, Table>> cases = {
      {{"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"}, Table::kHeader},
      {{"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"},
       Table::kEpisodes},
      {{"CHILD", "DOB", "REVIEW", "REVIEW_CODE"}, Table::kReviews},
      {{"CHILD", "SEX", "DOB", "DUC"}, Table::kUasc},
      {{"CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
        "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED"},
       Table::kOc2},
      {{"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"}, Table::kOc3},
      {{"CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
        "LS_ADOPTR"},
       Table::kAd1},
      {{"CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"},
       Table::kPlacedAdoption},
      {{"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"}, Table::kPrevPerm},
      {{"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"}, Table::kMissing},
      {{"CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"}, Table::kSwEpisodes},
      {{"CHILD", "DOB", "DOLO_START", "DOLO_END"}, Table::kDoLo},
  };
  ASSERT_EQ(cases.size(), static_cast<size_t>(kTableCount));
  for (const auto& [header, table] : cases) {
    absl::StatusOr<TableMatch> match = RecognizeTable("export_17.csv", header);
    ASSERT_TRUE(match.ok()) << TableName(table) << ": " << match.status();
    EXPECT_EQ(match->table, table) << TableName(table);
    EXPECT_TRUE(match->by_header);
    // Every required column is part of that table's DfE header.
    for (absl::string_view column : SpecOf(table).required) {
      EXPECT_NE(std::find(header.begin(), header.end(), column), header.end())
          << TableName(table) << " requires " << column;
    }
  }
}

TEST(Ssda903TablesTest, ColumnNamesMatchIgnoringCaseAndSpaces) {
  absl::StatusOr<TableMatch> match =
      RecognizeTable("x.csv", {" child ", "decom", "Rne", "ls", "PLACE", "dec", "rec"});
  ASSERT_TRUE(match.ok()) << match.status();
  EXPECT_EQ(match->table, Table::kEpisodes);
  absl::StatusOr<ColumnIndex> columns = ColumnIndex::Create({" child ", "Decom", ""});
  ASSERT_TRUE(columns.ok());
  EXPECT_EQ(columns->Find("CHILD"), 0);
  EXPECT_EQ(columns->Find("DECOM"), 1);
  EXPECT_FALSE(columns->Has("DEC"));
}

TEST(Ssda903TablesTest, HeaderRowDecidesOverTheFileName) {
  absl::StatusOr<TableMatch> match = RecognizeTable("reviews.csv", {"CHILD", "DECOM", "RNE"});
  ASSERT_TRUE(match.ok());
  EXPECT_EQ(match->table, Table::kEpisodes);
}

TEST(Ssda903TablesTest, NameDecidesWhenTheHeaderCannot) {
  // Only CHILD: no distinctive column (e.g. an export that lost its columns).
  absl::StatusOr<TableMatch> match = RecognizeTable("Episodes.CSV", {"CHILD"});
  ASSERT_TRUE(match.ok()) << match.status();
  EXPECT_EQ(match->table, Table::kEpisodes);
  EXPECT_FALSE(match->by_header);
  // An empty file.
  match = RecognizeTable("Placed_Adoption.csv", {});
  ASSERT_TRUE(match.ok()) << match.status();
  EXPECT_EQ(match->table, Table::kPlacedAdoption);
}

TEST(Ssda903TablesTest, ConventionalFileNames) {
  EXPECT_EQ(TableFromFileName("header.csv"), Table::kHeader);
  EXPECT_EQ(TableFromFileName("903_Header_2017.csv"), Table::kHeader);
  EXPECT_EQ(TableFromFileName("placed-adoption.csv"), Table::kPlacedAdoption);
  EXPECT_EQ(TableFromFileName("PrevPerm.csv"), Table::kPrevPerm);
  EXPECT_EQ(TableFromFileName("SW_Episodes.csv"), Table::kSwEpisodes);
  EXPECT_EQ(TableFromFileName("social_worker.csv"), Table::kSwEpisodes);
  EXPECT_EQ(TableFromFileName("notes.csv"), std::nullopt);
  // Naming two tables names none.
  EXPECT_EQ(TableFromFileName("header_and_episodes.csv"), std::nullopt);
}

TEST(Ssda903TablesTest, UnknownAndAmbiguousHeaders) {
  absl::StatusOr<TableMatch> unknown = RecognizeTable("notes.csv", {"NAME", "COMMENT"});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  // Columns of Episodes and Reviews together: only the name could settle it.
  absl::StatusOr<TableMatch> mixed = RecognizeTable("data.csv", {"CHILD", "DECOM", "REVIEW"});
  EXPECT_EQ(mixed.status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<TableMatch> settled = RecognizeTable("reviews.csv", {"CHILD", "DECOM", "REVIEW"});
  ASSERT_TRUE(settled.ok());
  EXPECT_EQ(settled->table, Table::kReviews);
}

TEST(Ssda903TablesTest, DuplicateColumnIsRefused) {
  absl::StatusOr<ColumnIndex> columns = ColumnIndex::Create({"CHILD", "DOB", "child"});
  EXPECT_EQ(columns.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(Ssda903TablesTest, DistinctiveColumnsBelongToOneTableOnly) {
  for (const TableSpec& a : AllTables()) {
    for (absl::string_view column : a.distinctive) {
      for (const TableSpec& b : AllTables()) {
        if (a.table == b.table) continue;
        EXPECT_EQ(std::find(b.distinctive.begin(), b.distinctive.end(), column),
                  b.distinctive.end())
            << column << " in " << a.name << " and " << b.name;
        EXPECT_EQ(std::find(b.required.begin(), b.required.end(), column), b.required.end())
            << column << " of " << a.name << " required by " << b.name;
      }
    }
  }
}

}  // namespace
}  // namespace scorecard::ssda903
