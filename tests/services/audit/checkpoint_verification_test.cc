// VerifyChain against signed checkpoints: what the rows alone cannot show
// (truncation, a full rewrite with recomputed hashes) is detected once a
// checkpoint of an earlier head exists outside the database; an altered
// checkpoint file is rejected and reported; the checkpointer writes on its
// triggers and refuses to bless a log that fails verification at start-up.
// Also the gRPC VerifyChain RPC and the audit_verify command line.
#include <grpcpp/grpcpp.h>
#include <stdio.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/concurrency/executor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "services/audit/audit_service.h"
#include "services/audit/audit_store.h"
#include "services/audit/chain_checkpoint.h"
#include "services/audit/checkpointer.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/audit/audit_test_util.h"
#include "tests/services/audit/raw_audit_db.h"

namespace scorecard::audit {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

// Polls `condition` every 10 ms for at most `timeout`.
template <typename Condition>
bool Eventually(Condition condition, absl::Duration timeout = absl::Seconds(20)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return condition();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// One "run" of the audit service: store, checkpointer (optional) and
// service over files that outlive it, so a test can stop it, tamper with the
// files, and start another run as a restart would.
class CheckpointVerificationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    ASSERT_TRUE(GenerateCheckpointKeyFile(key_path()).ok());
  }
  void TearDown() override { StopRun(); }

  std::string log_path() const { return dir_.File("data/audit.sqlite"); }
  std::string key_path() const { return dir_.File("keys/audit-checkpoint.pem"); }
  std::string checkpoint_dir() const { return dir_.File("checkpoints"); }
  std::string CheckpointPath(int64_t sequence) const {
    return absl::StrCat(checkpoint_dir(), "/", CheckpointDirectory::FileName(sequence));
  }

  // `options.dir` is filled in. start=false leaves the checkpointer unstarted
  // (it can still Load for VerifyChain, but signs nothing).
  void StartRun(bool checkpoints = true, CheckpointerOptions options = Quiet(), bool start = true) {
    std::filesystem::create_directories(dir_.File("data"));
    absl::StatusOr<std::unique_ptr<AuditStore>> store = AuditStore::Open(log_path());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    if (checkpoints) {
      absl::StatusOr<CheckpointKey> key = CheckpointKey::LoadPem(key_path());
      ASSERT_TRUE(key.ok()) << key.status();
      options.dir = checkpoint_dir();
      absl::StatusOr<std::unique_ptr<Checkpointer>> checkpointer =
          Checkpointer::Create(store_.get(), *std::move(key), options);
      ASSERT_TRUE(checkpointer.ok()) << checkpointer.status();
      checkpointer_ = *std::move(checkpointer);
      if (start) {
        checkpointer_->Start();
        ASSERT_TRUE(checkpointer_->WaitUntilVerified(absl::Seconds(30)));
      }
    }
    AuditServiceOptions service_options;
    service_options.checkpointer = checkpointer_.get();
    service_ = std::make_unique<AuditServiceImpl>(store_.get(), &executor_, authorizer_.get(),
                                                  service_options);
  }

  void StopRun() {
    service_.reset();
    if (checkpointer_ != nullptr) checkpointer_->Stop();
    checkpointer_.reset();
    store_.reset();
  }

  // Triggers that never fire on their own, so tests decide when to sign.
  static CheckpointerOptions Quiet() {
    CheckpointerOptions options;
    options.every_events = 1 << 30;
    options.every = absl::Hours(24);
    return options;
  }

  void AppendEvents(int count, const std::string& prefix = "e-") {
    for (int i = 1; i <= count; ++i) {
      v1::AppendEventsRequest request;
      *request.add_events() = TestEvent(absl::StrCat(prefix, i))
                                  .Actor(absl::StrCat("actor-", i))
                                  .Children({absl::StrCat("C-", i)})
                                  .Build();
      v1::AppendEventsResponse response;
      ASSERT_TRUE(service_->DoAppend(request, &response).ok());
    }
  }

  SignedCheckpoint CheckpointNow() {
    absl::StatusOr<std::optional<SignedCheckpoint>> written = checkpointer_->CheckpointNow();
    EXPECT_TRUE(written.ok()) << written.status();
    EXPECT_TRUE(written.ok() && written->has_value());
    return written.ok() && written->has_value() ? **written : SignedCheckpoint();
  }

  v1::VerifyChainResponse Verify() {
    v1::VerifyChainResponse response;
    absl::Status status = service_->DoVerifyChain(v1::VerifyChainRequest(), &response);
    EXPECT_TRUE(status.ok()) << status;
    return response;
  }

