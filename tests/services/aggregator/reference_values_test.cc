#include "services/aggregator/reference_values.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace scorecard::aggregator {
namespace {

v1::ReferenceValue Value(const std::string& key, const std::string& source,
                         const std::string& period, double value,
                         const std::string& authority = "") {
  v1::ReferenceValue v;
  v.set_comparator_key(key);
  v.set_source(source);
  v.set_period(period);
  v.set_value(value);
  v.set_authority(authority);
  return v;
}

TEST(ParseReferencePeriodTest, FinancialYearsAndSpans) {
  absl::StatusOr<ReferencePeriod> one = ParseReferencePeriod("2016-17");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->first, Month(2016, 4));
  EXPECT_EQ(one->last, Month(2017, 3));
  absl::StatusOr<ReferencePeriod> three = ParseReferencePeriod("2015-18");
  ASSERT_TRUE(three.ok());
  EXPECT_EQ(three->first, Month(2015, 4));
  EXPECT_EQ(three->last, Month(2018, 3));
  absl::StatusOr<ReferencePeriod> century = ParseReferencePeriod("1999-00");
  ASSERT_TRUE(century.ok());
  EXPECT_EQ(century->last, Month(2000, 3));
  for (const char* bad : {"2016-16", "2016-23", "2016/17", "16-17", "2016-7", "2016-17x", ""}) {
    EXPECT_FALSE(ParseReferencePeriod(bad).ok()) << bad;
  }
}

TEST(ValidateReferenceValueTest, NamesTheField) {
  EXPECT_TRUE(ValidateReferenceValue(Value("cin-rate", "england", "2016-17", 330.4)).ok());
  EXPECT_TRUE(ValidateReferenceValue(Value("cin-rate", "statistical-neighbours", "2016-17", 1, "869")).ok());
  EXPECT_EQ(ValidateReferenceValue(Value("CIN rate", "england", "2016-17", 1)).message().substr(0, 15),
            "comparator_key:");
  EXPECT_EQ(ValidateReferenceValue(Value("cin-rate", "", "2016-17", 1)).message().substr(0, 7), "source:");
  EXPECT_EQ(ValidateReferenceValue(Value("cin-rate", "england", "2016", 1)).message().substr(0, 7), "period:");
  EXPECT_EQ(ValidateReferenceValue(Value("cin-rate", "england", "2016-17", 1, "86")).message().substr(0, 10),
            "authority:");
  EXPECT_EQ(ValidateReferenceValue(Value("cin-rate", "england", "2016-17", std::nan(""))).message(),
            "value: not a finite number");
}

TEST(ComparatorTableTest, APeriodContainingTheMonthElseTheLatestEnded) {
  ComparatorTable table;
  table.Add(Value("cin-rate", "england", "2015-16", 337.7));
  table.Add(Value("cin-rate", "england", "2016-17", 330.4));
  auto value_for = [&](Month m) -> std::optional<std::pair<std::string, double>> {
    std::vector<v1::Comparator> found = table.For("cin-rate", m);
    if (found.empty()) return std::nullopt;
    EXPECT_EQ(found.size(), 1u);
    return std::make_pair(found[0].period(), found[0].value());
  };
  // July 2016 lies in 2016-17.
  EXPECT_EQ(value_for(Month(2016, 7)), std::make_pair(std::string("2016-17"), 330.4));
  // March 2016 lies in 2015-16.
  EXPECT_EQ(value_for(Month(2016, 3)), std::make_pair(std::string("2015-16"), 337.7));
  // June 2017: no period contains it; 2016-17 ended most recently.
  EXPECT_EQ(value_for(Month(2017, 6)), std::make_pair(std::string("2016-17"), 330.4));
  // March 2015: every period starts later; nothing to compare with.
  EXPECT_EQ(value_for(Month(2015, 3)), std::nullopt);
  EXPECT_TRUE(table.For("lac-rate", Month(2016, 7)).empty());
}

