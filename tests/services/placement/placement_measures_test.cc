// Placement counting rules on hand-built care histories. Every expected date and count is
// worked out by hand in the comments, against the England and Wales bank holidays
// (2017: 14/04, 17/04, 01/05, 29/05, 28/08; 2023-24: none in Nov-Feb bar 25-26/12, 01/01).
#include "services/placement/placement_measures.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/measures/measure_period.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/placement/placement_test_util.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;

using testutil::Child;
using testutil::Context;
using testutil::Data;
using testutil::Episode;
using testutil::FollowedOn;
using testutil::kOpen;
using testutil::Snapshot;

MeasureContext SnapshotContext(Month month, std::string team = "") {
  return Snapshot(month, std::move(team));
}

// ---- placement.lac_count ----------------------------------------------------------------

TEST(LookedAfterChildrenTest, CountsEpisodesOpenAtTheEndOfTheMonthsLastDay) {
  PlacementData data;
  data.children = {
      Child("open", {Episode(Date(2017, 3, 1), kOpen)}),                      // counted
      Child("ends_after", {Episode(Date(2017, 3, 1), Date(2017, 6, 1))}),     // counted
      Child("starts_on_last_day", {Episode(Date(2017, 5, 31), kOpen)}),       // counted
      Child("ended_before", {Episode(Date(2017, 3, 1), Date(2017, 5, 30))}),  // not
      Child("starts_after", {Episode(Date(2017, 6, 1), kOpen)}),              // not
  };
  EXPECT_EQ(LookedAfterChildren(data, SnapshotContext(Month(2017, 5))).numerator, 3);
}

TEST(LookedAfterChildrenTest, EpisodeEndingOnTheMonthEndIsNotCounted) {
  // Ceased on 31/05/2017: no longer looked after at the end of 31/05 (DEC is not "open").
  PlacementData data;
  data.children = {Child("ends_on_month_end", {Episode(Date(2017, 3, 1), Date(2017, 5, 31))})};
  EXPECT_EQ(LookedAfterChildren(data, SnapshotContext(Month(2017, 5))).numerator, 0);
  // At the end of April the same episode was open.
  EXPECT_EQ(LookedAfterChildren(data, SnapshotContext(Month(2017, 4))).numerator, 1);
}

TEST(LookedAfterChildrenTest, EpisodeStartingAndEndingOnTheMonthsLastDayIsNotCounted) {
  PlacementData data;
  data.children = {
      Child("same_day", {Episode(Date(2017, 5, 31), Date(2017, 5, 31))}),
      // Control: starting that day and still open at its end does count.
      Child("starts_that_day", {Episode(Date(2017, 5, 31), Date(2017, 6, 2))}),
  };
  EXPECT_EQ(LookedAfterChildren(data, SnapshotContext(Month(2017, 5))).numerator, 1);
}

TEST(LookedAfterChildrenTest, ChildWithSeveralEpisodesCountsOnce) {
  PlacementData data;
  data.children = {
      // Placement change on 15/04/2017: the second episode follows on from the first.
      Child("follow_on",
            {Episode(Date(2017, 1, 1), Date(2017, 4, 15)), Episode(Date(2017, 4, 15), kOpen, "P")}),
      // Two open episodes at once (a recording error) are still one child.
      Child("overlap", {Episode(Date(2017, 1, 1), kOpen), Episode(Date(2017, 2, 1), kOpen, "L")}),
  };
  EXPECT_EQ(LookedAfterChildren(data, SnapshotContext(Month(2017, 5))).numerator, 2);
}

TEST(LookedAfterChildrenTest, ShortBreaksAreExcluded) {
  PlacementData data;
  data.children = {
      Child("single_short_break", {Episode(Date(2017, 5, 30), kOpen, "S", "V3")}),
      Child("series_of_short_breaks", {Episode(Date(2017, 1, 1), kOpen, "S", "V4")}),
      // Short breaks and full care at once: looked after through the C2 episode.
      Child("also_in_care", {Episode(Date(2017, 1, 1), kOpen, "S", "V4"),
                             Episode(Date(2017, 4, 3), kOpen, "S", "C2")}),
      Child("accommodated", {Episode(Date(2017, 1, 1), kOpen, "S", "V2")}),  // s20: counted
  };
  EXPECT_EQ(LookedAfterChildren(data, SnapshotContext(Month(2017, 5))).numerator, 2);
}

TEST(LookedAfterChildrenTest, TeamFilterUsesTheChildsTeam) {
  PlacementData data;
  data.children = {
      Child("dct_open", {Episode(Date(2017, 1, 1), kOpen)}, {}, "DCT"),
      Child("dct_ended", {Episode(Date(2017, 1, 1), Date(2017, 5, 31))}, {}, "DCT"),
      Child("cin1_open", {Episode(Date(2017, 1, 1), kOpen)}, {}, "CIN1"),
      // No LookedAfterChild record: team "".
      Child("no_child_record", {Episode(Date(2017, 1, 1), kOpen)}),
  };
  EXPECT_EQ(LookedAfterChildren(data, SnapshotContext(Month(2017, 5), "DCT")).numerator, 1);
  EXPECT_EQ(LookedAfterChildren(data, SnapshotContext(Month(2017, 5), "CIN1")).numerator, 1);
  EXPECT_EQ(LookedAfterChildren(data, SnapshotContext(Month(2017, 5))).numerator, 3);
}

