// Drill-down: the cases behind a figure, produced by the same code that counts them.
//
// A measure function notes each case it considers through its MeasureContext. When the
// context has no case list (GetMeasures) noting costs one pointer test and builds nothing;
// when it has one (DrillDown) every case is kept, so the list can never disagree with the
// figure:
//
//   for (int i : AssessmentsAuthorised(data, ctx.period)) {
//     const bool in_time = ...;
//     ctx.Note([&] {
//       CaseRow row = ChildCase(a.child_id, /*in_numerator=*/in_time);
//       row.start = clock;
//       row.end = a.authorisation_date;
//       row.days_taken = working_days;
//       return row;
//     });
//   }
#ifndef SCORECARD_COMMON_MEASURES_DRILL_DOWN_H_
#define SCORECARD_COMMON_MEASURES_DRILL_DOWN_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/civil_date.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard {

// How a measure's cases add up to its figure. Every measure declares one; a test checks the
// declaration against the figure for every month of a data set.
enum class CaseCounting {
  // Not declared yet: DrillDown refuses the measure (UNIMPLEMENTED).
  kNotListed,
  // numerator = sum of amount (1 when unset) over the cases in the numerator, and
  // denominator = sum of denominator_amount (1 when unset) over the cases in the denominator.
  // Percentages of cases, averages (amount = the case's days), FTE-weighted sums.
  kExact,
  // Only the numerator adds up as above: the denominator is not made of cases (a 0-17
  // population for a rate, or 1 for a count).
  kNumeratorExact,
};

// One case, as a measure function notes it. Converted to common::v1::DrillDownCase.
struct CaseRow {
  common::v1::SubjectKind subject_kind = common::v1::SUBJECT_KIND_CHILD;
  std::string subject_id;
  bool in_numerator = false;
  bool in_denominator = true;
  std::optional<Date> start;
  std::optional<Date> end;
  std::optional<Date> due;
  std::optional<double> days_taken;
  std::optional<int> days_overdue;
  // What the case adds to the numerator / denominator when that is not 1.
  std::optional<double> amount;
  std::optional<double> denominator_amount;
  std::string team;
  std::string reason;
  std::string record_id;
};

inline CaseRow ChildCase(std::string child_id, bool in_numerator) {
  CaseRow row;
  row.subject_id = std::move(child_id);
  row.in_numerator = in_numerator;
  return row;
}

inline CaseRow WorkerCase(std::string worker_id, bool in_numerator) {
  CaseRow row = ChildCase(std::move(worker_id), in_numerator);
  row.subject_kind = common::v1::SUBJECT_KIND_WORKER;
  return row;
}

inline CaseRow TeamCase(std::string team, bool in_numerator) {
  CaseRow row = ChildCase(team, in_numerator);
  row.subject_kind = common::v1::SUBJECT_KIND_TEAM;
  row.team = std::move(team);
  return row;
}

// Days from `due` to `as_of` when positive: how late a case is at the end of the period.
std::optional<int> DaysOverdue(Date due, Date as_of);

// The most rows one DrillDown page may hold, and the page size when none is asked for.
inline constexpr int kMaxDrillDownPageSize = 5000;
inline constexpr int kDefaultDrillDownPageSize = 500;

// Orders rows so pages are stable: subject, then start date, then record id.
void SortCases(std::vector<CaseRow>& rows);

// True when the row belongs to the requested scope.
bool InScope(const CaseRow& row, common::v1::DrillDownScope scope);

common::v1::DrillDownCase ToProto(const CaseRow& row);

// Page tokens pin the data version: a page of a list that has since changed would be a
// page of a different list. "<version>:<offset>".
std::string MakePageToken(int64_t data_version, int offset);
// The offset a token continues from; INVALID_ARGUMENT when malformed, ABORTED when the
// data changed since the token was issued.
absl::StatusOr<int> OffsetFromPageToken(const std::string& token, int64_t data_version);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_MEASURES_DRILL_DOWN_H_
