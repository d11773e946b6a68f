#include "services/safeguarding/safeguarding_records.h"

#include <string>

#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "services/safeguarding/safeguarding_settings.h"

namespace scorecard::safeguarding {
namespace {

void SetHeader(v1::Referral* r, const std::string& id) {
  r->mutable_header()->set_authority("869");
  r->mutable_header()->mutable_source()->set_system("lcs");
  r->mutable_header()->mutable_source()->set_id(id);
}

v1::IngestRequest GoodBatch() {
  v1::IngestRequest request;
  v1::Referral* r = request.add_records()->mutable_referral();
  SetHeader(r, "R1");
  r->set_child_id("C1");
  *r->mutable_referral_date() = ToProtoDate(Date(2017, 4, 10));
  v1::Section47Enquiry* s = request.add_records()->mutable_section47();
  s->mutable_header()->set_authority("869");
  s->mutable_header()->mutable_source()->set_system("lcs");
  s->mutable_header()->mutable_source()->set_id("S1");
  s->set_child_id("C1");
  *s->mutable_strategy_discussion_date() = ToProtoDate(Date(2017, 4, 10));
  *s->mutable_icpc_date() = ToProtoDate(Date(2017, 5, 4));
  return request;
}

std::string Message(const absl::Status& s) { return std::string(s.message()); }

TEST(SafeguardingRecordsTest, AGoodBatchPasses) {
  EXPECT_TRUE(ValidateSafeguardingBatch(GoodBatch()).ok());
}

TEST(SafeguardingRecordsTest, IcpcBeforeTheStrategyDiscussionIsRejected) {
  v1::IngestRequest request = GoodBatch();
  *request.mutable_records(1)->mutable_section47()->mutable_icpc_date() =
      ToProtoDate(Date(2017, 4, 1));
  const absl::Status s = ValidateSafeguardingBatch(request);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(Message(s).find("records[1].section47.icpc_date: 2017-04-01 is before "
                            "strategy_discussion_date 2017-04-10"),
            std::string::npos)
      << Message(s);
}

TEST(SafeguardingRecordsTest, AssessmentAuthorisedBeforeItStartedIsRejected) {
  v1::IngestRequest request;
  v1::Assessment* a = request.add_records()->mutable_assessment();
  a->mutable_header()->set_authority("869");
  a->mutable_header()->mutable_source()->set_system("lcs");
  a->mutable_header()->mutable_source()->set_id("A1");
  a->set_child_id("C1");
  *a->mutable_start_date() = ToProtoDate(Date(2017, 4, 12));
  *a->mutable_authorisation_date() = ToProtoDate(Date(2017, 4, 11));
  const absl::Status s = ValidateSafeguardingBatch(request);
  EXPECT_NE(Message(s).find("records[0].assessment.authorisation_date"), std::string::npos)
      << Message(s);
}

TEST(SafeguardingRecordsTest, MissingSourceKeyUnknownAuthorityAndEmptyRecordAreAllListed) {
  v1::IngestRequest request = GoodBatch();
  request.mutable_records(0)->mutable_referral()->mutable_header()->mutable_source()->clear_id();
  request.mutable_records(1)->mutable_section47()->mutable_header()->set_authority("E06000037");
  request.add_records();  // no kind set
  const absl::Status s = ValidateSafeguardingBatch(request);
  EXPECT_NE(Message(s).find("3 invalid records"), std::string::npos) << Message(s);
  EXPECT_NE(Message(s).find("records[0].referral.header.source.id: required"), std::string::npos);
  EXPECT_NE(Message(s).find("records[1].section47.header.authority"), std::string::npos);
  EXPECT_NE(Message(s).find("records[2].record.kind: no record kind set"), std::string::npos);
}

TEST(SafeguardingRecordsTest, ImpossibleDateIsNamed) {
  v1::IngestRequest request = GoodBatch();
  common::v1::Date* d = request.mutable_records(0)->mutable_referral()->mutable_referral_date();
  d->set_year(2017);
  d->set_month(2);
  d->set_day(29);
  const absl::Status s = ValidateSafeguardingBatch(request);
  EXPECT_NE(Message(s).find("records[0].referral.referral_date: 2017-02-29 is not a real date"),
            std::string::npos)
      << Message(s);
}

TEST(SafeguardingRecordsTest, PlanEndingBeforeItStartsIsRejected) {
  v1::IngestRequest request;
  v1::ChildProtectionPlan* p = request.add_records()->mutable_cp_plan();
  p->mutable_header()->set_authority("869");
  p->mutable_header()->mutable_source()->set_system("lcs");
  p->mutable_header()->mutable_source()->set_id("P1");
  p->set_child_id("C1");
  *p->mutable_start_date() = ToProtoDate(Date(2017, 3, 31));
  *p->mutable_end_date() = ToProtoDate(Date(2017, 3, 30));
  EXPECT_NE(Message(ValidateSafeguardingBatch(request)).find("records[0].cp_plan.end_date"),
            std::string::npos);
}

template <typename Record>
void SetKey(Record* r, const std::string& system, const std::string& id) {
  r->mutable_header()->set_authority("869");
  r->mutable_header()->mutable_source()->set_system(system);
  r->mutable_header()->mutable_source()->set_id(id);
}

common::v1::PopulationEstimate* AddPopulation(v1::IngestRequest& request, const std::string& id,
                                              int year, int64_t population) {
  common::v1::PopulationEstimate* p = request.add_records()->mutable_population();
  SetKey(p, "ons", id);
  p->set_year(year);
  p->set_population_0_17(population);
  return p;
}

v1::SafeguardingSettings* AddSettings(v1::IngestRequest& request) {
  v1::SafeguardingSettings* s = request.add_records()->mutable_settings();
  SetKey(s, "settings", "safeguarding");
  return s;
}

TEST(SafeguardingRecordsTest, PopulationYearAndSizeAreChecked) {
  v1::IngestRequest request;
  AddPopulation(request, "mid-2016", 2016, 35570);
  EXPECT_TRUE(ValidateSafeguardingBatch(request).ok());
  AddPopulation(request, "old", 1989, 35570);
  AddPopulation(request, "empty", 2017, 0);
  AddPopulation(request, "again", 2016, 35600);  // a second mid-2016 in one batch
  const absl::Status s = ValidateSafeguardingBatch(request);
  EXPECT_NE(Message(s).find("3 invalid records"), std::string::npos) << Message(s);
  EXPECT_NE(Message(s).find("records[1].population.year: 1989 is not in 1990..2100"),
            std::string::npos);
  EXPECT_NE(Message(s).find("records[2].population.population_0_17: 0 is not positive"),
            std::string::npos);
  EXPECT_NE(Message(s).find("records[3].population.year: also given by records[0]"),
            std::string::npos);
}

TEST(SafeguardingRecordsTest, SettingsAcceptUnsetFieldsAndRejectNonPositiveOrHugeOnes) {
  v1::IngestRequest request;
  v1::SafeguardingSettings* s = AddSettings(request);
  s->set_assessment_clock_start(v1::ASSESSMENT_CLOCK_START_ASSESSMENT_START);
  s->set_icpc_report_lead_working_days(2);
  EXPECT_TRUE(ValidateSafeguardingBatch(request).ok()) << ValidateSafeguardingBatch(request);
  s->set_cp_visit_interval_working_days(0);  // set, but not positive
  s->set_rcpc_report_lead_working_days(-5);
  s->set_core_group_interval_weeks(42);  // days typed for weeks
  s->set_first_core_group_working_days(31);
  s->set_assessment_clock_start(static_cast<v1::AssessmentClockStart>(7));
  const std::string m = Message(ValidateSafeguardingBatch(request));
  EXPECT_NE(m.find("records[0].settings.cp_visit_interval_working_days: 0 is not in 1..65"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("records[0].settings.rcpc_report_lead_working_days: -5 is not in 1..20"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("records[0].settings.core_group_interval_weeks: 42 is not in 1..26"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("records[0].settings.first_core_group_working_days: 31 is not in 1..30"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("records[0].settings.assessment_clock_start: unknown value 7"),
            std::string::npos)
      << m;
  EXPECT_EQ(m.find("icpc_report_lead_working_days"), std::string::npos) << m;
}

TEST(SafeguardingRecordsTest, SettingsHaveOneSourceKeyAndOneRecordPerBatch) {
  v1::IngestRequest request;
  AddSettings(request);
  v1::SafeguardingSettings* other = AddSettings(request);
  other->mutable_header()->mutable_source()->set_id("local");
  AddSettings(request);  // a second with the right key
  const std::string m = Message(ValidateSafeguardingBatch(request));
  EXPECT_NE(m.find("records[1].settings.header.source: must be (\"settings\", "
                   "\"safeguarding\")"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("records[2].settings.header.authority: also given by records[0]"),
            std::string::npos)
      << m;
}

TEST(SafeguardingRecordsTest, LookedAfterPeriodsAndFactorsAreChecked) {
  v1::IngestRequest request;
  v1::CinEpisode* e = request.add_records()->mutable_cin_episode();
  SetKey(e, "lcs", "E1");
  e->set_child_id("C1");
  *e->mutable_start_date() = ToProtoDate(Date(2016, 6, 1));
  v1::LookedAfterPeriod* ok = e->add_looked_after_periods();
  *ok->mutable_start_date() = ToProtoDate(Date(2016, 12, 1));
  v1::LookedAfterPeriod* bad = e->add_looked_after_periods();
  *bad->mutable_start_date() = ToProtoDate(Date(2017, 2, 1));
  *bad->mutable_end_date() = ToProtoDate(Date(2017, 1, 31));
  e->add_looked_after_periods();  // no start
  v1::Assessment* a = request.add_records()->mutable_assessment();
  SetKey(a, "lcs", "A1");
  a->set_child_id("C1");
  *a->mutable_start_date() = ToProtoDate(Date(2017, 1, 3));
  a->add_factors("11A");
  a->add_factors("");
  const std::string m = Message(ValidateSafeguardingBatch(request));
  EXPECT_NE(m.find("records[0].cin_episode.looked_after_periods[1].end_date: 2017-01-31 is "
                   "before looked_after_periods[1].start_date 2017-02-01"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("records[0].cin_episode.looked_after_periods[2].start_date: required"),
            std::string::npos)
      << m;
  EXPECT_EQ(m.find("looked_after_periods[0]"), std::string::npos) << m;
  EXPECT_NE(m.find("records[1].assessment.factors[1]: empty"), std::string::npos) << m;
}

TEST(SafeguardingSettingsTest, DefaultsAndOverrides) {
  const SafeguardingSettings defaults;
  EXPECT_EQ(defaults.assessment_clock, AssessmentClock::kReferral);
  EXPECT_EQ(defaults.cp_visit_interval_working_days, 10);
  EXPECT_EQ(defaults.icpc_report_lead_working_days, 3);
  EXPECT_EQ(defaults.rcpc_report_lead_working_days, 5);
  EXPECT_EQ(defaults.core_group_interval_weeks, 6);
  EXPECT_EQ(defaults.first_core_group_working_days, 10);

  v1::SafeguardingSettings record;  // nothing set: every default stands
  SafeguardingSettings s = SettingsFromProto(record);
  EXPECT_EQ(s.assessment_clock, AssessmentClock::kReferral);
  EXPECT_EQ(s.cp_visit_interval_working_days, 10);
  record.set_assessment_clock_start(v1::ASSESSMENT_CLOCK_START_ASSESSMENT_START);
  record.set_cp_visit_interval_working_days(20);
  record.set_rcpc_report_lead_working_days(3);
  s = SettingsFromProto(record);
  EXPECT_EQ(s.assessment_clock, AssessmentClock::kAssessmentStart);
  EXPECT_EQ(s.cp_visit_interval_working_days, 20);
  EXPECT_EQ(s.rcpc_report_lead_working_days, 3);
  EXPECT_EQ(s.icpc_report_lead_working_days, 3);  // unset: default
  EXPECT_EQ(s.core_group_interval_weeks, 6);
}

}  // namespace
}  // namespace scorecard::safeguarding
