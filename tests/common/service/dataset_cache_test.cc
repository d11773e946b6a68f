#include "common/service/dataset_cache.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"

#include "gtest/gtest.h"

namespace scorecard {
namespace {

struct Toy {
  std::string built_from;
};

TEST(DatasetCacheTest, SharesOneBuildPerAuthorityAndVersion) {
  DatasetCache<Toy> cache(4);
  int loads = 0;
  auto load = [&] {
    ++loads;
    return absl::StatusOr<Toy>(Toy{"v" + std::to_string(loads)});
  };
  auto first = cache.GetOrLoad("869", 7, load);
  auto second = cache.GetOrLoad("869", 7, load);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(first->get(), second->get());
}

TEST(DatasetCacheTest, ConcurrentMissesShareOneLoad) {
  // The aggregator's calls for one card arrive together; one build must serve them all.
  DatasetCache<Toy> cache(4);
  std::atomic<int> loads{0};
  absl::Notification release;
  auto slow_load = [&] {
    ++loads;
    release.WaitForNotificationWithTimeout(absl::Seconds(10));
    return absl::StatusOr<Toy>(Toy{"shared"});
  };
  std::vector<std::thread> callers;
  std::vector<std::string> seen(4);
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&, i] {
      auto data = cache.GetOrLoad("869", 3, slow_load);
      if (data.ok()) seen[i] = (*data)->built_from;
    });
  }
  absl::SleepFor(absl::Milliseconds(100));  // let every caller join the first load
  release.Notify();
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(loads.load(), 1);
  for (const std::string& s : seen) EXPECT_EQ(s, "shared");
}

TEST(DatasetCacheTest, ANewVersionIsLoadedAndReplacesTheOld) {
  DatasetCache<Toy> cache(4);
  int loads = 0;
  auto load = [&] {
    ++loads;
    return absl::StatusOr<Toy>(Toy{"v" + std::to_string(loads)});
  };
  ASSERT_TRUE(cache.GetOrLoad("869", 7, load).ok());
  auto after_write = cache.GetOrLoad("869", 8, load);  // a write moved the version on
  ASSERT_TRUE(after_write.ok());
  EXPECT_EQ((*after_write)->built_from, "v2");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(DatasetCacheTest, AnOlderVersionLoadedLateDoesNotEvictTheNewer) {
  DatasetCache<Toy> cache(4);
  ASSERT_TRUE(cache.GetOrLoad("869", 8, [] { return absl::StatusOr<Toy>(Toy{"new"}); }).ok());
  auto late = cache.GetOrLoad("869", 7, [] { return absl::StatusOr<Toy>(Toy{"old"}); });
  ASSERT_TRUE(late.ok());
  EXPECT_EQ((*late)->built_from, "old");  // served to its caller once
  auto again = cache.GetOrLoad("869", 8, [] { return absl::StatusOr<Toy>(Toy{"reloaded"}); });
  EXPECT_EQ((*again)->built_from, "new");
}

TEST(DatasetCacheTest, KeepsTheMostRecentlyUsedAuthoritiesUpToCapacity) {
  DatasetCache<Toy> cache(2);
  auto make = [](const char* name) { return [name] { return absl::StatusOr<Toy>(Toy{name}); }; };
  ASSERT_TRUE(cache.GetOrLoad("869", 1, make("a")).ok());
  ASSERT_TRUE(cache.GetOrLoad("870", 1, make("b")).ok());
  ASSERT_TRUE(cache.GetOrLoad("869", 1, make("unused")).ok());  // 869 is now most recent
  ASSERT_TRUE(cache.GetOrLoad("871", 1, make("c")).ok());       // evicts 870
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ((*cache.GetOrLoad("869", 1, make("reloaded")))->built_from, "a");
  EXPECT_EQ((*cache.GetOrLoad("870", 1, make("reloaded")))->built_from, "reloaded");
}

TEST(DatasetCacheTest, ALoadMayBuildFromTheAuthoritysPreviousDataset) {
  DatasetCache<Toy> cache(4);
  std::vector<std::string> seen;  // What each load was given to build from.
  auto load = [&](const Toy* previous) {
    seen.push_back(previous == nullptr ? "none" : previous->built_from);
    return absl::StatusOr<Toy>(Toy{"v" + std::to_string(seen.size())});
  };
  ASSERT_TRUE(cache.GetOrLoad("869", 7, load).ok());
  ASSERT_TRUE(cache.GetOrLoad("870", 3, load).ok());  // Another authority's: not offered.
  ASSERT_TRUE(cache.GetOrLoad("869", 9, load).ok());
  ASSERT_TRUE(cache.GetOrLoad("869", 9, load).ok());  // Kept: no load.
  ASSERT_TRUE(cache.GetOrLoad("869", 12, load).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"none", "none", "v1", "v3"}));
}

TEST(DatasetCacheTest, FailedLoadsAreNotCached) {
  DatasetCache<Toy> cache(4);
  auto failed =
      cache.GetOrLoad("869", 1, [] { return absl::StatusOr<Toy>(absl::InternalError("disk")); });
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ((*cache.GetOrLoad("869", 1, [] { return absl::StatusOr<Toy>(Toy{"ok"}); }))->built_from,
            "ok");
}

}  // namespace
}  // namespace scorecard
