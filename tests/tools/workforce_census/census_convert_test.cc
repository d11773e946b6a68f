// From read census/CSV records to WorkforceRecords: the mapping, worked out by hand from
// the fixtures in data/, and every bad input reported at its line and field.
#include "tools/workforce_census/census_convert.h"

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/workforce_census/census_csv.h"
#include "tools/workforce_census/census_xml.h"

namespace scorecard::workforce_census {
namespace {

namespace v1 = ::scorecard::workforce::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string Path(const std::string& name) {
  return absl::StrCat(WORKFORCE_CENSUS_TEST_DATA, "/", name);
}

ImportResult ConvertXml(const std::string& name, const std::string& authority = "869",
                        std::optional<Date> reference_date = std::nullopt) {
  std::ifstream in(Path(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return ConvertCensus(ReadCensusXml(in, name), {authority, reference_date});
}

ImportResult ConvertCsv(const std::string& name,
                        std::optional<Date> reference_date = std::nullopt) {
  std::ifstream in(Path(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << name;
  return ConvertCensus(ReadWorkerCsv(in, name), {"869", reference_date});
}

ImportResult ConvertXmlText(const std::string& text,
                            std::optional<Date> reference_date = std::nullopt) {
  std::istringstream in(text);
  return ConvertCensus(ReadCensusXml(in, "t.xml"), {"869", reference_date});
}

std::string Iso(const common::v1::Date& d) {
  return absl::StrCat(d.year(), "-", d.month() < 10 ? "0" : "", d.month(), "-",
                      d.day() < 10 ? "0" : "", d.day());
}

TEST(ConvertCensusTest, GoodXmlMapsEveryRecord) {
  // data/good.xml, reference date 30/09/2016, so the census year is 01/10/2015..30/09/2016.
  const ImportResult result = ConvertXml("good.xml");
  ASSERT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 6u);  // 3 workers, 2 days-lost returns, 1 vacancies

  // SW1000000001: permanent, full time, OrgRole 5 (case holder) with 18 cases, in post.
  const v1::Worker& w1 = result.records[0].worker();
  EXPECT_EQ(w1.header().authority(), "869");
  EXPECT_EQ(w1.header().source().system(), "csww");
  EXPECT_EQ(w1.header().source().id(), "SW1000000001/2012-09-03");
  EXPECT_EQ(w1.worker_id(), "SW1000000001");
  EXPECT_EQ(w1.employment(), v1::EMPLOYMENT_TYPE_PERMANENT);
  EXPECT_EQ(w1.fte(), 1.0);
  EXPECT_EQ(w1.role(), "social-worker");
  EXPECT_EQ(Iso(w1.start_date()), "2012-09-03");
  EXPECT_FALSE(w1.has_end_date());
  EXPECT_TRUE(w1.case_holding());

  // SW1000000002: half time, first line manager (OrgRole 3, no cases), left 30/06/2016 by
  // resignation (ReasonLeave 1).
  const v1::Worker& w2 = result.records[1].worker();
  EXPECT_EQ(w2.header().source().id(), "SW1000000002/2010-01-04");
  EXPECT_EQ(w2.fte(), 0.5);
  EXPECT_EQ(w2.role(), "team-manager");
  EXPECT_EQ(Iso(w2.end_date()), "2016-06-30");
  EXPECT_EQ(w2.reason_leaving(), "1");
  EXPECT_FALSE(w2.case_holding());

  // SW1000000003: agency, no RoleStartDate: known in post on the reference date only.
  const v1::Worker& w3 = result.records[2].worker();
  EXPECT_EQ(w3.employment(), v1::EMPLOYMENT_TYPE_AGENCY);
  EXPECT_EQ(w3.header().source().id(), "SW1000000003/census-2016-09-30");
  EXPECT_EQ(Iso(w3.start_date()), "2016-09-30");
  EXPECT_EQ(Iso(w3.end_date()), "2016-09-30");
  EXPECT_EQ(w3.fte(), 0.8);
  EXPECT_TRUE(w3.case_holding());

  // WorkingDaysLost 4.50 and 2.00, each for the census year.
  const v1::SicknessDaysLostReturn& r1 = result.records[3].sickness_days_lost_return();
  EXPECT_EQ(r1.worker_id(), "SW1000000001");
  EXPECT_EQ(r1.header().source().id(), "SW1000000001/days-lost/2016-09-30");
  EXPECT_EQ(Iso(r1.period_start()), "2015-10-01");
  EXPECT_EQ(Iso(r1.period_end()), "2016-09-30");
  EXPECT_EQ(r1.working_days_lost(), 4.5);
  EXPECT_EQ(result.records[4].sickness_days_lost_return().worker_id(), "SW1000000002");
  EXPECT_EQ(result.records[4].sickness_days_lost_return().working_days_lost(), 2.0);

  // LALevelVacancies: 5.50 FTE at 30/09/2016, not attributed to a team.
  const v1::Vacancies& v = result.records[5].vacancies();
  EXPECT_EQ(v.header().source().id(), "vacancies/2016-09-30");
  EXPECT_EQ(v.team(), "");
  EXPECT_EQ(Iso(v.as_of_date()), "2016-09-30");
  EXPECT_EQ(v.vacant_fte(), 5.5);
}

TEST(ConvertCensusTest, MalformedXmlWritesNothing) {
  const ImportResult result = ConvertXml("malformed.xml");
  EXPECT_THAT(result.records, IsEmpty());
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_THAT(result.problems[0], HasSubstr("malformed.xml:13: XML: not well-formed"));
}

TEST(ConvertCensusTest, BadDatesNameLineAndField) {
  // data/bad_date.xml: 30 February on line 12; an end date before the start on line 19.
  const ImportResult result = ConvertXml("bad_date.xml");
  EXPECT_THAT(result.records, IsEmpty());
  EXPECT_THAT(result.problems,
              ElementsAre("bad_date.xml:12: RoleStartDate: \"2016-02-30\" is not a date "
                          "(YYYY-MM-DD)",
                          "bad_date.xml:19: RoleEndDate: 2014-04-30 is before start_date "
                          "2014-05-01"));
}

TEST(ConvertCensusTest, BadFteNamesLineAndField) {
  // data/bad_fte.xml: 1.7 on line 11 (above 1.5), "half" on line 17, 0 on line 23. The
  // bounds are the workforce service's own check, placed back at the census field.
  const ImportResult result = ConvertXml("bad_fte.xml");
  EXPECT_THAT(result.records, IsEmpty());
  EXPECT_THAT(result.problems,
              ElementsAre("bad_fte.xml:11: FTE: 1.7 is not in (0, 1.5]",
                          "bad_fte.xml:17: FTE: \"half\" is not a decimal number",
                          "bad_fte.xml:23: FTE: 0 is not in (0, 1.5]"));
}

TEST(ConvertCensusTest, AnotherAuthoritysFileIsRefused) {
  // good.xml's LEA (line 11) is 869.
  const ImportResult result = ConvertXml("good.xml", "870");
  EXPECT_THAT(result.problems, ElementsAre("good.xml:11: LEA: \"869\" is not --authority=870"));
  const ImportResult no_code = ConvertXml("good.xml", "West Berks");
  EXPECT_THAT(no_code.problems, ElementsAre(HasSubstr("good.xml: --authority:")));
}

TEST(ConvertCensusTest, ReferenceDateFromYearOrFlagAndTheyMustAgree) {
  // No ReferenceDate but Year 2017: 30/09/2017, so the census year is 01/10/2016..30/09/2017.
  const std::string with_year =
      "<Message><Header><CollectionDetails><Year>2017</Year></CollectionDetails></Header>\n"
      "<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>S1</SWENo><FTE>1</FTE>"
      "<RoleStartDate>2015-01-05</RoleStartDate><WorkingDaysLost>3</WorkingDaysLost>"
      "</CSWWWorker></Message>\n";
  const ImportResult from_year = ConvertXmlText(with_year);
  ASSERT_THAT(from_year.problems, IsEmpty());
  ASSERT_EQ(from_year.records.size(), 2u);
  EXPECT_EQ(Iso(from_year.records[1].sickness_days_lost_return().period_start()), "2016-10-01");
  EXPECT_EQ(Iso(from_year.records[1].sickness_days_lost_return().period_end()), "2017-09-30");

  // A flag that says otherwise is a problem at the header's line (1).
  const ImportResult clash = ConvertXmlText(with_year, Date(2016, 9, 30));
  EXPECT_THAT(clash.problems,
              ElementsAre("t.xml:1: Year: 2017-09-30 is not --reference_date=2016-09-30"));

  // Neither in the file nor given: WorkingDaysLost (line 2) cannot be placed.
  const std::string without =
      "<Message>\n"
      "<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>S1</SWENo><FTE>1</FTE>"
      "<RoleStartDate>2015-01-05</RoleStartDate><WorkingDaysLost>3</WorkingDaysLost>"
      "</CSWWWorker></Message>\n";
  const ImportResult missing = ConvertXmlText(without);
  ASSERT_EQ(missing.problems.size(), 1u);
  EXPECT_THAT(missing.problems[0],
              HasSubstr("t.xml:2: WorkingDaysLost: needs the census reference date"));
  EXPECT_THAT(ConvertXmlText(without, Date(2016, 9, 30)).problems, IsEmpty());
}

TEST(ConvertCensusTest, WorkingDaysLostAddsUpOverAPersonsRecords) {
  // S1 has two role records in the census (a role change on 01/04/2016) with 1.5 and 2.25
  // days lost: one return of 3.75 for the year.
  const ImportResult result = ConvertXmlText(
      "<Message>\n"
      "<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>S1</SWENo><FTE>1</FTE>"
      "<RoleStartDate>2015-01-05</RoleStartDate><RoleEndDate>2016-03-31</RoleEndDate>"
      "<WorkingDaysLost>1.50</WorkingDaysLost></CSWWWorker>\n"
      "<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>S1</SWENo><FTE>0.6</FTE>"
      "<RoleStartDate>2016-04-01</RoleStartDate><WorkingDaysLost>2.25</WorkingDaysLost>"
      "</CSWWWorker></Message>\n",
      Date(2016, 9, 30));
  ASSERT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 3u);
  EXPECT_EQ(result.records[2].sickness_days_lost_return().working_days_lost(), 3.75);
}

TEST(ConvertCensusTest, TwoRolesOfOnePersonStartingTheSameDayCannotBeToldApart) {
  const ImportResult result = ConvertXmlText(
      "<Message>\n"
      "<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>S1</SWENo><FTE>0.5</FTE>"
      "<RoleStartDate>2015-01-05</RoleStartDate></CSWWWorker>\n"
      "<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>S1</SWENo><FTE>0.5</FTE>"
      "<RoleStartDate>2015-01-05</RoleStartDate></CSWWWorker>\n"
      "</Message>\n");
  EXPECT_THAT(result.problems,
              ElementsAre(HasSubstr("t.xml:3: RoleStartDate: a second role of S1 starting "
                                    "2015-01-05 (the first is at line 2)")));
}

TEST(ConvertCensusTest, CodesAndRequiredFields) {
  // Line 2: no SWENo; AgencyWorker "Y"; OrgRole 7; ReasonLeave 11; Cases30 -1. Line 3: a
  // permanent worker with no RoleStartDate.
  const ImportResult result = ConvertXmlText(
      "<Message>\n"
      "<CSWWWorker><AgencyWorker>Y</AgencyWorker><FTE>1</FTE><OrgRole>7</OrgRole>"
      "<RoleStartDate>2015-01-05</RoleStartDate><ReasonLeave>11</ReasonLeave>"
      "<Cases30>-1</Cases30></CSWWWorker>\n"
      "<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>S2</SWENo><FTE>1</FTE>"
      "</CSWWWorker>\n"
      "</Message>\n",
      Date(2016, 9, 30));
  EXPECT_THAT(result.problems,
              ElementsAre("t.xml:2: SWENo: required",
                          "t.xml:2: AgencyWorker: \"Y\" is not 0 or 1",
                          "t.xml:2: OrgRole: \"7\" is not an OrgRole code (1-6)",
                          "t.xml:2: Cases30: \"-1\" is not a whole number >= 0",
                          "t.xml:2: ReasonLeave: \"11\" is not a ReasonLeave code (1-10)",
                          "t.xml:3: RoleStartDate: required"));
}

TEST(ConvertCensusTest, GoodCsvMapsEveryRecord) {
  // data/good.csv with reference date 30/09/2016. Row lines: E1001 2, E1002 3, E1003 4.
  const ImportResult result = ConvertCsv("good.csv", Date(2016, 9, 30));
  ASSERT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.records.size(), 4u);  // 3 workers, E1001's days-lost return

  const v1::Worker& e1 = result.records[0].worker();
  EXPECT_EQ(e1.header().source().system(), "hr-csv");
  EXPECT_EQ(e1.header().source().id(), "E1001/2012-09-03");  // 03/09/2012, a UK date
  EXPECT_EQ(e1.team(), "CIN");
  EXPECT_EQ(e1.role(), "social-worker");
  EXPECT_TRUE(e1.case_holding());

  const v1::Worker& e2 = result.records[1].worker();
  EXPECT_EQ(e2.team(), "DCT, east");  // quoted, with its comma
  EXPECT_EQ(e2.fte(), 0.5);
  EXPECT_EQ(e2.role(), "senior-practitioner");
  EXPECT_EQ(Iso(e2.end_date()), "2016-12-31");
  EXPECT_FALSE(e2.case_holding());  // OrgRole 4 and no Cases30

  const v1::Worker& e3 = result.records[2].worker();
  EXPECT_EQ(e3.employment(), v1::EMPLOYMENT_TYPE_AGENCY);
  EXPECT_EQ(Iso(e3.start_date()), "2016-05-16");

  EXPECT_EQ(result.records[3].sickness_days_lost_return().worker_id(), "E1001");
  EXPECT_EQ(result.records[3].sickness_days_lost_return().working_days_lost(), 4.5);

  // Without a reference date the CSV's WorkingDaysLost (E1001, line 2) cannot be placed.
  const ImportResult no_date = ConvertCsv("good.csv");
  ASSERT_EQ(no_date.problems.size(), 1u);
  EXPECT_THAT(no_date.problems[0], HasSubstr("good.csv:2: WorkingDaysLost: needs"));
}

TEST(ConvertCensusTest, BadCsvRowsNameLineAndField) {
  // data/bad.csv: line 3 AgencyWorker 2; line 4 FTE 1.7 and 31/02/2016; line 5 one field
  // short; line 6 ends before it starts. Line 2 is fine. Every problem is listed.
  const ImportResult result = ConvertCsv("bad.csv");
  EXPECT_THAT(result.records, IsEmpty());
  EXPECT_THAT(result.problems,
              ElementsAre("bad.csv:3: AgencyWorker: \"2\" is not 0 or 1",
                          "bad.csv:4: RoleStartDate: \"31/02/2016\" is not a date (YYYY-MM-DD "
                          "or DD/MM/YYYY)",
                          "bad.csv:4: FTE: 1.7 is not in (0, 1.5]",
                          "bad.csv:5: has 4 fields; the header has 5",
                          "bad.csv:6: RoleEndDate: 2014-04-30 is before start_date 2014-05-01"));
}

TEST(ConvertCensusTest, CsvHeaderAndQuoteProblems) {
  EXPECT_THAT(ConvertCsv("bad_header.csv").problems,
              ElementsAre("bad_header.csv:1: RoleStartDte: unknown column 4 (see README.md for "
                          "the column names)",
                          "bad_header.csv:1: RoleStartDate: required column missing"));
  EXPECT_THAT(ConvertCsv("open_quote.csv").problems,
              ElementsAre("open_quote.csv:2: a quoted field is never closed"));
}

}  // namespace
}  // namespace scorecard::workforce_census
