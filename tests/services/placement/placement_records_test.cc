// Validation of placement ingest batches: every problem named by index, kind and field.
#include "services/placement/placement_records.h"

#include <string>
#include <vector>

#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::placement {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

common::v1::RecordHeader Header(const std::string& id) {
  common::v1::RecordHeader h;
  h.set_authority("869");
  h.mutable_source()->set_system("ssda903");
  h.mutable_source()->set_id(id);
  return h;
}

common::v1::Date D(int y, int m, int d) { return ToProtoDate(Date(y, m, d)); }

v1::Episode GoodEpisode() {
  v1::Episode e;
  *e.mutable_header() = Header("ep-1");
  e.set_child_id("C1");
  *e.mutable_start_date() = D(2017, 4, 3);
  e.set_reason_new_episode("S");
  e.set_legal_status("C2");
  e.set_category_of_need("N1");
  e.set_placement("U4");
  e.set_placement_provider("PR1");
  *e.mutable_end_date() = D(2017, 6, 1);
  e.set_reason_ceased("X1");
  e.set_reason_place_change("CARPL");
  return e;
}

// One valid record of every kind in the oneof.
v1::IngestRequest GoodBatch() {
  v1::IngestRequest request;
  v1::LookedAfterChild* child = request.add_records()->mutable_child();
  *child->mutable_header() = Header("child-1");
  child->set_child_id("C1");
  *child->mutable_birth_date() = D(2010, 3, 14);
  child->set_sex("1");
  child->set_ethnicity("WBRI");
  child->set_uasc(true);
  *child->mutable_uasc_ceased_date() = D(2017, 9, 1);
  child->set_team("DCT");

  *request.add_records()->mutable_episode() = GoodEpisode();

  v1::LacReview* review = request.add_records()->mutable_review();
  *review->mutable_header() = Header("rev-1");
  review->set_child_id("C1");
  *review->mutable_review_date() = D(2017, 4, 28);
  review->set_participation_code("PN1");

  v1::LacVisit* visit = request.add_records()->mutable_visit();
  *visit->mutable_header() = Header("vis-1");
  visit->set_child_id("C1");
  *visit->mutable_visit_date() = D(2017, 4, 7);
  visit->set_seen(true);

  v1::HealthCheck* health = request.add_records()->mutable_health_check();
  *health->mutable_header() = Header("hc-1");
  health->set_child_id("C1");
  health->set_kind(v1::HEALTH_CHECK_KIND_INITIAL_HEALTH_ASSESSMENT);
  *health->mutable_check_date() = D(2017, 4, 20);

  v1::AdoptionMilestones* adoption = request.add_records()->mutable_adoption();
  *adoption->mutable_header() = Header("ad-1");
  adoption->set_child_id("C1");
  *adoption->mutable_should_be_placed_date() = D(2017, 5, 2);
  *adoption->mutable_placement_order_date() = D(2017, 7, 3);
  *adoption->mutable_matched_date() = D(2017, 9, 4);
  *adoption->mutable_placed_date() = D(2017, 9, 18);
  *adoption->mutable_adoption_order_date() = D(2018, 2, 1);

  v1::CareProceedings* proceedings = request.add_records()->mutable_proceedings();
  *proceedings->mutable_header() = Header("cp-1");
  proceedings->set_child_id("C1");
  *proceedings->mutable_issued_date() = D(2017, 4, 3);
  *proceedings->mutable_concluded_date() = D(2017, 9, 25);

  v1::PreProceedings* pre = request.add_records()->mutable_pre_proceedings();
  *pre->mutable_header() = Header("pp-1");
  pre->set_child_id("C1");
  *pre->mutable_start_date() = D(2017, 1, 9);
  *pre->mutable_decision_to_issue_date() = D(2017, 3, 20);
  *pre->mutable_issued_date() = D(2017, 4, 3);
  *pre->mutable_end_date() = D(2017, 4, 3);

  v1::CarerApproval* approval = request.add_records()->mutable_carer_approval();
  *approval->mutable_header() = Header("fc-1");
  approval->set_kind(v1::CARER_KIND_FOSTER_CARER);
  *approval->mutable_approval_date() = D(2017, 5, 11);

  common::v1::PopulationEstimate* population = request.add_records()->mutable_population();
  *population->mutable_header() = Header("mid-2016");
  population->set_year(2016);
  population->set_population_0_17(35570);
  population->set_source("ONS MYE 2016");

  v1::PlacementSettings* settings = request.add_records()->mutable_settings();
  *settings->mutable_header() = Header("settings-2017");
  *settings->mutable_effective_from() = D(2017, 4, 1);
  settings->set_lac_visit_interval_weeks(6);
  settings->set_initial_health_assessment_working_days(20);
  settings->set_long_term_placement_visit_interval_weeks(13);

  v1::UascPeriod* uasc = request.add_records()->mutable_uasc_period();
  *uasc->mutable_header() = Header("C1");
  uasc->set_child_id("C1");
  *uasc->mutable_ceased_date() = D(2017, 9, 1);

  v1::ChildTeamAssignment* team = request.add_records()->mutable_team_assignment();
  *team->mutable_header() = Header("C1/2017-04-03");
  team->set_child_id("C1");
  *team->mutable_from_date() = D(2017, 4, 3);
  team->set_team("DCT");

  v1::Oc2Outcomes* oc2 = request.add_records()->mutable_oc2_outcomes();
  *oc2->mutable_header() = Header("C1/2016");
  oc2->set_child_id("C1");
  oc2->set_collection_year(2016);
  oc2->set_sdq_score(14);
  oc2->set_teeth_checked(true);
  oc2->set_immunisations_up_to_date(false);

  v1::CareLeaverOutcome* oc3 = request.add_records()->mutable_care_leaver_outcome();
  *oc3->mutable_header() = Header("C9/2016");
  oc3->set_child_id("C9");
  oc3->set_collection_year(2016);
  oc3->set_in_touch("YES");
  oc3->set_activity("F2");
  oc3->set_accommodation("S1");

  v1::PreviousPermanence* previous = request.add_records()->mutable_previous_permanence();
  *previous->mutable_header() = Header("C1");
  previous->set_child_id("C1");
  previous->set_previous_permanence("P2");
  previous->set_arranged_by_authority("872");
  previous->mutable_order_date()->set_year(2012);  // ZZ/ZZ/2012

  v1::SocialWorkerEpisode* worker = request.add_records()->mutable_social_worker_episode();
  *worker->mutable_header() = Header("C1/2017-04-03");
  worker->set_child_id("C1");
  worker->set_worker_id("SW123456");
  worker->mutable_start_date()->set_year(2017);
  worker->mutable_start_date()->set_month(4);
  worker->mutable_start_date()->set_day(3);
  worker->set_reason("MANAGE");

  adoption->set_decision_reversed_reason("RD2");
  *adoption->mutable_decision_reversed_date() = D(2017, 6, 1);
  approval->set_carer_id("HH-0042");
  return request;
}

