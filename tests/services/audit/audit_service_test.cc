#include "services/audit/audit_service.h"

#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/concurrency/executor.h"
#include "common/records/proto_date.h"
#include "common/security/identity.h"
#include "common/security/policy.h"
#include "common/service/denial_recorder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "services/audit/audit_store.h"
#include "services/audit/own_events_sink.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/audit/audit_test_util.h"

namespace scorecard::audit {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The real server, in-process on a free loopback port, called through a real stub. Calls
// are authorized as in the local stack: plaintext loopback callers act as local-dev with
// `local_roles`, callers sending a bearer token as the token's identity. Denials are
// recorded as the server does it: DenialRecorder into an OwnEventsSink on the same log.
class AuditServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer({"admin", "domain-service"}); }

  void StartServer(std::vector<std::string> local_roles, std::string token_lines = "") {
    if (server_ != nullptr) server_->Shutdown();
    server_.reset();
    service_.reset();
    authorizer_.reset();
    own_events_.reset();
    store_.reset();
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<std::unique_ptr<AuditStore>> store =
        AuditStore::Open(dir_.File("audit.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    own_events_ = std::make_unique<OwnEventsSink>(store_.get(), nullptr);
    const std::function<void(const Denial&)> record_denial =
        DenialRecorder("audit", own_events_.get());

    absl::StatusOr<Policy> policy = Policy::BuiltIn();
    ASSERT_TRUE(policy.ok()) << policy.status();
    AuthorizerOptions authorizer_options;
    if (!local_roles.empty()) {
      absl::StatusOr<CallerIdentity> local =
          MakeIdentity("local-dev", local_roles, std::string(kLocalIdentitySource));
      ASSERT_TRUE(local.ok()) << local.status();
      authorizer_options.local_identity = *std::move(local);
    }
    absl::StatusOr<TokenTable> tokens = TokenTable::Parse(token_lines, "test tokens");
    ASSERT_TRUE(tokens.ok()) << tokens.status();
    authorizer_options.tokens = *std::move(tokens);
    authorizer_options.on_denied = record_denial;
    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
        Authorizer::Create(*std::move(policy), std::move(authorizer_options));
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    authorizer_ = *std::move(authorizer);
    AuditServiceOptions options;
    options.on_denied = record_denial;
    if (record_reads_) options.own_events = own_events_.get();
    service_ = std::make_unique<AuditServiceImpl>(store_.get(), &executor_, authorizer_.get(),
                                                  std::move(options));

    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port, 0);
    stub_ = v1::AuditService::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    // In-flight calls finish on the executor, which outlives the server.
    if (server_ != nullptr) server_->Shutdown();
  }

  // Every event in the log, read without authorization.
  std::vector<v1::AuditEvent> LoggedEvents() {
    v1::QueryEventsRequest all;
    all.set_page_size(1000);
    v1::QueryEventsResponse page;
    EXPECT_TRUE(service_->DoQuery(all, &page).ok());
    return {page.events().begin(), page.events().end()};
  }

  // `token` empty: the local identity; otherwise sent as a bearer token.
  grpc::Status Append(const v1::AppendEventsRequest& request, v1::AppendEventsResponse* response,
                      const std::string& token = "") {
    grpc::ClientContext context;
    Prepare(&context, token);
    return stub_->AppendEvents(&context, request, response);
  }

  grpc::Status Query(const v1::QueryEventsRequest& request, v1::QueryEventsResponse* response,
                     const std::string& token = "") {
    grpc::ClientContext context;
    Prepare(&context, token);
    return stub_->QueryEvents(&context, request, response);
  }

  grpc::Status Verify(v1::VerifyChainResponse* response, const std::string& token = "") {
    grpc::ClientContext context;
    Prepare(&context, token);
    return stub_->VerifyChain(&context, v1::VerifyChainRequest(), response);
  }

  static void Prepare(grpc::ClientContext* context, const std::string& token) {
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!token.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }

  v1::AppendEventsRequest Batch(int count, const std::string& prefix) {
    v1::AppendEventsRequest request;
    for (int i = 0; i < count; ++i) *request.add_events() = TestEvent(absl::StrCat(prefix, i)).Build();
    return request;
  }

  ScopedTempDir dir_;
  Executor executor_{2};
  std::unique_ptr<AuditStore> store_;
  std::unique_ptr<OwnEventsSink> own_events_;
  // As the server runs: reads of the log recorded on the log. Off elsewhere, so the other
  // tests see only the events they append.
  bool record_reads_ = false;
  std::unique_ptr<Authorizer> authorizer_;
  std::unique_ptr<AuditServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::AuditService::Stub> stub_;
};

