// Decoded current records kept between dataset loads, per (authority, kind), so a load after
// a write re-parses only the kinds that write changed. Owned by a VersionedRecordStore (see
// VersionedRecordStore::decoded_cache and KindStamp); filled and read by LoadCurrent<T>
// (common/records/record_io.h), which knows the decoded type. The store knows nothing of
// it: values are type-erased, tagged with their type so a lookup never returns another type.
//
// Each entry carries the kind's change stamp as read BEFORE its records were read, so the
// records are at least as new as the stamp; a lookup hits only on an equal stamp.
//
// Memory is bounded by `max_bytes`: after an insert, least recently used authorities are
// dropped until the estimate fits (an authority larger than the budget is not kept).
// Dropping an entry never frees records a caller still holds (values are shared).
//
// Thread-safe.
#ifndef SCORECARD_COMMON_STORE_DECODED_CACHE_H_
#define SCORECARD_COMMON_STORE_DECODED_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "common/store/authority_lru.h"

namespace scorecard {

class DecodedRecordCache {
 public:
  explicit DecodedRecordCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  DecodedRecordCache(const DecodedRecordCache&) = delete;
  DecodedRecordCache& operator=(const DecodedRecordCache&) = delete;

  // The value kept for (authority, kind) if it was kept with `stamp` and `type`, else null;
  // a hit marks the authority most recently used.
  std::shared_ptr<const void> Find(absl::string_view authority, absl::string_view kind,
                                   int64_t stamp, const void* type);
  // The value kept for (authority, kind) with `type` whatever its stamp, which is written to
  // `*stamp`; null if none. A loader updates an older value instead of starting afresh.
  std::shared_ptr<const void> FindAnyStamp(absl::string_view authority, absl::string_view kind,
                                           const void* type, int64_t* stamp);
  // Keeps `value` (`bytes` large) for (authority, kind), unless a value with a newer stamp is
  // already kept, then drops least recently used authorities until the budget fits.
  void Insert(absl::string_view authority, absl::string_view kind, int64_t stamp, const void* type,
              std::shared_ptr<const void> value, size_t bytes);

  size_t bytes() const;
  size_t authorities() const;

 private:
  struct Entry {
    int64_t stamp = 0;
    const void* type = nullptr;
    std::shared_ptr<const void> value;
    size_t bytes = 0;
  };
  struct Authority {
    absl::flat_hash_map<std::string, Entry> kinds;
    size_t bytes = 0;
  };

  // Moves the dropped authorities to `evicted`.
  void EvictOverBudgetLocked(std::vector<Authority>& evicted) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  AuthorityLru<Authority> authorities_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_STORE_DECODED_CACHE_H_
