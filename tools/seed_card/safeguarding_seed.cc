// Safeguarding: the front door (contacts, referrals), section 47 enquiries and their
// conferences, child protection plans and what keeps them on time, assessments, children in
// need, and the small flows (LADO, missing, CSE, private fostering).
//
// Volumes take their monthly events from the card's month and year-to-date rows as each
// month's run published them (PublishedCountSeries): the records its run knew, and those
// recorded late or withdrawn before the next run, which go out as late records (see
// SafeguardingOutput). The rolling 12-month rates, as published, fix the year before
// (PriorYearCounts). Conferences take events per month and how many met each standard from
// BestRatioSeries. Snapshots are simulated month by month: plans start at their ICPC and
// end to meet the month-end count; at each month end the card's share of plans miss their
// visit, core group or review, by dates placed around that month end.
#include <algorithm>
#include <climits>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "tools/seed_card/seed_context.h"

namespace scorecard::seed_card::internal {
namespace {

namespace sv1 = ::scorecard::safeguarding::v1;

constexpr int kPriorMonths = 11;
constexpr int kFirstCpReviewMonths = 3;
constexpr int kLaterCpReviewMonths = 6;
constexpr int kCpVisitWorkingDays = 10;   // SafeguardingSettings default
constexpr int kCoreGroupWeeks = 6;        // default
constexpr int kFirstCoreGroupWorkingDays = 10;
constexpr int kIcpcWorkingDays = 15;
constexpr int kAssessmentWorkingDays = 45;
constexpr int kIcpcReportLead = 3;  // default lead, working days
constexpr int kRcpcReportLead = 5;
constexpr double kPlanShare = 0.85;  // ICPCs that lead to a plan

struct ReferralEvent {
  std::string child;
  Date date;
  std::string source_id;
  // Known from its month's run on and never withdrawn: only such referrals are taken for
  // enquiries, assessments and episodes, so no other record leans on one a run lacks.
  bool always_known = true;
  bool used_for_enquiry = false;
  bool assessed = false;
};

// A volume's records per month: before the card, from the rolling rates; in the year, as
// the runs published them.
struct PhasedVolume {
  std::map<int, int> prior;  // months -11..-1
  PublishedCounts year;
  // Records dated in month i that arrive after its run (before run i + 1), and those known
  // at its run that are withdrawn then.
  int LateIn(int i) const { return std::max(0, ChangeAfter(i)); }
  int WithdrawnFrom(int i) const { return std::max(0, -ChangeAfter(i)); }
  // What run i + 1 adds to month i (0 after the last run).
  int ChangeAfter(int i) const {
    return i >= 0 && i + 1 < static_cast<int>(year.late.size()) ? year.late[i + 1] : 0;
  }
  // Every record dated in month i, withdrawn ones included.
  int Records(int i) const { return i < 0 ? prior.at(i) : year.on_time[i] + LateIn(i); }
  // Those every run from month i's on knows.
  int AlwaysKnown(int i) const { return Records(i) - LateIn(i) - WithdrawnFrom(i); }
};

enum class Arrival { kOnTime, kLate, kWithdrawnLater };

// Of month i's `records` (k from 0, in date order), the last arrive late and the ones
// before them are withdrawn later.
Arrival ArrivalOf(const PhasedVolume& v, int i, int k, int records) {
  if (k >= records - v.LateIn(i)) return Arrival::kLate;
  if (k >= records - v.LateIn(i) - v.WithdrawnFrom(i)) return Arrival::kWithdrawnLater;
  return Arrival::kOnTime;
}

// A tombstone of a withdrawn record: the same record with its header's deleted flag.
void MarkWithdrawn(sv1::SafeguardingRecord& r) {
  if (r.has_referral()) r.mutable_referral()->mutable_header()->set_deleted(true);
  if (r.has_contact()) r.mutable_contact()->mutable_header()->set_deleted(true);
  if (r.has_section47()) r.mutable_section47()->mutable_header()->set_deleted(true);
}

struct Plan {
  std::string id;
  std::string child;
  Date start;
  std::optional<Date> end;
  int late_review_month = INT_MIN;
  bool final_review = false;
  std::vector<Date> reviews;
  bool OpenAt(Date d) const { return start <= d && (!end.has_value() || *end > d); }
};

// An assessment's dates as planned: its clock (referral date) somewhere in a window, when
// it is authorised (none: still open at the horizon) and the month end it must be open at.
struct PlannedAssessment {
  Date clock_from;
  Date clock_to;
  std::optional<Date> authorised;
  // Started in this window: an assessment carried over one month end is open at that one
  // only, whenever its clock started.
  Date start_from;
  Date start_to;
};

// Something open from `start` until `end` (children in need, flags, arrangements).
struct Span {
  Span(std::string child_id, Date from, std::optional<Date> until = std::nullopt)
      : child(std::move(child_id)), start(from), end(until) {}
  std::string child;
  Date start;
  std::optional<Date> end;
  bool OpenAt(Date d) const { return start <= d && (!end.has_value() || *end > d); }
};

class SafeguardingSeed {
 public:
  SafeguardingSeed(SeedContext& ctx, int population, const PlacementOutput& placement)
      : ctx_(ctx), population_(population), placement_(placement),
        front_(ctx.Random(kStreamFrontDoor)), conferences_(ctx.Random(kStreamConferences)),
        plans_random_(ctx.Random(kStreamPlans)), assessments_random_(ctx.Random(kStreamAssessments)),
        cases_random_(ctx.Random(kStreamCases)), small_(ctx.Random(kStreamSmallFlows)) {}

  SafeguardingOutput Generate() {
    WritePopulation();
    FrontDoor();
    Conferences();
    Plans();
    PlanReviews();
    PlanVisitsAndCoreGroups();
    ChildrenInNeed();
    Assessments();
    SmallFlows();
    SafeguardingOutput out;
    std::vector<char> late(records_.size(), 0);
    for (const auto& [run, indices] : late_at_run_) {
      for (size_t k : indices) {
        out.late[run].push_back(records_[k]);
        late[k] = 1;
      }
    }
    for (const auto& [run, indices] : withdrawn_at_run_) {
      for (size_t k : indices) {
        sv1::SafeguardingRecord& tombstone = out.late[run].emplace_back(records_[k]);
        MarkWithdrawn(tombstone);
      }
    }
    for (size_t k = 0; k < records_.size(); ++k) {
      if (!late[k]) out.records.push_back(std::move(records_[k]));
    }
    return out;
  }

