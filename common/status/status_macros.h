// Early-return helpers for absl::Status, which Abseil 20220623 does not ship.
//
//   absl::StatusOr<Batch> ParseBatch(...);
//   absl::Status Load() {
//     SCORECARD_ASSIGN_OR_RETURN(Batch batch, ParseBatch(...));
//     SCORECARD_RETURN_IF_ERROR(Validate(batch));
//     return absl::OkStatus();
//   }
#ifndef SCORECARD_COMMON_STATUS_STATUS_MACROS_H_
#define SCORECARD_COMMON_STATUS_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define SCORECARD_RETURN_IF_ERROR(expr)                 \
  do {                                                  \
    const ::absl::Status scorecard_status_ = (expr);    \
    if (!scorecard_status_.ok()) return scorecard_status_; \
  } while (0)

#define SCORECARD_STATUS_CONCAT_INNER_(a, b) a##b
#define SCORECARD_STATUS_CONCAT_(a, b) SCORECARD_STATUS_CONCAT_INNER_(a, b)

#define SCORECARD_ASSIGN_OR_RETURN(lhs, rexpr) \
  SCORECARD_ASSIGN_OR_RETURN_IMPL_(            \
      SCORECARD_STATUS_CONCAT_(scorecard_statusor_, __LINE__), lhs, rexpr)

#define SCORECARD_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                     \
  if (!statusor.ok()) return std::move(statusor).status();     \
  lhs = std::move(statusor).value()

#endif  // SCORECARD_COMMON_STATUS_STATUS_MACROS_H_
