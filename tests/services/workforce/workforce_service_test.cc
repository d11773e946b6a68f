// The service without a network: records in through DoIngest, stored, loaded back by
// LoadWorkforceData and counted, as the server does it. DrillDown is called over gRPC on
// loopback, so authorization and auditing run as they do for a real caller.
#include "services/workforce/workforce_service.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"

#include "common/concurrency/executor.h"
#include "common/time/authority_calendars.h"
#include "common/security/identity.h"
#include "common/security/policy.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/test_authorizer.h"
#include "common/audit/in_memory_audit_sink.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

cv1::Date D(int year, int month, int day) {
  cv1::Date d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

void AddWorker(v1::IngestRequest& request, const std::string& source_id,
               const std::string& worker_id, v1::EmploymentType employment, double fte,
               cv1::Date start) {
  v1::Worker* w = request.add_records()->mutable_worker();
  w->mutable_header()->set_authority("869");
  w->mutable_header()->mutable_source()->set_system("hr");
  w->mutable_header()->mutable_source()->set_id(source_id);
  w->set_worker_id(worker_id);
  w->set_employment(employment);
  w->set_fte(fte);
  w->set_team("CIN");
  w->set_case_holding(true);
  *w->mutable_start_date() = start;
}

void SetHeader(cv1::RecordHeader* h, const std::string& source_id) {
  h->set_authority("869");
  h->mutable_source()->set_system("hr");
  h->mutable_source()->set_id(source_id);
}

class WorkforceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("workforce_service_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = VersionedRecordStore::Open((dir_ / "workforce.sqlite").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    authorizer_ = ProductionPolicyAuthorizer();
    service_ = std::make_unique<WorkforceServiceImpl>(store_.get(), &executor_,
                                                      &calendars_, authorizer_.get(), &audit_sink_);
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static cv1::GetMeasuresRequest MayRequest(const std::string& measure_id) {
    cv1::GetMeasuresRequest request;
    request.set_authority("869");
    request.add_measure_ids(measure_id);
    request.mutable_from_month()->set_year(2017);
    request.mutable_from_month()->set_month(5);
    *request.mutable_to_month() = request.from_month();
    return request;
  }

  std::filesystem::path dir_;
  Executor executor_{1};
  std::unique_ptr<VersionedRecordStore> store_;
  AuthorityCalendars calendars_;  // bank holidays only
  std::unique_ptr<Authorizer> authorizer_;
  audit::InMemoryAuditSink audit_sink_{"test"};
  std::unique_ptr<WorkforceServiceImpl> service_;
};

TEST_F(WorkforceServiceTest, IngestedWorkersAreCounted) {
  // Permanent P1 (1.0) from 2016, permanent P2 (1.0) from 10 May 2017, agency A1 (0.5)
  // from 2 May 2017. May 2017: one starter (P2); agency 0.5 of 2.5 FTE = 20%.
  v1::IngestRequest request;
  AddWorker(request, "S1", "P1", v1::EMPLOYMENT_TYPE_PERMANENT, 1.0, D(2016, 1, 4));
  AddWorker(request, "S2", "P2", v1::EMPLOYMENT_TYPE_PERMANENT, 1.0, D(2017, 5, 10));
  AddWorker(request, "S3", "A1", v1::EMPLOYMENT_TYPE_AGENCY, 0.5, D(2017, 5, 2));
  cv1::IngestResponse ingested;
  const absl::Status status = service_->DoIngest(request, &ingested);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(ingested.new_versions(), 3);

  auto starters = service_->ComputeMeasures(MayRequest("workforce.starters"));
  ASSERT_TRUE(starters.ok()) << starters.status();
  ASSERT_EQ(starters->values_size(), 1);
  EXPECT_EQ(starters->values(0).basis(), cv1::BASIS_MONTH);
  EXPECT_EQ(starters->values(0).value(), 1);

  auto agency = service_->ComputeMeasures(MayRequest("workforce.agency_rate"));
  ASSERT_TRUE(agency.ok()) << agency.status();
  ASSERT_EQ(agency->values_size(), 1);
  EXPECT_DOUBLE_EQ(agency->values(0).numerator(), 0.5);
  EXPECT_DOUBLE_EQ(agency->values(0).denominator(), 2.5);
  EXPECT_DOUBLE_EQ(agency->values(0).value(), 20.0);
}

TEST_F(WorkforceServiceTest, EveryRecordKindIsStoredLoadedAndCounted) {
  // P1 (permanent 1.0) off Thursday 30/06/2016 to Tuesday 05/07/2016: 1 day in Apr-Jun
  // (30/06), 3 in Jul-Sep (01/07, 04/07, 05/07; the weekend is not lost). P2 (permanent
  // 1.0) has only a census total: 2.5 days in 01/10/2015..30/09/2016. A1 is agency.
  // Vacancies at 30/09/2016: 1.0 FTE. P1 supervised on 12/09/2016, P2 not.
  v1::IngestRequest request;
  AddWorker(request, "S1", "P1", v1::EMPLOYMENT_TYPE_PERMANENT, 1.0, D(2016, 1, 4));
  AddWorker(request, "S2", "P2", v1::EMPLOYMENT_TYPE_PERMANENT, 1.0, D(2015, 1, 5));
  AddWorker(request, "S3", "A1", v1::EMPLOYMENT_TYPE_AGENCY, 1.0, D(2016, 2, 1));
  v1::SicknessAbsence* absence = request.add_records()->mutable_sickness_absence();
  SetHeader(absence->mutable_header(), "AB1");
  absence->set_worker_id("P1");
  *absence->mutable_start_date() = D(2016, 6, 30);
  *absence->mutable_end_date() = D(2016, 7, 5);
  v1::SicknessDaysLostReturn* total = request.add_records()->mutable_sickness_days_lost_return();
  SetHeader(total->mutable_header(), "RT1");
  total->set_worker_id("P2");
  *total->mutable_period_start() = D(2015, 10, 1);
  *total->mutable_period_end() = D(2016, 9, 30);
  total->set_working_days_lost(2.5);
  v1::Vacancies* vacancies = request.add_records()->mutable_vacancies();
  SetHeader(vacancies->mutable_header(), "VC1");
  *vacancies->mutable_as_of_date() = D(2016, 9, 30);
  vacancies->set_vacant_fte(1.0);
  v1::SupervisionSession* session = request.add_records()->mutable_supervision();
  SetHeader(session->mutable_header(), "SP1");
  session->set_worker_id("P1");
  *session->mutable_session_date() = D(2016, 9, 12);
  cv1::IngestResponse ingested;
  const absl::Status status = service_->DoIngest(request, &ingested);
  ASSERT_TRUE(status.ok()) << status;

  const auto value = [this](const std::string& id, cv1::Basis basis, int year, int month) {
    cv1::GetMeasuresRequest r;
    r.set_authority("869");
    r.add_measure_ids(id);
    r.set_basis(basis);
    r.mutable_from_month()->set_year(year);
    r.mutable_from_month()->set_month(month);
    *r.mutable_to_month() = r.from_month();
    auto response = service_->ComputeMeasures(r);
    EXPECT_TRUE(response.ok()) << response.status();
    return response.ok() && response->values_size() == 1 ? response->values(0)
                                                         : cv1::MeasureValue();
  };
  EXPECT_EQ(value("workforce.sickness_days_lost", cv1::BASIS_QUARTER, 2016, 6).value(), 1);
  EXPECT_EQ(value("workforce.sickness_days_lost", cv1::BASIS_QUARTER, 2016, 9).value(), 3);
  // Rolling 12 at September 2016 holds the census year: 1 + 3 + 2.5 = 6.5.
  EXPECT_EQ(
      value("workforce.sickness_days_lost", cv1::BASIS_ROLLING_12_MONTHS, 2016, 9).value(),
      6.5);
  // Vacancy rate at 30/09/2016: 1.0 / (1.0 + 2.0 permanent) = 33.3%.
  const cv1::MeasureValue vacancy = value("workforce.vacancy_rate", cv1::BASIS_SNAPSHOT, 2016, 9);
  EXPECT_EQ(vacancy.numerator(), 1.0);
  EXPECT_EQ(vacancy.denominator(), 3.0);
  // Supervision in September 2016: P1, P2 and A1 hold cases; only P1 was seen: 1 of 3.
  const cv1::MeasureValue supervised =
      value("workforce.supervision_rate_overall", cv1::BASIS_SNAPSHOT, 2016, 9);
  EXPECT_EQ(supervised.numerator(), 1);
  EXPECT_EQ(supervised.denominator(), 3);
}

TEST_F(WorkforceServiceTest, KeepsAsManyBuiltDatasetsAsItIsAllowed) {
  // Three authorities' cards; a service allowed two keeps the two most recent built, the
  // default keeps all three (it allows more).
  v1::IngestRequest request;
  for (const char* authority : {"869", "870", "871"}) {
    AddWorker(request, absl::StrCat("S-", authority), "P1", v1::EMPLOYMENT_TYPE_PERMANENT, 1.0,
              D(2016, 1, 4));
    request.mutable_records(request.records_size() - 1)
        ->mutable_worker()
        ->mutable_header()
        ->set_authority(authority);
  }
  cv1::IngestResponse ingested;
  ASSERT_TRUE(service_->DoIngest(request, &ingested).ok());
  DomainServiceOptions two;
  two.cached_datasets = 2;
  WorkforceServiceImpl limited(store_.get(), &executor_, &calendars_, authorizer_.get(),
                               &audit_sink_, two);
  for (const char* authority : {"869", "870", "871"}) {
    cv1::GetMeasuresRequest starters = MayRequest("workforce.starters");
    starters.set_authority(authority);
    ASSERT_TRUE(limited.ComputeMeasures(starters).ok()) << authority;
    ASSERT_TRUE(service_->ComputeMeasures(starters).ok()) << authority;
  }
  EXPECT_EQ(limited.CachedDatasets(), 2u);
  EXPECT_EQ(service_->CachedDatasets(), 3u);
}

TEST_F(WorkforceServiceTest, InvalidBatchWritesNothing) {
  v1::IngestRequest request;
  AddWorker(request, "S1", "P1", v1::EMPLOYMENT_TYPE_PERMANENT, 1.0, D(2016, 1, 4));
  AddWorker(request, "S2", "P2", v1::EMPLOYMENT_TYPE_PERMANENT, -0.5, D(2016, 1, 4));
  cv1::IngestResponse ingested;
  const absl::Status status = service_->DoIngest(request, &ingested);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("records[1].worker.fte: -0.5 is not in (0, 1.5]"));
  EXPECT_EQ(store_->DataVersion("869"), 0);
}

