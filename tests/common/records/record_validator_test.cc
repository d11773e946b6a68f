#include "common/records/record_validator.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
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

// Messages are logged and returned: a value sent where a code belongs is quoted only when it
// could be a code, and a date of birth is never shown (issue 7: no leaks).
TEST(RecordValidatorTest, FreeTextInACodeFieldIsNotQuoted) {
  RecordValidator v;
  RecordValidator::Scope s = v.Record(0, "episode");
  const absl::string_view allowed[] = {"S", "L"};
  s.OneOf("reason_new_episode", "Jessica lives with nan", allowed, /*required=*/true);
  s.OneOf("reason_new_episode", "E4A", allowed, /*required=*/true);
  common::v1::RecordHeader header = GoodHeader();
  header.set_authority("Jessica Smith");
  s.Header(header);
  ASSERT_EQ(v.problems().size(), 3u);
  EXPECT_EQ(v.problems()[0],
            "records[0].episode.reason_new_episode: unknown code (not shown: not shaped like an "
            "id or code) (expected one of S, L)");
  EXPECT_EQ(v.problems()[1],
            "records[0].episode.reason_new_episode: unknown code \"E4A\" (expected one of S, L)");
  EXPECT_EQ(v.problems()[2].find("Jessica"), std::string::npos) << v.problems()[2];
}

TEST(RecordValidatorTest, QuotesOnlyIdShapedValues) {
  EXPECT_EQ(QuoteIdForMessage("C-1.2_x:9"), "\"C-1.2_x:9\"");
  EXPECT_EQ(QuoteIdForMessage(std::string(64, 'a')),
            absl::StrCat("\"", std::string(64, 'a'), "\""));
  for (const std::string& not_id : {std::string(""), std::string(65, 'a'), std::string("two words"),
                                    std::string("quote\"d"), std::string("new\nline")}) {
    EXPECT_EQ(QuoteIdForMessage(not_id), "(not shown: not shaped like an id or code)") << not_id;
  }
}

TEST(RecordValidatorTest, ABirthDateIsNamedButNeverShown) {
  RecordValidator v;
  RecordValidator::Scope s = v.Record(1, "child");
  const std::optional<Date> birth = s.RequiredDate("birth_date", MakeDate(2011, 2, 30));
  EXPECT_FALSE(birth.has_value());
  s.OptionalDate("birth_date", MakeDate(1850, 6, 1));
  s.NotBefore("uasc_ceased_date", Date(2008, 1, 1), "birth_date", Date(2009, 7, 23));
  // Other dates are still shown: they say which event is wrong, not who the child is.
  s.NotBefore("end_date", Date(2017, 3, 1), "start_date", Date(2017, 4, 1));
  ASSERT_EQ(v.problems().size(), 4u);
  EXPECT_EQ(v.problems()[0], "records[1].child.birth_date: the date is not a real date");
  EXPECT_EQ(v.problems()[1], "records[1].child.birth_date: the date is outside 1900-2100");
  EXPECT_EQ(v.problems()[2], "records[1].child.uasc_ceased_date: is before birth_date");
  EXPECT_EQ(v.problems()[3],
            "records[1].child.end_date: 2017-03-01 is before start_date 2017-04-01");
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

TEST(RecordValidatorTest, IdsWithWhitespaceOrControlCharactersAreRefusedWithoutQuotingThem) {
  // The audit log names subjects by id and refuses anything else; such a record is refused
  // here, before it is stored, rather than stored without its audit event.
  for (const char* bad : {"Jane Smith", "C1\t", "C1\n", "\x01" "C1"}) {
    RecordValidator v;
    {
      RecordValidator::Scope s = v.Record(0, "referral");
      s.Header(GoodHeader());
      s.RequiredId("child_id", bad);
    }
    ASSERT_FALSE(v.ok()) << "accepted an id with whitespace or a control character";
    const std::string message(v.ToStatus().message());
    EXPECT_NE(message.find("records[0].referral.child_id: holds whitespace or control "
                           "characters; ids only"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("Jane"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace scorecard
