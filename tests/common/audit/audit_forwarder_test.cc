// The outbox and forwarder against the real audit service (AuditServiceImpl
// over an AuditStore, in-process on 127.0.0.1:0): every recorded event ends
// up in the hash chain exactly once — when the service was never started,
// when it stops and comes back, when an acknowledgement is lost, and when
// the emitting process is killed between Record and forwarding.
#include "common/audit/audit_forwarder.h"

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/audit/audit_client.h"
#include "common/audit/audit_emitter.h"
#include "common/audit/audit_outbox.h"
#include "common/concurrency/executor.h"
#include "common/security/policy.h"
#include "common/server/server_runner.h"
#include "common/service/denial_recorder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/audit/audit_service.h"
#include "services/audit/audit_store.h"
#include "services/audit/own_events_sink.h"
#include "tests/common/security/dev_ca_fixture.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/audit/audit_test_util.h"

namespace scorecard::audit {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

const CallerInfo kCaller{"mash-frontend", "mash-frontend"};

template <typename Condition>
bool Eventually(Condition condition, absl::Duration timeout = absl::Seconds(30)) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return condition();
}

// The real audit service on a free loopback port, over a log file that
// outlives it, so it can be stopped and started again like a process.
class AuditServer {
 public:
  explicit AuditServer(std::string log_path) : log_path_(std::move(log_path)) {}
  ~AuditServer() { Stop(); }

  // Plaintext, callers acting as the local identity (as in the local stack); or, with
  // `tls` set, mutual TLS with callers identified by their certificates.
  void Start(const TlsFiles& tls = TlsFiles()) {
    absl::StatusOr<std::unique_ptr<AuditStore>> store = AuditStore::Open(log_path_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    executor_ = std::make_unique<Executor>(2);
    // Denials go into the log, as audit_server records them.
    own_events_ = std::make_unique<OwnEventsSink>(store_.get(), nullptr);
    const std::function<void(const Denial&)> record_denial =
        DenialRecorder("audit", own_events_.get());
    ServerOptions server_options;
    server_options.name = "audit";
    server_options.tls.files = tls;
    if (tls.AnySet()) {
      absl::StatusOr<Policy> policy = Policy::BuiltIn();
      ASSERT_TRUE(policy.ok()) << policy.status();
      AuthorizerOptions by_certificate;
      by_certificate.on_denied = record_denial;
      absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
          Authorizer::Create(*std::move(policy), std::move(by_certificate));
      ASSERT_TRUE(authorizer.ok()) << authorizer.status();
      authorizer_ = *std::move(authorizer);
    } else {
      // As in the local stack: forwarders call as the local identity.
      authorizer_ = LocalAuthorizer({"admin", "domain-service"}, record_denial);
    }
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        ListeningCredentials(server_options);
    ASSERT_TRUE(credentials.ok()) << credentials.status();
    AuditServiceOptions service_options;
    service_options.on_denied = record_denial;
    service_ = std::make_unique<AuditServiceImpl>(store_.get(), executor_.get(), authorizer_.get(),
                                                  std::move(service_options));
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", *credentials, &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port_, 0);
  }

  void Stop() {
    if (server_ != nullptr) server_->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    server_.reset();
    service_.reset();
    executor_.reset();
    authorizer_.reset();
    own_events_.reset();
    store_.reset();
  }

  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }
  int port() const { return port_; }
  AuditStore& store() { return *store_; }

  // Every event in the log, oldest first.
  std::vector<v1::AuditEvent> Events() {
    std::vector<v1::AuditEvent> events;
    v1::QueryEventsRequest query;
    query.set_page_size(1000);
    for (int page = 0; page < 100; ++page) {
      absl::StatusOr<v1::QueryEventsResponse> found = store_->Query(query);
      EXPECT_TRUE(found.ok()) << found.status();
      if (!found.ok()) break;
      for (const v1::AuditEvent& event : found->events()) events.push_back(event);
      if (found->next_page_token().empty()) break;
      query.set_page_token(found->next_page_token());
    }
    return events;
  }

