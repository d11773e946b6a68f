// Workforce: the social-work staff in post on 1 April and the year's changes (starters,
// leavers, agency workers replaced or converted to permanent posts, promotions), with
// their sickness absence, supervision and the children allocated to them. With
// workforce_years above 1, the staff in post on the first of those years' 1 April and
// every year's changes since.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "tools/demo_data/generator_context.h"

namespace scorecard::demo_data::internal {
namespace {

namespace wv1 = ::scorecard::workforce::v1;

struct TeamShape {
  absl::string_view team;
  int social_workers;  // case holding
  int managers;
};
// About 130 staff at scale 1.
constexpr TeamShape kTeams[] = {{"Assessment", 20, 2},
                                {"Child Protection", 52, 5},
                                {"LAC", 22, 2},
                                {"DCT", 12, 1},
                                {"Court", 10, 1}};
constexpr double kAgencyShare = 0.3;  // of social-worker posts on 1 April
constexpr double kStartersPerYear = 15;
constexpr double kLeaversPerYear = 8;
constexpr double kConversionShare = 0.2;      // starters who were our agency workers
constexpr double kAgencyReplacedShare = 0.6;  // other starters each let an agency worker go
constexpr double kAgencyChurnPerYear = 4;
constexpr double kPromotionsPerYear = 2;
constexpr double kSicknessSpellsPerYear = 2.0;
constexpr double kReallocationsPerYear = 0.15;  // per case, besides workers leaving

// The first day of the records written: 1 April of the first of workforce_years years.
Date FirstDay(const GeneratorContext& ctx) {
  return ctx.FirstYearStart(ctx.parameters().workforce_years);
}

constexpr WeightedCode kLeavingReason[] = {
    {"resigned", 60}, {"retired", 15}, {"end-of-contract", 10}, {"dismissed", 5}, {"other", 10}};

struct Role {
  std::string worker_id;
  wv1::EmploymentType employment = wv1::EMPLOYMENT_TYPE_PERMANENT;
  double fte = 1.0;
  std::string team;
  absl::string_view role;
  Date start;
  std::optional<Date> end;  // only ever within the year
  absl::string_view reason_leaving;
  bool case_holding = true;
};

class Staff {
 public:
  Staff(GeneratorContext& ctx, DemoRandom& random) : ctx_(ctx), random_(random) {}

  // The staff in post on the first day written (1 April of the first of workforce_years).
  void BuildRoster() {
    const Date ys = FirstDay(ctx_);
    for (const TeamShape& shape : kTeams) {
      const int workers =
          std::max(1, static_cast<int>(std::lround(shape.social_workers * ctx_.workforce_scale())));
      for (int i = 0; i < workers; ++i) {
        if (random_.Chance(kAgencyShare)) {
          AddAgency(std::string(shape.team), ys - random_.Int(14, 540));
          continue;
        }
        Role r;
        r.worker_id = NewWorkerId();
        r.team = std::string(shape.team);
        r.role = random_.Chance(0.75) ? "social-worker" : "senior-practitioner";
        r.start = ys - (60 + std::min(25 * 365, static_cast<int>(random_.Exponential(4 * 365))));
        r.fte = PermanentFte();
        roles_.push_back(std::move(r));
      }
      const int managers =
          std::max(1, static_cast<int>(std::lround(shape.managers * ctx_.workforce_scale())));
      for (int i = 0; i < managers; ++i) {
        Role r;
        r.worker_id = NewWorkerId();
        r.team = std::string(shape.team);
        r.role = "team-manager";
        r.case_holding = false;
        r.start = ys - (365 + std::min(25 * 365, static_cast<int>(random_.Exponential(6 * 365))));
        roles_.push_back(std::move(r));
      }
    }
  }

