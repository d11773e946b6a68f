// Each solver against figures worked out by hand from the card's rounding (whole numbers,
// halves away from zero; working days to one decimal).
#include "tools/seed_card/card_figures.h"

#include <numeric>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/seed_card/published_card.h"

namespace scorecard::seed_card {
namespace {

namespace cv1 = ::scorecard::common::v1;
using ::testing::ElementsAre;

Fraction F(double n, double d) { return Fraction{n, d}; }

TEST(ShowsAsTest, FollowsTheCardsRounding) {
  EXPECT_TRUE(ShowsAs(cv1::UNIT_PERCENT, F(17, 20), "85"));       // 85.0
  EXPECT_TRUE(ShowsAs(cv1::UNIT_PERCENT, F(27, 28), "96"));       // 96.43
  EXPECT_FALSE(ShowsAs(cv1::UNIT_PERCENT, F(27, 28), "97"));
  EXPECT_TRUE(ShowsAs(cv1::UNIT_COUNT, F(147, 1), "147"));
  EXPECT_TRUE(ShowsAs(cv1::UNIT_WORKING_DAYS, F(312.5, 1), "312.5"));
  EXPECT_TRUE(ShowsAs(cv1::UNIT_WORKING_DAYS, F(275, 1), "275"));
  // 1,067 children in need of 35,587: 299.83 per 10,000.
  EXPECT_TRUE(ShowsAs(cv1::UNIT_RATE_PER_10000, F(1067, 35587), "300"));
  // 20 weeks: 140 days over one case.
  EXPECT_TRUE(ShowsAs(cv1::UNIT_WEEKS, F(140 / 7.0, 1), "20"));
}

TEST(ShowsAsTest, RefusesHalvesBlanksAndUndefinedFigures) {
  // 1 of 8 is exactly 12.5: the card shows 13, but a service adding up in another order
  // could land a hair below, so calibration never relies on it.
  EXPECT_FALSE(ShowsAs(cv1::UNIT_PERCENT, F(1, 8), "13"));
  EXPECT_FALSE(ShowsAs(cv1::UNIT_PERCENT, F(1, 8), "12"));
  EXPECT_FALSE(ShowsAs(cv1::UNIT_PERCENT, F(0, 0), "0"));
  EXPECT_FALSE(ShowsAs(cv1::UNIT_COUNT, F(5, 1), ""));
}

TEST(BestCountSeriesTest, KeepsMonthsAndYearToDateWhenTheyAgree) {
  // June is blank: its count is what the year to date leaves (25 - 10).
  EXPECT_THAT(BestCountSeries({"10", "", "5"}, {"10", "25", "30"}), ElementsAre(10, 15, 5));
}

TEST(BestCountSeriesTest, KeepsTheMostCellsThenTheMonths) {
  // Months 118, 129, 104 but year to date 118, 259, 365: every choice after April keeps one
  // cell of each month (129 or 141, then 104 or the year to date's remainder), so the
  // months win: 118 + 129 + 104 = 351, not 365.
  EXPECT_THAT(BestCountSeries({"118", "129", "104"}, {"118", "259", "365"}),
              ElementsAre(118, 129, 104));
  // Months 5, 5, 5 and year to date 5, 12, 15: the months keep five cells (all but May's
  // 12, which would be 10); 5, 7, 3 keeps four.
  EXPECT_THAT(BestCountSeries({"5", "5", "5"}, {"5", "12", "15"}), ElementsAre(5, 5, 5));
  // Year to date 5, 12, 17 instead: 5, 7, 5 keeps five cells (all but May's month); the
  // months keep four.
  EXPECT_THAT(BestCountSeries({"5", "5", "5"}, {"5", "12", "17"}), ElementsAre(5, 7, 5));
}

TEST(BestCountSeriesTest, RepeatsTheNearestMonthWhenNothingIsPublished) {
  EXPECT_THAT(BestCountSeries({"7", "", ""}, {"", "", ""}), ElementsAre(7, 7, 7));
}

TEST(PublishedCountSeriesTest, LateRecordsMakeTheYearToDateExceedTheMonths) {
  // The card's referrals: April 118, May 129, June 104; to date 118, 259, 365. May's run
  // counts 259 - 129 = 130 for April: 12 arrived late. June's counts 365 - 104 = 261 for
  // April and May, 259 before: 2 more, dated May (131 once cleansed).
  const PublishedCounts counts =
      PublishedCountSeries({"118", "129", "104"}, {"118", "259", "365"});
  EXPECT_THAT(counts.on_time, ElementsAre(118, 129, 104));
  EXPECT_THAT(counts.late, ElementsAre(0, 12, 2));
  EXPECT_EQ(counts.Cleansed(0), 130);
  EXPECT_EQ(counts.Cleansed(1), 131);
  EXPECT_EQ(counts.Cleansed(2), 104);  // nothing after the last run
  EXPECT_THAT(counts.YearToDateAtRun(), ElementsAre(118, 259, 365));
}

TEST(PublishedCountSeriesTest, AFallingYearToDateIsAWithdrawal) {
  // Months 10, 5, 5 and to date 10, 15, 19: June's run counts 19 - 5 = 14 before June, one
  // fewer than May's 15: a May record was withdrawn (May holds 4 once cleansed).
  const PublishedCounts counts = PublishedCountSeries({"10", "5", "5"}, {"10", "15", "19"});
  EXPECT_THAT(counts.late, ElementsAre(0, 0, -1));
  EXPECT_EQ(counts.Cleansed(1), 4);
  EXPECT_THAT(counts.YearToDateAtRun(), ElementsAre(10, 15, 19));
}

TEST(PublishedCountSeriesTest, FillsBlanksAndWithdrawsNoMoreThanTheMonthHad) {
  // May's month blank: 25 - 10 = 15 from its year to date; June's cells both blank: the
  // nearest month (April, 10; May has no month cell); nothing late.
  PublishedCounts counts = PublishedCountSeries({"10", "", ""}, {"10", "25", ""});
  EXPECT_THAT(counts.on_time, ElementsAre(10, 15, 10));
  EXPECT_THAT(counts.late, ElementsAre(0, 0, 0));
  // May's 5 and 1 to date would withdraw 7 of April's 3: all 3 go, and May's run counts 5.
  counts = PublishedCountSeries({"3", "5"}, {"3", "1"});
  EXPECT_THAT(counts.late, ElementsAre(0, -3));
  EXPECT_EQ(counts.Cleansed(0), 0);
  EXPECT_THAT(counts.YearToDateAtRun(), ElementsAre(3, 5));
  // A first month whose cells differ keeps its month: nothing precedes it to cleanse.
  counts = PublishedCountSeries({"7"}, {"9"});
  EXPECT_THAT(counts.on_time, ElementsAre(7));
  EXPECT_THAT(counts.late, ElementsAre(0));
}

TEST(PriorYearCountsTest, ASteadyRateNeedsASteadyPriorYear) {
  // Population 10,000: the rate per 10,000 is the 12-month count itself. Ten a month and a
  // rate of 120 every month: each prior month had 10.
  const std::vector<int> prior =
      PriorYearCounts(std::vector<int>(12, 10), Series(12, "120"), 10000);
  EXPECT_THAT(prior, ElementsAre(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10));
}

TEST(PriorYearCountsTest, KeepsTheEarlierOfTwoRatesNoPriorYearCanGive) {
  // April 120 (110 before the card + April's 10) and May 150: May adds 10 and the prior
  // year's first month leaves, so May can reach 120 at most. April is kept.
  const std::vector<int> prior = PriorYearCounts({10, 10}, {"120", "150"}, 10000);
  ASSERT_EQ(prior.size(), 11u);
  EXPECT_EQ(std::accumulate(prior.begin(), prior.end(), 0), 110);
  for (int p : prior) EXPECT_GE(p, 0);
}

TEST(PriorYearCountsTest, NoPriorMonthFallsBelowHalfTheCardsMean) {
  // April 120 needs 110 before the card; May 128 would need 108 in the 12 months to May, so
  // the prior year's first month would hold 2 where the card's months hold 10. At least
  // half of 10 (5) a month is allowed, so May cannot show 128 and April is kept.
  const std::vector<int> prior = PriorYearCounts({10, 10}, {"120", "128"}, 10000);
  ASSERT_EQ(prior.size(), 11u);
  EXPECT_EQ(std::accumulate(prior.begin(), prior.end(), 0), 110);
  for (int p : prior) EXPECT_GE(p, 5);
}

TEST(ChoosePopulationTest, TakesTheMiddleOfTheRangeEveryRateAllows) {
  // 1,076 shows 302 per 10,000 for 35,571 to 35,688 (302.49 to 301.50); 147 shows 41 for
  // 35,422 to 36,296. Both: 35,571 to 35,688, middle 35,629.
  EXPECT_EQ(ChoosePopulation({{1076, "302"}, {147, "41"}}, 35570), 35629);
}

TEST(BestRatioSeriesTest, FindsEventsForMonthAndYearToDate) {
  // 50% then 100%, 75% to date: 1 of 2, then 2 of 2 (3 of 4), at the preferred 2 a month.
  const std::vector<RatioMonth> plan =
      BestRatioSeries({{{"50", "100"}, {"50", "75"}}}, {1, 1}, {4, 4}, {2, 2});
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].events, 2);
  EXPECT_THAT(plan[0].meeting, ElementsAre(1));
  EXPECT_EQ(plan[1].events, 2);
  EXPECT_THAT(plan[1].meeting, ElementsAre(2));
}

