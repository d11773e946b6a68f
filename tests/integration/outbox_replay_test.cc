// Outbox replay on the real stack (mutual TLS, as in production): with the audit service
// stopped, ingests are still acknowledged and their audit events wait in the services'
// outboxes — even through a SIGKILL of the emitting service. Once the audit service is back
// every event arrives, exactly once, and the chain verifies.
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/audit/audit_sink.h"
#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "services/audit/audit_store.h"
#include "tests/integration/test_stack.h"

namespace scorecard {
namespace {

namespace av1 = ::scorecard::audit::v1;
namespace cv1 = ::scorecard::common::v1;
namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;

std::chrono::system_clock::time_point Deadline(int seconds = 10) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

void SetHeader(cv1::RecordHeader* header, const std::string& id) {
  header->set_authority("869");
  header->mutable_source()->set_system("replay-test");
  header->mutable_source()->set_id(id);
}

grpc::Status IngestReferral(testing::TestStack& stack, const std::string& child_id) {
  sv1::IngestRequest request;
  sv1::Referral* referral = request.add_records()->mutable_referral();
  SetHeader(referral->mutable_header(), child_id);
  referral->set_child_id(child_id);
  *referral->mutable_referral_date() = ToProtoDate(Date(2017, 4, 3));
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  cv1::IngestResponse response;
  return sv1::SafeguardingService::NewStub(stack.Channel("safeguarding"))
      ->Ingest(&context, request, &response);
}

grpc::Status IngestEpisode(testing::TestStack& stack, const std::string& child_id) {
  pv1::IngestRequest request;
  pv1::Episode* episode = request.add_records()->mutable_episode();
  SetHeader(episode->mutable_header(), child_id);
  episode->set_child_id(child_id);
  *episode->mutable_start_date() = ToProtoDate(Date(2017, 3, 1));
  episode->set_reason_new_episode("S");
  episode->set_legal_status("C2");
  episode->set_placement("U1");
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  cv1::IngestResponse response;
  return pv1::PlacementService::NewStub(stack.Channel("placement"))
      ->Ingest(&context, request, &response);
}

// Every event in the log, read as admin over the stack's own TLS, page by page.
std::vector<av1::AuditEvent> AllEvents(testing::TestStack& stack) {
  auto audit = av1::AuditService::NewStub(stack.Channel("audit"));
  std::vector<av1::AuditEvent> events;
  av1::QueryEventsRequest request;
  request.set_page_size(1000);
  for (int page = 0; page < 100; ++page) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    av1::QueryEventsResponse response;
    grpc::Status status = audit->QueryEvents(&context, request, &response);
    if (!status.ok()) {
      ADD_FAILURE() << "QueryEvents: " << status.error_message();
      break;
    }
    events.insert(events.end(), response.events().begin(), response.events().end());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return events;
}

// How many events of `events` name each child id.
// Ingest events per child. (Each QueryEvents is itself recorded as a "read-audit" event
// naming the children it showed; those are not the events under test.)
std::map<std::string, int> EventsPerChild(const std::vector<av1::AuditEvent>& events) {
  std::map<std::string, int> count;
  for (const av1::AuditEvent& event : events) {
    if (event.action() != audit::kActionIngest) continue;
    for (const std::string& child : event.child_ids()) ++count[child];
  }
  return count;
}

TEST(OutboxReplayTest, EventsWrittenWhileTheAuditServiceIsDownArriveExactlyOnce) {
  testing::TestStack stack(testing::TestStackOptions{.tls = true});
  absl::Status started = stack.Start();
  ASSERT_TRUE(started.ok()) << started << " (logs in " << stack.dir() << "/logs)";

  ASSERT_EQ(stack.Terminate("audit"), 0);
  // Three safeguarding calls, one placement call: four audit events, one child each.
  const std::vector<std::string> referred = {"REPLAY-C1", "REPLAY-C2", "REPLAY-C3"};
  for (const std::string& child : referred) {
    grpc::Status status = IngestReferral(stack, child);
    ASSERT_TRUE(status.ok()) << "ingest must not wait for the audit service: "
                             << status.error_message();
  }
  grpc::Status status = IngestEpisode(stack, "REPLAY-P1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The emitting service dies with its events undelivered: they are on its disk.
  stack.Kill("safeguarding");
  ASSERT_TRUE(stack.Restart("safeguarding").ok());

  // Not in the chain yet: read the log file itself, the audit service being down.
  {
    absl::StatusOr<std::unique_ptr<audit::AuditStore>> log =
        audit::AuditStore::Open(stack.dir() + "/data/audit.sqlite");
    ASSERT_TRUE(log.ok()) << log.status();
    for (const char* child : {"REPLAY-C1", "REPLAY-C2", "REPLAY-C3", "REPLAY-P1"}) {
      av1::QueryEventsRequest by_child;
      by_child.set_subject_id(child);
      absl::StatusOr<av1::QueryEventsResponse> found = (*log)->Query(by_child);
      ASSERT_TRUE(found.ok()) << found.status();
      EXPECT_EQ(found->events_size(), 0) << child << " reached the log while it was down";
    }
  }

  ASSERT_TRUE(stack.Restart("audit").ok());
  const std::set<std::string> expected = {"REPLAY-C1", "REPLAY-C2", "REPLAY-C3", "REPLAY-P1"};
  std::map<std::string, int> per_child;
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    per_child = EventsPerChild(AllEvents(stack));
    bool all_arrived = true;
    for (const std::string& child : expected) all_arrived &= per_child[child] > 0;
    if (all_arrived) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  // Give a duplicate, if the forwarders were to send one, the time to show up.
  absl::SleepFor(absl::Milliseconds(500));
  const std::vector<av1::AuditEvent> events = AllEvents(stack);
  per_child = EventsPerChild(events);
  for (const std::string& child : expected) {
    EXPECT_EQ(per_child[child], 1) << child << " must be in the chain exactly once";
  }
  std::set<std::pair<std::string, std::string>> ids;
  for (const av1::AuditEvent& event : events) {
    EXPECT_TRUE(ids.insert({event.emitter(), event.emitter_event_id()}).second)
        << "event " << event.emitter() << "/" << event.emitter_event_id() << " is stored twice";
  }

  grpc::ClientContext context;
  context.set_deadline(Deadline());
  av1::VerifyChainResponse verified;
  status = av1::AuditService::NewStub(stack.Channel("audit"))
               ->VerifyChain(&context, av1::VerifyChainRequest(), &verified);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(verified.ok()) << verified.reason();
  // Everything read, plus the record of that last read itself.
  EXPECT_EQ(verified.verified_events(), static_cast<int64_t>(events.size()) + 1);
}

}  // namespace
}  // namespace scorecard
