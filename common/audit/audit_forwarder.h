// Sends what an AuditOutbox holds to the audit service, in batches, in the
// background; removes each batch from the outbox only after the service
// acknowledged it (acknowledged means durable in the log).
//
//   AuditForwarder forwarder(outbox.get(), client.get(), AuditForwarderOptions());
//   outbox->SetRecordListener([&forwarder] { forwarder.Wake(); });
//   forwarder.Start();
//   ...
//   outbox->SetRecordListener(nullptr);
//   forwarder.Stop();  // Prompt; whatever is pending stays in the outbox for next time.
//
// Failures: while the audit service is down (or answers anything but OK or
// INVALID_ARGUMENT) the batch stays pending and is retried after a capped,
// jittered exponential backoff. A batch refused as INVALID_ARGUMENT is
// re-sent one event at a time, and an event refused on its own is
// quarantined in the outbox (kept for an operator, logged by id), so one bad
// event cannot stall the rest.
//
// Exactly once: a batch whose acknowledgement was lost (timeout, crash after
// the send) is sent again; the audit store keys events by (emitter,
// emitter_event_id), so the second copy adds nothing to the chain.
//
// Sleeps are bounded and interrupted by Stop; a call in flight is cancelled
// (and is bounded by rpc_timeout in any case).
//
// Thread-safe.
#ifndef SCORECARD_COMMON_AUDIT_AUDIT_FORWARDER_H_
#define SCORECARD_COMMON_AUDIT_AUDIT_FORWARDER_H_

#include <cstdint>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/audit/audit_client.h"
#include "common/audit/audit_outbox.h"

namespace scorecard::audit {

struct AuditForwarderOptions {
  // A batch holds at most this many events and (beyond its first event)
  // this many serialized bytes, well under gRPC's 4 MiB message limit.
  int max_batch_events = 500;
  int64_t max_batch_bytes = 1 << 20;
  // Deadline of one AppendEvents call.
  absl::Duration rpc_timeout = absl::Seconds(10);
  // Backoff after a failure: doubles from initial to max, each sleep drawn
  // uniformly from [d/2, d] so restarting emitters do not retry in step.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(30);
  // How often an idle forwarder looks at the outbox without being woken
  // (events recorded by another process sharing the file, missed wakes).
  absl::Duration idle_poll = absl::Seconds(1);
};

class AuditForwarder {
 public:
  struct Stats {
    int64_t delivered = 0;     // Events acknowledged by the audit service.
    int64_t batches_sent = 0;  // AppendEvents calls that succeeded.
    int64_t failed_calls = 0;  // AppendEvents calls that failed.
    int64_t quarantined = 0;   // Events refused as invalid and set aside.
    absl::Status last_error;   // Of the most recent failed call or outbox access.
  };

  // Neither is owned; both must outlive this object.
  AuditForwarder(AuditOutbox* outbox, AuditClient* client, AuditForwarderOptions options);
  // Stop().
  ~AuditForwarder();

  AuditForwarder(const AuditForwarder&) = delete;
  AuditForwarder& operator=(const AuditForwarder&) = delete;

  // Starts the background thread. Call once.
  void Start();
  // Stops the thread promptly and joins it. Pending events stay in the outbox.
  void Stop();
  // Events were recorded: look at the outbox now rather than at the next poll.
  void Wake();

  // One synchronous pass, on the caller's thread: sends batches until the
  // outbox is empty, returning how many events were delivered, or the first
  // error (events not yet delivered stay pending). Serialized with the
  // background thread, which may also be running.
  [[nodiscard]] absl::StatusOr<int64_t> ForwardPending();

  Stats stats() const;

 private:
  void Run();
  bool WokenOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Sends the oldest batch; how many events left the outbox (0: empty).
  absl::StatusOr<int64_t> SendOneBatch() ABSL_EXCLUSIVE_LOCKS_REQUIRED(send_mu_);
  // Sends events one by one after their batch was refused as invalid.
  absl::StatusOr<int64_t> SendSingly(const std::vector<OutboxEntry>& entries)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(send_mu_);
  void NoteFailure(const absl::Status& status);
  // Sleeps up to `duration`; false if Stop interrupted it.
  bool SleepUnlessStopped(absl::Duration duration);

  AuditOutbox* const outbox_;
  AuditClient* const client_;
  const AuditForwarderOptions options_;

  // One sender at a time (thread or ForwardPending): two would send the same
  // batch twice, harmless but wasteful.
  absl::Mutex send_mu_ ABSL_ACQUIRED_BEFORE(mu_);

  mutable absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool woken_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
  absl::BitGen jitter_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace scorecard::audit

#endif  // SCORECARD_COMMON_AUDIT_AUDIT_FORWARDER_H_
