// Placement: looked-after children month by month (with the UASC and DCT children among
// them and the children adopted), their reviews, visits, health assessments and dental
// checks; adoptions for the 3-year averages; care proceedings and pre-proceedings; carer
// approvals; the population.
//
// The looked-after children are simulated a month at a time: the card's count at each month
// end is met by entrants and leavers, the UASC and DCT counts by entrants and leavers of
// those children, and adopted children leave on their adoption order. Then, for each
// timeliness row, the generator picks at each month end how many children miss the
// standard (card_figures.h MissesFor over that month's denominator) and writes the dates
// that make exactly those children late: a visit gap over the month end, a health
// assessment held just after it, a review held after its due day.
#include <algorithm>
#include <climits>
#include <deque>
#include <map>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "services/placement/timescales.h"
#include "tools/seed_card/seed_context.h"

namespace scorecard::seed_card::internal {
namespace {

namespace pv1 = ::scorecard::placement::v1;

constexpr int kFirstReviewWorkingDays = 20;  // reg 33; the card's rule (COUNTING.md)
constexpr int kInitialHealthWorkingDays = 20;
constexpr int kVisitWeeks = 6;
constexpr int kGeneralEntrantsPerMonth = 5;
constexpr int kVisitCadenceDays = 21;

struct LacChild {
  std::string id;
  Date birth;
  bool uasc = false;
  bool dct = false;
  Date start;
  std::optional<Date> end;
  // Adopted: moves in with the adoptive family on `placed` and is adopted on `end`.
  std::optional<Date> placed;
  int adoption = -1;
  // The month from which the child's reviews are late (INT_MIN: never).
  int late_review_month = INT_MIN;

  bool InCareAt(Date d) const { return start <= d && (!end.has_value() || *end > d); }
  bool Special() const { return uasc || dct || adoption >= 0; }
  Date PlacementStartAt(Date d) const { return placed.has_value() && *placed <= d ? *placed : start; }
};

class PlacementSeed {
 public:
  PlacementSeed(SeedContext& ctx, int population)
      : ctx_(ctx), population_(population), random_(ctx.Random(kStreamLookedAfter)),
        events_(ctx.Random(kStreamLacEvents)), courts_(ctx.Random(kStreamCourts)) {}

  PlacementOutput Generate() {
    PlanAdoptionChildren();
    SimulateCare();
    WriteChildren();
    WriteReviews();
    WriteVisits();
    WriteChecks(/*dental=*/false);
    WriteChecks(/*dental=*/true);
    WriteProceedings();
    WritePreProceedings();
    WriteCarers();
    WritePopulation();
    PlacementOutput out;
    out.records = std::move(records_);
    out.looked_after = looked_after_;
    for (const LacChild& c : children_) out.spans.push_back({c.id, c.start, c.end});
    return out;
  }

 private:
  // The card's LAC count, except where it disagrees with the card's own LAC rate for every
  // population the other rates allow: then the count the rate implies, nearest the printed
  // count (the printed count is the outlier; the exceptions list says so).
  int LacTarget(int i) {
    const Series counts = ctx_.Row(kVolume, "LAC Numbers");
    const Series rates = ctx_.Row(kVolume, "Total LAC per 10,000 population");
    const int printed = ctx_.Count(kVolume, "LAC Numbers", i);
    if (counts[i].empty() || rates[i].empty()) return printed;
    auto shows = [&](int n) {
      return ShowsAs(common::v1::UNIT_RATE_PER_10000,
                     Fraction{static_cast<double>(n), static_cast<double>(population_)}, rates[i]);
    };
    if (shows(printed)) return printed;
    for (int distance = 1; distance <= printed; ++distance) {
      if (shows(printed + distance)) return printed + distance;
      if (shows(printed - distance)) return printed - distance;
    }
    return printed;
  }

  // ---- adoptions ---------------------------------------------------------------------

