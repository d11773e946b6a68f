// An in-memory copy of the current records of a few recently read authorities, so that a
// dataset load after a write reads memory instead of scanning SQLite again. Internal to
// VersionedRecordStore, which owns one, guards it with its database lock, fills a kind
// from SQLite on its first current read, and applies every committed Append to it.
//
// Layout per (authority, kind): a packed base (one byte buffer holding every key and
// payload, plus an entry per record in descending key order) filled by one scan, and a small sorted
// overlay of what Appends changed since (a tombstone there hides a base record). Reads merge the
// two; the overlay is folded into a new base once it grows past an eighth of the base.
//
// Memory is bounded by `max_bytes`: after a read, least recently read authorities are
// dropped until the estimate fits (an authority larger than the budget is not kept).
//
// A kind is copied in on its second unmirrored read, not its first (AdmitOnRead): a pass
// that reads every authority once, such as every council's first card after a restart,
// would otherwise copy each one only to evict it, which cost a tenth of such a pass.
//
// Not thread-safe: the caller serializes every call.
#ifndef SCORECARD_COMMON_STORE_CURRENT_MIRROR_H_
#define SCORECARD_COMMON_STORE_CURRENT_MIRROR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/store/authority_lru.h"
#include "common/store/record_store.h"

namespace scorecard {

class CurrentRecordMirror {
 public:
  // The current records of one (authority, kind).
  class KindRecords {
   public:
    // Adds the next record of the initial scan; keys must come in strictly descending
    // (source_system, source_id) order, as ForEachCurrent's scan produces them.
    void AddNext(const CurrentRecordView& record);

    // Visits the current records in descending key order; stops at the first error.
    absl::Status VisitDescending(
        absl::FunctionRef<absl::Status(const CurrentRecordView&)> visit) const;
    // Records one appended version: a later version of a key replaces it, a tombstone
    // hides it.
    void Apply(absl::string_view source_system, absl::string_view source_id, bool deleted,
               absl::string_view payload, int64_t version, int64_t sequence,
               int64_t recorded_at_us);

    // Estimated heap bytes held.
    size_t bytes() const {
      return bytes_.capacity() + entries_.capacity() * sizeof(Entry) + overlay_bytes_;
    }
    // Releases the slack left by growing while the scan added records.
    void ShrinkToFit();

   private:
    struct Entry {
      size_t offset = 0;  // source_system, source_id, then payload, in bytes_.
      uint32_t system_size = 0;
      uint32_t id_size = 0;
      size_t payload_size = 0;
      int64_t version = 0;
      int64_t sequence = 0;
      int64_t recorded_at_us = 0;
    };
    struct Changed {
      bool deleted = false;
      std::string payload;
      int64_t version = 0;
      int64_t sequence = 0;
      int64_t recorded_at_us = 0;
    };
    using Key = std::pair<std::string, std::string>;  // (source_system, source_id)

    CurrentRecordView ViewOf(const Entry& entry) const;
    // Folds the overlay into a new base.
    void Compact();

    std::string bytes_;
    std::vector<Entry> entries_;  // Descending key order.
    absl::btree_map<Key, Changed> overlay_;
    size_t overlay_bytes_ = 0;
  };

  explicit CurrentRecordMirror(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The mirrored records of (authority, kind), or null; marks the authority most recently
  // read.
  const KindRecords* Find(absl::string_view authority, absl::string_view kind);
  // For a read of (authority, kind) that Find did not serve: true when the caller should
  // copy the records in (Insert), i.e. the kind was read before while the authority was
  // remembered; otherwise notes this read. Marks the authority most recently read.
  bool AdmitOnRead(absl::string_view authority, absl::string_view kind);
  // Keeps `records` as the current records of (authority, kind), as the most recently read,
  // then drops least recently read authorities (possibly this one) until the memory
  // estimate fits.
  void Insert(absl::string_view authority, absl::string_view kind, KindRecords records);
  // Applies one committed version if its (authority, kind) is mirrored.
  void Apply(const RecordKey& key, bool deleted, absl::string_view payload, int64_t version,
             int64_t sequence,
             int64_t recorded_at_us);

  size_t authorities() const { return authorities_.size(); }
  // Estimated heap bytes held by all mirrored records.
  size_t bytes() const { return bytes_; }

 private:
  struct Authority {
    absl::flat_hash_map<std::string, KindRecords> kinds;
    absl::flat_hash_set<std::string> read_once;  // Kinds read once, not yet mirrored.
  };

  void EvictOverBudget();

  const size_t max_bytes_;
  AuthorityLru<Authority> authorities_;  // Most recently read first.
  size_t bytes_ = 0;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_STORE_CURRENT_MIRROR_H_