TEST(LookedAfterChildrenTest, IndexedDataFindsTheSameChildrenAsAScan) {
  // The same boundary cases, as the loader indexes them (care spans, memo) and unindexed.
  std::vector<ChildFacts> children = {
      Child("starts_on_last_day", {Episode(Date(2017, 5, 31), kOpen)}),           // counted
      Child("ends_on_last_day", {Episode(Date(2017, 3, 1), Date(2017, 5, 31))}),  // not
      Child("ends_next_day", {Episode(Date(2017, 3, 1), Date(2017, 6, 1))}),      // counted
      Child("starts_next_day", {Episode(Date(2017, 6, 1), kOpen)}),               // not
      // An unclosed 2016 episode and an "S" period 01/04-01/05/2017: one child, counted.
      Child("overlap",
            {Episode(Date(2016, 1, 4), kOpen), Episode(Date(2017, 4, 1), Date(2017, 5, 1), "S")}),
      Child("gap", {Episode(Date(2016, 1, 4), Date(2017, 2, 1)),
                    Episode(Date(2017, 5, 2), kOpen)}),  // counted
  };
  PlacementData scanned;
  scanned.children = children;
  PlacementData indexed = Data(children);
  ASSERT_EQ(indexed.care_spans_for_children, children.size());
  for (const PlacementData* data : {&scanned, &indexed}) {
    EXPECT_EQ(LookedAfterChildren(*data, SnapshotContext(Month(2017, 5))).numerator, 4);
    // At 30/04/2017: ends_on_last_day, ends_next_day, overlap (in its 2017 period): 3.
    EXPECT_EQ(LookedAfterChildren(*data, SnapshotContext(Month(2017, 4))).numerator, 3);
    // Asked again (the indexed data now answers from its memo).
    EXPECT_EQ(LookedAfterChildren(*data, SnapshotContext(Month(2017, 5))).numerator, 4);
  }
}

// ---- placement.lac_uasc -------------------------------------------------------------------

TEST(LookedAfterUascTest, CountsLookedAfterChildrenStillUascAtMonthEnd) {
  auto uasc_child = [](std::string id, std::optional<Date> ceased, bool uasc = true,
                       std::optional<Date> episode_end = std::nullopt) {
    ChildFacts c = Child(std::move(id), {Episode(Date(2017, 1, 1), episode_end)});
    c.uasc = uasc;
    c.uasc_ceased_date = ceased;
    return c;
  };
  PlacementData data;
  data.children = {
      uasc_child("uasc", std::nullopt),                                // counted
      uasc_child("ceased_before", Date(2017, 5, 15)),                  // not: ceased 15/05
      uasc_child("ceased_on_month_end", Date(2017, 5, 31)),            // not: ceased that day
      uasc_child("ceases_after", Date(2017, 6, 1)),                    // counted
      uasc_child("not_uasc", std::nullopt, /*uasc=*/false),            // not
      uasc_child("left_care", std::nullopt, true, Date(2017, 5, 20)),  // not looked after
  };
  const MeasureContext may = SnapshotContext(Month(2017, 5));
  EXPECT_EQ(LookedAfterUasc(data, may).numerator, 2);
  EXPECT_EQ(LookedAfterChildren(data, may).numerator, 5);
  // At the end of April all but the UASC-less child were UASC and looked after.
  EXPECT_EQ(LookedAfterUasc(data, SnapshotContext(Month(2017, 4))).numerator, 5);
}

// ---- review timescales --------------------------------------------------------------------

TEST(NextReviewDueByTest, FollowsRegulation33) {
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  // Mon 22/05/2017 + 20 working days, skipping bank holiday Mon 29/05: Tue 23/05 is 1,
  // Fri 26/05 is 4, Tue 30/05 is 5, Fri 02/06 is 8, Fri 09/06 is 13, Fri 16/06 is 18,
  // Tue 20/06 is 20.
  EXPECT_EQ(NextReviewDueBy(Date(2017, 5, 22), {}, cal), Date(2017, 6, 20));
  // Thu 02/11/2023 + 20: Fri 03/11 is 1, Fri 10/11 is 6, Fri 17/11 is 11, Fri 24/11 is 16,
  // Thu 30/11 is 20.
  EXPECT_EQ(NextReviewDueBy(Date(2023, 11, 2), {}, cal), Date(2023, 11, 30));
  // Second review: 3 months after the first, clamped to the month's end.
  const std::vector<Date> first_30_nov = {Date(2023, 11, 30)};
  EXPECT_EQ(NextReviewDueBy(Date(2023, 11, 2), first_30_nov, cal), Date(2024, 2, 29));
  const std::vector<Date> first_31_jan = {Date(2024, 1, 31)};
  EXPECT_EQ(NextReviewDueBy(Date(2024, 1, 3), first_31_jan, cal), Date(2024, 4, 30));
  // Later reviews: 6 months after the previous one (31/08 + 6 months: 29/02 in 2024,
  // 28/02 in 2023).
  const std::vector<Date> leap = {Date(2023, 5, 2), Date(2023, 8, 31)};
  EXPECT_EQ(NextReviewDueBy(Date(2023, 4, 3), leap, cal), Date(2024, 2, 29));
  const std::vector<Date> common_year = {Date(2022, 5, 3), Date(2022, 8, 31)};
  EXPECT_EQ(NextReviewDueBy(Date(2022, 4, 4), common_year, cal), Date(2023, 2, 28));
}