  // The years' changes, applied in date order so each sees the staff as they then are.
  void ApplyYears() {
    const int years = ctx_.parameters().workforce_years;
    enum class Kind { kLeaver, kStarter, kAgencyChurn, kPromotion };
    std::vector<std::pair<Date, Kind>> events;
    const auto add = [&](double per_year, Kind kind) {
      const int n = random_.Poisson(per_year * ctx_.workforce_scale() * years);
      for (int i = 0; i < n; ++i) {
        events.push_back({ctx_.WorkingDayOnOrAfter(
                              random_.DayBetween(FirstDay(ctx_) + 1, ctx_.year_end() - 3)),
                          kind});
      }
    };
    add(kLeaversPerYear, Kind::kLeaver);
    add(kStartersPerYear, Kind::kStarter);
    add(kAgencyChurnPerYear, Kind::kAgencyChurn);
    add(kPromotionsPerYear, Kind::kPromotion);
    std::stable_sort(events.begin(), events.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [day, kind] : events) {
      switch (kind) {
        case Kind::kLeaver:
          Leave(day);
          break;
        case Kind::kStarter:
          Start(day);
          break;
        case Kind::kAgencyChurn:
          ReplaceAgency(day);
          break;
        case Kind::kPromotion:
          Promote(day);
          break;
      }
    }
  }

  const std::vector<Role>& roles() const { return roles_; }

 private:
  std::string NewWorkerId() { return absl::StrFormat("W%04d", ++workers_); }

  double PermanentFte() {
    static constexpr double kPartTime[] = {0.5, 0.6, 0.7, 0.8};
    return random_.Chance(0.78) ? 1.0 : random_.Pick(kPartTime);
  }

  void AddAgency(const std::string& team, Date start) {
    Role r;
    r.worker_id = NewWorkerId();
    r.employment = wv1::EMPLOYMENT_TYPE_AGENCY;
    r.team = team;
    r.role = "social-worker";
    r.start = start;
    roles_.push_back(std::move(r));
  }

  // A case-holding role in post on `day` with no end yet, matching `want`; -1 if none.
  template <typename Want>
  int PickOpenRole(Date day, Want want) {
    std::vector<int> found;
    for (size_t i = 0; i < roles_.size(); ++i) {
      const Role& r = roles_[i];
      if (r.case_holding && !r.end.has_value() && r.start < day && want(r)) {
        found.push_back(static_cast<int>(i));
      }
    }
    if (found.empty()) return -1;
    return found[random_.Int(0, static_cast<int>(found.size()) - 1)];
  }

  static bool IsAgency(const Role& r) { return r.employment == wv1::EMPLOYMENT_TYPE_AGENCY; }

  void Leave(Date day) {
    const int i = PickOpenRole(day, [](const Role& r) { return !IsAgency(r); });
    if (i < 0) return;
    roles_[i].end = day;
    roles_[i].reason_leaving = random_.PickWeighted(kLeavingReason);
    // Some vacancies are covered by an agency worker for now.
    const Date cover = day + random_.Int(1, 30);
    if (random_.Chance(0.3) && cover <= ctx_.year_end()) AddAgency(roles_[i].team, cover);
  }

  void Start(Date day) {
    std::vector<Weighted<absl::string_view>> teams;
    for (const TeamShape& shape : kTeams)
      teams.push_back({shape.team, double(shape.social_workers)});
    const std::string team(
        random_.PickWeighted(absl::Span<const Weighted<absl::string_view>>(teams)));
    const auto agency_in_team = [&team](const Role& r) { return IsAgency(r) && r.team == team; };
    Role r;
    r.team = team;
    r.role = "social-worker";
    r.start = day;
    r.fte = PermanentFte();
    const int agency = PickOpenRole(day, agency_in_team);
    if (agency >= 0 && random_.Chance(kConversionShare)) {
      // The agency worker takes the permanent post: the same person, a new role record.
      roles_[agency].end = day - 1;
      r.worker_id = roles_[agency].worker_id;
      r.fte = 1.0;
    } else {
      r.worker_id = NewWorkerId();
      if (agency >= 0 && random_.Chance(kAgencyReplacedShare)) {
        roles_[agency].end = std::min(ctx_.year_end(), day + random_.Int(0, 14));
      }
    }
    roles_.push_back(std::move(r));
  }

