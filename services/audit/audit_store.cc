#include "services/audit/audit_store.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/types/span.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
#include "common/status/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace scorecard::audit {
namespace {

// The searchable columns copy fields of the hashed `event` blob; the
// triggers make the table append-only for every SQL caller, this code included.
const SqliteMigration kMigrations[] = {
    {1,
     "CREATE TABLE events ("
     "  sequence INTEGER PRIMARY KEY,"
     "  recorded_at_us INTEGER NOT NULL,"
     "  occurred_at_us INTEGER,"
     "  emitter TEXT NOT NULL,"
     "  emitter_event_id TEXT NOT NULL,"
     "  actor TEXT NOT NULL,"
     "  role TEXT NOT NULL,"
     "  action TEXT NOT NULL,"
     "  rpc TEXT NOT NULL,"
     "  authority TEXT NOT NULL,"
     "  scorecard_id TEXT NOT NULL,"
     "  outcome INTEGER NOT NULL,"
     "  detail TEXT NOT NULL,"
     "  event BLOB NOT NULL,"
     "  prev_hash BLOB NOT NULL,"
     "  row_hash BLOB NOT NULL);"
     "CREATE UNIQUE INDEX events_by_emitter_event ON events (emitter, emitter_event_id);"
     "CREATE INDEX events_by_actor ON events (actor, sequence);"
     "CREATE INDEX events_by_action ON events (action, sequence);"
     "CREATE INDEX events_by_authority ON events (authority, sequence);"
     "CREATE INDEX events_by_recorded_at ON events (recorded_at_us);"
     "CREATE TABLE event_subjects ("
     "  sequence INTEGER NOT NULL,"
     "  subject_id TEXT NOT NULL,"
     "  PRIMARY KEY (sequence, subject_id)) WITHOUT ROWID;"
     "CREATE INDEX event_subjects_by_subject ON event_subjects (subject_id, sequence);"
     "CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events"
     "  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
     "CREATE TRIGGER events_append_only_d BEFORE DELETE ON events"
     "  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
     "CREATE TRIGGER event_subjects_append_only_u BEFORE UPDATE ON event_subjects"
     "  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
     "CREATE TRIGGER event_subjects_append_only_d BEFORE DELETE ON event_subjects"
     "  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"},
    // Subject search without one random B-tree insert per subject per event: event_subjects
    // (in sequence order, so appends stay at its end) is copied into subject_index in
    // sorted passes of many events (AuditStoreOptions::subject_index_batch), and searches
    // read the rows not yet copied from event_subjects' tail. subject_index_state says how
    // far the copy has come.
    {2,
     "CREATE TABLE subject_index ("
     "  subject_id TEXT NOT NULL,"
     "  sequence INTEGER NOT NULL,"
     "  PRIMARY KEY (subject_id, sequence)) WITHOUT ROWID;"
     "CREATE TABLE subject_index_state ("
     "  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),"
     "  indexed_upto INTEGER NOT NULL);"
     "INSERT INTO subject_index (subject_id, sequence)"
     "  SELECT subject_id, sequence FROM event_subjects ORDER BY subject_id, sequence;"
     "INSERT INTO subject_index_state (singleton, indexed_upto)"
     "  SELECT 1, COALESCE(MAX(sequence), 0) FROM events;"
     "DROP INDEX event_subjects_by_subject;"
     "CREATE TRIGGER subject_index_append_only_u BEFORE UPDATE ON subject_index"
     "  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"
     "CREATE TRIGGER subject_index_append_only_d BEFORE DELETE ON subject_index"
     "  BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"},
};

// The subject rows not yet copied into subject_index.
constexpr char kUnindexedSubjectsSql[] =
    "SELECT COUNT(*) FROM event_subjects"
    " WHERE sequence > (SELECT indexed_upto FROM subject_index_state)";

constexpr char kEventColumns[] =
    "sequence, recorded_at_us, occurred_at_us, emitter, emitter_event_id, actor, role, action, "
    "rpc, authority, scorecard_id, outcome, detail, event, prev_hash, row_hash";

// Column positions in kEventColumns.
enum EventColumn {
  kSequenceColumn,
  kRecordedAtColumn,
  kOccurredAtColumn,
  kEmitterColumn,
  kEmitterEventIdColumn,
  kActorColumn,
  kRoleColumn,
  kActionColumn,
  kRpcColumn,
  kAuthorityColumn,
  kScorecardIdColumn,
  kOutcomeColumn,
  kDetailColumn,
  kEventColumn,
  kPrevHashColumn,
  kRowHashColumn,
};

// Problems listed in one validation error; the count covers the rest.
constexpr int kMaxProblemsShown = 10;

// google.protobuf.Timestamp's valid range: 0001-01-01 to 9999-12-31 UTC.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

bool IsValidTimestamp(const google::protobuf::Timestamp& t) {
  return t.seconds() >= kMinTimestampSeconds && t.seconds() <= kMaxTimestampSeconds &&
         t.nanos() >= 0 && t.nanos() <= 999999999;
}

// Both assume IsValidTimestamp, so nothing overflows.
int64_t MicrosRoundedDown(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1000000 + t.nanos() / 1000;
}
int64_t MicrosRoundedUp(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1000000 + (t.nanos() + 999) / 1000;
}

google::protobuf::Timestamp TimestampFromMicros(int64_t micros) {
  return ToProtoTimestamp(absl::FromUnixMicros(micros));
}

void AppendBigEndian64(uint64_t value, std::string* out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

absl::StatusOr<std::string> Sha256(absl::Span<const absl::string_view> parts) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                   &EVP_MD_CTX_free);
  if (context == nullptr || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1) {
    return absl::InternalError("SHA-256: cannot initialise OpenSSL digest");
  }
  for (absl::string_view part : parts) {
    if (EVP_DigestUpdate(context.get(), part.data(), part.size()) != 1) {
      return absl::InternalError("SHA-256: digest update failed");
    }
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context.get(), digest.data(), &length) != 1 || length != kSha256Bytes) {
    return absl::InternalError("SHA-256: digest final failed");
  }
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

