#include "common/audit/audit_sink.h"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
#include "common/status/status_macros.h"

namespace scorecard::audit {
namespace {

// Longest actor, role, action or rpc accepted; they are identities and names
// of methods, never prose.
constexpr size_t kMaxNameLength = 256;

// google.protobuf.Timestamp's valid range, as the audit service checks it.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

bool IsValidTimestamp(const google::protobuf::Timestamp& t) {
  return t.seconds() >= kMinTimestampSeconds && t.seconds() <= kMaxTimestampSeconds &&
         t.nanos() >= 0 && t.nanos() <= 999999999;
}

bool HasWhitespaceOrControl(absl::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return absl::ascii_isspace(u) || absl::ascii_iscntrl(u);
  });
}

bool HasControl(absl::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return absl::ascii_iscntrl(static_cast<unsigned char>(c)); });
}

bool IsDetailCharacter(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view(" _.:=,/+-").find(c) != absl::string_view::npos;
}

absl::Status CheckId(absl::string_view field, int index, absl::string_view id) {
  const std::string name = absl::StrCat(field, "[", index, "]");
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat("audit: ", name, ": empty id"));
  if (id.size() > static_cast<size_t>(kMaxIdLength)) {
    return absl::InvalidArgumentError(
        absl::StrCat("audit: ", name, ": longer than ", kMaxIdLength, " characters"));
  }
  if (HasWhitespaceOrControl(id)) {
    // Not quoted back: whatever it is, it is not an id and may be personal data.
    return absl::InvalidArgumentError(
        absl::StrCat("audit: ", name, ": holds whitespace or control characters; ids only"));
  }
  return absl::OkStatus();
}

absl::Status CheckName(absl::string_view field, absl::string_view value) {
  if (value.size() > kMaxNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("audit: ", field, ": longer than ", kMaxNameLength, " characters"));
  }
  if (HasControl(value)) {
    return absl::InvalidArgumentError(absl::StrCat("audit: ", field, ": control characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckEvent(const v1::AuditEvent& event) {
  if (event.emitter().empty()) return absl::InvalidArgumentError("audit: emitter: required");
  if (event.action().empty()) return absl::InvalidArgumentError("audit: action: required");
  if (!event.authority().empty()) {
    SCORECARD_RETURN_IF_ERROR(ValidateAuthorityCode("audit: authority", event.authority()));
  }
  if (event.has_occurred_at() && !IsValidTimestamp(event.occurred_at())) {
    return absl::InvalidArgumentError("audit: occurred_at: not a valid timestamp");
  }
  SCORECARD_RETURN_IF_ERROR(CheckId("emitter_event_id", 0, event.emitter_event_id()));
  SCORECARD_RETURN_IF_ERROR(CheckName("emitter", event.emitter()));
  SCORECARD_RETURN_IF_ERROR(CheckName("actor", event.actor()));
  SCORECARD_RETURN_IF_ERROR(CheckName("role", event.role()));
  SCORECARD_RETURN_IF_ERROR(CheckName("action", event.action()));
  SCORECARD_RETURN_IF_ERROR(CheckName("rpc", event.rpc()));
  const struct {
    const char* field;
    const google::protobuf::RepeatedPtrField<std::string>& ids;
  } lists[] = {{"child_ids", event.child_ids()},
               {"worker_ids", event.worker_ids()},
               {"measure_ids", event.measure_ids()}};
  for (const auto& list : lists) {
    for (int i = 0; i < list.ids.size(); ++i) {
      SCORECARD_RETURN_IF_ERROR(CheckId(list.field, i, list.ids.Get(i)));
    }
  }
  if (!event.scorecard_id().empty()) {
    SCORECARD_RETURN_IF_ERROR(CheckId("scorecard_id", 0, event.scorecard_id()));
  }
  if (event.detail().size() > static_cast<size_t>(kMaxDetailLength) ||
      !std::all_of(event.detail().begin(), event.detail().end(), IsDetailCharacter)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "audit: detail: must be at most ", kMaxDetailLength,
        " characters of [A-Za-z0-9 _.:=,/+-] (a status code or a count, never free text)"));
  }
  return absl::OkStatus();
}

v1::Outcome ToProto(AuditOutcome outcome) {
  switch (outcome) {
    case AuditOutcome::kOk:
      return v1::OUTCOME_OK;
    case AuditOutcome::kDenied:
      return v1::OUTCOME_DENIED;
    case AuditOutcome::kFailed:
      return v1::OUTCOME_FAILED;
  }
  return v1::OUTCOME_UNSPECIFIED;
}

}  // namespace

AuditOutcome AuditOutcomeFor(const absl::Status& status) {
  if (status.ok()) return AuditOutcome::kOk;
  if (absl::IsPermissionDenied(status) || absl::IsUnauthenticated(status)) {
    return AuditOutcome::kDenied;
  }
  return AuditOutcome::kFailed;
}