  void ReplaceAgency(Date day) {
    const int i = PickOpenRole(day, IsAgency);
    if (i < 0) return;
    roles_[i].end = day;
    const Date next = day + random_.Int(1, 21);
    if (next <= ctx_.year_end()) AddAgency(roles_[i].team, next);
  }

  void Promote(Date day) {
    const int i =
        PickOpenRole(day, [](const Role& r) { return !IsAgency(r) && r.role == "social-worker"; });
    if (i < 0) return;
    roles_[i].end = day - 1;
    Role promoted = roles_[i];
    promoted.end.reset();
    promoted.role = "senior-practitioner";
    promoted.start = day;
    roles_.push_back(std::move(promoted));
  }

  GeneratorContext& ctx_;
  DemoRandom& random_;
  std::vector<Role> roles_;
  int workers_ = 0;
};

// One person's time in a team: their roles there joined up (a promotion or a move from
// agency to permanent does not interrupt a caseload).
struct Person {
  std::string worker_id;
  std::string team;
  Date start;
  std::optional<Date> end;
  double fte;
};

std::vector<Person> CaseHolders(const std::vector<Role>& roles) {
  std::vector<Person> people;
  absl::flat_hash_map<std::string, size_t> index;
  for (const Role& r : roles) {
    if (!r.case_holding) continue;
    auto [it, inserted] = index.try_emplace(r.worker_id, people.size());
    if (inserted) {
      people.push_back({r.worker_id, r.team, r.start, r.end, r.fte});
      continue;
    }
    Person& p = people[it->second];
    p.start = std::min(p.start, r.start);
    if (!r.end.has_value() || (p.end.has_value() && *r.end > *p.end)) {
      p.end = r.end;
      p.fte = r.fte;
    }
  }
  return people;
}

class WorkforceWriter {
 public:
  explicit WorkforceWriter(GeneratorContext& ctx) : ctx_(ctx) {}

  void Worker(const Role& role) {
    wv1::Worker& r = workers_.emplace_back();
    r.set_worker_id(role.worker_id);
    r.set_employment(role.employment);
    r.set_fte(role.fte);
    r.set_team(role.team);
    r.set_role(std::string(role.role));
    *r.mutable_start_date() = ToProtoDate(role.start);
    if (role.end.has_value()) *r.mutable_end_date() = ToProtoDate(*role.end);
    r.set_reason_leaving(std::string(role.reason_leaving));
    r.set_case_holding(role.case_holding);
  }

  void Sickness(const std::string& worker_id, Date start, std::optional<Date> end,
                double first_fraction, double last_fraction) {
    wv1::SicknessAbsence& r = sickness_.emplace_back();
    r.set_worker_id(worker_id);
    *r.mutable_start_date() = ToProtoDate(start);
    if (end.has_value()) *r.mutable_end_date() = ToProtoDate(*end);
    r.set_first_day_fraction(first_fraction);
    r.set_last_day_fraction(end.has_value() ? last_fraction : 0);
  }

  void Supervision(const std::string& worker_id, Date date) {
    wv1::SupervisionSession& r = supervision_.emplace_back();
    r.set_worker_id(worker_id);
    *r.mutable_session_date() = ToProtoDate(date);
  }

  void Allocation(const std::string& child_id, const std::string& worker_id, Date start,
                  std::optional<Date> end) {
    wv1::CaseAllocation& r = allocations_.emplace_back();
    r.set_child_id(child_id);
    r.set_worker_id(worker_id);
    *r.mutable_start_date() = ToProtoDate(start);
    if (end.has_value()) *r.mutable_end_date() = ToProtoDate(*end);
  }

