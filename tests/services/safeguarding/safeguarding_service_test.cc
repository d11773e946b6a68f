// The service without a network: records in through DoIngest, stored, loaded back by
// LoadSafeguardingData and counted, as the server does it. Shows the bitemporal rule: a
// correction recorded after a month was reported changes the restated figure, while the
// figure asked for `as_at` the first report stays as published.
#include "services/safeguarding/safeguarding_service.h"

#include <memory>
#include <optional>
#include <string>

#include "common/concurrency/executor.h"
#include "common/records/proto_date.h"
#include "common/time/authority_calendars.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/test_authorizer.h"
#include "common/audit/in_memory_audit_sink.h"

namespace scorecard::safeguarding {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::HasSubstr;

template <typename Record>
void SetKey(Record* r, const std::string& system, const std::string& id) {
  r->mutable_header()->set_authority("869");
  r->mutable_header()->mutable_source()->set_system(system);
  r->mutable_header()->mutable_source()->set_id(id);
}

v1::ChildProtectionPlan* AddPlan(v1::IngestRequest& request, const std::string& id,
                                 const std::string& child, Date start) {
  v1::ChildProtectionPlan* p = request.add_records()->mutable_cp_plan();
  SetKey(p, "lcs", id);
  p->set_child_id(child);
  *p->mutable_start_date() = ToProtoDate(start);
  return p;
}

void AddPopulation(v1::IngestRequest& request, const std::string& id, int year,
                   int64_t population) {
  cv1::PopulationEstimate* p = request.add_records()->mutable_population();
  SetKey(p, "ons", id);
  p->set_year(year);
  p->set_population_0_17(population);
}

class SafeguardingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
        VersionedRecordStore::Open(dir_.File("safeguarding.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    authorizer_ = ProductionPolicyAuthorizer();
    service_ = std::make_unique<SafeguardingServiceImpl>(store_.get(), &executor_, &calendars_,
                                                         authorizer_.get(), &audit_sink_);
  }

  cv1::IngestResponse Ingest(const v1::IngestRequest& request) {
    cv1::IngestResponse response;
    const absl::Status status = service_->DoIngest(request, &response);
    EXPECT_TRUE(status.ok()) << status;
    return response;
  }

  // One measure for one month on its natural basis, as now or as at an instant.
  cv1::MeasureValue Value(const std::string& id, int year, int month,
                          std::optional<google::protobuf::Timestamp> as_at = std::nullopt) {
    cv1::GetMeasuresRequest request;
    request.set_authority("869");
    request.add_measure_ids(id);
    request.mutable_from_month()->set_year(year);
    request.mutable_from_month()->set_month(month);
    *request.mutable_to_month() = request.from_month();
    if (as_at.has_value()) *request.mutable_as_at() = *as_at;
    absl::StatusOr<cv1::GetMeasuresResponse> response = service_->ComputeMeasures(request);
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok() || response->values_size() != 1) return cv1::MeasureValue();
    return response->values(0);
  }

  ScopedTempDir dir_;
  Executor executor_{1};
  std::unique_ptr<VersionedRecordStore> store_;
  AuthorityCalendars calendars_;  // bank holidays only
  std::unique_ptr<Authorizer> authorizer_;
  audit::InMemoryAuditSink audit_sink_{"test"};
  std::unique_ptr<SafeguardingServiceImpl> service_;
};

