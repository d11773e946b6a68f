// The placement service without a network: records ingested into a real store come back as
// measures, through the same Traits the server runs.
#include "services/placement/placement_service.h"

#include <map>
#include <optional>
#include <string>

#include "common/concurrency/executor.h"
#include "common/records/proto_date.h"
#include "common/time/authority_calendars.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/test_authorizer.h"
#include "common/audit/in_memory_audit_sink.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::HasSubstr;

cv1::RecordHeader Header(const std::string& id) {
  cv1::RecordHeader h;
  h.set_authority("869");
  h.mutable_source()->set_system("ssda903");
  h.mutable_source()->set_id(id);
  return h;
}

void AddEpisode(v1::IngestRequest& request, const std::string& id, const std::string& child,
                Date start, const std::string& legal_status) {
  v1::Episode* e = request.add_records()->mutable_episode();
  *e->mutable_header() = Header(id);
  e->set_child_id(child);
  *e->mutable_start_date() = ToProtoDate(start);
  e->set_reason_new_episode("S");
  e->set_legal_status(legal_status);
  e->set_placement("U4");
}

v1::LacReview* AddReview(v1::IngestRequest& request, const std::string& id,
                         const std::string& child, Date held) {
  v1::LacReview* r = request.add_records()->mutable_review();
  *r->mutable_header() = Header(id);
  r->set_child_id(child);
  *r->mutable_review_date() = ToProtoDate(held);
  return r;
}

class PlacementServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
        VersionedRecordStore::Open(dir_.File("placement.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    authorizer_ = ProductionPolicyAuthorizer();
    service_ = std::make_unique<PlacementServiceImpl>(store_.get(), &executor_, &calendars_,
                                                      authorizer_.get(), &audit_sink_);
  }

  // measure id -> {numerator, denominator} for one month on each measure's natural basis,
  // from the data now or as recorded at `as_at`.
  std::map<std::string, std::pair<double, double>> MeasuresFor(
      int year, int month, const std::string& team = "",
      std::optional<google::protobuf::Timestamp> as_at = std::nullopt) {
    cv1::GetMeasuresRequest request;
    request.set_authority("869");
    request.mutable_from_month()->set_year(year);
    request.mutable_from_month()->set_month(month);
    *request.mutable_to_month() = request.from_month();
    request.set_team(team);
    if (as_at.has_value()) *request.mutable_as_at() = *as_at;
    absl::StatusOr<cv1::GetMeasuresResponse> response = service_->ComputeMeasures(request);
    EXPECT_TRUE(response.ok()) << response.status();
    std::map<std::string, std::pair<double, double>> out;
    if (!response.ok()) return out;
    for (const cv1::MeasureValue& v : response->values()) {
      out[v.measure_id()] = {v.numerator(), v.denominator()};
    }
    return out;
  }

  ScopedTempDir dir_;
  Executor executor_{1};
  std::unique_ptr<VersionedRecordStore> store_;
  AuthorityCalendars calendars_;  // bank holidays only
  std::unique_ptr<Authorizer> authorizer_;
  audit::InMemoryAuditSink audit_sink_{"test"};
  std::unique_ptr<PlacementServiceImpl> service_;
};

TEST_F(PlacementServiceTest, IngestedRecordsBecomeMeasures) {
  // Children A and B became looked after Mon 22/05/2017 (first review due Tue 20/06/2017,
  // 29/05 being a bank holiday): A reviewed 20/06 (on time), B 21/06 (late). C is on a
  // series of short breaks (V4). A is UASC, in team DCT; B and C have no child record.
  v1::IngestRequest request;
  v1::LookedAfterChild* a = request.add_records()->mutable_child();
  *a->mutable_header() = Header("child-A");
  a->set_child_id("A");
  *a->mutable_birth_date() = ToProtoDate(Date(2002, 7, 1));
  a->set_uasc(true);
  a->set_team("DCT");
  AddEpisode(request, "ep-A", "A", Date(2017, 5, 22), "C2");
  AddEpisode(request, "ep-B", "B", Date(2017, 5, 22), "C2");
  AddEpisode(request, "ep-C", "C", Date(2017, 5, 22), "V4");
  AddReview(request, "rev-A", "A", Date(2017, 6, 20));
  AddReview(request, "rev-B", "B", Date(2017, 6, 21));
  cv1::IngestResponse ingested;
  ASSERT_TRUE(service_->DoIngest(request, &ingested).ok());

  auto june = MeasuresFor(2017, 6);
  EXPECT_EQ(june["placement.lac_count"], std::make_pair(2.0, 1.0));
  EXPECT_EQ(june["placement.lac_uasc"], std::make_pair(1.0, 1.0));
  EXPECT_EQ(june["placement.lac_reviews_on_time"], std::make_pair(1.0, 2.0));

  auto dct = MeasuresFor(2017, 6, "DCT");
  EXPECT_EQ(dct["placement.lac_count"], std::make_pair(1.0, 1.0));
  EXPECT_EQ(dct["placement.lac_reviews_on_time"], std::make_pair(1.0, 1.0));

  // Deleting A's review (a tombstone) leaves A with none by 20/06: late.
  v1::IngestRequest deletion;
  AddReview(deletion, "rev-A", "A", Date(2017, 6, 20))->mutable_header()->set_deleted(true);
  ASSERT_TRUE(service_->DoIngest(deletion, &ingested).ok());
  EXPECT_EQ(MeasuresFor(2017, 6)["placement.lac_reviews_on_time"], std::make_pair(0.0, 2.0));
}

