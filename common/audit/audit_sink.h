// The emitting side of the audit log: what every service calls to record who
// did what, before it acts on or answers the call.
//
//   // In a service, after authorization and the work, before replying:
//   absl::Status audited = audit_sink->RecordCall(
//       audit::CallerInfo{caller.principal, caller.role},
//       "/scorecard.safeguarding.v1.SafeguardingService/GetMeasures", audit::kActionDrillDown,
//       request.authority(), audit::AuditSubjects{.child_ids = listed_child_ids},
//       audit::AuditOutcomeFor(result.status()), audit::AuditDetailFor(result.status()));
//   if (!audited.ok()) return audited;  // No unaudited child-level data leaves the service.
//
// An AuditSink records durably or fails: OK means the event will reach the
// audit log even if this process is killed the next instant (AuditOutbox) —
// or, in unit tests, that it was kept in memory (InMemoryAuditSink).
//
// Events carry ids only. RecordCall refuses (INVALID_ARGUMENT) an id that is
// empty, longer than 128 characters or holds whitespace or control
// characters, and a detail that is not short and machine-readable
// (kMaxDetailLength characters of [A-Za-z0-9 _.:=,/+-]). That cannot prove a
// string holds no personal data, but it keeps prose and most names out (ids
// cannot hold spaces; detail cannot hold quotes, apostrophes or brackets).
// Callers pass child, worker, measure and scorecard ids, and a status code
// or a count as detail — never a name, a date of birth or record text.
//
// A call naming more than kMaxSubjectsPerEvent subjects (a large drill-down)
// is recorded as several events, atomically, each with a share of the ids
// and the detail suffixed " part=<i>/<n>".
#ifndef SCORECARD_COMMON_AUDIT_AUDIT_SINK_H_
#define SCORECARD_COMMON_AUDIT_AUDIT_SINK_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "scorecard/audit/v1/audit_service.pb.h"

namespace scorecard::audit {

// Who called. Plain strings, so the identity layer converts into it freely:
// principal is the certificate CN or token name; role the role the call was
// authorized under (several roles: comma-joined).
struct CallerInfo {
  std::string principal;
  std::string role;
};

// What the call touched, by id only.
struct AuditSubjects {
  std::vector<std::string> child_ids;
  std::vector<std::string> worker_ids;
  std::vector<std::string> measure_ids;
  std::string scorecard_id;
};

enum class AuditOutcome {
  kOk,
  // Refused by authentication or authorization.
  kDenied,
  // Failed for another reason (invalid input, unavailable, ...).
  kFailed,
};

// Well-known actions, so every service spells them alike.
inline constexpr char kActionIngest[] = "ingest";
inline constexpr char kActionReadMeasures[] = "read-measures";
inline constexpr char kActionDrillDown[] = "drill-down";
inline constexpr char kActionPublish[] = "publish";
inline constexpr char kActionReadScorecard[] = "read-scorecard";
// A read of the audit log itself (it names children and workers).
inline constexpr char kActionReadAudit[] = "read-audit";

inline constexpr int kMaxSubjectsPerEvent = 5000;
inline constexpr int kMaxIdLength = 128;
inline constexpr int kMaxDetailLength = 200;

// kOk for OK; kDenied for PERMISSION_DENIED and UNAUTHENTICATED; else kFailed.
AuditOutcome AuditOutcomeFor(const absl::Status& status);
// The canonical code's name ("OK", "INVALID_ARGUMENT"): never the message,
// which may quote input.
std::string AuditDetailFor(const absl::Status& status);

// The event(s) RecordCall records (more than one only past
// kMaxSubjectsPerEvent subjects), validated as the file comment says.
// emitter, emitter_event_id and occurred_at are left for the sink to fill.
[[nodiscard]] absl::StatusOr<std::vector<v1::AuditEvent>> MakeCallEvents(
    const CallerInfo& who, absl::string_view rpc, absl::string_view action,
    absl::string_view authority, const AuditSubjects& subjects, AuditOutcome outcome,
    absl::string_view detail);

// Readies `event` to be recorded by `emitter` at `now`: sets emitter (an
// event naming another emitter is refused), a fresh emitter_event_id unless
// one is set (a caller that re-records with the same id is idempotent),
// occurred_at unless set, and clears what the log assigns. Then checks what
// the audit service will check (emitter, id and action present, a
// three-digit authority, valid times) and the ids-only rules, so an event
// that would be refused later is refused now, to the caller.
[[nodiscard]] absl::Status PrepareForRecording(absl::string_view emitter, absl::Time now,
                                               v1::AuditEvent* event);

// "<emitter>-<32 random hex digits>" from the kernel's CSPRNG (fork-safe).
[[nodiscard]] absl::StatusOr<std::string> NewEmitterEventId(absl::string_view emitter);

class AuditSink {
 public:
  virtual ~AuditSink() = default;

  // Records `events` durably and atomically (all or none) before returning
  // OK, each prepared with PrepareForRecording. Thread-safe.
  [[nodiscard]] virtual absl::Status RecordEvents(std::vector<v1::AuditEvent> events) = 0;

  [[nodiscard]] absl::Status Record(v1::AuditEvent event);

  // The hook every service calls: one call, one audit record (see the file
  // comment). `detail` is machine-readable: AuditDetailFor(status), a count.
  [[nodiscard]] absl::Status RecordCall(const CallerInfo& who, absl::string_view rpc,
                                        absl::string_view action, absl::string_view authority,
                                        const AuditSubjects& subjects, AuditOutcome outcome,
                                        absl::string_view detail);
};

}  // namespace scorecard::audit

#endif  // SCORECARD_COMMON_AUDIT_AUDIT_SINK_H_
