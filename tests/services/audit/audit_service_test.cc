#include "services/audit/audit_service.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/concurrency/executor.h"
#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "services/audit/audit_store.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/audit/audit_test_util.h"

namespace scorecard::audit {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The real server, in-process on a free loopback port, called through a real stub.
class AuditServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<std::unique_ptr<AuditStore>> store =
        AuditStore::Open(dir_.File("audit.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    service_ = std::make_unique<AuditServiceImpl>(store_.get(), &executor_);

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

  grpc::Status Append(const v1::AppendEventsRequest& request,
                      v1::AppendEventsResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return stub_->AppendEvents(&context, request, response);
  }

  grpc::Status Query(const v1::QueryEventsRequest& request, v1::QueryEventsResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return stub_->QueryEvents(&context, request, response);
  }

  v1::AppendEventsRequest Batch(int count, const std::string& prefix) {
    v1::AppendEventsRequest request;
    for (int i = 0; i < count; ++i) *request.add_events() = TestEvent(absl::StrCat(prefix, i)).Build();
    return request;
  }

  ScopedTempDir dir_;
  std::unique_ptr<AuditStore> store_;
  Executor executor_{2};
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