common::v1::PopulationEstimate Population(const std::string& id, int year, int64_t people) {
  common::v1::PopulationEstimate p;
  *p.mutable_header() = Header(id);
  p.set_year(year);
  p.set_population_0_17(people);
  return p;
}

v1::PlacementSettings Settings(const std::string& id, common::v1::Date effective_from) {
  v1::PlacementSettings s;
  *s.mutable_header() = Header(id);
  *s.mutable_effective_from() = effective_from;
  return s;
}

v1::IngestRequest OneEpisode(const v1::Episode& e) {
  v1::IngestRequest request;
  *request.add_records()->mutable_episode() = e;
  return request;
}

TEST(ValidatePlacementBatchTest, GoodBatchWithEveryKindPasses) {
  v1::IngestRequest request = GoodBatch();
  ASSERT_EQ(request.records_size(), 17);  // one per oneof member
  absl::Status status = ValidatePlacementBatch(request);
  EXPECT_TRUE(status.ok()) << status;
}

TEST(ValidatePlacementBatchTest, UnknownLegalStatusNamesIndexAndField) {
  v1::IngestRequest request = GoodBatch();
  request.mutable_records(1)->mutable_episode()->set_legal_status("X9");
  absl::Status status = ValidatePlacementBatch(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("1 invalid record;"));
  EXPECT_THAT(status.message(), HasSubstr("records[1].episode.legal_status: unknown code \"X9\""));
}

