#include "tools/seed_card/card_figures.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/synchronization/mutex.h"
#include "services/aggregator/export/card_grid.h"

namespace scorecard::seed_card {
namespace {

namespace cv1 = ::scorecard::common::v1;

constexpr double kNudge = 1e-9;

}  // namespace

std::optional<double> CellValue(absl::string_view cell) {
  double value = 0;
  if (cell.empty() || !absl::SimpleAtod(cell, &value)) return std::nullopt;
  return value;
}

namespace {

bool Published(const Series& s, size_t i) { return i < s.size() && !s[i].empty(); }

// The published value nearest month i (earlier months first), or `otherwise`.
double NearestValue(const Series& s, size_t i, double otherwise) {
  for (size_t distance = 0; distance < s.size(); ++distance) {
    if (i >= distance && Published(s, i - distance)) return *CellValue(s[i - distance]);
    if (Published(s, i + distance)) return *CellValue(s[i + distance]);
  }
  return otherwise;
}

// The whole numbers k in [lo, hi] with ShowsAs(unit, {k, denominator}, cell).
std::vector<int> Numerators(cv1::Unit unit, double denominator, absl::string_view cell, int lo,
                            int hi) {
  std::vector<int> out;
  const std::optional<double> shown = CellValue(cell);
  if (!shown.has_value() || denominator <= 0 || hi < lo) return out;
  // value = scale * k / denominator: only k near shown * denominator / scale can show.
  const double scale = unit == cv1::UNIT_PERCENT ? 100.0 : 10000.0;
  const double centre = *shown * denominator / scale;
  const double spread = denominator / scale + 2;
  const int from = std::max(lo, static_cast<int>(std::floor(centre - spread)));
  const int to = std::min(hi, static_cast<int>(std::ceil(centre + spread)));
  for (int k = from; k <= to; ++k) {
    if (ShowsAs(unit, Fraction{static_cast<double>(k), denominator}, cell)) out.push_back(k);
  }
  return out;
}

// The values that show as `cell`: an interval, since the card's rendering never decreases
// as the value grows. Its ends are found from CardValueText itself by bisection, so the
// rounding rule stays in one place; remembered per (unit, cell) because solvers ask often.
struct ShownRange {
  double lo = 0;
  double hi = -1;
};

ShownRange RangeShowing(cv1::Unit unit, const std::string& cell) {
  static absl::Mutex mutex(absl::kConstInit);
  static auto* const ranges = new absl::flat_hash_map<std::pair<int, std::string>, ShownRange>();
  absl::MutexLock lock(&mutex);
  auto [it, inserted] = ranges->try_emplace({static_cast<int>(unit), cell});
  if (!inserted) return it->second;
  const std::optional<double> centre = CellValue(cell);
  auto shows = [&](double v) { return aggregator::CardValueText(unit, v) == cell; };
  if (!centre.has_value() || !shows(*centre)) return it->second;  // empty: nothing shows
  double below = *centre - 1;
  double inside = *centre;
  while (std::nextafter(below, inside) < inside) {
    const double mid = below + (inside - below) / 2;
    (shows(mid) ? inside : below) = mid;
  }
  it->second.lo = inside;
  inside = *centre;
  double above = *centre + 1;
  while (std::nextafter(inside, above) < above) {
    const double mid = inside + (above - inside) / 2;
    (shows(mid) ? inside : above) = mid;
  }
  it->second.hi = inside;
  return it->second;
}

}  // namespace

bool ShowsAs(cv1::Unit unit, const Fraction& f, absl::string_view cell) {
  if (cell.empty()) return false;
  const std::optional<double> value = ValueOf(unit, f);
  if (!value.has_value()) return false;
  const ShownRange range = RangeShowing(unit, std::string(cell));
  return *value - kNudge >= range.lo && *value + kNudge <= range.hi;
}

std::vector<int> BestCountSeries(const Series& month, const Series& ytd) {
  struct Node {
    int score = -1;
    int month_matches = 0;
    int previous_cum = 0;
    int count = 0;
  };
  const size_t n = std::max(month.size(), ytd.size());
  std::vector<std::map<int, Node>> layers(n);
  std::map<int, Node> start = {{0, Node{0, 0, 0, 0}}};
  for (size_t i = 0; i < n; ++i) {
    const std::map<int, Node>& before = i == 0 ? start : layers[i - 1];
    for (const auto& [cum, node] : before) {
      std::vector<int> candidates;
      if (Published(month, i)) candidates.push_back(static_cast<int>(*CellValue(month[i])));
      if (Published(ytd, i)) {
        const int rest = static_cast<int>(*CellValue(ytd[i])) - cum;
        if (rest >= 0) candidates.push_back(rest);
      }
      if (candidates.empty()) {
        candidates.push_back(static_cast<int>(NearestValue(month, i, 0)));
      }
      for (int count : candidates) {
        const bool month_ok = Published(month, i) && *CellValue(month[i]) == count;
        const bool ytd_ok = Published(ytd, i) && *CellValue(ytd[i]) == cum + count;
        Node next{node.score + month_ok + ytd_ok, node.month_matches + month_ok, cum, count};
        Node& slot = layers[i][cum + count];
        if (next.score > slot.score ||
            (next.score == slot.score && next.month_matches > slot.month_matches)) {
          slot = next;
        }
      }
    }
  }
  std::vector<int> counts(n);
  if (n == 0) return counts;
  auto best = layers[n - 1].begin();
  for (auto it = layers[n - 1].begin(); it != layers[n - 1].end(); ++it) {
    if (it->second.score > best->second.score ||
        (it->second.score == best->second.score &&
         it->second.month_matches > best->second.month_matches)) {
      best = it;
    }
  }
  int cum = best->first;
  for (size_t i = n; i-- > 0;) {
    const Node& node = layers[i].at(cum);
    counts[i] = node.count;
    cum = node.previous_cum;
  }
  return counts;
}

int PublishedCounts::Cleansed(size_t i) const {
  return on_time[i] + (i + 1 < late.size() ? late[i + 1] : 0);
}

std::vector<int> PublishedCounts::YearToDateAtRun() const {
  std::vector<int> out(on_time.size());
  int known = 0;
  for (size_t i = 0; i < on_time.size(); ++i) {
    known += late[i] + on_time[i];
    out[i] = known;
  }
  return out;
}

PublishedCounts PublishedCountSeries(const Series& month, const Series& ytd) {
  const size_t n = std::max(month.size(), ytd.size());
  PublishedCounts out;
  out.on_time.assign(n, 0);
  out.late.assign(n, 0);
  int known_before = 0;  // the year to date of the previous run
  for (size_t i = 0; i < n; ++i) {
    const bool has_month = Published(month, i);
    const bool has_ytd = Published(ytd, i);
    if (has_month) {
      out.on_time[i] = static_cast<int>(*CellValue(month[i]));
    } else if (has_ytd) {
      out.on_time[i] = std::max(0, static_cast<int>(*CellValue(ytd[i])) - known_before);
    } else {
      out.on_time[i] = static_cast<int>(NearestValue(month, i, 0));
    }
    if (i > 0 && has_month && has_ytd) {
      const int late = static_cast<int>(*CellValue(ytd[i])) - out.on_time[i] - known_before;
      out.late[i] = std::max(late, -out.on_time[i - 1]);
    }
    known_before += out.late[i] + out.on_time[i];
  }
  return out;
}

std::vector<int> PriorYearCounts(const std::vector<int>& counts, const Series& rates,
                                 double population) {
  constexpr int kPrior = 11;
  const int months = static_cast<int>(std::min<size_t>(counts.size(), 12));
  double mean = 0;
  for (int i = 0; i < months; ++i) mean += counts[i];
  mean = months > 0 ? mean / months : 0;
  std::vector<int> cum(months);
  for (int i = 0; i < months; ++i) cum[i] = counts[i] + (i > 0 ? cum[i - 1] : 0);
  // D[j]: events of the 12 months to month j that fall before the card (months j-11..-1).
  // It falls by one prior month's events each month, so it never rises; D[11] = 0.
  const int top = static_cast<int>(std::ceil(mean * kPrior * 3)) + 10;
  auto natural = [&](int j) { return std::max(0.0, mean * (kPrior - j)); };
  auto pinned = [&](int j, int d) {
    return Published(rates, j) &&
           ShowsAs(cv1::UNIT_RATE_PER_10000, Fraction{static_cast<double>(d + cum[j]), population},
                   rates[j]);
  };
  // Value: reproduced cells first, then closeness to a steady flow.
  constexpr double kCell = 1e9;
  constexpr double kEarlier = 1e6;
  const double kImpossible = -std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> value(months, std::vector<double>(top + 1, kImpossible));
  std::vector<std::vector<int>> from(months, std::vector<int>(top + 1, -1));
  // A month before the card has at least half the card's mean: a rate is not reproduced by
  // inventing a prior year no authority would have (a month of 5 referrals beside 200).
  const int floor_per_month = static_cast<int>(std::floor(mean / 2));
  for (int j = 0; j < months; ++j) {
    // The best predecessor D' >= d + floor_per_month, as a running maximum from the top.
    double best_before = j == 0 ? 0 : kImpossible;
    int best_at = -1;
    for (int d = top; d >= 0; --d) {
      const int predecessor = d + floor_per_month;
      if (j > 0 && predecessor <= top && value[j - 1][predecessor] > best_before) {
        best_before = value[j - 1][predecessor];
        best_at = predecessor;
      }
      if (j >= kPrior && d != 0) continue;
      if (best_before == kImpossible) continue;
      // Earlier months win ties between cells: a later cell then reads as the one that
      // cannot follow.
      value[j][d] = best_before + (pinned(j, d) ? kCell + kEarlier * (months - j) : 0) -
                    std::abs(d - natural(j));
      from[j][d] = best_at;
    }
  }
  std::vector<int> d(months);
  if (months == 0) return std::vector<int>(kPrior, 0);
  int at = static_cast<int>(std::max_element(value[months - 1].begin(), value[months - 1].end()) -
                            value[months - 1].begin());
  for (int j = months - 1; j >= 0; --j) {
    d[j] = at;
    at = from[j][at];
  }
  // Months not pinned by a reproduced cell are spread evenly between those that are.
  std::vector<int> anchors;
  for (int j = 0; j < months; ++j) {
    if (pinned(j, d[j]) || j >= kPrior) anchors.push_back(j);
  }
  for (int j = 0; j < months; ++j) {
    if (std::find(anchors.begin(), anchors.end(), j) != anchors.end()) continue;
    auto next = std::upper_bound(anchors.begin(), anchors.end(), j);
    const int after = next == anchors.end() ? -1 : *next;
    const int before = next == anchors.begin() ? -1 : *(next - 1);
    if (before >= 0 && after >= 0) {
      d[j] = d[before] + (d[after] - d[before]) * (j - before) / (after - before);
    } else if (after >= 0) {
      d[j] = d[after] + static_cast<int>(std::lround(mean * (after - j)));
    } else if (before >= 0) {
      d[j] = std::max(0, d[before] - static_cast<int>(std::lround(mean * (j - before))));
    } else {
      d[j] = static_cast<int>(std::lround(natural(j)));
    }
  }
  std::vector<int> prior(kPrior, 0);
  for (int j = 0; j + 1 < months; ++j) prior[j] = d[j] - d[j + 1];  // month j-11
  if (months < 12) {
    // The last D is what the remaining prior months hold between them.
    const int rest_months = kPrior - (months - 1);
    const int rest = d[months - 1];
    for (int k = 0; k < rest_months; ++k) {
      prior[months - 1 + k] = rest / rest_months + (k < rest % rest_months ? 1 : 0);
    }
  }
  return prior;
}

int ChoosePopulation(const std::vector<std::pair<int, std::string>>& counts_and_rates,
                     int nominal) {
  const int lo = nominal - nominal / 100;
  const int hi = nominal + nominal / 100;
  std::vector<int> score(hi - lo + 1, 0);
  for (int p = lo; p <= hi; ++p) {
    for (const auto& [count, rate] : counts_and_rates) {
      score[p - lo] += ShowsAs(cv1::UNIT_RATE_PER_10000,
                               Fraction{static_cast<double>(count), static_cast<double>(p)}, rate);
    }
  }
  const int best = *std::max_element(score.begin(), score.end());
  int chosen = nominal;
  int chosen_distance = std::numeric_limits<int>::max();
  for (int p = lo; p <= hi;) {
    if (score[p - lo] != best) {
      ++p;
      continue;
    }
    int end = p;
    while (end + 1 <= hi && score[end + 1 - lo] == best) ++end;
    const int distance = nominal < p ? p - nominal : (nominal > end ? nominal - end : 0);
    if (distance < chosen_distance) {
      chosen_distance = distance;
      chosen = p + (end - p) / 2;
    }
    p = end + 1;
  }
  return chosen;
}

std::vector<RatioMonth> BestRatioSeries(const std::vector<RatioFamily>& families,
                                        const std::vector<int>& lower,
                                        const std::vector<int>& upper,
                                        const std::vector<int>& preferred) {
  const int months = static_cast<int>(preferred.size());
  const int fams = static_cast<int>(families.size());
  // Cells still to come from month i on: the most any path can still gain.
  std::vector<int> still(months + 1, 0);
  for (int i = months - 1; i >= 0; --i) {
    still[i] = still[i + 1];
    for (const RatioFamily& f : families) still[i] += Published(f.month, i) + Published(f.ytd, i);
  }
  struct Node {
    uint64_t key = 0;  // events so far, then each family's meeting so far
    int score = 0;
    int deviation = 0;
    int parent = -1;
    int events = 0;
    int meeting[2] = {0, 0};
  };
  auto pack = [](int events, const int* meeting) {
    return (static_cast<uint64_t>(events) << 40) | (static_cast<uint64_t>(meeting[0]) << 20) |
           static_cast<uint64_t>(meeting[1]);
  };
  auto unpack = [](uint64_t key, int* events, int* meeting) {
    *events = static_cast<int>(key >> 40);
    meeting[0] = static_cast<int>((key >> 20) & 0xFFFFF);
    meeting[1] = static_cast<int>(key & 0xFFFFF);
  };
  std::vector<std::vector<Node>> layers;
  for (int target = still[0]; target >= 0; --target) {
    layers.assign(months, {});
    std::vector<Node> start = {Node{}};
    bool reached = true;
    for (int i = 0; i < months && reached; ++i) {
      const std::vector<Node>& before = i == 0 ? start : layers[i - 1];
      absl::flat_hash_map<uint64_t, int> index;
      std::vector<Node>& out = layers[i];
      for (int p = 0; p < static_cast<int>(before.size()); ++p) {
        const Node& node = before[p];
        int total = 0;
        int so_far[2] = {0, 0};
        unpack(node.key, &total, so_far);
        for (int n = lower[i]; n <= upper[i]; ++n) {
          // Per family: the meeting counts worth trying, each with the cells it reproduces.
          std::vector<std::pair<int, int>> options[2];
          for (int f = 0; f < fams; ++f) {
            const RatioFamily& fam = families[f];
            std::vector<int> ks;
            if (Published(fam.month, i)) {
              ks = Numerators(cv1::UNIT_PERCENT, n, fam.month[i], 0, n);
            }
            if (Published(fam.ytd, i)) {
              for (int all : Numerators(cv1::UNIT_PERCENT, total + n, fam.ytd[i], so_far[f],
                                        so_far[f] + n)) {
                ks.push_back(all - so_far[f]);
              }
            }
            if (ks.empty()) {
              ks.push_back(static_cast<int>(std::lround(n * NearestValue(fam.month, i, 100) / 100)));
            }
            std::sort(ks.begin(), ks.end());
            ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
            for (int k : ks) {
              const int cells =
                  ShowsAs(cv1::UNIT_PERCENT, Fraction{static_cast<double>(k), static_cast<double>(n)},
                          Published(fam.month, i) ? fam.month[i] : "") +
                  ShowsAs(cv1::UNIT_PERCENT,
                          Fraction{static_cast<double>(so_far[f] + k), static_cast<double>(total + n)},
                          Published(fam.ytd, i) ? fam.ytd[i] : "");
              options[f].emplace_back(k, cells);
            }
          }
          if (fams < 2) options[1] = {{0, 0}};
          for (const auto& [k0, c0] : options[0]) {
            for (const auto& [k1, c1] : options[1]) {
              const int score = node.score + c0 + c1;
              if (score + still[i + 1] < target) continue;
              Node next;
              next.events = n;
              next.meeting[0] = k0;
              next.meeting[1] = k1;
              const int meeting[2] = {so_far[0] + k0, so_far[1] + k1};
              next.key = pack(total + n, meeting);
              next.score = score;
              next.deviation = node.deviation + std::abs(n - preferred[i]);
              next.parent = p;
              auto [it, inserted] = index.try_emplace(next.key, static_cast<int>(out.size()));
              if (inserted) {
                out.push_back(next);
              } else {
                Node& slot = out[it->second];
                if (next.score > slot.score ||
                    (next.score == slot.score && next.deviation < slot.deviation)) {
                  slot = next;
                }
              }
            }
          }
        }
      }
      reached = !out.empty();
    }
    if (!reached) continue;
    const std::vector<Node>& last = layers[months - 1];
    int best = 0;
    for (int p = 1; p < static_cast<int>(last.size()); ++p) {
      if (last[p].score > last[best].score ||
          (last[p].score == last[best].score && last[p].deviation < last[best].deviation)) {
        best = p;
      }
    }
    std::vector<RatioMonth> result(months);
    for (int i = months - 1, p = best; i >= 0; --i) {
      const Node& node = layers[i][p];
      result[i].events = node.events;
      result[i].meeting.assign(node.meeting, node.meeting + fams);
      p = node.parent;
    }
    return result;
  }
  return std::vector<RatioMonth>(months);
}

std::vector<DurationMonth> BestDurationSeries(const Series& month_weeks, const Series& ytd_weeks,
                                              int min_days, int max_days, int max_cases) {
  const int months = static_cast<int>(std::max(month_weeks.size(), ytd_weeks.size()));
  const int preferred = (max_cases + 1) / 2;
  constexpr size_t kBeam = 3000;
  struct Node {
    int cases = 0;
    int days = 0;
    int score = 0;
    int deviation = 0;
    int parent = -1;
    DurationMonth month;
  };
  // Totals t in [lo, hi] with ShowsAs(weeks, {t / 7, n}, cell).
  auto range = [](int n, absl::string_view cell, int lo, int hi) -> std::pair<int, int> {
    const std::optional<double> weeks = CellValue(cell);
    if (!weeks.has_value() || n <= 0) return {1, 0};
    const int from = std::max(lo, static_cast<int>(std::floor(7 * n * (*weeks - 0.5))) - 1);
    const int to = std::min(hi, static_cast<int>(std::ceil(7 * n * (*weeks + 0.5))) + 1);
    int a = from;
    while (a <= to && !ShowsAs(cv1::UNIT_WEEKS, Fraction{a / 7.0, static_cast<double>(n)}, cell)) ++a;
    int b = to;
    while (b >= a && !ShowsAs(cv1::UNIT_WEEKS, Fraction{b / 7.0, static_cast<double>(n)}, cell)) --b;
    return {a, b};
  };
  std::vector<std::vector<Node>> layers(months);
  std::vector<Node> start = {Node{}};
  for (int i = 0; i < months; ++i) {
    const std::vector<Node>& before = i == 0 ? start : layers[i - 1];
    std::map<std::pair<int, int>, Node> next;
    const double typical_weeks = NearestValue(month_weeks, i, NearestValue(ytd_weeks, i, 26));
    for (int p = 0; p < static_cast<int>(before.size()); ++p) {
      const Node& node = before[p];
      for (int n = 1; n <= max_cases; ++n) {
        const int plausible_lo = n * min_days;
        const int plausible_hi = n * max_days;
        std::pair<int, int> m = Published(month_weeks, i)
                                    ? range(n, month_weeks[i], plausible_lo, plausible_hi)
                                    : std::pair<int, int>{1, 0};
        std::pair<int, int> y = {1, 0};
        if (Published(ytd_weeks, i)) {
          y = range(node.cases + n, ytd_weeks[i], node.days + plausible_lo,
                    node.days + plausible_hi);
          y = {y.first - node.days, y.second - node.days};
        }
        std::vector<std::pair<int, int>> intervals;
        const std::pair<int, int> both = {std::max(m.first, y.first), std::min(m.second, y.second)};
        for (const std::pair<int, int>& r : {both, m, y}) {
          if (r.first <= r.second) intervals.push_back(r);
        }
        const int typical = std::clamp(static_cast<int>(std::lround(7 * n * typical_weeks)),
                                       plausible_lo, plausible_hi);
        intervals.emplace_back(typical, typical);
        for (const auto& [lo, hi] : intervals) {
          for (int total : {lo, lo + (hi - lo) / 2, hi}) {
            Node child;
            child.cases = node.cases + n;
            child.days = node.days + total;
            child.score = node.score +
                          ShowsAs(cv1::UNIT_WEEKS, Fraction{total / 7.0, static_cast<double>(n)},
                                  Published(month_weeks, i) ? month_weeks[i] : "") +
                          ShowsAs(cv1::UNIT_WEEKS,
                                  Fraction{child.days / 7.0, static_cast<double>(child.cases)},
                                  Published(ytd_weeks, i) ? ytd_weeks[i] : "");
            child.deviation = node.deviation + std::abs(n - preferred);
            child.parent = p;
            child.month = {n, total};
            auto [it, inserted] = next.try_emplace({child.cases, child.days}, child);
            if (!inserted && (child.score > it->second.score ||
                              (child.score == it->second.score &&
                               child.deviation < it->second.deviation))) {
              it->second = child;
            }
          }
        }
      }
    }
    std::vector<Node>& out = layers[i];
    for (auto& [key, node] : next) out.push_back(node);
    std::stable_sort(out.begin(), out.end(), [](const Node& a, const Node& b) {
      return a.score != b.score ? a.score > b.score : a.deviation < b.deviation;
    });
    if (out.size() > kBeam) out.resize(kBeam);
  }
  std::vector<DurationMonth> result(months);
  if (months == 0) return result;
  for (int i = months - 1, p = 0; i >= 0; --i) {
    result[i] = layers[i][p].month;
    p = layers[i][p].parent;
  }
  return result;
}

std::optional<int> MissesFor(int denominator, absl::string_view cell) {
  const std::optional<double> shown = CellValue(cell);
  if (!shown.has_value() || denominator <= 0) return std::nullopt;
  const double ideal = denominator * (1 - *shown / 100);
  std::optional<int> best;
  for (int met : Numerators(cv1::UNIT_PERCENT, denominator, cell, 0, denominator)) {
    const int misses = denominator - met;
    if (!best.has_value() || std::abs(misses - ideal) < std::abs(*best - ideal)) best = misses;
  }
  return best;
}

std::optional<int> AgencyFor(int permanent, absl::string_view cell, int previous) {
  std::optional<int> best;
  for (int agency = 0; agency <= 3 * permanent + 10; ++agency) {
    if (!ShowsAs(cv1::UNIT_PERCENT,
                 Fraction{static_cast<double>(agency), static_cast<double>(agency + permanent)},
                 cell)) {
      continue;
    }
    if (!best.has_value() || std::abs(agency - previous) < std::abs(*best - previous)) {
      best = agency;
    }
  }
  return best;
}

std::optional<std::vector<int>> UnsupervisedFor(const std::vector<int>& team_sizes,
                                                absl::string_view cell) {
  const int teams = static_cast<int>(team_sizes.size());
  if (teams == 0) return std::nullopt;
  // Largest teams first: one person there moves the mean least.
  std::vector<int> order(teams);
  for (int t = 0; t < teams; ++t) order[t] = t;
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return team_sizes[a] > team_sizes[b]; });
  int people = 0;
  for (int size : team_sizes) people += size;
  std::vector<int> missed(teams, 0);
  auto shows = [&] {
    double rates = 0;
    for (int t = 0; t < teams; ++t) {
      rates += static_cast<double>(team_sizes[t] - missed[t]) / team_sizes[t];
    }
    return ShowsAs(cv1::UNIT_PERCENT, Fraction{rates, static_cast<double>(teams)}, cell);
  };
  // Every way of leaving `left` people unsupervised over teams order[from..].
  std::function<bool(int, int)> place = [&](int from, int left) -> bool {
    if (from == teams) return left == 0 && shows();
    const int t = order[from];
    for (int k = std::min(left, team_sizes[t]); k >= 0; --k) {
      missed[t] = k;
      if (place(from + 1, left - k)) return true;
    }
    missed[t] = 0;
    return false;
  };
  for (int total = 0; total <= people; ++total) {
    if (place(0, total)) return missed;
  }
  return std::nullopt;
}

