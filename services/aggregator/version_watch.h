// The aggregator's end of WatchDataVersions (common/service/version_watchers.h): one stream
// per domain service, reconnected with backoff, whose pushed versions a read may use
// instead of a GetDataVersion call while the lease holds.
//
//   VersionWatch watch("placement", [stub](grpc::ClientContext* context, auto* reactor) {
//     stub->async()->WatchDataVersions(context, reactor);
//   });
//   std::optional<int64_t> v = watch.Get("869");  // nullopt: poll GetDataVersion instead
//
// Exactness: an update is applied before it is acked, and versions are trusted only until
// (when the aggregator sent an ack the service has confirmed receiving) + lease. The
// service acknowledges a write only after its update was acked, or after the time of the
// last ack it received + the same lease; so a read arriving after a write's acknowledgement
// finds the write's version here, or finds the lease run out and polls.
#ifndef SCORECARD_SERVICES_AGGREGATOR_VERSION_WATCH_H_
#define SCORECARD_SERVICES_AGGREGATOR_VERSION_WATCH_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/client_callback.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard::aggregator {

// What one service pushed on the current stream and how long it may be trusted.
// Thread-safe.
class PushedVersions {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  explicit PushedVersions(absl::Duration lease) : lease_(absl::ToChronoNanoseconds(lease)) {}

  // For a read arriving now: the authority's pushed version (0 if the service holds none
  // for it) while a stream is up with its snapshot and the lease holds; else nullopt.
  std::optional<int64_t> Get(const std::string& authority) const;

  // A new stream: nothing is trusted until its snapshot and a confirmed ack.
  void StreamStarted();
  // Applies a message's versions (a snapshot replaces, an update raises) and the lease its
  // acked_sequence confirms. Call before acking the message.
  void Apply(const common::v1::DataVersionUpdate& update);
  // An ack was handed to gRPC at `sent`: the lease it may grant starts then.
  void AckSent(int64_t sequence, SteadyTime sent);
  void StreamEnded();

 private:
  const std::chrono::nanoseconds lease_;
  mutable absl::Mutex mu_;
  bool up_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<std::string, int64_t> versions_ ABSL_GUARDED_BY(mu_);
  SteadyTime lease_until_ ABSL_GUARDED_BY(mu_) = SteadyTime::min();
  // Acks sent and not yet confirmed, oldest first.
  std::deque<std::pair<int64_t, SteadyTime>> unconfirmed_acks_ ABSL_GUARDED_BY(mu_);
};

class VersionWatch {
 public:
  using Reactor =
      grpc::ClientBidiReactor<common::v1::DataVersionAck, common::v1::DataVersionUpdate>;
  // Starts one WatchDataVersions call on `reactor` (the stub's async() method).
  using Starter = std::function<void(grpc::ClientContext*, Reactor*)>;

  // Starts watching at once, on a thread of its own.
  VersionWatch(std::string name, Starter start, absl::Duration lease);
  VersionWatch(const VersionWatch&) = delete;
  VersionWatch& operator=(const VersionWatch&) = delete;
  // Cancels the stream and stops reconnecting.
  ~VersionWatch();

  std::optional<int64_t> Get(const std::string& authority) const { return pushed_.Get(authority); }
  // Streams started since construction (reconnections included).
  int64_t streams_started() const;

 private:
  class Call;
  void Run();

  const std::string name_;
  const Starter start_;
  PushedVersions pushed_;
  mutable absl::Mutex mu_;
  absl::CondVar wake_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Call* current_ ABSL_GUARDED_BY(mu_) = nullptr;
  int64_t streams_started_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;
};

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_VERSION_WATCH_H_