TEST(BestRatioSeriesTest, DropsTheCellNoCountsCanGive) {
  // July to date 77% and August 75% make August's year to date 74.5% or more: August's
  // two cells cannot both show. The other three are kept.
  const std::vector<RatioMonth> plan =
      BestRatioSeries({{{"77", "75"}, {"77", "74"}}}, {1, 1}, {30, 30}, {13, 4});
  ASSERT_EQ(plan.size(), 2u);
  const int n0 = plan[0].events, k0 = plan[0].meeting[0];
  const int n1 = plan[1].events, k1 = plan[1].meeting[0];
  EXPECT_TRUE(ShowsAs(cv1::UNIT_PERCENT, F(k0, n0), "77"));
  EXPECT_EQ(ShowsAs(cv1::UNIT_PERCENT, F(k1, n1), "75") +
                ShowsAs(cv1::UNIT_PERCENT, F(k0 + k1, n0 + n1), "74"),
            1);
}

TEST(BestRatioSeriesTest, SharesEventsBetweenFamilies) {
  // 89% and 85% of one month's conferences: 24 and 23 of 27 (88.9%, 85.2%) is the only
  // way with at most 30.
  const std::vector<RatioMonth> plan =
      BestRatioSeries({{{"89"}, {""}}, {{"85"}, {""}}}, {1}, {30}, {20});
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].events, 27);
  EXPECT_THAT(plan[0].meeting, ElementsAre(24, 23));
}

