// drilldown, audit verify, audit query, and a batch failing part way through an import,
// each against a stand-in service on a loopback port that answers as the contract says
// and records what it was asked.
#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "tests/tools/scorecardctl/command_output.h"
#include "tests/tools/scorecardctl/in_process_stack.h"
#include "tools/scorecardctl/commands.h"

namespace scorecard::scorecardctl {
namespace {

namespace av1 = ::scorecard::audit::v1;
namespace cv1 = ::scorecard::common::v1;
namespace sv1 = ::scorecard::safeguarding::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Finish;
using testing::InProcessServer;
using testing::Invoke;
using testing::Output;

// DrillDown in pages of one case each: children K1, K2, K3. Tokens are "2" and "3".
// `abort_once_at` makes the first request for that token fail with ABORTED, as the real
// service does when the data changed since the first page.
template <typename Service>
class PagedDrillDown final : public Service::CallbackService {
 public:
  explicit PagedDrillDown(std::string abort_once_at = "") : abort_once_at_(abort_once_at) {}

  grpc::ServerUnaryReactor* DrillDown(grpc::CallbackServerContext* context,
                                      const cv1::DrillDownRequest* request,
                                      cv1::DrillDownResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(*request);
    if (!abort_once_at_.empty() && request->page_token() == abort_once_at_) {
      abort_once_at_.clear();
      return Finish(context, grpc::Status(grpc::StatusCode::ABORTED, "data changed"));
    }
    const int page = request->page_token().empty() ? 1 : std::stoi(request->page_token());
    response->mutable_value()->set_measure_id(request->measure_id());
    *response->mutable_value()->mutable_month() = request->month();
    response->mutable_value()->set_unit(cv1::UNIT_COUNT);
    response->mutable_value()->set_numerator(3);
    response->mutable_value()->set_denominator(1);
    response->mutable_value()->set_value(3);
    response->set_total_cases(3);
    response->mutable_data_version()->set_version(40 + page);
    cv1::DrillDownCase* c = response->add_cases();
    c->set_subject_kind(cv1::SUBJECT_KIND_CHILD);
    c->set_subject_id(absl::StrCat("K", page));
    c->set_in_numerator(true);
    c->set_in_denominator(true);
    if (page < 3) response->set_next_page_token(absl::StrCat(page + 1));
    return Finish(context, grpc::Status::OK);
  }

  std::vector<cv1::DrillDownRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  std::mutex mu_;
  std::string abort_once_at_;
  std::vector<cv1::DrillDownRequest> requests_;
};

StackClient ClientFor(const std::string& service, const std::string& address) {
  return StackClient(StackEndpoints("test", {{service, address}}));
}

DrillDownOptions DrillDownAt(const std::string& measure) {
  DrillDownOptions options;
  options.authority = "869";
  options.measure_id = measure;
  options.month = Month(2016, 11);
  options.basis = cv1::BASIS_YTD;
  options.team = "DCT";
  options.scope = cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR;
  options.as_at = absl::FromUnixSeconds(1465084800);
  options.page_size = 1;
  return options;
}

TEST(DrillDownCommandTest, AsksTheOwningServiceAndFollowsEveryPage) {
  PagedDrillDown<placement::v1::PlacementService> placement;
  InProcessServer server({&placement});
  ASSERT_TRUE(server.ok());
  DrillDownOptions options = DrillDownAt("placement.visits_on_time");
  options.format = OutputFormat::kJson;
  Output output = Invoke(RunDrillDown, ClientFor("placement", server.address()), options);
  ASSERT_EQ(output.exit_code, kExitOk) << output.err;

  std::vector<cv1::DrillDownRequest> requests = placement.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].page_token(), "");
  EXPECT_EQ(requests[1].page_token(), "2");
  EXPECT_EQ(requests[2].page_token(), "3");
  const cv1::DrillDownRequest& first = requests[0];
  EXPECT_EQ(first.authority(), "869");
  EXPECT_EQ(first.measure_id(), "placement.visits_on_time");
  EXPECT_EQ(first.month().year(), 2016);
  EXPECT_EQ(first.month().month(), 11);
  EXPECT_EQ(first.basis(), cv1::BASIS_YTD);
  EXPECT_EQ(first.team(), "DCT");
  EXPECT_EQ(first.scope(), cv1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR);
  EXPECT_EQ(first.page_size(), 1);
  EXPECT_EQ(FromProtoTimestamp(first.as_at()), absl::FromUnixSeconds(1465084800));

  // One JSON line per case, in page order.
  EXPECT_EQ(std::count(output.out.begin(), output.out.end(), '\n'), 3);
  EXPECT_LT(output.out.find("\"subject_id\": \"K1\""), output.out.find("\"subject_id\": \"K2\""));
  EXPECT_LT(output.out.find("\"subject_id\": \"K2\""), output.out.find("\"subject_id\": \"K3\""));
}

