// Copyright: the scorecard project.
//
// A fail-open Redis cache for computed scorecards.
//
//   scorecard::RedisOptions options;
//   options.host = "redis.internal";
//   scorecard::RedisCache cache(options);
//
//   if (std::optional<std::string> bytes = cache.Get(key)) {
//     return ParseScorecard(*bytes);
//   }
//   Scorecard scorecard = ComputeScorecard(request);
//   cache.Set(key, scorecard.SerializeAsString(), absl::Minutes(10));
//
// The cache is an optimisation, never a dependency: any failure (Redis down,
// slow, refusing, or answering nonsense) reads as a miss, so callers compute
// instead. Every command is bounded by `command_timeout`. After
// `failure_threshold` consecutive failures a circuit breaker opens and calls
// return at once without touching the network for `open_interval`; then one
// trial call goes through, and caching resumes by itself when it succeeds.
// Stats() reports hits, misses, errors and whether the cache is degraded.
//
// Keys and values are binary-safe (serialized protobufs may contain NULs).
//
// Connections come from a fixed pool of `pool_size` hiredis contexts, each
// used by one thread at a time. A context is discarded after any I/O error or
// timeout (hiredis cannot reuse it) and after its server hung up while it sat
// idle; the next call on that slot reconnects.
//
// Worst-case latency of a call is a wait for a free connection (up to
// `command_timeout`), a connect (up to `connect_timeout`), then the command
// (`command_timeout` per socket read or write). `host` should be an IP
// address: name resolution has no timeout.
//
// Thread-safe. Never throws. Calls must not be in flight when the cache is
// destroyed.

#ifndef SCORECARD_COMMON_CACHE_REDIS_CACHE_H_
#define SCORECARD_COMMON_CACHE_REDIS_CACHE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/circuit_breaker.h"

// hiredis types, declared here so users of the cache need not include hiredis.
struct redisContext;
struct redisReply;

namespace scorecard {

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  // Timeouts below 1ms are raised to 1ms: zero would mean "wait forever".
  absl::Duration connect_timeout = absl::Milliseconds(100);
  absl::Duration command_timeout = absl::Milliseconds(50);
  // Below 1 is treated as 1.
  int pool_size = 4;
  // Consecutive failures that open the circuit breaker.
  int failure_threshold = 3;
  // How long an open breaker refuses calls before one trial call.
  absl::Duration open_interval = absl::Seconds(1);
};

struct CacheStats {
  int64_t hits = 0;
  int64_t misses = 0;
  // Calls that went to Redis and failed (connect, I/O, timeout, error reply).
  int64_t errors = 0;
  // Values stored successfully.
  int64_t sets = 0;
  // Calls refused by the open breaker without touching the network.
  int64_t rejected = 0;
  BreakerState breaker = BreakerState::kClosed;
  // True while the breaker is not closed or the last call to Redis failed.
  bool degraded = false;
  // Why the most recent failure happened; kept after recovery for diagnosis.
  std::string last_error;
};

class RedisCache {
 public:
  // Connects lazily: constructing never blocks and succeeds even if Redis is
  // down.
  explicit RedisCache(RedisOptions options);
  ~RedisCache();

  RedisCache(const RedisCache&) = delete;
  RedisCache& operator=(const RedisCache&) = delete;

  // The value stored under `key`, or nullopt on a miss or on any failure.
  std::optional<std::string> Get(std::string_view key);

  // Stores `value` under `key` for `ttl` (rounded up to whole milliseconds).
  // A ttl of absl::InfiniteDuration() stores without expiry; a non-positive
  // ttl stores nothing. Failures are only counted: the cache is best-effort.
  void Set(std::string_view key, std::string_view value, absl::Duration ttl);

  // Whether Redis answers PING now. Goes through the breaker like any call,
  // so an open breaker answers false at once.
  bool Ping();

  CacheStats Stats() const;

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const;
  };
  using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;

  enum class Outcome { kOk, kFailed, kRejected };

  // Runs one command through the breaker on a pooled connection. `send`
  // issues the command and returns hiredis's reply (null on I/O failure).
  // `accept_reply` inspects a non-error reply and says whether it is one the
  // command expects. Records the outcome in the breaker and the stats.
  Outcome Execute(absl::FunctionRef<void*(redisContext*)> send,
                  absl::FunctionRef<bool(const redisReply&)> accept_reply);

  // Execute() without the breaker and stats; explains failures in `error`.
  bool RunOnPooledConnection(
      absl::FunctionRef<void*(redisContext*)> send,
      absl::FunctionRef<bool(const redisReply&)> accept_reply,
      std::string* error);

  ContextPtr Connect(std::string* error) const;
  bool AcquireSlot(int* slot);
  void ReleaseSlot(int slot);

  const RedisOptions options_;
  CircuitBreaker breaker_;

  // One context per slot. A slot's context is touched only by the thread
  // that acquired the slot, so it needs no lock of its own.
  std::vector<ContextPtr> contexts_;
  absl::Mutex pool_mu_;
  std::vector<int> free_slots_ ABSL_GUARDED_BY(pool_mu_);

  mutable absl::Mutex stats_mu_;
  CacheStats stats_ ABSL_GUARDED_BY(stats_mu_);
  bool last_call_failed_ ABSL_GUARDED_BY(stats_mu_) = false;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_CACHE_REDIS_CACHE_H_