v1::AuditEvent CanonicalEvent(const v1::AuditEvent& event, int64_t sequence,
                              int64_t recorded_at_us) {
  v1::AuditEvent canonical = event;
  canonical.DiscardUnknownFields();
  canonical.set_sequence(sequence);
  *canonical.mutable_recorded_at() = TimestampFromMicros(recorded_at_us);
  return canonical;
}

std::string SerializeDeterministically(const v1::AuditEvent& event) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    // Cannot fail: proto3 messages have no required fields.
    (void)event.SerializeToCodedStream(&coded);
  }  // The coded stream flushes into `bytes` here.
  return bytes;
}

// Every child, worker and measure id the event names, once each, sorted.
std::set<std::string> SubjectIds(const v1::AuditEvent& event) {
  std::set<std::string> ids;
  for (const auto* list : {&event.child_ids(), &event.worker_ids(), &event.measure_ids()}) {
    for (const std::string& id : *list) {
      if (!id.empty()) ids.insert(id);
    }
  }
  return ids;
}

absl::StatusOr<ChainHead> ReadChainHead(SqliteDb& db) {
  SCORECARD_ASSIGN_OR_RETURN(
      Statement newest,
      db.Prepare("SELECT sequence, recorded_at_us, row_hash FROM events "
                 "ORDER BY sequence DESC LIMIT 1"));
  SCORECARD_ASSIGN_OR_RETURN(StepResult step, newest.Step());
  ChainHead head;
  if (step == StepResult::kDone) return head;
  head.sequence = newest.ColumnInt64(0);
  head.recorded_at_us = newest.ColumnInt64(1);
  // Kept even if malformed: Append refuses to build on it, VerifyChain reports it.
  head.row_hash = newest.ColumnBlob(2);
  return head;
}

// Binds each value to its 1-based position.
using SqlValue = std::variant<int64_t, std::string>;

absl::Status BindAll(Statement& statement, const std::vector<SqlValue>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    if (const int64_t* number = std::get_if<int64_t>(&values[i])) {
      SCORECARD_RETURN_IF_ERROR(statement.BindInt64(index, *number));
    } else {
      SCORECARD_RETURN_IF_ERROR(statement.BindText(index, std::get<std::string>(values[i])));
    }
  }
  return absl::OkStatus();
}

// A query's filters, checked and in the form the SQL needs.
struct QueryFilters {
  std::string actor;
  std::string action;
  std::string authority;
  std::string subject_id;
  std::optional<int64_t> from_us;  // recorded_at_us >= from_us
  std::optional<int64_t> to_us;    // recorded_at_us < to_us
};

absl::StatusOr<QueryFilters> CheckedFilters(const v1::QueryEventsRequest& request) {
  QueryFilters filters;
  filters.actor = request.actor();
  filters.action = request.action();
  filters.authority = request.authority();
  filters.subject_id = request.subject_id();
  if (!filters.authority.empty()) {
    SCORECARD_RETURN_IF_ERROR(ValidateAuthorityCode("authority", filters.authority));
  }
  // Stored instants are whole microseconds, so t >= bound exactly when
  // t >= the bound rounded up, for both ends of the half-open range.
  if (request.has_from_time()) {
    if (!IsValidTimestamp(request.from_time())) {
      return absl::InvalidArgumentError("from_time: not a valid timestamp");
    }
    filters.from_us = MicrosRoundedUp(request.from_time());
  }
  if (request.has_to_time()) {
    if (!IsValidTimestamp(request.to_time())) {
      return absl::InvalidArgumentError("to_time: not a valid timestamp");
    }
    filters.to_us = MicrosRoundedUp(request.to_time());
  }
  if (request.has_from_time() && request.has_to_time() &&
      FromProtoTimestamp(request.to_time()) < FromProtoTimestamp(request.from_time())) {
    return absl::InvalidArgumentError("to_time: before from_time");
  }
  return filters;
}

