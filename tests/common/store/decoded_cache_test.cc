#include "common/store/decoded_cache.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"

namespace scorecard {
namespace {

constexpr char kReferral[] = "scorecard.safeguarding.v1.Referral";
constexpr char kContact[] = "scorecard.safeguarding.v1.Contact";
// Two distinct type tags.
constexpr char kIntType = 0;
constexpr char kStringType = 0;

std::shared_ptr<const void> Value(int n) { return std::make_shared<const int>(n); }
int ValueOf(const std::shared_ptr<const void>& value) {
  return *std::static_pointer_cast<const int>(value);
}

TEST(DecodedRecordCacheTest, HitsOnlyOnTheSameStampAndType) {
  DecodedRecordCache cache(1000);
  EXPECT_EQ(cache.Find("869", kReferral, 0, &kIntType), nullptr);
  cache.Insert("869", kReferral, 7, &kIntType, Value(1), 10);
  ASSERT_NE(cache.Find("869", kReferral, 7, &kIntType), nullptr);
  EXPECT_EQ(ValueOf(cache.Find("869", kReferral, 7, &kIntType)), 1);
  EXPECT_EQ(cache.Find("869", kReferral, 8, &kIntType), nullptr);
  EXPECT_EQ(cache.Find("869", kReferral, 7, &kStringType), nullptr);
  EXPECT_EQ(cache.Find("869", kContact, 7, &kIntType), nullptr);
  EXPECT_EQ(cache.Find("870", kReferral, 7, &kIntType), nullptr);
  EXPECT_EQ(cache.bytes(), 10u);
}

TEST(DecodedRecordCacheTest, NewerStampReplacesAndOlderDoesNot) {
  DecodedRecordCache cache(1000);
  cache.Insert("869", kReferral, 7, &kIntType, Value(1), 10);
  cache.Insert("869", kReferral, 9, &kIntType, Value(2), 30);
  EXPECT_EQ(ValueOf(cache.Find("869", kReferral, 9, &kIntType)), 2);
  EXPECT_EQ(cache.bytes(), 30u);
  // A slow load that read stamp 8 finishes last: it must not replace stamp 9.
  cache.Insert("869", kReferral, 8, &kIntType, Value(3), 20);
  EXPECT_EQ(ValueOf(cache.Find("869", kReferral, 9, &kIntType)), 2);
  EXPECT_EQ(cache.Find("869", kReferral, 8, &kIntType), nullptr);
  EXPECT_EQ(cache.bytes(), 30u);
}

TEST(DecodedRecordCacheTest, EvictsLeastRecentlyUsedAuthorities) {
  DecodedRecordCache cache(100);
  cache.Insert("869", kReferral, 1, &kIntType, Value(1), 30);
  cache.Insert("869", kContact, 1, &kIntType, Value(2), 10);       // 869: 40 bytes.
  cache.Insert("870", kReferral, 1, &kIntType, Value(3), 40);      // 80 in all.
  ASSERT_NE(cache.Find("869", kReferral, 1, &kIntType), nullptr);  // 870 least recent.
  cache.Insert("871", kReferral, 1, &kIntType, Value(4), 40);      // 120: drops 870 (40).
  EXPECT_EQ(cache.authorities(), 2u);
  EXPECT_EQ(cache.bytes(), 80u);
  EXPECT_EQ(cache.Find("870", kReferral, 1, &kIntType), nullptr);
  EXPECT_NE(cache.Find("869", kContact, 1, &kIntType), nullptr);
  EXPECT_NE(cache.Find("871", kReferral, 1, &kIntType), nullptr);
}

TEST(DecodedRecordCacheTest, AnAuthorityLargerThanTheBudgetIsNotKept) {
  DecodedRecordCache cache(100);
  const std::shared_ptr<const void> big = Value(5);
  cache.Insert("869", kReferral, 1, &kIntType, big, 101);
  EXPECT_EQ(cache.Find("869", kReferral, 1, &kIntType), nullptr);
  EXPECT_EQ(cache.authorities(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
  EXPECT_EQ(ValueOf(big), 5);  // The caller's value is untouched.
}

}  // namespace
}  // namespace scorecard