  void PlanAdoptionChildren() {
    adoptions_ = PlanAdoptions(
        ctx_.Row(kSafeguarding, "Adoption Timescales (Between entering care and moving in with "
                                "adoptive family) - average days"),
        ctx_.Row(kSafeguarding, "Adoption Timescales (Between Court Authority to place and "
                                "deciding on a match) - average days"),
        kYearMonths, AdoptionLimits());
    std::map<int, int> per_month;
    for (const Adoption& a : adoptions_) ++per_month[a.month];
    std::map<int, int> placed_in_month;
    for (size_t k = 0; k < adoptions_.size(); ++k) {
      const Adoption& a = adoptions_[k];
      LacChild c;
      c.id = ctx_.NewId("C");
      c.adoption = static_cast<int>(k);
      const Date order = ctx_.Spread(a.month, placed_in_month[a.month]++, per_month[a.month]);
      c.end = order;
      c.placed = order - random_.Int(90, 200);
      c.start = *c.placed - a.a1_days;
      c.birth = c.start - random_.Int(0, 540);
      children_.push_back(c);
    }
  }

  // ---- the looked-after children, month by month -------------------------------------

  LacChild& NewChild(Date start, bool uasc, bool dct) {
    LacChild c;
    c.id = ctx_.NewId("C");
    c.start = start;
    c.uasc = uasc;
    c.dct = dct;
    const int age_at_start = uasc ? random_.Int(15, 16) : random_.Int(dct ? 5 : 0, 14);
    c.birth = AddCalendarMonths(start, -12 * age_at_start) - random_.Int(0, 300);
    children_.push_back(c);
    return children_.back();
  }

  int CountAt(Date d, const std::function<bool(const LacChild&)>& which) const {
    int n = 0;
    for (const LacChild& c : children_) n += c.InCareAt(d) && which(c);
    return n;
  }

  // The natural review days of a period: the first 15 working days in, then a week before
  // each due day (reg 33: the second within 3 months of the first, later ones within 6).
  std::vector<std::pair<Date, Date>> ReviewSchedule(const LacChild& c, Date until) const {
    std::vector<std::pair<Date, Date>> held_due;
    Date due = ctx_.AddWorkingDays(c.start, kFirstReviewWorkingDays);
    Date held = ctx_.AddWorkingDays(c.start, 15);
    for (int number = 1; held <= until; ++number) {
      held_due.emplace_back(held, due);
      due = placement::ReviewDueAfter(held, number);
      held = due - 7;
    }
    return held_due;
  }

  // Children with a review falling due in month i before its last day: a review held after
  // that day makes them late at the month end.
  bool ReviewDueInMonth(const LacChild& c, int i) const {
    for (const auto& [held, due] : ReviewSchedule(c, ctx_.MonthEnd(i) + 7)) {
      if (due >= ctx_.MonthStart(i) && due < ctx_.MonthEnd(i) && held <= due) return true;
    }
    return false;
  }

