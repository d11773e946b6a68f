#include "common/records/record_io.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <set>

#include "absl/time/clock.h"
#include "common/records/proto_date.h"

namespace scorecard {
namespace {

// Deterministic bytes, so an identical re-send compares equal to the stored version.
std::string SerializeDeterministically(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeWithCachedSizes(&coded);
  return out;
}

absl::StatusOr<const common::v1::RecordHeader*> HeaderOf(const google::protobuf::Message& m) {
  const google::protobuf::FieldDescriptor* field = m.GetDescriptor()->FindFieldByName("header");
  if (field == nullptr || field->message_type() != common::v1::RecordHeader::descriptor()) {
    return absl::InternalError(
        absl::StrCat(m.GetDescriptor()->full_name(), " has no RecordHeader `header` field"));
  }
  return static_cast<const common::v1::RecordHeader*>(
      &m.GetReflection()->GetMessage(m, field));
}

}  // namespace

absl::StatusOr<common::v1::IngestResponse> AppendRecords(
    VersionedRecordStore& store, absl::Span<const google::protobuf::Message* const> records) {
  std::vector<RecordWrite> writes;
  writes.reserve(records.size());
  std::set<std::string> authorities;
  for (const google::protobuf::Message* record : records) {
    absl::StatusOr<const common::v1::RecordHeader*> header = HeaderOf(*record);
    if (!header.ok()) return header.status();
    RecordWrite write;
    write.key.authority = (*header)->authority();
    write.key.kind = record->GetDescriptor()->full_name();
    write.key.source_system = (*header)->source().system();
    write.key.source_id = (*header)->source().id();
    write.deleted = (*header)->deleted();
    record->ByteSizeLong();  // caches sizes for SerializeWithCachedSizes
    write.payload = SerializeDeterministically(*record);
    authorities.insert(write.key.authority);
    writes.push_back(std::move(write));
  }
  absl::StatusOr<AppendOutcome> outcome = store.Append(writes);
  if (!outcome.ok()) return outcome.status();
  common::v1::IngestResponse response;
  response.set_new_versions(outcome->new_versions);
  response.set_unchanged(outcome->unchanged);
  for (const std::string& authority : authorities) {
    common::v1::DataVersion* v = response.add_data_versions();
    v->set_authority(authority);
    v->set_version(store.DataVersion(authority));
  }
  const absl::Time recorded =
      outcome->recorded_at == absl::InfinitePast() ? absl::Now() : outcome->recorded_at;
  *response.mutable_recorded_at() = ToProtoTimestamp(recorded);
  return response;
}

}  // namespace scorecard
