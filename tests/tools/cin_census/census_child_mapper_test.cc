#include "tools/cin_census/census_child_mapper.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/safeguarding/safeguarding_records.h"
#include "tests/tools/cin_census/cin_census_test_util.h"

namespace scorecard::cin_census {

// Lets gmock print and compare problems.
bool operator==(const ChildProblem& a, const ChildProblem& b) {
  return a.element == b.element && a.reason == b.reason;
}
void PrintTo(const ChildProblem& p, std::ostream* os) {
  *os << "{\"" << p.element << "\", \"" << p.reason << "\"}";
}

namespace {

namespace v1 = ::scorecard::safeguarding::v1;
using ::scorecard::cin_census::testing::CensusXml;
using ::scorecard::cin_census::testing::ChildXml;
using ::scorecard::cin_census::testing::RecordFromText;
using ::scorecard::cin_census::testing::SameRecords;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// The first child of a census made of `child_xml`.
CensusChild ReadChild(const std::string& child_xml) {
  CensusChild first;
  int seen = 0;
  CensusXmlReader reader([](const CensusHeader&) { return absl::OkStatus(); },
                         [&](CensusChild child) {
                           if (seen++ == 0) first = std::move(child);
                           return absl::OkStatus();
                         });
  const absl::Status status = reader.Feed(CensusXml(2017, child_xml), true);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(seen, 1);
  return first;
}

MappedChild Map(const std::string& child_xml) {
  return MapCensusChild(ReadChild(child_xml), "869");
}

// "kind source-id" for each record, e.g. "referral C1/2017-01-09".
std::vector<std::string> SourceIds(const MappedChild& mapped) {
  std::vector<std::string> ids;
  for (const v1::SafeguardingRecord& r : mapped.records) {
    // Every kind has a `header`; reflection saves a switch over the kinds.
    const google::protobuf::Reflection* reflection = r.GetReflection();
    const google::protobuf::FieldDescriptor* kind = reflection->GetOneofFieldDescriptor(
        r, v1::SafeguardingRecord::descriptor()->FindOneofByName("kind"));
    const google::protobuf::Message& record = reflection->GetMessage(r, kind);
    const google::protobuf::FieldDescriptor* header_field =
        record.GetDescriptor()->FindFieldByName("header");
    const auto& header = static_cast<const common::v1::RecordHeader&>(
        record.GetReflection()->GetMessage(record, header_field));
    ids.push_back(absl::StrCat(kind->name(), " ", header.source().id()));
  }
  return ids;
}

TEST(CensusChildMapperTest, MapsEachItemToItsRecord) {
  const MappedChild mapped = Map(ChildXml(
      "K1",
      "<CINreferralDate>2017-01-09</CINreferralDate><ReferralSource>3A</ReferralSource>"
      "<CINclosureDate>2017-03-30</CINclosureDate>"
      "<Assessments><AssessmentActualStartDate>2017-01-10</AssessmentActualStartDate>"
      "<AssessmentAuthorisationDate>2017-02-10</AssessmentAuthorisationDate>"
      "<FactorsIdentifiedAtAssessment><AssessmentFactors>8B</AssessmentFactors>"
      "<AssessmentFactors></AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>"
      "<Section47><S47ActualStartDate>2017-01-20</S47ActualStartDate>"
      "<DateOfInitialCPC>2017-02-09</DateOfInitialCPC><ICPCnotRequired>0</ICPCnotRequired>"
      "</Section47><ReferralNFA>false</ReferralNFA>"
      "<ChildProtectionPlans><CPPstartDate>2017-02-09</CPPstartDate>"
      "<InitialCategoryOfAbuse>SAB</InitialCategoryOfAbuse>"
      "<LatestCategoryOfAbuse>MUL</LatestCategoryOfAbuse>"
      "<NumberOfPreviousCPP>2</NumberOfPreviousCPP>"
      "<Reviews><CPPreviewDate>2017-03-09</CPPreviewDate></Reviews></ChildProtectionPlans>"));
  ASSERT_TRUE(mapped.ok()) << mapped.problems[0].element << ": " << mapped.problems[0].reason;
  EXPECT_EQ(mapped.child_id, "K1");
  std::vector<v1::SafeguardingRecord> expected = {
      RecordFromText(R"(referral {
        header { authority: "869" source { system: "cin-census" id: "K1/2017-01-09" } }
        child_id: "K1" referral_date { year: 2017 month: 1 day: 9 } referral_source: "3A"
        closure_date { year: 2017 month: 3 day: 30 } })"),
      RecordFromText(R"(cin_episode {
        header { authority: "869" source { system: "cin-census" id: "K1/2017-01-09" } }
        child_id: "K1" start_date { year: 2017 month: 1 day: 9 }
        end_date { year: 2017 month: 3 day: 30 } })"),
      RecordFromText(R"(assessment {
        header { authority: "869"
                 source { system: "cin-census" id: "K1/2017-01-09/assessment/2017-01-10" } }
        child_id: "K1" referral_source_id: "K1/2017-01-09"
        referral_date { year: 2017 month: 1 day: 9 } start_date { year: 2017 month: 1 day: 10 }
        authorisation_date { year: 2017 month: 2 day: 10 } factors: "8B" })"),
      RecordFromText(R"(section47 {
        header { authority: "869"
                 source { system: "cin-census" id: "K1/2017-01-09/s47/2017-01-20" } }
        child_id: "K1" strategy_discussion_date { year: 2017 month: 1 day: 20 }
        icpc_date { year: 2017 month: 2 day: 9 } })"),
      RecordFromText(R"(cp_plan {
        header { authority: "869"
                 source { system: "cin-census" id: "K1/2017-01-09/cpp/2017-02-09" } }
        child_id: "K1" start_date { year: 2017 month: 2 day: 9 } category: "SAB"
        previous_plans: 2 })"),
      RecordFromText(R"(review_conference {
        header { authority: "869"
                 source { system: "cin-census"
                          id: "K1/2017-01-09/cpp/2017-02-09/review/2017-03-09" } }
        child_id: "K1" plan_source_id: "K1/2017-01-09/cpp/2017-02-09"
        conference_date { year: 2017 month: 3 day: 9 } })"),
  };
  EXPECT_TRUE(SameRecords(mapped.records, expected));
}

