// An AuditSink that keeps events in memory, for unit tests of services: the
// same preparation and validation as the outbox, no files, no network.
//
//   audit::InMemoryAuditSink audit("safeguarding");
//   DomainService<SafeguardingTraits> service(store.get(), &executor, &calendars, &audit);
//   ... call the service ...
//   ASSERT_EQ(audit.events().size(), 1u);
//   EXPECT_EQ(audit.events()[0].action(), audit::kActionDrillDown);
//   audit.FailWith(absl::UnavailableError("disk full"));  // Now every record fails.
#ifndef SCORECARD_COMMON_AUDIT_IN_MEMORY_AUDIT_SINK_H_
#define SCORECARD_COMMON_AUDIT_IN_MEMORY_AUDIT_SINK_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/audit/audit_sink.h"
#include "common/status/status_macros.h"

namespace scorecard::audit {

class InMemoryAuditSink final : public AuditSink {
 public:
  explicit InMemoryAuditSink(std::string emitter) : emitter_(std::move(emitter)) {}

  absl::Status RecordEvents(std::vector<v1::AuditEvent> events) override {
    for (v1::AuditEvent& event : events) {
      SCORECARD_RETURN_IF_ERROR(PrepareForRecording(emitter_, absl::Now(), &event));
    }
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    for (v1::AuditEvent& event : events) events_.push_back(std::move(event));
    return absl::OkStatus();
  }

  // Every event recorded so far, in order.
  std::vector<v1::AuditEvent> events() const {
    absl::MutexLock lock(&mu_);
    return events_;
  }

  // From now on every record fails with `status` (OK restores recording), so
  // a test can check that a service refuses to act unaudited.
  void FailWith(absl::Status status) {
    absl::MutexLock lock(&mu_);
    failure_ = std::move(status);
  }

  void Clear() {
    absl::MutexLock lock(&mu_);
    events_.clear();
  }

 private:
  const std::string emitter_;
  mutable absl::Mutex mu_;
  std::vector<v1::AuditEvent> events_ ABSL_GUARDED_BY(mu_);
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
};

}  // namespace scorecard::audit

#endif  // SCORECARD_COMMON_AUDIT_IN_MEMORY_AUDIT_SINK_H_
