// Copyright: the scorecard project.
//
// An in-process cache of immutable values, bounded by bytes, least recently used
// evicted first.
//
//   scorecard::MemoryLru<Scorecard> cards(64 << 20);
//   if (std::shared_ptr<const Scorecard> card = cards.Get(key)) return *card;
//   cards.Put(key, std::make_shared<const Scorecard>(computed), computed.SpaceUsedLong());
//
// Meant for keys that name their content exactly (a scorecard key carries every data
// version), so an entry is never stale and nothing is ever invalidated: entries only
// leave when space is needed. Values are shared, never copied under the lock; a value
// stays alive for whoever holds it after eviction.
//
// Each entry is charged the caller's `bytes` plus its key and a fixed overhead. A value
// larger than the whole budget is not kept; a capacity of 0 keeps nothing.
// Thread-safe. Never throws (beyond allocation).

#ifndef SCORECARD_COMMON_CACHE_MEMORY_LRU_H_
#define SCORECARD_COMMON_CACHE_MEMORY_LRU_H_

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace scorecard {

struct MemoryLruStats {
  int64_t hits = 0;
  int64_t misses = 0;
  int64_t evictions = 0;
  int64_t entries = 0;
  int64_t bytes = 0;
  int64_t capacity_bytes = 0;
};

template <typename V>
class MemoryLru {
 public:
  // Book-keeping charged per entry on top of the value and key.
  static constexpr int64_t kEntryOverheadBytes = 128;

  explicit MemoryLru(int64_t capacity_bytes)
      : capacity_bytes_(capacity_bytes < 0 ? 0 : capacity_bytes) {}
  MemoryLru(const MemoryLru&) = delete;
  MemoryLru& operator=(const MemoryLru&) = delete;

  bool enabled() const { return capacity_bytes_ > 0; }

  // The value under `key` (now the most recently used), or null.
  std::shared_ptr<const V> Get(const std::string& key) {
    absl::MutexLock lock(&mu_);
    auto it = index_.find(key);
    if (it == index_.end()) {
      ++misses_;
      return nullptr;
    }
    ++hits_;
    entries_.splice(entries_.begin(), entries_, it->second);
    return it->second->value;
  }

  // Keeps `value` under `key`, charged `bytes`, evicting the least recently used
  // entries to make room. Replaces an entry already there.
  void Put(const std::string& key, std::shared_ptr<const V> value, int64_t bytes) {
    const int64_t charge = bytes + static_cast<int64_t>(key.size()) + kEntryOverheadBytes;
    if (value == nullptr || charge > capacity_bytes_) return;
    std::list<Entry> evicted;  // destroyed after the lock is released
    absl::MutexLock lock(&mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      bytes_ -= it->second->charge;
      evicted.splice(evicted.end(), entries_, it->second);
      index_.erase(it);
    }
    while (bytes_ + charge > capacity_bytes_ && !entries_.empty()) {
      auto last = std::prev(entries_.end());
      bytes_ -= last->charge;
      index_.erase(last->key);
      evicted.splice(evicted.end(), entries_, last);
      ++evictions_;
    }
    entries_.push_front(Entry{key, std::move(value), charge});
    index_[key] = entries_.begin();
    bytes_ += charge;
  }

  MemoryLruStats Stats() const {
    absl::MutexLock lock(&mu_);
    MemoryLruStats stats;
    stats.hits = hits_;
    stats.misses = misses_;
    stats.evictions = evictions_;
    stats.entries = static_cast<int64_t>(index_.size());
    stats.bytes = bytes_;
    stats.capacity_bytes = capacity_bytes_;
    return stats;
  }

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const V> value;
    int64_t charge = 0;
  };

  const int64_t capacity_bytes_;
  mutable absl::Mutex mu_;
  // Most recently used first.
  std::list<Entry> entries_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, typename std::list<Entry>::iterator> index_
      ABSL_GUARDED_BY(mu_);
  int64_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t hits_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t misses_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t evictions_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_CACHE_MEMORY_LRU_H_
