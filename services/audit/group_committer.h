// Group commit for the audit log: AppendEvents calls arriving together are
// stored in one SQLite transaction, so one fsync acknowledges them all and
// appends keep up with load instead of queueing behind one fsync each.
//
//   GroupCommitter committer(store.get(), GroupCommitOptions());
//   committer.Submit(&request, [reactor, response](
//                                  absl::StatusOr<v1::AppendEventsResponse> result) {
//     if (result.ok()) *response = *std::move(result);
//     reactor->Finish(ToGrpcStatus(result.status()));
//   });
//   // Or, blocking: absl::StatusOr<v1::AppendEventsResponse> r = committer.Append(request);
//
// One committer thread takes the oldest pending request, then keeps
// collecting for up to `max_delay` after that request arrived, or until
// `max_events` events are pending, and commits everything it took with
// AuditStore::AppendGroup. Each caller's `done` runs only after that
// transaction committed (or failed): an acknowledgement always means durable.
// A lone caller waits at most `max_delay` longer than it would alone; under
// load, the calls that arrive during one fsync share the next.
//
// Order: requests are committed in the order Submit was called, and a
// request's events keep their order.
//
// Destruction commits whatever was submitted, runs every `done`, and joins
// the thread. Submit after destruction began fails with UNAVAILABLE.
//
// Thread-safe. `done` runs on the committer thread (or inline in Submit when
// refused), so it must not block: finishing a gRPC reactor is fine.
#ifndef SCORECARD_SERVICES_AUDIT_GROUP_COMMITTER_H_
#define SCORECARD_SERVICES_AUDIT_GROUP_COMMITTER_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "scorecard/audit/v1/audit_service.pb.h"
#include "services/audit/audit_store.h"

namespace scorecard::audit {

struct GroupCommitOptions {
  // How long the oldest pending request may wait for company.
  absl::Duration max_delay = absl::Milliseconds(2);
  // A group is committed as soon as this many events are pending. A single
  // request larger than this is a group of its own.
  int max_events = 5000;
  // Called on the committer thread after each group that stored events, with
  // the head after it and how many events it stored (e.g. to trigger a
  // checkpoint). Must not block for long.
  std::function<void(const ChainHead& head, int64_t stored)> on_commit;
};

class GroupCommitter {
 public:
  using Done = absl::AnyInvocable<void(absl::StatusOr<v1::AppendEventsResponse>)>;

  // `store` is not owned and must outlive this object. Starts the thread.
  GroupCommitter(AuditStore* store, GroupCommitOptions options);
  // Commits what is pending, answers every caller, joins the thread.
  ~GroupCommitter();

  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Queues `request` (which must stay valid until `done` runs) for the next
  // group; `done` gets what AuditStore::Append would have returned.
  void Submit(const v1::AppendEventsRequest* request, Done done);

  // Submit, then wait for the answer.
  [[nodiscard]] absl::StatusOr<v1::AppendEventsResponse> Append(
      const v1::AppendEventsRequest& request);

  // Requests answered and groups committed so far (for tests and metrics).
  struct Stats {
    int64_t requests = 0;
    int64_t groups = 0;
  };
  Stats stats() const;

 private:
  struct Pending {
    const v1::AppendEventsRequest* request;
    Done done;
    absl::Time arrived;
  };

  void Run();
  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool GroupFullOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  AuditStore* const store_;
  const GroupCommitOptions options_;

  mutable absl::Mutex mu_;
  std::deque<Pending> pending_ ABSL_GUARDED_BY(mu_);
  int64_t pending_events_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);

  std::thread thread_;  // Last: starts once everything above is initialised.
};

}  // namespace scorecard::audit

#endif  // SCORECARD_SERVICES_AUDIT_GROUP_COMMITTER_H_
