#include "tools/scorecardctl/audit_format.h"

#include <string>

#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/scorecardctl/verify_report.h"

namespace scorecard::scorecardctl {
namespace {

namespace v1 = ::scorecard::audit::v1;
using ::testing::HasSubstr;

// 2017-04-01T10:00:00Z
constexpr int64_t kAprilFirstTenAm = 1491040800;

TEST(FormatVerifyReportTest, VerifiedChain) {
  v1::VerifyChainResponse response;
  response.set_ok(true);
  response.set_fault(v1::CHAIN_FAULT_NONE);
  response.set_verified_events(3);
  response.set_head_hash(std::string("\x01\xab\xff", 3));
  response.set_checkpoint_status(v1::CHECKPOINT_STATUS_MATCHED);
  response.set_valid_checkpoints(2);
  v1::ChainCheckpoint* newest = response.mutable_newest_checkpoint();
  newest->set_sequence(2);
  newest->set_file("checkpoint-2.txt");
  *newest->mutable_signed_at() = ToProtoTimestamp(absl::FromUnixSeconds(kAprilFirstTenAm));
  newest->set_key_id("ab12cd34ef567890");
  EXPECT_EQ(FormatVerifyReport(response),
            "audit chain: OK\n"
            "  verified events:  3\n"
            "  head hash:        01abff\n"
            "  checkpoints:      matched; 2 valid, newest at 2 (checkpoint-2.txt, signed "
            "2017-04-01T10:00:00Z, key ab12cd34ef567890)\n");
}

TEST(FormatVerifyReportTest, TamperedChainNamesTheFaultAndRejectedCheckpoints) {
  v1::VerifyChainResponse response;
  response.set_ok(false);
  response.set_fault(v1::CHAIN_FAULT_HASH_MISMATCH);
  response.set_first_bad_sequence(2);
  response.set_reason("row 2 does not hash to its row_hash");
  response.set_verified_events(1);
  response.set_head_hash(std::string("\x00\x10", 2));
  response.set_checkpoint_status(v1::CHECKPOINT_STATUS_NOT_REACHED);
  response.set_valid_checkpoints(1);
  v1::RejectedCheckpoint* rejected = response.add_rejected_checkpoints();
  rejected->set_file("checkpoint-9.txt");
  rejected->set_reason("bad signature");
  EXPECT_EQ(FormatVerifyReport(response),
            "audit chain: TAMPERED\n"
            "  fault:            hash_mismatch at position 2\n"
            "  reason:           row 2 does not hash to its row_hash\n"
            "  verified events:  1\n"
            "  head hash:        0010\n"
            "  checkpoints:      not reached (the rows fail before the newest checkpoint); 1 "
            "valid\n"
            "  REJECTED checkpoint checkpoint-9.txt: bad signature\n");
}

TEST(FormatVerifyReportTest, CheckpointsOff) {
  v1::VerifyChainResponse response;
  response.set_ok(true);
  response.set_checkpoint_status(v1::CHECKPOINT_STATUS_DISABLED);
  EXPECT_THAT(FormatVerifyReport(response),
              HasSubstr("  checkpoints:      OFF: the service has no checkpoint key"));
}

TEST(VerifyReportToJsonTest, EveryFieldPrinted) {
  v1::VerifyChainResponse response;
  response.set_ok(true);
  absl::StatusOr<std::string> json = VerifyReportToJson(response);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"ok\": true"));
  EXPECT_THAT(*json, HasSubstr("\"verifiedEvents\": \"0\""));  // zeros printed too
}

v1::AuditEvent Event(int64_t sequence, const std::string& actor, const std::string& action) {
  v1::AuditEvent event;
  event.set_sequence(sequence);
  *event.mutable_recorded_at() =
      ToProtoTimestamp(absl::FromUnixSeconds(kAprilFirstTenAm + sequence));
  event.set_actor(actor);
  event.set_action(action);
  event.set_outcome(v1::OUTCOME_OK);
  return event;
}

TEST(FormatAuditEventsTableTest, OneLinePerEventWithSubjectsCut) {
  v1::AuditEvent ingest = Event(7, "local-dev", "ingest");
  ingest.set_role("admin");
  ingest.set_authority("869");
  for (const char* child : {"C1", "C2", "C3", "C4", "C5"}) ingest.add_child_ids(child);
  ingest.set_detail("records=5");
  v1::AuditEvent denied = Event(8, "analyst", "drill-down");
  denied.set_outcome(v1::OUTCOME_DENIED);
  denied.add_measure_ids("safeguarding.cp_count");
  EXPECT_EQ(FormatAuditEventsTable({ingest, denied}),
            "sequence  recorded              actor      role   action      outcome "
            " authority  subjects                        detail\n"
            "7         2017-04-01T10:00:07Z  local-dev  admin  ingest      ok      "
            " 869        children C1,C2,C3 +2            records=5\n"
            "8         2017-04-01T10:00:08Z  analyst    -      drill-down  denied  "
            " -          measures safeguarding.cp_count  -\n");
}

TEST(FormatAuditEventsTableTest, NoEvents) { EXPECT_EQ(FormatAuditEventsTable({}), "(no events)\n"); }

TEST(AuditEventToJsonLineTest, ProtoFieldNamesOnOneLine) {
  v1::AuditEvent event = Event(7, "local-dev", "ingest");
  event.add_child_ids("C1");
  absl::StatusOr<std::string> line = AuditEventToJsonLine(event);
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(*line,
            "{\"sequence\":\"7\",\"recorded_at\":\"2017-04-01T10:00:07Z\",\"actor\":\"local-dev\","
            "\"action\":\"ingest\",\"child_ids\":[\"C1\"],\"outcome\":\"OUTCOME_OK\"}\n");
}

}  // namespace
}  // namespace scorecard::scorecardctl
