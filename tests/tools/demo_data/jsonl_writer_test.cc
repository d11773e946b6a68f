#include "tools/demo_data/jsonl_writer.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tools/demo_data/demo_generator.h"

namespace scorecard::demo_data {
namespace {

namespace fs = std::filesystem;

// A fresh folder under the test's temporary directory.
std::string MakeTempDir() {
  std::string pattern = (fs::path(::testing::TempDir()) / "jsonl_writer_XXXXXX").string();
  const char* made = ::mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return pattern;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Writes `records`, reads the file back line by line as scorecardctl ingest does (strict
// JSON parsing into the wrapper) and expects the same messages in the same order.
template <typename Wrapper>
void ExpectRoundTrip(const std::vector<Wrapper>& records, const std::string& path) {
  ASSERT_FALSE(records.empty());
  ASSERT_TRUE(WriteJsonLines(path, records).ok());
  const std::string text = ReadFile(path);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  lines.pop_back();  // after the final newline
  ASSERT_EQ(lines.size(), records.size());
  google::protobuf::util::JsonParseOptions strict;
  strict.ignore_unknown_fields = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    Wrapper parsed;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(lines[i], &parsed, strict).ok())
        << lines[i];
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(parsed, records[i]))
        << "line " << i + 1 << ": " << lines[i];
  }
}

TEST(JsonlWriterTest, EveryFileRoundTrips) {
  DemoDataOptions options;
  options.scale = 0.1;
  const DemoData data = Generate(options);
  const std::string dir = MakeTempDir();
  ExpectRoundTrip(data.workforce, dir + "/workforce.jsonl");
  ExpectRoundTrip(data.safeguarding, dir + "/safeguarding.jsonl");
  ExpectRoundTrip(data.placement, dir + "/placement.jsonl");
}

TEST(JsonlWriterTest, OneRecordIsOneLineWithProtoFieldNames) {
  safeguarding::v1::SafeguardingRecord record;
  safeguarding::v1::Referral* referral = record.mutable_referral();
  referral->set_child_id("C000001");
  referral->mutable_referral_date()->set_year(2016);
  referral->mutable_referral_date()->set_month(5);
  referral->mutable_referral_date()->set_day(3);
  absl::StatusOr<std::string> line = ToJsonLine(record);
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(
      *line,
      R"({"referral":{"child_id":"C000001","referral_date":{"year":2016,"month":5,"day":3}}})");
}

TEST(JsonlWriterTest, ReplacesAnExistingFileAndLeavesNoTemporaryFile) {
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/safeguarding.jsonl";
  {
    std::ofstream old(path);
    old << "old content\n";
  }
  safeguarding::v1::SafeguardingRecord record;
  record.mutable_lado_referral()->mutable_referral_date()->set_year(2016);
  record.mutable_lado_referral()->mutable_referral_date()->set_month(4);
  record.mutable_lado_referral()->mutable_referral_date()->set_day(4);
  ASSERT_TRUE(WriteJsonLines(path, std::vector<safeguarding::v1::SafeguardingRecord>{record}).ok());
  EXPECT_EQ(ReadFile(path),
            "{\"lado_referral\":{\"referral_date\":{\"year\":2016,\"month\":4,\"day\":4}}}\n");
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(entry.path().filename(), "safeguarding.jsonl");
  }
  EXPECT_EQ(files, 1);
}

TEST(JsonlWriterTest, AnEmptyListGivesAnEmptyFile) {
  const std::string path = MakeTempDir() + "/empty.jsonl";
  ASSERT_TRUE(WriteJsonLines(path, std::vector<placement::v1::PlacementRecord>{}).ok());
  EXPECT_TRUE(fs::exists(path));
  EXPECT_EQ(ReadFile(path), "");
}

TEST(JsonlWriterTest, AMissingFolderIsAnErrorAndWritesNothing) {
  const std::string dir = MakeTempDir();
  const std::string path = dir + "/no/such/folder/placement.jsonl";
  const absl::Status status = WriteJsonLines(path, std::vector<placement::v1::PlacementRecord>(1));
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("no/such/folder"), std::string::npos) << status.message();
  EXPECT_FALSE(fs::exists(path));
}

safeguarding::v1::SafeguardingRecord Lado(int day) {
  safeguarding::v1::SafeguardingRecord record;
  common::v1::Date* d = record.mutable_lado_referral()->mutable_referral_date();
  d->set_year(2016);
  d->set_month(4);
  d->set_day(day);
  return record;
}

TEST(JsonLinesFilesTest, AppendsPieceByPieceAndAppearsOnlyOnCommit) {
  const std::string dir = MakeTempDir();
  absl::StatusOr<std::unique_ptr<JsonLinesFiles>> files =
      JsonLinesFiles::Create({dir + "/a.jsonl", dir + "/b.jsonl"});
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_TRUE((*files)->Append(0, std::vector<safeguarding::v1::SafeguardingRecord>{Lado(1)}).ok());
  ASSERT_TRUE((*files)->Append(0, std::vector<safeguarding::v1::SafeguardingRecord>{Lado(2)}).ok());
  EXPECT_FALSE(fs::exists(dir + "/a.jsonl"));  // not before Commit
  ASSERT_TRUE((*files)->Commit().ok());
  EXPECT_EQ(ReadFile(dir + "/a.jsonl"),
            "{\"lado_referral\":{\"referral_date\":{\"year\":2016,\"month\":4,\"day\":1}}}\n"
            "{\"lado_referral\":{\"referral_date\":{\"year\":2016,\"month\":4,\"day\":2}}}\n");
  EXPECT_EQ(ReadFile(dir + "/b.jsonl"), "");
  EXPECT_FALSE((*files)->Append(1, std::vector<safeguarding::v1::SafeguardingRecord>{}).ok());
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 2);  // no temporary files left
}

TEST(JsonLinesFilesTest, AbandonedBeforeCommitLeavesTheTargetsAsTheyWere) {
  const std::string dir = MakeTempDir();
  {
    std::ofstream(dir + "/a.jsonl") << "old\n";
  }
  {
    absl::StatusOr<std::unique_ptr<JsonLinesFiles>> files = JsonLinesFiles::Create({dir + "/a.jsonl"});
    ASSERT_TRUE(files.ok());
    ASSERT_TRUE((*files)->Append(0, std::vector<safeguarding::v1::SafeguardingRecord>{Lado(1)}).ok());
  }
  EXPECT_EQ(ReadFile(dir + "/a.jsonl"), "old\n");
  int entries = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 1);
}

}  // namespace
}  // namespace scorecard::demo_data