// Ties a page token to the filters it was issued for, so a token replayed
// against another query is refused instead of silently skipping events.
absl::StatusOr<std::string> FiltersFingerprint(const QueryFilters& filters) {
  std::string encoded;
  for (const std::string* text :
       {&filters.actor, &filters.action, &filters.authority, &filters.subject_id}) {
    AppendBigEndian64(text->size(), &encoded);
    encoded.append(*text);
  }
  for (const std::optional<int64_t>& bound : {filters.from_us, filters.to_us}) {
    encoded.push_back(bound.has_value() ? '\1' : '\0');
    AppendBigEndian64(static_cast<uint64_t>(bound.value_or(0)), &encoded);
  }
  const absl::string_view parts[] = {encoded};
  SCORECARD_ASSIGN_OR_RETURN(std::string digest, Sha256(parts));
  return absl::BytesToHexString(absl::string_view(digest).substr(0, 8));
}

std::string MakePageToken(int64_t after_sequence, absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat(after_sequence, ".", fingerprint));
}

// The sequence after which the page starts (0 for the first page).
absl::StatusOr<int64_t> ParsePageToken(absl::string_view token, absl::string_view fingerprint) {
  if (token.empty()) return 0;
  std::string decoded;
  int64_t after_sequence = 0;
  std::vector<absl::string_view> parts;
  if (absl::WebSafeBase64Unescape(token, &decoded)) {
    parts = absl::StrSplit(decoded, '.');
  }
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &after_sequence) || after_sequence < 1) {
    return absl::InvalidArgumentError("page_token: malformed");
  }
  if (parts[1] != fingerprint) {
    return absl::InvalidArgumentError("page_token: issued for a query with other filters");
  }
  return after_sequence;
}

// Empty when the row's searchable copies agree with its hashed event;
// otherwise names the first that does not.
std::string IndexMismatch(const Statement& row, const v1::AuditEvent& event) {
  if (event.sequence() != row.ColumnInt64(kSequenceColumn)) return "event.sequence";
  const int64_t recorded_at_us = row.ColumnInt64(kRecordedAtColumn);
  if (!event.has_recorded_at() || !IsValidTimestamp(event.recorded_at()) ||
      MicrosRoundedDown(event.recorded_at()) != recorded_at_us ||
      event.recorded_at().nanos() % 1000 != 0) {
    return "event.recorded_at";
  }
  if (row.ColumnIsNull(kOccurredAtColumn) != !event.has_occurred_at() ||
      (event.has_occurred_at() &&
       (!IsValidTimestamp(event.occurred_at()) ||
        MicrosRoundedDown(event.occurred_at()) != row.ColumnInt64(kOccurredAtColumn)))) {
    return "occurred_at_us";
  }
  struct TextCopy {
    EventColumn column;
    const char* name;
    const std::string& value;
  };
  const TextCopy copies[] = {
      {kEmitterColumn, "emitter", event.emitter()},
      {kEmitterEventIdColumn, "emitter_event_id", event.emitter_event_id()},
      {kActorColumn, "actor", event.actor()},
      {kRoleColumn, "role", event.role()},
      {kActionColumn, "action", event.action()},
      {kRpcColumn, "rpc", event.rpc()},
      {kAuthorityColumn, "authority", event.authority()},
      {kScorecardIdColumn, "scorecard_id", event.scorecard_id()},
      {kDetailColumn, "detail", event.detail()},
  };
  for (const TextCopy& copy : copies) {
    if (row.ColumnTextView(copy.column) != copy.value) return copy.name;
  }
  if (row.ColumnInt64(kOutcomeColumn) != event.outcome()) return "outcome";
  return "";
}

}  // namespace

absl::string_view ChainFaultName(ChainFault fault) {
  switch (fault) {
    case ChainFault::kNone:
      return "none";
    case ChainFault::kSequenceBreak:
      return "sequence-break";
    case ChainFault::kBrokenLink:
      return "broken-link";
    case ChainFault::kHashMismatch:
      return "hash-mismatch";
    case ChainFault::kIndexMismatch:
      return "index-mismatch";
    case ChainFault::kTruncated:
      return "truncated";
    case ChainFault::kRewritten:
      return "rewritten";
  }
  return "unknown";
}

std::string CanonicalEventBytes(const v1::AuditEvent& event, int64_t sequence,
                                int64_t recorded_at_us) {
  return SerializeDeterministically(CanonicalEvent(event, sequence, recorded_at_us));
}

absl::StatusOr<std::string> ChainRowHash(absl::string_view prev_hash, int64_t sequence,
                                         int64_t recorded_at_us, absl::string_view event_bytes) {
  if (prev_hash.size() != static_cast<size_t>(kSha256Bytes)) {
    return absl::InvalidArgumentError("prev_hash: not 32 bytes");
  }
  std::string header;
  AppendBigEndian64(static_cast<uint64_t>(sequence), &header);
  AppendBigEndian64(static_cast<uint64_t>(recorded_at_us), &header);
  AppendBigEndian64(event_bytes.size(), &header);
  const absl::string_view parts[] = {prev_hash, header, event_bytes};
  return Sha256(parts);
}