TEST_F(AuditServiceTest, AppendsAndQueriesOverGrpc) {
  v1::AppendEventsRequest request;
  v1::AuditEvent first = TestEvent("e-1").Actor("alice").Authority("869").Children({"C-1"}).Build();
  // Client-sent positions and instants are ignored.
  first.set_sequence(42);
  *first.mutable_recorded_at() = ToProtoTimestamp(absl::FromUnixSeconds(1));
  *request.add_events() = first;
  *request.add_events() = TestEvent("e-2").Actor("bob").Workers({"W-1"}).Build();
  v1::AppendEventsResponse appended;
  grpc::Status status = Append(request, &appended);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(appended.stored(), 2);
  EXPECT_EQ(appended.last_sequence(), 2);

  v1::QueryEventsRequest by_child;
  by_child.set_subject_id("C-1");
  v1::QueryEventsResponse page;
  status = Query(by_child, &page);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(page.events_size(), 1);
  EXPECT_EQ(page.events(0).sequence(), 1);
  EXPECT_EQ(page.events(0).actor(), "alice");
  EXPECT_GT(page.events(0).recorded_at().seconds(), 1);

  v1::QueryEventsRequest by_actor;
  by_actor.set_actor("bob");
  status = Query(by_actor, &page);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(Sequences(page), ElementsAre(2));
}

TEST_F(AuditServiceTest, EveryReadOfTheLogIsRecordedWithTheSubjectsItDisclosed) {
  record_reads_ = true;
  StartServer({"admin", "domain-service"});
  v1::AppendEventsRequest request;
  *request.add_events() = TestEvent("e-1").Actor("alice").Children({"C-1", "C-2"}).Build();
  *request.add_events() = TestEvent("e-2").Actor("bob").Workers({"W-1"}).Build();
  v1::AppendEventsResponse appended;
  ASSERT_TRUE(Append(request, &appended).ok());

  v1::QueryEventsRequest by_actor;
  by_actor.set_actor("alice");
  v1::QueryEventsResponse page;
  grpc::Status status = Query(by_actor, &page);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(page.events_size(), 1);

  const std::vector<v1::AuditEvent> logged = LoggedEvents();
  ASSERT_EQ(logged.size(), 3u) << "two appended, one read";
  const v1::AuditEvent& read = logged[2];
  EXPECT_EQ(read.emitter(), kOwnEmitter);
  EXPECT_EQ(read.action(), kActionReadAudit);
  EXPECT_EQ(read.actor(), "local-dev");
  EXPECT_EQ(read.rpc(), "/scorecard.audit.v1.AuditService/QueryEvents");
  EXPECT_THAT(read.child_ids(), ElementsAre("C-1", "C-2"));  // what the page named
  EXPECT_EQ(read.worker_ids_size(), 0);
  EXPECT_EQ(read.detail(), "OK events=1");
}

TEST_F(AuditServiceTest, AResentBatchIsStoredOnce) {
  const v1::AppendEventsRequest request = Batch(5, "e-");
  v1::AppendEventsResponse first;
  ASSERT_TRUE(Append(request, &first).ok());
  v1::AppendEventsResponse again;
  ASSERT_TRUE(Append(request, &again).ok());
  EXPECT_EQ(first.stored(), 5);
  EXPECT_EQ(again.stored(), 0);
  EXPECT_EQ(again.last_sequence(), 5);
}

