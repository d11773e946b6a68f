#include "common/store/authority_lru.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace scorecard {
namespace {

// The order authorities would be dropped in, emptying the list.
std::vector<std::string> DropAll(AuthorityLru<std::string>& lru) {
  std::vector<std::string> dropped;
  while (!lru.empty()) dropped.push_back(lru.PopLeastRecent());
  return dropped;
}

TEST(AuthorityLruTest, DropsTheAuthorityUsedLongestAgoFirst) {
  AuthorityLru<std::string> lru;
  lru.FindOrAdd("869") = "west berkshire";
  lru.FindOrAdd("870") = "reading";
  lru.FindOrAdd("871") = "slough";
  ASSERT_NE(lru.Find("869"), nullptr);  // used again: now the most recent
  EXPECT_EQ(lru.size(), 3u);
  EXPECT_EQ(DropAll(lru), (std::vector<std::string>{"reading", "slough", "west berkshire"}));
  EXPECT_TRUE(lru.empty());
}

TEST(AuthorityLruTest, FindOrAddKeepsTheValueAndMarksItUsed) {
  AuthorityLru<std::string> lru;
  lru.FindOrAdd("869") = "kept";
  lru.FindOrAdd("870") = "other";
  EXPECT_EQ(lru.FindOrAdd("869"), "kept");  // not reset
  EXPECT_EQ(lru.size(), 2u);
  EXPECT_EQ(DropAll(lru), (std::vector<std::string>{"other", "kept"}));
}

TEST(AuthorityLruTest, PeekDoesNotMarkUsedAndMissesAreNotAdded) {
  AuthorityLru<std::string> lru;
  lru.FindOrAdd("869") = "first";
  lru.FindOrAdd("870") = "second";
  ASSERT_NE(lru.Peek("869"), nullptr);
  EXPECT_EQ(*lru.Peek("869"), "first");
  EXPECT_EQ(lru.Peek("999"), nullptr);
  EXPECT_EQ(lru.Find("999"), nullptr);
  EXPECT_EQ(lru.size(), 2u);
  EXPECT_EQ(DropAll(lru), (std::vector<std::string>{"first", "second"}));
}

}  // namespace
}  // namespace scorecard
