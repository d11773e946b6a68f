#include "services/aggregator/formula.h"

#include <map>

#include "gtest/gtest.h"

namespace scorecard::aggregator {
namespace {

using Values = std::map<std::string, std::optional<double>>;

std::optional<double> Eval(const std::string& text, const Values& values = {}) {
  absl::StatusOr<Formula> formula = Formula::Parse(text);
  EXPECT_TRUE(formula.ok()) << text << ": " << formula.status();
  if (!formula.ok()) return std::nullopt;
  return formula->Evaluate([&](const std::string& row) -> std::optional<double> {
    auto it = values.find(row);
    return it == values.end() ? std::nullopt : it->second;
  });
}

std::string ParseError(const std::string& text) {
  absl::StatusOr<Formula> formula = Formula::Parse(text);
  EXPECT_FALSE(formula.ok()) << text << " should not parse";
  EXPECT_EQ(formula.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(formula.status().message());
}

TEST(FormulaTest, UsualPrecedenceAndLeftToRight) {
  EXPECT_EQ(Eval("1 + 2 * 3"), 7);
  EXPECT_EQ(Eval("(1 + 2) * 3"), 9);
  EXPECT_EQ(Eval("10 - 4 - 3"), 3);     // (10 - 4) - 3, not 10 - (4 - 3) = 9
  EXPECT_EQ(Eval("100 / 10 / 5"), 2);   // (100 / 10) / 5, not 100 / 2 = 50
  EXPECT_EQ(Eval("2 * -3"), -6);
  EXPECT_EQ(Eval("-(2 + 3) * 4"), -20);
  EXPECT_EQ(Eval("  1.5+.5 "), 2);
}

TEST(FormulaTest, RowReferencesTakeTheRowsValues) {
  // April 2016 on the published card: 118 referrals from 298 enquiries. 11800 / 298 is
  // 39.597... (298 x 39.6 = 11800.8, a little over 11800).
  const Values april = {{"referrals-month", 118}, {"contacts-month", 298}};
  std::optional<double> rate = Eval("100 * [referrals-month] / [contacts-month]", april);
  ASSERT_TRUE(rate.has_value());
  EXPECT_NEAR(*rate, 39.597, 0.001);
  // Starters less leavers, year to date at December 2016: 15 - 7 = 8.
  EXPECT_EQ(Eval("[starters-ytd] - [leavers-ytd]", {{"starters-ytd", 15}, {"leavers-ytd", 7}}), 8);
}

TEST(FormulaTest, ReferencesAreListedOnceInOrderOfAppearance) {
  absl::StatusOr<Formula> formula = Formula::Parse("[b] + [a] * [b] - [c_1]");
  ASSERT_TRUE(formula.ok());
  EXPECT_EQ(formula->references(), (std::vector<std::string>{"b", "a", "c_1"}));
}

TEST(FormulaTest, DivisionByZeroHasNoValue) {
  EXPECT_EQ(Eval("[a] / [b]", {{"a", 5}, {"b", 0}}), std::nullopt);
  EXPECT_EQ(Eval("[a] / ([b] - [b])", {{"a", 5}, {"b", 3}}), std::nullopt);
  EXPECT_EQ(Eval("1 + 1 / 0"), std::nullopt);
  // Zero over something is a real zero.
  EXPECT_EQ(Eval("[a] / [b]", {{"a", 0}, {"b", 4}}), 0);
}

TEST(FormulaTest, AMissingInputHasNoValue) {
  EXPECT_EQ(Eval("[a] + [b]", {{"a", 5}, {"b", std::nullopt}}), std::nullopt);
  EXPECT_EQ(Eval("[a] * 0", {}), std::nullopt);  // not 0: the figure is unknown
}

TEST(FormulaTest, ParseErrorsSayWhatAndWhere) {
  EXPECT_NE(ParseError("1 +").find("formula ends"), std::string::npos);
  EXPECT_NE(ParseError("[a").find("expected ']'"), std::string::npos);
  EXPECT_NE(ParseError("(1 + 2").find("expected ')'"), std::string::npos);
  EXPECT_EQ(ParseError("1 2"), "at character 3: unexpected '2'");
  EXPECT_NE(ParseError("[]").find("empty row reference"), std::string::npos);
  EXPECT_NE(ParseError("1..2").find("two decimal points"), std::string::npos);
  EXPECT_NE(ParseError("[Referrals]").find("expected ']'"), std::string::npos);
  EXPECT_EQ(ParseError("2 $ 3"), "at character 3: unexpected '$'");
  EXPECT_NE(ParseError("").find("formula ends"), std::string::npos);
  EXPECT_NE(ParseError(std::string(100, '(') + "1" + std::string(100, ')')).find("nested too deeply"),
            std::string::npos);
}

}  // namespace
}  // namespace scorecard::aggregator
