#include "services/workforce/workforce_records.h"

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "common/records/record_io.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::workforce {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

cv1::Date D(int year, int month, int day) {
  cv1::Date d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

void SetHeader(cv1::RecordHeader* h, const std::string& source_id,
               const std::string& authority = "869") {
  h->set_authority(authority);
  h->mutable_source()->set_system("hr");
  h->mutable_source()->set_id(source_id);
}

v1::Worker MakeWorker(const std::string& source_id, const std::string& worker_id,
                      double fte = 1.0, std::optional<cv1::Date> end = std::nullopt) {
  v1::Worker w;
  SetHeader(w.mutable_header(), source_id);
  w.set_worker_id(worker_id);
  w.set_employment(v1::EMPLOYMENT_TYPE_PERMANENT);
  w.set_fte(fte);
  w.set_team("CIN");
  w.set_role("social-worker");
  *w.mutable_start_date() = D(2016, 4, 4);
  if (end.has_value()) *w.mutable_end_date() = *end;
  return w;
}

v1::SicknessAbsence MakeAbsence(const std::string& source_id, const std::string& worker_id,
                                cv1::Date start, std::optional<cv1::Date> end) {
  v1::SicknessAbsence a;
  SetHeader(a.mutable_header(), source_id);
  a.set_worker_id(worker_id);
  *a.mutable_start_date() = start;
  if (end.has_value()) *a.mutable_end_date() = *end;
  return a;
}

v1::SicknessDaysLostReturn MakeReturn(const std::string& source_id, const std::string& worker_id,
                                      cv1::Date start, cv1::Date end, double days) {
  v1::SicknessDaysLostReturn r;
  SetHeader(r.mutable_header(), source_id);
  r.set_worker_id(worker_id);
  *r.mutable_period_start() = start;
  *r.mutable_period_end() = end;
  r.set_working_days_lost(days);
  return r;
}

v1::SupervisionSession MakeSession(const std::string& source_id, const std::string& worker_id) {
  v1::SupervisionSession s;
  SetHeader(s.mutable_header(), source_id);
  s.set_worker_id(worker_id);
  *s.mutable_session_date() = D(2017, 3, 14);
  return s;
}

v1::CaseAllocation MakeAllocation(const std::string& source_id, const std::string& worker_id) {
  v1::CaseAllocation c;
  SetHeader(c.mutable_header(), source_id);
  c.set_child_id("CH1");
  c.set_worker_id(worker_id);
  *c.mutable_start_date() = D(2017, 2, 1);
  return c;
}

void Add(v1::IngestRequest& request, const v1::Worker& w) {
  *request.add_records()->mutable_worker() = w;
}
void Add(v1::IngestRequest& request, const v1::SicknessAbsence& a) {
  *request.add_records()->mutable_sickness_absence() = a;
}
void Add(v1::IngestRequest& request, const v1::SicknessDaysLostReturn& r) {
  *request.add_records()->mutable_sickness_days_lost_return() = r;
}
void Add(v1::IngestRequest& request, const v1::SupervisionSession& s) {
  *request.add_records()->mutable_supervision() = s;
}
void Add(v1::IngestRequest& request, const v1::CaseAllocation& c) {
  *request.add_records()->mutable_case_allocation() = c;
}

// One record of each kind, all valid.
v1::IngestRequest GoodBatch() {
  v1::IngestRequest request;
  Add(request, MakeWorker("S1", "W1"));
  Add(request, MakeAbsence("A1", "W1", D(2017, 3, 1), D(2017, 3, 3)));
  v1::SupervisionSession* s = request.add_records()->mutable_supervision();
  SetHeader(s->mutable_header(), "V1");
  s->set_worker_id("W1");
  *s->mutable_session_date() = D(2017, 3, 14);
  v1::CaseAllocation* c = request.add_records()->mutable_case_allocation();
  SetHeader(c->mutable_header(), "C1");
  c->set_child_id("CH1");
  c->set_worker_id("W1");
  *c->mutable_start_date() = D(2017, 2, 1);
  *c->mutable_end_date() = D(2017, 3, 31);
  return request;
}

TEST(ValidateWorkforceBatchTest, GoodBatchPasses) {
  const absl::Status status = ValidateWorkforceBatch(GoodBatch());
  EXPECT_TRUE(status.ok()) << status;
}

TEST(ValidateWorkforceBatchTest, NegativeFteNamesIndexAndField) {
  v1::IngestRequest request;
  for (int i = 0; i < 4; ++i) {
    Add(request, MakeWorker("S" + std::to_string(i), "W" + std::to_string(i)));
  }
  Add(request, MakeWorker("S4", "W4", -0.5));
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("1 invalid record; nothing was written"),
                    HasSubstr("records[4].worker.fte: -0.5 is not in (0, 1.5]")));
}