TEST(DrillDownCommandTest, DataChangingBetweenPagesStartsTheListAgain) {
  PagedDrillDown<sv1::SafeguardingService> safeguarding(/*abort_once_at=*/"3");
  InProcessServer server({&safeguarding});
  ASSERT_TRUE(server.ok());
  Output output = Invoke(RunDrillDown, ClientFor("safeguarding", server.address()),
                         DrillDownAt("safeguarding.cp_visits_10wd"));
  ASSERT_EQ(output.exit_code, kExitOk) << output.err;
  // Pages 1, 2, then 3 refused; then 1, 2, 3 again.
  std::vector<std::string> tokens;
  for (const cv1::DrillDownRequest& r : safeguarding.requests()) tokens.push_back(r.page_token());
  EXPECT_THAT(tokens, ElementsAre("", "2", "3", "", "2", "3"));
  // Each case once, from the second reading; the data version of its first page.
  EXPECT_THAT(output.out, HasSubstr("cases: 3, data version 41\n"));
  EXPECT_EQ(output.out.find("child K1"), output.out.rfind("child K1"));
  EXPECT_THAT(output.out, HasSubstr("child K3"));
}

TEST(DrillDownCommandTest, MissingServiceIsAnError) {
  PagedDrillDown<sv1::SafeguardingService> safeguarding;
  InProcessServer server({&safeguarding});
  Output output = Invoke(RunDrillDown, ClientFor("safeguarding", server.address()),
                         DrillDownAt("workforce.agency_rate"));
  EXPECT_EQ(output.exit_code, kExitFailure);
  EXPECT_THAT(output.err, HasSubstr("workforce"));
  EXPECT_TRUE(safeguarding.requests().empty());
}

// QueryEvents over events 1..5 in pages of request.page_size(), token = next sequence;
// VerifyChain answers `verification`.
class FakeAudit final : public av1::AuditService::CallbackService {
 public:
  explicit FakeAudit(av1::VerifyChainResponse verification)
      : verification_(std::move(verification)) {}

  grpc::ServerUnaryReactor* QueryEvents(grpc::CallbackServerContext* context,
                                        const av1::QueryEventsRequest* request,
                                        av1::QueryEventsResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    queries_.push_back(*request);
    const int first = request->page_token().empty() ? 1 : std::stoi(request->page_token());
    const int size = request->page_size() == 0 ? 100 : request->page_size();
    for (int sequence = first; sequence <= 5 && sequence < first + size; ++sequence) {
      av1::AuditEvent* event = response->add_events();
      event->set_sequence(sequence);
      event->set_actor("local-dev");
      event->set_action("ingest");
      event->add_child_ids("C1");
    }
    if (first + size <= 5) response->set_next_page_token(absl::StrCat(first + size));
    return Finish(context, grpc::Status::OK);
  }

  grpc::ServerUnaryReactor* VerifyChain(grpc::CallbackServerContext* context,
                                        const av1::VerifyChainRequest*,
                                        av1::VerifyChainResponse* response) override {
    *response = verification_;
    return Finish(context, grpc::Status::OK);
  }

  std::vector<av1::QueryEventsRequest> queries() {
    std::lock_guard<std::mutex> lock(mu_);
    return queries_;
  }

 private:
  av1::VerifyChainResponse verification_;
  std::mutex mu_;
  std::vector<av1::QueryEventsRequest> queries_;
};

// A loopback address nobody listens on: a port bound, read and released.
std::string ClosedAddress() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(addr);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return absl::StrCat("127.0.0.1:", port);
}

av1::VerifyChainResponse Verified(bool ok) {
  av1::VerifyChainResponse response;
  response.set_ok(ok);
  response.set_fault(ok ? av1::CHAIN_FAULT_NONE : av1::CHAIN_FAULT_BROKEN_LINK);
  if (!ok) {
    response.set_first_bad_sequence(4);
    response.set_reason("row 4's prev_hash is not row 3's row_hash");
  }
  response.set_verified_events(ok ? 5 : 3);
  response.set_checkpoint_status(av1::CHECKPOINT_STATUS_NONE);
  return response;
}

TEST(AuditVerifyCommandTest, ExitCodesAreAuditVerifys) {
  FakeAudit sound(Verified(true));
  InProcessServer sound_server({&sound});
  Output ok = Invoke(RunAuditVerify, ClientFor("audit", sound_server.address()),
                     AuditVerifyOptions());
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out,
            "audit chain: OK\n"
            "  verified events:  5\n"
            "  head hash:        \n"
            "  checkpoints:      none written yet; 0 valid\n");

  FakeAudit tampered(Verified(false));
  InProcessServer tampered_server({&tampered});
  Output bad = Invoke(RunAuditVerify, ClientFor("audit", tampered_server.address()),
                      AuditVerifyOptions());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.out, HasSubstr("audit chain: TAMPERED\n  fault:            broken_link at position 4\n"));

  // Nothing listening: verification could not be run.
  const std::string closed = ClosedAddress();
  Output unreachable = Invoke(RunAuditVerify, ClientFor("audit", closed), AuditVerifyOptions());
  EXPECT_EQ(unreachable.exit_code, 2);
  EXPECT_THAT(unreachable.err, HasSubstr("UNAVAILABLE"));

  // No audit service in the stack at all.
  Output missing = Invoke(RunAuditVerify, ClientFor("placement", closed), AuditVerifyOptions());
  EXPECT_EQ(missing.exit_code, 2);
}