// ---- placement.lac_reviews_on_time ---------------------------------------------------------

TEST(LacReviewsOnTimeTest, FirstReviewDueDateSkipsTheBankHoliday) {
  // Both became looked after Mon 22/05/2017: first review due by Tue 20/06/2017 (29/05 is
  // a bank holiday; ignoring it would give Mon 19/06). At 30/06/2017 the second review is
  // not yet due (20/09/2017 at the earliest).
  PlacementData data;
  data.children = {
      Child("held_20_june", {Episode(Date(2017, 5, 22), kOpen)}, {Date(2017, 6, 20)}),  // on time
      Child("held_21_june", {Episode(Date(2017, 5, 22), kOpen)}, {Date(2017, 6, 21)}),  // late
  };
  Fraction f = LacReviewsOnTime(data, SnapshotContext(Month(2017, 6)));
  EXPECT_EQ(f.denominator, 2);
  EXPECT_EQ(f.numerator, 1);
}

TEST(LacReviewsOnTimeTest, CountsChildrenOnceTheirFirstReviewHasFallenDue) {
  // At Fri 30/06/2017 (no bank holidays in June 2017):
  PlacementData data;
  data.children = {
      // Thu 01/06 + 20 working days = Thu 29/06; nothing held by 30/06: late.
      Child("due_29_june", {Episode(Date(2017, 6, 1), kOpen)}),
      // Fri 02/06 + 20 = Fri 30/06: due today, can still be held today: not late.
      Child("due_30_june", {Episode(Date(2017, 6, 2), kOpen)}),
      // Mon 05/06 + 20 = Mon 03/07: not yet due, so not in the denominator.
      Child("due_3_july", {Episode(Date(2017, 6, 5), kOpen)}),
  };
  Fraction f = LacReviewsOnTime(data, SnapshotContext(Month(2017, 6)));
  EXPECT_EQ(f.denominator, 2);
  EXPECT_EQ(f.numerator, 1);
  // At 31/05/2017 none of them was looked after yet.
  EXPECT_EQ(LacReviewsOnTime(data, SnapshotContext(Month(2017, 5))).denominator, 0);
}

TEST(LacReviewsOnTimeTest, SecondReviewDueThreeMonthsAfterTheFirstClampedToLeapDay) {
  // Became looked after Thu 02/11/2023; first review due Thu 30/11/2023 and held that day.
  // Second due 30/11/2023 + 3 months = 30/02/2024, clamped to Thu 29/02/2024 (leap year).
  PlacementData data;
  data.children = {
      // Second on 29/02/2024: on time; third due 29/08/2024, after 31/03/2024.
      Child("held_29_feb", {Episode(Date(2023, 11, 2), kOpen)},
            {Date(2023, 11, 30), Date(2024, 2, 29)}),
      // Second on 01/03/2024: a day late.
      Child("held_1_mar", {Episode(Date(2023, 11, 2), kOpen)},
            {Date(2023, 11, 30), Date(2024, 3, 1)}),
  };
  Fraction f = LacReviewsOnTime(data, SnapshotContext(Month(2024, 3)));
  EXPECT_EQ(f.denominator, 2);
  EXPECT_EQ(f.numerator, 1);
}

TEST(LacReviewsOnTimeTest, SecondReviewAfterA31JanuaryFirstReview) {
  // Became looked after Wed 03/01/2024; first review due Wed 31/01/2024 (Thu 04/01 is 1,
  // Fri 12/01 is 7, Fri 19/01 is 12, Fri 26/01 is 17, Wed 31/01 is 20) and held that day.
  // Second due 31/01 + 3 months = 31/04, clamped to Tue 30/04/2024.
  PlacementData data;
  data.children = {
      Child("held_30_apr", {Episode(Date(2024, 1, 3), kOpen)},
            {Date(2024, 1, 31), Date(2024, 4, 30)}),  // on time
      Child("held_1_may", {Episode(Date(2024, 1, 3), kOpen)},
            {Date(2024, 1, 31), Date(2024, 5, 1)}),  // late
  };
  Fraction f = LacReviewsOnTime(data, SnapshotContext(Month(2024, 5)));
  EXPECT_EQ(f.denominator, 2);
  EXPECT_EQ(f.numerator, 1);
}