TEST(CensusChildMapperTest, AReferralWithNoFurtherActionHasNoEpisode) {
  const MappedChild mapped =
      Map(ChildXml("K2",
                   "<CINreferralDate>2017-01-09</CINreferralDate>"
                   "<ReferralSource>1A</ReferralSource><ReferralNFA>true</ReferralNFA>"));
  ASSERT_TRUE(mapped.ok());
  EXPECT_THAT(SourceIds(mapped), ElementsAre("referral K2/2017-01-09"));
  EXPECT_TRUE(mapped.records[0].referral().no_further_action());
}

TEST(CensusChildMapperTest, KeysComeFromDatesSoAnItemKeepsItsKeyWhenAnEarlierOneIsDropped) {
  const std::string later_assessment =
      "<Assessments><AssessmentActualStartDate>2017-01-10</AssessmentActualStartDate>"
      "</Assessments>";
  const MappedChild this_year =
      Map(ChildXml("K3", absl::StrCat("<CINreferralDate>2016-05-03</CINreferralDate>"
                                      "<Assessments><AssessmentActualStartDate>2016-05-04"
                                      "</AssessmentActualStartDate></Assessments>",
                                      later_assessment)));
  const MappedChild next_year = Map(ChildXml(
      "K3", absl::StrCat("<CINreferralDate>2016-05-03</CINreferralDate>", later_assessment)));
  EXPECT_THAT(SourceIds(this_year),
              ElementsAre("referral K3/2016-05-03", "cin_episode K3/2016-05-03",
                          "assessment K3/2016-05-03/assessment/2016-05-04",
                          "assessment K3/2016-05-03/assessment/2017-01-10"));
  EXPECT_THAT(SourceIds(next_year),
              ElementsAre("referral K3/2016-05-03", "cin_episode K3/2016-05-03",
                          "assessment K3/2016-05-03/assessment/2017-01-10"));
}

