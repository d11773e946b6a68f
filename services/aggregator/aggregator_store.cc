#include "services/aggregator/aggregator_store.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/records/proto_date.h"

namespace scorecard::aggregator {
namespace {

constexpr char kLocalValueKind[] = "scorecard.aggregator.v1.LocalValue";
constexpr char kReferenceValueKind[] = "scorecard.aggregator.v1.ReferenceValue";
constexpr char kPublicationKind[] = "scorecard.aggregator.v1.Publication";
constexpr char kEntered[] = "entered";

// Deterministic bytes, so entering the value already held compares equal and adds nothing.
std::string Serialize(const google::protobuf::Message& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

template <typename Message>
absl::StatusOr<Message> Parse(const StoredRecord& record) {
  Message message;
  if (!message.ParseFromString(record.payload)) {
    return absl::DataLossError(
        absl::StrCat("stored ", record.key.kind, " version ", record.version, " does not parse"));
  }
  return message;
}

absl::StatusOr<v1::LocalValue> LocalValueFrom(const StoredRecord& record) {
  absl::StatusOr<v1::LocalValue> value = Parse<v1::LocalValue>(record);
  if (!value.ok()) return value;
  value->set_revision(record.version);
  *value->mutable_entered_at() = ToProtoTimestamp(record.recorded_at);
  return value;
}

absl::StatusOr<v1::Publication> PublicationFrom(const StoredRecord& record) {
  absl::StatusOr<v1::Publication> publication = Parse<v1::Publication>(record);
  if (!publication.ok()) return publication;
  publication->set_revision(record.version);
  *publication->mutable_published_at() = ToProtoTimestamp(record.recorded_at);
  return publication;
}

RecordKey PublicationKey(const std::string& authority, const std::string& scorecard_id,
                         Month month) {
  return RecordKey{authority, kPublicationKind, scorecard_id, FormatMonth(month)};
}

}  // namespace

absl::StatusOr<v1::LocalValue> AggregatorStore::EnterLocalValue(const v1::LocalValue& value,
                                                                const std::string& entered_by) {
  absl::StatusOr<Month> month = FromProtoMonth(value.month());
  if (!month.ok()) return month.status();
  v1::LocalValue stored;
  stored.set_authority(value.authority());
  stored.set_measure_id(value.measure_id());
  *stored.mutable_month() = value.month();
  if (value.has_value()) stored.set_value(value.value());
  stored.set_entered_by(entered_by);
  const RecordKey key{value.authority(), kLocalValueKind, kEntered,
                      absl::StrCat(value.measure_id(), "/", FormatMonth(*month))};
  const RecordWrite write{key, /*deleted=*/false, Serialize(stored)};
  absl::StatusOr<AppendOutcome> appended = records_->Append({&write, 1});
  if (!appended.ok()) return appended.status();
  absl::StatusOr<std::vector<StoredRecord>> history = records_->History(key);
  if (!history.ok()) return history.status();
  if (history->empty()) return absl::InternalError("local value not found after storing it");
  return LocalValueFrom(history->back());
}

absl::StatusOr<LocalValues> AggregatorStore::ReadLocalValues(
    const std::string& authority, std::optional<absl::Time> as_at) const {
  absl::StatusOr<std::vector<StoredRecord>> records =
      records_->ReadCurrent(authority, kLocalValueKind, as_at);
  if (!records.ok()) return records.status();
  LocalValues out;
  for (const StoredRecord& record : *records) {
    absl::StatusOr<v1::LocalValue> value = LocalValueFrom(record);
    if (!value.ok()) return value.status();
    absl::StatusOr<Month> month = FromProtoMonth(value->month());
    if (!month.ok() || !value->has_value()) continue;  // withdrawn
    out[value->measure_id()][*month] = value->value();
  }
  return out;
}

absl::StatusOr<v1::LoadReferenceValuesResponse> AggregatorStore::LoadReferenceValues(
    absl::Span<const v1::ReferenceValue> values) {
  std::vector<RecordWrite> writes;
  writes.reserve(values.size());
  for (const v1::ReferenceValue& value : values) {
    const std::string authority = value.authority().empty() ? kAllAuthorities : value.authority();
    writes.push_back(
        RecordWrite{RecordKey{authority, kReferenceValueKind, value.source(),
                              absl::StrCat(value.comparator_key(), "/", value.period())},
                    /*deleted=*/false, Serialize(value)});
  }
  absl::StatusOr<AppendOutcome> appended = records_->Append(writes);
  if (!appended.ok()) return appended.status();
  v1::LoadReferenceValuesResponse response;
  response.set_new_versions(appended->new_versions);
  response.set_unchanged(appended->unchanged);
  return response;
}

absl::StatusOr<ComparatorTable> AggregatorStore::ReadComparators(
    const std::string& authority, std::optional<absl::Time> as_at) const {
  ComparatorTable table;
  // National first: the authority's own figures then override them.
  for (const std::string& owner : {std::string(kAllAuthorities), authority}) {
    absl::StatusOr<std::vector<StoredRecord>> records =
        records_->ReadCurrent(owner, kReferenceValueKind, as_at);
    if (!records.ok()) return records.status();
    for (const StoredRecord& record : *records) {
      absl::StatusOr<v1::ReferenceValue> value = Parse<v1::ReferenceValue>(record);
      if (!value.ok()) return value.status();
      table.Add(*value);
    }
  }
  return table;
}

absl::StatusOr<std::vector<v1::Publication>> AggregatorStore::PublicationHistory(
    const std::string& authority, const std::string& scorecard_id, Month month) const {
  absl::StatusOr<std::vector<StoredRecord>> history =
      records_->History(PublicationKey(authority, scorecard_id, month));
  if (!history.ok()) return history.status();
  std::vector<v1::Publication> out;
  for (const StoredRecord& record : *history) {
    absl::StatusOr<v1::Publication> publication = PublicationFrom(record);
    if (!publication.ok()) return publication.status();
    out.push_back(*std::move(publication));
  }
  return out;
}

absl::StatusOr<v1::Publication> AggregatorStore::AppendPublication(v1::Publication publication) {
  absl::StatusOr<Month> month = FromProtoMonth(publication.month());
  if (!month.ok()) return month.status();
  // Revision and published_at come from the store (version number, recorded instant).
  publication.clear_revision();
  publication.clear_published_at();
  const RecordKey key = PublicationKey(publication.authority(), publication.scorecard_id(), *month);
  const RecordWrite write{key, /*deleted=*/false, Serialize(publication)};
  absl::StatusOr<AppendOutcome> appended = records_->Append({&write, 1});
  if (!appended.ok()) return appended.status();
  absl::StatusOr<std::vector<StoredRecord>> history = records_->History(key);
  if (!history.ok()) return history.status();
  if (history->empty()) return absl::InternalError("publication not found after storing it");
  return PublicationFrom(history->back());
}

absl::StatusOr<std::vector<v1::Publication>> AggregatorStore::ListPublications(
    const std::string& authority, const std::string& scorecard_id, bool with_history) const {
  absl::StatusOr<std::vector<StoredRecord>> latest =
      records_->ReadCurrent(authority, kPublicationKind);
  if (!latest.ok()) return latest.status();
  std::vector<v1::Publication> out;
  for (const StoredRecord& record : *latest) {
    if (!scorecard_id.empty() && record.key.source_system != scorecard_id) continue;
    if (with_history && record.version > 1) {
      absl::StatusOr<std::vector<StoredRecord>> history = records_->History(record.key);
      if (!history.ok()) return history.status();
      for (const StoredRecord& earlier : *history) {
        if (earlier.version >= record.version || earlier.deleted) continue;
        absl::StatusOr<v1::Publication> publication = PublicationFrom(earlier);
        if (!publication.ok()) return publication.status();
        out.push_back(*std::move(publication));
      }
    }
    absl::StatusOr<v1::Publication> publication = PublicationFrom(record);
    if (!publication.ok()) return publication.status();
    out.push_back(*std::move(publication));
  }
  return out;
}

int64_t AggregatorStore::DataVersion(const std::string& authority) const {
  return std::max(records_->DataVersion(authority), records_->DataVersion(kAllAuthorities));
}

}  // namespace scorecard::aggregator
