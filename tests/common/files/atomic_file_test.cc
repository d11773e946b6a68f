#include "common/files/atomic_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

namespace fs = std::filesystem;

std::string MakeTempDir() {
  const fs::path dir = fs::path(::testing::TempDir()) /
                       absl::StrCat("atomic_file_", ::getpid(), "_",
                                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int EntriesIn(const std::string& dir) {
  int entries = 0;
  for (const auto& unused : fs::directory_iterator(dir)) {
    (void)unused;
    ++entries;
  }
  return entries;
}

TEST(AtomicFileTest, WritesFilesWholeAndLeavesNoTemporaries) {
  const std::string dir = MakeTempDir();
  ASSERT_TRUE(WriteFilesAtomically({{dir + "/a.jsonl", "one\n"}, {dir + "/b.csv", "two\n"}}).ok());
  EXPECT_EQ(ReadWholeFile(dir + "/a.jsonl"), "one\n");
  EXPECT_EQ(ReadWholeFile(dir + "/b.csv"), "two\n");
  EXPECT_EQ(EntriesIn(dir), 2);
  fs::remove_all(dir);
}

TEST(AtomicFileTest, AFailedWriteTouchesNoTarget) {
  const std::string dir = MakeTempDir();
  { std::ofstream(dir + "/a.jsonl") << "old\n"; }
  // The second target's folder does not exist: neither file may change.
  absl::Status status =
      WriteFilesAtomically({{dir + "/a.jsonl", "new\n"}, {dir + "/missing/b.csv", "two\n"}});
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(ReadWholeFile(dir + "/a.jsonl"), "old\n");
  EXPECT_EQ(EntriesIn(dir), 1) << "a temporary file was left behind";
  fs::remove_all(dir);
}

TEST(AtomicFileTest, OneFileReplacesTheOld) {
  const std::string dir = MakeTempDir();
  { std::ofstream(dir + "/port") << "1\n"; }
  ASSERT_TRUE(WriteFileAtomically(dir + "/port", "40123\n").ok());
  EXPECT_EQ(ReadWholeFile(dir + "/port"), "40123\n");
  EXPECT_EQ(EntriesIn(dir), 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace scorecard
