// Pushed data versions end to end on loopback: a real safeguarding DomainService behind a
// gRPC server, the aggregator's GrpcMeasureSource watching it, a real Redis behind the
// aggregator's cache. Checks that cached reads make no version call while the stream is
// up, that a read after an acknowledged write always reflects it, that a watcher that stops
// acking holds a write back no longer than ack timeout + lease, and that a restarted
// service sends reads back to polling until the stream is back.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/audit/in_memory_audit_sink.h"
#include "common/concurrency/executor.h"
#include "common/records/proto_date.h"
#include "common/security/identity.h"
#include "common/time/authority_calendars.h"
#include "gtest/gtest.h"
#include "services/aggregator/aggregator_service.h"
#include "services/safeguarding/safeguarding_service.h"
#include "tests/common/cache/redis_test_server.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::aggregator {
namespace {

namespace cv1 = ::scorecard::common::v1;
namespace sv1 = ::scorecard::safeguarding::v1;
using SteadyClock = std::chrono::steady_clock;

constexpr char kCard[] = R"pb(
  id: "getting-to-good"
  title: "Card"
  sections {
    id: "s"
    title: "S"
    rows { id: "referrals-month" title: "Referrals" measure_id: "safeguarding.referrals" basis: BASIS_MONTH unit: UNIT_COUNT polarity: POLARITY_NEUTRAL }
  }
)pb";

// Long enough that a loaded test machine does not lose the lease between heartbeats.
constexpr absl::Duration kTestLease = absl::Seconds(2);

int64_t MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start)
      .count();
}