 private:
  sv1::SafeguardingRecord& Add() { return records_.emplace_back(); }

  // Sends the record just added late, or withdraws it, at run i + 1.
  void Phase(Arrival arrival, int i) {
    const size_t last = records_.size() - 1;
    if (arrival == Arrival::kLate) late_at_run_[i + 1].push_back(last);
    if (arrival == Arrival::kWithdrawnLater) withdrawn_at_run_[i + 1].push_back(last);
  }

  static std::string NearestCell(const Series& cells, int i) {
    for (int d = 0; d < kYearMonths; ++d) {
      if (i - d >= 0 && !cells[i - d].empty()) return cells[i - d];
      if (i + d < kYearMonths && !cells[i + d].empty()) return cells[i + d];
    }
    return "";
  }

  // The whole plan months -11..11 of a volume with a rolling 12-month rate. Each run's
  // rate counts the year to date that run knew, so the prior year is fitted to those.
  PhasedVolume VolumeWithHistory(const char* month_title, const char* ytd_title,
                                 const char* rate_title) {
    PhasedVolume v;
    v.year = PublishedCountSeries(ctx_.Row(kVolume, month_title), ctx_.Row(kVolume, ytd_title));
    const std::vector<int> at_run = v.year.YearToDateAtRun();
    std::vector<int> known_increase(at_run.size());
    for (size_t i = 0; i < at_run.size(); ++i) {
      known_increase[i] = at_run[i] - (i > 0 ? at_run[i - 1] : 0);
    }
    const std::vector<int> prior =
        PriorYearCounts(known_increase, ctx_.Row(kVolume, rate_title), population_);
    for (int k = 0; k < kPriorMonths; ++k) v.prior[k - kPriorMonths] = prior[k];
    return v;
  }

  void WritePopulation() {
    common::v1::PopulationEstimate* p = Add().mutable_population();
    ctx_.SetHeader(p, "population-" + std::to_string(ctx_.MonthAt(0).year()));
    p->set_year(static_cast<int>(ctx_.MonthAt(0).year()));
    p->set_population_0_17(population_);
    p->set_source("seed card: ONS mid-year estimate, calibrated to the card's rates");
  }

  // ---- contacts and referrals ---------------------------------------------------------

  void FrontDoor() {
    const PhasedVolume referrals = VolumeWithHistory(
        "Referral Numbers - Tiers 3&4 - total referrals in the month",
        "Referral Numbers - Tiers 3&4 - total referrals year to date",
        "Referral Numbers - Tiers 3&4 - per 10,000 population");
    PhasedVolume contacts;
    contacts.year = PublishedCountSeries(ctx_.Row(kVolume, "Enquiry Numbers - total in the month"),
                                         ctx_.Row(kVolume, "Enquiry Numbers - total year to date"));
    for (int i = -kPriorMonths; i < kYearMonths; ++i) {
      const int count = referrals.Records(i);
      for (int k = 0; k < count; ++k) {
        const Date day = ctx_.Spread(i, k, count);
        const std::string child = ctx_.NewId("C");
        const std::string id = ctx_.NewId("REF");
        const Arrival arrival = i < 0 ? Arrival::kOnTime : ArrivalOf(referrals, i, k, count);
        referrals_.push_back({child, day, id, arrival == Arrival::kOnTime});
        sv1::Referral* r = Add().mutable_referral();
        ctx_.SetHeader(r, id);
        r->set_child_id(child);
        Set(r->mutable_referral_date(), day);
        const int source = front_.Int(0, 2);  // police, school or health
        r->set_referral_source(source == 0 ? "6" : (source == 1 ? "2A" : "3A"));
        Set(r->mutable_decision_date(), day);
        r->set_team("Assessment");
        Phase(arrival, i);
        // Its contact was recorded in time, whenever the referral was.
        sv1::Contact* c = Add().mutable_contact();
        ctx_.SetHeader(c, ctx_.NewId("CON"));
        c->set_child_id(child);
        Set(c->mutable_contact_date(), day);
        Set(c->mutable_decision_date(), day);
        c->set_source_agency(source == 0 ? "police" : (source == 1 ? "school" : "health"));
        c->set_outcome("referral");
      }
      if (i < 0) continue;
      // The month's other contacts: those that led to no referral, among them the late
      // and the withdrawn.
      const int others = contacts.Records(i) - count;
      if (others < contacts.LateIn(i) + contacts.WithdrawnFrom(i)) {
        ctx_.Fail(absl::InternalError(absl::StrCat(
            "safeguarding: too few contacts beside referrals in month ", i)));
        continue;
      }
      for (int k = 0; k < others; ++k) {
        const Date day = ctx_.Spread(i, k, others);
        sv1::Contact* c = Add().mutable_contact();
        ctx_.SetHeader(c, ctx_.NewId("CON"));
        c->set_child_id(ctx_.NewId("C"));
        Set(c->mutable_contact_date(), day);
        Set(c->mutable_decision_date(), ctx_.AddWorkingDays(day, 1));
        c->set_source_agency(k % 2 == 0 ? "school" : "individual");
        c->set_outcome(k % 3 == 0 ? "early-help" : (k % 3 == 1 ? "nfa" : "advice"));
        Phase(ArrivalOf(contacts, i, k, others), i);
      }
    }
    std::stable_sort(referrals_.begin(), referrals_.end(),
                     [](const ReferralEvent& a, const ReferralEvent& b) { return a.date < b.date; });
  }

  // The latest referral on or before `day` (and at most 40 days before it) not yet taken
  // for an enquiry; a new child when there is none.
  std::string ReferredChild(Date day) {
    auto it = std::upper_bound(referrals_.begin(), referrals_.end(), day,
                               [](Date d, const ReferralEvent& r) { return d < r.date; });
    while (it != referrals_.begin()) {
      --it;
      if (it->date < day - 40) break;
      if (it->always_known && !it->used_for_enquiry) {
        it->used_for_enquiry = true;
        return it->child;
      }
    }
    return ctx_.NewId("C");
  }

  // ---- section 47 enquiries and ICPCs -------------------------------------------------

