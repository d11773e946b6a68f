// The importer against the hand-written fixture return (testdata/good_2016) and edits of it.
// Lines in the fixture: header.csv has C001..C005 on lines 2..6; lac_eps_export.csv
// (Episodes) has C001 on 2-3, C002 on 4, C003 on 5-7, C004 on 8-9; reviews.csv has C001 on
// 2-4, C002 on 5, C003 on 6-7, C004 on 8.
#include "tools/ssda903/ssda903_import.h"

#include <algorithm>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "tests/tools/ssda903/ssda903_test_support.h"

namespace scorecard::ssda903 {
namespace {

using ::scorecard::ssda903::testing::AppendLine;
using ::scorecard::ssda903::testing::ColumnsOf;
using ::scorecard::ssda903::testing::EditFile;
using ::scorecard::ssda903::testing::GoodReturn;
using ::scorecard::ssda903::testing::Import;
using ::scorecard::ssda903::testing::Options;
using ::scorecard::ssda903::testing::ProblemAt;
using ::scorecard::ssda903::testing::ProblemCount;
using ::scorecard::ssda903::testing::Problems;
using ::scorecard::ssda903::testing::ReadExpected;
using ::scorecard::ssda903::testing::RemoveFile;
using ::scorecard::ssda903::testing::RewriteColumns;
using ::scorecard::ssda903::testing::SameRecords;
using ::scorecard::ssda903::testing::Without;
using ::scorecard::ssda903::testing::WithoutChild;

namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;

constexpr char kEpisodes[] = "lac_eps_export.csv";

std::vector<pv1::PlacementRecord> ExpectedPlacement() {
  return ReadExpected<pv1::PlacementRecord>("good_2016_placement.jsonl");
}
std::vector<sv1::SafeguardingRecord> ExpectedSafeguarding() {
  return ReadExpected<sv1::SafeguardingRecord>("good_2016_safeguarding.jsonl");
}

// The rows held back (not problems themselves) as "Table:line".
std::set<std::string> HeldBack(const ImportResult& result) {
  std::set<std::string> out;
  for (const ReportEntry& e : result.report) {
    if (!e.is_problem) out.insert(absl::StrCat(e.table, ":", e.line));
  }
  return out;
}

TEST(Ssda903ImportTest, GoodReturnGivesTheHandWrittenRecords) {
  const ImportResult result = Import(GoodReturn());
  EXPECT_EQ(result.outcome, ImportOutcome::kComplete) << Problems(result);
  EXPECT_TRUE(result.report.empty()) << Problems(result);
  EXPECT_TRUE(SameRecords(result.placement, ExpectedPlacement()));
  EXPECT_TRUE(SameRecords(result.safeguarding, ExpectedSafeguarding()));
  EXPECT_EQ(result.stats.children, 5);
  EXPECT_EQ(result.stats.children_imported, 5);
  // Every table of the return became records (only DoLo, which it lacks, would not).
  EXPECT_EQ(result.stats.rows_not_imported_by_design, 0);
}

TEST(Ssda903ImportTest, RecognisesTablesByHeaderRowWhateverTheFileIsCalled) {
  const ImportResult result = Import(GoodReturn());
  bool saw_episodes = false;
  for (const FileUse& use : result.stats.files) {
    if (use.file == kEpisodes) {
      saw_episodes = true;
      ASSERT_TRUE(use.table.has_value());
      EXPECT_EQ(*use.table, Table::kEpisodes);
      EXPECT_TRUE(use.by_header);
      EXPECT_EQ(use.rows, 8);
    }
  }
  EXPECT_TRUE(saw_episodes);
}

TEST(Ssda903ImportTest, ColumnsInAnyOrderGiveTheSameRecords) {
  std::vector<InputFile> files = GoodReturn();
  RewriteColumns(files, kEpisodes,
                 {"URN", "REC", "DEC", "PL_POST", "CHILD", "REASON_PLACE_CHANGE", "PLACE",
                  "PLACE_PROVIDER", "LS", "HOME_POST", "RNE", "CIN", "DECOM"});
  RewriteColumns(files, "header.csv", {"ETHNIC", "DOB", "MC_DOB", "CHILD", "UPN", "SEX", "MOTHER"});
  RewriteColumns(files, "reviews.csv", {"REVIEW_CODE", "REVIEW", "DOB", "CHILD"});
  RewriteColumns(files, "ad1.csv",
                 {"LS_ADOPTR", "DATE_MATCH", "CHILD", "NB_ADOPTR", "DATE_INT", "DOB", "SEX_ADOPTR",
                  "FOSTER_CARE"});
  ASSERT_EQ(ColumnsOf(files, kEpisodes).front(), "URN");  // the rewrite took
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kComplete) << Problems(result);
  EXPECT_TRUE(SameRecords(result.placement, ExpectedPlacement()));
  EXPECT_TRUE(SameRecords(result.safeguarding, ExpectedSafeguarding()));
}

TEST(Ssda903ImportTest, OlderLayoutWithoutOptionalColumnsStillImports) {
  std::vector<InputFile> files = GoodReturn();
  RewriteColumns(files, kEpisodes,
                 Without(ColumnsOf(files, kEpisodes),
                         {"PLACE_PROVIDER", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"}));
  RewriteColumns(files, "uasc.csv", {"CHILD", "DUC"});
  RewriteColumns(files, "reviews.csv", {"CHILD", "REVIEW", "REVIEW_CODE"});
  RewriteColumns(files, "header.csv", {"CHILD", "SEX", "DOB", "ETHNIC"});
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kComplete) << Problems(result);

  std::vector<pv1::PlacementRecord> expected = ExpectedPlacement();
  for (pv1::PlacementRecord& r : expected) {
    if (!r.has_episode()) continue;
    r.mutable_episode()->clear_placement_provider();
    r.mutable_episode()->clear_reason_place_change();
  }
  EXPECT_TRUE(SameRecords(result.placement, expected));
}

TEST(Ssda903ImportTest, MissingRequiredColumnHoldsBackTheWholeReturn) {
  std::vector<InputFile> files = GoodReturn();
  RewriteColumns(files, kEpisodes, Without(ColumnsOf(files, kEpisodes), {"LS"}));
  const ImportResult result = Import(files);  // not strict: still fatal
  EXPECT_EQ(result.outcome, ImportOutcome::kNothingImported);
  EXPECT_TRUE(result.placement.empty());
  EXPECT_TRUE(result.safeguarding.empty());
  const ReportEntry* problem = ProblemAt(result, "Episodes", 1, "LS");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(problem->fatal);
  EXPECT_TRUE(absl::StrContains(problem->reason, kEpisodes)) << problem->reason;
}

TEST(Ssda903ImportTest, MissingEpisodesTableIsFatal) {
  std::vector<InputFile> files = GoodReturn();
  RemoveFile(files, kEpisodes);
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kNothingImported);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 0, "");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(problem->fatal);
}

TEST(Ssda903ImportTest, TwoFilesHoldingOneTableIsFatal) {
  std::vector<InputFile> files = GoodReturn();
  files.push_back({"episodes_last_year.csv",
                   testing::ReadWholeFile(testing::TestDataPath("good_2016/lac_eps_export.csv"))});
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kNothingImported);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 0, "");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(problem->fatal);
  EXPECT_TRUE(absl::StrContains(problem->reason, "episodes_last_year.csv")) << problem->reason;
}