TEST(ValidatePlacementBatchTest, EndBeforeStartIsRejected) {
  v1::Episode e = GoodEpisode();
  *e.mutable_end_date() = D(2017, 4, 2);
  absl::Status status = ValidatePlacementBatch(OneEpisode(e));
  EXPECT_THAT(status.message(),
              HasSubstr("records[0].episode.end_date: 2017-04-02 is before start_date 2017-04-03"));
}

TEST(ValidatePlacementBatchTest, MissingSourceIdIsRejected) {
  v1::IngestRequest request = GoodBatch();
  request.mutable_records(2)->mutable_review()->mutable_header()->mutable_source()->clear_id();
  absl::Status status = ValidatePlacementBatch(request);
  EXPECT_THAT(status.message(), HasSubstr("records[2].review.header.source.id: required"));
}

TEST(ValidatePlacementBatchTest, EveryProblemInTheBatchIsListed) {
  v1::IngestRequest request = GoodBatch();
  request.mutable_records(0)->mutable_child()->clear_child_id();
  request.mutable_records(3)->mutable_visit()->clear_visit_date();
  request.mutable_records(7)->mutable_pre_proceedings()->clear_start_date();
  absl::Status status = ValidatePlacementBatch(request);
  EXPECT_THAT(status.message(), HasSubstr("3 invalid records;"));
  EXPECT_THAT(status.message(), HasSubstr("records[0].child.child_id: required"));
  EXPECT_THAT(status.message(), HasSubstr("records[3].visit.visit_date: required"));
  EXPECT_THAT(status.message(), HasSubstr("records[7].pre_proceedings.start_date: required"));
}

TEST(ValidatePlacementBatchTest, EpisodeCodesMustComeFromThe903Lists) {
  v1::Episode e = GoodEpisode();
  e.set_reason_new_episode("X");
  e.set_placement("U7");
  e.set_reason_ceased("E4");  // E4A and E4B exist; E4 does not
  e.set_category_of_need("N9");
  absl::Status status = ValidatePlacementBatch(OneEpisode(e));
  EXPECT_THAT(status.message(), HasSubstr("records[0].episode.reason_new_episode: unknown code"));
  EXPECT_THAT(status.message(), HasSubstr("records[0].episode.placement: unknown code \"U7\""));
  EXPECT_THAT(status.message(), HasSubstr("records[0].episode.reason_ceased: unknown code \"E4\""));
  EXPECT_THAT(status.message(),
              HasSubstr("records[0].episode.category_of_need: unknown code \"N9\""));
}

TEST(ValidatePlacementBatchTest, EpisodeNeedsReasonLegalStatusAndPlacement) {
  v1::Episode e = GoodEpisode();
  e.clear_reason_new_episode();
  e.clear_legal_status();
  e.clear_placement();
  absl::Status status = ValidatePlacementBatch(OneEpisode(e));
  EXPECT_THAT(status.message(), HasSubstr("records[0].episode.reason_new_episode: required"));
  EXPECT_THAT(status.message(), HasSubstr("records[0].episode.legal_status: required"));
  EXPECT_THAT(status.message(), HasSubstr("records[0].episode.placement: required"));
}

// The code lists as the DfE 903 specification for 2024-25 gives them, typed out here from
// the specification rather than read from ssda903_codes.h.
TEST(ValidatePlacementBatchTest, AcceptsEvery903Code) {
  const std::vector<std::string> rne = {"S", "L", "P", "T", "U", "B"};
  const std::vector<std::string> ls = {"C1", "C2", "D1", "E1", "J1", "J2", "J3",
                                       "L1", "L2", "L3", "V2", "V3", "V4"};
  const std::vector<std::string> place = {"A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2",
                                          "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1", "T2",
                                          "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"};
  const std::vector<std::string> rec = {"E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2",
                                        "E3",  "E4A", "E4B", "E41", "E45", "E46", "E47", "E48",
                                        "E5",  "E6",  "E7",  "E8",  "E9",  "X1"};
  for (const std::string& code : rne) {
    v1::Episode e = GoodEpisode();
    e.set_reason_new_episode(code);
    EXPECT_TRUE(ValidatePlacementBatch(OneEpisode(e)).ok()) << "RNE " << code;
  }
  for (const std::string& code : ls) {
    v1::Episode e = GoodEpisode();
    e.set_legal_status(code);
    EXPECT_TRUE(ValidatePlacementBatch(OneEpisode(e)).ok()) << "LS " << code;
  }
  for (const std::string& code : place) {
    v1::Episode e = GoodEpisode();
    e.set_placement(code);
    EXPECT_TRUE(ValidatePlacementBatch(OneEpisode(e)).ok()) << "PLACE " << code;
  }
  for (const std::string& code : rec) {
    v1::Episode e = GoodEpisode();
    e.set_reason_ceased(code);
    EXPECT_TRUE(ValidatePlacementBatch(OneEpisode(e)).ok()) << "REC " << code;
  }
}

