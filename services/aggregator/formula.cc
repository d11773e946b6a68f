#include "services/aggregator/formula.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace scorecard::aggregator {
namespace {

// Deep enough for any sensible formula; stops a pathological one exhausting the stack.
constexpr int kMaxDepth = 64;

bool IsRowIdChar(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' || c == '_';
}

}  // namespace

// Recursive descent over the text, appending nodes to the formula.
class Formula::Parser {
 public:
  Parser(absl::string_view text, Formula* out) : text_(text), out_(out) {}

  absl::Status ParseAll() {
    absl::StatusOr<int> root = Expression(0);
    if (!root.ok()) return root.status();
    SkipSpaces();
    if (pos_ < text_.size())
      return Error(absl::StrCat("unexpected '", std::string(1, Current()), "'"));
    out_->root_ = *root;
    return absl::OkStatus();
  }

 private:
  // expression := term (("+" | "-") term)*
  absl::StatusOr<int> Expression(int depth) {
    absl::StatusOr<int> left = Term(depth);
    if (!left.ok()) return left;
    while (true) {
      SkipSpaces();
      if (pos_ >= text_.size() || (Current() != '+' && Current() != '-')) return left;
      const Kind kind = Current() == '+' ? Kind::kAdd : Kind::kSubtract;
      ++pos_;
      absl::StatusOr<int> right = Term(depth);
      if (!right.ok()) return right;
      left = Add(Node{kind, 0, "", *left, *right});
    }
  }

  // term := factor (("*" | "/") factor)*
  absl::StatusOr<int> Term(int depth) {
    absl::StatusOr<int> left = Factor(depth);
    if (!left.ok()) return left;
    while (true) {
      SkipSpaces();
      if (pos_ >= text_.size() || (Current() != '*' && Current() != '/')) return left;
      const Kind kind = Current() == '*' ? Kind::kMultiply : Kind::kDivide;
      ++pos_;
      absl::StatusOr<int> right = Factor(depth);
      if (!right.ok()) return right;
      left = Add(Node{kind, 0, "", *left, *right});
    }
  }

  // factor := number | "[" row-id "]" | "(" expression ")" | "-" factor
  absl::StatusOr<int> Factor(int depth) {
    if (depth > kMaxDepth) return Error("nested too deeply");
    SkipSpaces();
    if (pos_ >= text_.size())
      return Error("expected a number, [row-id] or '(' but the formula ends");
    const char c = Current();
    if (c == '-') {
      ++pos_;
      absl::StatusOr<int> operand = Factor(depth + 1);
      if (!operand.ok()) return operand;
      return Add(Node{Kind::kNegate, 0, "", *operand, -1});
    }
    if (c == '(') {
      ++pos_;
      absl::StatusOr<int> inner = Expression(depth + 1);
      if (!inner.ok()) return inner;
      SkipSpaces();
      if (pos_ >= text_.size() || Current() != ')') return Error("expected ')'");
      ++pos_;
      return inner;
    }
    if (c == '[') return Reference();
    if (absl::ascii_isdigit(c) || c == '.') return Number();
    return Error(absl::StrCat("unexpected '", std::string(1, c), "'"));
  }

  absl::StatusOr<int> Reference() {
    const size_t start = ++pos_;
    while (pos_ < text_.size() && IsRowIdChar(Current())) ++pos_;
    if (pos_ >= text_.size() || Current() != ']') {
      return Error("expected ']' after a row id (lower-case letters, digits, '-' and '_')");
    }
    if (pos_ == start) return Error("empty row reference []");
    std::string row_id(text_.substr(start, pos_ - start));
    ++pos_;
    if (std::find(out_->references_.begin(), out_->references_.end(), row_id) ==
        out_->references_.end()) {
      out_->references_.push_back(row_id);
    }
    return Add(Node{Kind::kReference, 0, std::move(row_id), -1, -1});
  }

  absl::StatusOr<int> Number() {
    const size_t start = pos_;
    bool seen_point = false;
    while (pos_ < text_.size() && (absl::ascii_isdigit(Current()) || Current() == '.')) {
      if (Current() == '.') {
        if (seen_point) return Error("a number has two decimal points");
        seen_point = true;
      }
      ++pos_;
    }
    const std::string digits(text_.substr(start, pos_ - start));
    if (digits == ".") {
      pos_ = start;
      return Error("expected a number");
    }
    return Add(Node{Kind::kNumber, std::strtod(digits.c_str(), nullptr), "", -1, -1});
  }

  void SkipSpaces() {
    while (pos_ < text_.size() && absl::ascii_isspace(Current())) ++pos_;
  }
  char Current() const { return text_[pos_]; }
  int Add(Node node) {
    out_->nodes_.push_back(std::move(node));
    return static_cast<int>(out_->nodes_.size()) - 1;
  }
  absl::Status Error(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat("at character ", pos_ + 1, ": ", what));
  }

  absl::string_view text_;
  Formula* out_;
  size_t pos_ = 0;
};

absl::StatusOr<Formula> Formula::Parse(absl::string_view text) {
  Formula formula;
  Parser parser(text, &formula);
  if (absl::Status parsed = parser.ParseAll(); !parsed.ok()) return parsed;
  return formula;
}

std::optional<double> Formula::Evaluate(
    const std::function<std::optional<double>(const std::string& row_id)>& value_of) const {
  if (root_ < 0) return std::nullopt;
  std::optional<double> value = EvaluateNode(root_, value_of);
  if (value.has_value() && !std::isfinite(*value)) return std::nullopt;
  return value;
}

std::optional<double> Formula::EvaluateNode(
    int index, const std::function<std::optional<double>(const std::string&)>& value_of) const {
  const Node& node = nodes_[index];
  switch (node.kind) {
    case Kind::kNumber:
      return node.number;
    case Kind::kReference:
      return value_of(node.row_id);
    case Kind::kNegate: {
      std::optional<double> operand = EvaluateNode(node.left, value_of);
      if (!operand.has_value()) return std::nullopt;
      return -*operand;
    }
    default:
      break;
  }
  std::optional<double> left = EvaluateNode(node.left, value_of);
  std::optional<double> right = EvaluateNode(node.right, value_of);
  if (!left.has_value() || !right.has_value()) return std::nullopt;
  switch (node.kind) {
    case Kind::kAdd:
      return *left + *right;
    case Kind::kSubtract:
      return *left - *right;
    case Kind::kMultiply:
      return *left * *right;
    case Kind::kDivide:
      if (*right == 0) return std::nullopt;
      return *left / *right;
    default:
      return std::nullopt;
  }
}

}  // namespace scorecard::aggregator