std::vector<Adoption> PlanAdoptions(const Series& a1_days, const Series& a2_days, int months,
                                    const AdoptionLimits& limits) {
  constexpr int kWindow = 36;
  // Month m's window is months m-35..m. Over the plan, months -35..(months-37) drop out one
  // by one (month m-36 leaves as month m comes in) and the months after them stay in every
  // window. Each month in the plan takes in as many adoptions as leave with the month 36
  // before it, so every window holds the same number N; a window's totals then move by
  // (days of the new adoptions) - (days of those leaving), and both can be chosen.
  const int first_staying = months - kWindow;  // e.g. -24 for 12 months
  const int base1 = static_cast<int>(std::lround(NearestValue(a1_days, 0, 500)));
  const int base2 = static_cast<int>(std::lround(NearestValue(a2_days, 0, 150)));
  std::vector<int> count(months, 1);
  struct Month {
    std::vector<std::pair<int, int>> added;    // (A1, A2) days
    std::vector<std::pair<int, int>> leaving;  // of month m - 36
  };
  std::vector<Month> plan(months);
  // The window total for month m that shows as the cell (nearest N x figure), or `keep`.
  auto total_for = [&](const Series& cells, int m, int n, long keep) -> long {
    if (!Published(cells, m)) return keep;
    const double centre = *CellValue(cells[m]) * n;
    long best = keep;
    double best_distance = std::numeric_limits<double>::infinity();
    for (long t = static_cast<long>(centre) - n; t <= static_cast<long>(centre) + n; ++t) {
      if (!ShowsAs(cv1::UNIT_DAYS, Fraction{static_cast<double>(t), static_cast<double>(n)}, cells[m])) {
        continue;
      }
      if (std::abs(t - centre) < best_distance) {
        best_distance = std::abs(t - centre);
        best = t;
      }
    }
    return best;
  };
  // `c` adoptions whose days add up to c * base + extra, within [lo, hi] each.
  auto split = [](int c, int base, long extra, int lo, int hi) -> std::optional<std::vector<int>> {
    std::vector<int> days(c);
    const long total = static_cast<long>(c) * base + extra;
    for (int k = 0; k < c; ++k) {
      days[k] = static_cast<int>(total / c + (k < total % c ? 1 : 0));
      if (days[k] < lo || days[k] > hi) return std::nullopt;
    }
    return days;
  };
  int n = 0;
  std::vector<long> total1(months), total2(months);
  for (int round = 0; round < 10; ++round) {
    n = (-first_staying) + count[0];
    for (int m = 1; m < months; ++m) n += count[m];
    bool changed = false;
    for (int m = 0; m < months; ++m) {
      total1[m] = total_for(a1_days, m, n, m == 0 ? static_cast<long>(base1) * n : total1[m - 1]);
      total2[m] = total_for(a2_days, m, n, m == 0 ? static_cast<long>(base2) * n : total2[m - 1]);
      if (m == 0) continue;
      const long d1 = total1[m] - total1[m - 1];
      const long d2 = total2[m] - total2[m - 1];
      bool placed = false;
      for (int c = 1; c <= limits.most_per_month && !placed; ++c) {
        auto in1 = split(c, base1, std::max(d1, 0L), limits.min_a1, limits.max_a1);
        auto out1 = split(c, base1, std::max(-d1, 0L), limits.min_a1, limits.max_a1);
        auto in2 = split(c, base2, std::max(d2, 0L), limits.min_a2, limits.max_a2);
        auto out2 = split(c, base2, std::max(-d2, 0L), limits.min_a2, limits.max_a2);
        if (!in1 || !out1 || !in2 || !out2) continue;
        bool fits = true;
        for (int k = 0; k < c; ++k) {
          fits = fits && (*in1)[k] >= (*in2)[k] + limits.a1_over_a2 &&
                 (*out1)[k] >= (*out2)[k] + limits.a1_over_a2;
        }
        if (!fits) continue;
        placed = true;
        if (count[m] != c) changed = true;
        count[m] = c;
        plan[m].added.clear();
        plan[m].leaving.clear();
        for (int k = 0; k < c; ++k) {
          plan[m].added.emplace_back((*in1)[k], (*in2)[k]);
          plan[m].leaving.emplace_back((*out1)[k], (*out2)[k]);
        }
      }
      if (!placed) {
        // No number of adoptions moves both averages that far: the most, clamped (the
        // cells left over are listed as exceptions).
        const int c = limits.most_per_month;
        if (count[m] != c) changed = true;
        count[m] = c;
        plan[m].added.assign(c, {base1, base2});
        plan[m].leaving.assign(c, {base1, base2});
      }
    }
    if (!changed) break;
  }
  // Month 0 takes in one adoption at the base; the staying months share what is left of
  // month 0's totals, one adoption each.
  std::vector<Adoption> out;
  long rest1 = total1.empty() ? 0 : total1[0] - base1;
  long rest2 = total2.empty() ? 0 : total2[0] - base2;
  for (int m = 1; m < months; ++m) {
    for (const auto& [d1, d2] : plan[m].leaving) {
      out.push_back({m - kWindow, d1, d2});
      rest1 -= d1;
      rest2 -= d2;
    }
  }
  const int staying = -first_staying;
  for (int k = 0; k < staying; ++k) {
    const int d1 = static_cast<int>(rest1 / staying + (k < rest1 % staying ? 1 : 0));
    const int d2 = static_cast<int>(rest2 / staying + (k < rest2 % staying ? 1 : 0));
    out.push_back({first_staying + k, d1, d2});
  }
  if (months > 0) out.push_back({0, base1, base2});
  for (int m = 1; m < months; ++m) {
    for (const auto& [d1, d2] : plan[m].added) out.push_back({m, d1, d2});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Adoption& a, const Adoption& b) { return a.month < b.month; });
  return out;
}

}  // namespace scorecard::seed_card