  // Workers first: the service checks each absence against workers it already holds.
  std::vector<wv1::WorkforceRecord> Finish() {
    std::vector<wv1::WorkforceRecord> out;
    SortAndNumber(
        workers_,
        [](const wv1::Worker& r) {
          return std::make_pair(r.worker_id(), FromProto(r.start_date()));
        },
        "WKR", ctx_);
    for (auto& r : workers_) *out.emplace_back().mutable_worker() = std::move(r);
    SortAndNumber(
        sickness_,
        [](const wv1::SicknessAbsence& r) {
          return std::make_pair(FromProto(r.start_date()), r.worker_id());
        },
        "SCK", ctx_);
    for (auto& r : sickness_) *out.emplace_back().mutable_sickness_absence() = std::move(r);
    SortAndNumber(
        supervision_,
        [](const wv1::SupervisionSession& r) {
          return std::make_pair(FromProto(r.session_date()), r.worker_id());
        },
        "SUP", ctx_);
    for (auto& r : supervision_) *out.emplace_back().mutable_supervision() = std::move(r);
    SortAndNumber(
        allocations_,
        [](const wv1::CaseAllocation& r) {
          return std::make_pair(FromProto(r.start_date()), r.child_id());
        },
        "ALC", ctx_);
    for (auto& r : allocations_) *out.emplace_back().mutable_case_allocation() = std::move(r);
    return out;
  }

