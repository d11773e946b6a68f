// Copyright: the scorecard project.

#include "common/cache/redis_cache.h"

#include <hiredis/hiredis.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <ctime>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace scorecard {
namespace {

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

absl::Duration AtLeastOneMillisecond(absl::Duration timeout) {
  return timeout < absl::Milliseconds(1) ? absl::Milliseconds(1) : timeout;
}

RedisOptions Sanitize(RedisOptions options) {
  options.connect_timeout = AtLeastOneMillisecond(options.connect_timeout);
  options.command_timeout = AtLeastOneMillisecond(options.command_timeout);
  if (options.pool_size < 1) options.pool_size = 1;
  return options;
}

// hiredis writes with write(2), which raises SIGPIPE if Redis has gone, and
// SIGPIPE's default action kills the process. Blocking it on this thread for
// the command (and swallowing one raised meanwhile) turns that into an
// ordinary EPIPE error without touching the process-wide disposition.
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    was_pending_ = IsPending();
    blocked_ = pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_mask_) == 0;
  }

  ~ScopedSigpipeBlock() {
    if (!blocked_) return;
    if (!was_pending_ && IsPending()) {
      const timespec no_wait = {0, 0};
      while (sigtimedwait(&sigpipe_, nullptr, &no_wait) == -1 &&
             errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
  }

  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  static bool IsPending() {
    sigset_t pending;
    sigemptyset(&pending);
    return sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
  }

  sigset_t sigpipe_;
  sigset_t previous_mask_;
  bool was_pending_ = false;
  bool blocked_ = false;
};

// An idle connection has nothing to read, so a readable one means the server
// hung up (restarted, idle timeout) or broke protocol. Catching that before
// use avoids charging a failure to the breaker for a connection that died
// while nobody was using it.
bool IdleConnectionIsUsable(const redisContext& context) {
  if (context.err != 0 || context.fd < 0) return false;
  pollfd poll_fd = {};
  poll_fd.fd = context.fd;
  poll_fd.events = POLLIN | POLLRDHUP;
  return poll(&poll_fd, 1, /*timeout=*/0) == 0;
}

absl::string_view ReplyText(const redisReply& reply) {
  if (reply.str == nullptr) return {};
  return absl::string_view(reply.str, reply.len);
}

}  // namespace

void RedisCache::ContextDeleter::operator()(redisContext* context) const {
  redisFree(context);
}

RedisCache::RedisCache(RedisOptions options)
    : options_(Sanitize(std::move(options))),
      breaker_(options_.failure_threshold, options_.open_interval),
      contexts_(options_.pool_size) {
  absl::MutexLock lock(&pool_mu_);
  free_slots_.reserve(options_.pool_size);
  for (int slot = options_.pool_size - 1; slot >= 0; --slot) {
    free_slots_.push_back(slot);
  }
}

RedisCache::~RedisCache() = default;

std::optional<std::string> RedisCache::Get(std::string_view key) {
  std::optional<std::string> value;
  const Outcome outcome = Execute(
      [&](redisContext* context) {
        return redisCommand(context, "GET %b", key.data(), key.size());
      },
      [&](const redisReply& reply) {
        if (reply.type == REDIS_REPLY_STRING) {
          value.emplace(reply.str, reply.len);
          return true;
        }
        return reply.type == REDIS_REPLY_NIL;
      });
  if (outcome != Outcome::kOk) return std::nullopt;
  absl::MutexLock lock(&stats_mu_);
  ++(value.has_value() ? stats_.hits : stats_.misses);
  return value;
}

void RedisCache::Set(std::string_view key, std::string_view value,
                     absl::Duration ttl) {
  if (ttl <= absl::ZeroDuration()) return;
  const bool expires = ttl != absl::InfiniteDuration();
  // Rounding up keeps a sub-millisecond ttl from becoming PX 0, which Redis
  // rejects.
  const long long ttl_ms =
      expires ? absl::ToInt64Milliseconds(absl::Ceil(ttl, absl::Milliseconds(1)))
              : 0;
  const Outcome outcome = Execute(
      [&](redisContext* context) {
        if (!expires) {
          return redisCommand(context, "SET %b %b", key.data(), key.size(),
                              value.data(), value.size());
        }
        return redisCommand(context, "SET %b %b PX %lld", key.data(),
                            key.size(), value.data(), value.size(), ttl_ms);
      },
      [](const redisReply& reply) {
        return reply.type == REDIS_REPLY_STATUS && ReplyText(reply) == "OK";
      });
  if (outcome != Outcome::kOk) return;
  absl::MutexLock lock(&stats_mu_);
  ++stats_.sets;
}

