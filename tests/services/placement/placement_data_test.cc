// Decoding stored placement records into per-child histories.
#include "services/placement/placement_data.h"

#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::placement {
namespace {

using ::testing::ElementsAre;

v1::Episode EpisodeRecord(const std::string& child, Date start, std::optional<Date> end,
                          const std::string& rne) {
  v1::Episode e;
  e.set_child_id(child);
  *e.mutable_start_date() = ToProtoDate(start);
  if (end.has_value()) *e.mutable_end_date() = ToProtoDate(*end);
  e.set_reason_new_episode(rne);
  e.set_legal_status("C2");
  e.set_placement("U4");
  return e;
}

v1::LacReview ReviewRecord(const std::string& child, Date held) {
  v1::LacReview r;
  r.set_child_id(child);
  *r.mutable_review_date() = ToProtoDate(held);
  return r;
}

TEST(AssemblePlacementDataTest, GroupsByChildAndOrdersEachHistory) {
  v1::LookedAfterChild b;
  b.set_child_id("B");
  b.set_team("DCT");
  b.set_uasc(true);
  *b.mutable_uasc_ceased_date() = ToProtoDate(Date(2017, 9, 1));
  *b.mutable_birth_date() = ToProtoDate(Date(2005, 2, 28));

  const std::vector<v1::LookedAfterChild> children = {b};
  // Given out of order, as a store may return them.
  const std::vector<v1::Episode> episodes = {
      EpisodeRecord("B", Date(2017, 5, 10), std::nullopt, "P"),
      EpisodeRecord("A", Date(2016, 1, 4), Date(2016, 3, 1), "S"),
      EpisodeRecord("B", Date(2017, 4, 3), Date(2017, 5, 10), "S"),
  };
  const std::vector<v1::LacReview> reviews = {
      ReviewRecord("B", Date(2017, 8, 1)),
      ReviewRecord("B", Date(2017, 4, 28)),
  };

  PlacementData data = AssemblePlacementData(children, episodes, reviews);
  ASSERT_EQ(data.children.size(), 2u);

  const ChildFacts& a = data.children[0];
  EXPECT_EQ(a.child_id, "A");
  EXPECT_EQ(a.team, "");  // no LookedAfterChild record
  EXPECT_FALSE(a.uasc);
  ASSERT_EQ(a.episodes.size(), 1u);
  EXPECT_EQ(a.episodes[0].end_date, Date(2016, 3, 1));

  const ChildFacts& child_b = data.children[1];
  EXPECT_EQ(child_b.child_id, "B");
  EXPECT_EQ(child_b.team, "DCT");
  EXPECT_TRUE(child_b.uasc);
  EXPECT_EQ(child_b.uasc_ceased_date, Date(2017, 9, 1));
  EXPECT_EQ(child_b.birth_date, Date(2005, 2, 28));
  ASSERT_EQ(child_b.episodes.size(), 2u);
  EXPECT_EQ(child_b.episodes[0].start_date, Date(2017, 4, 3));
  EXPECT_EQ(child_b.episodes[0].reason_new_episode, "S");
  EXPECT_EQ(child_b.episodes[1].start_date, Date(2017, 5, 10));
  EXPECT_EQ(child_b.episodes[1].end_date, std::nullopt);
  EXPECT_EQ(child_b.episodes[1].legal_status, "C2");
  EXPECT_THAT(child_b.review_dates, ElementsAre(Date(2017, 4, 28), Date(2017, 8, 1)));
}

TEST(AssemblePlacementDataTest, SameDayEpisodesPutTheOpenOneLast) {
  // A one-day episode and a follow-on starting the same day: the closed one comes first.
  const std::vector<v1::Episode> episodes = {
      EpisodeRecord("A", Date(2017, 5, 31), std::nullopt, "P"),
      EpisodeRecord("A", Date(2017, 5, 31), Date(2017, 5, 31), "S"),
  };
  PlacementData data = AssemblePlacementData({}, episodes, {});
  ASSERT_EQ(data.children.size(), 1u);
  ASSERT_EQ(data.children[0].episodes.size(), 2u);
  EXPECT_EQ(data.children[0].episodes[0].reason_new_episode, "S");
  EXPECT_EQ(data.children[0].episodes[1].reason_new_episode, "P");
}

}  // namespace
}  // namespace scorecard::placement
