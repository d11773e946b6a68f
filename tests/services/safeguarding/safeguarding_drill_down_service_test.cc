// The DrillDown RPC of the safeguarding service, in-process over a loopback channel with
// bearer tokens: the cases behind a figure come back in pages pinned to the data version,
// every call is one "drill-down" audit event naming the children returned, a role without
// cases.read is refused, and nothing is returned when the audit log cannot record the read.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/audit/in_memory_audit_sink.h"
#include "common/concurrency/executor.h"
#include "common/records/proto_date.h"
#include "common/security/identity.h"
#include "common/security/policy.h"
#include "common/service/denial_recorder.h"
#include "common/time/authority_calendars.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/safeguarding/safeguarding_service.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::safeguarding {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kFrontendToken[] = "frontend-test-token";
constexpr char kAnalystToken[] = "analyst-test-token";
constexpr char kDrillDownRpc[] = "/scorecard.safeguarding.v1.SafeguardingService/DrillDown";

std::vector<std::string> SubjectIds(const cv1::DrillDownResponse& response) {
  std::vector<std::string> ids;
  for (const cv1::DrillDownCase& c : response.cases()) ids.push_back(c.subject_id());
  return ids;
}

class SafeguardingDrillDownServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
        VersionedRecordStore::Open(dir_.File("safeguarding.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);

    // The production policy; callers identified by bearer token (accepted over plaintext
    // from loopback), denials audited as the server does.
    absl::StatusOr<Policy> policy = Policy::BuiltIn();
    ASSERT_TRUE(policy.ok()) << policy.status();
    absl::StatusOr<TokenTable> tokens = TokenTable::Parse(
        absl::StrCat("sha256:", Sha256Hex(kFrontendToken), " mash-frontend mash-frontend\n",
                     "sha256:", Sha256Hex(kAnalystToken), " council-analyst analyst\n"),
        "test tokens");
    ASSERT_TRUE(tokens.ok()) << tokens.status();
    AuthorizerOptions options;
    options.tokens = *std::move(tokens);
    options.on_denied = DenialRecorder("safeguarding", &audit_sink_);
    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
        Authorizer::Create(*std::move(policy), std::move(options));
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    authorizer_ = *std::move(authorizer);
    service_ = std::make_unique<SafeguardingServiceImpl>(store_.get(), &executor_, &calendars_,
                                                         authorizer_.get(), &audit_sink_);

    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port, 0);
    stub_ = v1::SafeguardingService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    // In-flight calls finish on the executor, which outlives the server.
    if (server_ != nullptr) server_->Shutdown();
  }

  // Children C1..Cn on plans since 01/11/2016, stored directly (no ingest audit event).
  void StorePlans(int first, int last) {
    v1::IngestRequest request;
    for (int i = first; i <= last; ++i) {
      v1::ChildProtectionPlan* p = request.add_records()->mutable_cp_plan();
      p->mutable_header()->set_authority("869");
      p->mutable_header()->mutable_source()->set_system("lcs");
      p->mutable_header()->mutable_source()->set_id(absl::StrCat("P", i));
      p->set_child_id(absl::StrCat("C", i));
      *p->mutable_start_date() = ToProtoDate(Date(2016, 11, 1));
    }
    cv1::IngestResponse response;
    const absl::Status stored = service_->DoIngest(request, &response);
    ASSERT_TRUE(stored.ok()) << stored;
  }

  static cv1::DrillDownRequest ChildrenOnPlansAtMarch2017(int page_size) {
    cv1::DrillDownRequest request;
    request.set_authority("869");
    request.set_measure_id("safeguarding.cp_count");
    request.mutable_month()->set_year(2017);
    request.mutable_month()->set_month(3);
    request.set_page_size(page_size);
    return request;
  }

  grpc::Status DrillDown(const std::string& token, const cv1::DrillDownRequest& request,
                         cv1::DrillDownResponse* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return stub_->DrillDown(&context, request, response);
  }

  ScopedTempDir dir_;
  Executor executor_{2};
  std::unique_ptr<VersionedRecordStore> store_;
  AuthorityCalendars calendars_;  // bank holidays only
  audit::InMemoryAuditSink audit_sink_{"safeguarding"};
  std::unique_ptr<Authorizer> authorizer_;
  std::unique_ptr<SafeguardingServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::SafeguardingService::Stub> stub_;
};