TEST(LacReviewsOnTimeTest, EarlyReviewIsOnTimeAndRestartsTheClock) {
  // Became looked after 22/05/2017 (first due 20/06/2017); first review held early on
  // 25/05/2017, so the second is due 25/08/2017 (not 20/06 + 3 months = 20/09).
  PlacementData data;
  data.children = {
      // Second 24/08/2017: on time; third due 24/02/2018.
      Child("second_24_aug", {Episode(Date(2017, 5, 22), kOpen)},
            {Date(2017, 5, 25), Date(2017, 8, 24)}),
      // Second 01/09/2017: late against 25/08.
      Child("second_1_sep", {Episode(Date(2017, 5, 22), kOpen)},
            {Date(2017, 5, 25), Date(2017, 9, 1)}),
  };
  Fraction f = LacReviewsOnTime(data, SnapshotContext(Month(2017, 9)));
  EXPECT_EQ(f.denominator, 2);
  EXPECT_EQ(f.numerator, 1);
}

TEST(LacReviewsOnTimeTest, ReviewOverdueAtMonthEndWithNoneHeld) {
  // Became looked after 22/05/2017; first review 19/06/2017 (due 20/06: on time); second
  // due 19/09/2017 and never held.
  PlacementData data;
  data.children = {Child("c", {Episode(Date(2017, 5, 22), kOpen)}, {Date(2017, 6, 19)})};
  Fraction august = LacReviewsOnTime(data, SnapshotContext(Month(2017, 8)));
  EXPECT_EQ(august.denominator, 1);
  EXPECT_EQ(august.numerator, 1);  // 19/09 not yet passed at 31/08
  Fraction september = LacReviewsOnTime(data, SnapshotContext(Month(2017, 9)));
  EXPECT_EQ(september.denominator, 1);
  EXPECT_EQ(september.numerator, 0);  // 19/09 passed by 30/09
}

TEST(LacReviewsOnTimeTest, ReviewsAfterMonthEndAreNotYetHeld) {
  // As above, with the late second review recorded on 30/10/2017. At 31/08/2017 it had not
  // happened, so August is still on time; from October it is late.
  PlacementData data;
  data.children = {
      Child("c", {Episode(Date(2017, 5, 22), kOpen)}, {Date(2017, 6, 19), Date(2017, 10, 30)})};
  EXPECT_EQ(LacReviewsOnTime(data, SnapshotContext(Month(2017, 8))).numerator, 1);
  EXPECT_EQ(LacReviewsOnTime(data, SnapshotContext(Month(2017, 10))).numerator, 0);
}

TEST(LacReviewsOnTimeTest, ChildEnteringCareTwiceInAYearIsJudgedOnTheCurrentPeriod) {
  // Both children: period 1 from Mon 03/04/2017 to 10/07/2017 (first review due Thu
  // 04/05/2017: 14/04, 17/04 and 01/05 are bank holidays); period 2 from Fri 01/09/2017,
  // first review due Fri 29/09/2017 (no bank holidays in September 2017). Each child is
  // judged alone so that one's error cannot mask the other's.
  const std::vector<EpisodeFacts> two_periods = {Episode(Date(2017, 4, 3), Date(2017, 7, 10)),
                                                 Episode(Date(2017, 9, 1), kOpen)};
  const MeasureContext september = SnapshotContext(Month(2017, 9));

  // Late first review in period 1 (31/05 > 04/05) is ignored; period 2's on 28/09 is on
  // time. (Counting 31/05 as period 2's first review would make 28/09 a second review
  // due by 31/08: late.)
  PlacementData late_before;
  late_before.children = {
      Child("late_before", two_periods, {Date(2017, 5, 31), Date(2017, 9, 28)})};
  Fraction f = LacReviewsOnTime(late_before, september);
  EXPECT_EQ(f.denominator, 1);
  EXPECT_EQ(f.numerator, 1);

  // On time in period 1 (02/05, then 15/06), but nothing held in period 2 by 29/09: late.
  // (Counting period 1's reviews would make the next one due 15/12/2017 instead.)
  PlacementData none_since;
  none_since.children = {Child("none_since", two_periods, {Date(2017, 5, 2), Date(2017, 6, 15)})};
  f = LacReviewsOnTime(none_since, september);
  EXPECT_EQ(f.denominator, 1);
  EXPECT_EQ(f.numerator, 0);

  // Between the periods the child is not looked after.
  const MeasureContext august = SnapshotContext(Month(2017, 8));
  EXPECT_EQ(LookedAfterChildren(none_since, august).numerator, 0);
  EXPECT_EQ(LacReviewsOnTime(none_since, august).denominator, 0);
}

