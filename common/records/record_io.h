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

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
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

// The current records of `kind` as stored now or as at `as_at`, each parsed straight from
// the store's buffer onto the list's arena, in source key order.
template <typename RecordProto>
[[nodiscard]] absl::StatusOr<RecordList<RecordProto>> ParseCurrent(
    const VersionedRecordStore& store, const std::string& authority, const std::string& kind,
    std::optional<absl::Time> as_at) {
  RecordList<RecordProto> out;
  absl::Status status =
      store.ForEachCurrent(authority, kind, as_at, [&](const CurrentRecordView& current) {
        RecordProto& record = out.emplace_back();
        // SQLite caps a blob below 2^31 bytes, so the size fits an int.
        if (!record.ParseFromArray(current.payload.data(),
                                   static_cast<int>(current.payload.size()))) {
          return absl::DataLossError(absl::StrCat("stored ", kind, " ", current.source_system,
                                                  "/", current.source_id, " does not parse"));
        }
        return absl::OkStatus();
      });
  if (!status.ok()) return status;
  out.Reverse();  // Visited in descending key order.
  return out;
}

}  // namespace records_internal

// The current records of one type for an authority, as recorded at `as_at` (nullopt: now),
// ordered by source system then source id.
//
// Current reads (no `as_at`) are kept decoded in the store's DecodedRecordCache under the
// kind's KindStamp: while no Append changes the kind, every load returns the same shared
// records without parsing. Otherwise (and for every `as_at` read) each record is parsed
// straight from the store's row buffer (VersionedRecordStore::ForEachCurrent).
template <typename RecordProto>
[[nodiscard]] absl::StatusOr<RecordList<RecordProto>> LoadCurrent(
    const VersionedRecordStore& store, const std::string& authority,
    std::optional<absl::Time> as_at) {
  const std::string& kind = RecordProto::descriptor()->full_name();
  DecodedRecordCache* cache = as_at.has_value() ? nullptr : store.decoded_cache();
  if (cache == nullptr) {
    return records_internal::ParseCurrent<RecordProto>(store, authority, kind, as_at);
  }
  const void* type = &records_internal::TypeTag<RecordProto>::kTag;
  // Read before the records: a kept list may be newer than its stamp, never older.
  const int64_t stamp = store.KindStamp(authority, kind);
  if (std::shared_ptr<const void> kept = cache->Find(authority, kind, stamp, type)) {
    return *std::static_pointer_cast<const RecordList<RecordProto>>(kept);
  }
  absl::StatusOr<RecordList<RecordProto>> parsed =
      records_internal::ParseCurrent<RecordProto>(store, authority, kind, std::nullopt);
  if (!parsed.ok()) return parsed.status();
  const size_t bytes = parsed->SpaceAllocated() + sizeof(RecordList<RecordProto>);
  cache->Insert(authority, kind, stamp, type,
                std::make_shared<const RecordList<RecordProto>>(*parsed), bytes);
  return parsed;
}

}  // namespace scorecard

#endif  // SCORECARD_COMMON_RECORDS_RECORD_IO_H_
