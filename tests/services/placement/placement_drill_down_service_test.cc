// The placement service's DrillDown RPC, in-process on a loopback port through a real stub:
// who may call it, paging, page tokens pinned to the data version, and the audit event that
// must be written before any child's id leaves the service.
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
#include "common/time/authority_calendars.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/placement/placement_service.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kVisitsMeasure[] = "placement.lac_visits_within_6w";
// Bearer tokens of the test's callers (the token file holds only their hashes).
constexpr char kManagerToken[] = "manager-token";  // mash-frontend: may drill down
constexpr char kAnalystToken[] = "analyst-token";  // analyst: aggregate figures only

cv1::RecordHeader Header(const std::string& id) {
  cv1::RecordHeader h;
  h.set_authority("869");
  h.mutable_source()->set_system("ssda903");
  h.mutable_source()->set_id(id);
  return h;
}

void AddEpisode(v1::IngestRequest& request, const std::string& child, Date start) {
  v1::Episode* e = request.add_records()->mutable_episode();
  *e->mutable_header() = Header("ep-" + child);
  e->set_child_id(child);
  *e->mutable_start_date() = ToProtoDate(start);
  e->set_reason_new_episode("S");
  e->set_legal_status("C2");
  e->set_placement("U4");
}

void AddVisit(v1::IngestRequest& request, const std::string& id, const std::string& child,
              Date day) {
  v1::LacVisit* v = request.add_records()->mutable_visit();
  *v->mutable_header() = Header(id);
  v->set_child_id(child);
  *v->mutable_visit_date() = ToProtoDate(day);
  v->set_seen(true);
}

class PlacementDrillDownServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
        VersionedRecordStore::Open(dir_.File("placement.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);

    absl::StatusOr<TokenTable> tokens = TokenTable::Parse(
        absl::StrCat("sha256:", Sha256Hex(kManagerToken), " dashboard mash-frontend\n",
                     "sha256:", Sha256Hex(kAnalystToken), " council-analyst analyst\n"),
        "test tokens");
    ASSERT_TRUE(tokens.ok()) << tokens.status();
    absl::StatusOr<Policy> policy = Policy::BuiltIn();
    ASSERT_TRUE(policy.ok()) << policy.status();
    AuthorizerOptions options;
    options.tokens = std::move(*tokens);
    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
        Authorizer::Create(std::move(*policy), std::move(options));
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    authorizer_ = std::move(*authorizer);
    service_ = std::make_unique<PlacementServiceImpl>(store_.get(), &executor_, &calendars_,
                                                      authorizer_.get(), &audit_sink_);

    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port, 0);
    stub_ = v1::PlacementService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));

    // At Wed 31/05/2017, 6-weekly visits: A seen 20/04 (due 01/06, in time); B seen 10/04
    // (due 22/05, 9 days overdue); C placed Tue 02/05 and never seen (first visit due 09/05,
    // 22 days overdue).
    v1::IngestRequest request;
    AddEpisode(request, "A", Date(2017, 3, 6));
    AddEpisode(request, "B", Date(2017, 3, 6));
    AddEpisode(request, "C", Date(2017, 5, 2));
    AddVisit(request, "vis-A-1", "A", Date(2017, 4, 20));
    AddVisit(request, "vis-B-1", "B", Date(2017, 4, 10));
    Ingest(request);
    audit_sink_.Clear();  // only drill-down events from here
  }

  void TearDown() override {
    // In-flight calls finish on the executor, which outlives the server.
    if (server_ != nullptr) server_->Shutdown();
  }

  void Ingest(const v1::IngestRequest& request) {
    cv1::IngestResponse response;
    ASSERT_TRUE(service_->DoIngest(request, &response).ok());
  }

  static cv1::DrillDownRequest VisitsInMay() {
    cv1::DrillDownRequest request;
    request.set_authority("869");
    request.set_measure_id(kVisitsMeasure);
    request.mutable_month()->set_year(2017);
    request.mutable_month()->set_month(5);
    return request;
  }

  grpc::Status DrillDown(const cv1::DrillDownRequest& request, const std::string& token,
                         cv1::DrillDownResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    context.AddMetadata("authorization", "Bearer " + token);
    return stub_->DrillDown(&context, request, response);
  }

  static std::vector<std::string> Subjects(const cv1::DrillDownResponse& response) {
    std::vector<std::string> ids;
    for (const cv1::DrillDownCase& c : response.cases()) ids.push_back(c.subject_id());
    return ids;
  }

  std::vector<audit::v1::AuditEvent> DrillDownEvents() const {
    std::vector<audit::v1::AuditEvent> out;
    for (const audit::v1::AuditEvent& e : audit_sink_.events()) {
      if (e.action() == audit::kActionDrillDown) out.push_back(e);
    }
    return out;
  }

  ScopedTempDir dir_;
  Executor executor_{1};
  std::unique_ptr<VersionedRecordStore> store_;
  AuthorityCalendars calendars_;  // bank holidays only
  std::unique_ptr<Authorizer> authorizer_;
  audit::InMemoryAuditSink audit_sink_{"placement"};
  std::unique_ptr<PlacementServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::PlacementService::Stub> stub_;
};