TEST(ValidateWorkforceBatchTest, FteAboveOneAndAHalfOrZeroIsRejected) {
  v1::IngestRequest request;
  Add(request, MakeWorker("S0", "W0", 1.6));
  Add(request, MakeWorker("S1", "W1", 1.5));  // the bound itself is allowed
  Add(request, MakeWorker("S2", "W2", 0.0));  // nobody works zero hours in a role
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("2 invalid records"),
                    HasSubstr("records[0].worker.fte: 1.6 is not in (0, 1.5]"),
                    HasSubstr("records[2].worker.fte: 0 is not in (0, 1.5]"),
                    Not(HasSubstr("records[1]"))));
}

TEST(ValidateWorkforceBatchTest, WorkerEndBeforeStart) {
  v1::IngestRequest request;
  Add(request, MakeWorker("S0", "W0"));
  v1::Worker w = MakeWorker("S1", "W1");
  *w.mutable_start_date() = D(2017, 3, 31);
  *w.mutable_end_date() = D(2017, 3, 30);
  Add(request, w);
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("records[1].worker.end_date: 2017-03-30 is before start_date 2017-03-31"));
}

TEST(ValidateWorkforceBatchTest, WorkerEndingOnItsStartDayIsFine) {
  v1::IngestRequest request;
  v1::Worker w = MakeWorker("S1", "W1");
  *w.mutable_start_date() = D(2017, 3, 31);
  *w.mutable_end_date() = D(2017, 3, 31);
  Add(request, w);
  EXPECT_TRUE(ValidateWorkforceBatch(request).ok());
}

TEST(ValidateWorkforceBatchTest, WorkerNeedsEmploymentIdAndStartDate) {
  v1::IngestRequest request;
  v1::Worker w = MakeWorker("S1", "");
  w.set_employment(v1::EMPLOYMENT_TYPE_UNSPECIFIED);
  w.clear_start_date();
  Add(request, w);
  v1::Worker unknown_type = MakeWorker("S2", "W2");
  unknown_type.set_employment(static_cast<v1::EmploymentType>(7));
  Add(request, unknown_type);
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("records[0].worker.worker_id: required"),
                    HasSubstr("records[0].worker.employment: required"),
                    HasSubstr("records[0].worker.start_date: required"),
                    HasSubstr("records[1].worker.employment: unknown value 7")));
}

TEST(ValidateWorkforceBatchTest, HeaderIsChecked) {
  v1::IngestRequest request;
  v1::Worker w = MakeWorker("", "W1");
  w.mutable_header()->set_authority("E06000037");
  Add(request, w);
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("records[0].worker.header.authority"),
                    HasSubstr("records[0].worker.header.source.id: required")));
}

TEST(ValidateWorkforceBatchTest, SicknessEndBeforeStartAndFractions) {
  v1::IngestRequest request;
  Add(request, MakeWorker("S1", "W1"));
  Add(request, MakeAbsence("A1", "W1", D(2017, 3, 10), D(2017, 3, 9)));
  v1::SicknessAbsence fractions = MakeAbsence("A2", "W1", D(2017, 4, 3), D(2017, 4, 4));
  fractions.set_first_day_fraction(1.5);
  fractions.set_last_day_fraction(-0.5);
  Add(request, fractions);
  v1::SicknessAbsence open = MakeAbsence("A3", "W1", D(2017, 5, 1), std::nullopt);
  open.set_last_day_fraction(0.5);  // no last day to take a fraction of
  Add(request, open);
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(
      std::string(status.message()),
      AllOf(HasSubstr("records[1].sickness_absence.end_date: 2017-03-09 is before start_date "
                      "2017-03-10"),
            HasSubstr("records[2].sickness_absence.first_day_fraction: 1.5 is not in [0, 1]"),
            HasSubstr("records[2].sickness_absence.last_day_fraction: -0.5 is not in [0, 1]"),
            HasSubstr("records[3].sickness_absence.last_day_fraction: set, but the absence has "
                      "no end_date")));
}