  struct Icpc {
    std::string child;
    Date strategy;
    Date held;
    bool within = true;
    bool report_on_time = true;
    bool plan = false;
  };

  void Conferences() {
    const PhasedVolume enquiries = VolumeWithHistory(
        "Section 47 Numbers initiated in the month", "Section 47 Enquiries initiated YTD",
        "Section 47 Enquiries per 10,000 population");
    std::vector<int> lower(kYearMonths, 1);
    std::vector<int> upper(kYearMonths);
    std::vector<int> preferred(kYearMonths);
    for (int i = 0; i < kYearMonths; ++i) {
      // Every ICPC follows an enquiry of its own month (late ones, of the month before),
      // one that every run from that month's on knows.
      upper[i] = std::max(1, enquiries.AlwaysKnown(i));
      preferred[i] = std::max(1, enquiries.AlwaysKnown(i) / 2);
    }
    const std::vector<RatioMonth> plan = BestRatioSeries(
        {{ctx_.Row(kSafeguarding, "ICPCs held within 15 days of S47 (each month)"),
          ctx_.Row(kSafeguarding, "ICPCs held within 15 days of S47 (year to date)")},
         {ctx_.Row(kSafeguarding, "Percentage of ICPCs where report provided to family on time (each month)"),
          ctx_.Row(kSafeguarding, "Percentage of ICPCs where report provided to family on time (ytd)")}},
        lower, upper, preferred);
    std::map<int, int> linked;  // enquiries per month already tied to an ICPC
    for (int i = 0; i < kYearMonths; ++i) {
      const int n = plan[i].events;
      const std::vector<Date> days = ctx_.WorkingDaysOf(i);
      // Who is late and whose report is on time: spread over the month.
      std::vector<char> within(n, 0);
      std::vector<char> report(n, 0);
      for (int k = 0; k < plan[i].meeting[0]; ++k) within[k] = true;
      for (int k = 0; k < plan[i].meeting[1]; ++k) report[k] = true;
      for (int k = n; k > 1; --k) std::swap(within[k - 1], within[conferences_.Int(0, k - 1)]);
      for (int k = n; k > 1; --k) std::swap(report[k - 1], report[conferences_.Int(0, k - 1)]);
      const int plans = std::clamp(static_cast<int>(n * kPlanShare + 0.5),
                                   std::min(n, std::max(0, PlanIncrease(i))), n);
      for (int k = 0; k < n; ++k) {
        // ICPCs over the month's last two thirds, so that a timely one's enquiry started
        // in the same month.
        const size_t at = days.size() / 3 + (k * (days.size() - days.size() / 3)) / std::max(n, 1);
        const Date held = days[std::min(at, days.size() - 1)];
        const int elapsed = ctx_.WorkingDaysBetween(ctx_.MonthStart(i), held);
        const int delay = within[k] ? conferences_.Int(std::min(3, elapsed), std::min(kIcpcWorkingDays, elapsed))
                                    : conferences_.Int(kIcpcWorkingDays + 1, kIcpcWorkingDays + 8);
        Icpc icpc;
        icpc.strategy = ctx_.AddWorkingDays(held, -delay);
        icpc.held = held;
        icpc.within = within[k];
        icpc.report_on_time = report[k];
        icpc.plan = k < plans;  // most ICPCs start a plan
        icpc.child = ReferredChild(icpc.strategy);
        ++linked[ctx_.MonthIndex(icpc.strategy)];
        icpcs_.push_back(icpc);
      }
    }
    // The other enquiries of each month led to no conference; among them the late and the
    // withdrawn.
    for (int i = -kPriorMonths; i < kYearMonths; ++i) {
      const int count = enquiries.Records(i);
      const int rest = count - linked[i];
      if (rest < enquiries.LateIn(i) + enquiries.WithdrawnFrom(i)) {
        ctx_.Fail(absl::InternalError(absl::StrCat(
            "safeguarding: ", linked[i], " ICPCs need enquiries started in month ", i, ", only ",
            count, " start then")));
        continue;
      }
      for (int k = 0; k < rest; ++k) {
        const Date strategy = ctx_.Spread(i, k, rest);
        sv1::Section47Enquiry* e = Add().mutable_section47();
        ctx_.SetHeader(e, ctx_.NewId("S47-"));
        e->set_child_id(ReferredChild(strategy));
        Set(e->mutable_strategy_discussion_date(), strategy);
        e->set_team("Assessment");
        // No conference: the enquiry found no need for one (or, at the year's end, none yet).
        if (ctx_.AddWorkingDays(strategy, kIcpcWorkingDays) <= ctx_.Horizon()) {
          e->set_icpc_not_required(true);
        }
        Phase(i < 0 ? Arrival::kOnTime : ArrivalOf(enquiries, i, k, rest), i);
      }
    }
    for (const Icpc& icpc : icpcs_) {
      sv1::Section47Enquiry* e = Add().mutable_section47();
      ctx_.SetHeader(e, ctx_.NewId("S47-"));
      e->set_child_id(icpc.child);
      Set(e->mutable_strategy_discussion_date(), icpc.strategy);
      Set(e->mutable_icpc_target_date(), ctx_.AddWorkingDays(icpc.strategy, kIcpcWorkingDays));
      Set(e->mutable_icpc_date(), icpc.held);
      Set(e->mutable_icpc_report_shared_date(),
          icpc.report_on_time ? ctx_.AddWorkingDays(icpc.held, -kIcpcReportLead - conferences_.Int(0, 2))
                              : ctx_.AddWorkingDays(icpc.held, -1));
      e->set_team("Child Protection");
    }
  }

  // How many more children are on a plan at month i's end than at the previous one's.
  int PlanIncrease(int i) {
    const int now = ctx_.Count(kVolume, "CP Plan Numbers", i);
    const int before = ctx_.Count(kVolume, "CP Plan Numbers", std::max(i - 1, 0));
    return i == 0 ? 0 : now - before;
  }

  // ---- child protection plans ---------------------------------------------------------

  // The natural review days of a plan: a week before each due day (the first within 3
  // months of the start, each next within 6 months of the last), with (held, due) pairs.
  std::vector<std::pair<Date, Date>> ReviewSchedule(const Plan& p, Date until) const {
    std::vector<std::pair<Date, Date>> out;
    Date due = AddCalendarMonths(p.start, kFirstCpReviewMonths);
    while (due - 7 <= until) {
      const Date held = due - 7;
      out.emplace_back(held, due);
      due = AddCalendarMonths(held, kLaterCpReviewMonths);
    }
    return out;
  }

