// A derived row's formula: arithmetic over other rows of the same card.
//
//   absl::StatusOr<Formula> f = Formula::Parse("100 * [referrals-month] / [contacts-month]");
//   f->references();   // {"referrals-month", "contacts-month"}
//   std::optional<double> v = f->Evaluate([&](const std::string& row) { return value_of(row); });
//
// Grammar: numbers (123, 4.5), row references in brackets ([row-id]), + - * /, unary minus
// and parentheses, with the usual precedence (* and / before + and -, left to right).
// Evaluation has no value when a referenced row has none, when it divides by zero, or when
// the result is not finite: a derived figure is never made up.
#ifndef SCORECARD_SERVICES_AGGREGATOR_FORMULA_H_
#define SCORECARD_SERVICES_AGGREGATOR_FORMULA_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace scorecard::aggregator {

class Formula {
 public:
  // INVALID_ARGUMENT saying what is wrong and at which character (1-based).
  [[nodiscard]] static absl::StatusOr<Formula> Parse(absl::string_view text);

  // The row ids the formula names, each once, in order of first appearance.
  const std::vector<std::string>& references() const { return references_; }

  std::optional<double> Evaluate(
      const std::function<std::optional<double>(const std::string& row_id)>& value_of) const;

 private:
  enum class Kind { kNumber, kReference, kNegate, kAdd, kSubtract, kMultiply, kDivide };
  struct Node {
    Kind kind;
    double number = 0;   // kNumber
    std::string row_id;  // kReference
    int left = -1;       // operand of kNegate; left operand of the binary kinds
    int right = -1;      // right operand of the binary kinds
  };
  class Parser;

  std::optional<double> EvaluateNode(
      int index, const std::function<std::optional<double>(const std::string&)>& value_of) const;

  std::vector<Node> nodes_;
  int root_ = -1;
  std::vector<std::string> references_;
};

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_FORMULA_H_
