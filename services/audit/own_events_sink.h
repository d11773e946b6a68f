// The audit service's own events — the calls it refuses — written straight into its own
// log, not through an outbox to itself: an outbox forwarding to the same process would
// only add a second copy of the event that could be lost or delayed.
//
//   OwnEventsSink own_events(store.get(), checkpointer.get());
//   auto authorizer = AuthorizerFromFlags(server, DenialRecorder("audit", &own_events));
//
// RecordEvents returns once the events are durable in the log (AuditStore::Append fsyncs),
// so a denial is on the record before the caller is answered. Events carry emitter
// "audit" (kOwnEmitter); no other caller may append under that name (see
// AuditServiceImpl::AppendEvents). Thread-safe.
#ifndef SCORECARD_SERVICES_AUDIT_OWN_EVENTS_SINK_H_
#define SCORECARD_SERVICES_AUDIT_OWN_EVENTS_SINK_H_

#include <vector>

#include "absl/status/status.h"
#include "common/audit/audit_sink.h"
#include "services/audit/audit_store.h"
#include "services/audit/checkpointer.h"

namespace scorecard::audit {

// The emitter name of events the audit service records about itself.
inline constexpr char kOwnEmitter[] = "audit";

class OwnEventsSink final : public AuditSink {
 public:
  // Neither is owned; both must outlive the sink. `checkpointer` may be null; when set it
  // counts these events towards its next checkpoint, as the group committer's are.
  OwnEventsSink(AuditStore* store, Checkpointer* checkpointer)
      : store_(store), checkpointer_(checkpointer) {}

  [[nodiscard]] absl::Status RecordEvents(std::vector<v1::AuditEvent> events) override;

 private:
  AuditStore* const store_;
  Checkpointer* const checkpointer_;
};

}  // namespace scorecard::audit

#endif  // SCORECARD_SERVICES_AUDIT_OWN_EVENTS_SINK_H_
