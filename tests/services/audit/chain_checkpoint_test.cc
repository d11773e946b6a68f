#include "services/audit/chain_checkpoint.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::audit {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

const absl::Time kSignedAt = absl::FromUnixMicros(1775000000123456);  // 2026-03-31

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
}

ChainHead Head(int64_t sequence, char fill) {
  ChainHead head;
  head.sequence = sequence;
  head.row_hash = std::string(kSha256Bytes, fill);
  return head;
}

class ChainCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    ASSERT_TRUE(GenerateCheckpointKeyFile(key_path()).ok());
    absl::StatusOr<CheckpointKey> key = CheckpointKey::LoadPem(key_path());
    ASSERT_TRUE(key.ok()) << key.status();
    key_ = std::make_unique<CheckpointKey>(*std::move(key));
    directory_ = std::make_unique<CheckpointDirectory>(checkpoint_dir(), key_.get());
    ASSERT_TRUE(directory_->EnsureExists().ok());
  }

  std::string key_path() const { return dir_.File("keys/checkpoint.pem"); }
  std::string checkpoint_dir() const { return dir_.File("checkpoints"); }
  std::string CheckpointPath(int64_t sequence) const {
    return absl::StrCat(checkpoint_dir(), "/", CheckpointDirectory::FileName(sequence));
  }

  ScopedTempDir dir_;
  std::unique_ptr<CheckpointKey> key_;
  std::unique_ptr<CheckpointDirectory> directory_;
};

