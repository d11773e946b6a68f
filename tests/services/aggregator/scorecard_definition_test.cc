#include "services/aggregator/scorecard_definition.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace scorecard::aggregator {
namespace {

// Splits one CSV line, honouring double-quoted fields (titles contain commas).
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

TEST(GettingToGoodDefinitionTest, HoldsEveryPublishedRowInOrderWithItsSection) {
  absl::StatusOr<DefinitionSet> set = LoadDefinitions(SCORECARD_SCORECARDS_DIR);
  ASSERT_TRUE(set.ok()) << set.status();
  const LoadedDefinition* card = set->Find("getting-to-good");
  ASSERT_NE(card, nullptr);

  std::vector<std::pair<std::string, std::string>> defined;  // section id, row title
  for (const v1::SectionDefinition& section : card->definition.sections()) {
    for (const v1::RowDefinition& row : section.rows()) defined.emplace_back(section.id(), row.title());
  }
  std::ifstream csv(std::string(SCORECARD_TEST_DATA_DIR) + "/getting-to-good-2016-17.csv");
  ASSERT_TRUE(csv.good());
  std::string line;
  std::getline(csv, line);  // header
  size_t index = 0;
  while (std::getline(csv, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> fields = SplitCsvLine(line);
    ASSERT_LT(index, defined.size()) << "definition is missing published row: " << fields[1];
    EXPECT_EQ(defined[index].first, fields[0]) << "row " << index;
    EXPECT_EQ(defined[index].second, fields[1]) << "row " << index;
    ++index;
  }
  EXPECT_EQ(index, 61u) << "the published card has 61 rows";
  // After the published rows comes the LAC medicals panel that stood beside the card.
  ASSERT_GT(defined.size(), index);
  EXPECT_EQ(defined[index].first, "lac-medicals");
}

TEST(GettingToGoodDefinitionTest, TheDctRowsAreTeamBreakdownsNotNewMeasures) {
  absl::StatusOr<DefinitionSet> set = LoadDefinitions(SCORECARD_SCORECARDS_DIR);
  ASSERT_TRUE(set.ok());
  int dct_rows = 0;
  for (const auto& section : set->Find("getting-to-good")->definition.sections()) {
    for (const auto& row : section.rows()) {
      if (row.team() == "DCT") {
        ++dct_rows;
        EXPECT_TRUE(row.measure_id() == "safeguarding.cp_count" ||
                    row.measure_id() == "placement.lac_count")
            << row.measure_id();
      }
    }
  }
  EXPECT_EQ(dct_rows, 2);
}

constexpr char kMinimal[] = R"pb(
  id: "mini"
  title: "Mini"
  sections {
    id: "s"
    title: "S"
    rows { id: "a" title: "A" measure_id: "placement.lac_count" basis: BASIS_SNAPSHOT unit: UNIT_COUNT }
  }
)pb";

TEST(ParseDefinitionTest, HashIsStableAndChangesWithTheDefinition) {
  absl::StatusOr<LoadedDefinition> a = ParseDefinition(kMinimal, "mini.textproto");
  absl::StatusOr<LoadedDefinition> b = ParseDefinition(kMinimal, "again.textproto");
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->hash, b->hash);
  EXPECT_EQ(a->hash.size(), 64u);
  std::string edited = kMinimal;
  edited.replace(edited.find("BASIS_SNAPSHOT"), 14, "BASIS_MONTH");
  absl::StatusOr<LoadedDefinition> c = ParseDefinition(edited, "edited.textproto");
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->hash, c->hash);
}

TEST(ParseDefinitionTest, ErrorsNameTheFileAndThePlace) {
  absl::StatusOr<LoadedDefinition> syntax = ParseDefinition("id: \"x\"\nsections { id: ", "bad.textproto");
  EXPECT_EQ(syntax.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(syntax.status().message().find("bad.textproto: line 2"), absl::string_view::npos)
      << syntax.status();

  std::string duplicate = kMinimal;
  duplicate.insert(duplicate.rfind('}'),
                   "rows { id: \"a\" title: \"Again\" measure_id: \"placement.lac_count\" "
                   "basis: BASIS_SNAPSHOT unit: UNIT_COUNT }\n");
  absl::StatusOr<LoadedDefinition> dup = ParseDefinition(duplicate, "dup.textproto");
  EXPECT_NE(dup.status().message().find("sections[0].rows[1].id: duplicate row \"a\""),
            absl::string_view::npos)
      << dup.status();

  std::string bad_id = kMinimal;
  bad_id.replace(bad_id.find("placement.lac_count"), 19, "LAC Numbers");
  absl::StatusOr<LoadedDefinition> id = ParseDefinition(bad_id, "id.textproto");
  EXPECT_NE(id.status().message().find("sections[0].rows[0].measure_id"), absl::string_view::npos)
      << id.status();

  std::string no_basis = kMinimal;
  no_basis.replace(no_basis.find("basis: BASIS_SNAPSHOT"), 21, "");
  EXPECT_NE(ParseDefinition(no_basis, "b.textproto").status().message().find("basis: required"),
            absl::string_view::npos);
}

TEST(OwningServiceTest, IsThePrefix) {
  EXPECT_EQ(OwningService("placement.lac_count"), "placement");
  EXPECT_EQ(OwningService("local.personal_budget_pilot_families"), "local");
}

}  // namespace
}  // namespace scorecard::aggregator