  void SimulateCare() {
    const Date before = ctx_.MonthStart(0) - 1;
    // On the day before the year: the card's first count, less the adopted children
    // already counted, as UASC, DCT and other children.
    const int first_uasc = ctx_.Count(kVolume, "LAC Numbers - UASC", 0);
    const int first_dct = ctx_.Count(kVolume, "LAC Numbers - DCT", 0);
    const int adopted_in_care = CountAt(before, [](const LacChild& c) { return c.adoption >= 0; });
    for (int k = 0; k < first_uasc; ++k) NewChild(before - random_.Int(30, 600), true, false);
    for (int k = 0; k < first_dct; ++k) NewChild(before - random_.Int(200, 2500), false, true);
    const int general = LacTarget(0) - first_uasc - first_dct - adopted_in_care;
    for (int k = 0; k < general; ++k) NewChild(before - random_.Int(10, 3000), false, false);
    const Series review_cells = ctx_.Row(
        kSafeguarding, "Looked After Children Reviews - held on time (snapshot)");
    looked_after_.assign(kYearMonths, 0);
    for (int i = 0; i < kYearMonths; ++i) {
      const Date end = ctx_.MonthEnd(i);
      auto leave = [&](LacChild& c, int k, int of) {
        c.end = std::min(ctx_.Spread(i, k, of), ctx_.AddWorkingDays(end, -1));
      };
      // UASC and DCT children come and go to their own counts.
      for (auto [uasc, title] : {std::pair<bool, const char*>{true, "LAC Numbers - UASC"},
                                 {false, "LAC Numbers - DCT"}}) {
        auto of_kind = [uasc](const LacChild& c) { return uasc ? c.uasc : c.dct; };
        const int want = ctx_.Count(kVolume, title, i);
        const int have = CountAt(ctx_.MonthStart(i), of_kind);
        for (int k = have; k < want; ++k) {
          NewChild(ctx_.Spread(i, k - have, want - have), uasc, !uasc);
        }
        int excess = have - want;
        for (LacChild& c : children_) {
          if (excess <= 0) break;
          if (of_kind(c) && c.InCareAt(ctx_.MonthStart(i))) leave(c, excess--, have - want);
        }
      }
      for (int k = 0; k < kGeneralEntrantsPerMonth; ++k) {
        NewChild(ctx_.Spread(i, k, kGeneralEntrantsPerMonth), false, false);
      }
      // General leavers to the month's count (more entrants if it rises further).
      int excess = CountAt(end, [](const LacChild&) { return true; }) - LacTarget(i);
      for (int k = excess; k < 0; ++k) NewChild(ctx_.Spread(i, -k - 1, -excess), false, false);
      excess = std::max(excess, 0);
      std::vector<LacChild*> others;
      std::vector<LacChild*> late_ones;
      for (LacChild& c : children_) {
        if (c.Special() || !c.InCareAt(end) || c.start >= ctx_.MonthStart(i)) continue;
        (c.late_review_month != INT_MIN ? late_ones : others).push_back(&c);
      }
      std::vector<LacChild*> leaving;
      for (int k = 0; k < excess && !others.empty(); ++k) {
        const int pick = events_.Int(0, static_cast<int>(others.size()) - 1);
        leaving.push_back(others[pick]);
        leave(*others[pick], k, excess);
        others.erase(others.begin() + pick);
      }
      // Reviews: as many children late at the month end as the card's figure allows. A
      // child late once stays late while in care, so when fewer may be late some of them
      // leave instead of others (or beside a new entrant).
      auto allowed_now = [&] {
        const int denominator = CountAt(end, [&](const LacChild& c) {
          return ctx_.AddWorkingDays(c.start, kFirstReviewWorkingDays) <= end;
        });
        return MissesFor(denominator, NearestCell(review_cells, i)).value_or(0);
      };
      int late = static_cast<int>(late_ones.size());
      for (size_t k = 0; k < late_ones.size() && late > allowed_now(); ++k) {
        leave(*late_ones[k], static_cast<int>(k), static_cast<int>(late_ones.size()));
        --late;
        if (!leaving.empty()) {
          leaving.back()->end.reset();
          others.push_back(leaving.back());
          leaving.pop_back();
        } else {
          NewChild(ctx_.Spread(i, static_cast<int>(k), 4), false, false);
        }
      }
      // More late children when the month needs them: one whose review falls due this
      // month has it held after the due day.
      const int allowed = allowed_now();
      for (LacChild* c : others) {
        if (late >= allowed) break;
        if (c->InCareAt(end) && ReviewDueInMonth(*c, i)) {
          c->late_review_month = i;
          ++late;
        }
      }
      if (late != allowed) {
        ctx_.Fail(absl::InternalError(absl::StrCat(
            "placement: ", late, " children late for reviews in month ", i, ", wanted ", allowed)));
      }
      looked_after_[i] = CountAt(end, [](const LacChild&) { return true; });
      if (looked_after_[i] != LacTarget(i)) {
        ctx_.Fail(absl::InternalError(absl::StrCat("placement: ", looked_after_[i],
                                                   " looked after in month ", i, ", wanted ",
                                                   LacTarget(i))));
      }
    }
  }

  static std::string NearestCell(const Series& cells, int i) {
    for (int d = 0; d < kYearMonths; ++d) {
      if (i - d >= 0 && !cells[i - d].empty()) return cells[i - d];
      if (i + d < kYearMonths && !cells[i + d].empty()) return cells[i + d];
    }
    return "";
  }

  std::optional<Date> Known(std::optional<Date> d) const {
    if (d.has_value() && *d > ctx_.Horizon()) return std::nullopt;
    return d;
  }