  ScopedTempDir dir_;
  Executor executor_{2};
  std::unique_ptr<Authorizer> authorizer_ = LocalAuthorizer();
  std::unique_ptr<AuditStore> store_;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::unique_ptr<AuditServiceImpl> service_;
};

TEST_F(CheckpointVerificationTest, AnIntactLogMatchesItsCheckpoints) {
  StartRun();
  EXPECT_EQ(Verify().checkpoint_status(), v1::CHECKPOINT_STATUS_NONE);
  AppendEvents(4);
  CheckpointNow();
  AppendEvents(6, "more-");
  const SignedCheckpoint newest = CheckpointNow();
  EXPECT_EQ(newest.sequence, 10);

  const v1::VerifyChainResponse response = Verify();
  EXPECT_TRUE(response.ok()) << response.reason();
  EXPECT_EQ(response.fault(), v1::CHAIN_FAULT_NONE);
  EXPECT_EQ(response.first_bad_sequence(), 0);
  EXPECT_EQ(response.verified_events(), 10);
  EXPECT_EQ(response.head_hash(), store_->Head().row_hash);
  EXPECT_EQ(response.checkpoint_status(), v1::CHECKPOINT_STATUS_MATCHED);
  EXPECT_EQ(response.valid_checkpoints(), 2);
  EXPECT_EQ(response.newest_checkpoint().sequence(), 10);
  EXPECT_EQ(response.newest_checkpoint().head_hash(), store_->Head().row_hash);
  EXPECT_EQ(response.newest_checkpoint().key_id(), checkpointer_->key().key_id());
  EXPECT_EQ(response.rejected_checkpoints_size(), 0);

  // Nothing new: nothing written.
  absl::StatusOr<std::optional<SignedCheckpoint>> again = checkpointer_->CheckpointNow();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->has_value());
}

TEST_F(CheckpointVerificationTest, WithoutAKeyVerificationSaysCheckpointsAreOff) {
  StartRun(/*checkpoints=*/false);
  AppendEvents(3);
  const v1::VerifyChainResponse response = Verify();
  EXPECT_TRUE(response.ok()) << response.reason();
  EXPECT_EQ(response.checkpoint_status(), v1::CHECKPOINT_STATUS_DISABLED);
}

// A clean truncation leaves rows that verify among themselves; only the
// checkpoint of the earlier head shows that rows 8..10 are gone.
TEST_F(CheckpointVerificationTest, TruncationIsDetectedAgainstTheCheckpoint) {
  StartRun();
  AppendEvents(10);
  CheckpointNow();
  StopRun();
  {
    RawDb raw(log_path());
    raw.Exec(
        "DELETE FROM events WHERE sequence > 7; DELETE FROM event_subjects WHERE sequence > 7");
  }

  // The rows alone (a run without checkpoints) cannot tell.
  StartRun(/*checkpoints=*/false);
  EXPECT_TRUE(Verify().ok());
  StopRun();

  StartRun(/*checkpoints=*/true, Quiet(), /*start=*/false);
  const v1::VerifyChainResponse response = Verify();
  EXPECT_FALSE(response.ok());
  EXPECT_EQ(response.fault(), v1::CHAIN_FAULT_TRUNCATED) << response.reason();
  EXPECT_EQ(response.first_bad_sequence(), 8);
  EXPECT_EQ(response.verified_events(), 7);
  EXPECT_EQ(response.checkpoint_status(), v1::CHECKPOINT_STATUS_MISMATCHED);
  EXPECT_THAT(response.reason(), HasSubstr("checkpoint-00000000000000000010.txt"));
}

// A forger who edits row 5 and recomputes every hash after it leaves a chain
// that verifies; the checkpointed head at 10 no longer matches, and the
// checkpoint at 3 narrows where the rewrite began.
TEST_F(CheckpointVerificationTest, AFullRewriteWithRecomputedHashesIsDetected) {
  StartRun();
  AppendEvents(3);
  CheckpointNow();
  AppendEvents(7, "more-");
  CheckpointNow();
  StopRun();
  {
    RawDb raw(log_path());
    EditActor(raw, 5, "someone-else");
    Rehash(raw, 5, 10);
  }
  StartRun(/*checkpoints=*/false);
  EXPECT_TRUE(Verify().ok()) << "the rewritten rows should verify among themselves";
  StopRun();

  StartRun(/*checkpoints=*/true, Quiet(), /*start=*/false);
  const v1::VerifyChainResponse response = Verify();
  EXPECT_FALSE(response.ok());
  EXPECT_EQ(response.fault(), v1::CHAIN_FAULT_REWRITTEN) << response.reason();
  EXPECT_EQ(response.first_bad_sequence(), 10);
  EXPECT_EQ(response.verified_events(), 9);
  EXPECT_EQ(response.checkpoint_status(), v1::CHECKPOINT_STATUS_MISMATCHED);
  EXPECT_THAT(response.reason(), HasSubstr("after row 3"));
}

