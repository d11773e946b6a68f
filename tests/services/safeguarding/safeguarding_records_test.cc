#include "services/safeguarding/safeguarding_records.h"

#include <string>

#include "common/records/proto_date.h"
#include "gtest/gtest.h"

namespace scorecard::safeguarding {
namespace {

void SetHeader(v1::Referral* r, const std::string& id) {
  r->mutable_header()->set_authority("869");
  r->mutable_header()->mutable_source()->set_system("lcs");
  r->mutable_header()->mutable_source()->set_id(id);
}

v1::IngestRequest GoodBatch() {
  v1::IngestRequest request;
  v1::Referral* r = request.add_records()->mutable_referral();
  SetHeader(r, "R1");
  r->set_child_id("C1");
  *r->mutable_referral_date() = ToProtoDate(Date(2017, 4, 10));
  v1::Section47Enquiry* s = request.add_records()->mutable_section47();
  s->mutable_header()->set_authority("869");
  s->mutable_header()->mutable_source()->set_system("lcs");
  s->mutable_header()->mutable_source()->set_id("S1");
  s->set_child_id("C1");
  *s->mutable_strategy_discussion_date() = ToProtoDate(Date(2017, 4, 10));
  *s->mutable_icpc_date() = ToProtoDate(Date(2017, 5, 4));
  return request;
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(SafeguardingRecordsTest, AGoodBatchPasses) {
  EXPECT_TRUE(ValidateSafeguardingBatch(GoodBatch()).ok());
}

TEST(SafeguardingRecordsTest, IcpcBeforeTheStrategyDiscussionIsRejected) {
  v1::IngestRequest request = GoodBatch();
  *request.mutable_records(1)->mutable_section47()->mutable_icpc_date() =
      ToProtoDate(Date(2017, 4, 1));
  const absl::Status s = ValidateSafeguardingBatch(request);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(Message(s).find("records[1].section47.icpc_date: 2017-04-01 is before "
                            "strategy_discussion_date 2017-04-10"),
            std::string::npos)
      << Message(s);
}

TEST(SafeguardingRecordsTest, AssessmentAuthorisedBeforeItStartedIsRejected) {
  v1::IngestRequest request;
  v1::Assessment* a = request.add_records()->mutable_assessment();
  a->mutable_header()->set_authority("869");
  a->mutable_header()->mutable_source()->set_system("lcs");
  a->mutable_header()->mutable_source()->set_id("A1");
  a->set_child_id("C1");
  *a->mutable_start_date() = ToProtoDate(Date(2017, 4, 12));
  *a->mutable_authorisation_date() = ToProtoDate(Date(2017, 4, 11));
  const absl::Status s = ValidateSafeguardingBatch(request);
  EXPECT_NE(Message(s).find("records[0].assessment.authorisation_date"), std::string::npos)
      << Message(s);
}

TEST(SafeguardingRecordsTest, MissingSourceKeyUnknownAuthorityAndEmptyRecordAreAllListed) {
  v1::IngestRequest request = GoodBatch();
  request.mutable_records(0)->mutable_referral()->mutable_header()->mutable_source()->clear_id();
  request.mutable_records(1)->mutable_section47()->mutable_header()->set_authority("E06000037");
  request.add_records();  // no kind set
  const absl::Status s = ValidateSafeguardingBatch(request);
  EXPECT_NE(Message(s).find("3 invalid records"), std::string::npos) << Message(s);
  EXPECT_NE(Message(s).find("records[0].referral.header.source.id: required"), std::string::npos);
  EXPECT_NE(Message(s).find("records[1].section47.header.authority"), std::string::npos);
  EXPECT_NE(Message(s).find("records[2].record.kind: no record kind set"), std::string::npos);
}

TEST(SafeguardingRecordsTest, ImpossibleDateIsNamed) {
  v1::IngestRequest request = GoodBatch();
  common::v1::Date* d = request.mutable_records(0)->mutable_referral()->mutable_referral_date();
  d->set_year(2017);
  d->set_month(2);
  d->set_day(29);
  const absl::Status s = ValidateSafeguardingBatch(request);
  EXPECT_NE(Message(s).find("records[0].referral.referral_date: 2017-02-29 is not a real date"),
            std::string::npos)
      << Message(s);
}

TEST(SafeguardingRecordsTest, PlanEndingBeforeItStartsIsRejected) {
  v1::IngestRequest request;
  v1::ChildProtectionPlan* p = request.add_records()->mutable_cp_plan();
  p->mutable_header()->set_authority("869");
  p->mutable_header()->mutable_source()->set_system("lcs");
  p->mutable_header()->mutable_source()->set_id("P1");
  p->set_child_id("C1");
  *p->mutable_start_date() = ToProtoDate(Date(2017, 3, 31));
  *p->mutable_end_date() = ToProtoDate(Date(2017, 3, 30));
  EXPECT_NE(Message(ValidateSafeguardingBatch(request)).find("records[0].cp_plan.end_date"),
            std::string::npos);
}

}  // namespace
}  // namespace scorecard::safeguarding