  void WriteChildren() {
    for (const LacChild& c : children_) {
      pv1::LookedAfterChild* r = records_.emplace_back().mutable_child();
      ctx_.SetHeader(r, "child-" + c.id);
      r->set_child_id(c.id);
      Set(r->mutable_birth_date(), c.birth);
      r->set_sex(c.id.back() % 2 == 0 ? "1" : "2");
      r->set_uasc(c.uasc);
      r->set_team(c.dct ? "DCT" : "Looked After");
      auto episode = [&](Date start, std::optional<Date> end, const char* rne, const char* ls,
                         const char* place, const char* rec) {
        pv1::Episode* e = records_.emplace_back().mutable_episode();
        ctx_.SetHeader(e, ctx_.NewId("EP"));
        e->set_child_id(c.id);
        Set(e->mutable_start_date(), start);
        e->set_reason_new_episode(rne);
        e->set_legal_status(ls);
        e->set_placement(place);
        e->set_category_of_need(c.dct ? "N4" : "N1");
        end = Known(end);
        if (end.has_value()) {
          Set(e->mutable_end_date(), end);
          e->set_reason_ceased(rec);
        }
      };
      if (c.placed.has_value()) {
        episode(c.start, c.placed, "S", "C2", "U3", "X1");
        if (*c.placed <= ctx_.Horizon()) episode(*c.placed, c.end, "P", "E1", "A5", "E11");
      } else if (c.uasc) {
        episode(c.start, c.end, "S", "V2", "H5", "E8");
      } else {
        episode(c.start, c.end, "S", c.dct ? "V2" : "C2", c.dct ? "U6" : "U3", "E13");
      }
      if (c.adoption >= 0) {
        const Adoption& a = adoptions_[c.adoption];
        pv1::AdoptionMilestones* m = records_.emplace_back().mutable_adoption();
        ctx_.SetHeader(m, "adoption-" + c.id);
        m->set_child_id(c.id);
        const Date matched = *c.placed - courts_.Int(14, 40);
        const Date order = matched - a.a2_days;
        Set(m->mutable_should_be_placed_date(), order - courts_.Int(30, 60));
        Set(m->mutable_placement_order_date(), order);
        Set(m->mutable_matched_date(), matched);
        Set(m->mutable_placed_date(), c.placed);
        if (c.end.has_value() && *c.end <= ctx_.Horizon()) Set(m->mutable_adoption_order_date(), c.end);
      }
    }
  }

  // Children looked after at some point from 60 days before the year: only their records
  // can move a figure of the year (reviews of earlier children are not written).
  bool InYear(const LacChild& c) const {
    return !c.end.has_value() || *c.end > ctx_.MonthStart(0) - 60;
  }

  void WriteReviews() {
    for (const LacChild& c : children_) {
      if (!InYear(c)) continue;
      const Date until = std::min(c.end.value_or(ctx_.Horizon()), ctx_.Horizon());
      std::vector<Date> held;
      Date due = ctx_.AddWorkingDays(c.start, kFirstReviewWorkingDays);
      Date next = ctx_.AddWorkingDays(c.start, 15);
      while (next <= until) {
        if (c.late_review_month != INT_MIN && due >= ctx_.MonthStart(c.late_review_month) &&
            due < ctx_.MonthEnd(c.late_review_month)) {
          next = due + 2;  // the late one: after its due day
        }
        if (next > until) break;
        held.push_back(next);
        due = placement::ReviewDueAfter(next, static_cast<int>(held.size()));
        next = due - 7;
      }
      for (Date d : held) {
        pv1::LacReview* r = records_.emplace_back().mutable_review();
        ctx_.SetHeader(r, ctx_.NewId("LR"));
        r->set_child_id(c.id);
        Set(r->mutable_review_date(), d);
        r->set_participation_code("PN1");
      }
    }
  }