TEST_F(SafeguardingDrillDownServiceTest, PagesTheCasesAndAuditsEachPageItReturns) {
  StorePlans(1, 5);
  ASSERT_THAT(audit_sink_.events(), IsEmpty());

  cv1::DrillDownResponse first;
  grpc::Status status = DrillDown(kFrontendToken, ChildrenOnPlansAtMarch2017(2), &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.value().measure_id(), "safeguarding.cp_count");
  EXPECT_EQ(first.value().numerator(), 5);
  EXPECT_EQ(first.total_cases(), 5);
  EXPECT_THAT(SubjectIds(first), ElementsAre("C1", "C2"));
  EXPECT_EQ(first.cases(0).start_date().year(), 2016);
  EXPECT_EQ(first.cases(0).record_id(), "P1");
  EXPECT_EQ(first.data_version().version(), store_->DataVersion("869"));
  ASSERT_FALSE(first.next_page_token().empty());

  // One event for the call: who, what, for which figure, and exactly the children returned.
  std::vector<audit::v1::AuditEvent> events = audit_sink_.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action(), audit::kActionDrillDown);
  EXPECT_EQ(events[0].rpc(), kDrillDownRpc);
  EXPECT_EQ(events[0].actor(), "mash-frontend");
  EXPECT_EQ(events[0].authority(), "869");
  EXPECT_EQ(events[0].outcome(), audit::v1::OUTCOME_OK);
  EXPECT_THAT(events[0].measure_ids(), ElementsAre("safeguarding.cp_count"));
  EXPECT_THAT(events[0].child_ids(), ElementsAre("C1", "C2"));

  cv1::DrillDownRequest next = ChildrenOnPlansAtMarch2017(2);
  next.set_page_token(first.next_page_token());
  cv1::DrillDownResponse second;
  status = DrillDown(kFrontendToken, next, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(SubjectIds(second), ElementsAre("C3", "C4"));
  next.set_page_token(second.next_page_token());
  cv1::DrillDownResponse last;
  status = DrillDown(kFrontendToken, next, &last);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(SubjectIds(last), ElementsAre("C5"));
  EXPECT_TRUE(last.next_page_token().empty());
  events = audit_sink_.events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_THAT(events[1].child_ids(), ElementsAre("C3", "C4"));
  EXPECT_THAT(events[2].child_ids(), ElementsAre("C5"));
}

TEST_F(SafeguardingDrillDownServiceTest, APageTokenFromBeforeANewIngestIsAborted) {
  StorePlans(1, 3);
  cv1::DrillDownResponse first;
  ASSERT_TRUE(DrillDown(kFrontendToken, ChildrenOnPlansAtMarch2017(2), &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  StorePlans(4, 4);  // the list has changed: C4 would shift the pages

  cv1::DrillDownRequest next = ChildrenOnPlansAtMarch2017(2);
  next.set_page_token(first.next_page_token());
  cv1::DrillDownResponse stale;
  const grpc::Status status = DrillDown(kFrontendToken, next, &stale);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(stale.cases_size(), 0);
  // The refused page is on the record too, naming no child.
  const std::vector<audit::v1::AuditEvent> events = audit_sink_.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].outcome(), audit::v1::OUTCOME_FAILED);
  EXPECT_THAT(events[1].child_ids(), IsEmpty());
}