TEST(ValidateWorkforceBatchTest, HalfDayFractionsAreFine) {
  v1::IngestRequest request;
  Add(request, MakeWorker("S1", "W1"));
  v1::SicknessAbsence a = MakeAbsence("A1", "W1", D(2017, 3, 1), D(2017, 3, 3));
  a.set_first_day_fraction(0.5);
  a.set_last_day_fraction(1.0);
  Add(request, a);
  EXPECT_TRUE(ValidateWorkforceBatch(request).ok());
}

TEST(ValidateWorkforceBatchTest, OverlappingSicknessForOneWorker) {
  // 1-10 March and 10-12 March share 10 March.
  v1::IngestRequest request;
  Add(request, MakeWorker("S1", "W1"));
  Add(request, MakeAbsence("A1", "W1", D(2017, 3, 1), D(2017, 3, 10)));
  Add(request, MakeAbsence("A2", "W1", D(2017, 3, 10), D(2017, 3, 12)));
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("records[2].sickness_absence.start_date: absence 2017-03-10 to "
                        "2017-03-12 overlaps records[1] (2017-03-01 to 2017-03-10) for the "
                        "same worker"));
}

TEST(ValidateWorkforceBatchTest, OpenSicknessOverlapsEverythingAfterIt) {
  // An absence with no end date runs on: one starting in June overlaps it.
  v1::IngestRequest request;
  Add(request, MakeWorker("S1", "W1"));
  Add(request, MakeAbsence("A1", "W1", D(2017, 6, 20), D(2017, 6, 21)));
  Add(request, MakeAbsence("A2", "W1", D(2017, 3, 1), std::nullopt));
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("records[2].sickness_absence.start_date: absence 2017-03-01 to open "
                        "overlaps records[1] (2017-06-20 to 2017-06-21)"));
}

TEST(ValidateWorkforceBatchTest, AbsencesThatDoNotShareADayAreFine) {
  v1::IngestRequest request;
  Add(request, MakeWorker("S1", "W1"));
  Add(request, MakeWorker("S2", "W2"));
  Add(request, MakeAbsence("A1", "W1", D(2017, 3, 1), D(2017, 3, 10)));
  Add(request, MakeAbsence("A2", "W1", D(2017, 3, 11), D(2017, 3, 12)));  // the next day
  Add(request, MakeAbsence("A3", "W2", D(2017, 3, 1), D(2017, 3, 10)));   // another worker
  // A1 sent again with corrected dates: the correction replaces A1, it does not overlap it.
  Add(request, MakeAbsence("A1", "W1", D(2017, 3, 2), D(2017, 3, 9)));
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_TRUE(status.ok()) << status;
}

TEST(ValidateWorkforceBatchTest, OneDayAbsenceWithTwoDifferentFractions) {
  // Wednesday 01/03/2017 alone: "half a day" and "a quarter of a day" cannot both be it.
  // The same fraction given twice is fine.
  v1::IngestRequest request;
  Add(request, MakeWorker("S1", "W1"));
  v1::SicknessAbsence both = MakeAbsence("A1", "W1", D(2017, 3, 1), D(2017, 3, 1));
  both.set_first_day_fraction(0.5);
  both.set_last_day_fraction(0.25);
  Add(request, both);
  v1::SicknessAbsence same = MakeAbsence("A2", "W1", D(2017, 3, 8), D(2017, 3, 8));
  same.set_first_day_fraction(0.5);
  same.set_last_day_fraction(0.5);
  Add(request, same);
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("records[1].sickness_absence.last_day_fraction: 0.25 differs from "
                              "first_day_fraction 0.5 on a one-day absence"),
                    Not(HasSubstr("records[2]"))));
}