  // At each month end, the card's share of children not seen within 6 weeks: no visit in
  // the 42 days to the month end (and not in a placement's first week). Everyone else is
  // visited every three weeks, and again within three days of a gap's end.
  void WriteVisits() {
    const Series cells = ctx_.Row(kSafeguarding, "LAC Visits - % cases where child seen within the last 6 weeks");
    std::map<std::string, std::vector<int>> late_months;
    for (int i = 0; i < kYearMonths; ++i) {
      const Date end = ctx_.MonthEnd(i);
      std::vector<const LacChild*> eligible;
      int in_care = 0;
      for (const LacChild& c : children_) {
        if (!c.InCareAt(end)) continue;
        ++in_care;
        // Late only if seen before the gap: the walk has visited since well before it.
        if (c.PlacementStartAt(end) <= end - 8 && c.start < end - 70) eligible.push_back(&c);
      }
      const int late = MissesFor(in_care, NearestCell(cells, i)).value_or(0);
      if (late > static_cast<int>(eligible.size())) {
        ctx_.Fail(absl::InternalError(absl::StrCat("placement: too few children to miss visits in month ", i)));
        continue;
      }
      for (int k = 0; k < late; ++k) {
        const int pick = events_.Int(k, static_cast<int>(eligible.size()) - 1);
        std::swap(eligible[k], eligible[pick]);
        late_months[eligible[k]->id].push_back(i);
      }
    }
    for (const LacChild& c : children_) {
      if (!InYear(c)) continue;
      const Date until = std::min(c.end.value_or(ctx_.Horizon()), ctx_.Horizon());
      std::vector<std::pair<Date, Date>> gaps;
      for (int i : late_months[c.id]) gaps.emplace_back(ctx_.MonthEnd(i) - 7 * kVisitWeeks, ctx_.MonthEnd(i));
      Date next = std::max(c.start + 3, ctx_.MonthStart(0) - 70);
      while (next <= until) {
        bool moved = false;
        for (const auto& [from, to] : gaps) {
          if (next >= from && next <= to) {
            next = to + 1 + events_.Int(0, 2);
            moved = true;
          }
        }
        if (moved) continue;
        pv1::LacVisit* v = records_.emplace_back().mutable_visit();
        ctx_.SetHeader(v, ctx_.NewId("LV"));
        v->set_child_id(c.id);
        Set(v->mutable_visit_date(), next);
        v->set_seen(true);
        // Every three weeks, and within a new placement's first week.
        Date after = next + kVisitCadenceDays;
        if (c.placed.has_value() && next < *c.placed && after > *c.placed + 3) after = *c.placed + 3;
        next = after;
      }
    }
  }

  // Health assessments (initial, then reviews) or dental checks: at each month end the card's
  // share of children overdue. A child whose check falls due in the month is overdue when it
  // is held after the month end instead of before the due day; children already overdue
  // have theirs held during the month. Simulated from each period's start.
  void WriteChecks(bool dental) {
    const Series cells = ctx_.Row(kSafeguarding, dental
        ? "Percentage of LAC with dental checks completed on time (snapshot)"
        : "Percentage of LAC with completed health assessments on time (snapshot)");
    struct State {
      std::optional<Date> last;
      Date due;
      bool overdue = false;
    };
    std::vector<State> state(children_.size());
    int first_month = 0;
    for (size_t k = 0; k < children_.size(); ++k) {
      const LacChild& c = children_[k];
      state[k].due = dental ? placement::NextDentalCheckDueBy(c.start)
                            : ctx_.AddWorkingDays(c.start, kInitialHealthWorkingDays);
      first_month = std::min(first_month, ctx_.MonthIndex(c.start));
    }
    std::vector<std::vector<Date>> held(children_.size());
    // The children overdue on 1 April fell overdue over the months before: ramp up to it.
    const int first_required = -4;
    for (int i = first_month; i < kYearMonths; ++i) {
      const Date start = ctx_.MonthStart(i);
      const Date end = ctx_.MonthEnd(i);
      std::vector<size_t> fresh;
      std::vector<size_t> carried;
      int in_care = 0;
      for (size_t k = 0; k < children_.size(); ++k) {
        const LacChild& c = children_[k];
        if (!c.InCareAt(end)) continue;
        ++in_care;
        if (state[k].overdue) {
          carried.push_back(k);
        } else if (state[k].due <= end) {
          fresh.push_back(k);
        }
      }
      int wanted = 0;
      if (i >= first_required) {
        wanted = MissesFor(in_care, NearestCell(cells, std::max(i, 0))).value_or(0);
        if (i < 0) wanted = std::min<int>(wanted, 2 * (carried.size() + fresh.size()) / 3);
      }
      // Overdue at the month end: first the children falling due this month, then those
      // already overdue.
      std::vector<size_t> pool;
      for (size_t k : fresh) {
        if (state[k].due < end) pool.push_back(k);
      }
      for (size_t k = pool.size(); k > 1; --k) std::swap(pool[k - 1], pool[events_.Int(0, static_cast<int>(k) - 1)]);
      pool.insert(pool.end(), carried.begin(), carried.end());
      if (wanted > static_cast<int>(pool.size())) {
        ctx_.Fail(absl::InternalError(absl::StrCat("placement: only ", pool.size(),
                                                   dental ? " dental checks" : " health assessments",
                                                   " can be overdue in month ", i, ", wanted ", wanted)));
        wanted = static_cast<int>(pool.size());
      }
      std::set<size_t> stays_overdue(pool.begin(), pool.begin() + wanted);
      auto hold = [&](size_t k, Date on) {
        const LacChild& c = children_[k];
        held[k].push_back(on);
        state[k].last = on;
        state[k].overdue = false;
        state[k].due = dental ? placement::NextDentalCheckDueBy(on)
                              : placement::NextHealthAssessmentDueBy(c.birth, on);
      };
      for (size_t k : fresh) {
        if (stays_overdue.count(k) > 0) {
          state[k].overdue = true;
          continue;
        }
        // On time: a few days before the due day, after the period began.
        Date on = state[k].due - events_.Int(0, 10);
        on = std::max(on, children_[k].start + 1);
        if (state[k].last.has_value()) on = std::max(on, *state[k].last + 1);
        hold(k, std::min(on, state[k].due));
      }
      for (size_t k : carried) {
        if (stays_overdue.count(k) > 0) continue;
        hold(k, start + events_.Int(0, std::max(0, static_cast<int>(end - start) - 1)));
      }
    }
    for (size_t k = 0; k < children_.size(); ++k) {
      const LacChild& c = children_[k];
      if (!InYear(c)) continue;
      for (size_t n = 0; n < held[k].size(); ++n) {
        const Date on = held[k][n];
        if (on > ctx_.Horizon() || (c.end.has_value() && on >= *c.end)) continue;
        // Only the last two years: earlier checks change no figure of the year.
        if (on < ctx_.MonthStart(0) - 730) continue;
        pv1::HealthCheck* h = records_.emplace_back().mutable_health_check();
        ctx_.SetHeader(h, ctx_.NewId(dental ? "DC" : "HA"));
        h->set_child_id(c.id);
        h->set_kind(dental ? pv1::HEALTH_CHECK_KIND_DENTAL_CHECK
                           : n == 0 ? pv1::HEALTH_CHECK_KIND_INITIAL_HEALTH_ASSESSMENT
                                    : pv1::HEALTH_CHECK_KIND_REVIEW_HEALTH_ASSESSMENT);
        Set(h->mutable_check_date(), on);
      }
    }
  }

