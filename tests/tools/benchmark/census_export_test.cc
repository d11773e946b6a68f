#include "tools/benchmark/census_export.h"

#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/cin_census/cin_census_importer.h"
#include "tools/workforce_census/census_convert.h"
#include "tools/workforce_census/census_xml.h"

namespace scorecard::benchmark {
namespace {

namespace sv1 = ::scorecard::safeguarding::v1;
namespace wv1 = ::scorecard::workforce::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// --- CIN census ------------------------------------------------------------------------

sv1::SafeguardingRecord Referral(const std::string& id, const std::string& child, Date date,
                                 std::optional<Date> closed) {
  sv1::SafeguardingRecord r;
  sv1::Referral* x = r.mutable_referral();
  x->mutable_header()->mutable_source()->set_id(id);
  x->set_child_id(child);
  *x->mutable_referral_date() = ToProtoDate(date);
  x->set_referral_source("2A");
  if (closed.has_value()) *x->mutable_closure_date() = ToProtoDate(*closed);
  return r;
}

sv1::SafeguardingRecord Assessment(const std::string& referral_id, const std::string& child,
                                   Date referred, Date start, std::optional<Date> authorised) {
  sv1::SafeguardingRecord r;
  sv1::Assessment* x = r.mutable_assessment();
  x->set_child_id(child);
  x->set_referral_source_id(referral_id);
  *x->mutable_referral_date() = ToProtoDate(referred);
  *x->mutable_start_date() = ToProtoDate(start);
  if (authorised.has_value()) *x->mutable_authorisation_date() = ToProtoDate(*authorised);
  x->add_factors("3A");
  return r;
}

sv1::SafeguardingRecord Section47(const std::string& child, Date strategy, Date target,
                                  std::optional<Date> icpc) {
  sv1::SafeguardingRecord r;
  sv1::Section47Enquiry* x = r.mutable_section47();
  x->set_child_id(child);
  *x->mutable_strategy_discussion_date() = ToProtoDate(strategy);
  *x->mutable_icpc_target_date() = ToProtoDate(target);
  if (icpc.has_value()) *x->mutable_icpc_date() = ToProtoDate(*icpc);
  return r;
}

sv1::SafeguardingRecord Plan(const std::string& id, const std::string& child, Date start,
                             std::optional<Date> end) {
  sv1::SafeguardingRecord r;
  sv1::ChildProtectionPlan* x = r.mutable_cp_plan();
  x->mutable_header()->mutable_source()->set_id(id);
  x->set_child_id(child);
  *x->mutable_start_date() = ToProtoDate(start);
  if (end.has_value()) *x->mutable_end_date() = ToProtoDate(*end);
  x->set_category("NEG");
  return r;
}

sv1::SafeguardingRecord Review(const std::string& plan_id, const std::string& child, Date held) {
  sv1::SafeguardingRecord r;
  r.mutable_review_conference()->set_child_id(child);
  r.mutable_review_conference()->set_plan_source_id(plan_id);
  *r.mutable_review_conference()->mutable_conference_date() = ToProtoDate(held);
  return r;
}

sv1::SafeguardingRecord Episode(const std::string& child, Date start, std::optional<Date> end,
                                bool early_help) {
  sv1::SafeguardingRecord r;
  r.mutable_cin_episode()->set_child_id(child);
  *r.mutable_cin_episode()->mutable_start_date() = ToProtoDate(start);
  if (end.has_value()) *r.mutable_cin_episode()->mutable_end_date() = ToProtoDate(*end);
  r.mutable_cin_episode()->set_early_intervention(early_help);
  return r;
}

// C1: referred 03/05/2016, closed 30/06/2017; an assessment authorised in 2016-17; an
// enquiry whose ICPC is on 10/04/2017, in 2017-18, leading to a plan reviewed on
// 06/07/2017 (after the referral closed: the referral stays in 2017-18's return for it).
// C2: a referral closed on 31/03/2016, before 2016-17. C3: referred 20/03/2017, assessment
// authorised 05/04/2017.
std::vector<sv1::SafeguardingRecord> Records() {
  return {
      Referral("R1", "C1", Date(2016, 5, 3), Date(2017, 6, 30)),
      Referral("R2", "C2", Date(2015, 11, 2), Date(2016, 3, 31)),
      Referral("R3", "C3", Date(2017, 3, 20), std::nullopt),
      Assessment("R1", "C1", Date(2016, 5, 3), Date(2016, 5, 4), Date(2016, 6, 20)),
      Assessment("R2", "C2", Date(2015, 11, 2), Date(2015, 11, 3), Date(2015, 12, 1)),
      Assessment("R3", "C3", Date(2017, 3, 20), Date(2017, 3, 21), Date(2017, 4, 5)),
      Section47("C1", Date(2017, 3, 20), Date(2017, 4, 10), Date(2017, 4, 10)),
      Plan("P1", "C1", Date(2017, 4, 10), std::nullopt),
      Review("P1", "C1", Date(2017, 7, 6)),
      Episode("C1", Date(2016, 5, 3), Date(2017, 6, 30), false),
  };
}

cin_census::CinCensusImport Import(const std::string& xml) {
  cin_census::CinCensusOptions options;
  options.authority = "869";
  absl::StatusOr<cin_census::CinCensusImport> imported =
      cin_census::ImportCinCensusXml(xml, options);
  EXPECT_TRUE(imported.ok()) << imported.status();
  return imported.ok() ? *imported : cin_census::CinCensusImport();
}

TEST(CinCensusYearsTest, RunFromTheFirstReferralToTheLastDate) {
  // First referral 02/11/2015 (2015-16); last date the review on 06/07/2017 (2017-18).
  EXPECT_THAT(CinCensusYears(Records()), ElementsAre(2015, 2016, 2017));
  EXPECT_TRUE(CinCensusYears({}).empty());
}

TEST(ExportCinCensusTest, HoldsTheYearsReferralsWithDatesOnlyOnceReached) {
  const CinCensusFile census = ExportCinCensus(Records(), "869", 2016);
  EXPECT_EQ(census.children, 2);  // C1 and C3; C2 closed on 31/03/2016
  EXPECT_EQ(census.referrals, 2);
  EXPECT_THAT(census.xml, HasSubstr("<Year>2017</Year>"));
  EXPECT_THAT(census.xml, HasSubstr("<ReferenceDate>2017-03-31</ReferenceDate>"));
  EXPECT_THAT(census.xml, HasSubstr("<LEA>869</LEA>"));
  EXPECT_THAT(census.xml, Not(HasSubstr("C2")));
  // C1's closure (30/06/2017) and ICPC (10/04/2017) are after 31/03/2017; its plan starts
  // after it. C3's assessment is open at 31/03/2017.
  EXPECT_THAT(census.xml, Not(HasSubstr("CINclosureDate")));
  EXPECT_THAT(census.xml, Not(HasSubstr("DateOfInitialCPC")));
  EXPECT_THAT(census.xml, Not(HasSubstr("ChildProtectionPlans")));
  EXPECT_THAT(census.xml, Not(HasSubstr("2017-04-05")));
  EXPECT_THAT(census.xml, HasSubstr("<AssessmentAuthorisationDate>2016-06-20<"));
  EXPECT_THAT(census.xml, HasSubstr("<S47ActualStartDate>2017-03-20<"));
  EXPECT_THAT(census.xml, HasSubstr("<InitialCPCtarget>2017-04-10<"));
}

TEST(ExportCinCensusTest, LeavesOutItemsOverBeforeTheYear) {
  const CinCensusFile census = ExportCinCensus(Records(), "869", 2017);
  EXPECT_EQ(census.children, 2);
  // C1's assessment was authorised in 2016-17: not repeated. Its enquiry's ICPC (10/04/2017)
  // is in the year, so the enquiry is, now with the date; so are the plan and its review.
  EXPECT_THAT(census.xml, Not(HasSubstr("2016-05-04")));
  EXPECT_THAT(census.xml, HasSubstr("<DateOfInitialCPC>2017-04-10<"));
  EXPECT_THAT(census.xml, HasSubstr("<CINclosureDate>2017-06-30<"));
  EXPECT_THAT(census.xml, HasSubstr("<CPPstartDate>2017-04-10<"));
  EXPECT_THAT(census.xml, HasSubstr("<CPPreviewDate>2017-07-06<"));
  EXPECT_THAT(census.xml, HasSubstr("<AssessmentAuthorisationDate>2017-04-05<"));
}

TEST(ExportCinCensusTest, TheImporterReadsItAndRestatesItemsByTheirDates) {
  const cin_census::CinCensusImport y2016 = Import(ExportCinCensus(Records(), "869", 2016).xml);
  const cin_census::CinCensusImport y2017 = Import(ExportCinCensus(Records(), "869", 2017).xml);
  ASSERT_EQ(y2016.summary.children_rejected, 0);
  ASSERT_EQ(y2017.summary.children_rejected, 0);
  // 2016-17: C1 referral, episode, assessment, enquiry; C3 referral, episode, assessment.
  EXPECT_EQ(y2016.records.size(), 7u);
  // 2017-18: C1 referral, episode, enquiry, plan, review; C3 referral, episode, assessment.
  EXPECT_EQ(y2017.records.size(), 8u);
  std::string enquiry_2016, enquiry_2017;
  for (const sv1::SafeguardingRecord& r : y2016.records) {
    if (r.has_section47()) {
      EXPECT_FALSE(r.section47().has_icpc_date());
      enquiry_2016 = r.section47().header().source().id();
    }
  }
  for (const sv1::SafeguardingRecord& r : y2017.records) {
    if (r.has_section47()) {
      EXPECT_EQ(FromProtoDate(r.section47().icpc_date()), Date(2017, 4, 10));
      enquiry_2017 = r.section47().header().source().id();
    }
    if (r.has_review_conference()) {
      EXPECT_EQ(FromProtoDate(r.review_conference().conference_date()), Date(2017, 7, 6));
    }
  }
  // The same enquiry: 2017-18's restates it under the same key.
  EXPECT_FALSE(enquiry_2016.empty());
  EXPECT_EQ(enquiry_2016, enquiry_2017);
}

TEST(CinCensusCarriedRecordsTest, KeepsReferralEpisodesOnly) {
  std::vector<sv1::SafeguardingRecord> records = Records();
  records.push_back(Episode("C9", Date(2016, 7, 1), std::nullopt, false));  // looked after
  records.push_back(Episode("C1", Date(2016, 5, 3), std::nullopt, true));   // early help
  sv1::SafeguardingRecord contact;
  contact.mutable_contact()->set_child_id("C1");
  records.push_back(contact);
  const std::vector<sv1::SafeguardingRecord> carried = CinCensusCarriedRecords(records);
  // The ten of Records() (its one episode begins with R1), none of the three added.
  EXPECT_EQ(carried.size(), 10u);
  int episodes = 0;
  for (const sv1::SafeguardingRecord& r : carried) {
    EXPECT_FALSE(r.has_contact());
    if (r.has_cin_episode()) {
      ++episodes;
      EXPECT_EQ(r.cin_episode().child_id(), "C1");
      EXPECT_FALSE(r.cin_episode().early_intervention());
    }
  }
  EXPECT_EQ(episodes, 1);
}

// --- Workforce census ------------------------------------------------------------------

wv1::WorkforceRecord Worker(const std::string& id, bool agency, double fte, const std::string& role,
                            Date start, std::optional<Date> end, bool case_holding) {
  wv1::WorkforceRecord r;
  wv1::Worker* w = r.mutable_worker();
  w->set_worker_id(id);
  w->set_employment(agency ? wv1::EMPLOYMENT_TYPE_AGENCY : wv1::EMPLOYMENT_TYPE_PERMANENT);
  w->set_fte(fte);
  w->set_team("Assessment");
  w->set_role(role);
  *w->mutable_start_date() = ToProtoDate(start);
  if (end.has_value()) *w->mutable_end_date() = ToProtoDate(*end);
  w->set_case_holding(case_holding);
  return r;
}

wv1::WorkforceRecord Allocation(const std::string& worker, Date start, std::optional<Date> end) {
  wv1::WorkforceRecord r;
  r.mutable_case_allocation()->set_child_id("C1");
  r.mutable_case_allocation()->set_worker_id(worker);
  *r.mutable_case_allocation()->mutable_start_date() = ToProtoDate(start);
  if (end.has_value()) *r.mutable_case_allocation()->mutable_end_date() = ToProtoDate(*end);
  return r;
}

// The census of 30/09/2016 covers 01/10/2015 to 30/09/2016.
std::vector<wv1::WorkforceRecord> Staff() {
  return {
      // In post throughout: two allocations open on 30/09/2016 (one ending that day), one
      // that ended the day before.
      Worker("W1", false, 0.6, "social-worker", Date(2012, 9, 3), std::nullopt, true),
      // Agency, ends after the reference date.
      Worker("W2", true, 1.0, "social-worker", Date(2016, 5, 16), Date(2016, 12, 31), true),
      // Left on 30/09/2015, the day before the census year.
      Worker("W3", false, 1.0, "social-worker", Date(2010, 1, 4), Date(2015, 9, 30), true),
      // Left on 01/10/2015, the census year's first day.
      Worker("W4", false, 0.5, "team-manager", Date(2010, 1, 4), Date(2015, 10, 1), false),
      // Starts after the reference date.
      Worker("W5", false, 1.0, "social-worker", Date(2016, 10, 3), std::nullopt, true),
      // A senior practitioner with no case on 30/09/2016.
      Worker("W6", false, 1.0, "senior-practitioner", Date(2014, 2, 3), std::nullopt, true),
      Allocation("W1", Date(2016, 1, 4), std::nullopt),
      Allocation("W1", Date(2016, 6, 1), Date(2016, 9, 30)),
      Allocation("W1", Date(2016, 6, 1), Date(2016, 9, 29)),
  };
}

TEST(ExportWorkforceCensusTest, HoldsTheRolesOfTheCensusYear) {
  const WorkforceCensusFile census = ExportWorkforceCensus(Staff(), "869", 2016);
  EXPECT_EQ(census.roles, 4);  // W1, W2, W4, W6
  EXPECT_THAT(census.xml, HasSubstr("<ReferenceDate>2016-09-30</ReferenceDate>"));
  EXPECT_THAT(census.xml, Not(HasSubstr("W3")));
  EXPECT_THAT(census.xml, Not(HasSubstr("W5")));
  EXPECT_THAT(census.xml, HasSubstr("<RoleEndDate>2015-10-01<"));
  EXPECT_THAT(census.xml, Not(HasSubstr("2016-12-31")));  // W2's end is not known yet
  EXPECT_THAT(census.xml, HasSubstr("<Cases30>2</Cases30>"));
  EXPECT_THAT(census.xml, HasSubstr("<FTE>0.600000</FTE>"));
}

TEST(ExportWorkforceCensusTest, TheImporterReadsItAsTheRoles) {
  const std::string xml = ExportWorkforceCensus(Staff(), "869", 2016).xml;
  std::istringstream in(xml);
  const workforce_census::CensusInput input = workforce_census::ReadCensusXml(in, "csww.xml");
  workforce_census::ImportOptions options;
  options.authority = "869";
  const workforce_census::ImportResult result = workforce_census::ConvertCensus(input, options);
  ASSERT_TRUE(result.ok()) << result.problems.front();
  ASSERT_EQ(result.records.size(), 4u);
  std::map<std::string, wv1::Worker> by_id;
  for (const wv1::WorkforceRecord& r : result.records) {
    ASSERT_TRUE(r.has_worker());
    by_id[r.worker().worker_id()] = r.worker();
  }
  EXPECT_EQ(by_id["W1"].fte(), 0.6);
  EXPECT_EQ(by_id["W1"].employment(), wv1::EMPLOYMENT_TYPE_PERMANENT);
  EXPECT_EQ(by_id["W1"].role(), "social-worker");
  EXPECT_TRUE(by_id["W1"].case_holding());
  EXPECT_EQ(by_id["W2"].employment(), wv1::EMPLOYMENT_TYPE_AGENCY);
  EXPECT_EQ(FromProtoDate(by_id["W2"].start_date()), Date(2016, 5, 16));
  EXPECT_FALSE(by_id["W2"].has_end_date());
  EXPECT_EQ(FromProtoDate(by_id["W4"].end_date()), Date(2015, 10, 1));
  EXPECT_EQ(by_id["W4"].role(), "team-manager");
  EXPECT_FALSE(by_id["W4"].case_holding());
  // What the census cannot carry: a senior practitioner without cases on the day.
  EXPECT_EQ(by_id["W6"].role(), "senior-practitioner");
  EXPECT_FALSE(by_id["W6"].case_holding());
}

}  // namespace
}  // namespace scorecard::benchmark