TEST(LacReviewsOnTimeTest, PlacementChangeOnTheDayOfAReviewKeepsThePeriod) {
  // Looked after from 22/05/2017; placement changed on Thu 14/09/2017 (episode 1 ends that
  // day, episode 2 "P" starts that day), and the second review was held that day.
  // One period from 22/05: first due 20/06 (held 16/06), second due 16/09 (held 14/09):
  // on time at 30/09. Were 14/09 wrongly a new period, its first review would not be due
  // until Thu 12/10/2017 and the child would drop out of the denominator.
  PlacementData data;
  data.children = {Child(
      "c", {Episode(Date(2017, 5, 22), Date(2017, 9, 14)), Episode(Date(2017, 9, 14), kOpen, "P")},
      {Date(2017, 6, 16), Date(2017, 9, 14)})};
  Fraction f = LacReviewsOnTime(data, SnapshotContext(Month(2017, 9)));
  EXPECT_EQ(f.denominator, 1);
  EXPECT_EQ(f.numerator, 1);
}

TEST(LacReviewsOnTimeTest, ReviewRecordedTwiceOnOneDayIsOneReview) {
  // Looked after from 22/05/2017; first review 19/06/2017 (recorded twice), second on
  // 10/11/2017 against a due date of 19/09/2017: late. Treating the duplicate as the second
  // review would make 10/11 a third review due by 19/12 and call it on time.
  PlacementData data;
  data.children = {Child("c", {Episode(Date(2017, 5, 22), kOpen)},
                         {Date(2017, 6, 19), Date(2017, 6, 19), Date(2017, 11, 10)})};
  Fraction f = LacReviewsOnTime(data, SnapshotContext(Month(2017, 11)));
  EXPECT_EQ(f.denominator, 1);
  EXPECT_EQ(f.numerator, 0);
}

TEST(LacReviewsOnTimeTest, ShortBreaksAndTeamsFilterTheDenominator) {
  // All became looked after 22/05/2017 (first review due 20/06/2017); at 30/06/2017:
  PlacementData data;
  data.children = {
      Child("dct_late", {Episode(Date(2017, 5, 22), kOpen)}, {Date(2017, 6, 23)}, "DCT"),
      Child("dct_on_time", {Episode(Date(2017, 5, 22), kOpen)}, {Date(2017, 6, 1)}, "DCT"),
      Child("other_late", {Episode(Date(2017, 5, 22), kOpen)}, {}, "CIN1"),
      Child("short_breaks", {Episode(Date(2017, 5, 22), kOpen, "S", "V4")}, {}, "DCT"),
  };
  Fraction dct = LacReviewsOnTime(data, SnapshotContext(Month(2017, 6), "DCT"));
  EXPECT_EQ(dct.denominator, 2);
  EXPECT_EQ(dct.numerator, 1);
  Fraction all = LacReviewsOnTime(data, SnapshotContext(Month(2017, 6)));
  EXPECT_EQ(all.denominator, 3);
  EXPECT_EQ(all.numerator, 1);
}

// ---- placement.lac_rate --------------------------------------------------------------------

TEST(LookedAfterRateTest, DividesByTheFinancialYearsMidYearPopulation) {
  PlacementData data;
  data.children = {
      Child("a", {Episode(Date(2015, 1, 5), kOpen)}, {}, "DCT"),
      Child("b", {Episode(Date(2015, 1, 5), kOpen)}),
  };
  data.population.Add(2016, 35570);  // ONS mid-2016: 2016-17 months
  data.population.Add(2017, 35800);  // mid-2017: 2017-18 months

  // March 2017 is in 2016-17: 2 / 35,570 (= 0.56 per 10,000).
  Fraction march = LookedAfterRate(data, SnapshotContext(Month(2017, 3)));
  EXPECT_EQ(march.numerator, 2);
  EXPECT_EQ(march.denominator, 35570);
  // April 2017 opens 2017-18: mid-2017.
  EXPECT_EQ(LookedAfterRate(data, SnapshotContext(Month(2017, 4))).denominator, 35800);
  // March 2016 is in 2015-16 and nothing earlier than mid-2016 is loaded: no denominator.
  EXPECT_EQ(LookedAfterRate(data, SnapshotContext(Month(2016, 3))).denominator, 0);
  // A team's children over the whole authority's population.
  Fraction dct = LookedAfterRate(data, SnapshotContext(Month(2017, 3), "DCT"));
  EXPECT_EQ(dct.numerator, 1);
  EXPECT_EQ(dct.denominator, 35570);
}

// ---- placement.lac_visits_within_6w ---------------------------------------------------------

// A child looked after from `start` in one U4 placement, with seen visits on `visits`.
ChildFacts Visited(std::string id, Date start, std::vector<Date> visits) {
  ChildFacts c = Child(std::move(id), {Episode(start, kOpen)});
  c.visit_dates = std::move(visits);
  return c;
}