TEST(AuditQueryCommandTest, SendsTheFiltersAndFollowsEveryPage) {
  FakeAudit audit(Verified(true));
  InProcessServer server({&audit});
  AuditQueryOptions options;
  options.actor = "local-dev";
  options.subject_id = "C1";
  options.action = "ingest";
  options.authority = "869";
  options.from = absl::FromUnixSeconds(1490918400);
  options.to = absl::FromUnixSeconds(1490918400 + 86400);
  options.page_size = 2;
  options.format = OutputFormat::kJson;
  Output output = Invoke(RunAuditQuery, ClientFor("audit", server.address()), options);
  ASSERT_EQ(output.exit_code, kExitOk) << output.err;

  // Events 1-2, 3-4, 5.
  std::vector<av1::QueryEventsRequest> queries = audit.queries();
  ASSERT_EQ(queries.size(), 3u);
  EXPECT_EQ(queries[1].page_token(), "3");
  EXPECT_EQ(queries[2].page_token(), "5");
  for (const av1::QueryEventsRequest& q : queries) {
    EXPECT_EQ(q.actor(), "local-dev");
    EXPECT_EQ(q.subject_id(), "C1");
    EXPECT_EQ(q.action(), "ingest");
    EXPECT_EQ(q.authority(), "869");
    EXPECT_EQ(q.page_size(), 2);
    EXPECT_EQ(FromProtoTimestamp(q.from_time()), absl::FromUnixSeconds(1490918400));
    EXPECT_EQ(FromProtoTimestamp(q.to_time()), absl::FromUnixSeconds(1490918400 + 86400));
  }
  EXPECT_EQ(std::count(output.out.begin(), output.out.end(), '\n'), 5);
  EXPECT_THAT(output.out, HasSubstr("{\"sequence\":\"5\","));
}

TEST(AuditQueryCommandTest, TableOfEveryEvent) {
  FakeAudit audit(Verified(true));
  InProcessServer server({&audit});
  AuditQueryOptions options;
  options.page_size = 4;
  Output output = Invoke(RunAuditQuery, ClientFor("audit", server.address()), options);
  ASSERT_EQ(output.exit_code, kExitOk) << output.err;
  EXPECT_EQ(std::count(output.out.begin(), output.out.end(), '\n'), 6);  // header + 5
  EXPECT_FALSE(audit.queries()[0].has_from_time());
}

// Ingest that acknowledges every batch but the second, which it refuses naming its
// records[1].
class RefusesSecondBatch final : public sv1::SafeguardingService::CallbackService {
 public:
  grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* context,
                                   const sv1::IngestRequest* request,
                                   cv1::IngestResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    sizes_.push_back(request->records_size());
    if (sizes_.size() == 2) {
      return Finish(context, grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                          "1 invalid records; nothing was written; "
                                          "records[1].review_conference.child_id: required"));
    }
    response->set_new_versions(request->records_size());
    return Finish(context, grpc::Status::OK);
  }
  std::vector<int> sizes() {
    std::lock_guard<std::mutex> lock(mu_);
    return sizes_;
  }

 private:
  std::mutex mu_;
  std::vector<int> sizes_;
};

TEST(ImportBatchFailureTest, SaysExactlyWhichBatchesWereAcknowledged) {
  RefusesSecondBatch safeguarding;
  InProcessServer server({&safeguarding});
  ImportOptions options;
  options.source = ImportSource::kCinCensus;
  options.path = absl::StrCat(SCORECARD_SOURCE_DIR, "/tests/tools/cin_census/testdata/good_2017.xml");
  options.authority = "869";
  options.batch_size = 5;
  Output output = Invoke(RunImport, ClientFor("safeguarding", server.address()), options);
  EXPECT_EQ(output.exit_code, kExitFailure);
  // 12 records in batches of 5, 5, 2: the second is refused, the third never sent.
  EXPECT_THAT(safeguarding.sizes(), ElementsAre(5, 5));
  EXPECT_THAT(output.err, HasSubstr("error: INVALID_ARGUMENT: safeguarding at "));
  // Its records[1] is the file's 7th record (good_2017.expected.jsonl, line 7): C100001's
  // review conference of 12 January 2017.
  EXPECT_THAT(output.err,
              HasSubstr("  records[1] is review_conference "
                        "cin-census/C100001/2016-05-03/cpp/2016-06-20/review/2017-01-12\n"));
  EXPECT_THAT(output.err,
              HasSubstr("acknowledged: batch 1 of 3 (records 1-5 of 12): stored\n"
                        "failed:       batch 2 of 3 (records 6-10 of 12): refused, nothing of "
                        "it stored\n"
                        "not sent:     batch 3 of 3 (records 11-12 of 12)\n"));
  EXPECT_THAT(output.err, HasSubstr("Re-running the whole import is safe"));
  EXPECT_THAT(output.out, Not(HasSubstr("ingested")));
}

}  // namespace
}  // namespace scorecard::scorecardctl
