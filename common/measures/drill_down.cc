#include "common/measures/drill_down.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/records/proto_date.h"

namespace scorecard {

std::optional<int> DaysOverdue(Date due, Date as_of) {
  if (as_of <= due) return std::nullopt;
  return static_cast<int>(as_of - due);
}

void SortCases(std::vector<CaseRow>& rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const CaseRow& a, const CaseRow& b) {
    const Date no_date(1, 1, 1);
    return std::make_tuple(a.subject_kind, std::cref(a.subject_id), a.start.value_or(no_date),
                           std::cref(a.record_id)) <
           std::make_tuple(b.subject_kind, std::cref(b.subject_id), b.start.value_or(no_date),
                           std::cref(b.record_id));
  });
}

bool InScope(const CaseRow& row, common::v1::DrillDownScope scope) {
  switch (scope) {
    case common::v1::DRILL_DOWN_SCOPE_NUMERATOR:
      return row.in_numerator;
    case common::v1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR:
      return !row.in_numerator;
    default:
      return true;
  }
}

common::v1::DrillDownCase ToProto(const CaseRow& row) {
  common::v1::DrillDownCase out;
  out.set_subject_kind(row.subject_kind);
  out.set_subject_id(row.subject_id);
  out.set_in_numerator(row.in_numerator);
  out.set_in_denominator(row.in_denominator);
  if (row.start) *out.mutable_start_date() = ToProtoDate(*row.start);
  if (row.end) *out.mutable_end_date() = ToProtoDate(*row.end);
  if (row.due) *out.mutable_due_date() = ToProtoDate(*row.due);
  if (row.days_taken) out.set_days_taken(*row.days_taken);
  if (row.days_overdue) out.set_days_overdue(*row.days_overdue);
  if (row.amount) out.set_amount(*row.amount);
  if (row.denominator_amount) out.set_denominator_amount(*row.denominator_amount);
  out.set_team(row.team);
  out.set_reason(row.reason);
  out.set_record_id(row.record_id);
  return out;
}

std::string MakePageToken(int64_t data_version, int offset) {
  return absl::StrCat(data_version, ":", offset);
}

absl::StatusOr<int> OffsetFromPageToken(const std::string& token, int64_t data_version) {
  if (token.empty()) return 0;
  const std::vector<std::string> parts = absl::StrSplit(token, ':');
  int64_t version = 0;
  int offset = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &version) ||
      !absl::SimpleAtoi(parts[1], &offset) || offset < 0) {
    return absl::InvalidArgumentError("page_token: not a token this service issued");
  }
  if (version != data_version) {
    return absl::AbortedError(
        "page_token: the authority's data changed since the first page; start again");
  }
  return offset;
}

}  // namespace scorecard