absl::Status ValidateAuditEvents(
    const google::protobuf::RepeatedPtrField<v1::AuditEvent>& events) {
  std::vector<std::string> problems;
  int invalid_events = 0;
  for (int i = 0; i < events.size(); ++i) {
    const v1::AuditEvent& event = events.Get(i);
    const size_t before = problems.size();
    const auto field = [i](absl::string_view name) { return absl::StrCat("events[", i, "].", name); };
    if (event.emitter().empty()) problems.push_back(absl::StrCat(field("emitter"), ": required"));
    if (event.emitter_event_id().empty()) {
      problems.push_back(absl::StrCat(field("emitter_event_id"), ": required"));
    }
    if (event.action().empty()) problems.push_back(absl::StrCat(field("action"), ": required"));
    if (!event.authority().empty()) {
      absl::Status authority = ValidateAuthorityCode(field("authority"), event.authority());
      if (!authority.ok()) problems.push_back(std::string(authority.message()));
    }
    if (event.has_occurred_at() && !IsValidTimestamp(event.occurred_at())) {
      problems.push_back(absl::StrCat(field("occurred_at"), ": not a valid timestamp"));
    }
    if (problems.size() != before) ++invalid_events;
  }
  if (problems.empty()) return absl::OkStatus();
  const size_t shown = std::min<size_t>(problems.size(), kMaxProblemsShown);
  std::string message = absl::StrCat(invalid_events, " invalid event",
                                     invalid_events == 1 ? "" : "s", "; ",
                                     absl::StrJoin(problems.begin(), problems.begin() + shown, "; "));
  if (shown < problems.size()) {
    absl::StrAppend(&message, "; and ", problems.size() - shown, " more problems");
  }
  return absl::InvalidArgumentError(message);
}

absl::StatusOr<std::unique_ptr<AuditStore>> AuditStore::Open(const std::string& path,
                                                             AuditStoreOptions options) {
  if (path.empty() || path == ":memory:") {
    return absl::InvalidArgumentError("audit log: needs a file path (\":memory:\" cannot be shared)");
  }
  if (options.subject_index_batch < 1) {
    return absl::InvalidArgumentError(absl::StrCat("audit log: subject_index_batch is ",
                                                   options.subject_index_batch, "; at least 1"));
  }
  SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> writer,
                             SqliteDb::Open(path, kMigrations, options.sqlite));
  SCORECARD_ASSIGN_OR_RETURN(ChainHead head, ReadChainHead(*writer));
  SCORECARD_ASSIGN_OR_RETURN(Statement unindexed, writer->Prepare(kUnindexedSubjectsSql));
  SCORECARD_RETURN_IF_ERROR(unindexed.Step().status());
  const int64_t unindexed_subjects = unindexed.ColumnInt64(0);
  // The writer has migrated the file, so this only connects.
  SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> reader,
                             SqliteDb::Open(path, kMigrations, options.sqlite));
  return std::unique_ptr<AuditStore>(
      new AuditStore(std::move(writer), std::move(reader), std::move(options.clock),
                     std::move(head), options.subject_index_batch, unindexed_subjects));
}

AuditStore::AuditStore(std::unique_ptr<SqliteDb> writer, std::unique_ptr<SqliteDb> reader,
                       std::function<absl::Time()> clock, ChainHead head,
                       int64_t subject_index_batch, int64_t unindexed_subjects)
    : clock_(std::move(clock)),
      subject_index_batch_(subject_index_batch),
      writer_(std::move(writer)),
      head_(std::move(head)),
      unindexed_subjects_(unindexed_subjects),
      reader_(std::move(reader)) {}

ChainHead AuditStore::Head() const {
  absl::MutexLock lock(&append_mu_);
  return head_;
}

int64_t AuditStore::CommittedTransactions() const {
  absl::MutexLock lock(&append_mu_);
  return committed_transactions_;
}

absl::StatusOr<v1::AppendEventsResponse> AuditStore::Append(
    const v1::AppendEventsRequest& request) {
  const v1::AppendEventsRequest* const group[] = {&request};
  return std::move(AppendGroup(group).front());
}

std::vector<absl::StatusOr<v1::AppendEventsResponse>> AuditStore::AppendGroup(
    absl::Span<const v1::AppendEventsRequest* const> requests) {
  std::vector<absl::StatusOr<v1::AppendEventsResponse>> results(
      requests.size(), absl::StatusOr<v1::AppendEventsResponse>(absl::UnknownError("unset")));
  // Validated outside the lock: it is pure CPU work, and a bad request must
  // not hold up (or fail) the others.
  std::vector<const v1::AppendEventsRequest*> valid;
  std::vector<size_t> valid_index;
  for (size_t i = 0; i < requests.size(); ++i) {
    absl::Status status = ValidateAuditEvents(requests[i]->events());
    if (status.ok()) {
      valid.push_back(requests[i]);
      valid_index.push_back(i);
    } else {
      results[i] = std::move(status);
    }
  }
  if (valid.empty()) return results;

  absl::MutexLock lock(&append_mu_);
  std::vector<int> stored;
  absl::Status group = AppendOrResyncLocked(valid, &stored);
  if (group.ok()) {
    for (size_t k = 0; k < valid.size(); ++k) {
      v1::AppendEventsResponse response;
      response.set_stored(stored[k]);
      response.set_last_sequence(head_.sequence);
      results[valid_index[k]] = std::move(response);
    }
    return results;
  }
  if (valid.size() == 1) {
    results[valid_index[0]] = std::move(group);
    return results;
  }
  // The group failed as a whole; whatever the cause, give each request its
  // own transaction and its own answer rather than failing them all.
  for (size_t k = 0; k < valid.size(); ++k) {
    const v1::AppendEventsRequest* const one[] = {valid[k]};
    absl::Status alone = AppendOrResyncLocked(one, &stored);
    if (!alone.ok()) {
      results[valid_index[k]] = std::move(alone);
      continue;
    }
    v1::AppendEventsResponse response;
    response.set_stored(stored[0]);
    response.set_last_sequence(head_.sequence);
    results[valid_index[k]] = std::move(response);
  }
  return results;
}

