#include "common/audit/audit_sink.h"

#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/audit/in_memory_audit_sink.h"
#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::audit {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::SizeIs;

constexpr char kRpc[] = "/scorecard.safeguarding.v1.SafeguardingService/GetMeasures";

const CallerInfo kAnalyst{"analyst-7", "analyst"};

TEST(AuditSinkTest, RecordCallRecordsEveryFieldAsIds) {
  InMemoryAuditSink sink("safeguarding");
  const absl::Time before = absl::Now();
  AuditSubjects subjects;
  subjects.child_ids = {"C-1", "C-2"};
  subjects.worker_ids = {"W-9"};
  subjects.measure_ids = {"SG-ASSESS-45WD"};
  subjects.scorecard_id = "getting-to-good-2017-03";
  ASSERT_TRUE(sink.RecordCall(kAnalyst, kRpc, kActionDrillDown, "869", subjects, AuditOutcome::kOk,
                              "OK rows=2")
                  .ok());
  const std::vector<v1::AuditEvent> events = sink.events();
  ASSERT_THAT(events, SizeIs(1));
  const v1::AuditEvent& event = events[0];
  EXPECT_EQ(event.emitter(), "safeguarding");
  EXPECT_THAT(event.emitter_event_id(), MatchesRegex("safeguarding-[0-9a-f]{32}"));
  EXPECT_EQ(event.actor(), "analyst-7");
  EXPECT_EQ(event.role(), "analyst");
  EXPECT_EQ(event.rpc(), kRpc);
  EXPECT_EQ(event.action(), "drill-down");
  EXPECT_EQ(event.authority(), "869");
  EXPECT_THAT(event.child_ids(), ElementsAre("C-1", "C-2"));
  EXPECT_THAT(event.worker_ids(), ElementsAre("W-9"));
  EXPECT_THAT(event.measure_ids(), ElementsAre("SG-ASSESS-45WD"));
  EXPECT_EQ(event.scorecard_id(), "getting-to-good-2017-03");
  EXPECT_EQ(event.outcome(), v1::OUTCOME_OK);
  EXPECT_EQ(event.detail(), "OK rows=2");
  EXPECT_EQ(event.sequence(), 0);
  EXPECT_FALSE(event.has_recorded_at());
  ASSERT_TRUE(event.has_occurred_at());
  const absl::Time occurred = FromProtoTimestamp(event.occurred_at());
  EXPECT_GE(occurred, before - absl::Seconds(1));
  EXPECT_LE(occurred, absl::Now() + absl::Seconds(1));
}

TEST(AuditSinkTest, EventIdsAreUnique) {
  InMemoryAuditSink sink("workforce");
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(
        sink.RecordCall(kAnalyst, kRpc, kActionReadMeasures, "869", {}, AuditOutcome::kOk, "OK")
            .ok());
  }
  std::set<std::string> ids;
  for (const v1::AuditEvent& event : sink.events()) ids.insert(event.emitter_event_id());
  EXPECT_EQ(ids.size(), 1000u);
}

// Names, dates of birth and free text are refused, and nothing is recorded.
TEST(AuditSinkTest, OnlyIdsAndMachineReadableDetailAreAccepted) {
  InMemoryAuditSink sink("safeguarding");
  const auto refused = [&sink](const AuditSubjects& subjects, const std::string& detail,
                               const std::string& authority = "869") {
    absl::Status status = sink.RecordCall(kAnalyst, kRpc, kActionDrillDown, authority, subjects,
                                          AuditOutcome::kOk, detail);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << detail;
    return std::string(status.message());
  };
  AuditSubjects name;
  name.child_ids = {"C-1", "Jane Smith"};
  EXPECT_THAT(refused(name, "OK"), HasSubstr("child_ids[1]"));
  EXPECT_THAT(refused(name, "OK"), ::testing::Not(HasSubstr("Jane")));  // Not echoed back.
  AuditSubjects control;
  control.worker_ids = {"W-1\n"};
  EXPECT_THAT(refused(control, "OK"), HasSubstr("worker_ids[0]"));
  AuditSubjects empty;
  empty.measure_ids = {""};
  EXPECT_THAT(refused(empty, "OK"), HasSubstr("measure_ids[0]"));
  AuditSubjects too_long;
  too_long.child_ids = {std::string(kMaxIdLength + 1, 'x')};
  EXPECT_THAT(refused(too_long, "OK"), HasSubstr("longer than"));
  AuditSubjects scorecard;
  scorecard.scorecard_id = "march scorecard";
  EXPECT_THAT(refused(scorecard, "OK"), HasSubstr("scorecard_id"));

  EXPECT_THAT(refused({}, "child's mother called about Jane"), HasSubstr("detail"));
  EXPECT_THAT(refused({}, "dob 01/02/2010 (born)"), HasSubstr("detail"));
  EXPECT_THAT(refused({}, std::string(kMaxDetailLength + 1, 'a')), HasSubstr("detail"));
  EXPECT_THAT(refused({}, "OK", "86"), HasSubstr("authority"));
  EXPECT_TRUE(sink.events().empty());

  // The same call with ids and a code is fine.
  AuditSubjects ids;
  ids.child_ids = {"C-1", "MOSAIC:12345/7"};
  EXPECT_TRUE(
      sink.RecordCall(kAnalyst, kRpc, kActionDrillDown, "869", ids, AuditOutcome::kOk, "OK count=2")
          .ok());
  EXPECT_THAT(sink.events(), SizeIs(1));
}

