// End to end on the real stack: real processes on loopback, a real redis-server. Ingests
// hand-worked records over gRPC and checks the scorecard's figures; then the failure cases:
// a service SIGKILLed right after an acknowledged ingest, Redis stopped and restarted.
#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/records/proto_date.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "tests/integration/test_stack.h"

namespace scorecard {
namespace {

namespace agg = ::scorecard::aggregator::v1;
namespace cv1 = ::scorecard::common::v1;
namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;
namespace wv1 = ::scorecard::workforce::v1;

constexpr char kAuthority[] = "869";

template <typename Record>
void SetHeader(Record* r, const std::string& id, const std::string& authority = kAuthority) {
  r->mutable_header()->set_authority(authority);
  r->mutable_header()->mutable_source()->set_system("integration");
  r->mutable_header()->mutable_source()->set_id(id);
}

cv1::Date D(int y, int m, int d) { return ToProtoDate(Date(y, m, d)); }

void AddReferral(sv1::IngestRequest* req, const std::string& id, Date date,
                 const std::string& authority = kAuthority) {
  sv1::Referral* r = req->add_records()->mutable_referral();
  SetHeader(r, id, authority);
  r->set_child_id("C" + id);
  *r->mutable_referral_date() = ToProtoDate(date);
}

void AddSection47(sv1::IngestRequest* req, const std::string& id, Date strategy, Date icpc) {
  sv1::Section47Enquiry* s = req->add_records()->mutable_section47();
  SetHeader(s, id);
  s->set_child_id("C" + id);
  *s->mutable_strategy_discussion_date() = ToProtoDate(strategy);
  *s->mutable_icpc_date() = ToProtoDate(icpc);
}

std::chrono::system_clock::time_point Deadline(int seconds = 20) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

class StackIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new testing::TestStack();
    absl::Status started = stack_->Start();
    ASSERT_TRUE(started.ok()) << started << " (logs in " << stack_->dir() << "/logs)";
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  grpc::Status IngestSafeguarding(const sv1::IngestRequest& request, cv1::IngestResponse* out) {
    auto stub = sv1::SafeguardingService::NewStub(stack_->Channel("safeguarding"));
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    return stub->Ingest(&context, request, out);
  }

  agg::Scorecard GetScorecard(Month from, Month to) {
    auto stub = agg::AggregatorService::NewStub(stack_->Channel("aggregator"));
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    agg::GetScorecardRequest request;
    request.set_authority(kAuthority);
    *request.mutable_from_month() = ToProtoMonth(from);
    *request.mutable_to_month() = ToProtoMonth(to);
    agg::Scorecard card;
    grpc::Status status = stub->GetScorecard(&context, request, &card);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return card;
  }

  static const agg::Row* FindRow(const agg::Scorecard& card, const std::string& row_id) {
    for (const agg::Section& section : card.sections()) {
      for (const agg::Row& row : section.rows()) {
        if (row.id() == row_id) return &row;
      }
    }
    return nullptr;
  }

  static testing::TestStack* stack_;
};

testing::TestStack* StackIntegrationTest::stack_ = nullptr;

// Runs first (gtest keeps declaration order within a suite): loads the hand-worked data.
TEST_F(StackIntegrationTest, A_IngestsAndComputesTheHandWorkedFigures) {
  // Safeguarding. Referrals: 3 and 28 April, 2 May 2017 (April 2, May 1; YTD May 3). One
  // referral for authority 870 must never show in 869's card.
  sv1::IngestRequest safeguarding;
  AddReferral(&safeguarding, "R1", Date(2017, 4, 3));
  AddReferral(&safeguarding, "R2", Date(2017, 4, 28));
  AddReferral(&safeguarding, "R3", Date(2017, 5, 2));
  AddReferral(&safeguarding, "R9", Date(2017, 4, 5), "870");
  // Strategy discussion Mon 10/04/2017: 15 working days on is Thu 04/05/2017 (Good Friday,
  // Easter Monday and 1 May skipped). ICPC on 04/05 is in time, on 05/05 is late.
  AddSection47(&safeguarding, "S1", Date(2017, 4, 10), Date(2017, 5, 4));
  AddSection47(&safeguarding, "S2", Date(2017, 4, 10), Date(2017, 5, 5));
  cv1::IngestResponse ingested;
  grpc::Status status = IngestSafeguarding(safeguarding, &ingested);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ingested.new_versions(), 6);