TEST(ValidatePlacementBatchTest, RejectsRetiredOrMisspelledCodes) {
  // None of these is in the 2024-25 lists; codes are case-sensitive.
  for (const char* code : {"A1", "A2", "H1", "u4"}) {
    v1::Episode e = GoodEpisode();
    e.set_placement(code);
    EXPECT_FALSE(ValidatePlacementBatch(OneEpisode(e)).ok()) << "PLACE " << code;
  }
  for (const char* code : {"V1", "c2", "C3"}) {
    v1::Episode e = GoodEpisode();
    e.set_legal_status(code);
    EXPECT_FALSE(ValidatePlacementBatch(OneEpisode(e)).ok()) << "LS " << code;
  }
  v1::Episode e = GoodEpisode();
  e.set_reason_new_episode("s");
  EXPECT_FALSE(ValidatePlacementBatch(OneEpisode(e)).ok());
}

TEST(ValidatePlacementBatchTest, EndDateAndReasonCeasedComeTogether) {
  v1::Episode no_reason = GoodEpisode();
  no_reason.clear_reason_ceased();
  EXPECT_THAT(ValidatePlacementBatch(OneEpisode(no_reason)).message(),
              HasSubstr("records[0].episode.reason_ceased: required when end_date is set"));

  v1::Episode no_end = GoodEpisode();
  no_end.clear_end_date();
  EXPECT_THAT(ValidatePlacementBatch(OneEpisode(no_end)).message(),
              HasSubstr("records[0].episode.reason_ceased: set, but end_date is not"));

  v1::Episode open = GoodEpisode();
  open.clear_end_date();
  open.clear_reason_ceased();
  EXPECT_TRUE(ValidatePlacementBatch(OneEpisode(open)).ok());
}

TEST(ValidatePlacementBatchTest, HealthCheckKindMustBeSet) {
  v1::IngestRequest request = GoodBatch();
  request.mutable_records(4)->mutable_health_check()->set_kind(v1::HEALTH_CHECK_KIND_UNSPECIFIED);
  EXPECT_THAT(ValidatePlacementBatch(request).message(),
              HasSubstr("records[4].health_check.kind: required"));
  request.mutable_records(4)->mutable_health_check()->set_kind(
      static_cast<v1::HealthCheckKind>(42));
  EXPECT_THAT(ValidatePlacementBatch(request).message(),
              HasSubstr("records[4].health_check.kind: unknown value 42"));
}

TEST(ValidatePlacementBatchTest, CarerApprovalKindMustBeSet) {
  v1::IngestRequest request = GoodBatch();
  request.mutable_records(8)->mutable_carer_approval()->set_kind(v1::CARER_KIND_UNSPECIFIED);
  EXPECT_THAT(ValidatePlacementBatch(request).message(),
              HasSubstr("records[8].carer_approval.kind: required"));
}

TEST(ValidatePlacementBatchTest, ChildRecordChecks) {
  v1::IngestRequest request = GoodBatch();
  v1::LookedAfterChild* child = request.mutable_records(0)->mutable_child();
  child->clear_birth_date();
  child->set_ethnicity("XXXX");
  absl::Status status = ValidatePlacementBatch(request);
  EXPECT_THAT(status.message(), HasSubstr("records[0].child.birth_date: required"));
  EXPECT_THAT(status.message(), HasSubstr("records[0].child.ethnicity: unknown code \"XXXX\""));

  v1::IngestRequest ceased_not_uasc = GoodBatch();
  ceased_not_uasc.mutable_records(0)->mutable_child()->set_uasc(false);
  EXPECT_THAT(ValidatePlacementBatch(ceased_not_uasc).message(),
              HasSubstr("records[0].child.uasc_ceased_date: set, but uasc is false"));
}

