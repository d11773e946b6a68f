#include "services/aggregator/version_watch.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/server/log.h"

namespace scorecard::aggregator {
namespace {

using common::v1::DataVersionAck;
using common::v1::DataVersionUpdate;
using SteadyClock = std::chrono::steady_clock;

constexpr absl::Duration kFirstBackoff = absl::Milliseconds(50);
constexpr absl::Duration kMaxBackoff = absl::Seconds(2);

}  // namespace

std::optional<int64_t> PushedVersions::Get(const std::string& authority) const {
  absl::MutexLock lock(&mu_);
  if (!up_ || SteadyClock::now() >= lease_until_) return std::nullopt;
  auto it = versions_.find(authority);
  return it == versions_.end() ? 0 : it->second;
}

void PushedVersions::StreamStarted() {
  absl::MutexLock lock(&mu_);
  up_ = false;
  versions_.clear();
  lease_until_ = SteadyTime::min();
  unconfirmed_acks_.clear();
}

void PushedVersions::Apply(const DataVersionUpdate& update) {
  absl::MutexLock lock(&mu_);
  if (update.kind() == common::v1::DATA_VERSION_UPDATE_KIND_SNAPSHOT) {
    versions_.clear();
    up_ = true;
  }
  for (const common::v1::DataVersion& v : update.versions()) {
    int64_t& held = versions_[v.authority()];
    held = std::max(held, v.version());  // concurrent ingests' updates may cross
  }
  // The service has received the ack `acked_sequence`, sent at a time recorded below.
  std::optional<SteadyTime> confirmed_sent;
  while (!unconfirmed_acks_.empty() &&
         unconfirmed_acks_.front().first <= update.acked_sequence()) {
    confirmed_sent = unconfirmed_acks_.front().second;
    unconfirmed_acks_.pop_front();
  }
  if (confirmed_sent.has_value()) {
    lease_until_ = std::max(lease_until_, *confirmed_sent + lease_);
  }
}

void PushedVersions::AckSent(int64_t sequence, SteadyTime sent) {
  absl::MutexLock lock(&mu_);
  unconfirmed_acks_.emplace_back(sequence, sent);
}

void PushedVersions::StreamEnded() {
  absl::MutexLock lock(&mu_);
  up_ = false;
}

// One WatchDataVersions call: applies each message, then acks it (acks are cumulative, so
// while one is being written only the newest waits).
class VersionWatch::Call final : public Reactor {
 public:
  explicit Call(PushedVersions* pushed) : pushed_(pushed) {}

  void Start(const Starter& start) {
    start(&context_, this);
    StartRead(&update_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows
    pushed_->Apply(update_);
    received_any_ = true;
    {
      absl::MutexLock lock(&mu_);
      if (writing_) {
        pending_ack_ = update_.sequence();
      } else {
        WriteAckLocked(update_.sequence());
      }
    }
    StartRead(&update_);
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (!ok || pending_ack_ == 0) return;
    const int64_t sequence = pending_ack_;
    pending_ack_ = 0;
    WriteAckLocked(sequence);
  }

  void OnDone(const grpc::Status& status) override {
    pushed_->StreamEnded();
    status_ = status;
    done_.Notify();
  }

  void Cancel() { context_.TryCancel(); }
  void WaitDone() { done_.WaitForNotification(); }
  bool received_any() const { return received_any_; }
  const grpc::Status& status() const { return status_; }

 private:
  void WriteAckLocked(int64_t sequence) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    writing_ = true;
    ack_.set_sequence(sequence);
    // Recorded before the write: the lease starts no later than the ack is really sent.
    pushed_->AckSent(sequence, SteadyClock::now());
    StartWrite(&ack_);
  }

  PushedVersions* const pushed_;
  grpc::ClientContext context_;
  DataVersionUpdate update_;  // read by one OnReadDone at a time
  std::atomic<bool> received_any_{false};
  absl::Mutex mu_;
  DataVersionAck ack_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  int64_t pending_ack_ ABSL_GUARDED_BY(mu_) = 0;
  grpc::Status status_;
  absl::Notification done_;
};

VersionWatch::VersionWatch(std::string name, Starter start, absl::Duration lease)
    : name_(std::move(name)), start_(std::move(start)), pushed_(lease) {
  thread_ = std::thread([this] { Run(); });
}

VersionWatch::~VersionWatch() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (current_ != nullptr) current_->Cancel();
    wake_.SignalAll();
  }
  thread_.join();
}

int64_t VersionWatch::streams_started() const {
  absl::MutexLock lock(&mu_);
  return streams_started_;
}

void VersionWatch::Run() {
  absl::Duration backoff = kFirstBackoff;
  while (true) {
    auto call = std::make_unique<Call>(&pushed_);
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
      current_ = call.get();
      ++streams_started_;
    }
    pushed_.StreamStarted();
    call->Start(start_);
    call->WaitDone();
    absl::MutexLock lock(&mu_);
    current_ = nullptr;
    if (stopping_) return;
    if (call->received_any()) {  // was up: logged once per outage, not per retry
      backoff = kFirstBackoff;
      LogWarning("aggregator", absl::StrCat(name_, ": version stream ended (",
                                            call->status().error_message(),
                                            "); polling versions until it is back"));
    } else {
      backoff = std::min(backoff * 2, kMaxBackoff);
    }
    wake_.WaitWithTimeout(&mu_, backoff);
    if (stopping_) return;
  }
}

}  // namespace scorecard::aggregator
