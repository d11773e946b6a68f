#include "common/service/version_watchers.h"

#include <algorithm>
#include <deque>
#include <utility>

namespace scorecard {
namespace {

using common::v1::DataVersionAck;
using common::v1::DataVersionUpdate;
using SteadyClock = std::chrono::steady_clock;

std::chrono::nanoseconds ToNanos(absl::Duration d) { return absl::ToChronoNanoseconds(d); }

// One WatchDataVersions stream: queues the registry's messages and writes them one at a
// time; hands acks to the registry. Never calls the registry with its own lock held.
class WatchReactor final : public grpc::ServerBidiReactor<DataVersionAck, DataVersionUpdate> {
 public:
  WatchReactor(VersionWatchers* registry, grpc::CallbackServerContext* context,
               const VersionWatchers::Snapshot& snapshot)
      : registry_(registry), context_(context) {
    id_ = registry_->Add(
        snapshot, [this](const DataVersionUpdate& update) { Enqueue(update); },
        [this] { End(grpc::Status(grpc::StatusCode::UNAVAILABLE, "version watcher dropped")); });
    StartRead(&ack_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the watcher closed its side or the stream broke
      registry_->Remove(id_);
      End(grpc::Status::OK);
      return;
    }
    registry_->Ack(id_, ack_.sequence());
    StartRead(&ack_);
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    if (ok && !finished_) StartNextWriteLocked();
  }

  void OnCancel() override {
    registry_->Remove(id_);
    End(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    registry_->Remove(id_);
    delete this;
  }

 private:
  void Enqueue(const DataVersionUpdate& update) {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    pending_.push_back(update);
    if (!writing_) StartNextWriteLocked();
  }

  void End(const grpc::Status& status) {
    absl::MutexLock lock(&mu_);
    if (finished_) return;
    finished_ = true;
    // A write stalled by flow control (a watcher not reading) would hold Finish back.
    if (writing_) context_->TryCancel();
    Finish(status);
  }

  void StartNextWriteLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (pending_.empty()) return;
    writing_ = true;
    current_ = std::move(pending_.front());
    pending_.pop_front();
    StartWrite(&current_);
  }