TEST(Ssda903ImportTest, UnrecognisedFileIsReportedAndIgnored) {
  std::vector<InputFile> files = GoodReturn();
  files.push_back({"notes.csv", "NAME,COMMENT\nx,y\n"});
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kPartial);
  ASSERT_EQ(ProblemCount(result), 1) << Problems(result);
  EXPECT_TRUE(absl::StrContains(result.report.front().reason, "notes.csv"));
  EXPECT_FALSE(result.report.front().fatal);
  EXPECT_TRUE(SameRecords(result.placement, ExpectedPlacement()));
}

TEST(Ssda903ImportTest, AnEmptyFileWithAConventionalNameIsAnEmptyTable) {
  std::vector<InputFile> files = GoodReturn();
  testing::FindFile(files, "oc3.csv")->text = "";
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kComplete) << Problems(result);
  std::vector<pv1::PlacementRecord> expected = ExpectedPlacement();
  expected.erase(
      std::remove_if(expected.begin(), expected.end(),
                     [](const pv1::PlacementRecord& r) { return r.has_care_leaver_outcome(); }),
      expected.end());
  EXPECT_TRUE(SameRecords(result.placement, expected));
}

TEST(Ssda903ImportTest, UnknownLegalStatusHoldsBackThatChildWhole) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, kEpisodes, "C001,14/09/2016,P,C2", "C001,14/09/2016,P,X9");
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kPartial);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 3, "LS");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_EQ(problem->child, "C001");
  EXPECT_TRUE(absl::StrContains(problem->reason, "\"X9\"")) << problem->reason;
  EXPECT_EQ(ProblemCount(result), 1) << Problems(result);

  // Every other row of C001, in every table, is held back and listed; nothing of C001 is
  // output; every other child is.
  EXPECT_EQ(HeldBack(result), (std::set<std::string>{"Header:2", "Episodes:2", "Reviews:2",
                                                     "Reviews:3", "Reviews:4", "Missing:2"}));
  EXPECT_TRUE(SameRecords(result.placement, WithoutChild(ExpectedPlacement(), "C001")));
  EXPECT_TRUE(result.safeguarding.empty());
  EXPECT_EQ(result.stats.children_imported, 4);
  EXPECT_EQ(result.stats.children_rejected, 1);
}