// Rewriting and then appending past the checkpoint does not hide it either.
TEST_F(CheckpointVerificationTest, AppendingAfterARewriteDoesNotHideIt) {
  StartRun();
  AppendEvents(6);
  CheckpointNow();
  StopRun();
  {
    RawDb raw(log_path());
    raw.Exec(
        "DELETE FROM events WHERE sequence > 2; DELETE FROM event_subjects WHERE sequence > 2");
  }
  StartRun(/*checkpoints=*/true, Quiet(), /*start=*/false);
  AppendEvents(8, "after-");  // Positions 3..10 refilled with other events.
  const v1::VerifyChainResponse response = Verify();
  EXPECT_EQ(response.fault(), v1::CHAIN_FAULT_REWRITTEN) << response.reason();
  EXPECT_EQ(response.first_bad_sequence(), 6);
  EXPECT_EQ(response.checkpoint_status(), v1::CHECKPOINT_STATUS_MISMATCHED);
}

// A row fault before the checkpoint's position is reported first, at its row.
TEST_F(CheckpointVerificationTest, ARowFaultBeforeTheCheckpointIsReportedAtItsRow) {
  StartRun();
  AppendEvents(10);
  CheckpointNow();
  StopRun();
  {
    RawDb raw(log_path());
    raw.Exec("UPDATE events SET actor = 'someone-else' WHERE sequence = 4");
  }
  StartRun(/*checkpoints=*/true, Quiet(), /*start=*/false);
  const v1::VerifyChainResponse response = Verify();
  EXPECT_EQ(response.fault(), v1::CHAIN_FAULT_INDEX_MISMATCH) << response.reason();
  EXPECT_EQ(response.first_bad_sequence(), 4);
  EXPECT_EQ(response.checkpoint_status(), v1::CHECKPOINT_STATUS_NOT_REACHED);
}

// An altered checkpoint file is not trusted, and its presence fails verification.
TEST_F(CheckpointVerificationTest, AnAlteredCheckpointFileIsRejectedAndReported) {
  StartRun();
  AppendEvents(5);
  CheckpointNow();
  AppendEvents(2, "more-");
  CheckpointNow();
  std::string text = ReadFile(CheckpointPath(5));
  const size_t at = text.find("signature ") + 20;
  text[at] = text[at] == 'a' ? 'b' : 'a';
  {
    std::ofstream out(CheckpointPath(5), std::ios::trunc);
    out << text;
  }
  const v1::VerifyChainResponse response = Verify();
  EXPECT_FALSE(response.ok());
  EXPECT_EQ(response.fault(), v1::CHAIN_FAULT_BAD_CHECKPOINT) << response.reason();
  EXPECT_EQ(response.first_bad_sequence(), 0);
  EXPECT_EQ(response.verified_events(), 7);
  EXPECT_EQ(response.valid_checkpoints(), 1);
  ASSERT_EQ(response.rejected_checkpoints_size(), 1);
  EXPECT_EQ(response.rejected_checkpoints(0).file(), "checkpoint-00000000000000000005.txt");
  EXPECT_THAT(response.rejected_checkpoints(0).reason(), HasSubstr("bad signature"));
  EXPECT_EQ(response.checkpoint_status(), v1::CHECKPOINT_STATUS_MATCHED);
}

// Restarted on a log truncated while it was down, the checkpointer refuses to
// sign anything: a new checkpoint of the damaged head would bless it.
TEST_F(CheckpointVerificationTest, TheCheckpointerHaltsOnATamperedLogAtStart) {
  StartRun();
  AppendEvents(8);
  CheckpointNow();
  StopRun();
  {
    RawDb raw(log_path());
    raw.Exec(
        "DELETE FROM events WHERE sequence > 5; DELETE FROM event_subjects WHERE sequence > 5");
  }
  StartRun();  // Started: verifies at start.
  EXPECT_THAT(checkpointer_->halted_reason(), HasSubstr("truncated"));
  AppendEvents(6, "after-");  // The log continues (appends are never refused for this) ...
  EXPECT_EQ(checkpointer_->CheckpointNow().status().code(), absl::StatusCode::kFailedPrecondition);
  StopRun();  // ... but no final checkpoint either.
  ASSERT_FALSE(std::filesystem::exists(CheckpointPath(11)));
  absl::StatusOr<CheckpointKey> key = CheckpointKey::LoadPem(key_path());
  ASSERT_TRUE(key.ok());
  CheckpointDirectory reread(checkpoint_dir(), &*key);
  const CheckpointSet set = reread.Load();
  ASSERT_THAT(set.valid, SizeIs(1));
  EXPECT_EQ(set.valid[0].sequence, 8);
}

