// Copyright: the scorecard project.
//
// These tests run a real redis-server child on a free local port, so they
// exercise hiredis, real sockets, real timeouts and real server failures:
// SIGKILL for "Redis died", SIGSTOP for "Redis hangs".

#include "common/cache/redis_cache.h"

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "tests/common/cache/redis_test_server.h"

namespace scorecard {
namespace {

using cache_testing::kRedisServerPath;
using cache_testing::PickFreePort;
using cache_testing::RawRedis;
using cache_testing::RedisServerProcess;

// Only bounds a hang; passing tests never wait this long.
constexpr absl::Duration kBoundedWait = absl::Seconds(5);

class RedisCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Deliberately a failure, not a skip: without Redis nothing here is tested.
    ASSERT_EQ(access(kRedisServerPath, X_OK), 0)
        << kRedisServerPath
        << " not found or not executable; these tests need a real Redis "
           "(Debian package redis-server)";
    port_ = PickFreePort();
    ASSERT_GT(port_, 0) << "could not find a free local port";
    StartRedis();
  }

  void TearDown() override {
    redis_.Resume();  // A stopped child must not outlive a failed test.
    redis_.Kill();
  }

  void StartRedis() {
    std::string error;
    ASSERT_TRUE(redis_.Start(port_, &error)) << error;
  }

  // Options for the test server with a short open interval so that recovery
  // tests finish quickly.
  RedisOptions Options() const {
    RedisOptions options;
    options.port = port_;
    options.open_interval = absl::Milliseconds(300);
    return options;
  }

  int port_ = -1;
  RedisServerProcess redis_;
};

// Times one call.
template <typename Call>
absl::Duration TimeCall(Call call) {
  const absl::Time start = absl::Now();
  call();
  return absl::Now() - start;
}

// Sets and reads back a probe key until it hits or the bounded wait ends;
// returns when it first hit.
std::optional<absl::Time> WaitUntilCachingWorks(RedisCache& cache) {
  const absl::Time deadline = absl::Now() + kBoundedWait;
  while (absl::Now() < deadline) {
    cache.Set("probe", "value", absl::Minutes(1));
    if (cache.Get("probe") == "value") return absl::Now();
    absl::SleepFor(absl::Milliseconds(10));
  }
  return std::nullopt;
}

TEST_F(RedisCacheTest, RoundTripsBinaryKeysAndValuesIncludingNulBytes) {
  RedisCache cache(Options());
  const std::string key("scorecard\0LA1", 13);
  const std::string value("\0\x08\x96\x01\xff proto\0bytes\0", 17);
  ASSERT_EQ(value.size(), 17u);

  cache.Set(key, value, absl::Minutes(1));
  const std::optional<std::string> read = cache.Get(key);

  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, value);
  // The key was not cut at its NUL: its prefix is a different, absent key.
  EXPECT_EQ(cache.Get("scorecard"), std::nullopt);
  const CacheStats stats = cache.Stats();
  EXPECT_EQ(stats.sets, 1);
  EXPECT_EQ(stats.hits, 1);
  EXPECT_EQ(stats.misses, 1);
  EXPECT_EQ(stats.errors, 0);
  EXPECT_FALSE(stats.degraded);
  EXPECT_EQ(stats.breaker, BreakerState::kClosed);
}

TEST_F(RedisCacheTest, AbsentKeyIsAMissNotAnError) {
  RedisCache cache(Options());
  EXPECT_EQ(cache.Get("never-set"), std::nullopt);
  const CacheStats stats = cache.Stats();
  EXPECT_EQ(stats.misses, 1);
  EXPECT_EQ(stats.hits, 0);
  EXPECT_EQ(stats.errors, 0);
  EXPECT_FALSE(stats.degraded);
}

TEST_F(RedisCacheTest, ValueExpiresAfterItsTtl) {
  RedisCache cache(Options());
  cache.Set("short-lived", "v", absl::Milliseconds(150));
  RawRedis raw(port_);
  const std::optional<long long> pttl = raw.Integer("PTTL short-lived");
  ASSERT_TRUE(pttl.has_value());
  EXPECT_GT(*pttl, 0);
  EXPECT_LE(*pttl, 150);
  EXPECT_EQ(cache.Get("short-lived"), "v");

  const absl::Time deadline = absl::Now() + kBoundedWait;
  bool expired = false;
  while (!expired && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
    expired = !cache.Get("short-lived").has_value();
  }
  EXPECT_TRUE(expired) << "still cached after " << kBoundedWait;
  EXPECT_EQ(cache.Stats().errors, 0);
}