TEST(ValidatePlacementBatchTest, ReviewParticipationCodeIsChecked) {
  v1::IngestRequest request = GoodBatch();
  request.mutable_records(2)->mutable_review()->set_participation_code("PN8");
  EXPECT_THAT(ValidatePlacementBatch(request).message(),
              HasSubstr("records[2].review.participation_code: unknown code \"PN8\""));
}

TEST(ValidatePlacementBatchTest, DatesInOtherRecordsMustBeInOrder) {
  v1::IngestRequest request = GoodBatch();
  // Matched 04/09/2017, placed 01/09/2017: placement before the match (903 rule 331).
  *request.mutable_records(5)->mutable_adoption()->mutable_placed_date() = D(2017, 9, 1);
  // Proceedings concluded before they were issued.
  *request.mutable_records(6)->mutable_proceedings()->mutable_concluded_date() = D(2017, 4, 1);
  // Issued 03/04/2017, before the decision to issue, now 05/04/2017.
  *request.mutable_records(7)->mutable_pre_proceedings()->mutable_decision_to_issue_date() =
      D(2017, 4, 5);
  // Placement order 10/09/2017, after the 04/09/2017 match: allowed (A2 counts it as 0 days).
  *request.mutable_records(5)->mutable_adoption()->mutable_placement_order_date() = D(2017, 9, 10);
  absl::Status status = ValidatePlacementBatch(request);
  EXPECT_THAT(status.message(),
              HasSubstr("records[5].adoption.placed_date: 2017-09-01 is before matched_date"));
  EXPECT_THAT(status.message(), HasSubstr("records[6].proceedings.concluded_date: 2017-04-01 is "
                                          "before issued_date 2017-04-03"));
  EXPECT_THAT(status.message(), HasSubstr("records[7].pre_proceedings.issued_date: 2017-04-03 "
                                          "is before decision_to_issue_date 2017-04-05"));
  EXPECT_THAT(status.message(), Not(HasSubstr("placement_order_date")));
  EXPECT_THAT(status.message(), HasSubstr("3 invalid records;"));
}

TEST(ValidatePlacementBatchTest, RecordWithNoKindIsRejected) {
  v1::IngestRequest request = GoodBatch();
  request.add_records();
  EXPECT_THAT(ValidatePlacementBatch(request).message(),
              HasSubstr("records[17].record.kind: no record kind set"));
}

TEST(ValidatePlacementBatchTest, PopulationYearAndCountAreChecked) {
  v1::IngestRequest request;
  *request.add_records()->mutable_population() = Population("p-1", 1989, 35570);
  *request.add_records()->mutable_population() = Population("p-2", 2101, 35570);
  *request.add_records()->mutable_population() = Population("p-3", 2016, 0);
  *request.add_records()->mutable_population() = Population("p-4", 1990, 1);  // bounds: fine
  *request.add_records()->mutable_population() = Population("p-5", 2100, 1);
  absl::Status status = ValidatePlacementBatch(request);
  EXPECT_THAT(status.message(), HasSubstr("3 invalid records;"));
  EXPECT_THAT(status.message(), HasSubstr("records[0].population.year: 1989 is outside 1990-2100"));
  EXPECT_THAT(status.message(), HasSubstr("records[1].population.year: 2101 is outside 1990-2100"));
  EXPECT_THAT(status.message(),
              HasSubstr("records[2].population.population_0_17: must be positive, got 0"));
}

TEST(ValidatePlacementBatchTest, SettingsNeedADayAndFieldsInRange) {
  v1::IngestRequest request;
  v1::PlacementSettings* no_day = request.add_records()->mutable_settings();
  *no_day = Settings("s-1", common::v1::Date());
  v1::PlacementSettings* out_of_range = request.add_records()->mutable_settings();
  *out_of_range = Settings("s-2", D(2017, 4, 1));
  out_of_range->set_lac_visit_interval_weeks(53);
  out_of_range->set_initial_health_assessment_working_days(-1);
  out_of_range->set_long_term_placement_visit_interval_weeks(60);
  v1::PlacementSettings* limits = request.add_records()->mutable_settings();
  *limits = Settings("s-3", D(2017, 5, 1));
  limits->set_lac_visit_interval_weeks(52);
  limits->set_initial_health_assessment_working_days(100);
  absl::Status status = ValidatePlacementBatch(request);
  EXPECT_THAT(status.message(), HasSubstr("2 invalid records;"));
  EXPECT_THAT(status.message(), HasSubstr("records[0].settings.effective_from: required"));
  EXPECT_THAT(status.message(),
              HasSubstr("records[1].settings.lac_visit_interval_weeks: must be 0 (the default) "
                        "or 1 to 52, got 53"));
  EXPECT_THAT(status.message(),
              HasSubstr("records[1].settings.initial_health_assessment_working_days: must be 0 "
                        "(the default) or 1 to 100, got -1"));
  EXPECT_THAT(status.message(),
              HasSubstr("records[1].settings.long_term_placement_visit_interval_weeks"));
  EXPECT_THAT(status.message(), Not(HasSubstr("records[2]")));
}

