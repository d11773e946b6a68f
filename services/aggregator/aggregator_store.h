// The aggregator's own data, kept in a VersionedRecordStore (append-only, versioned,
// bitemporal — the same store the domain services use): local measures' entered values,
// reference figures for comparators, and publications.
//
//   absl::StatusOr<std::unique_ptr<VersionedRecordStore>> records =
//       VersionedRecordStore::Open(data_dir + "/aggregator.sqlite");
//   AggregatorStore store(records->get());
//   absl::StatusOr<v1::LocalValue> entered = store.EnterLocalValue(value, "admin");
//   absl::StatusOr<LocalValues> values = store.ReadLocalValues("869", as_at);
//
// Keys (authority, kind, source system, source id):
//   local value      (authority, LocalValue, "entered", "<measure id>/<YYYY-MM>")
//   reference value  (authority or "all", ReferenceValue, source, "<key>/<period>")
//   publication      (authority, Publication, scorecard id, "<YYYY-MM>")
// A correction, a withdrawn value or a republication is the key's next version, so the
// version number is the revision and History() keeps every earlier one; nothing is
// updated in place. Reads take `as_at`, so a card asked for as at an instant sees these
// as they stood then.
#ifndef SCORECARD_SERVICES_AGGREGATOR_AGGREGATOR_STORE_H_
#define SCORECARD_SERVICES_AGGREGATOR_AGGREGATOR_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/store/record_store.h"
#include "common/time/civil_date.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"
#include "services/aggregator/reference_values.h"

namespace scorecard::aggregator {

// Where national reference figures (no authority) are kept.
inline constexpr char kAllAuthorities[] = "all";

// Local measure id -> month -> value. A measure is present only if it has a value.
using LocalValues = std::map<std::string, std::map<Month, double>>;

class AggregatorStore {
 public:
  explicit AggregatorStore(VersionedRecordStore* records) : records_(records) {}

  // Stores one month's value (or, with no value, its withdrawal) entered by `entered_by`.
  // The request must be validated. Returns it as stored, with revision and entered_at;
  // entering the value already held changes nothing and returns the held one.
  [[nodiscard]] absl::StatusOr<v1::LocalValue> EnterLocalValue(const v1::LocalValue& value,
                                                               const std::string& entered_by);
  [[nodiscard]] absl::StatusOr<LocalValues> ReadLocalValues(const std::string& authority,
                                                            std::optional<absl::Time> as_at) const;

  // Stores validated values in one batch.
  [[nodiscard]] absl::StatusOr<v1::LoadReferenceValuesResponse> LoadReferenceValues(
      absl::Span<const v1::ReferenceValue> values);
  // The national figures and the authority's own.
  [[nodiscard]] absl::StatusOr<ComparatorTable> ReadComparators(
      const std::string& authority, std::optional<absl::Time> as_at) const;

  // Every revision of one month's publication, oldest first (empty if never published).
  [[nodiscard]] absl::StatusOr<std::vector<v1::Publication>> PublicationHistory(
      const std::string& authority, const std::string& scorecard_id, Month month) const;
  // Stores `publication` as the month's next revision; returns it with revision and
  // published_at set.
  [[nodiscard]] absl::StatusOr<v1::Publication> AppendPublication(v1::Publication publication);
  // The latest revision of every published month of the authority (all cards when
  // `scorecard_id` is empty), by scorecard then month; `with_history` adds the earlier
  // revisions before each latest one.
  [[nodiscard]] absl::StatusOr<std::vector<v1::Publication>> ListPublications(
      const std::string& authority, const std::string& scorecard_id, bool with_history) const;

  // Changes whenever anything a card for `authority` reads from this store changes: its
  // local values, its own or national reference figures (and its publications). The
  // store's sequence is store-wide, so the larger of the authority's and the national
  // version moves with either. Served from memory.
  int64_t DataVersion(const std::string& authority) const;

 private:
  VersionedRecordStore* records_;
};

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_AGGREGATOR_STORE_H_