// --- DrillDown over gRPC ---------------------------------------------------------------

// The service behind a loopback gRPC server. Callers identify by bearer token: one for the
// MASH front end (may read cases) and one for an analyst (aggregate figures only).
class WorkforceDrillDownRpcTest : public WorkforceServiceTest {
 protected:
  static constexpr char kFrontendToken[] = "frontend-test-token";
  static constexpr char kAnalystToken[] = "analyst-test-token";

  void SetUp() override {
    WorkforceServiceTest::SetUp();
    absl::StatusOr<TokenTable> tokens = TokenTable::Parse(
        absl::StrCat("sha256:", Sha256Hex(kFrontendToken), " mash-frontend mash-frontend\n",
                     "sha256:", Sha256Hex(kAnalystToken), " analyst analyst\n"),
        "test tokens");
    ASSERT_TRUE(tokens.ok()) << tokens.status();
    AuthorizerOptions options;
    options.tokens = *std::move(tokens);
    absl::StatusOr<Policy> policy = Policy::BuiltIn();
    ASSERT_TRUE(policy.ok()) << policy.status();
    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
        Authorizer::Create(*std::move(policy), std::move(options));
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    service_.reset();
    authorizer_ = *std::move(authorizer);
    service_ = std::make_unique<WorkforceServiceImpl>(store_.get(), &executor_, &calendars_,
                                                      authorizer_.get(), &audit_sink_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::WorkforceService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_ != nullptr) {
      server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    }
    WorkforceServiceTest::TearDown();
  }

