// Figures several measures of one dataset derive alike from the same records (who has an
// open case at a month end, a supervision tally, the social-worker bands), computed once and
// kept for as long as the dataset lives. A key names the figure and everything it depends on
// besides the records (a month end, a period, a team, the calendar's address, a setting); a
// key always holds one type. Thread-safe, so datasets shared between concurrent requests
// (common/service/dataset_cache.h) can share their figures too.
//
//   std::shared_ptr<const Tally> tally = data.shared->Get<Tally>(
//       absl::StrCat("supervision|", FormatIsoDate(month_end), "|", team),
//       [&] { return ComputeTally(data, month_end, team); });
//
// Drill-down must not take a shared figure in place of noting its cases: a measure either
// walks its cases itself (sharing only intermediate lists) or bypasses the store when
// ctx.drilling_down().
#ifndef SCORECARD_COMMON_MEASURES_SHARED_FIGURES_H_
#define SCORECARD_COMMON_MEASURES_SHARED_FIGURES_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace scorecard {

class SharedFigures {
 public:
  // The figure stored under `key`, computing and storing it first if need be. Two callers
  // racing on one key may both compute; both get the value stored first.
  template <typename T, typename Compute>
  std::shared_ptr<const T> Get(const std::string& key, Compute compute) const {
    {
      absl::MutexLock lock(&mu_);
      auto it = figures_.find(key);
      if (it != figures_.end()) return std::static_pointer_cast<const T>(it->second);
    }
    std::shared_ptr<const void> value = std::make_shared<const T>(compute());
    absl::MutexLock lock(&mu_);
    return std::static_pointer_cast<const T>(figures_.try_emplace(key, value).first->second);
  }

 private:
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const void>> figures_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_MEASURES_SHARED_FIGURES_H_
