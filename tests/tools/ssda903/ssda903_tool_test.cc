// Runs the ssda903_import executable itself (SSDA903_IMPORT_BINARY, set by CMake): flags,
// exit codes, and which files it writes in each outcome.
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/tools/ssda903/ssda903_test_support.h"

namespace scorecard::ssda903 {
namespace {

namespace fs = std::filesystem;
using ::scorecard::ssda903::testing::ReadWholeFile;
using ::scorecard::ssda903::testing::TestDataPath;

class Ssda903ToolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "ssda903_tool_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    // A copy of the fixture return, so that a test can spoil it.
    in_ = dir_ + "/return";
    fs::copy(TestDataPath("good_2016"), in_);
  }

  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  // The tool's exit code; its output goes to log().
  int Run(const std::string& flags) {
    const std::string command =
        absl::StrCat(SSDA903_IMPORT_BINARY, " ", flags, " >", log_path(), " 2>&1");
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string StandardFlags() const {
    return absl::StrCat("--in=", in_, " --authority=869 --year=2016 --out=", out(),
                        " --report=", report());
  }

  void SpoilEpisodes() {
    const std::string path = in_ + "/lac_eps_export.csv";
    std::string text = ReadWholeFile(path);
    const size_t at = text.find("C001,14/09/2016,P,C2");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 20, "C001,14/09/2016,P,X9");
    std::ofstream(path, std::ios::binary) << text;
  }

  std::string out() const { return dir_ + "/placement.jsonl"; }
  std::string report() const { return dir_ + "/report.csv"; }
  std::string log_path() const { return dir_ + "/log.txt"; }
  std::string log() const { return ReadWholeFile(log_path()); }

  std::string dir_;
  std::string in_;
};

int Lines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

TEST_F(Ssda903ToolTest, GoodReturnWritesRecordsAnEmptyReportAndTiming) {
  const std::string missing = dir_ + "/missing.jsonl";
  ASSERT_EQ(Run(StandardFlags() + " --safeguarding_out=" + missing), 0) << log();
  // 22 records, and a UASC period, OC2 outcomes and a care leaver's outcome.
  EXPECT_EQ(Lines(ReadWholeFile(out())), 25);
  EXPECT_EQ(Lines(ReadWholeFile(missing)), 1);
  EXPECT_EQ(ReadWholeFile(report()), "table,line,column,child,reason\r\n");
  EXPECT_TRUE(absl::StrContains(log(), "timing: read")) << log();
  EXPECT_TRUE(absl::StrContains(log(), "placement.episode")) << log();
  // The JSONL is what the fixture's hand-written records say, line for line.
  std::vector<placement::v1::PlacementRecord> written;
  for (absl::string_view line : absl::StrSplit(ReadWholeFile(out()), '\n', absl::SkipEmpty())) {
    placement::v1::PlacementRecord record;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                    google::protobuf::StringPiece(line.data(), line.size()), &record)
                    .ok());
    written.push_back(record);
  }
  EXPECT_TRUE(testing::SameRecords(
      written, testing::ReadExpected<placement::v1::PlacementRecord>("good_2016_placement.jsonl")));
}

TEST_F(Ssda903ToolTest, WithoutSafeguardingOutMissingEpisodesAreCountedNotWritten) {
  ASSERT_EQ(Run(StandardFlags()), 0) << log();
  EXPECT_TRUE(absl::StrContains(log(), "1 missing episodes not written")) << log();
}

TEST_F(Ssda903ToolTest, DefaultModeWritesTheConsistentChildrenAndReportsTheRest) {
  SpoilEpisodes();
  ASSERT_EQ(Run(StandardFlags()), 0) << log();
  EXPECT_EQ(Lines(ReadWholeFile(out())), 25 - 6);  // C001's six records held back
  const std::string report_text = ReadWholeFile(report());
  // The problem, then C001's five other rows (Header, Episodes, 3 Reviews) and its Missing row.
  EXPECT_EQ(Lines(report_text), 1 + 1 + 6) << report_text;
  EXPECT_TRUE(absl::StrContains(report_text, "Episodes,3,LS,C001,")) << report_text;
  EXPECT_TRUE(absl::StrContains(report_text, "Header,2,,C001,\"not imported")) << report_text;
  EXPECT_TRUE(absl::StrContains(log(), "unknown LS code")) << log();
}

TEST_F(Ssda903ToolTest, StrictWritesNothingButTheReportAndFails) {
  SpoilEpisodes();
  { std::ofstream(out()) << "previous run\n"; }
  EXPECT_EQ(Run(StandardFlags() + " --strict"), 1) << log();
  EXPECT_EQ(ReadWholeFile(out()), "previous run\n");  // untouched, not half-written
  const std::string report_text = ReadWholeFile(report());
  EXPECT_EQ(Lines(report_text), 2) << report_text;
  EXPECT_TRUE(absl::StrContains(report_text, "Episodes,3,LS,C001,")) << report_text;
  EXPECT_TRUE(absl::StrContains(log(), "nothing written")) << log();
}

TEST_F(Ssda903ToolTest, FatalProblemFailsEvenWhenNotStrict) {
  fs::remove(in_ + "/lac_eps_export.csv");
  EXPECT_EQ(Run(StandardFlags()), 1) << log();
  EXPECT_FALSE(fs::exists(out()));
  EXPECT_TRUE(absl::StrContains(ReadWholeFile(report()), "no file holds the Episodes table"));
}

TEST_F(Ssda903ToolTest, BadFlagsAreUsageErrorsAndWriteNothing) {
  EXPECT_EQ(Run(absl::StrCat("--in=", in_, " --authority=869 --year=2016")), 2);  // no --out
  EXPECT_TRUE(absl::StrContains(log(), "--out")) << log();
  EXPECT_EQ(Run(absl::StrCat("--in=", in_, " --authority=86 --year=2016 --out=", out())), 2);
  EXPECT_EQ(Run(absl::StrCat("--in=", in_, " --authority=869 --year=2015 --out=", out())), 2);
  EXPECT_EQ(Run(absl::StrCat("--authority=869 --year=2016 --out=", out())), 2);  // no --in
  EXPECT_EQ(Run(StandardFlags() + " stray_argument"), 2);
  // An output inside the input folder would be read as a table next time.
  EXPECT_EQ(Run(absl::StrCat("--in=", in_, " --authority=869 --year=2016 --out=", out(),
                             " --report=", in_, "/report.csv")),
            2);
  EXPECT_FALSE(fs::exists(out()));
  EXPECT_FALSE(fs::exists(in_ + "/report.csv"));
}

TEST_F(Ssda903ToolTest, UnreadableInputOrOutputIsExitThree) {
  EXPECT_EQ(Run(absl::StrCat("--in=", dir_, "/nowhere --authority=869 --year=2016 --out=", out())),
            3);
  EXPECT_EQ(Run(absl::StrCat("--in=", in_, " --authority=869 --year=2016 --out=", dir_,
                             "/no/such/folder/out.jsonl")),
            3);
}

}  // namespace
}  // namespace scorecard::ssda903