  // Placement: P1 looked after from 1 March 2017, still open; P2 from 15 April to 10 May.
  {
    pv1::IngestRequest placement;
    pv1::Episode* e1 = placement.add_records()->mutable_episode();
    SetHeader(e1, "E1");
    e1->set_child_id("P1");
    *e1->mutable_start_date() = D(2017, 3, 1);
    e1->set_reason_new_episode("S");
    e1->set_legal_status("C2");
    e1->set_placement("U1");
    pv1::Episode* e2 = placement.add_records()->mutable_episode();
    SetHeader(e2, "E2");
    e2->set_child_id("P2");
    *e2->mutable_start_date() = D(2017, 4, 15);
    *e2->mutable_end_date() = D(2017, 5, 10);
    e2->set_reason_new_episode("S");
    e2->set_legal_status("V2");
    e2->set_placement("U1");
    e2->set_reason_ceased("E11");
    auto stub = pv1::PlacementService::NewStub(stack_->Channel("placement"));
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    cv1::IngestResponse out;
    status = stub->Ingest(&context, placement, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  // Workforce: W1 permanent from 3 April 2017 (a starter in April); W2 agency since January.
  {
    wv1::IngestRequest workforce;
    wv1::Worker* w1 = workforce.add_records()->mutable_worker();
    SetHeader(w1, "W1");
    w1->set_worker_id("W1");
    w1->set_employment(wv1::EMPLOYMENT_TYPE_PERMANENT);
    w1->set_fte(1.0);
    w1->set_team("Assessment");
    *w1->mutable_start_date() = D(2017, 4, 3);
    wv1::Worker* w2 = workforce.add_records()->mutable_worker();
    SetHeader(w2, "W2");
    w2->set_worker_id("W2");
    w2->set_employment(wv1::EMPLOYMENT_TYPE_AGENCY);
    w2->set_fte(1.0);
    w2->set_team("Assessment");
    *w2->mutable_start_date() = D(2017, 1, 9);
    auto stub = wv1::WorkforceService::NewStub(stack_->Channel("workforce"));
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    cv1::IngestResponse out;
    status = stub->Ingest(&context, workforce, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  const agg::Scorecard card = GetScorecard(Month(2017, 4), Month(2017, 5));
  ASSERT_EQ(card.scorecard_id(), "getting-to-good");

  const agg::Row* referrals = FindRow(card, "referrals-month");
  ASSERT_NE(referrals, nullptr);
  ASSERT_EQ(referrals->status(), agg::ROW_STATUS_AVAILABLE);
  ASSERT_EQ(referrals->cells_size(), 2);
  EXPECT_EQ(referrals->cells(0).value(), 2);
  EXPECT_EQ(referrals->cells(1).value(), 1);
  const agg::Row* referrals_ytd = FindRow(card, "referrals-ytd");
  ASSERT_NE(referrals_ytd, nullptr);
  EXPECT_EQ(referrals_ytd->cells(1).value(), 3);

  const agg::Row* icpc = FindRow(card, "icpc-within-15wd-month");
  ASSERT_NE(icpc, nullptr);
  EXPECT_FALSE(icpc->cells(0).has_value()) << "no ICPC held in April: undefined, not 0%";
  EXPECT_EQ(icpc->cells(1).numerator(), 1);
  EXPECT_EQ(icpc->cells(1).denominator(), 2);
  EXPECT_DOUBLE_EQ(icpc->cells(1).value(), 50.0);

  const agg::Row* lac = FindRow(card, "lac-count");
  ASSERT_NE(lac, nullptr);
  ASSERT_EQ(lac->status(), agg::ROW_STATUS_AVAILABLE);
  EXPECT_EQ(lac->cells(0).value(), 2);  // 30 April: P1 and P2
  EXPECT_EQ(lac->cells(1).value(), 1);  // 31 May: P2 left on 10 May

  const agg::Row* starters = FindRow(card, "starters-month");
  ASSERT_NE(starters, nullptr);
  EXPECT_EQ(starters->cells(0).value(), 1);
  EXPECT_EQ(starters->cells(1).value(), 0);
  const agg::Row* agency = FindRow(card, "agency-rate");
  ASSERT_NE(agency, nullptr);
  EXPECT_DOUBLE_EQ(agency->cells(0).value(), 50.0);  // 1 agency FTE of 2 FTE in post

  // A measure no service computes yet shows as not available, with no value, never zero.
  const agg::Row* pilot = FindRow(card, "personal-budget-pilot");
  ASSERT_NE(pilot, nullptr);
  EXPECT_EQ(pilot->status(), agg::ROW_STATUS_NOT_YET_AVAILABLE);
  EXPECT_FALSE(pilot->cells(0).has_value());
}

TEST_F(StackIntegrationTest, B_SecondReadIsACacheHitAndAWriteIsSeenAtOnce) {
  const agg::Scorecard first = GetScorecard(Month(2017, 4), Month(2017, 5));
  const agg::Scorecard second = GetScorecard(Month(2017, 4), Month(2017, 5));
  EXPECT_EQ(second.cache(), agg::CACHE_OUTCOME_HIT);
  EXPECT_EQ(FindRow(second, "referrals-month")->cells(1).value(), 1);

  sv1::IngestRequest more;
  AddReferral(&more, "R4", Date(2017, 5, 31));
  cv1::IngestResponse out;
  ASSERT_TRUE(IngestSafeguarding(more, &out).ok());
  const agg::Scorecard after = GetScorecard(Month(2017, 4), Month(2017, 5));
  EXPECT_NE(after.cache(), agg::CACHE_OUTCOME_HIT);
  EXPECT_EQ(FindRow(after, "referrals-month")->cells(1).value(), 2);
}

TEST_F(StackIntegrationTest, C_BadBatchIsRejectedWholeNamingRecordAndField) {
  sv1::IngestRequest bad;
  AddReferral(&bad, "R5", Date(2017, 5, 15));  // valid on its own
  sv1::Referral* broken = bad.add_records()->mutable_referral();
  SetHeader(broken, "R6");
  broken->set_child_id("C6");
  broken->mutable_referral_date()->set_year(2017);
  broken->mutable_referral_date()->set_month(2);
  broken->mutable_referral_date()->set_day(30);
  cv1::IngestResponse out;
  grpc::Status status = IngestSafeguarding(bad, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("records[1].referral.referral_date"), std::string::npos)
      << status.error_message();
  // Nothing written: May still has the two referrals from before.
  const agg::Scorecard card = GetScorecard(Month(2017, 5), Month(2017, 5));
  EXPECT_EQ(FindRow(card, "referrals-month")->cells(0).value(), 2);
}

TEST_F(StackIntegrationTest, C2_EveryIngestReachesTheAuditTrailWithIdsOnly) {
  // The services' outboxes forward in the background: wait (bounded) for the events.
  auto audit = scorecard::audit::v1::AuditService::NewStub(stack_->Channel("audit"));
  std::vector<scorecard::audit::v1::AuditEvent> ingests;
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  bool saw_rejected_batch = false;
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(Deadline(5));
    scorecard::audit::v1::QueryEventsRequest request;
    request.set_action("ingest");
    request.set_page_size(1000);
    scorecard::audit::v1::QueryEventsResponse response;
    ASSERT_TRUE(audit->QueryEvents(&context, request, &response).ok());
    ingests.assign(response.events().begin(), response.events().end());
    saw_rejected_batch = false;
    for (const auto& e : ingests) {
      if (e.outcome() == scorecard::audit::v1::OUTCOME_FAILED) saw_rejected_batch = true;
    }
    // Test A's three ingests (safeguarding, placement, workforce), B's and C's rejected one.
    if (ingests.size() >= 5 && saw_rejected_batch) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_GE(ingests.size(), 5u);
  EXPECT_TRUE(saw_rejected_batch) << "the rejected batch must be audited too";
  bool saw_child = false;
  bool saw_worker = false;
  for (const auto& e : ingests) {
    EXPECT_FALSE(e.actor().empty());
    for (const std::string& id : e.child_ids()) saw_child |= (id == "CR1");
    for (const std::string& id : e.worker_ids()) saw_worker |= (id == "W1");
    EXPECT_EQ(e.detail().find("2017-"), std::string::npos) << "no dates in audit details";
  }
  EXPECT_TRUE(saw_child);
  EXPECT_TRUE(saw_worker);
}

TEST_F(StackIntegrationTest, D_AcknowledgedWriteSurvivesSigkill) {
  sv1::IngestRequest request;
  AddReferral(&request, "R7", Date(2017, 4, 20));
  cv1::IngestResponse out;
  ASSERT_TRUE(IngestSafeguarding(request, &out).ok());
  stack_->Kill("safeguarding");  // immediately after the acknowledgement
  ASSERT_TRUE(stack_->Restart("safeguarding").ok());
  const agg::Scorecard card = GetScorecard(Month(2017, 4), Month(2017, 4));
  EXPECT_EQ(FindRow(card, "referrals-month")->cells(0).value(), 3);  // R1, R2 and R7
}

TEST_F(StackIntegrationTest, E_RedisDownStillServesAndCachingResumes) {
  stack_->Kill("redis");
  const agg::Scorecard without_redis = GetScorecard(Month(2017, 4), Month(2017, 5));
  EXPECT_EQ(without_redis.cache(), agg::CACHE_OUTCOME_BYPASSED);
  EXPECT_EQ(FindRow(without_redis, "referrals-month")->cells(0).value(), 3);
  EXPECT_EQ(FindRow(without_redis, "lac-count")->cells(0).value(), 2);

  // Health reports Redis degraded while the aggregator itself keeps serving.
  auto health = grpc::health::v1::Health::NewStub(stack_->Channel("aggregator"));
  auto check = [&](const std::string& service) {
    grpc::ClientContext context;
    context.set_deadline(Deadline(5));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = health->Check(&context, request, &response);
    return status.ok() ? response.status() : grpc::health::v1::HealthCheckResponse::UNKNOWN;
  };
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (check("redis") != grpc::health::v1::HealthCheckResponse::NOT_SERVING &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(check("redis"), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(check(""), grpc::health::v1::HealthCheckResponse::SERVING);

  ASSERT_TRUE(stack_->Restart("redis").ok());
  // The breaker retries by itself; within a few seconds a read is cached again.
  bool hit = false;
  deadline = absl::Now() + absl::Seconds(15);
  while (!hit && absl::Now() < deadline) {
    GetScorecard(Month(2017, 4), Month(2017, 5));
    hit = GetScorecard(Month(2017, 4), Month(2017, 5)).cache() == agg::CACHE_OUTCOME_HIT;
    if (!hit) absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_TRUE(hit) << "caching did not resume after Redis came back";
  EXPECT_EQ(check("redis"), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(StackIntegrationTest, F_SigtermStopsAServiceCleanly) {
  EXPECT_EQ(stack_->Terminate("audit"), 0);
}

}  // namespace
}  // namespace scorecard