  bool ReviewDueInMonth(const Plan& p, int i) const {
    for (const auto& [held, due] : ReviewSchedule(p, ctx_.MonthEnd(i) + 7)) {
      if (due >= ctx_.MonthStart(i) && due < ctx_.MonthEnd(i) && held > p.start) return true;
    }
    return false;
  }

  Plan NewPlan(const std::string& child, Date start) {
    Plan p;
    p.id = ctx_.NewId("CPP");
    p.child = child;
    p.start = start;
    return p;
  }

  int OpenPlans(Date d) const {
    int n = 0;
    for (const Plan& p : plans_) n += p.OpenAt(d);
    return n;
  }

  void Plans() {
    const Date before = ctx_.MonthStart(0) - 1;
    const Series review_cells = ctx_.Row(kSafeguarding, "Child Protection Reviews - held on time (snapshot)");
    const int first = ctx_.Count(kVolume, "CP Plan Numbers", 0);
    for (int k = 0; k < first; ++k) {
      plans_.push_back(NewPlan(ctx_.NewId("C"), before - plans_random_.Int(20, 700)));
    }
    for (int i = 0; i < kYearMonths; ++i) {
      const Date end = ctx_.MonthEnd(i);
      for (const Icpc& icpc : icpcs_) {
        if (icpc.plan && ctx_.MonthIndex(icpc.held) == i) {
          plans_.push_back(NewPlan(icpc.child, icpc.held));
        }
      }
      auto finish = [&](Plan& p, int k, int of) {
        p.end = std::max(p.start + 1, std::min(ctx_.Spread(i, k, of), ctx_.AddWorkingDays(end, -1)));
      };
      int excess = OpenPlans(end) - ctx_.Count(kVolume, "CP Plan Numbers", i);
      if (excess < 0) {
        ctx_.Fail(absl::InternalError(absl::StrCat("safeguarding: too few plans start in month ", i)));
      }
      std::vector<Plan*> others;
      std::vector<Plan*> late_ones;
      for (Plan& p : plans_) {
        if (!p.OpenAt(end) || p.start >= ctx_.MonthStart(i)) continue;
        (p.late_review_month != INT_MIN ? late_ones : others).push_back(&p);
      }
      auto allowed_now = [&] {
        int denominator = 0;
        for (const Plan& p : plans_) {
          denominator += p.OpenAt(end) && AddCalendarMonths(p.start, kFirstCpReviewMonths) <= end;
        }
        return MissesFor(denominator, NearestCell(review_cells, i)).value_or(0);
      };
      // Plans end among the others, longest-running first half the time (a review ends
      // them), any other the rest; but plans past their first review (the review row's
      // denominator) end only while enough remain for the card's figure to be possible.
      int reviewed = 0;
      for (const Plan& p : plans_) {
        reviewed += p.OpenAt(end) && AddCalendarMonths(p.start, kFirstCpReviewMonths) <= end;
      }
      int fewest = 1;
      while (fewest < 1000 && !MissesFor(fewest, NearestCell(review_cells, i)).has_value()) ++fewest;
      std::vector<Plan*> ending;
      std::stable_sort(others.begin(), others.end(), [](const Plan* a, const Plan* b) { return a->start < b->start; });
      for (int k = 0; k < excess && !others.empty(); ++k) {
        auto past_review = [&](const Plan* p) {
          return AddCalendarMonths(p->start, kFirstCpReviewMonths) <= end;
        };
        int pick = k % 2 == 0 ? 0 : plans_random_.Int(0, static_cast<int>(others.size()) - 1);
        if (past_review(others[pick]) && reviewed <= fewest) {
          // The youngest instead (others are oldest first).
          pick = static_cast<int>(others.size()) - 1;
        }
        reviewed -= past_review(others[pick]);
        ending.push_back(others[pick]);
        finish(*others[pick], k, excess);
        others.erase(others.begin() + pick);
      }
      int late = static_cast<int>(late_ones.size());
      for (size_t k = 0; k < late_ones.size() && late > allowed_now(); ++k) {
        finish(*late_ones[k], static_cast<int>(k), static_cast<int>(late_ones.size()));
        --late;
        if (!ending.empty()) {
          ending.back()->end.reset();
          others.push_back(ending.back());
          ending.pop_back();
        } else {
          ctx_.Fail(absl::InternalError(absl::StrCat("safeguarding: no plan to keep in month ", i)));
        }
      }
      const int allowed = allowed_now();
      for (Plan* p : others) {
        if (late >= allowed) break;
        if (p->OpenAt(end) && ReviewDueInMonth(*p, i)) {
          p->late_review_month = i;
          ++late;
        }
      }
      if (late != allowed) {
        ctx_.Fail(absl::InternalError(absl::StrCat("safeguarding: ", late,
                                                   " plans late for review in month ", i,
                                                   ", wanted ", allowed)));
      }
      if (OpenPlans(end) != ctx_.Count(kVolume, "CP Plan Numbers", i)) {
        ctx_.Fail(absl::InternalError(absl::StrCat("safeguarding: ", OpenPlans(end),
                                                   " plans open in month ", i)));
      }
    }
    for (Plan& p : plans_) {
      if (p.end.has_value() && *p.end > ctx_.Horizon()) p.end.reset();
    }
  }