  // The chain verifies and holds exactly `count` events, none twice.
  void ExpectIntactChainOf(int64_t count) {
    absl::StatusOr<ChainVerification> chain = store_->VerifyChain();
    ASSERT_TRUE(chain.ok()) << chain.status();
    EXPECT_TRUE(chain->ok()) << chain->detail;
    EXPECT_EQ(chain->verified_events, count);
    std::set<std::string> ids;
    for (const v1::AuditEvent& event : Events()) ids.insert(event.emitter_event_id());
    EXPECT_EQ(ids.size(), static_cast<size_t>(count)) << "an event is in the chain twice";
  }

 private:
  const std::string log_path_;
  std::unique_ptr<AuditStore> store_;
  std::unique_ptr<OwnEventsSink> own_events_;
  std::unique_ptr<Authorizer> authorizer_;
  std::unique_ptr<Executor> executor_;
  std::unique_ptr<AuditServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

void WritePortFile(const std::string& path, int port) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << port << "\n";
  }
  std::rename(temp.c_str(), path.c_str());
}

// Backoff short enough for tests to see several retries.
AuditForwarderOptions FastRetries() {
  AuditForwarderOptions options;
  options.initial_backoff = absl::Milliseconds(10);
  options.max_backoff = absl::Milliseconds(200);
  options.rpc_timeout = absl::Seconds(5);
  options.idle_poll = absl::Milliseconds(100);
  return options;
}

class AuditForwarderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    OpenOutbox();
  }

  void OpenOutbox() {
    outbox_.reset();
    AuditOutboxOptions options;
    options.emitter = "safeguarding";
    absl::StatusOr<std::unique_ptr<AuditOutbox>> outbox =
        AuditOutbox::Open(AuditOutbox::PathFor(dir_.path(), "safeguarding"), options);
    ASSERT_TRUE(outbox.ok()) << outbox.status();
    outbox_ = *std::move(outbox);
  }

  std::string log_path() const { return dir_.File("audit.sqlite"); }
  std::string port_file() const { return dir_.File("audit.port"); }

  absl::Status RecordChild(const std::string& child_id) {
    AuditSubjects subjects;
    subjects.child_ids = {child_id};
    return outbox_->RecordCall(kCaller, "/scorecard.safeguarding.v1.SafeguardingService/DrillDown",
                               kActionDrillDown, "869", subjects, AuditOutcome::kOk, "OK");
  }

  int64_t Pending() { return outbox_->PendingCount().value_or(-1); }

  ScopedTempDir dir_;
  std::unique_ptr<AuditOutbox> outbox_;
};

TEST_F(AuditForwarderTest, DeliversEachRecordedEventExactlyOnce) {
  AuditServer server(log_path());
  server.Start();
  std::unique_ptr<AuditClient> client = GrpcAuditClient::ForAddress(server.address());
  AuditForwarderOptions options = FastRetries();
  options.max_batch_events = 7;  // Several batches.
  AuditForwarder forwarder(outbox_.get(), client.get(), options);
  outbox_->SetRecordListener([&forwarder] { forwarder.Wake(); });
  forwarder.Start();

  for (int i = 1; i <= 25; ++i) ASSERT_TRUE(RecordChild(absl::StrCat("C-", i)).ok());
  ASSERT_TRUE(Eventually([&] { return Pending() == 0; })) << Pending() << " still pending";
  outbox_->SetRecordListener(nullptr);
  forwarder.Stop();

  const std::vector<v1::AuditEvent> events = server.Events();
  ASSERT_THAT(events, SizeIs(25));
  for (int i = 0; i < 25; ++i) {
    EXPECT_EQ(events[i].child_ids(0), absl::StrCat("C-", i + 1)) << "out of order";
    EXPECT_EQ(events[i].emitter(), "safeguarding");
    EXPECT_EQ(events[i].actor(), "mash-frontend");
  }
  server.ExpectIntactChainOf(25);
  EXPECT_EQ(forwarder.stats().delivered, 25);
  EXPECT_GE(forwarder.stats().batches_sent, 4);

  // Nothing left to send, and sending again adds nothing.
  absl::StatusOr<int64_t> again = forwarder.ForwardPending();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 0);
  server.ExpectIntactChainOf(25);
}

