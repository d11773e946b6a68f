// Runs the demo_data executable itself (DEMO_DATA_BINARY, set by CMake).
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tools/demo_data/demo_generator.h"

namespace scorecard::demo_data {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFiles[] = {"workforce.jsonl", "safeguarding.jsonl", "placement.jsonl"};

std::string MakeTempDir() {
  std::string pattern = (fs::path(::testing::TempDir()) / "demo_data_tool_XXXXXX").string();
  EXPECT_NE(::mkdtemp(pattern.data()), nullptr);
  return pattern;
}

// The tool's exit code; its output goes to `log`.
int RunTool(const std::string& flags, const std::string& log) {
  const std::string command = absl::StrCat(DEMO_DATA_BINARY, " ", flags, " >", log, " 2>&1");
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t Lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(DemoDataToolTest, WritesTheThreeFilesIdenticallyEachRun) {
  const std::string dir = MakeTempDir();
  const std::string first = dir + "/first";  // created by the tool
  const std::string second = dir + "/second";
  ASSERT_EQ(RunTool("--out_dir=" + first + " --seed=5 --scale=0.2", dir + "/first.log"), 0)
      << ReadFile(dir + "/first.log");
  ASSERT_EQ(RunTool("--out_dir=" + second + " --seed=5 --scale=0.2", dir + "/second.log"), 0)
      << ReadFile(dir + "/second.log");

  DemoDataOptions options;
  options.seed = 5;
  options.scale = 0.2;
  const DemoData data = Generate(options);
  const size_t expected[] = {data.workforce.size(), data.safeguarding.size(),
                             data.placement.size()};
  for (int i = 0; i < 3; ++i) {
    const std::string text = ReadFile(first + "/" + kFiles[i]);
    EXPECT_GT(text.size(), 0u) << kFiles[i];
    EXPECT_EQ(Lines(text), expected[i]) << kFiles[i];
    EXPECT_TRUE(text == ReadFile(second + "/" + kFiles[i])) << kFiles[i] << " differs";
  }
  // It reports what it wrote, kind by kind.
  const std::string log = ReadFile(dir + "/first.log");
  EXPECT_NE(log.find("safeguarding.referral"), std::string::npos) << log;
  EXPECT_NE(log.find("placement.episode"), std::string::npos) << log;
}

TEST(DemoDataToolTest, RefusesBadFlagsWithoutWritingAnything) {
  const std::string dir = MakeTempDir();
  EXPECT_NE(RunTool("--authority=86 --out_dir=" + dir + "/out", dir + "/a.log"), 0);
  EXPECT_NE(RunTool("--scale=0 --out_dir=" + dir + "/out", dir + "/b.log"), 0);
  EXPECT_NE(RunTool("", dir + "/c.log"), 0);  // --out_dir is required
  EXPECT_NE(ReadFile(dir + "/c.log").find("--out_dir"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir + "/out"));
}

}  // namespace
}  // namespace scorecard::demo_data
