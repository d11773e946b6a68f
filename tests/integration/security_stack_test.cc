// The stack in its production transport: mutual TLS between every service and for clients,
// certificates from a development CA (deploy/security/dev-ca), the roles policy enforced by
// every service including the audit service. Who gets in, who is refused, and that refusals
// reach the audit log.
#include <grpcpp/grpcpp.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/records/proto_date.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "tests/integration/test_stack.h"

namespace scorecard {
namespace {

namespace agg = ::scorecard::aggregator::v1;
namespace av1 = ::scorecard::audit::v1;
namespace cv1 = ::scorecard::common::v1;
namespace sv1 = ::scorecard::safeguarding::v1;
namespace wv1 = ::scorecard::workforce::v1;

constexpr char kDrillDownRpc[] = "/scorecard.safeguarding.v1.SafeguardingService/DrillDown";

std::chrono::system_clock::time_point Deadline(int seconds = 10) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

sv1::IngestRequest TwoAprilReferrals() {
  sv1::IngestRequest request;
  for (const char* id : {"R1", "R2"}) {
    sv1::Referral* referral = request.add_records()->mutable_referral();
    referral->mutable_header()->set_authority("869");
    referral->mutable_header()->mutable_source()->set_system("security-test");
    referral->mutable_header()->mutable_source()->set_id(id);
    referral->set_child_id(absl::StrCat("C", id));
    *referral->mutable_referral_date() = ToProtoDate(Date(2017, 4, 3));
  }
  return request;
}

cv1::DrillDownRequest AprilReferrals() {
  cv1::DrillDownRequest request;
  request.set_authority("869");
  request.set_measure_id("safeguarding.referrals");
  *request.mutable_month() = ToProtoMonth(Month(2017, 4));
  return request;
}

class SecurityStackTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new testing::TestStack(testing::TestStackOptions{.tls = true});
    absl::Status started = stack_->Start();
    ASSERT_TRUE(started.ok()) << started << " (logs in " << stack_->dir() << "/logs)";
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  static grpc::Status Ingest(const std::shared_ptr<grpc::Channel>& channel,
                             const sv1::IngestRequest& request) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    cv1::IngestResponse response;
    return sv1::SafeguardingService::NewStub(channel)->Ingest(&context, request, &response);
  }

  static grpc::Status DrillDown(const std::shared_ptr<grpc::Channel>& channel,
                                cv1::DrillDownResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    return sv1::SafeguardingService::NewStub(channel)->DrillDown(&context, AprilReferrals(),
                                                                 response);
  }

  static grpc::Status GetScorecard(const std::shared_ptr<grpc::Channel>& channel,
                                   agg::Scorecard* card) {
    grpc::ClientContext context;
    context.set_deadline(Deadline(20));
    agg::GetScorecardRequest request;
    request.set_authority("869");
    *request.mutable_from_month() = ToProtoMonth(Month(2017, 4));
    *request.mutable_to_month() = ToProtoMonth(Month(2017, 4));
    return agg::AggregatorService::NewStub(channel)->GetScorecard(&context, request, card);
  }

  static grpc::Status QueryAudit(const std::shared_ptr<grpc::Channel>& channel,
                                 const av1::QueryEventsRequest& request,
                                 av1::QueryEventsResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    return av1::AuditService::NewStub(channel)->QueryEvents(&context, request, response);
  }