TEST(ValidateWorkforceBatchTest, VacanciesFields) {
  v1::IngestRequest request;
  v1::Vacancies* good = request.add_records()->mutable_vacancies();
  SetHeader(good->mutable_header(), "V1");
  *good->mutable_as_of_date() = D(2016, 9, 30);
  good->set_vacant_fte(0);  // no vacancies is a figure too
  v1::Vacancies* bad = request.add_records()->mutable_vacancies();
  SetHeader(bad->mutable_header(), "V2");
  bad->set_vacant_fte(-1.5);
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("1 invalid record;"),
                    HasSubstr("records[1].vacancies.as_of_date: required"),
                    HasSubstr("records[1].vacancies.vacant_fte: -1.5 is not a number of FTE "
                              ">= 0")));
}

TEST(ValidateWorkforceBatchTest, DaysLostReturnFields) {
  // 01/10/2015..30/09/2016 has 366 days (it holds 29/02/2016): 366 days lost is possible,
  // 366.5 is not.
  v1::IngestRequest request;
  Add(request, MakeWorker("S1", "W1"));
  Add(request, MakeReturn("R1", "W1", D(2015, 10, 1), D(2016, 9, 30), 366));
  Add(request, MakeReturn("R2", "W2", D(2015, 10, 1), D(2016, 9, 30), 366.5));
  Add(request, MakeReturn("R3", "W3", D(2016, 9, 30), D(2015, 10, 1), -1));
  v1::SicknessDaysLostReturn no_dates = MakeReturn("R4", "", D(2015, 10, 1), D(2016, 9, 30), 1);
  no_dates.clear_period_start();
  no_dates.clear_period_end();
  Add(request, no_dates);
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(
      std::string(status.message()),
      AllOf(Not(HasSubstr("records[1]")),
            HasSubstr("records[2].sickness_days_lost_return.working_days_lost: 366.5 is more "
                      "than the 366 days in the period"),
            HasSubstr("records[3].sickness_days_lost_return.period_end: 2015-10-01 is before "
                      "period_start 2016-09-30"),
            HasSubstr("records[3].sickness_days_lost_return.working_days_lost: -1 is not a "
                      "number of days >= 0"),
            HasSubstr("records[4].sickness_days_lost_return.worker_id: required"),
            HasSubstr("records[4].sickness_days_lost_return.period_start: required"),
            HasSubstr("records[4].sickness_days_lost_return.period_end: required")));
}

TEST(ValidateWorkforceBatchTest, OverlappingDaysLostReturnsForOneWorker) {
  // R1 covers the census year 2015-16 and R2 2016-17: no day in common. R3 is a second
  // 2016-17 return under another source id: every day in common with R2, which would
  // count the year twice.
  v1::IngestRequest request;
  Add(request, MakeWorker("S1", "W1"));
  Add(request, MakeReturn("R1", "W1", D(2015, 10, 1), D(2016, 9, 30), 3));
  Add(request, MakeReturn("R2", "W1", D(2016, 10, 1), D(2017, 9, 30), 4));
  Add(request, MakeReturn("R3", "W1", D(2016, 10, 1), D(2017, 9, 30), 5));
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("1 invalid record;"),
                    HasSubstr("records[3].sickness_days_lost_return.period_start: return "
                              "2016-10-01 to 2017-09-30 overlaps records[2] (2016-10-01 to "
                              "2017-09-30) for the same worker")));
}

TEST(ValidateWorkforceBatchTest, RecordWithNoKind) {
  v1::IngestRequest request = GoodBatch();
  request.add_records();
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()), HasSubstr("records[4].record.kind: no record kind set"));
}

TEST(ValidateWorkforceBatchTest, SupervisionAndCaseAllocationFields) {
  v1::IngestRequest request;
  v1::SupervisionSession* s = request.add_records()->mutable_supervision();
  SetHeader(s->mutable_header(), "V1");
  v1::CaseAllocation* c = request.add_records()->mutable_case_allocation();
  SetHeader(c->mutable_header(), "C1");
  c->set_worker_id("W1");
  *c->mutable_start_date() = D(2017, 3, 1);
  *c->mutable_end_date() = D(2017, 2, 28);
  const absl::Status status = ValidateWorkforceBatch(request);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("records[0].supervision.worker_id: required"),
                    HasSubstr("records[0].supervision.session_date: required"),
                    HasSubstr("records[1].case_allocation.child_id: required"),
                    HasSubstr("records[1].case_allocation.end_date: 2017-02-28 is before "
                              "start_date 2017-03-01")));
}