TEST_F(RedisCacheTest, InfiniteTtlStoresWithoutExpiryAndNonPositiveTtlStoresNothing) {
  RedisCache cache(Options());
  cache.Set("forever", "v", absl::InfiniteDuration());
  cache.Set("zero", "v", absl::ZeroDuration());
  cache.Set("negative", "v", absl::Seconds(-1));

  RawRedis raw(port_);
  EXPECT_EQ(raw.Integer("PTTL forever"), -1);  // Exists, no expiry.
  EXPECT_EQ(raw.Integer("EXISTS zero"), 0);
  EXPECT_EQ(raw.Integer("EXISTS negative"), 0);
  EXPECT_EQ(cache.Stats().sets, 1);
  EXPECT_EQ(cache.Stats().errors, 0);
}

TEST_F(RedisCacheTest, PingReflectsWhetherRedisAnswers) {
  RedisCache cache(Options());
  EXPECT_TRUE(cache.Ping());
  redis_.Kill();
  EXPECT_FALSE(cache.Ping());
  EXPECT_TRUE(cache.Stats().degraded);
}

TEST_F(RedisCacheTest, KilledRedisFailsOpenQuicklyAndOpensTheBreaker) {
  RedisOptions options = Options();
  options.open_interval = absl::Seconds(30);  // Stays open for the whole test.
  RedisCache cache(options);
  cache.Set("k", "v", absl::Minutes(1));
  ASSERT_EQ(cache.Get("k"), "v");

  redis_.Kill();

  for (int call = 1; call <= options.failure_threshold; ++call) {
    std::optional<std::string> read;
    const absl::Duration elapsed = TimeCall([&] { read = cache.Get("k"); });
    EXPECT_EQ(read, std::nullopt);
    EXPECT_LT(elapsed, absl::Milliseconds(200)) << "call " << call;
    const CacheStats stats = cache.Stats();
    EXPECT_TRUE(stats.degraded) << "call " << call;
    EXPECT_EQ(stats.errors, call);
    EXPECT_EQ(stats.breaker, call < options.failure_threshold
                                 ? BreakerState::kClosed
                                 : BreakerState::kOpen)
        << "call " << call;
  }
  EXPECT_FALSE(cache.Stats().last_error.empty());

  // Open: calls are refused without touching the network, so no new errors.
  const absl::Duration elapsed = TimeCall([&] {
    for (int i = 0; i < 10; ++i) {
      EXPECT_EQ(cache.Get("k"), std::nullopt);
      cache.Set("k", "v", absl::Minutes(1));
    }
  });
  EXPECT_LT(elapsed, absl::Milliseconds(50));
  const CacheStats stats = cache.Stats();
  EXPECT_EQ(stats.errors, options.failure_threshold);
  EXPECT_EQ(stats.rejected, 20);
  EXPECT_EQ(stats.breaker, BreakerState::kOpen);
  EXPECT_TRUE(stats.degraded);
}

TEST_F(RedisCacheTest, CachingResumesByItselfAfterRedisRestarts) {
  const RedisOptions options = Options();
  RedisCache cache(options);
  ASSERT_TRUE(WaitUntilCachingWorks(cache).has_value());

  redis_.Kill();
  absl::Time breaker_opened_no_earlier_than;
  for (int call = 1; call <= options.failure_threshold; ++call) {
    breaker_opened_no_earlier_than = absl::Now();
    cache.Get("k");
  }
  ASSERT_EQ(cache.Stats().breaker, BreakerState::kOpen);

  StartRedis();  // Same port.
  const std::optional<absl::Time> first_hit = WaitUntilCachingWorks(cache);

  ASSERT_TRUE(first_hit.has_value()) << "caching did not resume within "
                                     << kBoundedWait;
  // Redis was back early, yet the breaker held for its whole interval.
  EXPECT_GE(*first_hit - breaker_opened_no_earlier_than, options.open_interval);
  const CacheStats stats = cache.Stats();
  EXPECT_EQ(stats.breaker, BreakerState::kClosed);
  EXPECT_FALSE(stats.degraded);
}

TEST_F(RedisCacheTest, FailedTrialCallReopensTheBreaker) {
  const RedisOptions options = Options();
  RedisCache cache(options);
  redis_.Kill();
  for (int call = 1; call <= options.failure_threshold; ++call) cache.Get("k");
  ASSERT_EQ(cache.Stats().breaker, BreakerState::kOpen);

  absl::SleepFor(options.open_interval + absl::Milliseconds(50));
  EXPECT_EQ(cache.Get("k"), std::nullopt);  // The trial: Redis is still dead.
  CacheStats stats = cache.Stats();
  EXPECT_EQ(stats.errors, options.failure_threshold + 1);
  EXPECT_EQ(stats.breaker, BreakerState::kOpen);

  EXPECT_EQ(cache.Get("k"), std::nullopt);  // Refused again, no network.
  stats = cache.Stats();
  EXPECT_EQ(stats.errors, options.failure_threshold + 1);
  EXPECT_EQ(stats.rejected, 1);
}