TEST_F(PlacementDrillDownServiceTest, PagesThroughTheCasesAndAuditsEachPage) {
  cv1::DrillDownRequest request = VisitsInMay();
  request.set_page_size(2);
  cv1::DrillDownResponse first;
  const grpc::Status status = DrillDown(request, kManagerToken, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.value().numerator(), 1);
  EXPECT_EQ(first.value().denominator(), 3);
  EXPECT_EQ(first.total_cases(), 3);
  EXPECT_THAT(Subjects(first), ElementsAre("A", "B"));
  EXPECT_FALSE(first.next_page_token().empty());
  const cv1::DrillDownCase& b = first.cases(1);
  EXPECT_FALSE(b.in_numerator());
  EXPECT_EQ(FromProtoDate(b.due_date()), Date(2017, 5, 22));
  EXPECT_EQ(b.days_overdue(), 9);
  EXPECT_EQ(b.reason(), "visit-overdue");
  EXPECT_EQ(b.record_id(), "vis-B-1");

  // One event for the page: who, which measure, exactly the children returned.
  std::vector<audit::v1::AuditEvent> events = DrillDownEvents();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor(), "dashboard");
  EXPECT_EQ(events[0].authority(), "869");
  EXPECT_THAT(events[0].measure_ids(), ElementsAre(kVisitsMeasure));
  EXPECT_THAT(events[0].child_ids(), ElementsAre("A", "B"));
  EXPECT_EQ(events[0].outcome(), audit::v1::OUTCOME_OK);

  request.set_page_token(first.next_page_token());
  cv1::DrillDownResponse second;
  ASSERT_TRUE(DrillDown(request, kManagerToken, &second).ok());
  EXPECT_THAT(Subjects(second), ElementsAre("C"));
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_EQ(FromProtoDate(second.cases(0).due_date()), Date(2017, 5, 9));
  EXPECT_EQ(second.cases(0).days_overdue(), 22);
  EXPECT_EQ(second.cases(0).reason(), "not-seen");
  events = DrillDownEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_THAT(events[1].child_ids(), ElementsAre("C"));

  // Only the children needing a visit.
  cv1::DrillDownRequest outside = VisitsInMay();
  outside.set_scope(cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR);
  cv1::DrillDownResponse late;
  ASSERT_TRUE(DrillDown(outside, kManagerToken, &late).ok());
  EXPECT_THAT(Subjects(late), ElementsAre("B", "C"));
  EXPECT_EQ(late.total_cases(), 2);
}

TEST_F(PlacementDrillDownServiceTest, APageTokenFromBeforeAnIngestIsAborted) {
  cv1::DrillDownRequest request = VisitsInMay();
  request.set_page_size(2);
  cv1::DrillDownResponse first;
  ASSERT_TRUE(DrillDown(request, kManagerToken, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());

  // C's first visit is recorded: the list the token paged through no longer exists.
  v1::IngestRequest visit;
  AddVisit(visit, "vis-C-1", "C", Date(2017, 5, 8));
  Ingest(visit);
  request.set_page_token(first.next_page_token());
  cv1::DrillDownResponse stale;
  const grpc::Status status = DrillDown(request, kManagerToken, &stale);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
  EXPECT_THAT(stale.cases(), IsEmpty());
  const std::vector<audit::v1::AuditEvent> events = DrillDownEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].outcome(), audit::v1::OUTCOME_FAILED);
  EXPECT_THAT(events[1].child_ids(), IsEmpty());

  // Starting again sees C seen on 08/05 (due 19/06): in time.
  request.clear_page_token();
  request.set_page_size(0);
  cv1::DrillDownResponse fresh;
  ASSERT_TRUE(DrillDown(request, kManagerToken, &fresh).ok());
  EXPECT_EQ(fresh.value().numerator(), 2);
  EXPECT_TRUE(fresh.cases(2).in_numerator());
}

TEST_F(PlacementDrillDownServiceTest, AnalystsAreRefusedChildLevelCases) {
  cv1::DrillDownResponse response;
  const grpc::Status status = DrillDown(VisitsInMay(), kAnalystToken, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_THAT(response.cases(), IsEmpty());
  // Nothing was read, so no drill-down event (the denial goes to the authorizer's hook).
  EXPECT_THAT(DrillDownEvents(), IsEmpty());
}

TEST_F(PlacementDrillDownServiceTest, NoCasesLeaveWhenTheAuditLogCannotRecordTheRead) {
  audit_sink_.FailWith(absl::UnavailableError("disk full"));
  cv1::DrillDownResponse response;
  const grpc::Status status = DrillDown(VisitsInMay(), kManagerToken, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(response.cases(), IsEmpty());
  EXPECT_EQ(response.total_cases(), 0);

  // Once the log records again, so does the read.
  audit_sink_.FailWith(absl::OkStatus());
  ASSERT_TRUE(DrillDown(VisitsInMay(), kManagerToken, &response).ok());
  EXPECT_EQ(response.cases_size(), 3);
  EXPECT_EQ(DrillDownEvents().size(), 1u);
}

}  // namespace
}  // namespace scorecard::placement
