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
#include <type_traits>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/concurrency/single_flight.h"

namespace scorecard {

// Datasets a domain service keeps (the most recently used authorities') unless told
// otherwise (--cached_datasets).
inline constexpr size_t kDefaultCachedDatasets = 8;

template <typename Dataset>
class DatasetCache {
 public:
  explicit DatasetCache(size_t capacity) : capacity_(capacity) {}

  // The cached dataset for (authority, version), or `load()`'s result, kept when OK.
  // Callers missing at once share one load: the aggregator asks each service for a card's
  // measures in several concurrent calls, and each would otherwise build the same dataset.
  // `load` may instead take a `const Dataset*`: the authority's latest kept dataset (an
  // older version; null when none), to build the new one from what changed since.
  template <typename Load>
  absl::StatusOr<std::shared_ptr<const Dataset>> GetOrLoad(const std::string& authority,
                                                           int64_t version, Load&& load) {
    if (std::shared_ptr<const Dataset> cached = Find(authority, version)) return cached;
    return loads_
        .Do(absl::StrCat(authority, "@", version),
            [&]() -> absl::StatusOr<std::shared_ptr<const Dataset>> {
              // Loaded by a flight that ended just before this one began?
              if (std::shared_ptr<const Dataset> cached = Find(authority, version)) {
                return cached;
              }
              absl::StatusOr<Dataset> loaded = [&]() -> absl::StatusOr<Dataset> {
                if constexpr (std::is_invocable_v<Load&, const Dataset*>) {
                  const std::shared_ptr<const Dataset> previous = Latest(authority);
                  return load(previous.get());
                } else {
                  return load();
                }
              }();
              if (!loaded.ok()) return loaded.status();
              auto data = std::make_shared<const Dataset>(*std::move(loaded));
              Keep(authority, version, data);
              return data;
            })
        .value;
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

  std::shared_ptr<const Dataset> Find(const std::string& authority, int64_t version) {
    absl::MutexLock lock(&mu_);
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->authority == authority && it->version == version) {
        entries_.splice(entries_.begin(), entries_, it);  // most recently used first
        return entries_.front().data;
      }
    }
    return nullptr;
  }

  // The newest kept dataset of the authority, whatever its version.
  std::shared_ptr<const Dataset> Latest(const std::string& authority) {
    absl::MutexLock lock(&mu_);
    for (const Entry& e : entries_) {
      if (e.authority == authority) return e.data;  // Keep holds one version per authority.
    }
    return nullptr;
  }

  void Keep(const std::string& authority, int64_t version,
            const std::shared_ptr<const Dataset>& data) {
    if (capacity_ == 0) return;
    absl::MutexLock lock(&mu_);
    for (const Entry& e : entries_) {
      // A newer version arrived while this one loaded: keep that one, serve this one once.
      if (e.authority == authority && e.version >= version) return;
    }
    // Versions only grow: an older version of the authority is never asked for again.
    entries_.remove_if([&](const Entry& e) { return e.authority == authority; });
    entries_.push_front(Entry{authority, version, data});
    while (entries_.size() > capacity_) entries_.pop_back();
  }

  const size_t capacity_;
  SingleFlight<absl::StatusOr<std::shared_ptr<const Dataset>>> loads_;
  mutable absl::Mutex mu_;
  std::list<Entry> entries_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVICE_DATASET_CACHE_H_