  // Waits (bounded) until the audit log, read as admin, holds an event matching `match`.
  template <typename Match>
  static bool AuditLogEventually(const av1::QueryEventsRequest& request, Match match) {
    const absl::Time deadline = absl::Now() + absl::Seconds(15);
    while (absl::Now() < deadline) {
      av1::QueryEventsResponse page;
      if (QueryAudit(stack_->Channel("audit"), request, &page).ok()) {
        for (const av1::AuditEvent& event : page.events()) {
          if (match(event)) return true;
        }
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
    return false;
  }

  // A health check with `channel`: OK, or how the call failed.
  static grpc::StatusCode HealthCheck(const std::shared_ptr<grpc::Channel>& channel) {
    grpc::ClientContext context;
    context.set_deadline(Deadline(5));
    grpc::health::v1::HealthCheckResponse response;
    return grpc::health::v1::Health::NewStub(channel)
        ->Check(&context, grpc::health::v1::HealthCheckRequest(), &response)
        .error_code();
  }

  static testing::TestStack* stack_;
};

testing::TestStack* SecurityStackTest::stack_ = nullptr;

// gtest keeps declaration order within a suite: A loads the data the others read.
TEST_F(SecurityStackTest, A_ClientsWithAValidCertificateGetWhatTheirRoleAllows) {
  grpc::Status status = Ingest(stack_->ChannelAs("safeguarding", "admin"), TwoAprilReferrals());
  ASSERT_TRUE(status.ok()) << status.error_message();

  // The analyst reads the card, which the aggregator assembled over mutual TLS with its own
  // certificate (a failed source would show as SOURCE_UNAVAILABLE rows).
  agg::Scorecard card;
  status = GetScorecard(stack_->ChannelAs("aggregator", "analyst"), &card);
  ASSERT_TRUE(status.ok()) << status.error_message();
  bool referrals_seen = false;
  for (const agg::Section& section : card.sections()) {
    for (const agg::Row& row : section.rows()) {
      EXPECT_NE(row.status(), agg::ROW_STATUS_SOURCE_UNAVAILABLE) << row.id();
      if (row.id() == "referrals-month") {
        referrals_seen = true;
        ASSERT_EQ(row.cells_size(), 1);
        EXPECT_EQ(row.cells(0).value(), 2);
      }
    }
  }
  EXPECT_TRUE(referrals_seen);

  // The MASH front end drills down to the two children.
  cv1::DrillDownResponse cases;
  status = DrillDown(stack_->ChannelAs("safeguarding", "mash-frontend"), &cases);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(cases.total_cases(), 2);

  // The services' forwarders delivered over mutual TLS, each under its own name.
  av1::QueryEventsRequest ingests;
  ingests.set_action("ingest");
  EXPECT_TRUE(AuditLogEventually(ingests, [](const av1::AuditEvent& event) {
    return event.emitter() == "safeguarding" && event.actor() == "admin" &&
           event.outcome() == av1::OUTCOME_OK;
  }));
}

TEST_F(SecurityStackTest, B_AClientWithoutACertificateIsRefused) {
  const auto no_certificate = testing::TlsCredentials(stack_->ca_dir() + "/ca.pem");
  // Services that require a client certificate refuse the handshake: no service code runs.
  for (const char* name : {"aggregator", "workforce", "placement", "audit"}) {
    EXPECT_EQ(HealthCheck(stack_->ChannelWith(name, no_certificate)), grpc::StatusCode::UNAVAILABLE)
        << name;
  }
  agg::Scorecard card;
  EXPECT_EQ(GetScorecard(stack_->ChannelWith("aggregator", no_certificate), &card).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // Safeguarding lets partners in over TLS with a token instead; with neither, no data.
  cv1::DrillDownResponse cases;
  EXPECT_EQ(DrillDown(stack_->ChannelWith("safeguarding", no_certificate), &cases).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(
      Ingest(stack_->ChannelWith("safeguarding", no_certificate), TwoAprilReferrals()).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  // Plaintext to a TLS port gets nowhere either.
  EXPECT_EQ(HealthCheck(stack_->ChannelWith("workforce", grpc::InsecureChannelCredentials())),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityStackTest, C_ACertificateFromAnotherCaIsRefused) {
  const std::string other_ca = stack_->dir() + "/other-ca";
  std::string output;
  ASSERT_EQ(
      testing::RunBounded(
          absl::StrCat(SCORECARD_SOURCE_DIR, "/deploy/security/dev-ca init ", other_ca), &output),
      0)
      << output;
  // The same names and roles as the real admin, signed by a CA the stack does not trust.
  const auto impostor =
      testing::TlsCredentials(stack_->ca_dir() + "/ca.pem", other_ca + "/clients/admin.pem",
                              other_ca + "/clients/admin.key");
  for (const char* name : {"aggregator", "workforce", "safeguarding", "placement", "audit"}) {
    EXPECT_EQ(HealthCheck(stack_->ChannelWith(name, impostor)), grpc::StatusCode::UNAVAILABLE)
        << name;
  }
  // Safeguarding's optional client certificates are still verified when presented.
  EXPECT_EQ(Ingest(stack_->ChannelWith("safeguarding", impostor), TwoAprilReferrals()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityStackTest, D_AnAnalystDrillingDownIsDeniedAndTheDenialIsAudited) {
  cv1::DrillDownResponse cases;
  grpc::Status status = DrillDown(stack_->ChannelAs("safeguarding", "analyst"), &cases);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(cases.cases_size(), 0);

  av1::QueryEventsRequest by_analyst;
  by_analyst.set_actor("analyst");
  EXPECT_TRUE(AuditLogEventually(by_analyst, [](const av1::AuditEvent& event) {
    return event.emitter() == "safeguarding" && event.rpc() == kDrillDownRpc &&
           event.outcome() == av1::OUTCOME_DENIED && event.detail() == "PERMISSION_DENIED";
  })) << "the refused drill-down is not in the audit log";
}

TEST_F(SecurityStackTest, E_TheAuditLogIsReadByAdminsOnlyAndRecordsWhoTried) {
  av1::QueryEventsResponse page;
  EXPECT_EQ(QueryAudit(stack_->ChannelAs("audit", "analyst"), av1::QueryEventsRequest(), &page)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(page.events_size(), 0);
  // Only services append, and each only its own events.
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  av1::AppendEventsRequest forged;
  av1::AuditEvent* event = forged.add_events();
  event->set_emitter("safeguarding");
  event->set_emitter_event_id("forged-1");
  event->set_action("ingest");
  av1::AppendEventsResponse appended;
  EXPECT_EQ(av1::AuditService::NewStub(stack_->ChannelAs("audit", "admin"))
                ->AppendEvents(&context, forged, &appended)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::ClientContext as_placement;
  as_placement.set_deadline(Deadline());
  EXPECT_EQ(av1::AuditService::NewStub(stack_->ChannelAs("audit", "placement"))
                ->AppendEvents(&as_placement, forged, &appended)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // The audit service wrote its own refusals straight into its log.
  av1::QueryEventsRequest own;
  own.set_actor("analyst");
  EXPECT_TRUE(AuditLogEventually(own, [](const av1::AuditEvent& e) {
    return e.emitter() == "audit" && e.rpc() == "/scorecard.audit.v1.AuditService/QueryEvents" &&
           e.outcome() == av1::OUTCOME_DENIED;
  }));
  own.set_actor("placement");
  EXPECT_TRUE(AuditLogEventually(own, [](const av1::AuditEvent& e) {
    return e.emitter() == "audit" && e.rpc() == "/scorecard.audit.v1.AuditService/AppendEvents" &&
           e.outcome() == av1::OUTCOME_DENIED;
  }));
  av1::QueryEventsRequest ingests;
  ingests.set_action("ingest");
  ASSERT_TRUE(QueryAudit(stack_->Channel("audit"), ingests, &page).ok());
  for (const av1::AuditEvent& e : page.events()) EXPECT_NE(e.emitter_event_id(), "forged-1");
}

TEST_F(SecurityStackTest, F_MalformedAuditQueriesAreInvalidArgument) {
  av1::QueryEventsResponse page;
  av1::QueryEventsRequest reversed;
  *reversed.mutable_from_time() = ToProtoTimestamp(absl::FromUnixSeconds(2000000000));
  *reversed.mutable_to_time() = ToProtoTimestamp(absl::FromUnixSeconds(1000000000));
  grpc::Status status = QueryAudit(stack_->Channel("audit"), reversed, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  av1::QueryEventsRequest too_big;
  too_big.set_page_size(1001);
  status = QueryAudit(stack_->Channel("audit"), too_big, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
}

TEST_F(SecurityStackTest, G_TheChainVerifies) {
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  av1::VerifyChainResponse verified;
  grpc::Status status = av1::AuditService::NewStub(stack_->Channel("audit"))
                            ->VerifyChain(&context, av1::VerifyChainRequest(), &verified);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(verified.ok()) << verified.reason();
  EXPECT_GT(verified.verified_events(), 0);
}

}  // namespace
}  // namespace scorecard
