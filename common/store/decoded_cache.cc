#include "common/store/decoded_cache.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace scorecard {

std::shared_ptr<const void> DecodedRecordCache::Find(absl::string_view authority,
                                                     absl::string_view kind, int64_t stamp,
                                                     const void* type) {
  int64_t kept_stamp = 0;
  std::shared_ptr<const void> kept = FindAnyStamp(authority, kind, type, &kept_stamp);
  return kept_stamp == stamp ? kept : nullptr;
}

std::shared_ptr<const void> DecodedRecordCache::FindAnyStamp(absl::string_view authority,
                                                             absl::string_view kind,
                                                             const void* type, int64_t* stamp) {
  absl::MutexLock lock(&mu_);
  Authority* held = authorities_.Peek(authority);
  if (held == nullptr) return nullptr;
  auto entry = held->kinds.find(kind);
  if (entry == held->kinds.end() || entry->second.type != type) return nullptr;
  authorities_.Find(authority);  // A hit marks the authority most recently used.
  *stamp = entry->second.stamp;
  return entry->second.value;
}

void DecodedRecordCache::Insert(absl::string_view authority, absl::string_view kind, int64_t stamp,
                                const void* type, std::shared_ptr<const void> value, size_t bytes) {
  // What is dropped here is freed after the lock is released: it may be large.
  std::shared_ptr<const void> replaced;
  std::vector<Authority> evicted;
  {
    absl::MutexLock lock(&mu_);
    Authority& a = authorities_.FindOrAdd(authority);
    Entry& entry = a.kinds[kind];
    // A slower load that read an older stamp must not replace a newer entry.
    if (entry.value != nullptr && entry.stamp > stamp) return;
    a.bytes -= entry.bytes;
    bytes_ -= entry.bytes;
    replaced = std::move(entry.value);
    entry = Entry{stamp, type, std::move(value), bytes};
    a.bytes += bytes;
    bytes_ += bytes;
    EvictOverBudgetLocked(evicted);
  }
}

void DecodedRecordCache::EvictOverBudgetLocked(std::vector<Authority>& evicted) {
  while (bytes_ > max_bytes_ && !authorities_.empty()) {
    evicted.push_back(authorities_.PopLeastRecent());
    bytes_ -= evicted.back().bytes;
  }
}

size_t DecodedRecordCache::bytes() const {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

size_t DecodedRecordCache::authorities() const {
  absl::MutexLock lock(&mu_);
  return authorities_.size();
}

}  // namespace scorecard
