// The census XML reader: what it keeps, where it says things are, and how it fails.
#include "tools/workforce_census/census_xml.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::workforce_census {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

CensusInput ReadFixture(const std::string& name) {
  std::ifstream in(absl::StrCat(WORKFORCE_CENSUS_TEST_DATA, "/", name), std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return ReadCensusXml(in, name);
}

CensusInput ReadText(const std::string& text) {
  std::istringstream in(text);
  return ReadCensusXml(in, "test.xml");
}

TEST(ReadCensusXmlTest, KeepsHeaderVacanciesAndReadFieldsWithTheirLines) {
  // Line numbers as in data/good.xml.
  const CensusInput input = ReadFixture("good.xml");
  EXPECT_THAT(input.problems, IsEmpty());
  EXPECT_EQ(input.format, "xml");
  ASSERT_TRUE(input.reference_date.has_value());
  EXPECT_EQ(input.reference_date->text, "2016-09-30");
  EXPECT_EQ(input.reference_date->line, 7);
  ASSERT_TRUE(input.year.has_value());
  EXPECT_EQ(input.year->text, "2016");
  ASSERT_TRUE(input.lea.has_value());
  EXPECT_EQ(input.lea->text, "869");
  EXPECT_EQ(input.lea->line, 11);
  ASSERT_TRUE(input.vacancies.has_value());
  EXPECT_EQ(input.vacancies->text, "5.50");
  EXPECT_EQ(input.vacancies->line, 15);

  ASSERT_EQ(input.workers.size(), 3u);
  const SourceWorker& first = input.workers[0];
  EXPECT_EQ(first.line, 19);
  // PersonBirthDate and StartOrigin are read past, never kept.
  std::vector<std::string> names;
  for (const auto& [name, field] : first.fields) names.push_back(name);
  EXPECT_THAT(names, ElementsAre("AgencyWorker", "Cases30", "FTE", "OrgRole", "RoleStartDate",
                                 "SWENo", "WorkingDaysLost"));
  EXPECT_EQ(first.Find("FTE")->text, "1.000000");
  EXPECT_EQ(first.Find("FTE")->line, 22);
  EXPECT_EQ(first.Find("WorkingDaysLost")->line, 28);
  EXPECT_EQ(input.workers[1].Find("RoleEndDate")->text, "2016-06-30");
  EXPECT_EQ(input.workers[2].Find("RoleStartDate"), nullptr);
}

TEST(ReadCensusXmlTest, MalformedXmlIsReportedAtItsLineAndColumn) {
  // data/malformed.xml closes <CSWWWorker> with </CSWWWorkr> on line 13: two spaces of
  // indent and "</", so the mismatched name starts in column 5.
  const CensusInput input = ReadFixture("malformed.xml");
  ASSERT_EQ(input.problems.size(), 1u);
  EXPECT_EQ(input.problems[0].line, 13);
  EXPECT_EQ(input.problems[0].field, "XML");
  EXPECT_THAT(input.problems[0].reason, HasSubstr("mismatched tag (column 5)"));
}

TEST(ReadCensusXmlTest, TruncatedFileIsNotWellFormed) {
  const CensusInput input = ReadText("<Message>\n  <CSWWWorker>\n    <FTE>1</FTE>\n");
  ASSERT_EQ(input.problems.size(), 1u);
  EXPECT_THAT(input.problems[0].reason, HasSubstr("not well-formed"));
}

TEST(ReadCensusXmlTest, AFieldTwiceInOneWorkerIsAProblem) {
  const CensusInput input = ReadText(
      "<Message>\n"
      "<CSWWWorker>\n"
      "<FTE>1</FTE>\n"
      "<FTE>0.5</FTE>\n"
      "</CSWWWorker>\n"
      "</Message>\n");
  ASSERT_EQ(input.problems.size(), 1u);
  EXPECT_EQ(input.problems[0].line, 4);
  EXPECT_EQ(input.problems[0].field, "FTE");
  EXPECT_THAT(input.problems[0].reason,
              HasSubstr("given twice in one CSWWWorker (also at line 3)"));
  // Repeatable census elements that are not read (QualInst) may repeat.
  const CensusInput repeated = ReadText(
      "<Message><CSWWWorker><QualInst>A</QualInst><QualInst>B</QualInst></CSWWWorker>"
      "</Message>");
  EXPECT_THAT(repeated.problems, IsEmpty());
}

TEST(ReadCensusXmlTest, AnotherRootElementIsNotACensusFile) {
  const CensusInput input = ReadText("<Children><Child/></Children>");
  ASSERT_EQ(input.problems.size(), 1u);
  EXPECT_EQ(input.problems[0].field, "Children");
  EXPECT_THAT(input.problems[0].reason, HasSubstr("root element must be Message"));
}

TEST(ReadCensusXmlTest, NamespacePrefixesAndEmptyElements) {
  // A prefixed file reads like a plain one; an empty element is an absent field.
  const CensusInput input = ReadText(
      "<c:Message xmlns:c=\"urn:x\"><c:CSWWWorker><c:SWENo> SW1 </c:SWENo>"
      "<c:RoleEndDate></c:RoleEndDate></c:CSWWWorker></c:Message>");
  EXPECT_THAT(input.problems, IsEmpty());
  ASSERT_EQ(input.workers.size(), 1u);
  EXPECT_THAT(input.workers[0].fields,
              ElementsAre(Pair("SWENo", Field(&SourceField::text, "SW1"))));
}

TEST(ReadCensusXmlTest, StreamsAFileLargerThanOneChunk) {
  // 2,000 workers of about 100 bytes: well over the reader's 64 KiB chunk, so elements
  // straddle chunk boundaries. Each worker is on its own line, 2 + i.
  std::string text = "<Message>\n";
  for (int i = 0; i < 2000; ++i) {
    absl::StrAppend(&text, "<CSWWWorker><SWENo>SW", 1000000000 + i,
                    "</SWENo><FTE>1.000000</FTE><AgencyWorker>0</AgencyWorker></CSWWWorker>\n");
  }
  absl::StrAppend(&text, "</Message>\n");
  ASSERT_GT(text.size(), 128u * 1024);
  const CensusInput input = ReadText(text);
  EXPECT_THAT(input.problems, IsEmpty());
  ASSERT_EQ(input.workers.size(), 2000u);
  EXPECT_EQ(input.workers[1999].Find("SWENo")->text, "SW1000001999");
  EXPECT_EQ(input.workers[1999].line, 2001);
}

}  // namespace
}  // namespace scorecard::workforce_census
