// The HR CSV reader: RFC 4180 quoting, line numbers, and header problems.
#include "tools/workforce_census/census_csv.h"

#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::workforce_census {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

CensusInput ReadText(const std::string& text) {
  std::istringstream in(text);
  return ReadWorkerCsv(in, "test.csv");
}

TEST(ReadWorkerCsvTest, QuotedFieldsCrlfBomAndBlankLines) {
  // Row lines: header 1, E1 2, blank 3, E2 4 (its quoted Team holds a line break, so the
  // next row starts on line 6), E3 6.
  const CensusInput good = ReadText(
      "\xEF\xBB\xBF" " swENo ,AgencyWorker,FTE,RoleStartDate,Team\r\n"
      "E1,0,1,2012-09-03,\"CIN, north\"\r\n"
      "\r\n"
      "E2,0,0.5,2013-01-07,\"Court\n(family)\"\r\n"
      "E3,1,1,2016-05-16,\"say \"\"hi\"\"\"\r\n");
  EXPECT_THAT(good.problems, IsEmpty());
  ASSERT_EQ(good.workers.size(), 3u);
  EXPECT_EQ(good.workers[0].line, 2);
  EXPECT_EQ(good.workers[0].Find("SWENo")->text, "E1");
  EXPECT_EQ(good.workers[0].Find("Team")->text, "CIN, north");
  EXPECT_EQ(good.workers[1].line, 4);
  EXPECT_EQ(good.workers[1].Find("Team")->text, "Court\n(family)");
  EXPECT_EQ(good.workers[2].line, 6);
  EXPECT_EQ(good.workers[2].Find("Team")->text, "say \"hi\"");
}

TEST(ReadWorkerCsvTest, EmptyCellsAreAbsentAndIgnoredColumnsAreNotKept) {
  const CensusInput input = ReadText(
      "SWENo,AgencyWorker,FTE,RoleStartDate,RoleEndDate,PersonBirthDate\n"
      "E1,0,1,2012-09-03,,1980-01-01\n");
  EXPECT_THAT(input.problems, IsEmpty());
  ASSERT_EQ(input.workers.size(), 1u);
  EXPECT_EQ(input.workers[0].Find("RoleEndDate"), nullptr);
  EXPECT_EQ(input.workers[0].Find("PersonBirthDate"), nullptr);
  EXPECT_EQ(input.workers[0].fields.size(), 4u);
}

TEST(ReadWorkerCsvTest, HeaderProblems) {
  const CensusInput input = ReadText("SWENo,FTE,RoleStartDte,FTE\nE1,1,2012-09-03,1\n");
  std::vector<std::string> reasons;
  for (const InputProblem& p : input.problems) {
    EXPECT_EQ(p.line, 1);
    reasons.push_back(p.field + ": " + p.reason);
  }
  EXPECT_THAT(reasons, ::testing::UnorderedElementsAre(
                           HasSubstr("RoleStartDte: unknown column 3"),
                           HasSubstr("FTE: column 4 repeats column 2"),
                           HasSubstr("AgencyWorker: required column missing"),
                           HasSubstr("RoleStartDate: required column missing")));
  EXPECT_THAT(input.workers, IsEmpty());
}

TEST(ReadWorkerCsvTest, RowsWithTheWrongNumberOfFields) {
  const CensusInput input = ReadText(
      "SWENo,AgencyWorker,FTE,RoleStartDate\n"
      "E1,0,1,2012-09-03\n"
      "E2,0,1\n"
      "E3,0,1,2012-09-03,extra\n");
  ASSERT_EQ(input.problems.size(), 2u);
  EXPECT_EQ(input.problems[0].line, 3);
  EXPECT_THAT(input.problems[0].reason, HasSubstr("has 3 fields; the header has 4"));
  EXPECT_EQ(input.problems[1].line, 4);
  EXPECT_EQ(input.workers.size(), 1u);
}

TEST(ReadWorkerCsvTest, AQuoteLeftOpenIsReportedWhereItOpened) {
  const CensusInput input = ReadText(
      "SWENo,AgencyWorker,FTE,RoleStartDate,Team\n"
      "E1,0,1,2012-09-03,\"CIN\n"
      "E2,0,1,2012-09-03,CIN\n");
  ASSERT_EQ(input.problems.size(), 1u);
  EXPECT_EQ(input.problems[0].line, 2);
  EXPECT_THAT(input.problems[0].reason, HasSubstr("never closed"));
}

TEST(ReadWorkerCsvTest, EmptyFile) {
  const CensusInput input = ReadText("");
  ASSERT_EQ(input.problems.size(), 1u);
  EXPECT_THAT(input.problems[0].reason, HasSubstr("no header row"));
}

}  // namespace
}  // namespace scorecard::workforce_census
