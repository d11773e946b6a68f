// The version watcher registry without gRPC: watchers are a queue of messages and acks are
// calls made by the test, so every timing below is the registry's own.
#include "common/service/version_watchers.h"

#include <chrono>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

namespace cv1 = ::scorecard::common::v1;
using SteadyClock = std::chrono::steady_clock;

// One watcher as the registry sees it: what it was sent, and whether it was ended.
struct FakeWatcher {
  absl::Mutex mu;
  std::vector<cv1::DataVersionUpdate> received ABSL_GUARDED_BY(mu);
  bool ended ABSL_GUARDED_BY(mu) = false;

  VersionWatchers::Send Send() {
    return [this](const cv1::DataVersionUpdate& update) {
      absl::MutexLock lock(&mu);
      received.push_back(update);
    };
  }
  VersionWatchers::End End() {
    return [this] {
      absl::MutexLock lock(&mu);
      ended = true;
    };
  }
  // The first message of `kind` after `after` messages, waiting up to `wait` for it.
  std::optional<cv1::DataVersionUpdate> Await(
      cv1::DataVersionUpdateKind kind, size_t after = 0,
      std::chrono::milliseconds wait = std::chrono::milliseconds(2000)) {
    const auto deadline = SteadyClock::now() + wait;
    while (SteadyClock::now() < deadline) {
      {
        absl::MutexLock lock(&mu);
        for (size_t i = after; i < received.size(); ++i) {
          if (received[i].kind() == kind) return received[i];
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return std::nullopt;
  }
  int64_t Highest(const std::string& authority) {
    absl::MutexLock lock(&mu);
    int64_t highest = 0;
    for (const cv1::DataVersionUpdate& u : received) {
      for (const cv1::DataVersion& v : u.versions()) {
        if (v.authority() == authority) highest = std::max(highest, v.version());
      }
    }
    return highest;
  }
  bool was_ended() {
    absl::MutexLock lock(&mu);
    return ended;
  }
};

google::protobuf::RepeatedPtrField<cv1::DataVersion> Versions(const std::string& authority,
                                                               int64_t version) {
  google::protobuf::RepeatedPtrField<cv1::DataVersion> versions;
  cv1::DataVersion* v = versions.Add();
  v->set_authority(authority);
  v->set_version(version);
  return versions;
}

VersionWatcherOptions Options(int ack_timeout_ms, int lease_ms) {
  VersionWatcherOptions options;
  options.ack_timeout = absl::Milliseconds(ack_timeout_ms);
  options.lease = absl::Milliseconds(lease_ms);
  options.heartbeat = absl::Seconds(10);  // none during a test: only the messages under test
  return options;
}

int64_t MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start)
      .count();
}

TEST(VersionWatchersTest, TheSnapshotComesFirstWithEveryAuthority) {
  VersionWatchers watchers(Options(200, 500));
  FakeWatcher w;
  watchers.Add([] { return absl::flat_hash_map<std::string, int64_t>{{"869", 7}, {"870", 3}}; },
               w.Send(), w.End());
  std::optional<cv1::DataVersionUpdate> first = w.Await(cv1::DATA_VERSION_UPDATE_KIND_SNAPSHOT);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->sequence(), 1);
  EXPECT_EQ(first->versions_size(), 2);
  EXPECT_EQ(w.Highest("869"), 7);
  EXPECT_EQ(w.Highest("870"), 3);
}

TEST(VersionWatchersTest, PublishReturnsOnlyOnceEveryWatcherHasAcked) {
  VersionWatchers watchers(Options(/*ack_timeout_ms=*/5000, /*lease_ms=*/6000));
  FakeWatcher a, b;
  const int64_t id_a = watchers.Add([] { return absl::flat_hash_map<std::string, int64_t>{}; },
                                    a.Send(), a.End());
  const int64_t id_b = watchers.Add([] { return absl::flat_hash_map<std::string, int64_t>{}; },
                                    b.Send(), b.End());
  watchers.Ack(id_a, 1);
  watchers.Ack(id_b, 1);
  absl::Notification published;
  std::thread writer([&] {
    watchers.Publish(Versions("869", 12));
    published.Notify();
  });
  std::optional<cv1::DataVersionUpdate> to_a = a.Await(cv1::DATA_VERSION_UPDATE_KIND_UPDATE);
  std::optional<cv1::DataVersionUpdate> to_b = b.Await(cv1::DATA_VERSION_UPDATE_KIND_UPDATE);
  ASSERT_TRUE(to_a.has_value() && to_b.has_value());
  EXPECT_EQ(to_a->sequence(), 2);
  EXPECT_EQ(to_a->acked_sequence(), 1);  // confirms the snapshot's ack
  EXPECT_EQ(a.Highest("869"), 12);

  watchers.Ack(id_a, to_a->sequence());
  EXPECT_FALSE(published.WaitForNotificationWithTimeout(absl::Milliseconds(50)))
      << "acknowledged while one watcher had not applied the version";
  const auto acked = SteadyClock::now();
  watchers.Ack(id_b, to_b->sequence());
  EXPECT_TRUE(published.WaitForNotificationWithTimeout(absl::Seconds(2)));
  EXPECT_LT(MillisSince(acked), 1000);  // far inside the ack timeout: no lease waited out
  writer.join();
  EXPECT_EQ(watchers.dropped(), 0);
  EXPECT_FALSE(a.was_ended());
}

