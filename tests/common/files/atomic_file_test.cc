#include "common/files/atomic_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
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

TEST(AtomicFileWriterTest, NothingAppearsUntilCommitAndAnUncommittedFileLeavesNoTrace) {
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/out.jsonl";
  { std::ofstream(path) << "old\n"; }
  {
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer = AtomicFileWriter::Create(path);
    ASSERT_TRUE(writer.ok()) << writer.status();
    ASSERT_TRUE((*writer)->Append("new\n").ok());
    EXPECT_TRUE(fs::exists((*writer)->temp_path()));
    EXPECT_EQ(ReadWholeFile(path), "old\n");
  }  // dropped without Commit
  EXPECT_EQ(ReadWholeFile(path), "old\n");
  EXPECT_EQ(EntriesIn(dir), 1) << "the temporary file was left behind";
  fs::remove_all(dir);
}

// Two writers of one target in one process (two exports of the same file at once): each
// writes its own temporary file, dropping one does not touch the other's, and the target
// ends as one writer's whole contents, never a mixture.
TEST(AtomicFileWriterTest, TwoWritersOfOneTargetKeepTheirFilesApart) {
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/out.csv";
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> first = AtomicFileWriter::Create(path);
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> second = AtomicFileWriter::Create(path);
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> dropped = AtomicFileWriter::Create(path);
  ASSERT_TRUE(first.ok() && second.ok() && dropped.ok());
  EXPECT_NE((*first)->temp_path(), (*second)->temp_path());
  EXPECT_NE((*second)->temp_path(), (*dropped)->temp_path());
  ASSERT_TRUE((*first)->Append("first writer\n").ok());
  ASSERT_TRUE((*second)->Append("second\n").ok());
  ASSERT_TRUE((*dropped)->Append("never committed\n").ok());
  dropped->reset();
  EXPECT_TRUE(fs::exists((*first)->temp_path()));
  EXPECT_TRUE(fs::exists((*second)->temp_path()));
  ASSERT_TRUE((*second)->Commit().ok());
  EXPECT_EQ(ReadWholeFile(path), "second\n");
  ASSERT_TRUE((*first)->Commit().ok());
  EXPECT_EQ(ReadWholeFile(path), "first writer\n");
  EXPECT_EQ(EntriesIn(dir), 1) << "a temporary file was left behind";
  fs::remove_all(dir);
}

// A file already at a writer's temporary name (left by an earlier process with the same pid)
// is neither truncated nor written: the writer takes the next name.
TEST(AtomicFileWriterTest, ALeftoverTemporaryFileIsNotReused) {
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/out.csv";
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> probe = AtomicFileWriter::Create(path);
  ASSERT_TRUE(probe.ok());
  const std::string probe_name = (*probe)->temp_path();
  probe->reset();
  // The next writer's name: the probe's with the count one higher.
  const size_t dash = probe_name.rfind('-');
  const std::string next_name =
      absl::StrCat(probe_name.substr(0, dash + 1), std::stoull(probe_name.substr(dash + 1)) + 1);
  { std::ofstream(next_name) << "leftover\n"; }
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer = AtomicFileWriter::Create(path);
  ASSERT_TRUE(writer.ok()) << writer.status();
  EXPECT_NE((*writer)->temp_path(), next_name);
  ASSERT_TRUE((*writer)->Append("new\n").ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(ReadWholeFile(path), "new\n");
  EXPECT_EQ(ReadWholeFile(next_name), "leftover\n");
  fs::remove_all(dir);
}

TEST(AtomicFileWriterTest, SmallAndLargePiecesArriveInOrder) {
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/out.jsonl";
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer = AtomicFileWriter::Create(path);
  ASSERT_TRUE(writer.ok()) << writer.status();
  // Small pieces adding up to more than the 1 MiB buffer, then one piece larger than it,
  // then a small one left in the buffer until Commit.
  const std::string line(999, 'a');
  std::string expected;
  for (int i = 0; i < 1500; ++i) {
    ASSERT_TRUE((*writer)->Append(line + "\n").ok());
    expected += line + "\n";
  }
  const std::string big(3 << 20, 'b');
  ASSERT_TRUE((*writer)->Append(big).ok());
  ASSERT_TRUE((*writer)->Append("end\n").ok());
  expected += big + "end\n";
  EXPECT_FALSE(fs::exists(path));
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_TRUE(ReadWholeFile(path) == expected) << "the file differs from what was appended";
  EXPECT_FALSE(fs::exists((*writer)->temp_path()));
  EXPECT_EQ(EntriesIn(dir), 1);
  EXPECT_EQ((*writer)->Append("more").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ((*writer)->Commit().code(), absl::StatusCode::kFailedPrecondition);
  fs::remove_all(dir);
}

TEST(AtomicFileWriterTest, CreateFailsForAMissingFolder) {
  const std::string dir = MakeTempDir();
  EXPECT_FALSE(AtomicFileWriter::Create(dir + "/no/such/folder/out.jsonl").ok());
  fs::remove_all(dir);
}

TEST(AtomicFileWriterTest, AFailedRenameLeavesTheTargetAndNoTemporary) {
  const std::string dir = MakeTempDir();
  // A folder that is not empty cannot be replaced by a file.
  fs::create_directories(dir + "/target/inside");
  {
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer =
        AtomicFileWriter::Create(dir + "/target");
    ASSERT_TRUE(writer.ok()) << writer.status();
    ASSERT_TRUE((*writer)->Append("text\n").ok());
    const absl::Status committed = (*writer)->Commit();
    EXPECT_EQ(committed.code(), absl::StatusCode::kUnavailable) << committed;
    EXPECT_NE(committed.message().find("cannot rename to"), absl::string_view::npos);
  }
  EXPECT_TRUE(fs::is_directory(dir + "/target/inside"));
  EXPECT_EQ(EntriesIn(dir), 1) << "the temporary file was left behind";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace scorecard
