#include "services/audit/group_committer.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"

namespace scorecard::audit {

GroupCommitter::GroupCommitter(AuditStore* store, GroupCommitOptions options)
    : store_(store), options_(std::move(options)), thread_([this] { Run(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void GroupCommitter::Submit(const v1::AppendEventsRequest* request, Done done) {
  {
    absl::MutexLock lock(&mu_);
    if (!stopping_) {
      pending_.push_back(Pending{request, std::move(done), absl::Now()});
      pending_events_ += request->events_size();
      return;
    }
  }
  // Outside the lock: `done` may do anything that does not block.
  done(absl::UnavailableError("audit log: shutting down"));
}

absl::StatusOr<v1::AppendEventsResponse> GroupCommitter::Append(
    const v1::AppendEventsRequest& request) {
  absl::Notification answered;
  absl::StatusOr<v1::AppendEventsResponse> result;
  Submit(&request, [&](absl::StatusOr<v1::AppendEventsResponse> r) {
    result = std::move(r);
    answered.Notify();
  });
  answered.WaitForNotification();
  return result;
}

bool GroupCommitter::HasWorkOrStopping() const { return !pending_.empty() || stopping_; }

bool GroupCommitter::GroupFullOrStopping() const {
  return stopping_ || pending_events_ >= options_.max_events;
}

GroupCommitter::Stats GroupCommitter::stats() const {
  absl::MutexLock lock(&mu_);
  return stats_;
}

void GroupCommitter::Run() {
  const int max_events = std::max(1, options_.max_events);
  while (true) {
    std::vector<Pending> group;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &GroupCommitter::HasWorkOrStopping));
      if (pending_.empty()) return;  // Stopping, and nothing left to answer.
      // Wait for company, bounded by the oldest request's deadline; when
      // stopping, commit at once.
      mu_.AwaitWithDeadline(absl::Condition(this, &GroupCommitter::GroupFullOrStopping),
                            pending_.front().arrived + options_.max_delay);
      // Take requests up to max_events (at least one, however large).
      int64_t taken_events = 0;
      while (!pending_.empty()) {
        const int size = pending_.front().request->events_size();
        if (!group.empty() && taken_events + size > max_events) break;
        taken_events += size;
        group.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
      pending_events_ -= taken_events;
    }

    std::vector<const v1::AppendEventsRequest*> requests;
    requests.reserve(group.size());
    for (const Pending& pending : group) requests.push_back(pending.request);
    std::vector<absl::StatusOr<v1::AppendEventsResponse>> results = store_->AppendGroup(requests);

    int64_t stored = 0;
    for (const absl::StatusOr<v1::AppendEventsResponse>& result : results) {
      if (result.ok()) stored += result->stored();
    }
    {
      absl::MutexLock lock(&mu_);
      stats_.requests += static_cast<int64_t>(group.size());
      ++stats_.groups;
    }
    // Before answering, so that a caller who sees its ack can already see
    // any checkpoint trigger it caused.
    if (stored > 0 && options_.on_commit) options_.on_commit(store_->Head(), stored);
    for (size_t i = 0; i < group.size(); ++i) group[i].done(std::move(results[i]));
  }
}

}  // namespace scorecard::audit