TEST(LacVisitsTest, SeenWithinSixWeeksOfMonthEnd) {
  // At Wed 31/05/2017, 6 weeks back is 31/05 - 42 days = Wed 19/04/2017.
  PlacementData data = Data({
      Visited("seen_19_april", Date(2017, 1, 2), {Date(2017, 3, 1), Date(2017, 4, 19)}),  // yes
      Visited("seen_18_april", Date(2017, 1, 2), {Date(2017, 4, 18)}),                    // no
      // Seen again on 02/06/2017, after month end: not yet happened at 31/05.
      Visited("next_seen_in_june", Date(2017, 1, 2), {Date(2017, 4, 10), Date(2017, 6, 2)}),
      Visited("never_seen", Date(2017, 1, 2), {}),  // no
  });
  Fraction f = LacVisitsWithinTimescale(data, SnapshotContext(Month(2017, 5)));
  EXPECT_EQ(f.denominator, 4);
  EXPECT_EQ(f.numerator, 1);
  // At 30/06/2017 (6 weeks back: 19/05), the 02/06 visit counts; the rest are late.
  Fraction june = LacVisitsWithinTimescale(data, SnapshotContext(Month(2017, 6)));
  EXPECT_EQ(june.numerator, 1);
}

TEST(LacVisitsTest, OnlyVisitsInTheCurrentPeriodOfCareCount) {
  // Entered care twice in a year: period 1 from 02/01/2017 to 20/04/2017 (seen 20/04),
  // period 2 from Mon 15/05/2017. At 31/05/2017 the 20/04 visit is within 6 weeks (on or
  // after 19/04) but was in the earlier period; the new placement's first visit was due by
  // 15/05 + 7 = 22/05, so the child is not seen in time. Counting the 20/04 visit would make
  // the child on time.
  ChildFacts c = Child(
      "twice", {Episode(Date(2017, 1, 2), Date(2017, 4, 20)), Episode(Date(2017, 5, 15), kOpen)});
  c.visit_dates = {Date(2017, 4, 20)};
  Fraction f = LacVisitsWithinTimescale(Data({c}), SnapshotContext(Month(2017, 5)));
  EXPECT_EQ(f.denominator, 1);
  EXPECT_EQ(f.numerator, 0);
}

TEST(LacVisitsTest, NewPlacementIsNotLateUntilItsFirstWeekIsOver) {
  // Regulation 28(2)(a): a visit within one week of any placement starting. At Wed
  // 31/05/2017 a placement starting on or after 24/05 (24/05 + 7 = 31/05) is still in its
  // first week. All these children were last seen 01/03/2017, long before 19/04.
  auto last_seen_1_march = [](std::string id, std::vector<EpisodeFacts> episodes) {
    ChildFacts c = Child(std::move(id), std::move(episodes));
    c.visit_dates = {Date(2017, 3, 1)};
    return c;
  };
  PlacementData data = Data({
      // Moved (P) on 24/05: first week not over: on time.
      last_seen_1_march("moved_24_may", {FollowedOn(Date(2017, 1, 2), Date(2017, 5, 24)),
                                         Episode(Date(2017, 5, 24), kOpen, "P")}),
      // Moved on 23/05: due 30/05, not seen since: late.
      last_seen_1_march("moved_23_may", {FollowedOn(Date(2017, 1, 2), Date(2017, 5, 23)),
                                         Episode(Date(2017, 5, 23), kOpen, "P")}),
      // Legal status changed (L) on 28/05, same placement: no new placement, late.
      last_seen_1_march("legal_status_28_may", {FollowedOn(Date(2017, 1, 2), Date(2017, 5, 28)),
                                                Episode(Date(2017, 5, 28), kOpen, "L", "C1")}),
      // Entered care on 28/05, never seen yet: on time.
      Visited("entered_28_may", Date(2017, 5, 28), {}),
      // Short breaks are not looked after: not counted at all.
      Child("short_breaks", {Episode(Date(2017, 5, 28), kOpen, "S", "V3")}),
  });
  Fraction f = LacVisitsWithinTimescale(data, SnapshotContext(Month(2017, 5)));
  EXPECT_EQ(f.denominator, 4);
  EXPECT_EQ(f.numerator, 2);
}

TEST(LacVisitsTest, IntervalIsASettingInForceAtMonthEnd) {
  // From 01/05/2017 the authority visits every 4 weeks: at 31/05 back to 31/05 - 28 =
  // Wed 03/05. Seen 02/05: late under 4 weeks, on time under the default 6 (19/04).
  PlacementData data = Data({Visited("seen_2_may", Date(2017, 1, 2), {Date(2017, 5, 2)})});
  EXPECT_EQ(LacVisitsWithinTimescale(data, SnapshotContext(Month(2017, 5))).numerator, 1);
  PlacementSettings four_weeks;
  four_weeks.lac_visit_interval_weeks = 4;
  data.settings.Add(Date(2017, 5, 1), four_weeks);
  EXPECT_EQ(LacVisitsWithinTimescale(data, SnapshotContext(Month(2017, 5))).numerator, 0);
  // April's figure keeps April's settings (the default 6 weeks): a child seen 20/03/2017 is
  // within 6 weeks of 30/04 (back to 19/03) but would not be within 4 (back to 02/04).
  PlacementData april = Data({Visited("seen_20_march", Date(2017, 1, 2), {Date(2017, 3, 20)})});
  april.settings.Add(Date(2017, 5, 1), four_weeks);
  EXPECT_EQ(LacVisitsWithinTimescale(april, SnapshotContext(Month(2017, 4))).numerator, 1);
}

