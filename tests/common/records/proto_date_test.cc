#include "common/records/proto_date.h"

#include "gtest/gtest.h"

namespace scorecard {
namespace {

TEST(ProtoDateTest, RoundTripsARealDate) {
  const common::v1::Date wire = ToProtoDate(Date(2016, 2, 29));
  EXPECT_EQ(wire.year(), 2016);
  EXPECT_EQ(wire.month(), 2);
  EXPECT_EQ(wire.day(), 29);
  EXPECT_EQ(FromProtoDate(wire), Date(2016, 2, 29));
}

TEST(ProtoDateTest, UnsetAndImpossibleDatesAreNullopt) {
  EXPECT_TRUE(IsUnset(common::v1::Date()));
  EXPECT_FALSE(FromProtoDate(common::v1::Date()).has_value());
  common::v1::Date not_leap;
  not_leap.set_year(2017);
  not_leap.set_month(2);
  not_leap.set_day(29);
  EXPECT_FALSE(IsUnset(not_leap));
  EXPECT_FALSE(FromProtoDate(not_leap).has_value());
}

TEST(ProtoDateTest, MonthsOutsideOneToTwelveAreRejected) {
  common::v1::YearMonth m;
  m.set_year(2016);
  m.set_month(13);
  EXPECT_EQ(FromProtoMonth(m).status().code(), absl::StatusCode::kInvalidArgument);
  m.set_month(5);
  ASSERT_TRUE(FromProtoMonth(m).ok());
  EXPECT_EQ(*FromProtoMonth(m), Month(2016, 5));
}

TEST(ProtoDateTest, TimestampsKeepMicrosecondsAndHandleBeforeEpoch) {
  const absl::Time t = absl::FromUnixMicros(1462060800123456);  // 2016-05-01T00:00:00.123456Z
  const google::protobuf::Timestamp wire = ToProtoTimestamp(t);
  EXPECT_EQ(wire.seconds(), 1462060800);
  EXPECT_EQ(wire.nanos(), 123456000);
  EXPECT_EQ(FromProtoTimestamp(wire), t);
  const absl::Time before = absl::FromUnixMicros(-1500000);  // 1.5 s before the epoch
  const google::protobuf::Timestamp wire_before = ToProtoTimestamp(before);
  EXPECT_EQ(wire_before.seconds(), -2);
  EXPECT_EQ(wire_before.nanos(), 500000000);
  EXPECT_EQ(FromProtoTimestamp(wire_before), before);
}

}  // namespace
}  // namespace scorecard