TEST(CensusChildMapperTest, ItemsWithTheSameDateAreNumbered) {
  const std::string s47 =
      "<Section47><S47ActualStartDate>2017-01-20</S47ActualStartDate>"
      "<ICPCnotRequired>true</ICPCnotRequired></Section47>";
  const MappedChild mapped = Map(
      ChildXml("K4", absl::StrCat("<CINreferralDate>2017-01-09</CINreferralDate>", s47, s47, s47)));
  ASSERT_TRUE(mapped.ok());
  EXPECT_THAT(SourceIds(mapped), ElementsAre("referral K4/2017-01-09", "cin_episode K4/2017-01-09",
                                             "section47 K4/2017-01-09/s47/2017-01-20",
                                             "section47 K4/2017-01-09/s47/2017-01-20#2",
                                             "section47 K4/2017-01-09/s47/2017-01-20#3"));
}

TEST(CensusChildMapperTest, AuthorisationBeforeStartIsRejected) {
  const MappedChild mapped =
      Map(ChildXml("12345",
                   "<CINreferralDate>2017-01-30</CINreferralDate>"
                   "<Assessments><AssessmentActualStartDate>2017-02-03</AssessmentActualStartDate>"
                   "<AssessmentAuthorisationDate>2017-02-01</AssessmentAuthorisationDate>"
                   "</Assessments>"));
  EXPECT_THAT(mapped.problems,
              ElementsAre(ChildProblem{"CINdetails[0]/Assessments[0]/AssessmentAuthorisationDate",
                                       "2017-02-01 is before AssessmentActualStartDate "
                                       "2017-02-03 (rule 8608)"}));
  EXPECT_THAT(mapped.records, IsEmpty());
}

TEST(CensusChildMapperTest, AssessmentBeforeReferralIsRejected) {
  const MappedChild mapped =
      Map(ChildXml("K5",
                   "<CINreferralDate>2017-01-30</CINreferralDate>"
                   "<Assessments><AssessmentActualStartDate>2017-01-29</AssessmentActualStartDate>"
                   "</Assessments>"));
  EXPECT_THAT(mapped.problems,
              ElementsAre(ChildProblem{"CINdetails[0]/Assessments[0]/AssessmentActualStartDate",
                                       "2017-01-29 is before CINreferralDate 2017-01-30 "
                                       "(rule 1103)"}));
}

TEST(CensusChildMapperTest, IcpcBeforeTheSection47StartIsRejected) {
  const MappedChild mapped =
      Map(ChildXml("K6",
                   "<CINreferralDate>2017-03-27</CINreferralDate>"
                   "<Section47><S47ActualStartDate>2017-04-10</S47ActualStartDate>"
                   "<InitialCPCtarget>2017-04-07</InitialCPCtarget>"
                   "<DateOfInitialCPC>2017-04-01</DateOfInitialCPC></Section47>"));
  EXPECT_THAT(
      mapped.problems,
      ElementsAre(ChildProblem{"CINdetails[0]/Section47[0]/InitialCPCtarget",
                               "2017-04-07 is before S47ActualStartDate 2017-04-10"},
                  ChildProblem{"CINdetails[0]/Section47[0]/DateOfInitialCPC",
                               "2017-04-01 is before S47ActualStartDate 2017-04-10 (rule 8615)"}));
}

TEST(CensusChildMapperTest, PlanEndingBeforeItStartsIsRejected) {
  const MappedChild mapped =
      Map(ChildXml("K7",
                   "<CINreferralDate>2016-03-27</CINreferralDate>"
                   "<ChildProtectionPlans><CPPstartDate>2016-06-20</CPPstartDate>"
                   "<CPPendDate>2016-06-19</CPPendDate></ChildProtectionPlans>"));
  EXPECT_THAT(mapped.problems,
              ElementsAre(ChildProblem{"CINdetails[0]/ChildProtectionPlans[0]/CPPendDate",
                                       "2016-06-19 is before CPPstartDate 2016-06-20 "
                                       "(rule 8925)"}));
}

