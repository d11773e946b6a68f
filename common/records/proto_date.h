// Conversions between the wire's Date / YearMonth / Timestamp and civil dates and absl::Time.
//
//   std::optional<Date> d = FromProtoDate(referral.referral_date());  // nullopt if unset
//   *record.mutable_referral_date() = ToProtoDate(Date(2017, 4, 10));
#ifndef SCORECARD_COMMON_RECORDS_PROTO_DATE_H_
#define SCORECARD_COMMON_RECORDS_PROTO_DATE_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "common/time/civil_date.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard {

// True when the message is the empty (unset) date: all fields zero.
bool IsUnset(const common::v1::Date& date);
// nullopt when unset or not a real day; callers validate first (RecordValidator).
std::optional<Date> FromProtoDate(const common::v1::Date& date);
common::v1::Date ToProtoDate(Date date);

[[nodiscard]] absl::StatusOr<Month> FromProtoMonth(const common::v1::YearMonth& month);
common::v1::YearMonth ToProtoMonth(Month month);

google::protobuf::Timestamp ToProtoTimestamp(absl::Time time);
absl::Time FromProtoTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_RECORDS_PROTO_DATE_H_