 private:
  GeneratorContext& ctx_;
  std::vector<wv1::Worker> workers_;
  std::vector<wv1::SicknessAbsence> sickness_;
  std::vector<wv1::SupervisionSession> supervision_;
  std::vector<wv1::CaseAllocation> allocations_;
};

// Spells of sickness for each permanent worker, one after another (never overlapping),
// from four months before the year so that a long spell running into April is there.
void WriteSickness(GeneratorContext& ctx, const std::vector<Role>& roles, WorkforceWriter& writer) {
  DemoRandom random = ctx.Random(kStreamSickness);
  // A person's permanent time, joined across role records.
  std::vector<std::string> order;
  absl::flat_hash_map<std::string, std::pair<Date, std::optional<Date>>> spans;
  for (const Role& r : roles) {
    if (r.employment != wv1::EMPLOYMENT_TYPE_PERMANENT) continue;
    auto [it, inserted] = spans.try_emplace(r.worker_id, r.start, r.end);
    if (inserted) {
      order.push_back(r.worker_id);
      continue;
    }
    it->second.first = std::min(it->second.first, r.start);
    if (!r.end.has_value() || (it->second.second.has_value() && *r.end > *it->second.second)) {
      it->second.second = r.end;
    }
  }
  const double mean_gap = 365.0 / kSicknessSpellsPerYear;
  for (const std::string& worker_id : order) {
    const auto& [employed_from, employed_to] = spans[worker_id];
    const Date from = std::max(employed_from, FirstDay(ctx) - 120);
    const Date to = std::min(employed_to.value_or(ctx.year_end()), ctx.year_end());
    Date t = from + static_cast<int>(random.Exponential(mean_gap));
    while (true) {
      const Date start = ctx.WorkingDayOnOrAfter(t);
      if (start > to) break;
      const double u = random.Uniform();
      const int days =
          u < 0.7 ? random.Int(1, 3) : (u < 0.95 ? random.Int(4, 15) : random.Int(16, 60));
      Date end = ctx.AddWorkingDays(start, days - 1);
      if (employed_to.has_value() && end > *employed_to) end = std::max(start, *employed_to);
      // Half days: went home ill, or came back for the afternoon.
      const double first_fraction = random.Chance(days == 1 ? 0.15 : 0.1) ? 0.5 : 0.0;
      const double last_fraction = days > 1 && random.Chance(0.1) ? 0.5 : 0.0;
      if (end >= FirstDay(ctx)) {
        writer.Sickness(worker_id, start, ctx.AsAtYearEnd(end), first_fraction, last_fraction);
      }
      t = end + 1 + static_cast<int>(random.Exponential(mean_gap));
    }
  }
}

// About monthly supervision for case holders; summer holidays make for gaps.
void WriteSupervision(GeneratorContext& ctx, const std::vector<Role>& roles,
                      WorkforceWriter& writer) {
  DemoRandom random = ctx.Random(kStreamSupervision);
  const Month first = Month(FirstDay(ctx)) - 3;
  const Month last = Month(ctx.year_end());
  for (const Role& r : roles) {
    if (!r.case_holding) continue;
    for (Month m = first; m <= last; m += 1) {
      const Date from = std::max(FirstDayOf(m), r.start);
      const Date to = std::min(LastDayOf(m), r.end.value_or(LastDayOf(m)));
      if (to - from < 4) continue;
      const double chance = m.month() == 7 ? 0.86 : (m.month() == 8 ? 0.9 : 0.95);
      const int sessions = random.Chance(chance) ? (random.Chance(0.08) ? 2 : 1) : 0;
      for (int i = 0; i < sessions; ++i) {
        const Date day = ctx.WorkingDayOnOrAfter(random.DayBetween(from, to));
        if (day <= to) writer.Supervision(r.worker_id, day);
      }
    }
  }
}

// Gives each case span a worker from its team, moving it when the worker leaves and now
// and then besides (a re-allocation).
void WriteAllocations(GeneratorContext& ctx, const std::vector<Role>& roles,
                      absl::Span<const CaseSpan> cases, WorkforceWriter& writer) {
  DemoRandom random = ctx.Random(kStreamAllocation);
  const std::vector<Person> people = CaseHolders(roles);
  absl::flat_hash_map<std::string, std::vector<const Person*>> by_team;
  for (const Person& p : people) by_team[p.team].push_back(&p);
  const Date never = ctx.year_end() + 100000;
  const Date history_from = FirstDay(ctx) - 365;

  // Someone in the team on `day` other than `not_this`, by FTE; failing that someone in post
  // on 1 April (whose allocation then starts when they do).
  const auto choose = [&](const std::vector<const Person*>& team, Date day,
                          const Person* not_this) -> const Person* {
    std::vector<Weighted<const Person*>> found;
    for (const Person* p : team) {
      if (p != not_this && p->start <= day && (!p->end.has_value() || day <= *p->end)) {
        found.push_back({p, p->fte});
      }
    }
    if (found.empty()) {
      const Date later = std::max(day, FirstDay(ctx));
      for (const Person* p : team) {
        if (p != not_this && p->start <= later && (!p->end.has_value() || later <= *p->end)) {
          found.push_back({p, p->fte});
        }
      }
    }
    if (found.empty()) return nullptr;
    return random.PickWeighted(absl::Span<const Weighted<const Person*>>(found));
  };

  for (const CaseSpan& c : cases) {
    auto team = by_team.find(c.team);
    if (team == by_team.end()) continue;
    const Date stop = c.end.value_or(never);
    Date day = c.start;
    const Person* worker = nullptr;
    while (day <= stop && day <= ctx.year_end()) {
      worker = choose(team->second, day, worker);
      if (worker == nullptr) break;
      const Date start = std::max(day, worker->start);
      const Date moved = start + static_cast<int>(random.Exponential(365 / kReallocationsPerYear));
      const Date end = std::min({stop, worker->end.value_or(never), moved});
      if (end < start) break;
      if (end >= history_from && start <= ctx.year_end()) {
        writer.Allocation(c.child_id, worker->worker_id, start, ctx.AsAtYearEnd(end));
      }
      day = end + 1;
    }
  }
}

}  // namespace

std::vector<workforce::v1::WorkforceRecord> GenerateWorkforce(GeneratorContext& ctx,
                                                              absl::Span<const CaseSpan> cases) {
  DemoRandom random = ctx.Random(kStreamStaff);
  Staff staff(ctx, random);
  staff.BuildRoster();
  staff.ApplyYears();
  WorkforceWriter writer(ctx);
  for (const Role& r : staff.roles()) writer.Worker(r);
  WriteSickness(ctx, staff.roles(), writer);
  WriteSupervision(ctx, staff.roles(), writer);
  WriteAllocations(ctx, staff.roles(), cases, writer);
  return writer.Finish();
}

}  // namespace scorecard::demo_data::internal