struct BadCode {
  const char* file;
  const char* from;
  const char* to;
  const char* table;
  int line;
  const char* column;
};

void PrintTo(const BadCode& bad, std::ostream* out) {
  *out << bad.table << " line " << bad.line << " " << bad.column << ": " << bad.to;
}

class Ssda903UnknownCodeTest : public ::testing::TestWithParam<BadCode> {};

TEST_P(Ssda903UnknownCodeTest, IsReportedAgainstItsCell) {
  const BadCode& bad = GetParam();
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, bad.file, bad.from, bad.to);
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, bad.table, bad.line, bad.column);
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "unknown")) << problem->reason;
  EXPECT_EQ(ProblemCount(result), 1) << Problems(result);
}

INSTANTIATE_TEST_SUITE_P(
    Codes, Ssda903UnknownCodeTest,
    ::testing::Values(
        BadCode{kEpisodes, "C002,10/10/2016,S,", "C002,10/10/2016,Q,", "Episodes", 4, "RNE"},
        BadCode{kEpisodes, "N8,U6", "N8,Z9", "Episodes", 4, "PLACE"},
        BadCode{kEpisodes, "20/12/2016,E11", "20/12/2016,E99", "Episodes", 9, "REC"},
        BadCode{kEpisodes, "V2,N8", "V2,N9", "Episodes", 4, "CIN"},
        BadCode{"reviews.csv", "04/11/2016,PN1", "04/11/2016,PN9", "Reviews", 5, "REVIEW_CODE"},
        BadCode{"header.csv", "AOTH", "XXXX", "Header", 3, "ETHNIC"},
        BadCode{"missing.csv", ",M,", ",Q,", "Missing", 2, "MISSING"},
        BadCode{"oc2.csv", ",SDQ1,", ",SDQ9,", "OC2", 2, "SDQ_REASON"},
        BadCode{"oc2.csv", ",SDQ1,0,1,", ",SDQ1,0,2,", "OC2", 2, "HEALTH_CHECK"},
        BadCode{"oc3.csv", "YES,F2,S1", "YES,F2,S", "OC3", 2, "ACCOM"},
        BadCode{"oc3.csv", "YES,F2", "MAYBE,F2", "OC3", 2, "IN_TOUCH"},
        BadCode{"placed_adoption.csv", "20/12/2016,RD1", "20/12/2016,RD9", "PlacedAdoption", 3,
                "REASON_PLACED_CEASED"}),
    [](const ::testing::TestParamInfo<BadCode>& info) {
      std::string name = absl::StrCat(info.param.table, "_", info.param.column);
      name.erase(std::remove(name.begin(), name.end(), '_'), name.end());
      return name;
    });