TEST(CensusChildMapperTest, ReviewOnOrBeforeThePlanStartIsRejected) {
  const MappedChild mapped =
      Map(ChildXml("K8",
                   "<CINreferralDate>2016-03-27</CINreferralDate>"
                   "<ChildProtectionPlans><CPPstartDate>2016-06-20</CPPstartDate>"
                   "<Reviews><CPPreviewDate>2016-06-19</CPPreviewDate>"
                   "<CPPreviewDate>2016-06-20</CPPreviewDate>"
                   "<CPPreviewDate>2016-06-21</CPPreviewDate>"
                   "<CPPreviewDate></CPPreviewDate></Reviews></ChildProtectionPlans>"));
  const std::string reviews = "CINdetails[0]/ChildProtectionPlans[0]/Reviews/";
  EXPECT_THAT(
      mapped.problems,
      ElementsAre(ChildProblem{reviews + "CPPreviewDate[0]",
                               "2016-06-19 is before CPPstartDate 2016-06-20 (rule 8841)"},
                  ChildProblem{reviews + "CPPreviewDate[1]",
                               "2016-06-20 is the same day as CPPstartDate 2016-06-20 (rule 8841)"},
                  ChildProblem{reviews + "CPPreviewDate[3]",
                               "empty; a review needs its date (rule 8842Q)"}));
}

TEST(CensusChildMapperTest, ImpossibleAndMalformedDatesAreRejected) {
  const MappedChild mapped =
      Map(ChildXml("K9",
                   "<CINreferralDate>2017-02-29</CINreferralDate>"
                   "<CINclosureDate>2017-3-1</CINclosureDate>"
                   "<Assessments><AssessmentActualStartDate>2301-01-01</AssessmentActualStartDate>"
                   "</Assessments><CINPlanDates><CINPlanStartDate>31/01/2017</CINPlanStartDate>"
                   "</CINPlanDates>"));
  EXPECT_THAT(mapped.problems,
              ElementsAre(ChildProblem{"CINdetails[0]/CINreferralDate",
                                       "\"2017-02-29\" is not a real date (expected YYYY-MM-DD)"},
                          ChildProblem{"CINdetails[0]/CINclosureDate",
                                       "\"2017-3-1\" is not a real date (expected YYYY-MM-DD)"},
                          ChildProblem{"CINdetails[0]/CINPlanDates[0]/CINPlanStartDate",
                                       "\"31/01/2017\" is not a real date (expected YYYY-MM-DD)"}));
  // The assessment's date is only judged once its episode's referral date is usable.
  const MappedChild far =
      Map(ChildXml("K9",
                   "<CINreferralDate>2017-02-28</CINreferralDate>"
                   "<Assessments><AssessmentActualStartDate>2301-01-01</AssessmentActualStartDate>"
                   "</Assessments>"));
  EXPECT_THAT(far.problems,
              ElementsAre(ChildProblem{"CINdetails[0]/Assessments[0]/AssessmentActualStartDate",
                                       "2301-01-01 is outside 1900-2100"}));
}

TEST(CensusChildMapperTest, MissingRequiredElementsAreRejected) {
  const MappedChild no_id =
      Map("<Child><ChildIdentifiers><UPN>A1</UPN></ChildIdentifiers><CINdetails>"
          "<CINreferralDate>2017-01-09</CINreferralDate></CINdetails></Child>");
  EXPECT_THAT(no_id.problems,
              ElementsAre(ChildProblem{"ChildIdentifiers/LAchildID",
                                       "missing (required) for the child at line 4"}));
  const MappedChild no_dates = Map(ChildXml("K10", "<ReferralSource>1A</ReferralSource>"));
  EXPECT_THAT(no_dates.problems,
              ElementsAre(ChildProblem{"CINdetails[0]/CINreferralDate", "missing (required)"}));
  const MappedChild no_start =
      Map(ChildXml("K10",
                   "<CINreferralDate>2017-01-09</CINreferralDate><Assessments>"
                   "<AssessmentActualStartDate/></Assessments><Section47/>"));
  EXPECT_THAT(no_start.problems,
              ElementsAre(ChildProblem{"CINdetails[0]/Assessments[0]/AssessmentActualStartDate",
                                       "empty; a date is required"},
                          ChildProblem{"CINdetails[0]/Section47[0]/S47ActualStartDate",
                                       "missing (required)"}));
  const MappedChild no_details =
      Map("<Child><ChildIdentifiers><LAchildID>K11</LAchildID></ChildIdentifiers></Child>");
  EXPECT_THAT(no_details.problems,
              ElementsAre(ChildProblem{"CINdetails",
                                       "missing: every child needs at least one (rule 8590)"}));
}