TEST_F(PlacementServiceTest, InvalidBatchIsRejectedWhole) {
  v1::IngestRequest request;
  AddEpisode(request, "ep-A", "A", Date(2017, 5, 22), "C2");
  AddEpisode(request, "ep-B", "B", Date(2017, 5, 22), "Q7");
  cv1::IngestResponse ingested;
  absl::Status status = service_->DoIngest(request, &ingested);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("records[1].episode.legal_status"));
  // Nothing was written, not even the valid first episode.
  EXPECT_EQ(MeasuresFor(2017, 6)["placement.lac_count"], std::make_pair(0.0, 1.0));
}

v1::LacVisit* AddVisit(v1::IngestRequest& request, const std::string& id, const std::string& child,
                       Date day) {
  v1::LacVisit* v = request.add_records()->mutable_visit();
  *v->mutable_header() = Header(id);
  v->set_child_id(child);
  *v->mutable_visit_date() = ToProtoDate(day);
  v->set_seen(true);
  return v;
}

TEST_F(PlacementServiceTest, CorrectionRestatesTheCurrentFigureButNotTheAsPublishedOne) {
  // A looked after since 06/03/2017, seen 10/05/2017: at Wed 31/05/2017 (6 weeks back:
  // 19/04) seen in time. B looked after since 06/03/2017, seen 20/04/2017: also in time.
  v1::IngestRequest request;
  AddEpisode(request, "ep-A", "A", Date(2017, 3, 6), "C2");
  AddEpisode(request, "ep-B", "B", Date(2017, 3, 6), "C2");
  AddVisit(request, "vis-A-1", "A", Date(2017, 5, 10));
  AddVisit(request, "vis-B-1", "B", Date(2017, 4, 20));
  cv1::IngestResponse published;
  ASSERT_TRUE(service_->DoIngest(request, &published).ok());
  EXPECT_EQ(MeasuresFor(2017, 5)["placement.lac_visits_within_6w"], std::make_pair(2.0, 2.0));

  // In June the visit to A is found to have been keyed wrongly: it was on 10/03/2017, before
  // 19/04. The correction re-sends the same source key.
  v1::IngestRequest correction;
  AddVisit(correction, "vis-A-1", "A", Date(2017, 3, 10));
  cv1::IngestResponse corrected;
  ASSERT_TRUE(service_->DoIngest(correction, &corrected).ok());
  EXPECT_EQ(corrected.new_versions(), 1);

  // Now (restated): May's figure is 1 of 2.
  EXPECT_EQ(MeasuresFor(2017, 5)["placement.lac_visits_within_6w"], std::make_pair(1.0, 2.0));
  // As published (as at the first batch's recorded instant): still 2 of 2.
  EXPECT_EQ(MeasuresFor(2017, 5, "", published.recorded_at())["placement.lac_visits_within_6w"],
            std::make_pair(2.0, 2.0));
  // As at the correction: the restated figure.
  EXPECT_EQ(MeasuresFor(2017, 5, "", corrected.recorded_at())["placement.lac_visits_within_6w"],
            std::make_pair(1.0, 2.0));
}

TEST_F(PlacementServiceTest, PopulationAndSettingsComeInThroughIngest) {
  // Two children looked after since 06/03/2017, A seen 02/05/2017 (within 6 weeks of 31/05,
  // not within 4: back to 03/05).
  v1::IngestRequest request;
  AddEpisode(request, "ep-A", "A", Date(2017, 3, 6), "C2");
  AddEpisode(request, "ep-B", "B", Date(2017, 3, 6), "C2");
  AddVisit(request, "vis-A-1", "A", Date(2017, 5, 2));
  cv1::PopulationEstimate* population = request.add_records()->mutable_population();
  *population->mutable_header() = Header("ons-mid-2016");
  population->set_year(2016);
  population->set_population_0_17(35570);
  cv1::IngestResponse ingested;
  ASSERT_TRUE(service_->DoIngest(request, &ingested).ok());
  auto may = MeasuresFor(2017, 5);
  EXPECT_EQ(may["placement.lac_rate"], std::make_pair(2.0, 35570.0));
  EXPECT_EQ(may["placement.lac_visits_within_6w"], std::make_pair(1.0, 2.0));

  // Four-weekly visits from 01/05/2017.
  v1::IngestRequest settings;
  v1::PlacementSettings* s = settings.add_records()->mutable_settings();
  *s->mutable_header() = Header("settings-2017-05");
  *s->mutable_effective_from() = ToProtoDate(Date(2017, 5, 1));
  s->set_lac_visit_interval_weeks(4);
  ASSERT_TRUE(service_->DoIngest(settings, &ingested).ok());
  EXPECT_EQ(MeasuresFor(2017, 5)["placement.lac_visits_within_6w"], std::make_pair(0.0, 2.0));

  // A second estimate for 2016 under another source key is rejected, naming the first.
  v1::IngestRequest clash;
  cv1::PopulationEstimate* other = clash.add_records()->mutable_population();
  *other->mutable_header() = Header("local-mid-2016");
  other->set_year(2016);
  other->set_population_0_17(35600);
  absl::Status status = service_->DoIngest(clash, &ingested);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("under source ssda903/ons-mid-2016"));
}

}  // namespace
}  // namespace scorecard::placement
