#include "tools/workforce_census/census_input.h"

#include "absl/strings/str_cat.h"

namespace scorecard::workforce_census {

std::string FormatProblem(absl::string_view file_name, const InputProblem& problem) {
  std::string out(file_name);
  if (problem.line > 0) absl::StrAppend(&out, ":", problem.line);
  absl::StrAppend(&out, ": ");
  if (!problem.field.empty()) absl::StrAppend(&out, problem.field, ": ");
  absl::StrAppend(&out, problem.reason);
  return out;
}

}  // namespace scorecard::workforce_census