TEST(ValidatePlacementBatchTest, OneEstimatePerYearAndOneSettingsRecordPerDayInABatch) {
  v1::IngestRequest request;
  *request.add_records()->mutable_population() = Population("ons-2016", 2016, 35570);
  *request.add_records()->mutable_population() = Population("local-2016", 2016, 35600);
  // The same source key re-sent in the batch is a correction, not a clash.
  *request.add_records()->mutable_population() = Population("ons-2016", 2016, 35575);
  *request.add_records()->mutable_settings() = Settings("s-a", D(2017, 4, 1));
  *request.add_records()->mutable_settings() = Settings("s-b", D(2017, 4, 1));
  *request.add_records()->mutable_settings() = Settings("s-c", D(2017, 5, 1));
  absl::Status status = ValidatePlacementBatch(request);
  EXPECT_THAT(status.message(), HasSubstr("2 invalid records;"));
  EXPECT_THAT(status.message(),
              HasSubstr("records[1].population.year: 2016 already has an estimate under source "
                        "ssda903/ons-2016"));
  EXPECT_THAT(status.message(),
              HasSubstr("records[4].settings.effective_from: 2017-04-01 already has settings "
                        "under source ssda903/s-a"));
}

TEST(ValidatePlacementBatchTest, ClashesWithRecordsAlreadyStoredAreRejected) {
  ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
      VersionedRecordStore::Open(dir.File("placement.sqlite"));
  ASSERT_TRUE(store.ok()) << store.status();
  v1::IngestRequest first;
  *first.add_records()->mutable_population() = Population("ons-2016", 2016, 35570);
  *first.add_records()->mutable_settings() = Settings("s-a", D(2017, 4, 1));
  ASSERT_TRUE(ValidatePlacementBatch(first, **store).ok());
  ASSERT_TRUE(AppendRecords(**store, RecordsInOneofs(first.records())).ok());

  v1::IngestRequest clash;
  *clash.add_records()->mutable_population() = Population("local-2016", 2016, 35600);
  *clash.add_records()->mutable_settings() = Settings("s-b", D(2017, 4, 1));
  absl::Status status = ValidatePlacementBatch(clash, **store);
  EXPECT_THAT(status.message(),
              HasSubstr("records[0].population.year: 2016 already has an estimate under source "
                        "ssda903/ons-2016"));
  EXPECT_THAT(status.message(),
              HasSubstr("records[1].settings.effective_from: 2017-04-01 already has settings"));
  // Without the store the batch alone has no clash.
  EXPECT_TRUE(ValidatePlacementBatch(clash).ok());

  // A correction under the stored key, or a new key once the old one is deleted, is fine;
  // so is moving the stored estimate to another year and reusing its old year.
  v1::IngestRequest fine;
  *fine.add_records()->mutable_population() = Population("ons-2016", 2016, 35575);
  common::v1::PopulationEstimate deleted = Population("ons-2016", 2016, 35575);
  deleted.mutable_header()->set_deleted(true);
  *fine.add_records()->mutable_population() = deleted;
  *fine.add_records()->mutable_population() = Population("local-2016", 2016, 35600);
  *fine.add_records()->mutable_settings() = Settings("s-a", D(2017, 3, 1));
  *fine.add_records()->mutable_settings() = Settings("s-b", D(2017, 4, 1));
  absl::Status ok = ValidatePlacementBatch(fine, **store);
  EXPECT_TRUE(ok.ok()) << ok;

  // Another authority's estimate for the same year is no clash.
  v1::IngestRequest other_authority;
  common::v1::PopulationEstimate reading = Population("ons-2016", 2016, 120000);
  reading.mutable_header()->set_authority("872");
  *other_authority.add_records()->mutable_population() = reading;
  EXPECT_TRUE(ValidatePlacementBatch(other_authority, **store).ok());
}