TEST(Ssda903ImportTest, ImpossibleAndMalformedDatesAreProblems) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "reviews.csv", "25/08/2016", "31/09/2016");
  EditFile(files, "reviews.csv", "04/11/2016", "2016-11-04");
  const ImportResult result = Import(files);
  const ReportEntry* impossible = ProblemAt(result, "Reviews", 3, "REVIEW");
  ASSERT_NE(impossible, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(impossible->reason, "\"31/09/2016\" is not a real date"))
      << impossible->reason;
  const ReportEntry* malformed = ProblemAt(result, "Reviews", 5, "REVIEW");
  ASSERT_NE(malformed, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(malformed->reason, "dd/mm/YYYY")) << malformed->reason;
}

TEST(Ssda903ImportTest, DateAfterTheCollectionYearIsAProblem) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "reviews.csv", "20/02/2017", "20/04/2017");
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Reviews", 4, "REVIEW");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "31/03/2017")) << problem->reason;
}

TEST(Ssda903ImportTest, ABadDateOfBirthIsNotEchoed) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "header.csv", "C003,2,05/03/2014", "C003,2,31/02/2014");
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Header", 4, "DOB");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_FALSE(absl::StrContains(problem->reason, "31/02/2014")) << problem->reason;
}

TEST(Ssda903ImportTest, EpisodeEndingBeforeItStarts) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, kEpisodes, "C004,12/04/2016,P,E1,N1,A6,PR1,20/12/2016",
           "C004,12/04/2016,P,E1,N1,A6,PR1,20/03/2016");
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 9, "DEC");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_EQ(problem->child, "C004");
  EXPECT_TRUE(absl::StrContains(problem->reason, "DEC 20/03/2016 is before DECOM 12/04/2016"))
      << problem->reason;
  EXPECT_TRUE(SameRecords(result.placement, WithoutChild(ExpectedPlacement(), "C004")));
}

TEST(Ssda903ImportTest, EpisodeStartingWhileAnotherIsOpenOverlaps) {
  std::vector<InputFile> files = GoodReturn();
  AppendLine(files, kEpisodes, "C002,01/12/2016,P,V2,N8,U6,PR1,,,,,,");  // line 10
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 10, "DECOM");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "line 4")) << problem->reason;
  EXPECT_TRUE(absl::StrContains(problem->reason, "still open")) << problem->reason;
  EXPECT_TRUE(SameRecords(result.placement, WithoutChild(ExpectedPlacement(), "C002")));
}

TEST(Ssda903ImportTest, EpisodeInsideAClosedOneOverlaps) {
  std::vector<InputFile> files = GoodReturn();
  AppendLine(files, kEpisodes, "C003,01/10/2016,P,E1,N1,U3,PR1,20/10/2016,X1,,,,");  // line 10
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 10, "DECOM");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "line 6")) << problem->reason;
  EXPECT_TRUE(absl::StrContains(problem->reason, "15/11/2016")) << problem->reason;
}

TEST(Ssda903ImportTest, EpisodesThatTouchDoNotOverlap) {
  // The fixture's C003 episodes end and start on the same days (01/06, 15/11): no problem.
  const ImportResult result = Import(GoodReturn());
  EXPECT_EQ(ProblemCount(result), 0) << Problems(result);
}

TEST(Ssda903ImportTest, TwoEpisodesStartingTheSameDayShareAKey) {
  std::vector<InputFile> files = GoodReturn();
  AppendLine(files, kEpisodes, "C002,10/10/2016,S,V2,N8,U5,PR1,,,,,,");  // line 10
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 10, "DECOM");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "same DECOM (line 4)")) << problem->reason;
}

TEST(Ssda903ImportTest, ReviewForAChildNeverLookedAfter) {
  std::vector<InputFile> files = GoodReturn();
  AppendLine(files, "reviews.csv", "C005,01/01/1998,10/10/2016,PN7");  // line 9
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Reviews", 9, "CHILD");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_EQ(problem->child, "C005");
  EXPECT_TRUE(absl::StrContains(problem->reason, "never looked after")) << problem->reason;
  EXPECT_EQ(HeldBack(result), (std::set<std::string>{"Header:6", "OC3:2"}));
  EXPECT_TRUE(SameRecords(result.placement, WithoutChild(ExpectedPlacement(), "C005")));
}

TEST(Ssda903ImportTest, RowsOfAChildMissingFromHeader) {
  std::vector<InputFile> files = GoodReturn();
  AppendLine(files, kEpisodes, "C999,01/12/2016,S,V2,N8,U6,PR1,,,,,,");
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 10, "CHILD");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "not in the Header")) << problem->reason;
  EXPECT_TRUE(SameRecords(result.placement, ExpectedPlacement()));
}