  VersionWatchers* const registry_;
  grpc::CallbackServerContext* const context_;
  int64_t id_ = 0;
  DataVersionAck ack_;
  absl::Mutex mu_;
  std::deque<DataVersionUpdate> pending_ ABSL_GUARDED_BY(mu_);
  DataVersionUpdate current_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

class RefusedReactor final : public grpc::ServerBidiReactor<DataVersionAck, DataVersionUpdate> {
 public:
  explicit RefusedReactor(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

VersionWatchers::VersionWatchers(VersionWatcherOptions options)
    : options_(options), created_(SteadyClock::now()) {}

VersionWatchers::~VersionWatchers() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    stop_heartbeats_.SignalAll();
  }
  if (heartbeats_.joinable()) heartbeats_.join();
}

grpc::ServerBidiReactor<DataVersionAck, DataVersionUpdate>* VersionWatchers::Watch(
    grpc::CallbackServerContext* context, const Snapshot& snapshot) {
  return new WatchReactor(this, context, snapshot);
}

int64_t VersionWatchers::Add(const Snapshot& snapshot, Send send, End end) {
  absl::MutexLock lock(&mu_);
  auto watcher = std::make_shared<Watcher>();
  watcher->id = next_id_++;
  watcher->send = std::move(send);
  watcher->end = std::move(end);
  watcher->added = SteadyClock::now();
  // Under the lock Publish takes: a commit is either in this snapshot or published after it.
  DataVersionUpdate first;
  first.set_kind(common::v1::DATA_VERSION_UPDATE_KIND_SNAPSHOT);
  for (const auto& [authority, version] : snapshot()) {
    common::v1::DataVersion* v = first.add_versions();
    v->set_authority(authority);
    v->set_version(version);
  }
  SendLocked(*watcher, std::move(first));
  live_.emplace(watcher->id, watcher);
  StartHeartbeatsLocked();
  return watcher->id;
}

void VersionWatchers::Ack(int64_t watcher, int64_t sequence) {
  absl::MutexLock lock(&mu_);
  auto it = live_.find(watcher);
  if (it == live_.end()) return;  // gone: its lease end is fixed
  Watcher& w = *it->second;
  if (sequence >= w.next_sequence) return;  // acks what was never sent: ignored
  w.acked = std::max(w.acked, sequence);
  w.ever_acked = true;
  w.last_ack_received = SteadyClock::now();
  acked_.SignalAll();
}

void VersionWatchers::Remove(int64_t watcher) {
  absl::MutexLock lock(&mu_);
  auto it = live_.find(watcher);
  if (it != live_.end()) RetireLocked(*it->second);
}

void VersionWatchers::Publish(
    const google::protobuf::RepeatedPtrField<common::v1::DataVersion>& versions) {
  struct Target {
    std::shared_ptr<Watcher> watcher;
    int64_t sequence;
  };
  SteadyTime wait_until;
  {
    absl::MutexLock lock(&mu_);
    DataVersionUpdate update;
    update.set_kind(common::v1::DATA_VERSION_UPDATE_KIND_UPDATE);
    *update.mutable_versions() = versions;
    std::vector<Target> targets;
    for (auto& [id, watcher] : live_) targets.push_back({watcher, SendLocked(*watcher, update)});
    // Streams already ended may still hold a lease.
    wait_until = RetiredLeaseEndLocked();
    const SteadyTime ack_deadline = SteadyClock::now() + ToNanos(options_.ack_timeout);
    auto settled = [&targets] {
      for (const Target& t : targets) {
        if (!t.watcher->gone && t.watcher->acked < t.sequence) return false;
      }
      return true;
    };
    while (!settled()) {
      const SteadyTime now = SteadyClock::now();
      if (now >= ack_deadline) break;
      acked_.WaitWithTimeout(&mu_, absl::FromChrono(ack_deadline - now));
    }
    for (const Target& t : targets) {
      Watcher& w = *t.watcher;
      if (w.acked >= t.sequence) continue;  // applied it
      if (!w.gone) {
        ++dropped_;
        w.end();
        RetireLocked(w);
      }
      if (w.ever_acked) {
        wait_until = std::max(wait_until, w.last_ack_received + ToNanos(options_.lease));
      }
    }
  }
  if (wait_until > SteadyClock::now()) std::this_thread::sleep_until(wait_until);
}

void VersionWatchers::EndAll() {
  absl::MutexLock lock(&mu_);
  std::vector<std::shared_ptr<Watcher>> all;
  for (auto& [id, watcher] : live_) all.push_back(watcher);
  for (const std::shared_ptr<Watcher>& watcher : all) {
    watcher->end();
    RetireLocked(*watcher);
  }
}

int64_t VersionWatchers::live_watchers() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int64_t>(live_.size());
}

int64_t VersionWatchers::dropped() const {
  absl::MutexLock lock(&mu_);
  return dropped_;
}

int64_t VersionWatchers::SendLocked(Watcher& watcher, DataVersionUpdate update) {
  const int64_t sequence = watcher.next_sequence++;
  update.set_sequence(sequence);
  update.set_acked_sequence(watcher.acked);
  watcher.send(update);
  return sequence;
}

void VersionWatchers::RetireLocked(Watcher& watcher) {
  watcher.gone = true;
  if (watcher.ever_acked) {
    retired_lease_ends_.push_back(watcher.last_ack_received + ToNanos(options_.lease));
  }
  live_.erase(watcher.id);
  acked_.SignalAll();
}

VersionWatchers::SteadyTime VersionWatchers::RetiredLeaseEndLocked() {
  const SteadyTime now = SteadyClock::now();
  retired_lease_ends_.erase(
      std::remove_if(retired_lease_ends_.begin(), retired_lease_ends_.end(),
                     [now](SteadyTime end) { return end <= now; }),
      retired_lease_ends_.end());
  SteadyTime latest = options_.wait_out_previous_leases ? created_ + ToNanos(options_.lease)
                                                        : SteadyTime::min();
  for (SteadyTime end : retired_lease_ends_) latest = std::max(latest, end);
  return latest;
}

void VersionWatchers::StartHeartbeatsLocked() {
  if (!heartbeats_.joinable()) heartbeats_ = std::thread([this] { HeartbeatLoop(); });
}

void VersionWatchers::HeartbeatLoop() {
  absl::MutexLock lock(&mu_);
  while (!stopping_) {
    stop_heartbeats_.WaitWithTimeout(&mu_, options_.heartbeat);
    if (stopping_) break;
    const SteadyTime now = SteadyClock::now();
    std::vector<std::shared_ptr<Watcher>> idle;
    for (auto& [id, watcher] : live_) {
      const SteadyTime heard = watcher->ever_acked ? watcher->last_ack_received : watcher->added;
      if (now - heard > ToNanos(options_.idle_drop)) {
        idle.push_back(watcher);
        continue;
      }
      DataVersionUpdate heartbeat;
      heartbeat.set_kind(common::v1::DATA_VERSION_UPDATE_KIND_HEARTBEAT);
      SendLocked(*watcher, std::move(heartbeat));
    }
    for (const std::shared_ptr<Watcher>& watcher : idle) {
      ++dropped_;
      watcher->end();
      RetireLocked(*watcher);
    }
    RetiredLeaseEndLocked();  // forgets leases that have run out
  }
}

grpc::ServerBidiReactor<DataVersionAck, DataVersionUpdate>* RefusedVersionWatch(
    const grpc::Status& status) {
  return new RefusedReactor(status);
}

}  // namespace scorecard