TEST_F(AuditForwarderTest, EventsWaitWhileTheAuditServiceIsDownAndArriveOnceItIsUp) {
  // The stack's way of finding the service: its port file, absent until it runs.
  std::unique_ptr<AuditClient> client = GrpcAuditClient::ForPortFile(port_file());
  AuditForwarder forwarder(outbox_.get(), client.get(), FastRetries());
  outbox_->SetRecordListener([&forwarder] { forwarder.Wake(); });
  forwarder.Start();

  // Not started yet.
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(RecordChild(absl::StrCat("before-", i)).ok());
  ASSERT_TRUE(Eventually([&] { return forwarder.stats().failed_calls >= 3; }));  // Retrying.
  EXPECT_EQ(Pending(), 10);
  EXPECT_EQ(forwarder.stats().last_error.code(), absl::StatusCode::kUnavailable);

  AuditServer server(log_path());
  server.Start();
  WritePortFile(port_file(), server.port());
  ASSERT_TRUE(Eventually([&] { return Pending() == 0; })) << Pending() << " still pending";
  server.ExpectIntactChainOf(10);

  // Stopped: new events wait again ...
  server.Stop();
  const int64_t failures_before = forwarder.stats().failed_calls;
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(RecordChild(absl::StrCat("during-", i)).ok());
  ASSERT_TRUE(Eventually([&] { return forwarder.stats().failed_calls >= failures_before + 2; }));
  EXPECT_EQ(Pending(), 5);

  // ... and arrive, once, when it is back (on another port, as after a restart).
  server.Start();
  WritePortFile(port_file(), server.port());
  ASSERT_TRUE(Eventually([&] { return Pending() == 0; })) << Pending() << " still pending";
  outbox_->SetRecordListener(nullptr);
  forwarder.Stop();
  server.ExpectIntactChainOf(15);
  const std::vector<v1::AuditEvent> events = server.Events();
  EXPECT_EQ(events[0].child_ids(0), "before-1");
  EXPECT_EQ(events[14].child_ids(0), "during-5");
}

// Wraps the real client and loses the acknowledgement of the first call: the
// audit service stored the batch, the forwarder is told it failed.
class LosingAckClient final : public AuditClient {
 public:
  explicit LosingAckClient(AuditClient* real) : real_(real) {}
  absl::StatusOr<v1::AppendEventsResponse> AppendEvents(const v1::AppendEventsRequest& request,
                                                        absl::Duration timeout) override {
    absl::StatusOr<v1::AppendEventsResponse> response = real_->AppendEvents(request, timeout);
    absl::MutexLock lock(&mu_);
    if (response.ok()) stored_.push_back(response->stored());
    if (++calls_ == 1) return absl::UnavailableError("acknowledgement lost (test)");
    return response;
  }
  std::vector<int> stored() {
    absl::MutexLock lock(&mu_);
    return stored_;
  }

 private:
  AuditClient* const real_;
  absl::Mutex mu_;
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<int> stored_ ABSL_GUARDED_BY(mu_);
};

TEST_F(AuditForwarderTest, AResendAfterALostAckAddsNothingToTheChain) {
  AuditServer server(log_path());
  server.Start();
  std::unique_ptr<AuditClient> real = GrpcAuditClient::ForAddress(server.address());
  LosingAckClient client(real.get());
  AuditForwarder forwarder(outbox_.get(), &client, FastRetries());
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(RecordChild(absl::StrCat("C-", i)).ok());

  absl::StatusOr<int64_t> first = forwarder.ForwardPending();
  EXPECT_EQ(first.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Pending(), 3) << "removed from the outbox without an ack";
  server.ExpectIntactChainOf(3);  // Yet the service did store them.

  absl::StatusOr<int64_t> second = forwarder.ForwardPending();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 3);
  EXPECT_EQ(Pending(), 0);
  EXPECT_THAT(client.stored(), ElementsAre(3, 0));  // The resend stored nothing.
  server.ExpectIntactChainOf(3);
}

