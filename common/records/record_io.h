// Moves ingest records (protobuf messages with a `header` RecordHeader field) in and out of
// the versioned record store, keyed by authority, message type and source key.
//
//   std::vector<const google::protobuf::Message*> records = {&referral, &assessment};
//   SCORECARD_ASSIGN_OR_RETURN(common::v1::IngestResponse done, AppendRecords(store, records));
//   SCORECARD_ASSIGN_OR_RETURN(RecordList<Referral> now,
//                              LoadCurrent<Referral>(store, "869", /*as_at=*/std::nullopt));
#ifndef SCORECARD_COMMON_RECORDS_RECORD_IO_H_
#define SCORECARD_COMMON_RECORDS_RECORD_IO_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/repeated_ptr_field.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/records/record_list.h"
#include "common/store/decoded_cache.h"
#include "common/store/record_store.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard {

// Stores already-validated records in one durable transaction. Each message must have a
// `header` field of type RecordHeader (checked; INTERNAL otherwise, a programming error).
[[nodiscard]] absl::StatusOr<common::v1::IngestResponse> AppendRecords(
    VersionedRecordStore& store, absl::Span<const google::protobuf::Message* const> records);

// The record set in each wrapper's `kind` oneof, in batch order. Wrappers with nothing set
// are skipped: validation reports them before anything is stored.
template <typename Wrapper>
std::vector<const google::protobuf::Message*> RecordsInOneofs(
    const google::protobuf::RepeatedPtrField<Wrapper>& wrappers) {
  std::vector<const google::protobuf::Message*> out;
  out.reserve(wrappers.size());
  const google::protobuf::OneofDescriptor* kind = Wrapper::descriptor()->FindOneofByName("kind");
  for (const Wrapper& wrapper : wrappers) {
    const google::protobuf::Reflection* reflection = wrapper.GetReflection();
    const google::protobuf::FieldDescriptor* set = reflection->GetOneofFieldDescriptor(wrapper, kind);
    if (set != nullptr) out.push_back(&reflection->GetMessage(wrapper, set));
  }
  return out;
}

namespace records_internal {

// One address per record type, telling DecodedRecordCache entries of different types apart.
template <typename RecordProto>
struct TypeTag {
  static constexpr char kTag = 0;
};

// A kind's decoded current records as kept in the DecodedRecordCache, with each record's
// store-wide sequence number (parallel), so a later load can tell which are unchanged.
template <typename RecordProto>
struct KeptRecords {
  RecordList<RecordProto> records;
  std::vector<int64_t> sequences;
  // Records ever parsed onto the arenas `records` uses, current or since replaced.
  size_t parsed = 0;
};

// A reload parses afresh, sharing nothing, once replaced records would outnumber current
// ones on the arenas it draws on (they stay allocated until no list uses their arena), once
// it would draw on this many arenas (one more per reload), or when under half its records
// would be shared. Parsing afresh gives every record a new identity, so a dataset built from
// the list rebuilds in full (DiffRecordLists): rare, as each reload after a write adds only
// what that write parsed.
inline constexpr size_t kMaxSharedArenas = 64;

// Parses `payload` onto a new record at the end of `out`.
template <typename RecordProto>
absl::Status ParseOnto(RecordList<RecordProto>& out, const std::string& kind,
                       const CurrentRecordView& current) {
  RecordProto& record = out.emplace_back();
  // SQLite caps a blob below 2^31 bytes, so the size fits an int.
  if (!record.ParseFromArray(current.payload.data(), static_cast<int>(current.payload.size()))) {
    return absl::DataLossError(absl::StrCat("stored ", kind, " ", current.source_system, "/",
                                            current.source_id, " does not parse"));
  }
  return absl::OkStatus();
}

// The current records of `kind` as stored now or as at `as_at`, each parsed straight from
// the store's buffer onto the list's arena, in source key order; with their sequence
// numbers when `sequences` is given.
template <typename RecordProto>
[[nodiscard]] absl::StatusOr<RecordList<RecordProto>> ParseCurrent(
    const VersionedRecordStore& store, const std::string& authority, const std::string& kind,
    std::optional<absl::Time> as_at, std::vector<int64_t>* sequences = nullptr) {
  RecordList<RecordProto> out;
  absl::Status status =
      store.ForEachCurrent(authority, kind, as_at, [&](const CurrentRecordView& current) {
        if (sequences != nullptr) sequences->push_back(current.sequence);
        return ParseOnto(out, kind, current);
      });
  if (!status.ok()) return status;
  out.Reverse();  // Visited in descending key order.
  if (sequences != nullptr) std::reverse(sequences->begin(), sequences->end());
  return out;
}

// The current records of `kind` now, taking every record unchanged since `previous` (the
// same sequence number: the same key and version) from it, the same object, and parsing
// only the others. Null when too little would be shared (see kMaxSharedArenas): the caller
// parses afresh.
template <typename RecordProto>
[[nodiscard]] absl::StatusOr<std::optional<KeptRecords<RecordProto>>> ParseChangedSince(
    const VersionedRecordStore& store, const std::string& authority, const std::string& kind,
    const KeptRecords<RecordProto>& previous) {
  if (previous.records.SharedArenas() >= kMaxSharedArenas) return std::nullopt;
  KeptRecords<RecordProto> out;
  out.parsed = previous.parsed;
  out.records.reserve(previous.records.size());
  out.sequences.reserve(previous.records.size());
  size_t shared = 0;
  // Both walk keys in descending order: the store visits so, and `previous` is read from its
  // end. An unchanged record has the same sequence number as the next kept one (once kept
  // keys withdrawn since are skipped); keys are compared only where the numbers differ.
  size_t remaining = previous.records.size();
  absl::Status status =
      store.ForEachCurrent(authority, kind, std::nullopt, [&](const CurrentRecordView& current) {
        const std::pair<absl::string_view, absl::string_view> key(current.source_system,
                                                                  current.source_id);
        while (remaining > 0) {
          if (previous.sequences[remaining - 1] == current.sequence) {
            --remaining;
            out.records.ShareRecord(previous.records, remaining);
            out.sequences.push_back(current.sequence);
            ++shared;
            return absl::OkStatus();
          }
          const auto old_key = SourceKeyOf(previous.records[remaining - 1]);
          if (old_key < key) break;  // `current` is a new key.
          --remaining;  // Withdrawn since (a greater key), or replaced by `current`.
          if (old_key == key) break;
        }
        out.sequences.push_back(current.sequence);
        ++out.parsed;
        return ParseOnto(out.records, kind, current);
      });
  if (!status.ok()) return status;
  if (shared * 2 < out.records.size() || out.parsed > 2 * out.records.size()) return std::nullopt;
  out.records.Reverse();
  std::reverse(out.sequences.begin(), out.sequences.end());
  return std::optional<KeptRecords<RecordProto>>(std::move(out));
}

}  // namespace records_internal