TEST_F(SafeguardingDrillDownServiceTest, AnAnalystSeesFiguresButNoCases) {
  StorePlans(1, 2);
  cv1::DrillDownResponse response;
  const grpc::Status status = DrillDown(kAnalystToken, ChildrenOnPlansAtMarch2017(0), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(response.cases_size(), 0);
  const std::vector<audit::v1::AuditEvent> events = audit_sink_.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].outcome(), audit::v1::OUTCOME_DENIED);
  EXPECT_EQ(events[0].actor(), "council-analyst");
  EXPECT_EQ(events[0].rpc(), kDrillDownRpc);
  EXPECT_THAT(events[0].child_ids(), IsEmpty());
}

TEST_F(SafeguardingDrillDownServiceTest, NothingIsReturnedWhenTheReadCannotBeAudited) {
  StorePlans(1, 2);
  audit_sink_.FailWith(absl::UnavailableError("outbox disk full"));
  cv1::DrillDownResponse response;
  const grpc::Status status = DrillDown(kFrontendToken, ChildrenOnPlansAtMarch2017(0), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(response.cases_size(), 0);
  EXPECT_FALSE(response.has_value());
  // Recording works again: so does the read.
  audit_sink_.FailWith(absl::OkStatus());
  ASSERT_TRUE(DrillDown(kFrontendToken, ChildrenOnPlansAtMarch2017(0), &response).ok());
  EXPECT_THAT(SubjectIds(response), ElementsAre("C1", "C2"));
}

TEST_F(SafeguardingDrillDownServiceTest, RowsNameTheStoredRecordsBySourceId) {
  v1::IngestRequest request;
  v1::Assessment* a = request.add_records()->mutable_assessment();
  a->mutable_header()->set_authority("869");
  a->mutable_header()->mutable_source()->set_system("lcs");
  a->mutable_header()->mutable_source()->set_id("ASM-77");
  a->set_child_id("C9");
  a->set_team("DCT");
  *a->mutable_start_date() = ToProtoDate(Date(2017, 2, 1));
  *a->mutable_authorisation_date() = ToProtoDate(Date(2017, 2, 8));
  v1::LadoReferral* lado = request.add_records()->mutable_lado_referral();
  lado->mutable_header()->set_authority("869");
  lado->mutable_header()->mutable_source()->set_system("lado");
  lado->mutable_header()->mutable_source()->set_id("LADO-3");
  *lado->mutable_referral_date() = ToProtoDate(Date(2017, 2, 20));
  cv1::IngestResponse stored;
  ASSERT_TRUE(service_->DoIngest(request, &stored).ok());

  cv1::DrillDownRequest drill;
  drill.set_authority("869");
  drill.set_measure_id("safeguarding.assessment_duration_band_1_10");
  drill.mutable_month()->set_year(2017);
  drill.mutable_month()->set_month(2);
  absl::StatusOr<cv1::DrillDownResponse> band = service_->ComputeDrillDown(drill);
  ASSERT_TRUE(band.ok()) << band.status();
  ASSERT_EQ(band->cases_size(), 1);
  EXPECT_EQ(band->cases(0).subject_id(), "C9");
  EXPECT_EQ(band->cases(0).record_id(), "ASM-77");
  EXPECT_EQ(band->cases(0).team(), "DCT");
  EXPECT_EQ(band->cases(0).days_taken(), 5);  // Thu 2, Fri 3, Mon 6, Tue 7, Wed 8 Feb

  drill.set_measure_id("safeguarding.lado_referrals");
  absl::StatusOr<cv1::DrillDownResponse> referrals = service_->ComputeDrillDown(drill);
  ASSERT_TRUE(referrals.ok()) << referrals.status();
  ASSERT_EQ(referrals->cases_size(), 1);
  EXPECT_EQ(referrals->cases(0).subject_kind(), cv1::SUBJECT_KIND_LADO_REFERRAL);
  EXPECT_EQ(referrals->cases(0).record_id(), "LADO-3");
}

}  // namespace
}  // namespace scorecard::safeguarding
