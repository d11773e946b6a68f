// Copyright: the scorecard project.

#include "common/cache/memory_lru.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace scorecard {
namespace {

using Lru = MemoryLru<std::string>;

// An entry's charge: its bytes, its key and the fixed overhead.
int64_t Charge(int64_t bytes, const std::string& key) {
  return bytes + static_cast<int64_t>(key.size()) + Lru::kEntryOverheadBytes;
}

std::shared_ptr<const std::string> Value(const std::string& text) {
  return std::make_shared<const std::string>(text);
}

TEST(MemoryLruTest, ReturnsWhatWasPutAndCountsHitsAndMisses) {
  Lru lru(1 << 20);
  EXPECT_EQ(lru.Get("k1"), nullptr);
  lru.Put("k1", Value("card one"), 1000);
  std::shared_ptr<const std::string> found = lru.Get("k1");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(*found, "card one");
  const MemoryLruStats stats = lru.Stats();
  EXPECT_EQ(stats.hits, 1);
  EXPECT_EQ(stats.misses, 1);
  EXPECT_EQ(stats.entries, 1);
  EXPECT_EQ(stats.bytes, Charge(1000, "k1"));  // 1000 + 2 + 128 = 1130
  EXPECT_EQ(stats.bytes, 1130);
}

TEST(MemoryLruTest, EvictsTheLeastRecentlyUsedToStayWithinBytes) {
  // Room for exactly three entries of 1000 bytes with two-character keys (3 x 1130).
  Lru lru(3 * 1130);
  lru.Put("k1", Value("1"), 1000);
  lru.Put("k2", Value("2"), 1000);
  lru.Put("k3", Value("3"), 1000);
  ASSERT_NE(lru.Get("k1"), nullptr);  // k1 now most recent; k2 least
  lru.Put("k4", Value("4"), 1000);
  EXPECT_EQ(lru.Get("k2"), nullptr) << "the least recently used goes first";
  EXPECT_NE(lru.Get("k1"), nullptr);
  EXPECT_NE(lru.Get("k3"), nullptr);
  EXPECT_NE(lru.Get("k4"), nullptr);
  const MemoryLruStats stats = lru.Stats();
  EXPECT_EQ(stats.evictions, 1);
  EXPECT_EQ(stats.entries, 3);
  EXPECT_EQ(stats.bytes, 3 * 1130);

  // A large entry pushes out as many as it needs: 2000 + 2 + 128 = 2130 leaves room
  // for one 1130 entry beside it, so two of the three go (k1 and k3, least recent).
  lru.Put("k5", Value("5"), 2000);
  EXPECT_EQ(lru.Stats().entries, 2);
  EXPECT_NE(lru.Get("k4"), nullptr);
  EXPECT_EQ(lru.Get("k1"), nullptr);
  EXPECT_EQ(lru.Get("k3"), nullptr);
}

TEST(MemoryLruTest, ReplacingAKeyRechargesIt) {
  Lru lru(1 << 20);
  lru.Put("k1", Value("old"), 1000);
  lru.Put("k1", Value("new"), 500);
  EXPECT_EQ(*lru.Get("k1"), "new");
  EXPECT_EQ(lru.Stats().bytes, Charge(500, "k1"));
  EXPECT_EQ(lru.Stats().evictions, 0) << "a replacement is not an eviction";
}

TEST(MemoryLruTest, ZeroCapacityOrAnOversizedValueKeepsNothing) {
  Lru disabled(0);
  EXPECT_FALSE(disabled.enabled());
  disabled.Put("k1", Value("x"), 1);
  EXPECT_EQ(disabled.Get("k1"), nullptr);

  Lru small(1000);
  small.Put("big", Value("x"), 1000);  // 1000 + 3 + 128 > 1000
  EXPECT_EQ(small.Get("big"), nullptr);
  EXPECT_EQ(small.Stats().bytes, 0);
}

TEST(MemoryLruTest, AnEvictedValueLivesOnForWhoeverHoldsIt) {
  Lru lru(1130);
  lru.Put("k1", Value("first"), 1000);
  std::shared_ptr<const std::string> held = lru.Get("k1");
  lru.Put("k2", Value("second"), 1000);
  EXPECT_EQ(lru.Get("k1"), nullptr);
  EXPECT_EQ(*held, "first");
}

}  // namespace
}  // namespace scorecard
