// Placement counting rules on hand-built care histories. Every expected date and count is
// worked out by hand in the comments, against the England and Wales bank holidays
// (2017: 14/04, 17/04, 01/05, 29/05, 28/08; 2023-24: none in Nov-Feb bar 25-26/12, 01/01).
#include "services/placement/placement_measures.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/measures/measure_period.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::ElementsAre;

// What MeasureRegistry::Compute builds for a snapshot month.
MeasureContext SnapshotContext(Month month, std::string team = "") {
  MeasureContext ctx;
  ctx.month = month;
  ctx.basis = cv1::BASIS_SNAPSHOT;
  ctx.period = *PeriodFor(cv1::BASIS_SNAPSHOT, month);
  ctx.month_end = LastDayOf(month);
  ctx.team = std::move(team);
  ctx.calendar = &WorkingDayCalendar::EnglandAndWales();
  return ctx;
}

EpisodeFacts Episode(Date start, std::optional<Date> end, std::string reason_new_episode = "S",
                     std::string legal_status = "C2") {
  EpisodeFacts e;
  e.start_date = start;
  e.end_date = end;
  e.reason_new_episode = std::move(reason_new_episode);
  e.legal_status = std::move(legal_status);
  e.placement = "U4";
  e.reason_ceased = end.has_value() ? "E13" : "";
  return e;
}

ChildFacts Child(std::string id, std::vector<EpisodeFacts> episodes,
                 std::vector<Date> review_dates = {}, std::string team = "") {
  ChildFacts c;
  c.child_id = std::move(id);
  c.team = std::move(team);
  c.episodes = std::move(episodes);
  c.review_dates = std::move(review_dates);
  return c;
}

constexpr std::nullopt_t kOpen = std::nullopt;

// ---- placement.lac_count ----------------------------------------------------------------

TEST(LookedAfterChildrenTest, CountsEpisodesOpenAtTheEndOfTheMonthsLastDay) {
  PlacementData data;
  data.children = {
      Child("open", {Episode(Date(2017, 3, 1), kOpen)}),                       // counted
      Child("ends_after", {Episode(Date(2017, 3, 1), Date(2017, 6, 1))}),      // counted
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
      Child("follow_on", {Episode(Date(2017, 1, 1), Date(2017, 4, 15)),
                          Episode(Date(2017, 4, 15), kOpen, "P")}),
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
      uasc_child("uasc", std::nullopt),                              // counted
      uasc_child("ceased_before", Date(2017, 5, 15)),                // not: ceased 15/05
      uasc_child("ceased_on_month_end", Date(2017, 5, 31)),          // not: ceased that day
      uasc_child("ceases_after", Date(2017, 6, 1)),                  // counted
      uasc_child("not_uasc", std::nullopt, /*uasc=*/false),          // not
      uasc_child("left_care", std::nullopt, true, Date(2017, 5, 20)),  // not looked after
  };
  const MeasureContext may = SnapshotContext(Month(2017, 5));
  EXPECT_EQ(LookedAfterUasc(data, may).numerator, 2);
  EXPECT_EQ(LookedAfterChildren(data, may).numerator, 5);
  // At the end of April all but the UASC-less child were UASC and looked after.
  EXPECT_EQ(LookedAfterUasc(data, SnapshotContext(Month(2017, 4))).numerator, 5);
}

// ---- periods of care ----------------------------------------------------------------------

TEST(PeriodsOfCareTest, SplitsOnNewStartsAndGapsAndIgnoresShortBreaks) {
  ChildFacts child = Child(
      "c", {
               // Period 1: 03/04/2017 to 01/06/2017, through a follow-on placement change.
               Episode(Date(2017, 4, 3), Date(2017, 5, 10)),
               Episode(Date(2017, 5, 10), Date(2017, 6, 1), "P"),
               // Short break between periods: not part of any period.
               Episode(Date(2017, 6, 10), Date(2017, 6, 12), "S", "V3"),
               // Period 2: a gap since 01/06, so a new period although RNE is "L".
               Episode(Date(2017, 7, 1), Date(2017, 8, 1), "L"),
               // Period 3: "S" on the day period 2 ended is a new period (903 rule 431's case).
               Episode(Date(2017, 8, 1), kOpen, "S"),
           });
  std::vector<PeriodOfCare> periods = PeriodsOfCare(child);
  ASSERT_EQ(periods.size(), 3u);
  EXPECT_EQ(periods[0].start, Date(2017, 4, 3));
  EXPECT_EQ(periods[0].end, Date(2017, 6, 1));
  EXPECT_EQ(periods[1].start, Date(2017, 7, 1));
  EXPECT_EQ(periods[1].end, Date(2017, 8, 1));
  EXPECT_EQ(periods[2].start, Date(2017, 8, 1));
  EXPECT_EQ(periods[2].end, std::nullopt);

  EXPECT_EQ(PeriodOfCareAt(child, Date(2017, 5, 31))->start, Date(2017, 4, 3));
  EXPECT_FALSE(PeriodOfCareAt(child, Date(2017, 6, 11)).has_value());  // short break only
  EXPECT_EQ(PeriodOfCareAt(child, Date(2017, 8, 1))->start, Date(2017, 8, 1));
}

TEST(PeriodsOfCareTest, FullCareAfterShortBreaksStartsItsOwnPeriod) {
  // A V4 series since 01/01/2017, then full care from 03/04/2017 recorded as a legal-status
  // change ("L"): the review clock starts on 03/04/2017, not 01/01/2017.
  ChildFacts child = Child("c", {Episode(Date(2017, 1, 1), Date(2017, 4, 3), "S", "V4"),
                                 Episode(Date(2017, 4, 3), kOpen, "L", "C2")});
  std::vector<PeriodOfCare> periods = PeriodsOfCare(child);
  ASSERT_EQ(periods.size(), 1u);
  EXPECT_EQ(periods[0].start, Date(2017, 4, 3));
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
  data.children = {Child("c", {Episode(Date(2017, 5, 22), kOpen)},
                         {Date(2017, 6, 19), Date(2017, 10, 30)})};
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
  none_since.children = {
      Child("none_since", two_periods, {Date(2017, 5, 2), Date(2017, 6, 15)})};
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
  data.children = {Child("c",
                         {Episode(Date(2017, 5, 22), Date(2017, 9, 14)),
                          Episode(Date(2017, 9, 14), kOpen, "P")},
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

// ---- registry -----------------------------------------------------------------------------

TEST(PlacementMeasuresTest, RegistersSnapshotMeasuresWithUnits) {
  cv1::ListMeasuresResponse list = PlacementMeasures().List();
  std::vector<std::string> ids;
  for (const cv1::MeasureDescriptor& d : list.measures()) {
    ids.push_back(d.measure_id());
    ASSERT_EQ(d.bases_size(), 1) << d.measure_id();
    EXPECT_EQ(d.bases(0), cv1::BASIS_SNAPSHOT) << d.measure_id();
    EXPECT_FALSE(d.description().empty()) << d.measure_id();
    EXPECT_EQ(d.unit(), d.measure_id() == "placement.lac_reviews_on_time" ? cv1::UNIT_PERCENT
                                                                          : cv1::UNIT_COUNT)
        << d.measure_id();
  }
  EXPECT_THAT(ids, ElementsAre("placement.lac_count", "placement.lac_reviews_on_time",
                               "placement.lac_uasc"));
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
