#include "services/audit/own_events_sink.h"

#include <utility>

#include "absl/time/clock.h"
#include "common/status/status_macros.h"

namespace scorecard::audit {

absl::Status OwnEventsSink::RecordEvents(std::vector<v1::AuditEvent> events) {
  v1::AppendEventsRequest request;
  const absl::Time now = absl::Now();
  for (v1::AuditEvent& event : events) {
    SCORECARD_RETURN_IF_ERROR(PrepareForRecording(kOwnEmitter, now, &event));
    *request.add_events() = std::move(event);
  }
  if (request.events().empty()) return absl::OkStatus();
  SCORECARD_ASSIGN_OR_RETURN(v1::AppendEventsResponse stored, store_->Append(request));
  if (checkpointer_ != nullptr) checkpointer_->OnAppended(stored.stored());
  return absl::OkStatus();
}

}  // namespace scorecard::audit
