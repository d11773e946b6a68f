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
  *w->mutable_start_date() = start;
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
    service_ = std::make_unique<WorkforceServiceImpl>(store_.get(), &executor_,
                                                      &calendars_);
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
