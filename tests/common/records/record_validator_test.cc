#include "common/records/record_validator.h"

#include <string>

#include "gtest/gtest.h"

namespace scorecard {
namespace {

common::v1::Date MakeDate(int y, int m, int d) {
  common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

common::v1::RecordHeader GoodHeader() {
  common::v1::RecordHeader h;
  h.set_authority("869");
  h.mutable_source()->set_system("lcs");
  h.mutable_source()->set_id("R1");
  return h;
}

TEST(AuthorityCodeTest, ThreeDigitsOnly) {
  EXPECT_TRUE(IsValidAuthorityCode("869"));
  EXPECT_TRUE(IsValidAuthorityCode("201"));
  EXPECT_FALSE(IsValidAuthorityCode("86"));
  EXPECT_FALSE(IsValidAuthorityCode("8690"));
  EXPECT_FALSE(IsValidAuthorityCode("E06000037"));
  EXPECT_FALSE(IsValidAuthorityCode("86a"));
  EXPECT_FALSE(IsValidAuthorityCode(""));
}

TEST(RecordValidatorTest, GoodRecordHasNoProblems) {
  RecordValidator v;
  RecordValidator::Scope s = v.Record(0, "referral");
  s.Header(GoodHeader());
  s.RequiredId("child_id", "C1");
  auto d = s.RequiredDate("referral_date", MakeDate(2016, 2, 29));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, Date(2016, 2, 29));
  EXPECT_TRUE(v.ok());
  EXPECT_TRUE(v.ToStatus().ok());
}

TEST(RecordValidatorTest, NamesIndexKindAndFieldOfEachProblem) {
  RecordValidator v;
  {
    RecordValidator::Scope s = v.Record(0, "referral");
    s.Header(GoodHeader());
  }
  {
    RecordValidator::Scope s = v.Record(3, "referral");
    common::v1::RecordHeader h = GoodHeader();
    h.set_authority("West Berks");
    h.mutable_source()->clear_id();
    s.Header(h);
    s.RequiredDate("referral_date", MakeDate(2017, 2, 29));
  }
  const absl::Status status = v.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::string message(status.message());
  EXPECT_NE(message.find("1 invalid record;"), std::string::npos) << message;
  EXPECT_NE(message.find("nothing was written"), std::string::npos) << message;
  EXPECT_NE(message.find("records[3].referral.header.authority"), std::string::npos) << message;
  EXPECT_NE(message.find("records[3].referral.header.source.id: required"), std::string::npos)
      << message;
  EXPECT_NE(message.find("records[3].referral.referral_date: 2017-02-29 is not a real date"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("records[0]"), std::string::npos) << message;
}

TEST(RecordValidatorTest, EndBeforeStartIsReported) {
  RecordValidator v;
  RecordValidator::Scope s = v.Record(1, "cp_plan");
  auto start = s.RequiredDate("start_date", MakeDate(2017, 4, 10));
  auto end = s.OptionalDate("end_date", MakeDate(2017, 4, 9));
  s.NotBefore("end_date", end, "start_date", start);
  EXPECT_EQ(v.problems().size(), 1u);
  EXPECT_EQ(v.problems()[0],
            "records[1].cp_plan.end_date: 2017-04-09 is before start_date 2017-04-10");
}

TEST(RecordValidatorTest, SameDayIsNotBefore) {
  RecordValidator v;
  RecordValidator::Scope s = v.Record(0, "cp_plan");
  s.NotBefore("end_date", Date(2017, 4, 10), "start_date", Date(2017, 4, 10));
  EXPECT_TRUE(v.ok());
}

TEST(RecordValidatorTest, UnsetOptionalDateIsFineButRequiredIsNot) {
  RecordValidator v;
  RecordValidator::Scope s = v.Record(0, "referral");
  EXPECT_FALSE(s.OptionalDate("closure_date", common::v1::Date()).has_value());
  EXPECT_TRUE(v.ok());
  s.RequiredDate("referral_date", common::v1::Date());
  ASSERT_EQ(v.problems().size(), 1u);
  EXPECT_EQ(v.problems()[0], "records[0].referral.referral_date: required");
}

TEST(RecordValidatorTest, UnknownCodeListsTheAllowedOnes) {
  RecordValidator v;
  RecordValidator::Scope s = v.Record(2, "episode");
  const absl::string_view allowed[] = {"S", "L", "P"};
  s.OneOf("reason_new_episode", "Q", allowed, /*required=*/true);
  s.OneOf("reason_new_episode", "", allowed, /*required=*/false);
  ASSERT_EQ(v.problems().size(), 1u);
  EXPECT_EQ(v.problems()[0],
            "records[2].episode.reason_new_episode: unknown code \"Q\" (expected one of S, L, P)");
}

TEST(RecordValidatorTest, CountsRecordsNotProblems) {
  RecordValidator v;
  for (int i = 0; i < 3; ++i) {
    RecordValidator::Scope s = v.Record(i, "referral");
    s.RequiredId("child_id", "");
    s.RequiredId("header.source.id", "");
  }
  EXPECT_EQ(v.problems().size(), 6u);
  EXPECT_NE(std::string(v.ToStatus().message()).find("3 invalid records;"), std::string::npos);
}

}  // namespace
}  // namespace scorecard