// ---- the rest of the 903 (issue 4) ------------------------------------------------------

v1::IngestRequest OneRecord(const v1::PlacementRecord& r) {
  v1::IngestRequest request;
  *request.add_records() = r;
  return request;
}

// The record of `kind` in GoodBatch, to spoil.
v1::PlacementRecord GoodOf(v1::PlacementRecord::KindCase kind) {
  const v1::IngestRequest batch = GoodBatch();
  for (const v1::PlacementRecord& r : batch.records()) {
    if (r.kind_case() == kind) return r;
  }
  ADD_FAILURE() << "no record of kind " << kind;
  return {};
}

TEST(ValidatePlacementBatchTest, UascPeriodAndTeamAssignment) {
  v1::PlacementRecord uasc = GoodOf(v1::PlacementRecord::kUascPeriod);
  *uasc.mutable_uasc_period()->mutable_from_date() = D(2017, 9, 2);  // after ceased
  EXPECT_THAT(ValidatePlacementBatch(OneRecord(uasc)).message(),
              HasSubstr("records[0].uasc_period.ceased_date: 2017-09-01 is before from_date "
                        "2017-09-02"));
  uasc.mutable_uasc_period()->clear_child_id();
  EXPECT_THAT(ValidatePlacementBatch(OneRecord(uasc)).message(),
              HasSubstr("records[0].uasc_period.child_id: required"));

  v1::PlacementRecord team = GoodOf(v1::PlacementRecord::kTeamAssignment);
  team.mutable_team_assignment()->clear_team();
  team.mutable_team_assignment()->clear_from_date();
  const absl::Status status = ValidatePlacementBatch(OneRecord(team));
  EXPECT_THAT(status.message(), HasSubstr("records[0].team_assignment.team: required"));
  EXPECT_THAT(status.message(), HasSubstr("records[0].team_assignment.from_date: required"));
}

TEST(ValidatePlacementBatchTest, Oc2AndOc3OutcomesAreCheckedAgainstThe903) {
  v1::PlacementRecord oc2 = GoodOf(v1::PlacementRecord::kOc2Outcomes);
  oc2.mutable_oc2_outcomes()->set_sdq_score(41);
  oc2.mutable_oc2_outcomes()->set_sdq_reason("SDQ6");
  oc2.mutable_oc2_outcomes()->clear_collection_year();
  absl::Status status = ValidatePlacementBatch(OneRecord(oc2));
  EXPECT_THAT(status.message(), HasSubstr("records[0].oc2_outcomes.sdq_score: 41 is outside 0-40"));
  EXPECT_THAT(status.message(),
              HasSubstr("records[0].oc2_outcomes.sdq_reason: unknown code \"SDQ6\""));
  EXPECT_THAT(status.message(), HasSubstr("records[0].oc2_outcomes.collection_year: required"));
  oc2.mutable_oc2_outcomes()->set_sdq_score(0);  // a score of 0 is a score
  oc2.mutable_oc2_outcomes()->clear_sdq_reason();
  oc2.mutable_oc2_outcomes()->set_collection_year(2016);
  EXPECT_TRUE(ValidatePlacementBatch(OneRecord(oc2)).ok());

  v1::PlacementRecord oc3 = GoodOf(v1::PlacementRecord::kCareLeaverOutcome);
  oc3.mutable_care_leaver_outcome()->clear_in_touch();
  oc3.mutable_care_leaver_outcome()->set_accommodation("S");  // suitability is part of it
  oc3.mutable_care_leaver_outcome()->set_collection_year(1989);
  status = ValidatePlacementBatch(OneRecord(oc3));
  EXPECT_THAT(status.message(), HasSubstr("records[0].care_leaver_outcome.in_touch: required"));
  EXPECT_THAT(status.message(),
              HasSubstr("records[0].care_leaver_outcome.accommodation: unknown code \"S\""));
  EXPECT_THAT(status.message(),
              HasSubstr("records[0].care_leaver_outcome.collection_year: 1989 is outside"));
}