  // ---- courts ------------------------------------------------------------------------

  void WriteProceedings() {
    const std::vector<DurationMonth> months = BestDurationSeries(
        ctx_.Row(kSafeguarding, "The number of weeks taken to conclude proceedings (this month)"),
        ctx_.Row(kSafeguarding, "The number of weeks taken to conclude proceedings (Ytd)"),
        /*min_days=*/7 * 12, /*max_days=*/7 * 60, /*max_cases=*/8);
    for (int i = 0; i < static_cast<int>(months.size()); ++i) {
      const DurationMonth& m = months[i];
      for (int k = 0; k < m.cases; ++k) {
        const int days = m.total_days / m.cases + (k < m.total_days % m.cases ? 1 : 0);
        const Date concluded = ctx_.Spread(i, k, m.cases);
        pv1::CareProceedings* p = records_.emplace_back().mutable_proceedings();
        ctx_.SetHeader(p, ctx_.NewId("PR"));
        p->set_child_id(ctx_.NewId("C"));
        Set(p->mutable_issued_date(), concluded - days);
        Set(p->mutable_concluded_date(), concluded);
      }
    }
  }

  // PLO cases open at each month end, of which some have a decision to issue: cases are
  // issued (the oldest decided first), decided, opened and stepped down to the counts.
  void WritePreProceedings() {
    struct Case {
      std::string child;
      Date start;
      std::optional<Date> decided;
      std::optional<Date> issued;
      std::optional<Date> ended;
      bool Open() const { return !issued.has_value() && !ended.has_value(); }
    };
    std::vector<Case> cases;
    const Date before = ctx_.MonthStart(0) - 1;
    const int first_total = ctx_.Count(kVolume, "Number of legal pre-proceedings", 0);
    const int first_decided = ctx_.Count(kVolume, "Number of legal cases to issue", 0);
    for (int k = 0; k < first_total; ++k) {
      Case c{ctx_.NewId("C"), before - courts_.Int(20, 150), std::nullopt, std::nullopt, std::nullopt};
      if (k < first_decided) c.decided = before - courts_.Int(1, 15);
      cases.push_back(c);
    }
    for (int i = 0; i < kYearMonths; ++i) {
      const int total = ctx_.Count(kVolume, "Number of legal pre-proceedings", i);
      const int decided = ctx_.Count(kVolume, "Number of legal cases to issue", i);
      std::vector<Case*> with_decision;
      std::vector<Case*> without;
      for (Case& c : cases) {
        if (!c.Open()) continue;
        (c.decided.has_value() ? with_decision : without).push_back(&c);
      }
      int spread = 0;
      auto day = [&] { return ctx_.Spread(i, spread++ % 8, 8); };
      // Issue the oldest decided cases: at least one a month while any wait.
      const int issue = static_cast<int>(with_decision.size()) > decided
                            ? static_cast<int>(with_decision.size()) - decided
                            : (with_decision.empty() ? 0 : 1);
      for (int k = 0; k < issue; ++k) with_decision[k]->issued = std::max(day(), *with_decision[k]->decided);
      int need_decisions = decided - (static_cast<int>(with_decision.size()) - issue);
      for (Case* c : without) {
        if (need_decisions <= 0) break;
        c->decided = std::max(day(), c->start);
        --need_decisions;
      }
      int undecided = 0;
      for (const Case& c : cases) undecided += c.Open() && !c.decided.has_value();
      const int need_undecided = total - decided;
      for (Case& c : cases) {
        if (undecided <= need_undecided) break;
        if (c.Open() && !c.decided.has_value()) {
          c.ended = std::max(day(), c.start);
          --undecided;
        }
      }
      while (need_decisions > 0) {
        Case c{ctx_.NewId("C"), day(), std::nullopt, std::nullopt, std::nullopt};
        c.decided = c.start;
        cases.push_back(c);
        --need_decisions;
      }
      for (; undecided < need_undecided; ++undecided) {
        cases.push_back({ctx_.NewId("C"), day(), std::nullopt, std::nullopt, std::nullopt});
      }
    }
    for (const Case& c : cases) {
      pv1::PreProceedings* p = records_.emplace_back().mutable_pre_proceedings();
      ctx_.SetHeader(p, ctx_.NewId("PLO"));
      p->set_child_id(c.child);
      Set(p->mutable_start_date(), c.start);
      Set(p->mutable_decision_to_issue_date(), c.decided);
      Set(p->mutable_issued_date(), c.issued);
      Set(p->mutable_end_date(), c.ended);
    }
  }