// The unknown-worker check reads the authority's stored workers.
class ValidateAgainstStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("workforce_records_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = VersionedRecordStore::Open((dir_ / "workforce.sqlite").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    // W1 is stored for authority 869 under source id S1.
    const v1::Worker stored = MakeWorker("S1", "W1");
    const google::protobuf::Message* batch[] = {&stored};
    auto done = AppendRecords(*store_, batch);
    ASSERT_TRUE(done.ok()) << done.status();
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<VersionedRecordStore> store_;
};

TEST_F(ValidateAgainstStoreTest, SicknessForStoredWorkerPasses) {
  v1::IngestRequest request;
  Add(request, MakeAbsence("A1", "W1", D(2017, 3, 1), D(2017, 3, 2)));
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_TRUE(status.ok()) << status;
}

TEST_F(ValidateAgainstStoreTest, SicknessForWorkerLaterInTheBatchPasses) {
  v1::IngestRequest request;
  Add(request, MakeAbsence("A1", "W2", D(2017, 3, 1), D(2017, 3, 2)));
  Add(request, MakeWorker("S2", "W2"));
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_TRUE(status.ok()) << status;
}

TEST_F(ValidateAgainstStoreTest, SicknessForUnknownWorkerIsRejected) {
  v1::IngestRequest request;
  Add(request, MakeWorker("S2", "W2"));
  Add(request, MakeAbsence("A1", "W9", D(2017, 3, 1), D(2017, 3, 2)));
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("records[1].sickness_absence.worker_id: unknown worker (not in this "
                        "batch nor stored)"));
  // Without the store the batch cannot tell W9 is unknown, so it is let through.
  EXPECT_TRUE(ValidateWorkforceBatch(request).ok());
}

TEST_F(ValidateAgainstStoreTest, WorkerOfAnotherAuthorityIsUnknown) {
  // W1 is stored for 869, not for 870.
  v1::IngestRequest request;
  v1::SicknessAbsence a = MakeAbsence("A1", "W1", D(2017, 3, 1), D(2017, 3, 2));
  a.mutable_header()->set_authority("870");
  Add(request, a);
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("records[0].sickness_absence.worker_id: unknown worker"));
}

TEST_F(ValidateAgainstStoreTest, WorkerDeletedByTheBatchIsUnknown) {
  // The batch deletes W1's only record (S1), so once it is applied W1 is not held.
  v1::IngestRequest request;
  v1::Worker tombstone = MakeWorker("S1", "W1");
  tombstone.mutable_header()->set_deleted(true);
  Add(request, tombstone);
  Add(request, MakeAbsence("A1", "W1", D(2017, 3, 1), D(2017, 3, 2)));
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("records[1].sickness_absence.worker_id: unknown worker"));
}

TEST_F(ValidateAgainstStoreTest, SupervisionAndAllocationForUnknownWorkerAreRejected) {
  // W1 is stored; W9 is held nowhere.
  v1::IngestRequest request;
  Add(request, MakeSession("V1", "W1"));
  Add(request, MakeSession("V2", "W9"));
  Add(request, MakeAllocation("C1", "W1"));
  Add(request, MakeAllocation("C2", "W9"));
  Add(request, MakeReturn("R1", "W9", D(2015, 10, 1), D(2016, 9, 30), 2));
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("3 invalid records"),
                    HasSubstr("records[1].supervision.worker_id: unknown worker"),
                    HasSubstr("records[3].case_allocation.worker_id: unknown worker"),
                    HasSubstr("records[4].sickness_days_lost_return.worker_id: unknown worker"),
                    Not(HasSubstr("records[0]")), Not(HasSubstr("records[2]"))));
  // Without the store they cannot be judged, so they pass.
  EXPECT_TRUE(ValidateWorkforceBatch(request).ok());
}