bool RedisCache::Ping() {
  return Execute(
             [](redisContext* context) {
               return redisCommand(context, "PING");
             },
             [](const redisReply& reply) {
               return reply.type == REDIS_REPLY_STATUS &&
                      ReplyText(reply) == "PONG";
             }) == Outcome::kOk;
}

CacheStats RedisCache::Stats() const {
  CacheStats stats;
  {
    absl::MutexLock lock(&stats_mu_);
    stats = stats_;
    stats.degraded = last_call_failed_;
  }
  stats.breaker = breaker_.state();
  if (stats.breaker != BreakerState::kClosed) stats.degraded = true;
  return stats;
}

RedisCache::Outcome RedisCache::Execute(
    absl::FunctionRef<void*(redisContext*)> send,
    absl::FunctionRef<bool(const redisReply&)> accept_reply) {
  if (!breaker_.Allow(absl::Now())) {
    absl::MutexLock lock(&stats_mu_);
    ++stats_.rejected;
    return Outcome::kRejected;
  }
  std::string error;
  if (RunOnPooledConnection(send, accept_reply, &error)) {
    breaker_.RecordSuccess();
    absl::MutexLock lock(&stats_mu_);
    last_call_failed_ = false;
    return Outcome::kOk;
  }
  breaker_.RecordFailure(absl::Now());
  absl::MutexLock lock(&stats_mu_);
  ++stats_.errors;
  last_call_failed_ = true;
  stats_.last_error = std::move(error);
  return Outcome::kFailed;
}

bool RedisCache::RunOnPooledConnection(
    absl::FunctionRef<void*(redisContext*)> send,
    absl::FunctionRef<bool(const redisReply&)> accept_reply,
    std::string* error) {
  int slot = 0;
  if (!AcquireSlot(&slot)) {
    // Every connection is busy for longer than a command may take: Redis is
    // too slow to help, which is a failure like any other.
    *error = "no free connection within the command timeout";
    return false;
  }
  auto release = absl::MakeCleanup([this, slot] { ReleaseSlot(slot); });

  ContextPtr& context = contexts_[slot];
  if (context != nullptr && !IdleConnectionIsUsable(*context)) {
    context.reset();
  }
  if (context == nullptr) {
    context = Connect(error);
    if (context == nullptr) return false;
  }

  ReplyPtr reply;
  {
    ScopedSigpipeBlock sigpipe_blocked;
    reply.reset(static_cast<redisReply*>(send(context.get())));
  }
  if (reply == nullptr) {
    // I/O error or timeout: hiredis cannot reuse the context.
    *error = absl::StrCat("redis I/O error: ", context->errstr);
    context.reset();
    return false;
  }
  if (reply->type == REDIS_REPLY_ERROR) {
    // The connection is fine; Redis refused the command (OOM, LOADING...).
    *error = absl::StrCat("redis error reply: ", ReplyText(*reply));
    return false;
  }
  if (!accept_reply(*reply)) {
    *error = absl::StrCat("unexpected redis reply of type ", reply->type);
    return false;
  }
  return true;
}

RedisCache::ContextPtr RedisCache::Connect(std::string* error) const {
  ContextPtr context(redisConnectWithTimeout(
      options_.host.c_str(), options_.port,
      absl::ToTimeval(options_.connect_timeout)));
  const std::string address = absl::StrCat(options_.host, ":", options_.port);
  if (context == nullptr) {
    *error = absl::StrCat("connect to ", address, ": out of memory");
    return nullptr;
  }
  if (context->err != 0) {
    *error = absl::StrCat("connect to ", address, ": ", context->errstr);
    return nullptr;
  }
  if (redisSetTimeout(context.get(),
                      absl::ToTimeval(options_.command_timeout)) != REDIS_OK) {
    *error = absl::StrCat("set command timeout on ", address, ": ",
                          context->errstr);
    return nullptr;
  }
  return context;
}

bool RedisCache::AcquireSlot(int* slot) {
  auto has_free_slot = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool_mu_) {
    return !free_slots_.empty();
  };
  absl::MutexLock lock(&pool_mu_);
  if (!pool_mu_.AwaitWithTimeout(absl::Condition(&has_free_slot),
                                 options_.command_timeout)) {
    return false;
  }
  *slot = free_slots_.back();
  free_slots_.pop_back();
  return true;
}

void RedisCache::ReleaseSlot(int slot) {
  absl::MutexLock lock(&pool_mu_);
  // Last in, first out: the warmest connection is reused first.
  free_slots_.push_back(slot);
}

}  // namespace scorecard