// The emitting process records, is SIGKILLed before it forwards anything,
// and a new process on the same outbox delivers the events, once each.
TEST_F(AuditForwarderTest, EventsOfAKilledEmitterAreDeliveredOnceAfterRestart) {
  outbox_.reset();  // The child opens its own, as a separate process would.
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Child: never return into the test framework; exit codes flag failures.
    close(ready[0]);
    AuditOutboxOptions options;
    options.emitter = "safeguarding";
    absl::StatusOr<std::unique_ptr<AuditOutbox>> outbox =
        AuditOutbox::Open(AuditOutbox::PathFor(dir_.path(), "safeguarding"), options);
    if (!outbox.ok()) _exit(2);
    for (int i = 1; i <= 4; ++i) {
      AuditSubjects subjects;
      subjects.child_ids = {absl::StrCat("C-", i)};
      if (!(*outbox)
               ->RecordCall(kCaller, "/x.v1.X/DrillDown", kActionDrillDown, "869", subjects,
                            AuditOutcome::kOk, "OK")
               .ok()) {
        _exit(3);
      }
    }
    if (write(ready[1], "recorded", 8) != 8) _exit(4);
    for (int i = 0; i < 600; ++i) usleep(100 * 1000);  // Until killed; bounded.
    _exit(5);
  }
  close(ready[1]);
  pollfd poll_ready{ready[0], POLLIN, 0};
  const int polled = poll(&poll_ready, 1, /*timeout_ms=*/30000);
  char buffer[16] = {};
  const ssize_t got = polled > 0 ? read(ready[0], buffer, sizeof(buffer) - 1) : -1;
  kill(child, SIGKILL);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  close(ready[0]);
  ASSERT_EQ(got, 8) << "child exited with status " << wait_status << " before recording";
  ASSERT_TRUE(WIFSIGNALED(wait_status));

  // The restarted emitter.
  OpenOutbox();
  EXPECT_EQ(Pending(), 4);
  AuditServer server(log_path());
  server.Start();
  std::unique_ptr<AuditClient> client = GrpcAuditClient::ForAddress(server.address());
  AuditForwarder forwarder(outbox_.get(), client.get(), FastRetries());
  forwarder.Start();  // No new records: the idle poll finds the old ones.
  ASSERT_TRUE(Eventually([&] { return Pending() == 0; })) << Pending() << " still pending";
  forwarder.Stop();
  server.ExpectIntactChainOf(4);
  std::vector<std::string> children;
  for (const v1::AuditEvent& event : server.Events()) children.push_back(event.child_ids(0));
  EXPECT_THAT(children, ElementsAre("C-1", "C-2", "C-3", "C-4"));
}

// A listening socket that never speaks HTTP/2: calls to it hang until cancelled.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ >= 0 && bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        listen(fd_, 16) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~SilentListener() {
    if (fd_ >= 0) close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST_F(AuditForwarderTest, StopIsPromptDuringABackoffAndDuringAHungCall) {
  {
    // Down, with a long backoff: Stop interrupts the sleep.
    std::unique_ptr<AuditClient> client = GrpcAuditClient::ForPortFile(port_file());
    AuditForwarderOptions options = FastRetries();
    options.initial_backoff = absl::Seconds(60);
    options.max_backoff = absl::Seconds(60);
    AuditForwarder forwarder(outbox_.get(), client.get(), options);
    ASSERT_TRUE(RecordChild("C-1").ok());
    forwarder.Start();
    ASSERT_TRUE(Eventually([&] { return forwarder.stats().failed_calls >= 1; }));
    const absl::Time start = absl::Now();
    forwarder.Stop();
    EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  }
  {
    // A service that accepts the connection and never answers: Stop cancels the call.
    SilentListener silent;
    ASSERT_NE(silent.port(), 0);
    std::unique_ptr<AuditClient> client =
        GrpcAuditClient::ForAddress(absl::StrCat("127.0.0.1:", silent.port()));
    AuditForwarderOptions options = FastRetries();
    options.rpc_timeout = absl::Seconds(60);
    AuditForwarder forwarder(outbox_.get(), client.get(), options);
    forwarder.Start();
    absl::SleepFor(absl::Milliseconds(500));  // Inside the call by now.
    const absl::Time start = absl::Now();
    forwarder.Stop();
    EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  }
  EXPECT_EQ(Pending(), 1) << "an undelivered event must stay in the outbox";
}