TEST(ValidatePlacementBatchTest, PartialDatesAreCheckedPartByPart) {
  v1::PlacementRecord previous = GoodOf(v1::PlacementRecord::kPreviousPermanence);
  v1::PartialDate* when = previous.mutable_previous_permanence()->mutable_order_date();
  when->set_month(13);
  EXPECT_THAT(ValidatePlacementBatch(OneRecord(previous)).message(),
              HasSubstr("records[0].previous_permanence.order_date.month: 13 is neither 0 (not "
                        "known) nor 1-12"));
  when->set_month(2);
  when->set_day(30);  // 30/02/2012
  EXPECT_THAT(ValidatePlacementBatch(OneRecord(previous)).message(),
              HasSubstr("records[0].previous_permanence.order_date: 2012-2-30 is not a real date"));
  when->set_day(0);  // ZZ/02/2012
  EXPECT_TRUE(ValidatePlacementBatch(OneRecord(previous)).ok());

  // DfE rule 635: Z1 (none) has no authority or date.
  previous.mutable_previous_permanence()->set_previous_permanence("Z1");
  const absl::Status status = ValidatePlacementBatch(OneRecord(previous));
  EXPECT_THAT(status.message(),
              HasSubstr("previous_permanence.arranged_by_authority: set, but previous_permanence "
                        "is Z1"));
  EXPECT_THAT(status.message(), HasSubstr("previous_permanence.order_date: set, but"));

  v1::PlacementRecord worker = GoodOf(v1::PlacementRecord::kSocialWorkerEpisode);
  v1::SocialWorkerEpisode* w = worker.mutable_social_worker_episode();
  w->mutable_end_date()->set_year(2017);
  w->mutable_end_date()->set_month(3);
  w->mutable_end_date()->set_day(31);
  w->set_reason("BORED");
  w->set_worker_id("Jo Bloggs");  // a name, not an id
  const absl::Status sw = ValidatePlacementBatch(OneRecord(worker));
  EXPECT_THAT(sw.message(), HasSubstr("social_worker_episode.end_date: 2017-03-31 is before "
                                      "start_date 2017-04-03"));
  EXPECT_THAT(sw.message(), HasSubstr("social_worker_episode.reason: unknown code \"BORED\""));
  EXPECT_THAT(sw.message(), HasSubstr("social_worker_episode.worker_id: holds whitespace"));
  EXPECT_THAT(sw.message(), Not(HasSubstr("Bloggs")));
  // Unknown parts compare with nothing: an end of ZZ/ZZ/2017 is fine.
  w->mutable_end_date()->set_month(0);
  w->mutable_end_date()->set_day(0);
  w->set_reason("");
  w->set_worker_id("SW1");
  EXPECT_TRUE(ValidatePlacementBatch(OneRecord(worker)).ok());
  w->clear_start_date();
  EXPECT_THAT(ValidatePlacementBatch(OneRecord(worker)).message(),
              HasSubstr("social_worker_episode.start_date: required"));
}

TEST(ValidatePlacementBatchTest, AdoptionReversalAndCarerId) {
  v1::PlacementRecord adoption = GoodOf(v1::PlacementRecord::kAdoption);
  *adoption.mutable_adoption()->mutable_decision_reversed_date() = D(2017, 5, 1);
  adoption.mutable_adoption()->set_decision_reversed_reason("RD5");
  const absl::Status status = ValidatePlacementBatch(OneRecord(adoption));
  EXPECT_THAT(status.message(), HasSubstr("adoption.decision_reversed_date: 2017-05-01 is before "
                                          "should_be_placed_date 2017-05-02"));
  EXPECT_THAT(status.message(),
              HasSubstr("adoption.decision_reversed_reason: unknown code \"RD5\""));

  v1::PlacementRecord approval = GoodOf(v1::PlacementRecord::kCarerApproval);
  approval.mutable_carer_approval()->set_carer_id("The Smiths");
  EXPECT_THAT(ValidatePlacementBatch(OneRecord(approval)).message(),
              HasSubstr("carer_approval.carer_id: holds whitespace"));
  approval.mutable_carer_approval()->clear_carer_id();  // optional
  EXPECT_TRUE(ValidatePlacementBatch(OneRecord(approval)).ok());
}

}  // namespace
}  // namespace scorecard::placement