  // Reviews on schedule (the late plan's held two days after its due day), then, per month,
  // final reviews on the day some plans end, as many as the RCPC rows need.
  void PlanReviews() {
    std::vector<int> base(kYearMonths, 0);
    std::vector<int> endings(kYearMonths, 0);
    for (Plan& p : plans_) {
      const Date until = std::min(p.end.has_value() ? *p.end - 1 : ctx_.Horizon(), ctx_.Horizon());
      Date due = AddCalendarMonths(p.start, kFirstCpReviewMonths);
      Date next = due - 7;
      while (next <= until) {
        if (p.late_review_month != INT_MIN && due >= ctx_.MonthStart(p.late_review_month) &&
            due < ctx_.MonthEnd(p.late_review_month)) {
          next = due + 2;
          if (next > until) break;
        }
        if (next > p.start) p.reviews.push_back(next);
        due = AddCalendarMonths(next, kLaterCpReviewMonths);
        next = due - 7;
      }
      for (Date d : p.reviews) {
        const int i = ctx_.MonthIndex(d);
        if (i >= 0 && i < kYearMonths) ++base[i];
      }
      if (p.end.has_value()) {
        const int i = ctx_.MonthIndex(*p.end);
        if (i >= 0 && i < kYearMonths) ++endings[i];
      }
    }
    // More conferences a month can hold without moving any other: a plan's final review on
    // the day it ends, or an early review of a plan with no review left before it ends (or
    // before the year's end), which only pushes its next due day later.
    std::vector<std::vector<std::pair<Plan*, Date>>> early(kYearMonths);
    for (int i = 0; i < kYearMonths; ++i) {
      for (Plan& p : plans_) {
        if (p.late_review_month != INT_MIN || p.start >= ctx_.MonthEnd(i)) continue;
        if (p.end.has_value() && *p.end <= ctx_.MonthEnd(i)) continue;
        Date day = std::max(ctx_.MonthStart(i), p.start + 1);
        bool later_review = false;
        for (Date r : p.reviews) {
          if (r >= ctx_.MonthStart(i)) later_review = true;
          if (r < ctx_.MonthStart(i)) day = std::max(day, r + 1);
        }
        // Every review the plan will have before it ends (or the year ends) is in
        // p.reviews: with none from this month on, an early one moves nothing.
        if (later_review) continue;
        day = ctx_.WorkingDayOnOrAfter(day);
        if (day <= ctx_.MonthEnd(i) && day <= ctx_.Horizon()) early[i].emplace_back(&p, day);
      }
    }
    std::vector<int> upper(kYearMonths);
    std::vector<int> preferred(kYearMonths);
    for (int i = 0; i < kYearMonths; ++i) {
      upper[i] = base[i] + endings[i] + static_cast<int>(early[i].size());
      preferred[i] = base[i] + endings[i] / 3;
      base[i] = std::max(base[i], 1);
      upper[i] = std::max(upper[i], base[i]);
    }
    const std::vector<RatioMonth> rcpc = BestRatioSeries(
        {{ctx_.Row(kSafeguarding, "Percentage of RCPCs where report provided to family on time (each month)"),
          ctx_.Row(kSafeguarding, "Percentage of RCPCs where report provided to family on time (ytd)")}},
        base, upper, preferred);
    std::vector<int> finals(kYearMonths);
    for (int i = 0; i < kYearMonths; ++i) finals[i] = rcpc[i].events - base[i];
    for (Plan& p : plans_) {
      if (!p.end.has_value()) continue;
      const int i = ctx_.MonthIndex(*p.end);
      if (i < 0 || i >= kYearMonths || finals[i] <= 0) continue;
      p.final_review = true;
      p.reviews.push_back(*p.end);
      --finals[i];
    }
    for (int i = 0; i < kYearMonths; ++i) {
      for (auto& [plan, day] : early[i]) {
        if (finals[i] <= 0) break;
        plan->reviews.push_back(day);
        --finals[i];
      }
      if (finals[i] > 0) {
        ctx_.Fail(absl::InternalError(absl::StrCat("safeguarding: ", finals[i],
                                                   " review conferences short in month ", i)));
      }
    }
    // Reports: the month's on-time share among its conferences.
    std::map<int, std::vector<std::pair<const Plan*, Date>>> by_month;
    for (const Plan& p : plans_) {
      for (Date d : p.reviews) by_month[ctx_.MonthIndex(d)].emplace_back(&p, d);
    }
    for (auto& [i, conferences] : by_month) {
      const int on_time = i >= 0 && i < kYearMonths ? rcpc[i].meeting[0]
                                                    : static_cast<int>(conferences.size());
      std::vector<char> in_time(conferences.size(), 0);
      for (int k = 0; k < on_time && k < static_cast<int>(in_time.size()); ++k) in_time[k] = true;
      for (size_t k = in_time.size(); k > 1; --k) {
        std::swap(in_time[k - 1], in_time[conferences_.Int(0, static_cast<int>(k) - 1)]);
      }
      for (size_t k = 0; k < conferences.size(); ++k) {
        const auto& [plan, day] = conferences[k];
        sv1::ReviewConference* r = Add().mutable_review_conference();
        ctx_.SetHeader(r, ctx_.NewId("RCPC"));
        r->set_child_id(plan->child);
        r->set_plan_source_id(plan->id);
        Set(r->mutable_conference_date(), day);
        Set(r->mutable_report_shared_date(),
            in_time[k] ? ctx_.AddWorkingDays(day, -kRcpcReportLead - conferences_.Int(0, 3))
                       : ctx_.AddWorkingDays(day, -1));
      }
    }
    for (const Plan& p : plans_) {
      sv1::ChildProtectionPlan* r = Add().mutable_cp_plan();
      ctx_.SetHeader(r, p.id);
      r->set_child_id(p.child);
      Set(r->mutable_start_date(), p.start);
      Set(r->mutable_end_date(), p.end);
      r->set_category(p.child.back() % 2 == 0 ? "NEG" : "EMO");
      r->set_team("Child Protection");
    }
  }

  // The first day from which a visit or meeting still counts at d: the earliest x with
  // WD(x, d) <= n.
  Date EarliestWithin(Date d, int n) const {
    Date x = d;
    while (ctx_.WorkingDaysBetween(x - 1, d) <= n) --x;
    return x;
  }

