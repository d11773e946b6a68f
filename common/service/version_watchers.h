// Pushes a domain service's data versions to its watchers (the aggregator) under a lease,
// so a cached read needs no GetDataVersion call and still reflects every acknowledged write.
//
//   VersionWatchers watchers(VersionWatcherOptions{});
//   // WatchDataVersions: a snapshot of every authority's version, then updates.
//   return watchers.Watch(context, [store] { return store->DataVersions(); });
//   // After an ingest commits, before it is acknowledged:
//   watchers.Publish(response.data_versions());
//
// The protocol (protos/scorecard/common/v1/common.proto, DataVersionUpdate):
//   - each watcher's messages are numbered 1, 2, 3, ...; the first is a snapshot of every
//     authority's version, taken under the same lock as Publish, so a commit racing with the
//     registration is either in the snapshot or sent as an update after it;
//   - Publish sends the new versions to every live watcher and returns once each has acked
//     them. One silent for `ack_timeout` is dropped (its stream cancelled) and Publish then
//     waits until (when its last ack was received) + `lease`;
//   - a heartbeat goes to every watcher each `heartbeat`; every message carries the highest
//     ack sequence received so far, and the watcher trusts its versions only until (when it
//     sent that ack) + lease. That instant is never later than the one Publish waits for, so
//     an acknowledged write was either applied by the watcher or its lease had run out
//     (monotonic clocks; on one host exact, across hosts it assumes their rates agree).
//   - a stream that ends for any reason stays "retired" until its lease has run out, and
//     Publish waits for those too;
//   - with `wait_out_previous_leases` (a real process), Publish also waits until `lease`
//     after construction: a previous process of the same service may have granted leases.
//
// Thread-safe. Publish blocks (at most ack_timeout + lease): call it on an executor thread.
#ifndef SCORECARD_COMMON_SERVICE_VERSION_WATCHERS_H_
#define SCORECARD_COMMON_SERVICE_VERSION_WATCHERS_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard {

// Shared by the services and the aggregator: the aggregator's lease must not outlast the
// one a service waits out.
inline constexpr absl::Duration kVersionAckTimeout = absl::Milliseconds(200);
inline constexpr absl::Duration kVersionLease = absl::Milliseconds(500);
inline constexpr absl::Duration kVersionHeartbeat = absl::Milliseconds(100);

struct VersionWatcherOptions {
  absl::Duration ack_timeout = kVersionAckTimeout;
  // Longer than ack_timeout, so a watcher that acks late is still inside its lease.
  absl::Duration lease = kVersionLease;
  absl::Duration heartbeat = kVersionHeartbeat;
  // A watcher that has not acked anything for this long is dropped even with no publish
  // waiting (its stream would otherwise queue heartbeats forever).
  absl::Duration idle_drop = absl::Seconds(5);
  // See the file comment: set in a service's main, not in tests.
  bool wait_out_previous_leases = false;
};

class VersionWatchers {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  // Sends one message on a watcher's stream. Called with the registry's lock held: it must
  // only queue the message, never call back into the registry.
  using Send = std::function<void(const common::v1::DataVersionUpdate&)>;
  // Ends a watcher's stream (dropped or shutting down); same rules as Send.
  using End = std::function<void()>;
  using Snapshot = std::function<absl::flat_hash_map<std::string, int64_t>()>;

  explicit VersionWatchers(VersionWatcherOptions options);
  VersionWatchers(const VersionWatchers&) = delete;
  VersionWatchers& operator=(const VersionWatchers&) = delete;
  // Ends every stream; the gRPC server must have finished them (OnDone) before this.
  ~VersionWatchers();

  // The reactor for one WatchDataVersions call.
  grpc::ServerBidiReactor<common::v1::DataVersionAck, common::v1::DataVersionUpdate>* Watch(
      grpc::CallbackServerContext* context, const Snapshot& snapshot);

  // The registry without gRPC (the reactor uses these; so do tests). Add sends the snapshot
  // (sequence 1) before returning and returns the watcher's id.
  int64_t Add(const Snapshot& snapshot, Send send, End end);
  void Ack(int64_t watcher, int64_t sequence);
  // The watcher's stream ended: nothing more is sent to it; its lease is waited out.
  void Remove(int64_t watcher);
  // See the file comment.
  void Publish(const google::protobuf::RepeatedPtrField<common::v1::DataVersion>& versions);
  // Ends every stream (server shutdown).
  void EndAll();

  int64_t live_watchers() const;
  // Watchers dropped for not acking in time, since construction.
  int64_t dropped() const;

 private:
  struct Watcher {
    int64_t id = 0;
    Send send;
    End end;
    int64_t next_sequence = 1;
    int64_t acked = 0;
    bool ever_acked = false;
    SteadyTime last_ack_received;
    SteadyTime added;
    // Dropped or its stream ended: nothing is sent, acks are ignored.
    bool gone = false;
  };

  // Sends `update` to `watcher`, numbering it; returns its sequence.
  int64_t SendLocked(Watcher& watcher, common::v1::DataVersionUpdate update)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Marks `watcher` gone and keeps its lease's end until it has passed.
  void RetireLocked(Watcher& watcher) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The latest lease end among retired watchers (and the previous process).
  SteadyTime RetiredLeaseEndLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void HeartbeatLoop();
  void StartHeartbeatsLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const VersionWatcherOptions options_;
  const SteadyTime created_;

  mutable absl::Mutex mu_;
  absl::CondVar acked_;  // an ack arrived or a watcher went
  absl::CondVar stop_heartbeats_;
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  absl::flat_hash_map<int64_t, std::shared_ptr<Watcher>> live_ ABSL_GUARDED_BY(mu_);
  std::vector<SteadyTime> retired_lease_ends_ ABSL_GUARDED_BY(mu_);
  int64_t dropped_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Started with the first watcher: a service nobody watches runs no thread.
  std::thread heartbeats_;
};

// A WatchDataVersions call refused before it starts (e.g. not authorized).
grpc::ServerBidiReactor<common::v1::DataVersionAck, common::v1::DataVersionUpdate>*
RefusedVersionWatch(const grpc::Status& status);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVICE_VERSION_WATCHERS_H_