TEST(VersionWatchersTest, ASilentWatcherIsDroppedAndPublishWaitsOutItsLease) {
  // Ack timeout 100 ms, lease 400 ms. The watcher acks its snapshot, then goes silent.
  VersionWatchers watchers(Options(100, 400));
  FakeWatcher w;
  const int64_t id = watchers.Add([] { return absl::flat_hash_map<std::string, int64_t>{}; },
                                  w.Send(), w.End());
  watchers.Ack(id, 1);
  const auto last_ack = SteadyClock::now();
  const auto start = SteadyClock::now();
  watchers.Publish(Versions("869", 5));
  const int64_t took_ms = MillisSince(start);
  // Dropped at the ack timeout, its stream ended; the write waited until its last ack +
  // the lease (400 ms after `last_ack`), the latest its lease could still hold.
  EXPECT_TRUE(w.was_ended());
  EXPECT_EQ(watchers.dropped(), 1);
  EXPECT_EQ(watchers.live_watchers(), 0);
  EXPECT_GE(MillisSince(last_ack), 400);
  EXPECT_GE(took_ms, 100);
  EXPECT_LT(took_ms, 100 + 400 + 500);  // bounded: ack timeout + lease, with slack

  // Gone now: the next write waits for nobody (its lease has run out too).
  const auto next = SteadyClock::now();
  watchers.Publish(Versions("869", 6));
  EXPECT_LT(MillisSince(next), 50);
}

TEST(VersionWatchersTest, AWatcherThatNeverAckedHoldsNoLease) {
  VersionWatchers watchers(Options(100, 2000));
  FakeWatcher w;
  watchers.Add([] { return absl::flat_hash_map<std::string, int64_t>{}; }, w.Send(), w.End());
  const auto start = SteadyClock::now();
  watchers.Publish(Versions("869", 5));
  const int64_t took_ms = MillisSince(start);
  EXPECT_TRUE(w.was_ended());
  EXPECT_GE(took_ms, 100);
  EXPECT_LT(took_ms, 1000);  // the 2 s lease was never granted, so not waited out
}

TEST(VersionWatchersTest, AnEndedStreamsLeaseIsWaitedOutByTheNextWrite) {
  VersionWatchers watchers(Options(100, 300));
  FakeWatcher w;
  const int64_t id = watchers.Add([] { return absl::flat_hash_map<std::string, int64_t>{}; },
                                  w.Send(), w.End());
  watchers.Ack(id, 1);
  const auto last_ack = SteadyClock::now();
  watchers.Remove(id);  // e.g. the connection broke: the aggregator may not know yet
  watchers.Publish(Versions("869", 5));
  EXPECT_GE(MillisSince(last_ack), 300);
  EXPECT_EQ(watchers.dropped(), 0);  // ended, not dropped
}

// A commit lands while a watcher registers. Whether the snapshot is read before or after
// the commit, the watcher ends up holding the committed version, and the commit's publish
// waits for the watcher when it was not in the snapshot.
TEST(VersionWatchersTest, ACommitRacingWithRegistrationIsInTheSnapshotOrSentAfterIt) {
  for (const bool commit_before_snapshot_read : {true, false}) {
    SCOPED_TRACE(commit_before_snapshot_read ? "commit first" : "snapshot first");
    VersionWatchers watchers(Options(5000, 6000));
    absl::Mutex store_mu;
    int64_t store_version = 6;  // the store's version for 869
    absl::Notification in_snapshot, committed;
    FakeWatcher w;
    std::thread writer([&] {
      in_snapshot.WaitForNotification();
      int64_t version;
      {
        absl::MutexLock lock(&store_mu);
        version = ++store_version;  // the commit
      }
      committed.Notify();
      watchers.Publish(Versions("869", version));  // blocks while Add holds the registry
    });
    std::thread acker;
    const int64_t id = watchers.Add(
        [&] {
          in_snapshot.Notify();
          if (commit_before_snapshot_read) committed.WaitForNotification();
          absl::MutexLock lock(&store_mu);
          return absl::flat_hash_map<std::string, int64_t>{{"869", store_version}};
        },
        w.Send(), w.End());
    // Ack whatever arrives until the writer is done.
    absl::Notification writer_done;
    acker = std::thread([&] {
      size_t seen = 0;
      while (!writer_done.HasBeenNotified()) {
        std::optional<cv1::DataVersionUpdate> u = w.Await(
            cv1::DATA_VERSION_UPDATE_KIND_UPDATE, seen, std::chrono::milliseconds(10));
        if (!u.has_value()) continue;
        watchers.Ack(id, u->sequence());
        seen = static_cast<size_t>(u->sequence());
      }
    });
    const auto start = SteadyClock::now();
    writer.join();
    writer_done.Notify();
    acker.join();
    EXPECT_EQ(w.Highest("869"), 7);
    EXPECT_LT(MillisSince(start), 3000);  // acked, not timed out
    EXPECT_EQ(watchers.dropped(), 0);
  }
}

TEST(VersionWatchersTest, HeartbeatsCarryTheAckedSequence) {
  VersionWatcherOptions options = Options(200, 500);
  options.heartbeat = absl::Milliseconds(10);
  VersionWatchers watchers(options);
  FakeWatcher w;
  const int64_t id = watchers.Add([] { return absl::flat_hash_map<std::string, int64_t>{}; },
                                  w.Send(), w.End());
  watchers.Ack(id, 1);
  std::optional<cv1::DataVersionUpdate> beat = w.Await(cv1::DATA_VERSION_UPDATE_KIND_HEARTBEAT);
  ASSERT_TRUE(beat.has_value());
  EXPECT_EQ(beat->acked_sequence(), 1);
  EXPECT_GE(beat->sequence(), 2);
}

}  // namespace
}  // namespace scorecard