  // Per month end, the card's share of plans not seen within 10 working days and without a
  // core group in 6 weeks: visits (every 5 working days) and core groups (every 15) skip a
  // window before those month ends and resume the next working day.
  void PlanVisitsAndCoreGroups() {
    const Series visit_cells = ctx_.Row(kSafeguarding, "CP Visits - % cases where child seen within the last 10 days");
    const Series group_cells = ctx_.Row(kSafeguarding, "Percentage with Core Groups within the past 6 weeks");
    std::map<const Plan*, std::vector<std::pair<Date, Date>>> visit_gaps;
    std::map<const Plan*, std::vector<std::pair<Date, Date>>> group_gaps;
    for (int i = 0; i < kYearMonths; ++i) {
      const Date end = ctx_.MonthEnd(i);
      const Date visits_from = EarliestWithin(end, kCpVisitWorkingDays);
      const Date groups_from = end - 7 * kCoreGroupWeeks;
      std::vector<const Plan*> open;
      for (const Plan& p : plans_) {
        if (p.OpenAt(end)) open.push_back(&p);
      }
      for (bool visits : {true, false}) {
        std::vector<const Plan*> eligible;
        for (const Plan* p : open) {
          // A core-group gap reaches back before the previous month end: only plans met
          // well before it may have one (so that month still shows its own figure).
          if (visits ? p->start < visits_from : p->start < groups_from - 28) {
            eligible.push_back(p);
          }
        }
        const int late = MissesFor(static_cast<int>(open.size()),
                                   NearestCell(visits ? visit_cells : group_cells, i)).value_or(0);
        if (late > static_cast<int>(eligible.size())) {
          ctx_.Fail(absl::InternalError(absl::StrCat("safeguarding: too few plans to miss ",
                                                     visits ? "visits" : "core groups", " in month ", i)));
          continue;
        }
        for (int k = 0; k < late; ++k) {
          const int pick = cases_random_.Int(k, static_cast<int>(eligible.size()) - 1);
          std::swap(eligible[k], eligible[pick]);
          const Plan* p = eligible[k];
          if (visits) {
            visit_gaps[p].emplace_back(visits_from, end);
          } else {
            group_gaps[p].emplace_back(std::max(groups_from, p->start), end);
          }
        }
      }
    }
    const Date earliest = ctx_.MonthStart(0) - 70;
    for (const Plan& p : plans_) {
      if (p.end.has_value() && *p.end < earliest) continue;
      const Date until = p.end.has_value() ? std::min(*p.end, ctx_.Horizon()) : ctx_.Horizon();
      auto walk = [&](Date first, int cadence, const std::vector<std::pair<Date, Date>>& gaps,
                      auto write) {
        Date next = first;
        while (next <= until) {
          bool moved = false;
          for (const auto& [from, to] : gaps) {
            if (next >= from && next <= to) {
              next = ctx_.WorkingDayOnOrAfter(to + 1);
              moved = true;
            }
          }
          if (moved) continue;
          if (next >= earliest) write(next);
          next = ctx_.AddWorkingDays(next, cadence);
        }
      };
      walk(ctx_.AddWorkingDays(p.start, 2), 5, visit_gaps[&p], [&](Date d) {
        sv1::ChildProtectionVisit* v = Add().mutable_cp_visit();
        ctx_.SetHeader(v, ctx_.NewId("CPV"));
        v->set_child_id(p.child);
        Set(v->mutable_visit_date(), d);
        v->set_seen(true);
        v->set_seen_alone(d.day() % 2 == 0);
      });
      walk(ctx_.AddWorkingDays(p.start, 8), 15, group_gaps[&p], [&](Date d) {
        sv1::CoreGroupMeeting* g = Add().mutable_core_group();
        ctx_.SetHeader(g, ctx_.NewId("CG"));
        g->set_child_id(p.child);
        Set(g->mutable_meeting_date(), d);
      });
    }
  }

  // ---- children in need ---------------------------------------------------------------

  // Children in need at each month end = children on a plan + looked-after children (both
  // through their own CIN episodes) + children looked after on short breaks, whom the case
  // system records as looked after but the 903 does not count (DCT) + the others, who are
  // the "excluding" row.
  void ChildrenInNeed() {
    std::vector<Span> episodes;
    for (const Plan& p : plans_) {
      if (p.end.has_value() && *p.end < ctx_.MonthStart(0) - 1) continue;
      WriteEpisode({p.child, p.start, p.end}, "Child Protection", false);
    }
    for (const LookedAfterSpan& s : placement_.spans) {
      if (s.end.has_value() && *s.end < ctx_.MonthStart(0) - 1) continue;
      WriteEpisode({s.child_id, s.start, Known(s.end)}, "Looked After", true);
    }
    std::vector<int> short_breaks(kYearMonths);
    std::vector<int> others(kYearMonths);
    for (int i = 0; i < kYearMonths; ++i) {
      const int all = ctx_.Count(kVolume, "Children in Need - total number including LAC and CP", i);
      others[i] = ctx_.Count(kVolume, "Children in Need - total number exclu Early Intervention", i);
      short_breaks[i] = all - others[i] - ctx_.Count(kVolume, "CP Plan Numbers", i) -
                        placement_.looked_after[i];
      if (short_breaks[i] < 0) {
        ctx_.Fail(absl::InternalError(absl::StrCat(
            "safeguarding: children in need in month ", i, " are fewer than those on plans and "
            "looked after")));
        short_breaks[i] = 0;
      }
    }
    for (const Span& s : Stock(short_breaks, /*churn=*/1, nullptr)) WriteEpisode(s, "DCT", true);
    // The others open with a referral not taken for an enquiry, and close oldest first.
    std::vector<const ReferralEvent*> openers;
    for (const ReferralEvent& r : referrals_) {
      if (r.always_known && !r.used_for_enquiry) openers.push_back(&r);
    }
    for (const Span& s : Stock(others, /*churn=*/0, &openers)) WriteEpisode(s, "Child in Need", false);
  }

  std::optional<Date> Known(std::optional<Date> d) const {
    if (d.has_value() && *d > ctx_.Horizon()) return std::nullopt;
    return d;
  }

  void WriteEpisode(const Span& s, const char* team, bool looked_after) {
    sv1::CinEpisode* e = Add().mutable_cin_episode();
    ctx_.SetHeader(e, ctx_.NewId("CIN"));
    e->set_child_id(s.child);
    Set(e->mutable_start_date(), s.start);
    Set(e->mutable_end_date(), Known(s.end));
    e->set_team(team);
    if (looked_after) {
      sv1::LookedAfterPeriod* p = e->add_looked_after_periods();
      Set(p->mutable_start_date(), s.start);
      Set(p->mutable_end_date(), Known(s.end));
    }
  }