TEST_F(ChainCheckpointTest, GeneratedKeyIsPrivateAndNeverReplaced) {
  struct stat info;
  ASSERT_EQ(::stat(key_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_THAT(ReadFile(key_path()), HasSubstr("-----BEGIN PRIVATE KEY-----"));
  EXPECT_TRUE(key_->can_sign());
  EXPECT_THAT(key_->key_id(), SizeIs(16));

  const std::string before = ReadFile(key_path());
  EXPECT_EQ(GenerateCheckpointKeyFile(key_path()).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ReadFile(key_path()), before);
}

TEST_F(ChainCheckpointTest, LoadingRejectsMissingAndNonEd25519Keys) {
  EXPECT_EQ(CheckpointKey::LoadPem(dir_.File("absent.pem")).status().code(),
            absl::StatusCode::kNotFound);
  WriteFile(dir_.File("junk.pem"), "not a key\n");
  EXPECT_EQ(CheckpointKey::LoadPem(dir_.File("junk.pem")).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(ChainCheckpointTest, SignedCheckpointRoundTripsThroughItsText) {
  absl::StatusOr<SignedCheckpoint> signed_checkpoint =
      SignCheckpoint(*key_, Head(1042, '\x5a'), kSignedAt);
  ASSERT_TRUE(signed_checkpoint.ok()) << signed_checkpoint.status();
  const std::string text = FormatCheckpoint(*signed_checkpoint);
  EXPECT_THAT(text, HasSubstr("scorecard-audit-checkpoint v1\nsequence 1042\nhead_hash 5a5a"));
  EXPECT_THAT(text, HasSubstr("signed_at 2026-03-31T"));
  EXPECT_THAT(text, HasSubstr(".123456Z\n"));

  absl::StatusOr<SignedCheckpoint> parsed = ParseCheckpoint(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->sequence, 1042);
  EXPECT_EQ(parsed->head_hash, std::string(kSha256Bytes, '\x5a'));
  EXPECT_EQ(parsed->signed_at, kSignedAt);
  EXPECT_EQ(parsed->key_id, key_->key_id());
  EXPECT_TRUE(VerifyCheckpoint(*key_, *parsed).ok());
}

// Any change to a signed field, or to the signature itself, is rejected.
TEST_F(ChainCheckpointTest, AlteredCheckpointsDoNotVerify) {
  absl::StatusOr<SignedCheckpoint> original = SignCheckpoint(*key_, Head(10, '\x11'), kSignedAt);
  ASSERT_TRUE(original.ok()) << original.status();

  SignedCheckpoint moved = *original;
  moved.sequence = 9;
  EXPECT_EQ(VerifyCheckpoint(*key_, moved).code(), absl::StatusCode::kPermissionDenied);

  SignedCheckpoint other_head = *original;
  other_head.head_hash[0] ^= 1;
  EXPECT_EQ(VerifyCheckpoint(*key_, other_head).code(), absl::StatusCode::kPermissionDenied);

  SignedCheckpoint later = *original;
  later.signed_at += absl::Microseconds(1);
  EXPECT_EQ(VerifyCheckpoint(*key_, later).code(), absl::StatusCode::kPermissionDenied);

  SignedCheckpoint bad_signature = *original;
  bad_signature.signature[7] ^= 0x40;
  absl::Status refused = VerifyCheckpoint(*key_, bad_signature);
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("bad signature"));
}

TEST_F(ChainCheckpointTest, AnotherKeysCheckpointIsRejected) {
  ASSERT_TRUE(GenerateCheckpointKeyFile(dir_.File("other.pem")).ok());
  absl::StatusOr<CheckpointKey> other = CheckpointKey::LoadPem(dir_.File("other.pem"));
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_NE(other->key_id(), key_->key_id());
  absl::StatusOr<SignedCheckpoint> foreign = SignCheckpoint(*other, Head(3, '\x01'), kSignedAt);
  ASSERT_TRUE(foreign.ok()) << foreign.status();
  absl::Status refused = VerifyCheckpoint(*key_, *foreign);
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("another key"));

  // Claiming this key's id does not help: the signature is still theirs.
  SignedCheckpoint disguised = *foreign;
  disguised.key_id = key_->key_id();
  EXPECT_THAT(std::string(VerifyCheckpoint(*key_, disguised).message()),
              HasSubstr("bad signature"));
}

TEST_F(ChainCheckpointTest, APublicKeyVerifiesButCannotSign) {
  absl::StatusOr<std::string> pem = key_->PublicKeyPem();
  ASSERT_TRUE(pem.ok()) << pem.status();
  absl::StatusOr<CheckpointKey> public_only = CheckpointKey::FromPem(*pem);
  ASSERT_TRUE(public_only.ok()) << public_only.status();
  EXPECT_FALSE(public_only->can_sign());
  EXPECT_EQ(public_only->key_id(), key_->key_id());
  absl::StatusOr<SignedCheckpoint> checkpoint = SignCheckpoint(*key_, Head(4, '\x02'), kSignedAt);
  ASSERT_TRUE(checkpoint.ok());
  EXPECT_TRUE(VerifyCheckpoint(*public_only, *checkpoint).ok());
  EXPECT_EQ(SignCheckpoint(*public_only, Head(5, '\x02'), kSignedAt).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(ChainCheckpointTest, ParsingIsStrict) {
  absl::StatusOr<SignedCheckpoint> checkpoint = SignCheckpoint(*key_, Head(7, '\x33'), kSignedAt);
  ASSERT_TRUE(checkpoint.ok());
  const std::string good = FormatCheckpoint(*checkpoint);
  ASSERT_TRUE(ParseCheckpoint(good).ok());
  const std::string bad[] = {
      good + "extra 1\n",                                          // an unsigned line
      good.substr(0, good.size() - 1),                             // no final newline
      absl::StrReplaceAll(good, {{"sequence 7", "sequence 07"}}),  // another spelling
      absl::StrReplaceAll(good, {{"sequence 7", "sequence +7"}}),
      absl::StrReplaceAll(good, {{"v1\n", "v2\n"}}),               // another version
      absl::StrReplaceAll(good, {{"3333", "333G"}}),               // not hex
      absl::StrReplaceAll(good, {{".123456Z", ".123456+00:00"}}),  // another time form
      absl::StrReplaceAll(good, {{"head_hash ", "head_hash  "}}),
  };
  for (const std::string& text : bad) {
    EXPECT_EQ(ParseCheckpoint(text).status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

TEST_F(ChainCheckpointTest, DirectoryWritesLoadsAndNeverOverwrites) {
  absl::StatusOr<SignedCheckpoint> first = directory_->Write(Head(5, '\x05'), kSignedAt);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->file, "checkpoint-00000000000000000005.txt");
  ASSERT_TRUE(directory_->Write(Head(12, '\x0c'), kSignedAt + absl::Seconds(1)).ok());
  EXPECT_EQ(directory_->Write(Head(5, '\x55'), kSignedAt).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ParseCheckpoint(ReadFile(CheckpointPath(5)))->head_hash,
            std::string(kSha256Bytes, '\x05'));

  // Leftovers of an interrupted write and unrelated files are not checkpoints.
  WriteFile(absl::StrCat(checkpoint_dir(), "/.checkpoint-00000000000000000099.txt.tmp-1"), "x");
  WriteFile(absl::StrCat(checkpoint_dir(), "/README"), "x");

  const CheckpointSet set = directory_->Load();
  ASSERT_THAT(set.valid, SizeIs(2));
  EXPECT_TRUE(set.rejected.empty()) << set.rejected[0].file << ": " << set.rejected[0].reason;
  EXPECT_EQ(set.valid[0].sequence, 5);
  EXPECT_EQ(set.newest()->sequence, 12);
  const std::vector<ChainAnchor> anchors = set.Anchors();
  ASSERT_THAT(anchors, SizeIs(2));
  EXPECT_EQ(anchors[1].sequence, 12);
  EXPECT_EQ(anchors[1].row_hash, std::string(kSha256Bytes, '\x0c'));
  EXPECT_THAT(anchors[1].name, HasSubstr("checkpoint-00000000000000000012.txt"));

  ASSERT_TRUE(directory_->Remove(first->file).ok());
  EXPECT_THAT(directory_->Load().valid, SizeIs(1));
}

// The test the brief names: a checkpoint file whose signature is altered is
// rejected (reported, not trusted), and so are forged, renamed and garbled ones.
TEST_F(ChainCheckpointTest, LoadRejectsAlteredForgedRenamedAndGarbledFiles) {
  for (int64_t sequence : {10, 20, 30, 40, 50}) {
    ASSERT_TRUE(directory_->Write(Head(sequence, '\x01'), kSignedAt).ok());
  }
  // 10: one signature digit changed.
  std::string altered = ReadFile(CheckpointPath(10));
  const size_t signature = altered.find("signature ") + 10;
  altered[signature] = altered[signature] == '0' ? '1' : '0';
  WriteFile(CheckpointPath(10), altered);
  // 20: a forged head, the old signature kept.
  std::string forged = ReadFile(CheckpointPath(20));
  forged = absl::StrReplaceAll(forged, {{"head_hash 0101", "head_hash 0202"}});
  WriteFile(CheckpointPath(20), forged);
  // 30: a valid checkpoint of 30, renamed to claim 35.
  std::filesystem::rename(CheckpointPath(30), CheckpointPath(35));
  // 40: garbled.
  WriteFile(CheckpointPath(40), "scorecard-audit-checkpoint v1\nsequence 40\n");

  const CheckpointSet set = directory_->Load();
  ASSERT_THAT(set.valid, SizeIs(1));
  EXPECT_EQ(set.valid[0].sequence, 50);
  ASSERT_THAT(set.rejected, SizeIs(4));
  EXPECT_EQ(set.rejected[0].file, "checkpoint-00000000000000000010.txt");
  EXPECT_THAT(set.rejected[0].reason, HasSubstr("bad signature"));
  EXPECT_EQ(set.rejected[1].file, "checkpoint-00000000000000000020.txt");
  EXPECT_THAT(set.rejected[1].reason, HasSubstr("bad signature"));
  EXPECT_EQ(set.rejected[2].file, "checkpoint-00000000000000000035.txt");
  EXPECT_THAT(set.rejected[2].reason, HasSubstr("renamed"));
  EXPECT_EQ(set.rejected[3].file, "checkpoint-00000000000000000040.txt");
  EXPECT_THAT(set.rejected[3].reason, HasSubstr("malformed"));
}

TEST_F(ChainCheckpointTest, AMissingFolderIsAnEmptySet) {
  CheckpointDirectory absent(dir_.File("nowhere"), key_.get());
  const CheckpointSet set = absent.Load();
  EXPECT_TRUE(set.valid.empty());
  EXPECT_TRUE(set.rejected.empty());
  EXPECT_EQ(set.newest(), nullptr);
}

}  // namespace
}  // namespace scorecard::audit