TEST(Ssda903ImportTest, EpisodeBeforeBirthIsAProblem) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "header.csv", "C004,2,14/08/2013", "C004,2,14/08/2015");  // after DECOM
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 8, "DECOM");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "date of birth")) << problem->reason;
}

TEST(Ssda903ImportTest, ChildListedTwiceInHeader) {
  std::vector<InputFile> files = GoodReturn();
  AppendLine(files, "header.csv", "C002,1,02/02/2001,AOTH,UN1,,");  // line 7
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Header", 7, "CHILD");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "line 3")) << problem->reason;
  EXPECT_TRUE(SameRecords(result.placement, WithoutChild(ExpectedPlacement(), "C002")));
}

TEST(Ssda903ImportTest, ARowWithTheWrongNumberOfFieldsIsNotTrusted) {
  std::vector<InputFile> files = GoodReturn();
  // An unquoted comma in the postcode shifts every later cell.
  EditFile(files, kEpisodes, "C002,10/10/2016,S,V2,N8,U6,PR1,,,,,RG1 4DD,",
           "C002,10/10/2016,S,V2,N8,U6,PR1,,,,,RG1,4DD,");
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "Episodes", 4, "");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_EQ(problem->child, "C002");
  EXPECT_TRUE(absl::StrContains(problem->reason, "14 fields")) << problem->reason;
  EXPECT_TRUE(SameRecords(result.placement, WithoutChild(ExpectedPlacement(), "C002")));
}

TEST(Ssda903ImportTest, ServiceChecksArePointedAtTheirCell) {
  // PREV_PERM Z1 (none) with an authority: the placement service's own check (DfE rule 635),
  // found on the built record and reported at the LA_PERM cell.
  std::vector<InputFile> files = GoodReturn();
  files.push_back({"prevperm.csv",
                   "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM\n"
                   "C002,02/02/2001,Z1,869,\n"});
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "PrevPerm", 2, "LA_PERM");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "arranged_by_authority")) << problem->reason;
  EXPECT_TRUE(absl::StrContains(problem->reason, "placement service check")) << problem->reason;
  EXPECT_TRUE(SameRecords(result.placement, WithoutChild(ExpectedPlacement(), "C002")));
}

TEST(Ssda903ImportTest, UascCeasedBeforeBirthIsAProblem) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "uasc.csv", "02/02/2019", "01/01/2000");
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "UASC", 2, "DUC");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_TRUE(absl::StrContains(problem->reason, "date of birth")) << problem->reason;
  EXPECT_FALSE(absl::StrContains(problem->reason, "02/02/2001")) << problem->reason;
  EXPECT_TRUE(SameRecords(result.placement, WithoutChild(ExpectedPlacement(), "C002")));
}

TEST(Ssda903ImportTest, AdoptionMatchBeforeDecisionIsAProblem) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "ad1.csv", "01/10/2015,05/03/2016", "01/10/2015,05/03/2015");
  const ImportResult result = Import(files);
  const ReportEntry* problem = ProblemAt(result, "AD1", 2, "DATE_MATCH");
  ASSERT_NE(problem, nullptr) << Problems(result);
  EXPECT_EQ(problem->child, "C004");
}

TEST(Ssda903ImportTest, OverlappingMissingEpisodesAreProblems) {
  std::vector<InputFile> files = GoodReturn();
  AppendLine(files, "missing.csv", "C001,12/06/2010,A,06/12/2016,07/12/2016");  // touches: fine
  AppendLine(files, "missing.csv", "C001,12/06/2010,M,05/12/2016,05/12/2016");  // same start
  const ImportResult result = Import(files);
  EXPECT_EQ(ProblemAt(result, "Missing", 3, "MIS_START"), nullptr) << Problems(result);
  EXPECT_NE(ProblemAt(result, "Missing", 4, "MIS_START"), nullptr) << Problems(result);
}