  // Spans open at each month end to `counts`: opened with `openers` (referrals, in date
  // order, from the most recent before the year for those already open) or new children,
  // closed oldest first; `churn` more open and close each month.
  std::vector<Span> Stock(const std::vector<int>& counts, int churn,
                          const std::vector<const ReferralEvent*>* openers) {
    std::vector<Span> spans;
    const Date before = ctx_.MonthStart(0) - 1;
    size_t next_opener = 0;
    if (openers != nullptr) {
      // The most recent referrals before the year are the episodes open on 1 April.
      size_t in_year = 0;
      while (in_year < openers->size() && (*openers)[in_year]->date <= before) ++in_year;
      next_opener = in_year >= static_cast<size_t>(counts[0]) ? in_year - counts[0] : 0;
      for (size_t k = next_opener; k < in_year; ++k) {
        spans.push_back({(*openers)[k]->child, (*openers)[k]->date});
      }
      next_opener = in_year;
    } else {
      for (int k = 0; k < counts[0]; ++k) {
        spans.push_back({ctx_.NewId("C"), before - small_.Int(10, 300)});
      }
    }
    size_t oldest = 0;
    for (int i = 0; i < kYearMonths; ++i) {
      const Date end = ctx_.MonthEnd(i);
      auto open_now = [&] {
        int n = 0;
        for (const Span& s : spans) n += s.OpenAt(end);
        return n;
      };
      // Open: every referral of the month, or new children to the count plus `churn`
      // (when there are as many to close).
      int turnover = 0;
      if (openers != nullptr) {
        while (next_opener < openers->size() && (*openers)[next_opener]->date <= end) {
          spans.push_back({(*openers)[next_opener]->child, (*openers)[next_opener]->date});
          ++next_opener;
        }
      } else {
        const int open = open_now();
        turnover = std::min({churn, open, counts[i]});
        const int opening = std::max(0, counts[i] - open) + turnover;
        for (int k = 0; k < opening; ++k) {
          spans.push_back({ctx_.NewId("C"), ctx_.Spread(i, k, opening)});
        }
      }
      // Close the oldest of those open before the month.
      const int to_close = open_now() - counts[i];
      int closing = to_close;
      for (int k = 0; closing > 0 && oldest < spans.size(); ++oldest) {
        Span& s = spans[oldest];
        if (!s.OpenAt(end) || s.start >= ctx_.MonthStart(i)) continue;
        s.end = std::max(s.start + 1, std::min(ctx_.Spread(i, k++, to_close), end - 1));
        --closing;
      }
      if (open_now() != counts[i]) {
        ctx_.Fail(absl::InternalError(absl::StrCat("safeguarding: ", open_now(),
                                                   " cases open in month ", i, ", wanted ",
                                                   counts[i])));
      }
    }
    return spans;
  }

  // ---- assessments --------------------------------------------------------------------

  // The latest clock start that is over 45 working days old at the end of d.
  Date LastClockOver(Date d) const {
    Date c = ctx_.AddWorkingDays(d, -kAssessmentWorkingDays);
    while (ctx_.WorkingDaysBetween(c, d) <= kAssessmentWorkingDays) --c;
    return c;
  }

  // Month by month: the assessments open at each month end (the card's share over 45
  // working days) are all authorised the next month, beside some started and finished in
  // that month; of those authorised, the card's share took over 45 working days: those
  // already over at the last month end, plus some whose clock passes day 45 in the month.
  void Assessments() {
    const Series within_cells = ctx_.Row(kSafeguarding, "Single Assessments % Completed and Inside 45 Days");
    const Series over_cells = ctx_.Row(kSafeguarding, "Single Assessments % Completed and Outside 45 days");
    const Series open_within_cells = ctx_.Row(kSafeguarding, "Single Assessments % still open between 0 and 45 days");
    const Series open_over_cells = ctx_.Row(kSafeguarding, "Single Assessments % still open over 45 days");
    auto shows = [](int k, int n, const std::string& cell) {
      return ShowsAs(common::v1::UNIT_PERCENT, Fraction{static_cast<double>(k), static_cast<double>(n)}, cell);
    };
    std::vector<PlannedAssessment> planned;
    int carried = 80;       // open at the end of the month before the year
    int carried_over = -1;  // of them over 45 working days; -1: whatever April needs
    for (int i = 0; i < kYearMonths; ++i) {
      const Date start = ctx_.MonthStart(i);
      const Date before = start - 1;
      // Authorised this month: the carried ones and `fresh` more; `over` of them late. The
      // within row counts twice: when the two rows cannot both show, it is the one kept.
      const std::string within_cell = NearestCell(within_cells, i);
      const std::string over_cell = NearestCell(over_cells, i);
      int fresh = 0, over = 0, best = -1;
      for (int f = 0; f <= 150 && best < 3; ++f) {
        const int n = carried + f;
        for (int v = std::max(carried_over, 0); v <= carried; ++v) {
          const int score = 2 * shows(n - v, n, within_cell) + shows(v, n, over_cell);
          if (score > best) {
            best = score;
            fresh = f;
            over = v;
          }
        }
      }
      const int already_over = carried_over < 0 ? over : carried_over;
      const int crossing = over - already_over;
      const Date over_before = LastClockOver(before);
      for (int k = 0; k < carried; ++k) {
        PlannedAssessment p;
        p.authorised = ctx_.Spread(i, k, carried);
        p.start_from = ctx_.MonthStart(i - 1);
        p.start_to = before;
        if (k < already_over) {
          p.clock_from = over_before - 40;
          p.clock_to = over_before;
        } else if (k < already_over + crossing) {
          // Within at the last month end, over when authorised.
          p.clock_from = over_before + 1;
          p.clock_to = over_before + 8;
          p.authorised = std::max(*p.authorised, ctx_.AddWorkingDays(p.clock_to, kAssessmentWorkingDays + 1));
        } else {
          p.clock_from = before - 20;
          p.clock_to = before;
        }
        planned.push_back(p);
      }
      for (int k = 0; k < fresh; ++k) {
        PlannedAssessment p;
        p.authorised = ctx_.Spread(i, k, fresh);
        p.clock_from = start;
        p.clock_to = *p.authorised;
        p.start_from = start;
        p.start_to = *p.authorised;
        planned.push_back(p);
      }
      // Open at this month end: the fewest (from 80) whose share over 45 shows both rows.
      const std::string open_over_cell = NearestCell(open_over_cells, i);
      const std::string open_within_cell = NearestCell(open_within_cells, i);
      int open = -1, open_over = 0;
      for (int n = 80; n <= 160 && open < 0; ++n) {
        for (int v = 0; v <= n / 2; ++v) {
          if (shows(v, n, open_over_cell) && shows(n - v, n, open_within_cell)) {
            open = n;
            open_over = v;
            break;
          }
        }
      }
      if (open < 0) {
        ctx_.Fail(absl::InternalError(absl::StrCat("safeguarding: no open assessments show month ", i)));
        open = 80;
      }
      carried = open;
      carried_over = open_over;
    }
    // Still open at the year's end: the last month's carried ones, never authorised.
    const Date last = ctx_.Horizon();
    const Date over_last = LastClockOver(last);
    for (int k = 0; k < carried; ++k) {
      PlannedAssessment p;
      p.start_from = ctx_.MonthStart(kYearMonths - 1);
      p.start_to = last;
      if (k < carried_over) {
        p.clock_from = over_last - 40;
        p.clock_to = over_last;
      } else {
        p.clock_from = last - 20;
        p.clock_to = last;
      }
      planned.push_back(p);
    }
    // Clocks from real referrals where one falls in the window (tightest windows first);
    // otherwise the assessment carries its own referral date.
    std::vector<size_t> order(planned.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return planned[a].clock_to < planned[b].clock_to;
    });
    for (size_t k : order) {
      PlannedAssessment& p = planned[k];
      auto it = std::lower_bound(referrals_.begin(), referrals_.end(), p.clock_from,
                                 [](const ReferralEvent& r, Date d) { return r.date < d; });
      for (; it != referrals_.end() && it->date <= p.clock_to; ++it) {
        if (it->always_known && !it->assessed) break;
      }
      sv1::Assessment* a = Add().mutable_assessment();
      ctx_.SetHeader(a, ctx_.NewId("ASM"));
      Date clock;
      if (it != referrals_.end() && it->date <= p.clock_to) {
        it->assessed = true;
        clock = it->date;
        a->set_child_id(it->child);
        a->set_referral_source_id(it->source_id);
      } else {
        clock = p.clock_from + assessments_random_.Int(0, static_cast<int>(p.clock_to - p.clock_from));
        a->set_child_id(ctx_.NewId("C"));
      }
      const Date started = std::clamp(clock + assessments_random_.Int(0, 2),
                                      std::max(p.start_from, clock), p.start_to);
      Set(a->mutable_referral_date(), clock);
      Set(a->mutable_start_date(), started);
      Set(a->mutable_authorisation_date(), p.authorised);
      a->set_team("Assessment");
    }
  }