absl::Status AuditStore::AppendOrResyncLocked(
    absl::Span<const v1::AppendEventsRequest* const> requests, std::vector<int>* stored) {
  absl::Status status = AppendLocked(requests, stored);
  if (!status.ok()) {
    // A failed commit may still have reached the disk; continue from whatever
    // the file now holds rather than from a head that may be stale.
    absl::StatusOr<ChainHead> head = ReadChainHead(*writer_);
    if (head.ok()) head_ = *std::move(head);
    // Only when the next sorted pass runs depends on this count, never what a search finds.
    absl::StatusOr<Statement> unindexed = writer_->Prepare(kUnindexedSubjectsSql);
    if (unindexed.ok() && unindexed->Step().ok()) unindexed_subjects_ = unindexed->ColumnInt64(0);
  }
  return status;
}

absl::Status AuditStore::AppendLocked(absl::Span<const v1::AppendEventsRequest* const> requests,
                                      std::vector<int>* stored) {
  stored->assign(requests.size(), 0);
  if (head_.row_hash.size() != static_cast<size_t>(kSha256Bytes)) {
    // Chaining onto a damaged head would bury the damage under valid-looking rows.
    return absl::DataLossError(absl::StrCat("audit log: the newest row (sequence ", head_.sequence,
                                            ") has a malformed row_hash; appends are refused "
                                            "until the chain is verified and the log restored"));
  }
  size_t total_events = 0;
  for (const v1::AppendEventsRequest* request : requests) total_events += request->events_size();
  if (total_events == 0) return absl::OkStatus();

  SCORECARD_ASSIGN_OR_RETURN(Transaction transaction, writer_->BeginTransaction());
  SCORECARD_ASSIGN_OR_RETURN(
      Statement find,
      writer_->Prepare("SELECT 1 FROM events WHERE emitter = ?1 AND emitter_event_id = ?2"));
  SCORECARD_ASSIGN_OR_RETURN(
      Statement insert,
      writer_->Prepare(absl::StrCat("INSERT INTO events (", kEventColumns,
                                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                                    "?12, ?13, ?14, ?15, ?16)")));
  SCORECARD_ASSIGN_OR_RETURN(
      Statement insert_subject,
      writer_->Prepare("INSERT INTO event_subjects (sequence, subject_id) VALUES (?1, ?2)"));

  ChainHead next = head_;
  int64_t unindexed_subjects = unindexed_subjects_;
  const int64_t now_us = absl::ToUnixMicros(clock_());
  for (size_t r = 0; r < requests.size(); ++r) {
    for (const v1::AuditEvent& received : requests[r]->events()) {
      find.Reset();
      SCORECARD_RETURN_IF_ERROR(find.BindText(1, received.emitter()));
      SCORECARD_RETURN_IF_ERROR(find.BindText(2, received.emitter_event_id()));
      SCORECARD_ASSIGN_OR_RETURN(StepResult found, find.Step());
      if (found == StepResult::kRow) continue;  // A re-send: the first copy stands.

      const int64_t sequence = next.sequence + 1;
      const int64_t recorded_at_us = std::max(now_us, next.recorded_at_us + 1);
      const v1::AuditEvent event = CanonicalEvent(received, sequence, recorded_at_us);
      const std::string event_bytes = SerializeDeterministically(event);
      SCORECARD_ASSIGN_OR_RETURN(
          std::string row_hash, ChainRowHash(next.row_hash, sequence, recorded_at_us, event_bytes));

      insert.Reset();
      SCORECARD_RETURN_IF_ERROR(insert.BindInt64(kSequenceColumn + 1, sequence));
      SCORECARD_RETURN_IF_ERROR(insert.BindInt64(kRecordedAtColumn + 1, recorded_at_us));
      if (event.has_occurred_at()) {
        SCORECARD_RETURN_IF_ERROR(
            insert.BindInt64(kOccurredAtColumn + 1, MicrosRoundedDown(event.occurred_at())));
      }  // Otherwise left NULL by Reset().
      SCORECARD_RETURN_IF_ERROR(insert.BindText(kEmitterColumn + 1, event.emitter()));
      SCORECARD_RETURN_IF_ERROR(
          insert.BindText(kEmitterEventIdColumn + 1, event.emitter_event_id()));
      SCORECARD_RETURN_IF_ERROR(insert.BindText(kActorColumn + 1, event.actor()));
      SCORECARD_RETURN_IF_ERROR(insert.BindText(kRoleColumn + 1, event.role()));
      SCORECARD_RETURN_IF_ERROR(insert.BindText(kActionColumn + 1, event.action()));
      SCORECARD_RETURN_IF_ERROR(insert.BindText(kRpcColumn + 1, event.rpc()));
      SCORECARD_RETURN_IF_ERROR(insert.BindText(kAuthorityColumn + 1, event.authority()));
      SCORECARD_RETURN_IF_ERROR(insert.BindText(kScorecardIdColumn + 1, event.scorecard_id()));
      SCORECARD_RETURN_IF_ERROR(insert.BindInt64(kOutcomeColumn + 1, event.outcome()));
      SCORECARD_RETURN_IF_ERROR(insert.BindText(kDetailColumn + 1, event.detail()));
      SCORECARD_RETURN_IF_ERROR(insert.BindBlob(kEventColumn + 1, event_bytes));
      SCORECARD_RETURN_IF_ERROR(insert.BindBlob(kPrevHashColumn + 1, next.row_hash));
      SCORECARD_RETURN_IF_ERROR(insert.BindBlob(kRowHashColumn + 1, row_hash));
      SCORECARD_RETURN_IF_ERROR(insert.Step().status());

      for (const std::string& subject_id : SubjectIds(event)) {
        insert_subject.Reset();
        SCORECARD_RETURN_IF_ERROR(insert_subject.BindInt64(1, sequence));
        SCORECARD_RETURN_IF_ERROR(insert_subject.BindText(2, subject_id));
        SCORECARD_RETURN_IF_ERROR(insert_subject.Step().status());
        ++unindexed_subjects;
      }

      next.sequence = sequence;
      next.recorded_at_us = recorded_at_us;
      next.row_hash = std::move(row_hash);
      ++(*stored)[r];
    }
  }
  if (unindexed_subjects >= subject_index_batch_) {
    // One sorted pass: each subject's rows go in together, so a page of the index is written
    // once per pass rather than once per event naming one of its subjects.
    SCORECARD_RETURN_IF_ERROR(
        writer_->Exec("INSERT INTO subject_index (subject_id, sequence)"
                      " SELECT subject_id, sequence FROM event_subjects"
                      " WHERE sequence > (SELECT indexed_upto FROM subject_index_state)"
                      " ORDER BY subject_id, sequence"));
    SCORECARD_ASSIGN_OR_RETURN(
        Statement indexed,
        writer_->Prepare("UPDATE subject_index_state SET indexed_upto = ?1 WHERE singleton = 1"));
    SCORECARD_RETURN_IF_ERROR(indexed.BindInt64(1, next.sequence));
    SCORECARD_RETURN_IF_ERROR(indexed.Step().status());
    unindexed_subjects = 0;
  }
  SCORECARD_RETURN_IF_ERROR(transaction.Commit());
  ++committed_transactions_;
  head_ = std::move(next);
  unindexed_subjects_ = unindexed_subjects;
  return absl::OkStatus();
}