TEST(LacVisitsTest, LongTermPlacementIntervalAppliesAfterAYearWhenSet) {
  // Setting: 13 weeks for long-term foster placements (U1/U4) that have lasted a year.
  // At 31/05/2017: 13 weeks back is 31/05 - 91 = 01/03/2017; a year back is 31/05/2016.
  // Each child was last seen 01/03/2017.
  auto seen_1_march = [](std::string id, Date placed, std::string placement) {
    ChildFacts c = Child(std::move(id), {Episode(placed, kOpen, "S", "C2", std::move(placement))});
    c.visit_dates = {Date(2017, 3, 1)};
    return c;
  };
  PlacementData data = Data({
      seen_1_march("u4_a_year", Date(2016, 5, 31), "U4"),        // long-term, a year: on time
      seen_1_march("u1_two_years", Date(2015, 5, 1), "U1"),      // long-term: on time
      seen_1_march("u4_under_a_year", Date(2016, 6, 1), "U4"),   // 6 weeks still: late
      seen_1_march("u6_not_long_term", Date(2015, 5, 1), "U6"),  // 6 weeks: late
  });
  const MeasureContext may = SnapshotContext(Month(2017, 5));
  // Off by default: all four are judged on 6 weeks (back to 19/04): all late.
  EXPECT_EQ(LacVisitsWithinTimescale(data, may).numerator, 0);
  PlacementSettings settings;
  settings.long_term_placement_visit_interval_weeks = 13;
  data.settings.Add(Date(2017, 4, 1), settings);
  Fraction f = LacVisitsWithinTimescale(data, may);
  EXPECT_EQ(f.denominator, 4);
  EXPECT_EQ(f.numerator, 2);
}

// ---- registry -----------------------------------------------------------------------------