// Waits up to 10 s for `done`.
template <typename Done>
bool Eventually(Done done) {
  const auto deadline = SteadyClock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (SteadyClock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

class VersionPushTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<LoadedDefinition> card = ParseDefinition(kCard, "card");
    ASSERT_TRUE(card.ok()) << card.status();
    ASSERT_TRUE(definitions_.Add(*std::move(card)).ok());

    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> records =
        VersionedRecordStore::Open(dir_.File("safeguarding.sqlite"));
    ASSERT_TRUE(records.ok()) << records.status();
    records_ = *std::move(records);
    absl::StatusOr<Policy> policy = Policy::BuiltIn();
    ASSERT_TRUE(policy.ok()) << policy.status();
    AuthorizerOptions options;
    absl::StatusOr<CallerIdentity> aggregator = MakeIdentity("aggregator", {"aggregator"}, "local");
    ASSERT_TRUE(aggregator.ok()) << aggregator.status();
    options.local_identity = *aggregator;
    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
        Authorizer::Create(*std::move(policy), options);
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    authorizer_ = *std::move(authorizer);
    StartService();

    source_ = std::make_unique<GrpcMeasureSource<sv1::SafeguardingService>>(
        "safeguarding",
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials()),
        std::chrono::milliseconds(5000));
    source_->WatchVersions(kTestLease);

    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> own =
        VersionedRecordStore::Open(dir_.File("aggregator.sqlite"));
    ASSERT_TRUE(own.ok());
    own_records_ = *std::move(own);
    store_ = std::make_unique<AggregatorStore>(own_records_.get());
    std::string error;
    const int redis_port = cache_testing::PickFreePort();
    ASSERT_TRUE(redis_.Start(redis_port, &error)) << error;
    RedisOptions redis;
    redis.port = redis_port;
    cache_ = std::make_unique<RedisCache>(redis);
    aggregator_ = std::make_unique<AggregatorServiceImpl>(
        &definitions_, std::vector<MeasureSource*>{source_.get()}, store_.get(), cache_.get(),
        &executor_, /*authorizer=*/nullptr, /*audit=*/nullptr, AggregatorOptions{});
  }

  void TearDown() override {
    aggregator_.reset();
    source_.reset();
    StopService();
  }

  void StartService(VersionWatcherOptions watch = TestWatchOptions()) {
    DomainServiceOptions options;
    options.watch = watch;
    service_ = std::make_unique<safeguarding::SafeguardingServiceImpl>(
        records_.get(), &executor_, &calendars_, authorizer_.get(), &audit_sink_, options);
    grpc::ServerBuilder builder;
    int selected = 0;
    builder.AddListeningPort(absl::StrCat("127.0.0.1:", port_), grpc::InsecureServerCredentials(),
                             &selected);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    port_ = selected;
  }

  void StopService() {
    if (server_ == nullptr) return;
    service_->EndVersionWatchers();
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    server_->Wait();
    server_.reset();
    service_.reset();
  }

  static VersionWatcherOptions TestWatchOptions() {
    VersionWatcherOptions options;
    options.ack_timeout = absl::Seconds(1);
    options.lease = kTestLease;
    return options;
  }

  // One acknowledged write (through DoIngest, which the Ingest RPC runs): a new estimate
  // of 869's population; returns 869's data version after it.
  int64_t Write(int64_t population) {
    sv1::IngestRequest request;
    cv1::PopulationEstimate* p = request.add_records()->mutable_population();
    p->mutable_header()->set_authority("869");
    p->mutable_header()->mutable_source()->set_system("ons");
    p->mutable_header()->mutable_source()->set_id("mid-2016");
    p->set_year(2016);
    p->set_population_0_17(population);
    cv1::IngestResponse response;
    const absl::Status status = service_->DoIngest(request, &response);
    EXPECT_TRUE(status.ok()) << status;
    EXPECT_EQ(response.data_versions_size(), 1);
    return response.data_versions_size() == 1 ? response.data_versions(0).version() : -1;
  }

  // The safeguarding version a card was keyed and computed on.
  absl::StatusOr<int64_t> ReadVersion() {
    v1::GetScorecardRequest request;
    request.set_authority("869");
    *request.mutable_from_month() = ToProtoMonth(Month(2017, 4));
    *request.mutable_to_month() = ToProtoMonth(Month(2017, 4));
    absl::StatusOr<v1::Scorecard> card = aggregator_->BuildScorecard(request);
    if (!card.ok()) return card.status();
    for (const v1::ServiceDataVersion& v : card->data_versions()) {
      if (v.service() == "safeguarding") {
        if (!v.available()) return absl::UnavailableError("safeguarding unavailable");
        return v.version();
      }
    }
    return absl::NotFoundError("no safeguarding version on the card");
  }

  bool Pushed() { return source_->PushedDataVersion("869").has_value(); }

  ScopedTempDir dir_;
  DefinitionSet definitions_;
  std::unique_ptr<VersionedRecordStore> records_;
  std::unique_ptr<Authorizer> authorizer_;
  Executor executor_{4};
  AuthorityCalendars calendars_;
  audit::InMemoryAuditSink audit_sink_{"test"};
  std::unique_ptr<safeguarding::SafeguardingServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  std::unique_ptr<GrpcMeasureSource<sv1::SafeguardingService>> source_;
  std::unique_ptr<VersionedRecordStore> own_records_;
  std::unique_ptr<AggregatorStore> store_;
  cache_testing::RedisServerProcess redis_;
  std::unique_ptr<RedisCache> cache_;
  std::unique_ptr<AggregatorServiceImpl> aggregator_;
};

TEST_F(VersionPushTest, CachedReadsMakeNoVersionCallWhileTheStreamIsUp) {
  ASSERT_TRUE(Eventually([&] { return Pushed(); }));
  const int64_t written = Write(35570);
  ASSERT_EQ(ReadVersion().value_or(-1), written);  // computed and cached
  const v1::CacheStats before = aggregator_->Statistics();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(ReadVersion().value_or(-1), written);
  const v1::CacheStats after = aggregator_->Statistics();
  EXPECT_EQ(after.version_calls(), before.version_calls());
  EXPECT_EQ(after.versions_pushed() - before.versions_pushed(), 20);
  EXPECT_EQ(after.versions_polled(), before.versions_polled());
  EXPECT_EQ(after.memory_hits() - before.memory_hits(), 20);
}