absl::StatusOr<v1::QueryEventsResponse> AuditStore::Query(
    const v1::QueryEventsRequest& request) const {
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", request.page_size(), " is outside 0..", kMaxPageSize));
  }
  const int page_size = request.page_size() == 0 ? kDefaultPageSize : request.page_size();
  SCORECARD_ASSIGN_OR_RETURN(QueryFilters filters, CheckedFilters(request));
  SCORECARD_ASSIGN_OR_RETURN(std::string fingerprint, FiltersFingerprint(filters));
  SCORECARD_ASSIGN_OR_RETURN(int64_t after_sequence,
                             ParsePageToken(request.page_token(), fingerprint));

  std::string sql = "SELECT sequence, event FROM events WHERE sequence > ?1";
  std::vector<SqlValue> values = {after_sequence};
  const auto add = [&](absl::string_view condition, SqlValue value) {
    values.push_back(std::move(value));
    absl::StrAppend(&sql, " AND ", condition, " ?", values.size());
  };
  if (!filters.actor.empty()) add("actor =", filters.actor);
  if (!filters.action.empty()) add("action =", filters.action);
  if (!filters.authority.empty()) add("authority =", filters.authority);
  if (filters.from_us.has_value()) add("recorded_at_us >=", *filters.from_us);
  if (filters.to_us.has_value()) add("recorded_at_us <", *filters.to_us);
  if (!filters.subject_id.empty()) {
    values.push_back(filters.subject_id);
    const std::string subject = absl::StrCat("?", values.size());
    // Indexed, plus the tail not yet copied into the index (at most a batch of rows).
    absl::StrAppend(
        &sql, " AND sequence IN (SELECT sequence FROM subject_index WHERE subject_id = ", subject,
        " UNION ALL SELECT sequence FROM event_subjects WHERE sequence > "
        "(SELECT indexed_upto FROM subject_index_state) AND subject_id = ",
        subject, ")");
  }
  // One row past the page tells whether another page follows.
  absl::StrAppend(&sql, " ORDER BY sequence LIMIT ", page_size + 1);

  v1::QueryEventsResponse response;
  absl::MutexLock lock(&read_mu_);
  SCORECARD_ASSIGN_OR_RETURN(Statement select, reader_->Prepare(sql));
  SCORECARD_RETURN_IF_ERROR(BindAll(select, values));
  bool more = false;
  while (true) {
    SCORECARD_ASSIGN_OR_RETURN(StepResult step, select.Step());
    if (step == StepResult::kDone) break;
    if (response.events_size() == page_size) {
      more = true;
      break;
    }
    v1::AuditEvent* event = response.add_events();
    if (!event->ParseFromArray(select.ColumnBlobView(1).data(),
                               static_cast<int>(select.ColumnBlobView(1).size()))) {
      return absl::DataLossError(absl::StrCat("audit log: the event at sequence ",
                                              select.ColumnInt64(0),
                                              " does not parse; run chain verification"));
    }
  }
  if (more) {
    response.set_next_page_token(
        MakePageToken(response.events(response.events_size() - 1).sequence(), fingerprint));
  }
  return response;
}

