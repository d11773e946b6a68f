#include "common/records/proto_date.h"

#include "absl/strings/str_format.h"

namespace scorecard {

bool IsUnset(const common::v1::Date& date) {
  return date.year() == 0 && date.month() == 0 && date.day() == 0;
}

std::optional<Date> FromProtoDate(const common::v1::Date& date) {
  if (!IsValidDate(date.year(), date.month(), date.day())) return std::nullopt;
  return Date(date.year(), date.month(), date.day());
}

common::v1::Date ToProtoDate(Date date) {
  common::v1::Date out;
  out.set_year(static_cast<int32_t>(date.year()));
  out.set_month(date.month());
  out.set_day(date.day());
  return out;
}

absl::StatusOr<Month> FromProtoMonth(const common::v1::YearMonth& month) {
  if (month.year() < 1900 || month.year() > 9999 || month.month() < 1 || month.month() > 12) {
    return absl::InvalidArgumentError(
        absl::StrFormat("not a month: year %d, month %d", month.year(), month.month()));
  }
  return Month(month.year(), month.month());
}

common::v1::YearMonth ToProtoMonth(Month month) {
  common::v1::YearMonth out;
  out.set_year(static_cast<int32_t>(month.year()));
  out.set_month(month.month());
  return out;
}

google::protobuf::Timestamp ToProtoTimestamp(absl::Time time) {
  google::protobuf::Timestamp out;
  const int64_t nanos = absl::ToUnixNanos(time);
  int64_t seconds = nanos / 1000000000;
  int64_t rest = nanos % 1000000000;
  if (rest < 0) {  // Timestamp nanos are never negative
    rest += 1000000000;
    --seconds;
  }
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(rest));
  return out;
}

absl::Time FromProtoTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

}  // namespace scorecard