TEST(PlacementMeasuresTest, RegistersEveryPlacementMeasureWithUnitAndBases) {
  // The public ids of DESIGN.md section 3 and the scorecard's LAC medicals panel, typed out
  // here rather than read from the registry.
  const std::map<std::string, std::pair<cv1::Unit, cv1::Basis>> expected = {
      {"placement.lac_count", {cv1::UNIT_COUNT, cv1::BASIS_SNAPSHOT}},
      {"placement.lac_uasc", {cv1::UNIT_COUNT, cv1::BASIS_SNAPSHOT}},
      {"placement.lac_rate", {cv1::UNIT_RATE_PER_10000, cv1::BASIS_SNAPSHOT}},
      {"placement.lac_reviews_on_time", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.lac_visits_within_6w", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.health_assessments_on_time", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.health_assessments_overdue", {cv1::UNIT_COUNT, cv1::BASIS_SNAPSHOT}},
      {"placement.dental_checks_on_time", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.oc2_cohort", {cv1::UNIT_COUNT, cv1::BASIS_SNAPSHOT}},
      {"placement.oc2_health_on_time", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.oc2_health_overdue", {cv1::UNIT_COUNT, cv1::BASIS_SNAPSHOT}},
      // The DfE's OC2 health outcomes, from the yearly OC2 flags (issue 4).
      {"placement.oc2_health_assessment_up_to_date", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.oc2_teeth_checked", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.oc2_immunisations_up_to_date", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.initial_health_within_20wd", {cv1::UNIT_PERCENT, cv1::BASIS_MONTH}},
      {"placement.adoption_a1_days", {cv1::UNIT_DAYS, cv1::BASIS_ROLLING_3_YEARS}},
      {"placement.adoption_a2_days", {cv1::UNIT_DAYS, cv1::BASIS_ROLLING_3_YEARS}},
      {"placement.adoption_a10_days", {cv1::UNIT_DAYS, cv1::BASIS_ROLLING_3_YEARS}},
      {"placement.proceedings_weeks", {cv1::UNIT_WEEKS, cv1::BASIS_MONTH}},
      {"placement.proceedings_within_26w", {cv1::UNIT_PERCENT, cv1::BASIS_MONTH}},
      {"placement.pre_proceedings", {cv1::UNIT_COUNT, cv1::BASIS_SNAPSHOT}},
      {"placement.cases_to_issue", {cv1::UNIT_COUNT, cv1::BASIS_SNAPSHOT}},
      {"placement.placement_moves_3plus", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.long_term_stability", {cv1::UNIT_PERCENT, cv1::BASIS_SNAPSHOT}},
      {"placement.foster_carers_approved", {cv1::UNIT_COUNT, cv1::BASIS_MONTH}},
      {"placement.adopters_approved", {cv1::UNIT_COUNT, cv1::BASIS_MONTH}},
      {"placement.short_break_carers_approved", {cv1::UNIT_COUNT, cv1::BASIS_MONTH}},
  };
  cv1::ListMeasuresResponse list = PlacementMeasures().List();
  std::map<std::string, std::pair<cv1::Unit, cv1::Basis>> registered;
  for (const cv1::MeasureDescriptor& d : list.measures()) {
    ASSERT_GE(d.bases_size(), 1) << d.measure_id();
    EXPECT_FALSE(d.description().empty()) << d.measure_id();
    registered[d.measure_id()] = {d.unit(), d.bases(0)};
  }
  EXPECT_EQ(registered, expected);
}

TEST(PlacementMeasuresTest, BasesTheScorecardAsksForAreSupported) {
  // deploy/scorecards/getting-to-good.textproto's placement rows and their bases.
  const std::vector<std::pair<std::string, cv1::Basis>> rows = {
      {"placement.lac_reviews_on_time", cv1::BASIS_SNAPSHOT},
      {"placement.adoption_a1_days", cv1::BASIS_ROLLING_3_YEARS},
      {"placement.adoption_a2_days", cv1::BASIS_ROLLING_3_YEARS},
      {"placement.lac_visits_within_6w", cv1::BASIS_SNAPSHOT},
      {"placement.proceedings_weeks", cv1::BASIS_MONTH},
      {"placement.proceedings_weeks", cv1::BASIS_YTD},
      {"placement.health_assessments_on_time", cv1::BASIS_SNAPSHOT},
      {"placement.dental_checks_on_time", cv1::BASIS_SNAPSHOT},
      {"placement.lac_count", cv1::BASIS_SNAPSHOT},
      {"placement.lac_uasc", cv1::BASIS_SNAPSHOT},
      {"placement.lac_rate", cv1::BASIS_SNAPSHOT},
      {"placement.foster_carers_approved", cv1::BASIS_MONTH},
      {"placement.foster_carers_approved", cv1::BASIS_YTD},
      {"placement.adopters_approved", cv1::BASIS_MONTH},
      {"placement.adopters_approved", cv1::BASIS_YTD},
      {"placement.short_break_carers_approved", cv1::BASIS_MONTH},
      {"placement.short_break_carers_approved", cv1::BASIS_YTD},
      {"placement.pre_proceedings", cv1::BASIS_SNAPSHOT},
      {"placement.cases_to_issue", cv1::BASIS_SNAPSHOT},
      {"placement.health_assessments_overdue", cv1::BASIS_SNAPSHOT},
      {"placement.oc2_cohort", cv1::BASIS_SNAPSHOT},
      {"placement.oc2_health_overdue", cv1::BASIS_SNAPSHOT},
      {"placement.oc2_health_on_time", cv1::BASIS_SNAPSHOT},
      {"placement.initial_health_within_20wd", cv1::BASIS_MONTH},
  };
  for (const auto& [id, basis] : rows) {
    cv1::GetMeasuresRequest request;
    request.set_authority("869");
    request.add_measure_ids(id);
    request.set_basis(basis);
    request.mutable_from_month()->set_year(2016);
    request.mutable_from_month()->set_month(4);
    *request.mutable_to_month() = request.from_month();
    absl::StatusOr<MeasureQuery> query = PlacementMeasures().Prepare(request);
    EXPECT_TRUE(query.ok()) << id << " " << cv1::Basis_Name(basis) << ": " << query.status();
  }
}

TEST(PlacementMeasuresTest, ComputesThroughTheRegistry) {
  // The bank-holiday pair again: at 30/06/2017, 1 of 2 on time = 50%.
  PlacementData data;
  data.children = {
      Child("a", {Episode(Date(2017, 5, 22), kOpen)}, {Date(2017, 6, 20)}),
      Child("b", {Episode(Date(2017, 5, 22), kOpen)}, {Date(2017, 6, 21)}),
  };
  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  request.add_measure_ids("placement.lac_reviews_on_time");
  request.mutable_from_month()->set_year(2017);
  request.mutable_from_month()->set_month(6);
  *request.mutable_to_month() = request.from_month();
  absl::StatusOr<MeasureQuery> query = PlacementMeasures().Prepare(request);
  ASSERT_TRUE(query.ok()) << query.status();
  cv1::GetMeasuresResponse response =
      PlacementMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
  ASSERT_EQ(response.values_size(), 1);
  EXPECT_EQ(response.values(0).basis(), cv1::BASIS_SNAPSHOT);
  EXPECT_EQ(response.values(0).numerator(), 1);
  EXPECT_EQ(response.values(0).denominator(), 2);
  EXPECT_DOUBLE_EQ(response.values(0).value(), 50.0);
}

}  // namespace
}  // namespace scorecard::placement