TEST(ComparatorTableTest, OfTwoContainingPeriodsTheLaterStartingWins) {
  ComparatorTable table;
  table.Add(Value("adoption-a1-days", "england", "2014-17", 520));
  table.Add(Value("adoption-a1-days", "england", "2016-17", 500));
  const std::vector<v1::Comparator> found = table.For("adoption-a1-days", Month(2016, 7));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].period(), "2016-17");
  // Before April 2016 only 2014-17 contains the month.
  EXPECT_EQ(table.For("adoption-a1-days", Month(2016, 2))[0].period(), "2014-17");
}

TEST(ComparatorTableTest, OneComparatorPerSourceEnglandFirstAndTheAuthoritysOwnWins) {
  ComparatorTable table;
  table.Add(Value("cin-rate", "statistical-neighbours", "2016-17", 350, "869"));
  table.Add(Value("cin-rate", "england", "2016-17", 999, "869"));  // the authority's own
  table.Add(Value("cin-rate", "england", "2016-17", 330.4));       // national, added after
  const std::vector<v1::Comparator> found = table.For("cin-rate", Month(2016, 7));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].source(), "england");
  EXPECT_EQ(found[0].value(), 999);
  EXPECT_EQ(found[1].source(), "statistical-neighbours");
  EXPECT_EQ(found[1].value(), 350);
}

TEST(ParseReferenceCsvTest, ReadsQuotedCitationsAndNamesTheBadLine) {
  absl::StatusOr<std::vector<v1::ReferenceValue>> values = ParseReferenceCsv(
      "comparator_key,source,period,value,authority,citation\r\n"
      "cin-rate,england,2016-17,330.4,,\"DfE CIN 2016-17, table A\"\n"
      "\n"
      "cin-rate,statistical-neighbours,2016-17,345,869,fixture\n",
      "ref.csv");
  ASSERT_TRUE(values.ok()) << values.status();
  ASSERT_EQ(values->size(), 2u);
  EXPECT_EQ((*values)[0].citation(), "DfE CIN 2016-17, table A");
  EXPECT_EQ((*values)[0].value(), 330.4);
  EXPECT_EQ((*values)[1].authority(), "869");

  EXPECT_EQ(ParseReferenceCsv("key,value\n", "ref.csv").status().message().substr(0, 9), "ref.csv:1");
  absl::StatusOr<std::vector<v1::ReferenceValue>> bad = ParseReferenceCsv(
      "comparator_key,source,period,value,authority,citation\n"
      "cin-rate,england,2016-17,330.4,,ok\n"
      "cin-rate,england,2016,330.4,,bad period\n",
      "ref.csv");
  EXPECT_EQ(bad.status().message().substr(0, 18), "ref.csv:3: period:");
  EXPECT_EQ(ParseReferenceCsv("comparator_key,source,period,value,authority,citation\n"
                              "cin-rate,england,2016-17,lots,,x\n",
                              "ref.csv")
                .status()
                .message(),
            "ref.csv:2: value: not a number");
}

TEST(ParseReferenceCsvTest, NamesTheRightLineAfterAQuotedLineBreakAndABlankLine) {
  // Line 1 header; lines 2-3 one record (its citation holds a line break); line 4 only
  // spaces; line 5 a bad period.
  absl::StatusOr<std::vector<v1::ReferenceValue>> bad = ParseReferenceCsv(
      "comparator_key,source,period,value,authority,citation\n"
      "cin-rate,england,2016-17,330.4,,\"two\nlines\"\n"
      "   \n"
      "cin-rate,england,2016,330.4,,x\n",
      "ref.csv");
  EXPECT_EQ(bad.status().message().substr(0, 18), "ref.csv:5: period:") << bad.status();

  EXPECT_EQ(ParseReferenceCsv("comparator_key,source,period,value,authority,citation\n"
                              "cin-rate,england,2016-17,330.4,,\"left open\n",
                              "ref.csv")
                .status()
                .message(),
            "ref.csv: line 2: unterminated quoted field");
}

TEST(ParseReferenceCsvTest, TheShippedFileLoads) {
  std::ifstream in(std::string(SCORECARD_SCORECARDS_DIR) + "/reference-values.csv");
  ASSERT_TRUE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<v1::ReferenceValue>> values =
      ParseReferenceCsv(text.str(), "reference-values.csv");
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_GE(values->size(), 5u);
}

}  // namespace
}  // namespace scorecard::aggregator