absl::StatusOr<ChainVerification> AuditStore::VerifyChain() const {
  return VerifyChain({});
}

absl::StatusOr<ChainVerification> AuditStore::VerifyChain(
    absl::Span<const ChainAnchor> anchors) const {
  std::vector<ChainAnchor> all(anchors.begin(), anchors.end());
  // Copied before the read begins, so the snapshot read holds at least this
  // head. (Callers load checkpoints before calling, for the same reason.)
  const ChainHead written_head = Head();
  if (written_head.sequence > 0) {
    all.push_back(
        ChainAnchor{written_head.sequence, written_head.row_hash, "the head this store wrote"});
  }
  absl::MutexLock lock(&read_mu_);
  return VerifyLocked(std::move(all));
}

absl::StatusOr<ChainVerification> AuditStore::VerifyLocked(std::vector<ChainAnchor> anchors) const {
  // Checked in position order as the walk passes them; an anchor at 0 or
  // below names no row and is ignored.
  std::stable_sort(
      anchors.begin(), anchors.end(),
      [](const ChainAnchor& a, const ChainAnchor& b) { return a.sequence < b.sequence; });
  auto next_anchor = std::find_if(anchors.begin(), anchors.end(),
                                  [](const ChainAnchor& a) { return a.sequence > 0; });
  // The last anchor the log was seen to agree with, for the detail of a rewrite.
  const ChainAnchor* last_matched = nullptr;
  // One read transaction, so every statement below sees the same snapshot
  // even while appends commit on the writer connection.
  SCORECARD_RETURN_IF_ERROR(reader_->Exec("BEGIN DEFERRED"));
  absl::Cleanup end_read = [reader = reader_.get()] {
    (void)reader->Exec("ROLLBACK");  // Nothing was written; this only ends the read.
  };
  SCORECARD_ASSIGN_OR_RETURN(
      Statement rows,
      reader_->Prepare(absl::StrCat("SELECT ", kEventColumns, " FROM events ORDER BY sequence")));
  SCORECARD_ASSIGN_OR_RETURN(
      Statement subjects,
      reader_->Prepare("SELECT subject_id FROM event_subjects WHERE sequence = ?1 "
                       "ORDER BY subject_id"));
  SCORECARD_ASSIGN_OR_RETURN(
      Statement orphans,
      reader_->Prepare("SELECT MIN(sequence) FROM event_subjects WHERE sequence > ?1"));
  // The subject index must hold exactly the subject rows of the events it has come to.
  SCORECARD_ASSIGN_OR_RETURN(Statement state,
                             reader_->Prepare("SELECT indexed_upto FROM subject_index_state"));
  SCORECARD_ASSIGN_OR_RETURN(StepResult state_row, state.Step());
  const int64_t indexed_upto = state_row == StepResult::kRow ? state.ColumnInt64(0) : 0;
  SCORECARD_ASSIGN_OR_RETURN(
      Statement indexed,
      reader_->Prepare("SELECT 1 FROM subject_index WHERE subject_id = ?1 AND sequence = ?2"));
  int64_t expected_index_rows = 0;

  ChainVerification result;
  const auto fail = [&result](ChainFault fault, std::string detail) {
    result.fault = fault;
    result.first_bad_sequence = result.verified_events + 1;
    result.detail = std::move(detail);
    return result;
  };
  while (true) {
    SCORECARD_ASSIGN_OR_RETURN(StepResult step, rows.Step());
    if (step == StepResult::kDone) break;
    const int64_t position = result.verified_events + 1;
    const int64_t sequence = rows.ColumnInt64(kSequenceColumn);
    if (sequence != position) {
      return fail(ChainFault::kSequenceBreak,
                  sequence > position
                      ? absl::StrCat("position ", position, " is missing: the next row is sequence ",
                                     sequence, " (deleted rows)")
                      : absl::StrCat("row numbered ", sequence, " found at position ", position,
                                     " (inserted row)"));
    }
    const absl::string_view prev_hash = rows.ColumnBlobView(kPrevHashColumn);
    if (prev_hash != result.head_hash) {
      return fail(ChainFault::kBrokenLink,
                  absl::StrCat("row ", sequence, "'s prev_hash is not row ", sequence - 1,
                               "'s row_hash (rows reordered, or row ", sequence - 1,
                               " replaced with a new hash)"));
    }
    const absl::string_view event_bytes = rows.ColumnBlobView(kEventColumn);
    SCORECARD_ASSIGN_OR_RETURN(
        std::string expected_hash,
        ChainRowHash(prev_hash, sequence, rows.ColumnInt64(kRecordedAtColumn), event_bytes));
    const absl::string_view row_hash = rows.ColumnBlobView(kRowHashColumn);
    if (row_hash != expected_hash) {
      return fail(ChainFault::kHashMismatch,
                  absl::StrCat("row ", sequence, " does not hash to its row_hash (edited)"));
    }
    v1::AuditEvent event;
    if (!event.ParseFromArray(event_bytes.data(), static_cast<int>(event_bytes.size()))) {
      return fail(ChainFault::kIndexMismatch,
                  absl::StrCat("row ", sequence, "'s event does not parse"));
    }
    if (std::string column = IndexMismatch(rows, event); !column.empty()) {
      return fail(ChainFault::kIndexMismatch,
                  absl::StrCat("row ", sequence, "'s ", column, " disagrees with its hashed event"));
    }
    subjects.Reset();
    SCORECARD_RETURN_IF_ERROR(subjects.BindInt64(1, sequence));
    std::set<std::string> indexed_subjects;
    while (true) {
      SCORECARD_ASSIGN_OR_RETURN(StepResult subject, subjects.Step());
      if (subject == StepResult::kDone) break;
      indexed_subjects.insert(subjects.ColumnText(0));
    }
    if (indexed_subjects != SubjectIds(event)) {
      return fail(ChainFault::kIndexMismatch,
                  absl::StrCat("row ", sequence, "'s event_subjects disagree with its hashed event"));
    }
    if (sequence <= indexed_upto) {
      for (const std::string& subject_id : indexed_subjects) {
        indexed.Reset();
        SCORECARD_RETURN_IF_ERROR(indexed.BindText(1, subject_id));
        SCORECARD_RETURN_IF_ERROR(indexed.BindInt64(2, sequence));
        SCORECARD_ASSIGN_OR_RETURN(StepResult found, indexed.Step());
        if (found != StepResult::kRow) {
          return fail(ChainFault::kIndexMismatch,
                      absl::StrCat("row ", sequence,
                                   " is missing from subject_index under one of "
                                   "its subjects (hidden from search by subject)"));
        }
      }
      expected_index_rows += static_cast<int64_t>(indexed_subjects.size());
    }
    for (; next_anchor != anchors.end() && next_anchor->sequence == sequence; ++next_anchor) {
      if (row_hash != next_anchor->row_hash) {
        return fail(ChainFault::kRewritten,
                    absl::StrCat("row ", sequence, " verifies but is not the row in ",
                                 next_anchor->name, ": the log was rewritten, hashes and all, ",
                                 last_matched == nullptr
                                     ? std::string("at or before this row")
                                     : absl::StrCat("after row ", last_matched->sequence,
                                                    " (", last_matched->name, " matched)")));
      }
      last_matched = &*next_anchor;
    }
    result.verified_events = sequence;
    result.head_hash = std::string(row_hash);
  }
  if (next_anchor != anchors.end()) {
    // The furthest anchor shows best how much is gone.
    const ChainAnchor& furthest = anchors.back();
    return fail(ChainFault::kTruncated,
                absl::StrCat("the log ends at ", result.verified_events, " but ", furthest.name,
                             " holds row ", furthest.sequence, " (rows removed from the end)"));
  }
  SCORECARD_RETURN_IF_ERROR(orphans.BindInt64(1, result.verified_events));
  SCORECARD_ASSIGN_OR_RETURN(StepResult orphan, orphans.Step());
  if (orphan == StepResult::kRow && !orphans.ColumnIsNull(0)) {
    return fail(ChainFault::kTruncated,
                absl::StrCat("the log ends at ", result.verified_events,
                             " but subjects remain for sequence ", orphans.ColumnInt64(0)));
  }
  if (indexed_upto > result.verified_events) {
    return fail(ChainFault::kTruncated,
                absl::StrCat("the log ends at ", result.verified_events,
                             " but its subjects were indexed up to ", indexed_upto));
  }
  SCORECARD_ASSIGN_OR_RETURN(Statement index_rows,
                             reader_->Prepare("SELECT COUNT(*) FROM subject_index"));
  SCORECARD_RETURN_IF_ERROR(index_rows.Step().status());
  if (index_rows.ColumnInt64(0) != expected_index_rows) {
    return fail(ChainFault::kIndexMismatch,
                absl::StrCat("subject_index holds ", index_rows.ColumnInt64(0),
                             " rows where the "
                             "events up to ",
                             indexed_upto, " name ", expected_index_rows,
                             " subjects (rows added that no event names)"));
  }
  return result;
}

}  // namespace scorecard::audit