  // Five case holders P1-P5 in post through May 2017; P1 and P3 supervised in May. C1 is
  // allocated to P1 and C2 to P2 from January 2017.
  void IngestFiveCaseHolders() {
    v1::IngestRequest request;
    for (int i = 1; i <= 5; ++i) {
      AddWorker(request, absl::StrCat("S", i), absl::StrCat("P", i),
                v1::EMPLOYMENT_TYPE_PERMANENT, 1.0, D(2016, 1, 4));
    }
    for (const char* worker : {"P1", "P3"}) {
      v1::SupervisionSession* session = request.add_records()->mutable_supervision();
      SetHeader(session->mutable_header(), absl::StrCat("SP-", worker));
      session->set_worker_id(worker);
      *session->mutable_session_date() = D(2017, 5, 9);
    }
    for (const auto& [child, worker] : {std::pair{"C1", "P1"}, std::pair{"C2", "P2"}}) {
      v1::CaseAllocation* allocation = request.add_records()->mutable_case_allocation();
      SetHeader(allocation->mutable_header(), absl::StrCat("CA-", child));
      allocation->set_child_id(child);
      allocation->set_worker_id(worker);
      *allocation->mutable_start_date() = D(2017, 1, 3);
    }
    cv1::IngestResponse ingested;
    const absl::Status status = service_->DoIngest(request, &ingested);
    ASSERT_TRUE(status.ok()) << status;
  }