TEST_F(AuditServiceTest, AnInvalidEventRejectsTheWholeBatch) {
  const auto expect_rejected = [this](v1::AuditEvent bad, const std::string& mentions) {
    v1::AppendEventsRequest request;
    *request.add_events() = TestEvent("fine").Build();
    *request.add_events() = bad;
    v1::AppendEventsResponse response;
    grpc::Status status = Append(request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << mentions;
    EXPECT_THAT(status.error_message(), HasSubstr(mentions));
  };
  v1::AuditEvent no_emitter = TestEvent("x").Build();
  no_emitter.clear_emitter();
  expect_rejected(no_emitter, "events[1].emitter: required");
  expect_rejected(TestEvent("").Build(), "events[1].emitter_event_id: required");
  v1::AuditEvent no_action = TestEvent("x").Build();
  no_action.clear_action();
  expect_rejected(no_action, "events[1].action: required");
  expect_rejected(TestEvent("x").Authority("86").Build(), "events[1].authority");
  expect_rejected(TestEvent("x").Authority("E09000033").Build(), "events[1].authority");

  v1::QueryEventsResponse page;
  ASSERT_TRUE(Query(v1::QueryEventsRequest(), &page).ok());
  EXPECT_EQ(page.events_size(), 0) << "nothing of a rejected batch is stored";
}

TEST_F(AuditServiceTest, BatchesAreLimitedToTenThousandEvents) {
  v1::AppendEventsResponse response;
  grpc::Status too_many = Append(Batch(kMaxEventsPerAppend + 1, "big-"), &response);
  EXPECT_EQ(too_many.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(too_many.error_message(), HasSubstr("at most 10000"));

  grpc::Status at_limit = Append(Batch(kMaxEventsPerAppend, "big-"), &response);
  ASSERT_TRUE(at_limit.ok()) << at_limit.error_message();
  EXPECT_EQ(response.stored(), kMaxEventsPerAppend);
  EXPECT_EQ(response.last_sequence(), kMaxEventsPerAppend);
}

TEST_F(AuditServiceTest, InvalidQueriesAreInvalidArgument) {
  v1::QueryEventsResponse page;
  v1::QueryEventsRequest too_big;
  too_big.set_page_size(1001);
  EXPECT_EQ(Query(too_big, &page).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::QueryEventsRequest reversed;
  *reversed.mutable_from_time() = ToProtoTimestamp(absl::FromUnixSeconds(2000));
  *reversed.mutable_to_time() = ToProtoTimestamp(absl::FromUnixSeconds(1000));
  EXPECT_EQ(Query(reversed, &page).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  v1::QueryEventsRequest bad_token;
  bad_token.set_page_token("%%%");
  EXPECT_EQ(Query(bad_token, &page).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AuditServiceTest, PagesThrough250Events) {
  v1::AppendEventsResponse appended;
  ASSERT_TRUE(Append(Batch(250, "p-"), &appended).ok());
  v1::QueryEventsRequest request;
  request.set_page_size(100);
  std::vector<int64_t> seen;
  std::vector<int> page_sizes;
  for (int pages = 0; pages < 10; ++pages) {
    v1::QueryEventsResponse page;
    grpc::Status status = Query(request, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    page_sizes.push_back(page.events_size());
    for (int64_t sequence : Sequences(page)) seen.push_back(sequence);
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(page_sizes, ElementsAre(100, 100, 50));
  ASSERT_EQ(seen.size(), 250u);
  for (int i = 0; i < 250; ++i) EXPECT_EQ(seen[i], i + 1);
}

TEST_F(AuditServiceTest, ConcurrentCallersShareOneIntactChain) {
  constexpr int kCallers = 6;
  constexpr int kCallsEach = 10;
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([this, c] {
      for (int call = 0; call < kCallsEach; ++call) {
        v1::AppendEventsResponse response;
        grpc::Status status = Append(Batch(3, absl::StrCat(c, "-", call, "-")), &response);
        EXPECT_TRUE(status.ok()) << status.error_message();
        EXPECT_EQ(response.stored(), 3);
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  absl::StatusOr<ChainVerification> chain = store_->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->ok()) << chain->detail;
  EXPECT_EQ(chain->verified_events, kCallers * kCallsEach * 3);
}

// The audit service's own RPCs against the policy, over the wire: services append,
// admins query and verify, nobody else does anything. (The policy itself is checked role by
// role in tests/common/security/policy_table_test.cc; this checks the service enforces it.)
TEST_F(AuditServiceTest, EachRoleReachesExactlyTheRpcsThePolicyGrants) {
  const std::map<std::string, std::set<std::string>> allowed = {
      {"aggregator", {"AppendEvents"}},
      {"domain-service", {"AppendEvents"}},
      {"admin", {"QueryEvents", "VerifyChain"}},
      {"mash-frontend", {}},
      {"analyst", {}},
      {"agency:869", {}},
  };
  int event = 0;
  for (const auto& [role, rpcs] : allowed) {
    StartServer({role});
    v1::AppendEventsRequest append;
    *append.add_events() = TestEvent(absl::StrCat("by-", ++event)).Build();
    v1::AppendEventsResponse appended;
    v1::QueryEventsResponse page;
    v1::VerifyChainResponse verified;
    const std::map<std::string, grpc::Status> outcomes = {
        {"AppendEvents", Append(append, &appended)},
        {"QueryEvents", Query(v1::QueryEventsRequest(), &page)},
        {"VerifyChain", Verify(&verified)},
    };
    for (const auto& [rpc, status] : outcomes) {
      if (rpcs.count(rpc)) {
        EXPECT_TRUE(status.ok()) << role << " " << rpc << ": " << status.error_message();
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << role << " " << rpc;
      }
    }
  }
}

TEST_F(AuditServiceTest, ACallerWithoutAnIdentityIsUnauthenticated) {
  StartServer(/*local_roles=*/{});
  v1::QueryEventsResponse page;
  EXPECT_EQ(Query(v1::QueryEventsRequest(), &page).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Query(v1::QueryEventsRequest(), &page, "not-a-known-token").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuditServiceTest, DenialsAreRecordedInTheLogItself) {
  StartServer({"analyst"});
  v1::AppendEventsResponse appended;
  EXPECT_EQ(Append(Batch(2, "forged-"), &appended).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::QueryEventsResponse page;
  EXPECT_EQ(Query(v1::QueryEventsRequest(), &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::VerifyChainResponse verified;
  EXPECT_EQ(Verify(&verified).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // Nothing of the refused append, and one denial per refused call, in order.
  const std::vector<v1::AuditEvent> logged = LoggedEvents();
  ASSERT_EQ(logged.size(), 3u);
  const std::vector<std::string> rpcs = {"/scorecard.audit.v1.AuditService/AppendEvents",
                                         "/scorecard.audit.v1.AuditService/QueryEvents",
                                         "/scorecard.audit.v1.AuditService/VerifyChain"};
  for (size_t i = 0; i < logged.size(); ++i) {
    EXPECT_EQ(logged[i].emitter(), kOwnEmitter);
    EXPECT_EQ(logged[i].actor(), "local-dev");
    EXPECT_EQ(logged[i].role(), "analyst");
    EXPECT_EQ(logged[i].rpc(), rpcs[i]);
    EXPECT_EQ(logged[i].outcome(), v1::OUTCOME_DENIED);
    EXPECT_EQ(logged[i].detail(), "PERMISSION_DENIED");
  }
  absl::StatusOr<ChainVerification> chain = store_->VerifyChain();
  ASSERT_TRUE(chain.ok()) << chain.status();
  EXPECT_TRUE(chain->ok()) << chain->detail;
}

// A token (or certificate) names one service: it may append that service's events only.
TEST_F(AuditServiceTest, ACallerAppendsOnlyEventsUnderItsOwnName) {
  const std::string token = "sct_test-safeguarding-token";
  StartServer({"admin", "domain-service"},
              absl::StrCat("sha256:", Sha256Hex(token), " safeguarding domain-service\n"));
  v1::AppendEventsResponse appended;
  v1::AppendEventsRequest own;
  *own.add_events() = TestEvent("own-1").Emitter("safeguarding").Build();
  grpc::Status status = Append(own, &appended, token);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(appended.stored(), 1);

  v1::AppendEventsRequest mixed;
  *mixed.add_events() = TestEvent("own-2").Emitter("safeguarding").Build();
  *mixed.add_events() = TestEvent("theirs-1").Emitter("placement").Build();
  status = Append(mixed, &appended, token);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("events[1]"));

  v1::AppendEventsRequest as_the_log;
  *as_the_log.add_events() = TestEvent("own-3").Emitter(kOwnEmitter).Build();
  EXPECT_EQ(Append(as_the_log, &appended, token).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Not even the local identity, which otherwise appends for every service.
  EXPECT_EQ(Append(as_the_log, &appended).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  v1::AppendEventsRequest local;
  *local.add_events() = TestEvent("local-1").Emitter("placement").Build();
  EXPECT_TRUE(Append(local, &appended).ok());

  // own-1, three denials (by the token's principal, then by the local identity), local-1.
  const std::vector<v1::AuditEvent> logged = LoggedEvents();
  ASSERT_EQ(logged.size(), 5u);
  EXPECT_EQ(logged[0].emitter_event_id(), "own-1");
  for (int i : {1, 2, 3}) {
    EXPECT_EQ(logged[i].emitter(), kOwnEmitter);
    EXPECT_EQ(logged[i].outcome(), v1::OUTCOME_DENIED);
    EXPECT_EQ(logged[i].actor(), i == 3 ? "local-dev" : "safeguarding");
  }
  EXPECT_EQ(logged[4].emitter_event_id(), "local-1");
}

// The contract offers no way to change history: appending, reading and
// verifying are all there is (the store's triggers refuse UPDATE and DELETE
// underneath). A new RPC here must not edit or remove events.
TEST(AuditServiceContractTest, NoRpcCanUpdateOrDeleteAnEvent) {
  const google::protobuf::ServiceDescriptor* service =
      v1::AuditEvent::descriptor()->file()->FindServiceByName("AuditService");
  ASSERT_NE(service, nullptr);
  std::vector<std::string> methods;
  for (int i = 0; i < service->method_count(); ++i) methods.push_back(service->method(i)->name());
  EXPECT_THAT(methods, ElementsAre("AppendEvents", "QueryEvents", "VerifyChain"));
}

}  // namespace
}  // namespace scorecard::audit