TEST(AuditSinkTest, AnActionIsRequired) {
  InMemoryAuditSink sink("safeguarding");
  EXPECT_EQ(sink.RecordCall(kAnalyst, kRpc, "", "869", {}, AuditOutcome::kOk, "OK").code(),
            absl::StatusCode::kInvalidArgument);
}

// A drill-down listing more children than fit one event becomes several
// events, atomically, each naming its part; no id is lost or repeated.
TEST(AuditSinkTest, ManySubjectsAreSplitIntoParts) {
  InMemoryAuditSink sink("placement");
  AuditSubjects subjects;
  for (int i = 0; i < kMaxSubjectsPerEvent + 10; ++i) {
    subjects.child_ids.push_back(absl::StrCat("C-", i));
  }
  subjects.worker_ids = {"W-1"};
  subjects.scorecard_id = "S-1";
  ASSERT_TRUE(
      sink.RecordCall(kAnalyst, kRpc, kActionDrillDown, "869", subjects, AuditOutcome::kOk, "OK")
          .ok());
  const std::vector<v1::AuditEvent> events = sink.events();
  ASSERT_THAT(events, SizeIs(2));
  EXPECT_EQ(events[0].child_ids_size(), kMaxSubjectsPerEvent);
  EXPECT_EQ(events[1].child_ids_size(), 10);
  EXPECT_THAT(events[1].worker_ids(), ElementsAre("W-1"));
  EXPECT_EQ(events[0].detail(), "OK part=1/2");
  EXPECT_EQ(events[1].detail(), "OK part=2/2");
  EXPECT_EQ(events[1].scorecard_id(), "S-1");
  EXPECT_NE(events[0].emitter_event_id(), events[1].emitter_event_id());
  EXPECT_EQ(events[1].child_ids(9), absl::StrCat("C-", kMaxSubjectsPerEvent + 9));
}

TEST(AuditSinkTest, PrepareKeepsAGivenIdAndRefusesAnotherEmitter) {
  v1::AuditEvent event;
  event.set_action("ingest");
  event.set_emitter_event_id("retry-1");
  ASSERT_TRUE(PrepareForRecording("workforce", absl::Now(), &event).ok());
  EXPECT_EQ(event.emitter_event_id(), "retry-1");
  EXPECT_EQ(event.emitter(), "workforce");

  v1::AuditEvent foreign = event;
  foreign.set_emitter("placement");
  EXPECT_EQ(PrepareForRecording("workforce", absl::Now(), &foreign).code(),
            absl::StatusCode::kInvalidArgument);

  // What the log assigns is cleared.
  v1::AuditEvent assigned = event;
  assigned.set_sequence(5);
  assigned.mutable_recorded_at()->set_seconds(9);
  ASSERT_TRUE(PrepareForRecording("workforce", absl::Now(), &assigned).ok());
  EXPECT_EQ(assigned.sequence(), 0);
  EXPECT_FALSE(assigned.has_recorded_at());
}

TEST(AuditSinkTest, OutcomeAndDetailComeFromTheStatusCodeOnly) {
  EXPECT_EQ(AuditOutcomeFor(absl::OkStatus()), AuditOutcome::kOk);
  EXPECT_EQ(AuditOutcomeFor(absl::PermissionDeniedError("x")), AuditOutcome::kDenied);
  EXPECT_EQ(AuditOutcomeFor(absl::UnauthenticatedError("x")), AuditOutcome::kDenied);
  EXPECT_EQ(AuditOutcomeFor(absl::InvalidArgumentError("x")), AuditOutcome::kFailed);
  EXPECT_EQ(AuditDetailFor(absl::InvalidArgumentError("records[3].child_id: Jane")),
            "INVALID_ARGUMENT");
  EXPECT_EQ(AuditDetailFor(absl::OkStatus()), "OK");

  InMemoryAuditSink sink("safeguarding");
  const absl::Status denied = absl::PermissionDeniedError("no");
  ASSERT_TRUE(sink.RecordCall(kAnalyst, kRpc, kActionIngest, "869", {}, AuditOutcomeFor(denied),
                              AuditDetailFor(denied))
                  .ok());
  EXPECT_EQ(sink.events()[0].outcome(), v1::OUTCOME_DENIED);
  EXPECT_EQ(sink.events()[0].detail(), "PERMISSION_DENIED");
}

TEST(AuditSinkTest, AFailingSinkFailsTheCall) {
  InMemoryAuditSink sink("safeguarding");
  sink.FailWith(absl::UnavailableError("disk full"));
  EXPECT_EQ(
      sink.RecordCall(kAnalyst, kRpc, kActionDrillDown, "869", {}, AuditOutcome::kOk, "OK").code(),
      absl::StatusCode::kUnavailable);
  EXPECT_TRUE(sink.events().empty());
  sink.FailWith(absl::OkStatus());
  EXPECT_TRUE(
      sink.RecordCall(kAnalyst, kRpc, kActionDrillDown, "869", {}, AuditOutcome::kOk, "OK").ok());
}

}  // namespace
}  // namespace scorecard::audit
