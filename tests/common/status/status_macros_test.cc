#include "common/status/status_macros.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return absl::InvalidArgumentError("odd");
  return n / 2;
}

absl::StatusOr<int> Quarter(int n) {
  SCORECARD_ASSIGN_OR_RETURN(int half, Half(n));
  SCORECARD_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

absl::Status CheckEven(int n, int* calls_after) {
  SCORECARD_RETURN_IF_ERROR(Half(n).status());
  ++*calls_after;
  return absl::OkStatus();
}

TEST(StatusMacrosTest, AssignOrReturnPassesValuesThrough) {
  absl::StatusOr<int> q = Quarter(12);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(*q, 3);
}

TEST(StatusMacrosTest, AssignOrReturnStopsAtFirstError) {
  absl::StatusOr<int> q = Quarter(6);  // 6 -> 3, then 3 is odd
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(q.status().message(), "odd");
}

TEST(StatusMacrosTest, ReturnIfErrorSkipsTheRest) {
  int calls_after = 0;
  EXPECT_FALSE(CheckEven(3, &calls_after).ok());
  EXPECT_EQ(calls_after, 0);
  EXPECT_TRUE(CheckEven(4, &calls_after).ok());
  EXPECT_EQ(calls_after, 1);
}

}  // namespace
}  // namespace scorecard
