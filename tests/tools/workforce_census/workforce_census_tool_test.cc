// Runs the workforce_census_import executable itself (WORKFORCE_CENSUS_IMPORT_BINARY, set by
// CMake): what it writes is what `scorecardctl ingest workforce` reads, and a bad input
// leaves any earlier output as it was.
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"
#include "tools/scorecardctl/jsonl_ingest.h"

namespace scorecard::workforce_census {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string MakeTempDir() {
  std::string pattern =
      (fs::path(::testing::TempDir()) / "workforce_census_tool_XXXXXX").string();
  EXPECT_NE(::mkdtemp(pattern.data()), nullptr);
  return pattern;
}

std::string Fixture(const std::string& name) {
  return absl::StrCat(WORKFORCE_CENSUS_TEST_DATA, "/", name);
}

// The tool's exit code; its output goes to `log`.
int RunTool(const std::string& arguments, const std::string& log) {
  const std::string command =
      absl::StrCat(WORKFORCE_CENSUS_IMPORT_BINARY, " ", arguments, " >", log, " 2>&1");
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int FilesIn(const std::string& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(WorkforceCensusToolTest, WritesJsonLinesThatScorecardctlIngests) {
  const std::string dir = MakeTempDir();
  const std::string out = dir + "/csww.jsonl";
  ASSERT_EQ(RunTool(absl::StrCat("--authority=869 --format=xml --out=", out, " ",
                                 Fixture("good.xml")),
                    dir + "/log"),
            0)
      << ReadFile(dir + "/log");
  EXPECT_THAT(ReadFile(dir + "/log"),
              HasSubstr("wrote 6 records to " + out +
                        " (sickness_days_lost_return 2, vacancies 1, worker 3)"));
  const std::string text = ReadFile(out);
  const auto parsed = scorecardctl::ParseJsonl<workforce::v1::WorkforceRecord>(text, out);
  EXPECT_TRUE(parsed.ok()) << (parsed.errors.empty() ? "" : parsed.errors.front());
  ASSERT_EQ(parsed.records.size(), 6u);
  EXPECT_EQ(parsed.records[0].worker().worker_id(), "SW1000000001");
  EXPECT_EQ(parsed.records[5].vacancies().vacant_fte(), 5.5);
  EXPECT_EQ(FilesIn(dir), 2);  // the output and the log: no temporary file left
  fs::remove_all(dir);
}

TEST(WorkforceCensusToolTest, BadInputWritesNothingAndKeepsTheOldFile) {
  const std::string dir = MakeTempDir();
  const std::string out = dir + "/csww.jsonl";
  { std::ofstream(out) << "earlier\n"; }
  EXPECT_EQ(RunTool(absl::StrCat("--authority=869 --format=xml --out=", out, " ",
                                 Fixture("bad_fte.xml")),
                    dir + "/log"),
            1);
  const std::string log = ReadFile(dir + "/log");
  EXPECT_THAT(log, HasSubstr("bad_fte.xml:11: FTE: 1.7 is not in (0, 1.5]"));
  EXPECT_THAT(log, HasSubstr("3 problems; nothing was written"));
  EXPECT_EQ(ReadFile(out), "earlier\n");
  EXPECT_EQ(FilesIn(dir), 2);
  fs::remove_all(dir);
}

TEST(WorkforceCensusToolTest, CsvWithReferenceDate) {
  const std::string dir = MakeTempDir();
  const std::string out = dir + "/hr.jsonl";
  ASSERT_EQ(RunTool(absl::StrCat("--authority=869 --format=csv --reference_date=2016-09-30 "
                                 "--out=",
                                 out, " ", Fixture("good.csv")),
                    dir + "/log"),
            0)
      << ReadFile(dir + "/log");
  const auto parsed = scorecardctl::ParseJsonl<workforce::v1::WorkforceRecord>(ReadFile(out), out);
  EXPECT_TRUE(parsed.ok());
  EXPECT_EQ(parsed.records.size(), 4u);
  fs::remove_all(dir);
}

TEST(WorkforceCensusToolTest, UsageErrors) {
  const std::string dir = MakeTempDir();
  EXPECT_EQ(RunTool("--authority=869 --format=json --out=x " + Fixture("good.xml"),
                    dir + "/log"),
            2);
  EXPECT_THAT(ReadFile(dir + "/log"), HasSubstr("--format must be xml or csv"));
  EXPECT_EQ(RunTool("--authority=869 --format=xml " + Fixture("good.xml"), dir + "/log"), 2);
  EXPECT_THAT(ReadFile(dir + "/log"), HasSubstr("--out is required"));
  EXPECT_EQ(RunTool("--authority=869 --out=" + dir + "/o.jsonl " + dir + "/missing.xml",
                    dir + "/log"),
            2);
  EXPECT_THAT(ReadFile(dir + "/log"), HasSubstr("cannot open"));
  EXPECT_FALSE(fs::exists(dir + "/o.jsonl"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace scorecard::workforce_census