TEST(BestDurationSeriesTest, AveragesInWeeks) {
  // 26 weeks over one case: 179 to 185 days (25.57 to 26.43 weeks).
  const std::vector<DurationMonth> plan = BestDurationSeries({"26"}, {"26"}, 84, 420, 1);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].cases, 1);
  EXPECT_GE(plan[0].total_days, 179);
  EXPECT_LE(plan[0].total_days, 185);
}

TEST(BestDurationSeriesTest, FillsABlankMonthFromTheYearToDate) {
  // April: 20 weeks to date, nothing for the month; May: 30 weeks to date. Both to-date
  // figures are met.
  const std::vector<DurationMonth> plan = BestDurationSeries({"", ""}, {"20", "30"}, 84, 420, 4);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_TRUE(ShowsAs(cv1::UNIT_WEEKS, F(plan[0].total_days / 7.0, plan[0].cases), "20"));
  EXPECT_TRUE(ShowsAs(cv1::UNIT_WEEKS,
                      F((plan[0].total_days + plan[1].total_days) / 7.0,
                        plan[0].cases + plan[1].cases),
                      "30"));
}

TEST(MissesForTest, CountsTheCasesMissingTheStandard) {
  // 97% of 165: 160 (96.97%); 161 is 97.58%, 159 is 96.36%.
  EXPECT_EQ(MissesFor(165, "97"), 5);
  // 99% of 147: one late (99.32%); two is 98.64%.
  EXPECT_EQ(MissesFor(147, "99"), 1);
  // 99% of 52 cannot be shown: 51 of 52 is 98.08%.
  EXPECT_EQ(MissesFor(52, "99"), std::nullopt);
  EXPECT_EQ(MissesFor(100, ""), std::nullopt);
}