  static cv1::DrillDownRequest MayDrillDown(const std::string& measure_id, int page_size = 0) {
    cv1::DrillDownRequest request;
    request.set_authority("869");
    request.set_measure_id(measure_id);
    request.mutable_month()->set_year(2017);
    request.mutable_month()->set_month(5);
    request.set_page_size(page_size);
    return request;
  }

  grpc::Status DrillDown(const std::string& token, const cv1::DrillDownRequest& request,
                         cv1::DrillDownResponse* response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return stub_->DrillDown(&context, request, response);
  }

  static std::vector<std::string> SubjectIds(const cv1::DrillDownResponse& response) {
    std::vector<std::string> ids;
    for (const cv1::DrillDownCase& row : response.cases()) ids.push_back(row.subject_id());
    return ids;
  }

  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::WorkforceService::Stub> stub_;
};

TEST_F(WorkforceDrillDownRpcTest, PagesThroughTheWorkersAndAuditsEachPage) {
  IngestFiveCaseHolders();
  // Supervision at 31/05/2017: P1-P5 hold cases, P1 and P3 were seen: 2 of 5, listed by
  // worker id two at a time.
  cv1::DrillDownRequest request = MayDrillDown("workforce.supervision_rate_overall", 2);
  cv1::DrillDownResponse first;
  grpc::Status status = DrillDown(kFrontendToken, request, &first);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(first.value().numerator(), 2);
  EXPECT_EQ(first.value().denominator(), 5);
  EXPECT_EQ(first.total_cases(), 5);
  EXPECT_THAT(SubjectIds(first), ElementsAre("P1", "P2"));
  EXPECT_EQ(first.cases(0).subject_kind(), cv1::SUBJECT_KIND_WORKER);
  EXPECT_TRUE(first.cases(0).in_numerator());
  EXPECT_EQ(first.cases(1).reason(), "not-supervised");
  ASSERT_FALSE(first.next_page_token().empty());

  std::vector<audit::v1::AuditEvent> events = audit_sink_.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action(), audit::kActionDrillDown);
  EXPECT_EQ(events[0].actor(), "mash-frontend");
  EXPECT_EQ(events[0].authority(), "869");
  EXPECT_THAT(events[0].measure_ids(), ElementsAre("workforce.supervision_rate_overall"));
  EXPECT_THAT(events[0].worker_ids(), ElementsAre("P1", "P2"));  // this page's, no more
  EXPECT_THAT(events[0].child_ids(), IsEmpty());

  request.set_page_token(first.next_page_token());
  cv1::DrillDownResponse second;
  ASSERT_TRUE(DrillDown(kFrontendToken, request, &second).ok());
  EXPECT_THAT(SubjectIds(second), ElementsAre("P3", "P4"));
  request.set_page_token(second.next_page_token());
  cv1::DrillDownResponse last;
  ASSERT_TRUE(DrillDown(kFrontendToken, request, &last).ok());
  EXPECT_THAT(SubjectIds(last), ElementsAre("P5"));
  EXPECT_TRUE(last.next_page_token().empty());
  events = audit_sink_.events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_THAT(events[2].worker_ids(), ElementsAre("P5"));

  // Only those not supervised: the list a manager acts on.
  cv1::DrillDownRequest not_seen = MayDrillDown("workforce.supervision_rate_overall");
  not_seen.set_scope(cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR);
  cv1::DrillDownResponse outside;
  ASSERT_TRUE(DrillDown(kFrontendToken, not_seen, &outside).ok());
  EXPECT_THAT(SubjectIds(outside), ElementsAre("P2", "P4", "P5"));
  EXPECT_EQ(outside.total_cases(), 3);
}