TEST(CensusChildMapperTest, BadFlagsCountsRepeatsAndIdsAreRejected) {
  const MappedChild mapped =
      Map(ChildXml("K/12",
                   "<CINreferralDate>2017-01-09</CINreferralDate>"
                   "<CINclosureDate>2017-01-10</CINclosureDate><CINclosureDate>2017-01-11"
                   "</CINclosureDate><ReferralNFA>yes</ReferralNFA>"
                   "<ChildProtectionPlans><CPPstartDate>2017-01-09</CPPstartDate>"
                   "<NumberOfPreviousCPP>-1</NumberOfPreviousCPP></ChildProtectionPlans>"));
  EXPECT_THAT(
      mapped.problems,
      ElementsAre(
          ChildProblem{"ChildIdentifiers/LAchildID",
                       "contains '/', which the importer's source keys use as a separator"},
          ChildProblem{"CINdetails[0]/CINclosureDate", "appears 2 times; expected at most once"},
          ChildProblem{"CINdetails[0]/ReferralNFA", "\"yes\" is not one of true, false, 1, 0"},
          ChildProblem{"CINdetails[0]/ChildProtectionPlans[0]/NumberOfPreviousCPP",
                       "\"-1\" is not a whole number of 0 or more"}));
}

TEST(CensusChildMapperTest, TheServiceValidationHasTheLastWord) {
  // The importer has no rule of its own for an ICPC date with "not required" set; the
  // safeguarding service refuses it, so the child must be rejected here too.
  const MappedChild mapped =
      Map(ChildXml("K13",
                   "<CINreferralDate>2017-01-09</CINreferralDate>"
                   "<Section47><S47ActualStartDate>2017-01-20</S47ActualStartDate>"
                   "<DateOfInitialCPC>2017-02-09</DateOfInitialCPC>"
                   "<ICPCnotRequired>true</ICPCnotRequired></Section47>"));
  ASSERT_THAT(mapped.problems, SizeIs(1));
  EXPECT_EQ(mapped.problems[0].element, "CINdetails[0]/Section47[0]");
  EXPECT_EQ(mapped.problems[0].reason,
            "rejected by the safeguarding service's validation: "
            "section47.icpc_not_required: set, but an ICPC date is given");
  EXPECT_THAT(mapped.records, IsEmpty());

  // Source keys longer than the service accepts.
  const MappedChild long_id =
      Map(ChildXml(std::string(120, 'L'), "<CINreferralDate>2017-01-09</CINreferralDate>"));
  ASSERT_THAT(long_id.problems, SizeIs(2));
  EXPECT_THAT(long_id.problems[0].reason, HasSubstr("referral.header.source.id: longer than"));
}

TEST(CensusChildMapperTest, AnOversizedChildIsRejected) {
  CensusChild child;
  child.la_child_id = {"K14", 1};
  child.too_large = true;
  const MappedChild mapped = MapCensusChild(child, "869");
  ASSERT_THAT(mapped.problems, SizeIs(1));
  EXPECT_THAT(mapped.problems[0].reason, HasSubstr("elements; not read"));
}

TEST(CensusChildMapperTest, AcceptedRecordsPassTheServiceValidation) {
  const MappedChild mapped = Map(
      ChildXml("K15",
               "<CINreferralDate>2016-05-03</CINreferralDate><ReferralSource>2A</ReferralSource>"
               "<Assessments><AssessmentActualStartDate>2016-05-04</AssessmentActualStartDate>"
               "</Assessments><ChildProtectionPlans><CPPstartDate>2016-06-20</CPPstartDate>"
               "<Reviews><CPPreviewDate>2016-09-15</CPPreviewDate></Reviews>"
               "</ChildProtectionPlans>"));
  ASSERT_TRUE(mapped.ok());
  v1::IngestRequest request;
  for (const v1::SafeguardingRecord& r : mapped.records) *request.add_records() = r;
  EXPECT_TRUE(safeguarding::ValidateSafeguardingBatch(request).ok());
  EXPECT_THAT(request.records(), SizeIs(5));
}

}  // namespace
}  // namespace scorecard::cin_census
