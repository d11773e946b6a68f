#include "tools/cin_census/census_xml_reader.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/tools/cin_census/cin_census_test_util.h"

namespace scorecard::cin_census {
namespace {

using ::scorecard::cin_census::testing::CensusXml;
using ::scorecard::cin_census::testing::ReadFile;
using ::scorecard::cin_census::testing::Testdata;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Parsed {
  absl::Status status;
  CensusHeader header;
  int header_calls = 0;
  std::vector<CensusChild> children;
};

// Feeds `xml` in pieces of `piece` bytes (0: all at once).
Parsed Parse(const std::string& xml, size_t piece = 0) {
  Parsed parsed;
  CensusXmlReader reader(
      [&](const CensusHeader& header) {
        parsed.header = header;
        ++parsed.header_calls;
        return absl::OkStatus();
      },
      [&](CensusChild child) {
        parsed.children.push_back(std::move(child));
        return absl::OkStatus();
      });
  const size_t step = piece == 0 ? xml.size() : piece;
  for (size_t at = 0; at < xml.size() && parsed.status.ok(); at += step) {
    parsed.status = reader.Feed(absl::string_view(xml).substr(at, step), false);
  }
  if (parsed.status.ok()) parsed.status = reader.Feed("", true);
  return parsed;
}

// Everything the reader collected for a child, as text, so two reads can be compared.
std::string Describe(const CensusChild& c) {
  std::string out =
      absl::StrCat("line=", c.line, " id=", c.la_child_id.text, "/", c.la_child_id.count,
                   " dob=", c.birth_date.text, " too_large=", c.too_large);
  for (const CensusCinDetails& d : c.cin_details) {
    absl::StrAppend(&out, " | ref=", d.referral_date.text, " src=", d.referral_source.text,
                    " need=", d.primary_need.text, " closed=", d.closure_date.text,
                    " reason=", d.closure_reason.text, " nfa=", d.no_further_action.text,
                    " icpc=", d.icpc_date.text);
    for (const CensusAssessment& a : d.assessments) {
      absl::StrAppend(&out, " A(", a.start_date.text, ",", a.internal_review_date.text, ",",
                      a.authorisation_date.text, ",", absl::StrJoin(a.factors, "+"), ")");
    }
    for (const CensusCinPlan& p : d.cin_plans) {
      absl::StrAppend(&out, " P(", p.start_date.text, ",", p.end_date.text, ")");
    }
    for (const CensusSection47& s : d.section47s) {
      absl::StrAppend(&out, " S(", s.start_date.text, ",", s.icpc_target_date.text, ",",
                      s.icpc_date.text, ",", s.icpc_not_required.text, ")");
    }
    for (const CensusPlan& p : d.plans) {
      absl::StrAppend(&out, " C(", p.start_date.text, ",", p.end_date.text, ",",
                      p.initial_category.text, ",", p.latest_category.text, ",",
                      p.previous_plans.text, ",", absl::StrJoin(p.review_dates, "+"), ")");
    }
  }
  return out;
}

TEST(CensusXmlReaderTest, ReadsEveryUsedElementOfTheGoodFile) {
  const Parsed parsed = Parse(ReadFile(Testdata("good_2017.xml")));
  ASSERT_TRUE(parsed.status.ok()) << parsed.status;
  EXPECT_EQ(parsed.header_calls, 1);
  EXPECT_EQ(parsed.header.collection.text, "CIN");
  EXPECT_EQ(parsed.header.year.text, "2017");
  EXPECT_EQ(parsed.header.reference_date.text, "2017-03-31");
  EXPECT_THAT(parsed.header.leas, ElementsAre("869"));
  ASSERT_EQ(parsed.children.size(), 2u);
  EXPECT_EQ(Describe(parsed.children[0]),
            "line=22 id=C100001/1 dob=2010-07-14 too_large=0"
            " | ref=2016-05-03 src=2A need=N1 closed=2017-02-28 reason=RC1 nfa=false icpc="
            " A(2016-05-04,2016-05-20,2016-06-20,11A+10A) P(2016-06-21,2016-06-30)"
            " S(2016-06-01,2016-06-22,2016-06-20,false)"
            " C(2016-06-20,2017-02-28,NEG,EMO,1,2016-09-15+2017-01-12)"
            " | ref=2017-03-20 src=1A need= closed=2017-03-20 reason=RC8 nfa=1 icpc=");
  EXPECT_EQ(Describe(parsed.children[1]),
            "line=82 id=C100002/1 dob=2014-01-30 too_large=0"
            " | ref=2017-01-09 src=3A need=N2 closed= reason= nfa=0 icpc="
            " A(2017-01-10,,,) S(2017-02-01,2017-02-22,,true)");
}

TEST(CensusXmlReaderTest, ChunkBoundariesDoNotMatter) {
  const std::string xml = ReadFile(Testdata("good_2017.xml"));
  const Parsed whole = Parse(xml);
  const Parsed bytewise = Parse(xml, 1);
  ASSERT_TRUE(bytewise.status.ok()) << bytewise.status;
  ASSERT_EQ(bytewise.children.size(), whole.children.size());
  for (size_t i = 0; i < whole.children.size(); ++i) {
    EXPECT_EQ(Describe(bytewise.children[i]), Describe(whole.children[i]));
  }
}

TEST(CensusXmlReaderTest, NotWellFormedNamesLineAndColumn) {
  const Parsed parsed = Parse(ReadFile(Testdata("not_well_formed.xml")));
  EXPECT_EQ(parsed.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status.message(), "not well-formed XML at line 12, column 29: mismatched tag");
  EXPECT_THAT(parsed.children, IsEmpty());
}

TEST(CensusXmlReaderTest, TruncatedFileIsNotWellFormed) {
  const std::string xml = ReadFile(Testdata("good_2017.xml"));
  const Parsed parsed = Parse(xml.substr(0, xml.size() / 2));
  EXPECT_EQ(parsed.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status.message(), HasSubstr("not well-formed XML at line"));
}

TEST(CensusXmlReaderTest, RootMustBeMessage) {
  const Parsed parsed = Parse("<EXPSSDA903><CHILD/></EXPSSDA903>");
  EXPECT_EQ(parsed.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status.message(), HasSubstr("<EXPSSDA903>"));
}

TEST(CensusXmlReaderTest, MessageWithoutChildrenIsRefused) {
  const Parsed parsed = Parse("<Message><Header/></Message>");
  EXPECT_EQ(parsed.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parsed.status.message(), HasSubstr("no <Children>"));
}

TEST(CensusXmlReaderTest, IgnoresNamespacePrefixesAndElementsItDoesNotUse) {
  const Parsed parsed = Parse(
      "<c:Message xmlns:c=\"urn:example\"><c:Header><c:CollectionDetails><c:Year>2025</c:Year>"
      "</c:CollectionDetails></c:Header><c:Children><c:Child><c:ChildIdentifiers>"
      "<c:LAchildID> X1 </c:LAchildID><c:Sex>U</c:Sex><c:GenderCurrent>0</c:GenderCurrent>"
      "<c:Unknown><c:LAchildID>nested, not the child's</c:LAchildID></c:Unknown>"
      "</c:ChildIdentifiers><c:CINdetails><c:CINreferralDate>2024-05-01</c:CINreferralDate>"
      "<c:Mystery><c:Assessments><c:AssessmentActualStartDate>2024-05-02"
      "</c:AssessmentActualStartDate></c:Assessments></c:Mystery>"
      "</c:CINdetails></c:Child></c:Children></c:Message>");
  ASSERT_TRUE(parsed.status.ok()) << parsed.status;
  EXPECT_EQ(parsed.header.year.text, "2025");
  ASSERT_EQ(parsed.children.size(), 1u);
  EXPECT_EQ(parsed.children[0].la_child_id.text, "X1");  // trimmed
  EXPECT_EQ(parsed.children[0].la_child_id.count, 1);
  ASSERT_EQ(parsed.children[0].cin_details.size(), 1u);
  EXPECT_EQ(parsed.children[0].cin_details[0].referral_date.text, "2024-05-01");
  // Assessments under an unknown element are not the episode's assessments.
  EXPECT_THAT(parsed.children[0].cin_details[0].assessments, IsEmpty());
}

TEST(CensusXmlReaderTest, CountsRepeatsOfSingleElements) {
  const Parsed parsed = Parse(CensusXml(
      2017,
      "<Child><ChildIdentifiers><LAchildID>X</LAchildID></ChildIdentifiers><CINdetails>"
      "<CINreferralDate>2016-05-01</CINreferralDate><CINreferralDate>2016-06-01</CINreferralDate>"
      "</CINdetails></Child>"));
  ASSERT_TRUE(parsed.status.ok()) << parsed.status;
  const CensusValue& date = parsed.children.at(0).cin_details.at(0).referral_date;
  EXPECT_EQ(date.count, 2);
  EXPECT_EQ(date.text, "2016-05-01");
}

TEST(CensusXmlReaderTest, CallbackErrorsStopTheParse) {
  int children = 0;
  CensusXmlReader reader([](const CensusHeader&) { return absl::InvalidArgumentError("no"); },
                         [&](CensusChild) {
                           ++children;
                           return absl::OkStatus();
                         });
  const absl::Status status = reader.Feed(ReadFile(Testdata("good_2017.xml")), true);
  EXPECT_EQ(status, absl::InvalidArgumentError("no"));
  EXPECT_EQ(children, 0);

  CensusXmlReader second([](const CensusHeader&) { return absl::OkStatus(); },
                         [&](CensusChild) { return absl::DataLossError("disk full"); });
  EXPECT_EQ(second.Feed(ReadFile(Testdata("good_2017.xml")), true),
            absl::DataLossError("disk full"));
  EXPECT_EQ(second.children(), 1);
}

TEST(CensusXmlReaderTest, AnOversizedChildIsFlaggedAndTheNextIsReadNormally) {
  std::string plans;
  for (int i = 0; i <= CensusXmlReader::kMaxElementsPerChild; ++i) {
    plans += "<Reviews/>";
  }
  const Parsed parsed =
      Parse(CensusXml(2017, absl::StrCat("<Child><ChildIdentifiers><LAchildID>BIG</LAchildID>"
                                         "</ChildIdentifiers><CINdetails>",
                                         plans, "</CINdetails></Child>",
                                         "<Child><ChildIdentifiers><LAchildID>SMALL</LAchildID>"
                                         "</ChildIdentifiers></Child>")));
  ASSERT_TRUE(parsed.status.ok()) << parsed.status;
  ASSERT_EQ(parsed.children.size(), 2u);
  EXPECT_TRUE(parsed.children[0].too_large);
  EXPECT_FALSE(parsed.children[1].too_large);
  EXPECT_EQ(parsed.children[1].la_child_id.text, "SMALL");
}

}  // namespace
}  // namespace scorecard::cin_census