TEST_F(WorkforceDrillDownRpcTest, ChildRowsAreAuditedByChildId) {
  IngestFiveCaseHolders();
  // Rolling 12 months to May 2017: C1 and C2, one worker each.
  cv1::DrillDownResponse response;
  ASSERT_TRUE(
      DrillDown(kFrontendToken, MayDrillDown("workforce.social_worker_changes_1"), &response)
          .ok());
  EXPECT_THAT(SubjectIds(response), ElementsAre("C1", "C2"));
  EXPECT_EQ(response.cases(0).subject_kind(), cv1::SUBJECT_KIND_CHILD);
  EXPECT_EQ(response.cases(0).record_id(), "CA-C1");
  const std::vector<audit::v1::AuditEvent> events = audit_sink_.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].child_ids(), ElementsAre("C1", "C2"));
  EXPECT_THAT(events[0].worker_ids(), IsEmpty());
}

TEST_F(WorkforceDrillDownRpcTest, APageTokenFromBeforeAnIngestIsAborted) {
  IngestFiveCaseHolders();
  cv1::DrillDownRequest request = MayDrillDown("workforce.supervision_rate_overall", 2);
  cv1::DrillDownResponse first;
  ASSERT_TRUE(DrillDown(kFrontendToken, request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());

  v1::IngestRequest more;
  AddWorker(more, "S6", "P6", v1::EMPLOYMENT_TYPE_PERMANENT, 1.0, D(2017, 5, 2));
  cv1::IngestResponse ingested;
  ASSERT_TRUE(service_->DoIngest(more, &ingested).ok());

  request.set_page_token(first.next_page_token());
  cv1::DrillDownResponse stale;
  const grpc::Status status = DrillDown(kFrontendToken, request, &stale);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(stale.cases_size(), 0);
}

TEST_F(WorkforceDrillDownRpcTest, AnalystsMayNotReadCases) {
  IngestFiveCaseHolders();
  cv1::DrillDownResponse response;
  const grpc::Status status = DrillDown(
      kAnalystToken, MayDrillDown("workforce.supervision_rate_overall"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(response.cases_size(), 0);
  // Refused before any work: no drill-down event, no ids recorded anywhere.
  EXPECT_THAT(audit_sink_.events(), IsEmpty());
}

TEST_F(WorkforceDrillDownRpcTest, NothingIsReturnedWhenTheReadCannotBeAudited) {
  IngestFiveCaseHolders();
  audit_sink_.FailWith(absl::UnavailableError("disk full"));
  cv1::DrillDownResponse response;
  const grpc::Status status = DrillDown(
      kFrontendToken, MayDrillDown("workforce.supervision_rate_overall"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), HasSubstr("nothing was returned"));
  EXPECT_EQ(response.cases_size(), 0);
  EXPECT_EQ(response.total_cases(), 0);
  EXPECT_THAT(audit_sink_.events(), IsEmpty());
}

}  // namespace
}  // namespace scorecard::workforce