TEST_F(RedisCacheTest, StalledRedisTimesOutWithinTheCommandTimeoutAndOpensTheBreaker) {
  const RedisOptions options = Options();
  RedisCache cache(options);
  cache.Set("k", "v", absl::Minutes(1));
  ASSERT_EQ(cache.Get("k"), "v");

  redis_.Pause();

  // Connects still succeed (the kernel accepts for a stopped process), so
  // each call waits out exactly one command timeout.
  const absl::Duration bound = options.command_timeout + absl::Milliseconds(100);
  for (int call = 1; call <= options.failure_threshold; ++call) {
    std::optional<std::string> read;
    const absl::Duration elapsed = TimeCall([&] { read = cache.Get("k"); });
    EXPECT_EQ(read, std::nullopt);
    EXPECT_LT(elapsed, bound) << "call " << call;
    EXPECT_GE(elapsed, options.command_timeout - absl::Milliseconds(5))
        << "call " << call << " failed before waiting for Redis at all: "
        << cache.Stats().last_error;
  }
  CacheStats stats = cache.Stats();
  EXPECT_EQ(stats.errors, options.failure_threshold);
  EXPECT_EQ(stats.breaker, BreakerState::kOpen);
  EXPECT_TRUE(stats.degraded);

  const absl::Duration refused = TimeCall([&] { cache.Get("k"); });
  EXPECT_LT(refused, absl::Milliseconds(10));

  redis_.Resume();
  ASSERT_TRUE(WaitUntilCachingWorks(cache).has_value());
  stats = cache.Stats();
  EXPECT_EQ(stats.breaker, BreakerState::kClosed);
  EXPECT_FALSE(stats.degraded);
}

TEST_F(RedisCacheTest, ConnectionLeftIdleAcrossARestartIsReplacedWithoutAnError) {
  RedisOptions options = Options();
  options.pool_size = 1;  // So the next call must reuse the old connection's slot.
  RedisCache cache(options);
  cache.Set("k", "v", absl::Minutes(1));
  ASSERT_EQ(cache.Get("k"), "v");

  redis_.Kill();
  StartRedis();

  EXPECT_EQ(cache.Get("k"), std::nullopt);  // A fresh, empty server.
  const CacheStats stats = cache.Stats();
  EXPECT_EQ(stats.errors, 0) << stats.last_error;
  EXPECT_EQ(stats.misses, 1);
  EXPECT_FALSE(stats.degraded);
}

TEST_F(RedisCacheTest, RedisErrorReplyCountsAsAFailure) {
  RedisCache cache(Options());
  RawRedis raw(port_);
  ASSERT_TRUE(raw.Set("counter", "1"));
  ASSERT_EQ(raw.Integer("LPUSH list a"), 1);

  EXPECT_EQ(cache.Get("list"), std::nullopt);  // WRONGTYPE error reply.
  CacheStats stats = cache.Stats();
  EXPECT_EQ(stats.errors, 1);
  EXPECT_TRUE(stats.degraded);
  EXPECT_NE(stats.last_error.find("WRONGTYPE"), std::string::npos)
      << stats.last_error;

  // The connection survives an error reply and the next call clears the flag.
  EXPECT_EQ(cache.Get("counter"), "1");
  stats = cache.Stats();
  EXPECT_FALSE(stats.degraded);
  EXPECT_EQ(stats.hits, 1);
}

TEST_F(RedisCacheTest, ManyThreadsShareThePoolSafely) {
  RedisOptions options = Options();
  options.pool_size = 2;  // Fewer connections than threads: callers queue.
  // Generous so a loaded test machine cannot turn queueing into failures.
  options.command_timeout = absl::Seconds(2);
  RedisCache cache(options);
  constexpr int kThreads = 8;
  constexpr int kRoundsPerThread = 200;
  std::atomic<int> wrong_reads{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRoundsPerThread; ++round) {
        const std::string key = absl::StrCat("thread", t, ":", round);
        const std::string value =
            absl::StrCat(std::string("value\0", 6), t * 1000 + round);
        cache.Set(key, value, absl::Minutes(1));
        if (cache.Get(key) != value) ++wrong_reads;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(wrong_reads.load(), 0);
  const CacheStats stats = cache.Stats();
  EXPECT_EQ(stats.sets, kThreads * kRoundsPerThread);
  EXPECT_EQ(stats.hits, kThreads * kRoundsPerThread);
  EXPECT_EQ(stats.errors, 0) << stats.last_error;
}

}  // namespace
}  // namespace scorecard