  void WriteCarers() {
    const std::pair<pv1::CarerKind, const char*> kinds[] = {
        {pv1::CARER_KIND_FOSTER_CARER, "Number of new foster carers recruited"},
        {pv1::CARER_KIND_ADOPTER, "Number of new adopters recruited"},
        {pv1::CARER_KIND_SHORT_BREAK_CARER, "Number of new Short break carers recruited"}};
    for (const auto& [kind, title] : kinds) {
      const std::vector<int> counts =
          BestCountSeries(ctx_.Row(kVolume, absl::StrCat(title, " - this month")),
                          ctx_.Row(kVolume, absl::StrCat(title, " - year to date")));
      for (int i = 0; i < static_cast<int>(counts.size()); ++i) {
        for (int k = 0; k < counts[i]; ++k) {
          pv1::CarerApproval* a = records_.emplace_back().mutable_carer_approval();
          ctx_.SetHeader(a, ctx_.NewId("CA"));
          a->set_kind(kind);
          Set(a->mutable_approval_date(), ctx_.Spread(i, k, counts[i]));
        }
      }
    }
  }

  void WritePopulation() {
    common::v1::PopulationEstimate* p = records_.emplace_back().mutable_population();
    ctx_.SetHeader(p, "population-" + std::to_string(ctx_.MonthAt(0).year()));
    p->set_year(static_cast<int>(ctx_.MonthAt(0).year()));
    p->set_population_0_17(population_);
    p->set_source("seed card: ONS mid-year estimate, calibrated to the card's rates");
  }

  SeedContext& ctx_;
  const int population_;
  demo_data::DemoRandom random_;
  demo_data::DemoRandom events_;
  demo_data::DemoRandom courts_;
  std::vector<Adoption> adoptions_;
  std::deque<LacChild> children_;
  std::vector<int> looked_after_;
  std::vector<pv1::PlacementRecord> records_;
};

}  // namespace

PlacementOutput GeneratePlacement(SeedContext& ctx, int population) {
  return PlacementSeed(ctx, population).Generate();
}

}  // namespace scorecard::seed_card::internal