TEST(AgencyForTest, FindsTheHeadcountForTheRate) {
  // 69 permanent: 28 agency is 28.87%; 27 is 28.13%, 29 is 29.59%.
  EXPECT_EQ(AgencyFor(69, "29", 0), 28);
  // 12%: 10 agency of 79 permanent is 11.24% (11), 11 is 12.22%, 12 is 13.19%.
  EXPECT_EQ(AgencyFor(79, "12", 20), 11);
}

TEST(UnsupervisedForTest, LeavesTheFewestOutForTheMeanOfTeams) {
  // Two teams of 20, mean 95%: one person out gives (0.95 + 1) / 2 = 97.5%, a half; two
  // out of the first team give (0.9 + 1) / 2 = 95%.
  EXPECT_THAT(*UnsupervisedFor({20, 20}, "95"), ElementsAre(2, 0));
  EXPECT_THAT(*UnsupervisedFor({3}, "100"), ElementsAre(0));
  EXPECT_EQ(UnsupervisedFor({}, "90"), std::nullopt);
}

TEST(PlanAdoptionsTest, ASteadyAverageIsOneAdoptionAMonthAtIt) {
  // 36-month averages of 500 and 150 days all year: every adoption at those days, one a
  // month: 24 staying months, 11 leaving during the year, April's and 11 more arriving.
  const std::vector<Adoption> plan =
      PlanAdoptions(Series(12, "500"), Series(12, "150"), 12, AdoptionLimits());
  ASSERT_EQ(plan.size(), 47u);
  EXPECT_EQ(plan.front().month, -35);
  EXPECT_EQ(plan.back().month, 11);
  for (const Adoption& a : plan) {
    EXPECT_EQ(a.a1_days, 500);
    EXPECT_EQ(a.a2_days, 150);
  }
}

TEST(PlanAdoptionsTest, MeetsThePublishedAveragesEveryMonth) {
  absl::StatusOr<PublishedCard> card =
      ReadPublishedCard(SCORECARD_SOURCE_DIR "/tests/data/getting-to-good-2016-17.csv");
  ASSERT_TRUE(card.ok()) << card.status();
  const PublishedRow* a1 = card->Find("objective-2-safeguarding",
                                      "Adoption Timescales (Between entering care and moving in "
                                      "with adoptive family) - average days");
  const PublishedRow* a2 = card->Find("objective-2-safeguarding",
                                      "Adoption Timescales (Between Court Authority to place and "
                                      "deciding on a match) - average days");
  ASSERT_NE(a1, nullptr);
  ASSERT_NE(a2, nullptr);
  const AdoptionLimits limits;
  const std::vector<Adoption> plan = PlanAdoptions(a1->cells, a2->cells, 12, limits);
  for (int m = 0; m < 10; ++m) {
    double n = 0, days1 = 0, days2 = 0;
    for (const Adoption& a : plan) {
      if (a.month > m - 36 && a.month <= m) {
        ++n;
        days1 += a.a1_days;
        days2 += a.a2_days;
      }
    }
    if (!a1->cells[m].empty()) {
      EXPECT_TRUE(ShowsAs(cv1::UNIT_DAYS, F(days1, n), a1->cells[m])) << m << ": " << days1 / n;
    }
    if (!a2->cells[m].empty()) {
      EXPECT_TRUE(ShowsAs(cv1::UNIT_DAYS, F(days2, n), a2->cells[m])) << m << ": " << days2 / n;
    }
  }
  for (const Adoption& a : plan) {
    EXPECT_GE(a.a1_days, limits.min_a1);
    EXPECT_LE(a.a1_days, limits.max_a1);
    EXPECT_LE(a.a2_days, limits.max_a2);
    EXPECT_GE(a.a1_days, a.a2_days + limits.a1_over_a2);
  }
}

}  // namespace
}  // namespace scorecard::seed_card
