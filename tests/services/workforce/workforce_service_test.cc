// The service without a network: records in through DoIngest, stored, loaded back by
// LoadWorkforceData and counted, as the server does it.
#include "services/workforce/workforce_service.h"

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "common/concurrency/executor.h"
#include "common/time/authority_calendars.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/test_authorizer.h"
#include "common/audit/in_memory_audit_sink.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::HasSubstr;

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

}  // namespace
}  // namespace scorecard::workforce