TEST_F(CheckpointVerificationTest, CheckpointsFollowTheEventCountAndStopSignsTheFinalHead) {
  CheckpointerOptions options = Quiet();
  options.every_events = 5;
  StartRun(/*checkpoints=*/true, options);
  AppendEvents(12);
  EXPECT_TRUE(Eventually([&] {
    const CheckpointSet set = checkpointer_->Load();
    return set.newest() != nullptr && set.newest()->sequence >= 10;
  })) << "no checkpoint after 10 of 12 events";
  StopRun();  // Signs 12.
  EXPECT_TRUE(std::filesystem::exists(CheckpointPath(12)));
}

TEST_F(CheckpointVerificationTest, CheckpointsFollowTheClockWhileTheLogGrows) {
  CheckpointerOptions options = Quiet();
  options.every = absl::Milliseconds(100);
  StartRun(/*checkpoints=*/true, options);
  AppendEvents(3);
  EXPECT_TRUE(Eventually([&] { return std::filesystem::exists(CheckpointPath(3)); }));
}

TEST_F(CheckpointVerificationTest, OnlyTheNewestCheckpointsAreKept) {
  CheckpointerOptions options = Quiet();
  options.keep = 2;
  StartRun(/*checkpoints=*/true, options);
  for (int i = 1; i <= 4; ++i) {
    AppendEvents(1, absl::StrCat("k", i, "-"));
    CheckpointNow();
  }
  const CheckpointSet set = checkpointer_->Load();
  ASSERT_THAT(set.valid, SizeIs(2));
  EXPECT_EQ(set.valid[0].sequence, 3);
  EXPECT_EQ(set.valid[1].sequence, 4);
  EXPECT_TRUE(Verify().ok());
}

// ---------------------------------------------------------------------------
// Over gRPC, and from the command line.

class VerifyChainRpcTest : public CheckpointVerificationTest {
 protected:
  void StartServer() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port_, 0);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
    CheckpointVerificationTest::TearDown();
  }

  // Runs audit_verify against the server; its exit status and output.
  int RunCli(const std::string& extra_flags, std::string* output) {
    const std::string command = absl::StrCat(AUDIT_VERIFY_PATH, " --address=127.0.0.1:", port_,
                                             " --timeout=30s ", extra_flags, " 2>&1");
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    char buffer[512];
    while (fgets(buffer, sizeof(buffer), pipe) != nullptr) output->append(buffer);
    const int status = pclose(pipe);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(VerifyChainRpcTest, TheRpcAndTheCommandLineReportOkThenTampering) {
  StartRun();
  AppendEvents(6);
  CheckpointNow();
  StartServer();

  auto stub = v1::AuditService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  v1::VerifyChainResponse response;
  grpc::Status status = stub->VerifyChain(&context, v1::VerifyChainRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(response.ok()) << response.reason();
  EXPECT_EQ(response.verified_events(), 6);
  EXPECT_EQ(response.checkpoint_status(), v1::CHECKPOINT_STATUS_MATCHED);

  std::string output;
  EXPECT_EQ(RunCli("", &output), 0) << output;
  EXPECT_THAT(output, HasSubstr("audit chain: OK"));
  EXPECT_THAT(output, HasSubstr("verified events:  6"));
  EXPECT_THAT(output, HasSubstr(absl::BytesToHexString(store_->Head().row_hash)));
  EXPECT_THAT(output, HasSubstr("matched; 1 valid, newest at 6"));

  // Edit a row under the running service.
  {
    RawDb raw(log_path());
    EditActor(raw, 2, "someone-else");
  }
  output.clear();
  EXPECT_EQ(RunCli("", &output), 1) << output;
  EXPECT_THAT(output, HasSubstr("audit chain: TAMPERED"));
  EXPECT_THAT(output, HasSubstr("hash_mismatch at position 2"));

  output.clear();
  EXPECT_EQ(RunCli("--json", &output), 1) << output;
  EXPECT_THAT(output, HasSubstr("\"firstBadSequence\": \"2\""));
}

TEST_F(VerifyChainRpcTest, TheCommandLineSaysWhenItCannotVerify) {
  StartRun();
  StartServer();
  server_->Shutdown();
  server_.reset();
  std::string output;
  EXPECT_EQ(RunCli("--timeout=2s", &output), 2) << output;
  EXPECT_THAT(output, HasSubstr("VerifyChain on 127.0.0.1:"));
}

}  // namespace
}  // namespace scorecard::audit