TEST_F(VersionPushTest, AReadAfterAnAcknowledgedWriteAlwaysReflectsIt) {
  ASSERT_TRUE(Eventually([&] { return Pushed(); }));
  constexpr int kReaders = 16;
  for (int round = 0; round < 50; ++round) {
    const int64_t written = Write(35000 + round);
    std::vector<int64_t> seen(kReaders, -1);
    std::vector<std::thread> readers;
    for (int r = 0; r < kReaders; ++r) {
      readers.emplace_back([&, r] { seen[r] = ReadVersion().value_or(-1); });
    }
    for (std::thread& t : readers) t.join();
    for (int r = 0; r < kReaders; ++r) {
      ASSERT_EQ(seen[r], written) << "round " << round << " reader " << r;
    }
  }
  EXPECT_EQ(aggregator_->Statistics().version_calls(), 0);
}

TEST_F(VersionPushTest, AWatcherThatStopsAckingHoldsAWriteBackAtMostAckTimeoutPlusLease) {
  StopService();  // again with the production timings: ack timeout 200 ms, lease 500 ms
  StartService(VersionWatcherOptions{});
  ASSERT_TRUE(Eventually([&] { return Pushed(); }));
  // A second watcher that acks its snapshot and then nothing more.
  auto stub = sv1::SafeguardingService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->WatchDataVersions(&context);
  cv1::DataVersionUpdate update;
  ASSERT_TRUE(stream->Read(&update));
  ASSERT_EQ(update.kind(), cv1::DATA_VERSION_UPDATE_KIND_SNAPSHOT);
  cv1::DataVersionAck ack;
  ack.set_sequence(update.sequence());
  ASSERT_TRUE(stream->Write(ack));

  const auto start = SteadyClock::now();
  const int64_t written = Write(35570);
  const int64_t took_ms = MillisSince(start);
  EXPECT_GE(took_ms, 200);        // it did wait for the silent watcher
  EXPECT_LT(took_ms, 200 + 500 + 500);  // ack timeout + lease, with slack for the machine
  // The silent watcher's stream was finished...
  while (stream->Read(&update)) {
  }
  EXPECT_FALSE(stream->Finish().ok());
  // ...and the aggregator, which acked, still reads without a call.
  const int64_t calls = aggregator_->Statistics().version_calls();
  ASSERT_TRUE(Eventually([&] { return Pushed(); }));
  EXPECT_EQ(ReadVersion().value_or(-1), written);
  EXPECT_EQ(aggregator_->Statistics().version_calls(), calls);
  // With only the aggregator watching, a write is quick again.
  const auto again = SteadyClock::now();
  Write(35571);
  EXPECT_LT(MillisSince(again), 200);
}

TEST_F(VersionPushTest, ARestartedServiceSendsReadsToPollingUntilTheStreamIsBack) {
  ASSERT_TRUE(Eventually([&] { return Pushed(); }));
  const int64_t first = Write(35570);
  EXPECT_EQ(ReadVersion().value_or(-1), first);

  StopService();
  ASSERT_TRUE(Eventually([&] { return !Pushed(); }));
  const v1::CacheStats down = aggregator_->Statistics();
  EXPECT_FALSE(ReadVersion().ok());  // polled, and the service is not there
  EXPECT_EQ(aggregator_->Statistics().versions_polled() - down.versions_polled(), 1);
  EXPECT_GT(aggregator_->Statistics().version_calls(), down.version_calls());

  StartService();  // same port, same data
  const int64_t second = Write(35571);
  // Until the stream is back reads poll, and still see the write (once the channel has
  // reconnected: until then the service is reported unavailable, never stale).
  ASSERT_TRUE(Eventually([&] { return ReadVersion().ok(); }));
  EXPECT_EQ(ReadVersion().value_or(-1), second);
  ASSERT_TRUE(Eventually([&] { return Pushed(); }));
  const v1::CacheStats back = aggregator_->Statistics();
  const int64_t third = Write(35572);
  EXPECT_EQ(ReadVersion().value_or(-1), third);
  EXPECT_EQ(aggregator_->Statistics().version_calls(), back.version_calls());
  EXPECT_EQ(aggregator_->Statistics().versions_pushed() - back.versions_pushed(), 1);
}

}  // namespace
}  // namespace scorecard::aggregator
