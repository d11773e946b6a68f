// Periods of care and placements from hand-built episode lists.
#include "services/placement/care_history.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/placement/placement_test_util.h"

namespace scorecard::placement {
namespace {

using testutil::Episode;
using testutil::FollowedOn;
using testutil::kOpen;

TEST(PeriodsOfCareTest, SplitsOnNewStartsAndGapsAndIgnoresShortBreaks) {
  const std::vector<EpisodeFacts> episodes = {
      // Period 1: 03/04/2017 to 01/06/2017, through a follow-on placement change.
      FollowedOn(Date(2017, 4, 3), Date(2017, 5, 10)),
      Episode(Date(2017, 5, 10), Date(2017, 6, 1), "P"),
      // Short break between periods: not part of any period.
      Episode(Date(2017, 6, 10), Date(2017, 6, 12), "S", "V3"),
      // Period 2: a gap since 01/06, so a new period although RNE is "L".
      Episode(Date(2017, 7, 1), Date(2017, 8, 1), "L"),
      // Period 3: "S" on the day period 2 ended is a new period (903 rule 431's case).
      Episode(Date(2017, 8, 1), kOpen, "S"),
  };
  std::vector<PeriodOfCare> periods = PeriodsOfCare(episodes);
  ASSERT_EQ(periods.size(), 3u);
  EXPECT_EQ(periods[0].start, Date(2017, 4, 3));
  EXPECT_EQ(periods[0].end, Date(2017, 6, 1));
  EXPECT_EQ(periods[1].start, Date(2017, 7, 1));
  EXPECT_EQ(periods[1].end, Date(2017, 8, 1));
  EXPECT_EQ(periods[2].start, Date(2017, 8, 1));
  EXPECT_EQ(periods[2].end, std::nullopt);
}

TEST(PeriodsOfCareTest, FullCareAfterShortBreaksStartsItsOwnPeriod) {
  // A V4 series since 01/01/2017, then full care from 03/04/2017 recorded as a legal-status
  // change ("L"): the period starts on 03/04/2017, not 01/01/2017.
  const std::vector<EpisodeFacts> episodes = {
      Episode(Date(2017, 1, 1), Date(2017, 4, 3), "S", "V4"),
      Episode(Date(2017, 4, 3), kOpen, "L", "C2")};
  std::vector<PeriodOfCare> periods = PeriodsOfCare(episodes);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].start, Date(2017, 4, 3));
}

TEST(PeriodsOfCareTest, AnOpenEpisodeKeepsThePeriodOpen) {
  // Overlapping episodes (a recording error): the open one keeps the period open although
  // a later-listed one has an end.
  const std::vector<EpisodeFacts> episodes = {Episode(Date(2017, 1, 1), kOpen),
                                              Episode(Date(2017, 2, 1), Date(2017, 3, 1), "L")};
  std::vector<PeriodOfCare> periods = PeriodsOfCare(episodes);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].end, std::nullopt);
}

TEST(PlacementSpellsTest, EveryReasonButLegalStatusOnlyStartsAPlacement) {
  // One period of care from 01/01/2016: S (U6), L on 01/03 (same placement), P on 01/05
  // (new carer, U6), T on 01/07 (same carer, now long-term U4), U on 01/09 (legal status and
  // carer, U6), B on 01/11 (legal status and placement type, same carer, A5).
  const std::vector<EpisodeFacts> episodes = {
      FollowedOn(Date(2016, 1, 1), Date(2016, 3, 1), "S", "U6"),
      FollowedOn(Date(2016, 3, 1), Date(2016, 5, 1), "L", "U6"),
      FollowedOn(Date(2016, 5, 1), Date(2016, 7, 1), "P", "U6"),
      FollowedOn(Date(2016, 7, 1), Date(2016, 9, 1), "T", "U4"),
      FollowedOn(Date(2016, 9, 1), Date(2016, 11, 1), "U", "U6"),
      Episode(Date(2016, 11, 1), kOpen, "B", "C2", "A5"),
  };
  std::vector<PlacementSpell> spells = PlacementSpells(episodes);
  ASSERT_EQ(spells.size(), 5u);
  EXPECT_EQ(spells[0].start, Date(2016, 1, 1));
  EXPECT_EQ(spells[0].end, Date(2016, 5, 1));  // through the L episode
  EXPECT_EQ(spells[0].placement, "U6");
  EXPECT_EQ(spells[1].start, Date(2016, 5, 1));
  EXPECT_EQ(spells[2].start, Date(2016, 7, 1));
  EXPECT_EQ(spells[2].placement, "U4");
  EXPECT_EQ(spells[3].start, Date(2016, 9, 1));
  EXPECT_EQ(spells[4].start, Date(2016, 11, 1));
  EXPECT_EQ(spells[4].end, std::nullopt);
  EXPECT_EQ(spells[4].placement, "A5");
}

TEST(PlacementSpellsTest, FirstEpisodeOfEachPeriodStartsAPlacementAndShortBreaksAreIgnored) {
  const std::vector<EpisodeFacts> episodes = {
      Episode(Date(2016, 1, 1), Date(2016, 2, 1)),             // period 1
      Episode(Date(2016, 3, 1), Date(2016, 3, 3), "S", "V3"),  // short break: ignored
      Episode(Date(2016, 4, 1), kOpen, "L"),                   // period 2 after a gap
  };
  std::vector<PlacementSpell> spells = PlacementSpells(episodes);
  ASSERT_EQ(spells.size(), 2u);
  EXPECT_EQ(spells[0].end, Date(2016, 2, 1));
  EXPECT_EQ(spells[1].start, Date(2016, 4, 1));
}

TEST(OpenAtEndOfTest, EndingOnADayIsOverByItsEnd) {
  EXPECT_TRUE(OpenAtEndOf(Date(2017, 5, 1), Date(2017, 5, 31), Date(2017, 5, 30)));
  EXPECT_FALSE(OpenAtEndOf(Date(2017, 5, 1), Date(2017, 5, 31), Date(2017, 5, 31)));
  EXPECT_TRUE(OpenAtEndOf(Date(2017, 5, 31), kOpen, Date(2017, 5, 31)));
  EXPECT_FALSE(OpenAtEndOf(Date(2017, 6, 1), kOpen, Date(2017, 5, 31)));
}

}  // namespace
}  // namespace scorecard::placement