TEST_F(SafeguardingServiceTest, ACorrectionAfterTheMonthWasReportedRestatesIt) {
  // As first reported (early April 2017): four children on plans at 31/03/2017, and one
  // assessment authorised Fri 24/02/2017 for a referral of Mon 19/12/2016: working day 46
  // from the referral (the default clock), so over 45.
  v1::IngestRequest first;
  AddPopulation(first, "mid-2016", 2016, 35570);
  AddPlan(first, "P1", "C1", Date(2016, 11, 1));
  AddPlan(first, "P2", "C2", Date(2017, 1, 10));
  AddPlan(first, "P3", "C3", Date(2017, 3, 1));
  AddPlan(first, "P4", "C4", Date(2016, 6, 1));  // in fact ended 10/03/2017, recorded late
  v1::Assessment* a = first.add_records()->mutable_assessment();
  SetKey(a, "lcs", "A1");
  a->set_child_id("C5");
  *a->mutable_referral_date() = ToProtoDate(Date(2016, 12, 19));
  *a->mutable_start_date() = ToProtoDate(Date(2016, 12, 21));
  *a->mutable_authorisation_date() = ToProtoDate(Date(2017, 2, 24));
  const cv1::IngestResponse published = Ingest(first);
  EXPECT_EQ(published.new_versions(), 6);

  EXPECT_EQ(Value("safeguarding.cp_count", 2017, 3).value(), 4);
  cv1::MeasureValue rate = Value("safeguarding.cp_rate", 2017, 3);
  EXPECT_EQ(rate.numerator(), 4);
  EXPECT_EQ(rate.denominator(), 35570);
  cv1::MeasureValue within = Value("safeguarding.assessments_completed_within_45wd", 2017, 2);
  EXPECT_EQ(within.basis(), cv1::BASIS_MONTH);
  EXPECT_EQ(within.numerator(), 0);
  EXPECT_EQ(within.denominator(), 1);

  // Data cleansing in May: P4's end date is recorded (a new version of the same plan), and
  // the authority switches to the DfE clock (assessment start Wed 21/12/2016: 24/02/2017 is
  // then working day 44).
  v1::IngestRequest correction;
  v1::ChildProtectionPlan* p4 = AddPlan(correction, "P4", "C4", Date(2016, 6, 1));
  *p4->mutable_end_date() = ToProtoDate(Date(2017, 3, 10));
  v1::SafeguardingSettings* settings = correction.add_records()->mutable_settings();
  SetKey(settings, "settings", "safeguarding");
  settings->set_assessment_clock_start(v1::ASSESSMENT_CLOCK_START_ASSESSMENT_START);
  const cv1::IngestResponse corrected = Ingest(correction);
  EXPECT_EQ(corrected.new_versions(), 2);

  // Restated: three on plans at 31/03/2017; the assessment is within 45 working days.
  EXPECT_EQ(Value("safeguarding.cp_count", 2017, 3).value(), 3);
  EXPECT_EQ(Value("safeguarding.cp_rate", 2017, 3).numerator(), 3);
  within = Value("safeguarding.assessments_completed_within_45wd", 2017, 2);
  EXPECT_EQ(within.numerator(), 1);
  EXPECT_EQ(within.denominator(), 1);
  // At the end of February P4 was still open either way.
  EXPECT_EQ(Value("safeguarding.cp_count", 2017, 2).value(), 3);  // P3 starts 01/03

  // As published: the same question as at the first batch's recorded instant.
  EXPECT_EQ(Value("safeguarding.cp_count", 2017, 3, published.recorded_at()).value(), 4);
  within =
      Value("safeguarding.assessments_completed_within_45wd", 2017, 2, published.recorded_at());
  EXPECT_EQ(within.numerator(), 0);
  EXPECT_EQ(within.denominator(), 1);
}

TEST_F(SafeguardingServiceTest, ALaterPopulationEstimateReplacesAnEarlierOneForTheYear) {
  v1::IngestRequest first;
  AddPopulation(first, "mid-2016", 2016, 35570);
  AddPlan(first, "P1", "C1", Date(2016, 11, 1));
  const cv1::IngestResponse published = Ingest(first);
  // ONS revises mid-2016; the revision arrives under its own source key.
  v1::IngestRequest revision;
  AddPopulation(revision, "mid-2016-revised", 2016, 36100);
  Ingest(revision);
  EXPECT_EQ(Value("safeguarding.cp_rate", 2017, 3).denominator(), 36100);
  EXPECT_EQ(Value("safeguarding.cp_rate", 2017, 3, published.recorded_at()).denominator(), 35570);
}

TEST_F(SafeguardingServiceTest, AnInvalidBatchWritesNothingAndNamesEveryProblem) {
  v1::IngestRequest request;
  AddPopulation(request, "mid-1989", 1989, 35570);
  v1::SafeguardingSettings* settings = request.add_records()->mutable_settings();
  SetKey(settings, "lcs", "my-settings");
  settings->set_cp_visit_interval_working_days(-1);
  AddPlan(request, "P1", "C1", Date(2016, 11, 1));  // valid, but not written either
  cv1::IngestResponse response;
  const absl::Status status = service_->DoIngest(request, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::string message(status.message());
  EXPECT_THAT(message, HasSubstr("2 invalid records"));
  EXPECT_THAT(message, HasSubstr("records[0].population.year: 1989"));
  EXPECT_THAT(message, HasSubstr("records[1].settings.header.source"));
  EXPECT_THAT(message, HasSubstr("records[1].settings.cp_visit_interval_working_days: -1"));
  EXPECT_EQ(store_->DataVersion("869"), 0);
}

TEST_F(SafeguardingServiceTest, EveryMeasureComputesOnItsNaturalBasis) {
  v1::IngestRequest request;
  AddPlan(request, "P1", "C1", Date(2016, 11, 1));
  Ingest(request);
  cv1::GetMeasuresRequest all;
  all.set_authority("869");
  all.mutable_from_month()->set_year(2016);
  all.mutable_from_month()->set_month(4);
  all.mutable_to_month()->set_year(2017);
  all.mutable_to_month()->set_month(3);
  absl::StatusOr<cv1::GetMeasuresResponse> response = service_->ComputeMeasures(all);
  ASSERT_TRUE(response.ok()) << response.status();
  // 29 measures of DESIGN.md and the 9 DfE duration bands, 12 months each.
  EXPECT_EQ(response->values_size(), 38 * 12);
}

}  // namespace
}  // namespace scorecard::safeguarding