  // ---- small flows --------------------------------------------------------------------

  void SmallFlows() {
    const std::vector<int> lado = BestCountSeries(ctx_.Row(kVolume, "Number of LADO referrals in the month"),
                                                  ctx_.Row(kVolume, "Number of LADO referrals - year to date"));
    for (int i = 0; i < kYearMonths; ++i) {
      for (int k = 0; k < lado[i]; ++k) {
        sv1::LadoReferral* r = Add().mutable_lado_referral();
        ctx_.SetHeader(r, ctx_.NewId("LADO"));
        Set(r->mutable_referral_date(), ctx_.Spread(i, k, lado[i]));
      }
    }
    // Missing: distinct children each month, looked-after children first.
    for (int i = 0; i < kYearMonths; ++i) {
      const int count = ctx_.Count(kVolume, "Numbers of missing children", i);
      std::vector<std::string> who;
      for (const LookedAfterSpan& s : placement_.spans) {
        if (static_cast<int>(who.size()) >= count * 2 / 3) break;
        if (s.start <= ctx_.MonthStart(i) && (!s.end.has_value() || *s.end > ctx_.MonthEnd(i))) {
          if (small_.Chance(0.4)) who.push_back(s.child_id);
        }
      }
      while (static_cast<int>(who.size()) < count) who.push_back(ctx_.NewId("C"));
      for (int k = 0; k < count; ++k) {
        const Date start = ctx_.Spread(i, k, count);
        sv1::MissingEpisode* m = Add().mutable_missing_episode();
        ctx_.SetHeader(m, ctx_.NewId("MIS"));
        m->set_child_id(who[k]);
        Set(m->mutable_start_date(), start);
        Set(m->mutable_end_date(), start + small_.Int(0, 2));
      }
    }
    std::vector<int> cse(kYearMonths);
    std::vector<int> fostering(kYearMonths);
    for (int i = 0; i < kYearMonths; ++i) {
      cse[i] = ctx_.Count(kVolume, "Numbers of children at risk of CSE", i);
      fostering[i] = ctx_.Count(kVolume, "Total Number of Private Fostering Arrangements", i);
    }
    for (const Span& s : Stock(cse, /*churn=*/1, nullptr)) {
      sv1::CseRiskFlag* f = Add().mutable_cse_risk();
      ctx_.SetHeader(f, ctx_.NewId("CSE"));
      f->set_child_id(s.child);
      Set(f->mutable_start_date(), s.start);
      Set(f->mutable_end_date(), Known(s.end));
    }
    for (const Span& s : Stock(fostering, /*churn=*/0, nullptr)) {
      sv1::PrivateFosteringArrangement* f = Add().mutable_private_fostering();
      ctx_.SetHeader(f, ctx_.NewId("PF"));
      f->set_child_id(s.child);
      Set(f->mutable_start_date(), s.start);
      Set(f->mutable_end_date(), Known(s.end));
    }
  }

  SeedContext& ctx_;
  const int population_;
  const PlacementOutput& placement_;
  demo_data::DemoRandom front_;
  demo_data::DemoRandom conferences_;
  demo_data::DemoRandom plans_random_;
  demo_data::DemoRandom assessments_random_;
  demo_data::DemoRandom cases_random_;
  demo_data::DemoRandom small_;
  std::vector<ReferralEvent> referrals_;
  // Indices into records_ by the run they arrive at, or are withdrawn at.
  std::map<int, std::vector<size_t>> late_at_run_;
  std::map<int, std::vector<size_t>> withdrawn_at_run_;
  std::vector<Icpc> icpcs_;
  std::deque<Plan> plans_;
  std::vector<sv1::SafeguardingRecord> records_;
};

}  // namespace

SafeguardingOutput GenerateSafeguarding(SeedContext& ctx, int population,
                                        const PlacementOutput& placement) {
  return SafeguardingSeed(ctx, population, placement).Generate();
}

}  // namespace scorecard::seed_card::internal
