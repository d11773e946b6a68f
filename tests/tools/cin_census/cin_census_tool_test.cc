// Runs the cin_census_import executable itself (CIN_CENSUS_BINARY, set by CMake).
#include <fcntl.h>
#include <pty.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/tools/cin_census/cin_census_test_util.h"

namespace scorecard::cin_census {
namespace {

namespace fs = std::filesystem;
using ::scorecard::cin_census::testing::MakeTempDir;
using ::scorecard::cin_census::testing::ReadFile;
using ::scorecard::cin_census::testing::Testdata;
using ::scorecard::cin_census::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;

struct ToolRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the tool with `arguments`, capturing stdout and stderr in `dir`.
ToolRun RunTool(const std::string& arguments, const std::string& dir) {
  const std::string out = dir + "/stdout.txt";
  const std::string err = dir + "/stderr.txt";
  const std::string command =
      absl::StrCat(CIN_CENSUS_BINARY, " ", arguments, " >", out, " 2>", err);
  const int status = std::system(command.c_str());
  ToolRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFile(out);
  run.err = ReadFile(err);
  return run;
}

size_t CountLines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Files in `dir` other than the captured stdout/stderr.
std::vector<std::string> OutputFiles(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name != "stdout.txt" && name != "stderr.txt") names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(CinCensusToolTest, WritesTheHandWrittenRecordsAndASummary) {
  const std::string dir = MakeTempDir();
  const ToolRun run = RunTool(
      absl::StrCat("--authority=869 --out=", dir, "/cin.jsonl ", Testdata("good_2017.xml")), dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFile(dir + "/cin.jsonl"), ReadFile(Testdata("good_2017.expected.jsonl")));
  EXPECT_THAT(run.out, HasSubstr("(census 2016-17)"));
  EXPECT_THAT(run.out, HasSubstr("children read:     2\n"));
  EXPECT_THAT(run.out, HasSubstr("children imported: 2\n"));
  EXPECT_THAT(run.out, HasSubstr("children rejected: 0\n"));
  EXPECT_THAT(run.out, HasSubstr("records written:   12 to "));
  EXPECT_EQ(run.err, "");  // no progress bar: stderr is a file
}

TEST(CinCensusToolTest, RunningTwiceWritesIdenticalFiles) {
  const std::string dir = MakeTempDir();
  for (const char* name : {"a.jsonl", "b.jsonl"}) {
    ASSERT_EQ(RunTool(absl::StrCat("--authority=869 --out=", dir, "/", name, " ",
                                   Testdata("good_2017.xml")),
                      dir)
                  .exit_code,
              0);
  }
  const std::string first = ReadFile(dir + "/a.jsonl");
  EXPECT_EQ(CountLines(first), 12u);
  EXPECT_TRUE(first == ReadFile(dir + "/b.jsonl"));
}

TEST(CinCensusToolTest, ByDefaultImportsValidChildrenAndReportsTheRest) {
  const std::string dir = MakeTempDir();
  const ToolRun run =
      RunTool(absl::StrCat("--authority=869 --out=", dir, "/cin.jsonl --report=", dir,
                           "/rejected.csv ", Testdata("authorised_before_start.xml")),
              dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(CountLines(ReadFile(dir + "/cin.jsonl")), 3u);
  EXPECT_EQ(ReadFile(dir + "/rejected.csv"),
            "child_id,element,reason\n"
            "C200002,CINdetails[0]/Assessments[0]/AssessmentAuthorisationDate,"
            "2017-02-01 is before AssessmentActualStartDate 2017-02-03 (rule 8608)\n");
  EXPECT_THAT(run.err, HasSubstr("child C200002: CINdetails[0]/Assessments[0]/"
                                 "AssessmentAuthorisationDate: 2017-02-01 is before "
                                 "AssessmentActualStartDate 2017-02-03 (rule 8608)\n"));
  EXPECT_THAT(run.out, HasSubstr("children read:     2\n"));
  EXPECT_THAT(run.out, HasSubstr("children imported: 1\n"));
  EXPECT_THAT(run.out, HasSubstr("children rejected: 1 (1 problem; listed in "));
  EXPECT_THAT(OutputFiles(dir), ::testing::ElementsAre("cin.jsonl", "rejected.csv"));
}

TEST(CinCensusToolTest, ReportsAnIcpcBeforeTheSection47) {
  const std::string dir = MakeTempDir();
  const ToolRun run =
      RunTool(absl::StrCat("--authority=869 --out=", dir, "/cin.jsonl --report=", dir,
                           "/rejected.csv ", Testdata("icpc_before_s47.xml")),
              dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFile(dir + "/rejected.csv"),
            "child_id,element,reason\n"
            "C300001,CINdetails[0]/Section47[0]/DateOfInitialCPC,"
            "2017-04-01 is before S47ActualStartDate 2017-04-10 (rule 8615)\n");
  EXPECT_EQ(CountLines(ReadFile(dir + "/cin.jsonl")), 3u);
}

TEST(CinCensusToolTest, StrictWritesNothingAndExitsOneWhenAChildIsRejected) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/cin.jsonl", "yesterday's import\n");
  const ToolRun run =
      RunTool(absl::StrCat("--strict --authority=869 --out=", dir, "/cin.jsonl --report=", dir,
                           "/rejected.csv ", Testdata("authorised_before_start.xml")),
              dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(ReadFile(dir + "/cin.jsonl"), "yesterday's import\n");  // untouched
  EXPECT_THAT(ReadFile(dir + "/rejected.csv"), HasSubstr("C200002,"));
  EXPECT_THAT(run.out, HasSubstr("records written:   none (--strict"));
  // No temporary file is left behind.
  EXPECT_THAT(OutputFiles(dir), ::testing::ElementsAre("cin.jsonl", "rejected.csv"));

  // A clean file passes strict mode.
  const ToolRun clean = RunTool(absl::StrCat("--strict --authority=869 --out=", dir, "/cin.jsonl ",
                                             Testdata("good_2017.xml")),
                                dir);
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(CountLines(ReadFile(dir + "/cin.jsonl")), 12u);
}

TEST(CinCensusToolTest, NotWellFormedXmlWritesNothingAndSaysWhere) {
  const std::string dir = MakeTempDir();
  const ToolRun run =
      RunTool(absl::StrCat("--authority=869 --out=", dir, "/cin.jsonl --report=", dir,
                           "/rejected.csv ", Testdata("not_well_formed.xml")),
              dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("not well-formed XML at line 12, column 29: mismatched tag"));
  EXPECT_FALSE(fs::exists(dir + "/cin.jsonl"));
  EXPECT_EQ(ReadFile(dir + "/rejected.csv"),
            "child_id,element,reason\n"
            ",(file),\"not well-formed XML at line 12, column 29: mismatched tag\"\n");
  EXPECT_THAT(OutputFiles(dir), ::testing::ElementsAre("rejected.csv"));
}

TEST(CinCensusToolTest, AnUnknownYearWritesNothingAndNamesTheYear) {
  const std::string dir = MakeTempDir();
  const ToolRun run = RunTool(
      absl::StrCat("--authority=869 --out=", dir, "/cin.jsonl ", Testdata("unknown_year.xml")),
      dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("Year \"2015\" is not a supported CIN census year"));
  EXPECT_THAT(OutputFiles(dir), ::testing::IsEmpty());
}

TEST(CinCensusToolTest, AnotherAuthoritysFileIsRefused) {
  const std::string dir = MakeTempDir();
  const ToolRun run = RunTool(
      absl::StrCat("--authority=870 --out=", dir, "/cin.jsonl ", Testdata("good_2017.xml")), dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("LEA \"869\" does not match the authority being imported (870)"));
  EXPECT_FALSE(fs::exists(dir + "/cin.jsonl"));
}

TEST(CinCensusToolTest, BadCommandLinesExitTwo) {
  const std::string dir = MakeTempDir();
  const std::string census = Testdata("good_2017.xml");
  const std::string out = " --out=" + dir + "/cin.jsonl ";
  const ToolRun no_authority = RunTool(out + census, dir);
  EXPECT_EQ(no_authority.exit_code, 2);
  EXPECT_THAT(no_authority.err, HasSubstr("--authority is required"));
  EXPECT_EQ(RunTool("--authority=86" + out + census, dir).exit_code, 2);
  EXPECT_EQ(RunTool("--authority=869" + out, dir).exit_code, 2);      // no census file
  EXPECT_EQ(RunTool("--authority=869 " + census, dir).exit_code, 2);  // no --out
  EXPECT_EQ(RunTool("--authority=869" + out + census + " " + census, dir).exit_code, 2);
  EXPECT_THAT(OutputFiles(dir), ::testing::IsEmpty());
}

TEST(CinCensusToolTest, AMissingCensusFileExitsOne) {
  const std::string dir = MakeTempDir();
  const ToolRun run =
      RunTool(absl::StrCat("--authority=869 --out=", dir, "/cin.jsonl ", dir, "/none.xml"), dir);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("cannot open"));
  EXPECT_THAT(OutputFiles(dir), ::testing::IsEmpty());
}

TEST(CinCensusToolTest, ReadsStandardInput) {
  const std::string dir = MakeTempDir();
  const ToolRun run = RunTool(
      absl::StrCat("--authority=869 --out=", dir, "/cin.jsonl - <", Testdata("good_2017.xml")),
      dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFile(dir + "/cin.jsonl"), ReadFile(Testdata("good_2017.expected.jsonl")));
}

TEST(CinCensusToolTest, ShowsProgressOnATerminal) {
  const std::string dir = MakeTempDir();
  int terminal = -1;
  const pid_t pid = ::forkpty(&terminal, nullptr, nullptr, nullptr);
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // The child's stdin, stdout and stderr are all the pseudo-terminal; send stdout away so
    // that only the progress bar (stderr) reaches it.
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    const std::string out = "--out=" + dir + "/cin.jsonl";
    const std::string census = Testdata("good_2017.xml");
    ::execl(CIN_CENSUS_BINARY, CIN_CENSUS_BINARY, "--authority=869", out.c_str(), census.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string seen;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(terminal, buffer, sizeof(buffer))) > 0) seen.append(buffer, n);
  ::close(terminal);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << seen;
  EXPECT_THAT(seen, HasSubstr("reading "));
  EXPECT_THAT(seen, HasSubstr("100%"));
  EXPECT_THAT(seen, HasSubstr("\r"));
}

// A census of `children` copies of a child with every kind of item (6 records each).
void WriteLargeCensus(const std::string& path, int children) {
  std::ofstream out(path, std::ios::binary);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message><Header><CollectionDetails>"
         "<Collection>CIN</Collection><Year>2017</Year><ReferenceDate>2017-03-31"
         "</ReferenceDate></CollectionDetails><Source><LEA>869</LEA></Source></Header>"
         "<Children>\n";
  for (int i = 0; i < children; ++i) {
    out << absl::StrFormat(
        "<Child><ChildIdentifiers><LAchildID>G%06d</LAchildID><PersonBirthDate>2010-07-14"
        "</PersonBirthDate><GenderCurrent>1</GenderCurrent></ChildIdentifiers>"
        "<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics><CINdetails>"
        "<CINreferralDate>2016-05-03</CINreferralDate><ReferralSource>2A</ReferralSource>"
        "<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2017-02-28</CINclosureDate>"
        "<ReasonForClosure>RC1</ReasonForClosure><Assessments><AssessmentActualStartDate>"
        "2016-05-04</AssessmentActualStartDate><AssessmentAuthorisationDate>2016-06-20"
        "</AssessmentAuthorisationDate><FactorsIdentifiedAtAssessment><AssessmentFactors>11A"
        "</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments><Section47>"
        "<S47ActualStartDate>2016-06-01</S47ActualStartDate><DateOfInitialCPC>2016-06-20"
        "</DateOfInitialCPC><ICPCnotRequired>false</ICPCnotRequired></Section47>"
        "<ReferralNFA>false</ReferralNFA><ChildProtectionPlans><CPPstartDate>2016-06-20"
        "</CPPstartDate><CPPendDate>2017-02-28</CPPendDate><InitialCategoryOfAbuse>NEG"
        "</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>"
        "<NumberOfPreviousCPP>0</NumberOfPreviousCPP><Reviews><CPPreviewDate>2016-09-15"
        "</CPPreviewDate></Reviews></ChildProtectionPlans></CINdetails></Child>\n",
        i);
  }
  out << "</Children></Message>\n";
}

TEST(CinCensusToolTest, ImportsOneHundredThousandChildrenWellUnderAMinute) {
  constexpr int kChildren = 100000;
  const std::string dir = MakeTempDir();
  const std::string census = dir + "/large.xml";
  WriteLargeCensus(census, kChildren);
  const auto began = std::chrono::steady_clock::now();
  const ToolRun run =
      RunTool(absl::StrCat("--authority=869 --out=", dir, "/large.jsonl ", census), dir);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::cout << absl::StrFormat("[ timing ] %d children (%.0f MiB) imported in %.2f s\n", kChildren,
                               fs::file_size(census) / 1048576.0, seconds);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_LT(seconds, 60.0);
  EXPECT_THAT(run.out, HasSubstr("children imported: 100000\n"));
  EXPECT_THAT(run.out, HasSubstr("records written:   600000 to "));
  std::ifstream lines(dir + "/large.jsonl");
  EXPECT_EQ(
      std::count(std::istreambuf_iterator<char>(lines), std::istreambuf_iterator<char>(), '\n'),
      600000);
  fs::remove(census);
  fs::remove(dir + "/large.jsonl");
}

}  // namespace
}  // namespace scorecard::cin_census