// Refuses (INVALID_ARGUMENT) any batch holding an event about child "C-bad",
// as a stricter future audit service might; keeps everything else.
class PickyClient final : public AuditClient {
 public:
  absl::StatusOr<v1::AppendEventsResponse> AppendEvents(const v1::AppendEventsRequest& request,
                                                        absl::Duration) override {
    absl::MutexLock lock(&mu_);
    for (const v1::AuditEvent& event : request.events()) {
      if (event.child_ids(0) == "C-bad") return absl::InvalidArgumentError("events[0]: refused");
    }
    for (const v1::AuditEvent& event : request.events()) kept_.push_back(event.child_ids(0));
    v1::AppendEventsResponse response;
    response.set_stored(request.events_size());
    return response;
  }
  std::vector<std::string> kept() {
    absl::MutexLock lock(&mu_);
    return kept_;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> kept_ ABSL_GUARDED_BY(mu_);
};

TEST_F(AuditForwarderTest, AnEventTheServiceRefusesIsQuarantinedNotBlocking) {
  PickyClient client;
  AuditForwarder forwarder(outbox_.get(), &client, FastRetries());
  for (const char* child : {"C-1", "C-bad", "C-2"}) ASSERT_TRUE(RecordChild(child).ok());
  absl::StatusOr<int64_t> handled = forwarder.ForwardPending();
  ASSERT_TRUE(handled.ok()) << handled.status();
  EXPECT_THAT(client.kept(), ElementsAre("C-1", "C-2"));
  EXPECT_EQ(Pending(), 0);
  EXPECT_EQ(outbox_->QuarantinedCount().value_or(-1), 1);
  EXPECT_EQ(forwarder.stats().quarantined, 1);
  EXPECT_EQ(forwarder.stats().delivered, 2);
}

TEST_F(AuditForwarderTest, TheEmitterWiresOutboxClientAndForwarder) {
  AuditEmitterOptions missing;
  missing.emitter = "placement";
  missing.data_dir = dir_.path();
  EXPECT_EQ(AuditEmitter::Start(missing).status().code(), absl::StatusCode::kInvalidArgument);

  AuditServer server(log_path());
  server.Start();
  AuditEmitterOptions options;
  options.emitter = "placement";
  options.data_dir = dir_.File("placement-data");
  options.audit_address = server.address();
  options.forwarder = FastRetries();
  absl::StatusOr<std::unique_ptr<AuditEmitter>> emitter = AuditEmitter::Start(options);
  ASSERT_TRUE(emitter.ok()) << emitter.status();
  AuditSubjects subjects;
  subjects.worker_ids = {"W-3"};
  ASSERT_TRUE((*emitter)
                  ->sink()
                  ->RecordCall(kCaller, "/scorecard.placement.v1.PlacementService/Ingest",
                               kActionIngest, "869", subjects, AuditOutcome::kDenied,
                               "PERMISSION_DENIED")
                  .ok());
  ASSERT_TRUE(Eventually([&] { return (*emitter)->outbox().PendingCount().value_or(-1) == 0; }));
  emitter->reset();
  const std::vector<v1::AuditEvent> events = server.Events();
  ASSERT_THAT(events, SizeIs(1));
  EXPECT_EQ(events[0].emitter(), "placement");
  EXPECT_EQ(events[0].outcome(), v1::OUTCOME_DENIED);
  EXPECT_THAT(events[0].worker_ids(), ElementsAre("W-3"));
  EXPECT_TRUE(std::ifstream(dir_.File("placement-data/placement-outbox.sqlite")).good());
}

// In production the forwarder presents its service's certificate (the server's own --tls_*
// flags), and the audit service takes from it only events under that service's name.
TEST_F(AuditForwarderTest, TheEmitterForwardsOverMutualTlsUnderItsOwnName) {
  const testing::DevCa& ca = testing::SharedDevCa();
  AuditServer server(log_path());
  server.Start(ca.ServiceFiles("audit"));
  auto start = [&](const std::string& emitter, const std::string& certificate_of) {
    AuditEmitterOptions options;
    options.emitter = emitter;
    options.data_dir = dir_.File(absl::StrCat(certificate_of, "-data"));
    options.audit_address = server.address();
    options.tls.files = ca.ServiceFiles(certificate_of);
    options.forwarder = FastRetries();
    return AuditEmitter::Start(options);
  };
  auto record = [](AuditEmitter& emitter, const std::string& child_id) {
    AuditSubjects subjects;
    subjects.child_ids = {child_id};
    return emitter.sink()->RecordCall(kCaller, "/scorecard.placement.v1.PlacementService/DrillDown",
                                      kActionDrillDown, "869", subjects, AuditOutcome::kOk, "OK");
  };

  absl::StatusOr<std::unique_ptr<AuditEmitter>> placement = start("placement", "placement");
  ASSERT_TRUE(placement.ok()) << placement.status();
  ASSERT_TRUE(record(**placement, "C-1").ok());
  ASSERT_TRUE(Eventually([&] { return (*placement)->outbox().PendingCount().value_or(-1) == 0; },
                         absl::Seconds(20)));

  // The workforce service's certificate cannot deliver placement's events: they stay pending.
  absl::StatusOr<std::unique_ptr<AuditEmitter>> impostor = start("placement", "workforce");
  ASSERT_TRUE(impostor.ok()) << impostor.status();
  ASSERT_TRUE(record(**impostor, "C-2").ok());
  ASSERT_TRUE(Eventually([&] { return (*impostor)->forwarder().stats().failed_calls >= 2; },
                         absl::Seconds(20)));
  EXPECT_EQ((*impostor)->outbox().PendingCount().value_or(-1), 1);
  EXPECT_EQ((*impostor)->forwarder().stats().last_error.code(),
            absl::StatusCode::kPermissionDenied);
  placement->reset();
  impostor->reset();

  std::vector<std::string> delivered;
  int denials = 0;
  for (const v1::AuditEvent& event : server.Events()) {
    if (event.emitter() == "placement") delivered.push_back(event.child_ids(0));
    if (event.emitter() == kOwnEmitter && event.actor() == "workforce") ++denials;
  }
  EXPECT_THAT(delivered, ElementsAre("C-1"));
  EXPECT_GE(denials, 2) << "each refused delivery is itself in the log";
}

TEST_F(AuditForwarderTest, TheEmitterRefusesToStartWithoutASecureWayToTheAuditService) {
  AuditEmitterOptions options;
  options.emitter = "placement";
  options.data_dir = dir_.File("placement-data");
  options.audit_address = "10.1.2.3:7105";  // plaintext off the machine
  EXPECT_EQ(AuditEmitter::Start(options).status().code(), absl::StatusCode::kFailedPrecondition);
  options.audit_address = "127.0.0.1:7105";
  options.tls.files = testing::SharedDevCa().ServiceFiles("placement");
  options.tls.files.key_file = dir_.File("no-such.key");
  EXPECT_EQ(AuditEmitter::Start(options).status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace scorecard::audit