TEST(Ssda903ImportTest, ReversedAdoptionDecisionIsSentWithItsReversal) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "placed_adoption.csv", "C003,05/03/2014,10/05/2016,,",
           "C003,05/03/2014,10/05/2016,01/02/2017,RD3");
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kComplete) << Problems(result);
  bool found = false;
  for (const pv1::PlacementRecord& r : result.placement) {
    if (r.has_adoption() && r.adoption().child_id() == "C003") {
      found = true;
      // The decision of 10/05/2016, reversed on 01/02/2017 for reason RD3: a later year's
      // return restates an earlier one's decision as reversed.
      EXPECT_EQ(FormatIsoDate(*FromProtoDate(r.adoption().should_be_placed_date())), "2016-05-10");
      EXPECT_EQ(FormatIsoDate(*FromProtoDate(r.adoption().decision_reversed_date())), "2017-02-01");
      EXPECT_EQ(r.adoption().decision_reversed_reason(), "RD3");
    }
  }
  EXPECT_TRUE(found);
}

TEST(Ssda903ImportTest, StrictHoldsBackEverythingForOneProblem) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, kEpisodes, "C001,14/09/2016,P,C2", "C001,14/09/2016,P,X9");
  const ImportResult result = Import(files, Options(2016, /*strict=*/true));
  EXPECT_EQ(result.outcome, ImportOutcome::kNothingImported);
  EXPECT_TRUE(result.placement.empty());
  EXPECT_TRUE(result.safeguarding.empty());
  // The report holds the problem only: every row is held back, so listing them adds nothing.
  ASSERT_EQ(result.report.size(), 1u) << Problems(result);
  EXPECT_NE(ProblemAt(result, "Episodes", 3, "LS"), nullptr);

  // The same return, not strict, imports the other four children.
  const ImportResult lenient = Import(files, Options(2016, /*strict=*/false));
  EXPECT_EQ(lenient.outcome, ImportOutcome::kPartial);
  EXPECT_EQ(lenient.stats.children_imported, 4);
}

TEST(Ssda903ImportTest, StrictWithACleanReturnImportsEverything) {
  const ImportResult result = Import(GoodReturn(), Options(2016, /*strict=*/true));
  EXPECT_EQ(result.outcome, ImportOutcome::kComplete) << Problems(result);
  EXPECT_TRUE(SameRecords(result.placement, ExpectedPlacement()));
}

TEST(Ssda903ImportTest, QuotedFieldsWithCommasAndQuotes) {
  std::vector<InputFile> files = GoodReturn();
  testing::FindFile(files, "header.csv")->text =
      "\"CHILD\",\"SEX\",\"DOB\",\"ETHNIC\",\"UPN\",\"MOTHER\",\"MC_DOB\"\n"
      "\"C001\",\"1\",\"12/06/2010\",\"WBRI\",\"A12,345 \"\"x\"\"\",\"\",\"\"\n"
      "C002,1,02/02/2001,AOTH,\"UN1, UN2\",,\n"
      "C003,2,05/03/2014,WBRI,A123456789013,,\n"
      "C004,2,14/08/2013,MWBC,\"line\nbreak\",,\n"
      "C005,1,01/01/1998,WBRI,A123456789015,0,\n";
  EditFile(files, kEpisodes, "RG14 1AA,RG14 2BB", "\"RG14 1AA, Newbury\",\"RG14 2BB, Thatcham\"");
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kComplete) << Problems(result);
  EXPECT_TRUE(SameRecords(result.placement, ExpectedPlacement()));
}

TEST(Ssda903ImportTest, CrlfLineEndingsAndAByteOrderMark) {
  std::vector<InputFile> files = GoodReturn();
  for (InputFile& f : files) f.text = absl::StrReplaceAll(f.text, {{"\n", "\r\n"}});
  testing::FindFile(files, "header.csv")->text.insert(0, "\xEF\xBB\xBF");
  const ImportResult result = Import(files);
  EXPECT_EQ(result.outcome, ImportOutcome::kComplete) << Problems(result);
  EXPECT_TRUE(SameRecords(result.placement, ExpectedPlacement()));
  EXPECT_TRUE(SameRecords(result.safeguarding, ExpectedSafeguarding()));
}