std::string AuditDetailFor(const absl::Status& status) {
  return absl::StatusCodeToString(status.code());
}

absl::StatusOr<std::vector<v1::AuditEvent>> MakeCallEvents(
    const CallerInfo& who, absl::string_view rpc, absl::string_view action,
    absl::string_view authority, const AuditSubjects& subjects, AuditOutcome outcome,
    absl::string_view detail) {
  v1::AuditEvent base;
  base.set_actor(who.principal);
  base.set_role(who.role);
  base.set_rpc(std::string(rpc));
  base.set_action(std::string(action));
  base.set_authority(std::string(authority));
  base.set_scorecard_id(subjects.scorecard_id);
  base.set_outcome(ToProto(outcome));
  base.set_detail(std::string(detail));

  // Every id once, in one list per kind, split into parts of at most
  // kMaxSubjectsPerEvent ids (children first, then workers, then measures).
  struct Subject {
    int kind;
    const std::string* id;
  };
  std::vector<Subject> all;
  const std::vector<std::string>* kinds[] = {&subjects.child_ids, &subjects.worker_ids,
                                             &subjects.measure_ids};
  for (int kind = 0; kind < 3; ++kind) {
    for (const std::string& id : *kinds[kind]) all.push_back({kind, &id});
  }
  const size_t parts =
      all.empty() ? 1 : (all.size() + kMaxSubjectsPerEvent - 1) / kMaxSubjectsPerEvent;
  std::vector<v1::AuditEvent> events;
  events.reserve(parts);
  for (size_t part = 0; part < parts; ++part) {
    v1::AuditEvent event = base;
    const size_t begin = part * kMaxSubjectsPerEvent;
    const size_t end = std::min(all.size(), begin + kMaxSubjectsPerEvent);
    for (size_t i = begin; i < end; ++i) {
      switch (all[i].kind) {
        case 0:
          event.add_child_ids(*all[i].id);
          break;
        case 1:
          event.add_worker_ids(*all[i].id);
          break;
        default:
          event.add_measure_ids(*all[i].id);
          break;
      }
    }
    if (parts > 1) {
      event.set_detail(
          absl::StrCat(detail, detail.empty() ? "" : " ", "part=", part + 1, "/", parts));
    }
    // Checked with a placeholder emitter and id: the sink fills the real ones.
    v1::AuditEvent check = event;
    check.set_emitter("check");
    check.set_emitter_event_id("check");
    SCORECARD_RETURN_IF_ERROR(CheckEvent(check));
    events.push_back(std::move(event));
  }
  return events;
}

absl::StatusOr<std::string> NewEmitterEventId(absl::string_view emitter) {
  std::array<unsigned char, 16> random;
  size_t filled = 0;
  while (filled < random.size()) {
    const ssize_t got = getrandom(random.data() + filled, random.size() - filled, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return absl::InternalError(
          absl::StrCat("audit: no randomness for an event id: ", std::strerror(errno)));
    }
    filled += static_cast<size_t>(got);
  }
  return absl::StrCat(emitter, "-",
                      absl::BytesToHexString(absl::string_view(
                          reinterpret_cast<const char*>(random.data()), random.size())));
}

absl::Status PrepareForRecording(absl::string_view emitter, absl::Time now, v1::AuditEvent* event) {
  if (emitter.empty()) return absl::InvalidArgumentError("audit: the sink has no emitter name");
  if (!event->emitter().empty() && event->emitter() != emitter) {
    return absl::InvalidArgumentError(absl::StrCat("audit: emitter: the event names \"",
                                                   event->emitter(),
                                                   "\" but this sink "
                                                   "records for \"",
                                                   emitter, "\""));
  }
  event->set_emitter(std::string(emitter));
  if (event->emitter_event_id().empty()) {
    SCORECARD_ASSIGN_OR_RETURN(std::string id, NewEmitterEventId(emitter));
    event->set_emitter_event_id(std::move(id));
  }
  if (!event->has_occurred_at()) *event->mutable_occurred_at() = ToProtoTimestamp(now);
  event->clear_sequence();
  event->clear_recorded_at();
  return CheckEvent(*event);
}

absl::Status AuditSink::Record(v1::AuditEvent event) {
  std::vector<v1::AuditEvent> events;
  events.push_back(std::move(event));
  return RecordEvents(std::move(events));
}

absl::Status AuditSink::RecordCall(const CallerInfo& who, absl::string_view rpc,
                                   absl::string_view action, absl::string_view authority,
                                   const AuditSubjects& subjects, AuditOutcome outcome,
                                   absl::string_view detail) {
  SCORECARD_ASSIGN_OR_RETURN(
      std::vector<v1::AuditEvent> events,
      MakeCallEvents(who, rpc, action, authority, subjects, outcome, detail));
  return RecordEvents(std::move(events));
}

}  // namespace scorecard::audit