// The current records of one type for an authority, as recorded at `as_at` (nullopt: now),
// ordered by source system then source id.
//
// Current reads (no `as_at`) are kept decoded in the store's DecodedRecordCache under the
// kind's KindStamp: while no Append changes the kind, every load returns the same shared
// records without parsing; after an Append, only the records whose key or version changed
// are parsed, and every other record is the same object as in the previous load
// (DiffRecordLists relies on that). Every `as_at` read parses each record straight from the
// store's row buffer (VersionedRecordStore::ForEachCurrent).
template <typename RecordProto>
[[nodiscard]] absl::StatusOr<RecordList<RecordProto>> LoadCurrent(
    const VersionedRecordStore& store, const std::string& authority,
    std::optional<absl::Time> as_at) {
  const std::string& kind = RecordProto::descriptor()->full_name();
  DecodedRecordCache* cache = as_at.has_value() ? nullptr : store.decoded_cache();
  if (cache == nullptr) {
    return records_internal::ParseCurrent<RecordProto>(store, authority, kind, as_at);
  }
  using Kept = records_internal::KeptRecords<RecordProto>;
  const void* type = &records_internal::TypeTag<RecordProto>::kTag;
  // Read before the records: a kept list may be newer than its stamp, never older.
  const int64_t stamp = store.KindStamp(authority, kind);
  int64_t kept_stamp = 0;
  std::shared_ptr<const Kept> kept =
      std::static_pointer_cast<const Kept>(cache->FindAnyStamp(authority, kind, type, &kept_stamp));
  // A kept list stamped at or after `stamp` was read after every change up to it.
  if (kept != nullptr && kept_stamp >= stamp) return kept->records;
  std::optional<Kept> loaded;
  if (kept != nullptr) {
    absl::StatusOr<std::optional<Kept>> updated =
        records_internal::ParseChangedSince<RecordProto>(store, authority, kind, *kept);
    if (!updated.ok()) return updated.status();
    loaded = *std::move(updated);
  }
  if (!loaded.has_value()) {
    loaded.emplace();
    absl::StatusOr<RecordList<RecordProto>> parsed = records_internal::ParseCurrent<RecordProto>(
        store, authority, kind, std::nullopt, &loaded->sequences);
    if (!parsed.ok()) return parsed.status();
    loaded->records = *std::move(parsed);
    loaded->parsed = loaded->records.size();
  }
  const size_t bytes = loaded->records.SpaceAllocated() +
                       loaded->sequences.capacity() * sizeof(int64_t) + sizeof(Kept);
  auto value = std::make_shared<const Kept>(*std::move(loaded));
  cache->Insert(authority, kind, stamp, type, value, bytes);
  return value->records;
}

}  // namespace scorecard

#endif  // SCORECARD_COMMON_RECORDS_RECORD_IO_H_
