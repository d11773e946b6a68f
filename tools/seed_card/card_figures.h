// The arithmetic of calibrating case-level data to a published card: which whole numbers
// of events give each printed figure, month by month, and how a month's figure and its
// year-to-date figure constrain each other. Pure functions; no records here.
//
// A printed cell is text ("89", "312.5"). A figure "shows as" a cell when the card's own
// rendering of it (ValueOf in common/measures, CardValueText in the aggregator's exports:
// percentages, counts, rates, days and weeks whole, halves away from zero) gives that text.
// Calibration asks for more: the figure shows as the cell even when nudged by 1e-9, so that
// the order in which a service adds up its doubles cannot tip a value across a half.
//
//   Series ytd = {"118", "259", ...};
//   PublishedCounts referrals = PublishedCountSeries({"118", "129", ...}, ytd);
//   // referrals.late[1] == 12: April referrals recorded after April's run
//
// A "series" is one text per month, "" where nothing was published. Solvers reproduce as
// many published cells as the numbers allow; the cells no numbers can give are the ones the
// seed card lists as exceptions.
#ifndef SCORECARD_TOOLS_SEED_CARD_CARD_FIGURES_H_
#define SCORECARD_TOOLS_SEED_CARD_CARD_FIGURES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/measures/measure_value.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard::seed_card {

using Series = std::vector<std::string>;

// True when `f` shows as `cell` on the card, robustly (see above). Never for a blank cell.
bool ShowsAs(common::v1::Unit unit, const Fraction& f, absl::string_view cell);

// The figure of a cell, nullopt when blank.
std::optional<double> CellValue(absl::string_view cell);

// Events per month for a "month" row and its "ytd" row: the year to date of month i is the
// sum of months 0..i. Maximises the number of reproduced cells, then the number of month
// cells among them. A month with neither cell published repeats the nearest published
// month (earlier first). The series are the same length; the year starts at month 0.
std::vector<int> BestCountSeries(const Series& month, const Series& ytd);

// A volume as each month's publication run counted it. A real card's month column is
// computed in that month's run and stays as published, while its year to date is computed
// again each month, after cleansing: records recorded late, or withdrawn, between two runs
// change the earlier months. So month i's cell is `on_time[i]`, the records dated in month i
// that its own run knew, and the year to date at run i also counts `late[1..i]`: before run
// i, `late[i]` records dated in month i-1 arrived (negative: were withdrawn). E.g. referrals
// April 118, May 129, 259 to May: 12 April referrals arrived after April's run (April holds
// 130 once cleansed, and 130 + 129 = 259).
struct PublishedCounts {
  std::vector<int> on_time;
  std::vector<int> late;  // late[0] = 0: nothing precedes the year's first run
  // The records dated in month i after every run: on_time[i] + late[i + 1].
  int Cleansed(size_t i) const;
  // The year to date each run counts: what its year-to-date cell shows.
  std::vector<int> YearToDateAtRun() const;
};
// Solves the month and year-to-date rows: on_time[i] is the month's cell (blank: what the
// year to date leaves, else the nearest published month), late[i] what the year to date at
// run i needs beyond run i-1's and month i's own records (0 unless both cells are
// published). A withdrawal is at most the records month i-1 has; a first month whose two
// cells differ keeps its month cell.
PublishedCounts PublishedCountSeries(const Series& month, const Series& ytd);

// A rolling 12-month rate per 10,000 (numerator: events in the 12 months ending with the
// month) needs the 11 months before the card's first. Given the card months' events
// `counts` (at most 12) and the published rates, returns the events of those 11 months,
// oldest first, reproducing as many rate cells as possible with no month below half the
// card months' mean. Months not pinned by a cell are spread evenly between the pinned ones.
std::vector<int> PriorYearCounts(const std::vector<int>& counts, const Series& rates,
                                 double population);

// The population that reproduces the most (count, rate per 10,000) pairs, searched within
// 1% of `nominal`: the middle of the best run of whole numbers (the nearest run to nominal
// when several score alike).
int ChoosePopulation(const std::vector<std::pair<int, std::string>>& counts_and_rates,
                     int nominal);

// One or two percentage rows over the same events (e.g. ICPCs within 15 working days and
// ICPC reports on time), each with a month row and a year-to-date row.
struct RatioFamily {
  Series month;
  Series ytd;
};
struct RatioMonth {
  int events = 0;
  // Per family: the events meeting the standard.
  std::vector<int> meeting;
};
// Events per month in [lower[i], upper[i]], preferring `preferred[i]`, and per family how
// many meet the standard. Exact: maximises the reproduced cells over every choice in range
// (then keeps the events nearest the preferred numbers). Months with nothing published
// take the preferred number and the family's nearest published percentage.
std::vector<RatioMonth> BestRatioSeries(const std::vector<RatioFamily>& families,
                                        const std::vector<int>& lower,
                                        const std::vector<int>& upper,
                                        const std::vector<int>& preferred);

// Cases concluded per month and their total duration in days, for an average in weeks per
// month and year to date (care proceedings). Each case lasts between `min_days` and
// `max_days`; 1 to `max_cases` cases a month.
struct DurationMonth {
  int cases = 0;
  int total_days = 0;
};
std::vector<DurationMonth> BestDurationSeries(const Series& month_weeks, const Series& ytd_weeks,
                                              int min_days, int max_days, int max_cases);

// A snapshot percentage over `denominator` cases: how many must miss the standard for the
// card to show `cell` (the number nearest the unrounded share when several do). nullopt
// when none does or the cell is blank.
std::optional<int> MissesFor(int denominator, absl::string_view cell);

// How many people must be agency so that agency / (agency + permanent) shows as `cell`,
// the one nearest `previous` when several do (all FTE 1). nullopt when none up to 3x the
// permanent staff does.
std::optional<int> AgencyFor(int permanent, absl::string_view cell, int previous);

// The mean of team rates (supervised / people in each team) must show as `cell`: people
// left unsupervised per team, fewest in total, spread over the largest teams. nullopt when
// no choice does.
std::optional<std::vector<int>> UnsupervisedFor(const std::vector<int>& team_sizes,
                                                absl::string_view cell);

// Adoptions by the month of their adoption order, for a 3-year rolling average of days
// (adoption scorecard A1: entering care to moving in; A2: court authority to a match).
struct Adoption {
  int month = 0;  // index: 0 = the card's first month; negative = before it
  int a1_days = 0;
  int a2_days = 0;
};
struct AdoptionLimits {
  int min_a1 = 150;
  int max_a1 = 1500;
  int min_a2 = 0;
  int max_a2 = 900;
  // A1 covers A2 and the steps around it (decision, match, moving in).
  int a1_over_a2 = 120;
  int most_per_month = 4;
};
// Adoptions for the 36 months to the plan's last month and the 35 before its first, so that
// both 36-month averages show the published figures month by month: every window holds the
// same number of adoptions, each month taking in as many as leave with the month 36 before
// it (the fewest, at least one, whose days reach both figures), and the months that stay in
// every window share what is left of the first month's totals. Unpublished months keep the
// averages steady. `months` is how many months to plan (the card's and beyond).
std::vector<Adoption> PlanAdoptions(const Series& a1_days, const Series& a2_days, int months,
                                    const AdoptionLimits& limits);

}  // namespace scorecard::seed_card

#endif  // SCORECARD_TOOLS_SEED_CARD_CARD_FIGURES_H_