// The 2017-18 return for C001 and C002: C001's open episode has ended; C002's has not.
std::vector<InputFile> Return2017() {
  return {
      {"header.csv",
       "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
       "C001,1,12/06/2010,WBRI,A123456789012,,\n"
       "C002,1,02/02/2001,AOTH,UN1,,\n"},
      {"episodes.csv",
       "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
       "PL_POST,URN\n"
       "C001,14/09/2016,P,C2,N1,U4,PR1,10/06/2017,E13,,RG14 1AA,RG19 3CC,XXXXXXX\n"
       "C002,10/10/2016,S,V2,N8,U6,PR1,,,,,RG1 4DD,XXXXXXX\n"},
      {"reviews.csv",
       "CHILD,DOB,REVIEW,REVIEW_CODE\n"
       "C001,12/06/2010,15/05/2017,PN1\n"
       "C002,02/02/2001,02/05/2017,PN1\n"},
      {"uasc.csv", "CHILD,SEX,DOB,DUC\nC002,1,02/02/2001,02/02/2019\n"},
  };
}

// "episode/C001/2016-09-14": the record's kind and source id, its identity in the service.
std::string KeyOf(const pv1::PlacementRecord& r) {
  const google::protobuf::FieldDescriptor* kind = r.GetReflection()->GetOneofFieldDescriptor(
      r, pv1::PlacementRecord::descriptor()->FindOneofByName("kind"));
  const google::protobuf::Message& record = r.GetReflection()->GetMessage(r, kind);
  const auto& header =
      static_cast<const common::v1::RecordHeader&>(record.GetReflection()->GetMessage(
          record, record.GetDescriptor()->FindFieldByName("header")));
  return absl::StrCat(kind->name(), "/", header.source().id());
}

TEST(Ssda903ImportTest, NextYearRestatesAnEpisodeUnderTheSameKey) {
  const ImportResult first = Import(GoodReturn(), Options(2016));
  const ImportResult second = Import(Return2017(), Options(2017));
  ASSERT_EQ(second.outcome, ImportOutcome::kComplete) << Problems(second);

  absl::flat_hash_map<std::string, const pv1::PlacementRecord*> by_key;
  for (const pv1::PlacementRecord& r : first.placement) {
    ASSERT_TRUE(by_key.emplace(KeyOf(r), &r).second) << "duplicate key " << KeyOf(r);
  }
  int restated = 0;
  int unchanged = 0;
  for (const pv1::PlacementRecord& r : second.placement) {
    auto it = by_key.find(KeyOf(r));
    if (it == by_key.end()) continue;  // new this year (the 2017 reviews)
    google::protobuf::util::MessageDifferencer differ;
    if (differ.Compare(*it->second, r)) {
      ++unchanged;
    } else {
      ++restated;
      // The only restated record is C001's episode, now ended.
      EXPECT_EQ(KeyOf(r), "episode/C001/2016-09-14");
      EXPECT_FALSE(it->second->episode().has_end_date());
      EXPECT_EQ(r.episode().end_date().year(), 2017);
      EXPECT_EQ(r.episode().reason_ceased(), "E13");
    }
  }
  EXPECT_EQ(restated, 1);
  // Both children, C002's open episode and its UASC period, sent again as they were.
  EXPECT_EQ(unchanged, 4);
  EXPECT_EQ(second.placement.size(), 7u);  // and 2 new reviews
}

TEST(Ssda903ImportTest, BadOptionsAreAnErrorNotAReport) {
  EXPECT_FALSE(ImportReturn(GoodReturn(), Options(2015)).ok());
  EXPECT_FALSE(ImportReturn(GoodReturn(), Options(2026)).ok());
  ImportOptions bad = Options();
  bad.authority = "86";
  EXPECT_FALSE(ImportReturn(GoodReturn(), bad).ok());
}

TEST(Ssda903ImportTest, ReadReturnFolderReadsOnlyCsvFiles) {
  absl::StatusOr<std::vector<InputFile>> files =
      ReadReturnFolder(testing::TestDataPath("good_2016"));
  ASSERT_TRUE(files.ok()) << files.status();
  std::vector<std::string> names;
  for (const InputFile& f : *files) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"ad1.csv", "header.csv", "lac_eps_export.csv",
                                             "missing.csv", "oc2.csv", "oc3.csv",
                                             "placed_adoption.csv", "reviews.csv", "uasc.csv"}));
  EXPECT_EQ(ReadReturnFolder(testing::TestDataPath("no_such_folder")).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace scorecard::ssda903