// An absence already stored for W1: 1-10 March 2017, source hr/A7.
class StoredAbsenceTest : public ValidateAgainstStoreTest {
 protected:
  void SetUp() override {
    ValidateAgainstStoreTest::SetUp();
    const v1::SicknessAbsence stored = MakeAbsence("A7", "W1", D(2017, 3, 1), D(2017, 3, 10));
    const google::protobuf::Message* batch[] = {&stored};
    auto done = AppendRecords(*store_, batch);
    ASSERT_TRUE(done.ok()) << done.status();
  }
};

TEST_F(StoredAbsenceTest, OverlapWithAStoredAbsenceIsRejected) {
  // 10-12 March shares 10 March with the stored 1-10 March.
  v1::IngestRequest request;
  Add(request, MakeAbsence("A8", "W1", D(2017, 3, 10), D(2017, 3, 12)));
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("records[0].sickness_absence.start_date: absence 2017-03-10 to "
                        "2017-03-12 overlaps stored record hr/A7 (2017-03-01 to 2017-03-10) for "
                        "the same worker"));
  // The batch alone cannot see the stored absence.
  EXPECT_TRUE(ValidateWorkforceBatch(request).ok());
}

TEST_F(StoredAbsenceTest, AnOpenAbsenceOverlapsAStoredOneAfterIt) {
  // Open from 20 February: runs on through the stored 1-10 March.
  v1::IngestRequest request;
  Add(request, MakeAbsence("A8", "W1", D(2017, 2, 20), std::nullopt));
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("absence 2017-02-20 to open overlaps stored record hr/A7"));
}

TEST_F(StoredAbsenceTest, CorrectingOrDeletingTheStoredAbsenceMakesRoom) {
  // A7 corrected to 1-5 March: 6-8 March no longer overlaps it.
  v1::IngestRequest corrected;
  Add(corrected, MakeAbsence("A7", "W1", D(2017, 3, 1), D(2017, 3, 5)));
  Add(corrected, MakeAbsence("A8", "W1", D(2017, 3, 6), D(2017, 3, 8)));
  absl::Status status = ValidateWorkforceBatch(corrected, *store_);
  EXPECT_TRUE(status.ok()) << status;
  // The correction may come after the record it makes room for.
  v1::IngestRequest corrected_later;
  Add(corrected_later, MakeAbsence("A8", "W1", D(2017, 3, 6), D(2017, 3, 8)));
  Add(corrected_later, MakeAbsence("A7", "W1", D(2017, 3, 1), D(2017, 3, 5)));
  status = ValidateWorkforceBatch(corrected_later, *store_);
  EXPECT_TRUE(status.ok()) << status;
  // A7 deleted: 3-4 March is free.
  v1::IngestRequest deleted;
  v1::SicknessAbsence tombstone = MakeAbsence("A7", "W1", D(2017, 3, 1), D(2017, 3, 10));
  tombstone.mutable_header()->set_deleted(true);
  Add(deleted, tombstone);
  Add(deleted, MakeAbsence("A9", "W1", D(2017, 3, 3), D(2017, 3, 4)));
  status = ValidateWorkforceBatch(deleted, *store_);
  EXPECT_TRUE(status.ok()) << status;
  // Re-sending A7 as it is stored is not an overlap with itself.
  v1::IngestRequest resent;
  Add(resent, MakeAbsence("A7", "W1", D(2017, 3, 1), D(2017, 3, 10)));
  status = ValidateWorkforceBatch(resent, *store_);
  EXPECT_TRUE(status.ok()) << status;
}

TEST_F(StoredAbsenceTest, AnotherWorkersAbsenceIsNoOverlap) {
  v1::IngestRequest request;
  Add(request, MakeWorker("S2", "W2"));
  Add(request, MakeAbsence("A8", "W2", D(2017, 3, 5), D(2017, 3, 6)));
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_TRUE(status.ok()) << status;
}

TEST_F(ValidateAgainstStoreTest, BatchChecksStillApply) {
  v1::IngestRequest request;
  Add(request, MakeWorker("S2", "W2", 1.6));
  const absl::Status status = ValidateWorkforceBatch(request, *store_);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("records[0].worker.fte: 1.6 is not in (0, 1.5]"));
}

}  // namespace
}  // namespace scorecard::workforce
