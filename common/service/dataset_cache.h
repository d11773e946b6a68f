// The few most recently loaded datasets of a domain service, keyed on authority and data
// version. A dataset is built from the authority's current records (tens of milliseconds for
// a large authority); the aggregator's calls for one card, a drill-down's pages and a
// manager's clicks on neighbouring cells all ask for the same version, so they share one build.
// Correctness rests on the version: any acknowledged write changes it, so a read after a write
// never sees an older dataset. Reads "as at" an instant are not cached.
//
//   DatasetCache<SafeguardingData> cache(/*capacity=*/8);
//   absl::StatusOr<std::shared_ptr<const SafeguardingData>> data =
//       cache.GetOrLoad("869", version, [&] { return Load(store, "869", std::nullopt); });
#ifndef SCORECARD_COMMON_SERVICE_DATASET_CACHE_H_
#define SCORECARD_COMMON_SERVICE_DATASET_CACHE_H_

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace scorecard {

template <typename Dataset>
class DatasetCache {
 public:
  explicit DatasetCache(size_t capacity) : capacity_(capacity) {}

  // The cached dataset for (authority, version), or `load()`'s result, kept when OK. Two
  // callers missing at once may both load; the second result replaces the first (they are
  // equal: same version).
  template <typename Load>
  absl::StatusOr<std::shared_ptr<const Dataset>> GetOrLoad(const std::string& authority,
                                                           int64_t version, Load&& load) {
    {
      absl::MutexLock lock(&mu_);
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->authority == authority && it->version == version) {
          entries_.splice(entries_.begin(), entries_, it);  // most recently used first
          return entries_.front().data;
        }
      }
    }
    absl::StatusOr<Dataset> loaded = load();
    if (!loaded.ok()) return loaded.status();
    auto data = std::make_shared<const Dataset>(*std::move(loaded));
    if (capacity_ == 0) return data;
    absl::MutexLock lock(&mu_);
    for (const Entry& e : entries_) {
      // A newer version arrived while this one loaded: keep that one, serve this one once.
      if (e.authority == authority && e.version >= version) return data;
    }
    // Versions only grow: an older version of the authority is never asked for again.
    entries_.remove_if([&](const Entry& e) { return e.authority == authority; });
    entries_.push_front(Entry{authority, version, data});
    while (entries_.size() > capacity_) entries_.pop_back();
    return data;
  }

  size_t size() const {
    absl::MutexLock lock(&mu_);
    return entries_.size();
  }

 private:
  struct Entry {
    std::string authority;
    int64_t version;
    std::shared_ptr<const Dataset> data;
  };

  const size_t capacity_;
  mutable absl::Mutex mu_;
  std::list<Entry> entries_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVICE_DATASET_CACHE_H_
