// Looked-after children: periods of care simulated from 18 years before the year (the
// longest a child can have been in care), so that the children in care on 1 April have the
// mix of ages, legal statuses and lengths of stay a steady flow produces. Only periods that
// reach into the year, and adoptions of the three years before it (the adoption scorecard
// is a three-year rolling average), are written out. With placement_years above 1 the
// "year" is the span of those years: a history for a run of SSDA903 returns.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tools/demo_data/generator_context.h"

namespace scorecard::demo_data::internal {
namespace {

namespace pv1 = ::scorecard::placement::v1;

// Volumes per year at scale 1.
constexpr double kEntriesPerYear = 72;
constexpr double kFosterCarersPerYear = 10;
constexpr double kAdoptersPerYear = 12;
constexpr double kShortBreakCarersPerYear = 2;
constexpr double kPreProceedingsOnlyPerYear = 15;  // PLO cases that never bring a child in
constexpr int kShortBreakChildren = 6;             // V3: each stay its own episode
constexpr int kShortBreakAgreementChildren = 2;    // V4: one episode for the agreement

constexpr int kHistoryYears = 18;
constexpr double kUascShare = 0.1;
constexpr double kDisabledShare = 0.09;
// Visits and reviews far in the past do not change any measure of the year.
constexpr int kVisitHistoryDays = 91;
constexpr int kHealthHistoryDays = 2 * 365;
constexpr int kAdoptionHistoryDays = 3 * 365;

enum class Route { kAdoption, kSpecialGuardianship, kReturnHome, kLongTerm, kRemand };

struct EpisodeModel {
  Date start;
  Date end;  // planned; the extract shows it only if reached by the year's end
  absl::string_view reason_new_episode;
  absl::string_view legal_status;
  absl::string_view placement;
  absl::string_view provider;
  absl::string_view reason_place_change;
  absl::string_view reason_ceased;
};

struct PeriodModel {
  Date birth;
  absl::string_view sex;
  absl::string_view ethnicity;
  bool uasc = false;
  bool disabled = false;
  Route route = Route::kReturnHome;
  bool court = false;
  Date start;
  Date end;
  absl::string_view category_of_need;
  std::optional<Date> issued;
  std::optional<Date> concluded;
  std::optional<Date> should_be_placed;
  std::optional<Date> matched;
  std::optional<Date> placed;
  std::optional<Date> placed_with_adopting_carer;
  std::vector<EpisodeModel> episodes;
};

constexpr WeightedCode kEthnicity[] = {{"WBRI", 78}, {"WOTH", 5}, {"MWBC", 4}, {"MWAS", 3},
                                       {"MOTH", 3},  {"BAFR", 2}, {"BCRB", 1}, {"APKN", 1},
                                       {"AOTH", 1},  {"WIRT", 1}, {"WROM", 1}};
constexpr WeightedCode kUascEthnicity[] = {{"AOTH", 35}, {"BAFR", 30}, {"OOTH", 25}, {"WOTH", 10}};
constexpr WeightedCode kCategoryOfNeed[] = {{"N1", 60}, {"N3", 3}, {"N4", 9}, {"N5", 18},
                                            {"N6", 5},  {"N7", 1}, {"N8", 4}};
constexpr WeightedCode kPlaceChangeReason[] = {{"CARPL", 45}, {"CHILD", 10}, {"CREQB", 8},
                                               {"CREQO", 6},  {"LAREQ", 6},  {"PLACE", 5},
                                               {"ALLEG", 3},  {"STAND", 7},  {"OTHER", 10}};
constexpr WeightedCode kReviewParticipation[] = {{"PN1", 45}, {"PN2", 10}, {"PN3", 10}, {"PN4", 20},
                                                 {"PN5", 8},  {"PN6", 4},  {"PN7", 3}};

int EntryAge(DemoRandom& random) {
  const double u = random.Uniform();
  if (u < 0.20) return 0;
  if (u < 0.37) return random.Int(1, 4);
  if (u < 0.57) return random.Int(5, 9);
  if (u < 0.90) return random.Int(10, 15);
  return random.Int(16, 17);
}

Route PickRoute(int age, DemoRandom& random) {
  using W = Weighted<Route>;
  if (age < 1) {
    static constexpr W kChoices[] = {{Route::kAdoption, 45},
                                     {Route::kSpecialGuardianship, 25},
                                     {Route::kReturnHome, 15},
                                     {Route::kLongTerm, 15}};
    return random.PickWeighted(kChoices);
  }
  if (age < 5) {
    static constexpr W kChoices[] = {{Route::kAdoption, 30},
                                     {Route::kSpecialGuardianship, 20},
                                     {Route::kReturnHome, 30},
                                     {Route::kLongTerm, 20}};
    return random.PickWeighted(kChoices);
  }
  if (age < 10) {
    static constexpr W kChoices[] = {
        {Route::kSpecialGuardianship, 20}, {Route::kReturnHome, 50}, {Route::kLongTerm, 30}};
    return random.PickWeighted(kChoices);
  }
  if (age < 16) {
    static constexpr W kChoices[] = {
        {Route::kReturnHome, 65}, {Route::kLongTerm, 28}, {Route::kRemand, 7}};
    return random.PickWeighted(kChoices);
  }
  static constexpr W kChoices[] = {
      {Route::kReturnHome, 55}, {Route::kLongTerm, 30}, {Route::kRemand, 15}};
  return random.PickWeighted(kChoices);
}

bool GoesToCourt(Route route, DemoRandom& random) {
  switch (route) {
    case Route::kAdoption:
    case Route::kSpecialGuardianship:
      return true;
    case Route::kLongTerm:
      return random.Chance(0.65);
    case Route::kReturnHome:
      return random.Chance(0.25);
    case Route::kRemand:
      return false;
  }
  return false;
}

absl::string_view PlacementFor(int age, const PeriodModel& p, DemoRandom& random) {
  if (p.route == Route::kRemand) {
    static constexpr WeightedCode kRemand[] = {{"K2", 50}, {"U6", 50}};
    return random.PickWeighted(kRemand);
  }
  if (p.uasc) {
    static constexpr WeightedCode kUasc[] = {{"H5", 50}, {"U6", 30}, {"U4", 20}};
    return random.PickWeighted(kUasc);
  }
  if (p.disabled) {
    static constexpr WeightedCode kDisabled[] = {{"K2", 35}, {"S1", 10}, {"U6", 30}, {"U4", 25}};
    return random.PickWeighted(kDisabled);
  }
  if (age < 5) {
    static constexpr WeightedCode kUnder5[] = {{"U6", 60}, {"U3", 15}, {"U4", 15}, {"U1", 10}};
    return random.PickWeighted(kUnder5);
  }
  if (age < 13) {
    static constexpr WeightedCode kUnder13[] = {{"U6", 45}, {"U4", 20}, {"U3", 12},
                                                {"U1", 5},  {"K2", 15}, {"R1", 3}};
    return random.PickWeighted(kUnder13);
  }
  if (age < 16) {
    static constexpr WeightedCode kUnder16[] = {{"U6", 40}, {"U4", 18}, {"U3", 8},
                                                {"K2", 26}, {"R1", 4},  {"H5", 4}};
    return random.PickWeighted(kUnder16);
  }
  static constexpr WeightedCode kOlder[] = {
      {"U6", 25}, {"U4", 10}, {"U3", 5}, {"H5", 40}, {"K2", 20}};
  return random.PickWeighted(kOlder);
}

bool IsFoster(absl::string_view placement) { return !placement.empty() && placement[0] == 'U'; }

absl::string_view ProviderFor(absl::string_view placement, DemoRandom& random) {
  if (placement == "U1" || placement == "U2" || placement == "U3") return "PR1";
  if (IsFoster(placement)) return random.Chance(0.65) ? "PR1" : "PR4";
  if (placement == "K2") return random.Chance(0.75) ? "PR4" : "PR1";
  if (placement == "H5") return random.Chance(0.6) ? "PR4" : "PR5";
  if (placement[0] == 'A') return random.Chance(0.7) ? "PR1" : "PR5";
  return "PR4";
}

// Why the period ended, given how it ends and where the child was living.
absl::string_view ReasonCeased(const PeriodModel& p, Date eighteenth,
                               absl::string_view last_placement, DemoRandom& random) {
  if (p.end >= eighteenth) {
    if (IsFoster(last_placement)) {
      static constexpr WeightedCode kFromFoster[] = {{"E17", 45}, {"E47", 35}, {"E48", 20}};
      return random.PickWeighted(kFromFoster);
    }
    static constexpr WeightedCode kLeavingCare[] = {{"E47", 60}, {"E48", 25}, {"E8", 15}};
    return random.PickWeighted(kLeavingCare);
  }
  switch (p.route) {
    case Route::kAdoption:
      return random.Chance(0.75) ? "E11" : "E12";
    case Route::kSpecialGuardianship: {
      static constexpr WeightedCode kOrders[] = {{"E45", 60}, {"E46", 25}, {"E41", 15}};
      return random.PickWeighted(kOrders);
    }
    case Route::kReturnHome: {
      static constexpr WeightedCode kHome[] = {{"E4A", 55}, {"E13", 30}, {"E4B", 15}};
      static constexpr WeightedCode kHomeByOrder[] = {{"E4A", 50}, {"E41", 30}, {"E13", 20}};
      return p.court ? random.PickWeighted(kHomeByOrder) : random.PickWeighted(kHome);
    }
    case Route::kLongTerm: {
      static constexpr WeightedCode kBrokeDown[] = {{"E8", 40}, {"E4B", 40}, {"E3", 20}};
      return random.PickWeighted(kBrokeDown);
    }
    case Route::kRemand:
      return "E13";
  }
  return "E8";
}

Date AddDays(Date d, double days) { return d + static_cast<int>(std::lround(days)); }

// Draws a period of care starting on `start`: the child, the route out of care and its
// milestones, and the episodes (legal status and placement changes) in between.
PeriodModel DrawPeriod(Date start, const GeneratorContext& ctx, DemoRandom& random) {
  PeriodModel p;
  p.start = start;
  p.uasc = random.Chance(kUascShare);
  const int age = p.uasc ? random.Int(15, 16) + (random.Chance(0.2) ? 1 : 0) : EntryAge(random);
  p.disabled = !p.uasc && age >= 2 && random.Chance(kDisabledShare);
  // Babies often come into care within days of birth.
  const int days_past_birthday =
      age == 0 ? random.Int(0, random.Chance(0.5) ? 14 : 300) : random.Int(0, 364);
  p.birth = AddCalendarMonths(start, -12 * age) - days_past_birthday;
  p.sex = p.uasc ? (random.Chance(0.9) ? "1" : "2") : (random.Chance(0.53) ? "1" : "2");
  p.ethnicity = p.uasc ? random.PickWeighted(kUascEthnicity) : random.PickWeighted(kEthnicity);
  p.category_of_need = p.uasc ? "N8" : (p.disabled ? "N2" : random.PickWeighted(kCategoryOfNeed));
  p.route =
      p.uasc || (p.disabled && random.Chance(0.6)) ? Route::kLongTerm : PickRoute(age, random);
  p.court = !p.uasc && GoesToCourt(p.route, random);
  const Date eighteenth = AddCalendarMonths(p.birth, 18 * 12);

  if (p.court) {
    p.issued = ctx.WorkingDayOnOrBefore(start - random.Int(0, 10));
    p.concluded = ctx.WorkingDayOnOrAfter(*p.issued + random.Int(20 * 7, 35 * 7));
  }
  switch (p.route) {
    case Route::kAdoption: {
      // The placement order is made when proceedings conclude.
      const Date order = *p.concluded;
      p.should_be_placed = std::max(start + 1, order - random.Int(20, 80));
      // Fostering for adoption: the carers who will adopt have the child from the start.
      if (random.Chance(0.15)) p.placed_with_adopting_carer = start;
      const double to_match = std::clamp(random.Normal(150, 60), 10.0, 420.0);
      p.matched = ctx.WorkingDayOnOrAfter(AddDays(order, to_match));
      p.placed = *p.matched + random.Int(7, 35);
      p.end = ctx.WorkingDayOnOrAfter(*p.placed + random.Int(70, 280));
      break;
    }
    case Route::kSpecialGuardianship:
      p.end = random.Chance(0.6) ? *p.concluded : *p.concluded + random.Int(30, 270);
      break;
    case Route::kReturnHome:
      p.end =
          p.court ? *p.concluded + random.Int(0, 200) : AddDays(start + 3, random.Exponential(180));
      break;
    case Route::kLongTerm:
      // Some long-term plans end early: a placement breaks down, the child goes home.
      p.end = random.Chance(0.3) ? start + random.Int(180, 4 * 365) : eighteenth;
      break;
    case Route::kRemand:
      p.end = start + random.Int(1, 21);
      break;
  }
  p.end = std::max(std::min(p.end, eighteenth), start + 1);

  // Change points inside the period, each a new episode.
  enum class Change { kLegalStatus, kMove, kAdoptivePlacement };
  std::vector<std::pair<Date, Change>> changes;
  if (p.concluded.has_value() && *p.concluded > start && *p.concluded < p.end) {
    changes.push_back({*p.concluded, Change::kLegalStatus});
  }
  if (p.placed.has_value() && *p.placed < p.end) {
    changes.push_back({*p.placed, Change::kAdoptivePlacement});
  }
  // No moves once with the adopters (or with carers who will adopt).
  const Date moves_stop = p.placed_with_adopting_carer.has_value() ? start
                          : p.placed.has_value()                   ? *p.placed
                                                                   : p.end;
  for (Date t = start;;) {
    // Moves are likelier in the first year, while a settled placement is found.
    const double per_year = t - start < 365 ? 0.9 : 0.3;
    t = t + std::max(1, static_cast<int>(std::lround(random.Exponential(365.0 / per_year))));
    if (t >= moves_stop) break;
    const bool near_other = std::any_of(changes.begin(), changes.end(), [t](const auto& c) {
      return std::abs(static_cast<int>(c.first - t)) <= 3;
    });
    if (!near_other) changes.push_back({t, Change::kMove});
  }
  std::sort(changes.begin(), changes.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });

  EpisodeModel current;
  current.start = start;
  current.reason_new_episode = "S";
  current.legal_status = p.route == Route::kRemand ? "J2" : (p.court ? "C1" : "V2");
  current.placement =
      p.placed_with_adopting_carer.has_value() ? "U5" : PlacementFor(age, p, random);
  current.provider = ProviderFor(current.placement, random);
  for (const auto& [when, change] : changes) {
    current.end = when;
    current.reason_ceased = "X1";
    p.episodes.push_back(current);
    current.start = when;
    current.reason_place_change = "";
    switch (change) {
      case Change::kLegalStatus:
        current.reason_new_episode = "L";
        current.legal_status = p.route == Route::kAdoption ? "E1" : "C2";
        break;
      case Change::kMove:
        current.reason_new_episode = "P";
        current.placement = PlacementFor(AgeInYears(p.birth, when), p, random);
        current.provider = ProviderFor(current.placement, random);
        current.reason_place_change = random.PickWeighted(kPlaceChangeReason);
        break;
      case Change::kAdoptivePlacement:
        current.reason_new_episode = "P";
        current.legal_status = "E1";
        current.placement = p.placed_with_adopting_carer.has_value() ? "A5" : "A6";
        current.provider = ProviderFor(current.placement, random);
        current.reason_place_change = "CARPL";
        break;
    }
  }
  current.end = p.end;
  current.reason_ceased = ReasonCeased(p, eighteenth, current.placement, random);
  p.episodes.push_back(current);
  return p;
}

// Reviews under regulation 33: the first within 20 working days, the second within 3
// months of it, then at most 6 months apart. A few are late.
std::vector<Date> ReviewDates(const PeriodModel& p, const GeneratorContext& ctx,
                              DemoRandom& random) {
  std::vector<Date> out;
  Date review =
      ctx.AddWorkingDays(p.start, random.Chance(0.995) ? random.Int(5, 20) : random.Int(21, 26));
  for (int n = 0; review < p.end && review <= ctx.year_end(); ++n) {
    out.push_back(review);
    const int months = n == 0 ? 3 : 6;
    Date next = ctx.WorkingDayOnOrBefore(AddCalendarMonths(review, months) - random.Int(0, 21));
    if (random.Chance(0.002)) next = ctx.WorkingDayOnOrAfter(next + random.Int(8, 25));
    review = next;
  }
  return out;
}

// Statutory visits: within a week of each placement starting, then every 3 to 6 weeks,
// occasionally longer.
std::vector<Date> VisitDates(const PeriodModel& p, const GeneratorContext& ctx,
                             DemoRandom& random) {
  std::vector<Date> placement_starts;
  for (const EpisodeModel& e : p.episodes) {
    if (e.reason_new_episode != "L") placement_starts.push_back(e.start);
  }
  std::vector<Date> out;
  size_t next_placement = 1;  // index into placement_starts after the first
  Date visit = ctx.WorkingDayOnOrAfter(p.start + random.Int(1, 7));
  const Date last = std::min(p.end - 1, ctx.year_end());
  while (visit <= last) {
    out.push_back(visit);
    Date next = visit + (random.Chance(0.94) ? random.Int(21, 42) : random.Int(43, 56));
    while (next_placement < placement_starts.size() && placement_starts[next_placement] <= visit) {
      ++next_placement;
    }
    if (next_placement < placement_starts.size() && placement_starts[next_placement] < next) {
      next = placement_starts[next_placement] + random.Int(1, 7);
      ++next_placement;
    }
    visit = ctx.WorkingDayOnOrAfter(std::max(next, visit + 1));
  }
  return out;
}

// Health checks: an initial health assessment within 20 working days, then reviews every
// 6 months under 5 and yearly from 5; dental checks yearly.
std::vector<std::pair<pv1::HealthCheckKind, Date>> HealthChecks(const PeriodModel& p,
                                                                const GeneratorContext& ctx,
                                                                DemoRandom& random) {
  std::vector<std::pair<pv1::HealthCheckKind, Date>> out;
  const Date last = std::min(p.end - 1, ctx.year_end());
  Date check =
      ctx.AddWorkingDays(p.start, random.Chance(0.92) ? random.Int(8, 20) : random.Int(21, 40));
  pv1::HealthCheckKind kind = pv1::HEALTH_CHECK_KIND_INITIAL_HEALTH_ASSESSMENT;
  while (check <= last) {
    out.push_back({kind, check});
    kind = pv1::HEALTH_CHECK_KIND_REVIEW_HEALTH_ASSESSMENT;
    const int months = AgeInYears(p.birth, check) < 5 ? 6 : 12;
    Date next = AddCalendarMonths(check, months) - random.Int(0, 30);
    if (random.Chance(0.05)) next = next + random.Int(31, 75);
    check = ctx.WorkingDayOnOrAfter(next);
  }
  // Teeth are checked once there are some.
  Date dental = ctx.WorkingDayOnOrAfter(
      std::max(p.start + random.Int(30, 150), AddCalendarMonths(p.birth, 12)));
  while (dental <= last) {
    out.push_back({pv1::HEALTH_CHECK_KIND_DENTAL_CHECK, dental});
    Date next = AddCalendarMonths(dental, 12) - random.Int(0, 30);
    if (random.Chance(0.06)) next = next + random.Int(31, 90);
    dental = ctx.WorkingDayOnOrAfter(next);
  }
  return out;
}

class PlacementWriter {
 public:
  explicit PlacementWriter(GeneratorContext& ctx) : ctx_(ctx) {}

  void Child(const std::string& child_id, const PeriodModel& p, absl::string_view team) {
    pv1::LookedAfterChild& r = children_.emplace_back();
    r.set_child_id(child_id);
    *r.mutable_birth_date() = ToProtoDate(p.birth);
    r.set_sex(std::string(p.sex));
    r.set_ethnicity(std::string(p.ethnicity));
    r.set_uasc(p.uasc);
    r.set_team(std::string(team));
  }

  void Episode(const std::string& child_id, absl::string_view category_of_need,
               const EpisodeModel& e) {
    if (e.start > ctx_.year_end()) return;
    pv1::Episode& r = episodes_.emplace_back();
    r.set_child_id(child_id);
    *r.mutable_start_date() = ToProtoDate(e.start);
    r.set_reason_new_episode(std::string(e.reason_new_episode));
    r.set_legal_status(std::string(e.legal_status));
    r.set_category_of_need(std::string(category_of_need));
    r.set_placement(std::string(e.placement));
    r.set_placement_provider(std::string(e.provider));
    r.set_reason_place_change(std::string(e.reason_place_change));
    // DEC and REC together, and only once they have happened.
    if (e.end <= ctx_.year_end()) {
      *r.mutable_end_date() = ToProtoDate(e.end);
      r.set_reason_ceased(std::string(e.reason_ceased));
    }
  }

  void Review(const std::string& child_id, Date date, absl::string_view participation) {
    pv1::LacReview& r = reviews_.emplace_back();
    r.set_child_id(child_id);
    *r.mutable_review_date() = ToProtoDate(date);
    r.set_participation_code(std::string(participation));
  }

  void Visit(const std::string& child_id, Date date, bool seen) {
    pv1::LacVisit& r = visits_.emplace_back();
    r.set_child_id(child_id);
    *r.mutable_visit_date() = ToProtoDate(date);
    r.set_seen(seen);
  }

  void HealthCheck(const std::string& child_id, pv1::HealthCheckKind kind, Date date) {
    pv1::HealthCheck& r = health_checks_.emplace_back();
    r.set_child_id(child_id);
    r.set_kind(kind);
    *r.mutable_check_date() = ToProtoDate(date);
  }

  void Adoption(const std::string& child_id, const PeriodModel& p) {
    pv1::AdoptionMilestones& r = adoptions_.emplace_back();
    r.set_child_id(child_id);
    if (auto day = Reached(p.should_be_placed))
      *r.mutable_should_be_placed_date() = ToProtoDate(*day);
    if (auto day = Reached(p.concluded)) *r.mutable_placement_order_date() = ToProtoDate(*day);
    if (auto day = Reached(p.matched)) *r.mutable_matched_date() = ToProtoDate(*day);
    if (auto day = Reached(p.placed)) *r.mutable_placed_date() = ToProtoDate(*day);
    if (auto day = Reached(p.placed_with_adopting_carer))
      *r.mutable_placed_with_adopting_foster_carer_date() = ToProtoDate(*day);
    if (p.episodes.back().reason_ceased == "E11" || p.episodes.back().reason_ceased == "E12") {
      if (auto day = Reached(p.end)) *r.mutable_adoption_order_date() = ToProtoDate(*day);
    }
  }

  void Proceedings(const std::string& child_id, Date issued, Date concluded) {
    if (issued > ctx_.year_end()) return;
    pv1::CareProceedings& r = proceedings_.emplace_back();
    r.set_child_id(child_id);
    *r.mutable_issued_date() = ToProtoDate(issued);
    if (auto day = Reached(concluded)) *r.mutable_concluded_date() = ToProtoDate(*day);
  }

  void PreProceedings(const std::string& child_id, Date start, std::optional<Date> decision,
                      std::optional<Date> issued, Date end) {
    if (start > ctx_.year_end()) return;
    pv1::PreProceedings& r = pre_proceedings_.emplace_back();
    r.set_child_id(child_id);
    *r.mutable_start_date() = ToProtoDate(start);
    if (auto day = Reached(decision)) *r.mutable_decision_to_issue_date() = ToProtoDate(*day);
    if (auto day = Reached(issued)) *r.mutable_issued_date() = ToProtoDate(*day);
    if (auto day = Reached(end)) *r.mutable_end_date() = ToProtoDate(*day);
  }

  void CarerApproval(pv1::CarerKind kind, Date date) {
    pv1::CarerApproval& r = carers_.emplace_back();
    r.set_kind(kind);
    *r.mutable_approval_date() = ToProtoDate(date);
  }

  // Numbers every record and wraps them, kind by kind.
  std::vector<pv1::PlacementRecord> Finish() {
    std::vector<pv1::PlacementRecord> out;
    std::sort(children_.begin(), children_.end(),
              [](const auto& a, const auto& b) { return a.child_id() < b.child_id(); });
    for (pv1::LookedAfterChild& r : children_) {
      ctx_.SetHeader(&r, r.child_id());  // the 903 CHILD is the record's own key
      *out.emplace_back().mutable_child() = std::move(r);
    }
    SortAndNumber(
        episodes_,
        [](const pv1::Episode& r) {
          return std::make_pair(r.child_id(), FromProto(r.start_date()));
        },
        "EPI", ctx_);
    for (pv1::Episode& r : episodes_) *out.emplace_back().mutable_episode() = std::move(r);
    SortAndNumber(reviews_, ByDateAndChild(&pv1::LacReview::review_date), "LRV", ctx_);
    for (pv1::LacReview& r : reviews_) *out.emplace_back().mutable_review() = std::move(r);
    SortAndNumber(visits_, ByDateAndChild(&pv1::LacVisit::visit_date), "LVI", ctx_);
    for (pv1::LacVisit& r : visits_) *out.emplace_back().mutable_visit() = std::move(r);
    SortAndNumber(health_checks_, ByDateAndChild(&pv1::HealthCheck::check_date), "HCK", ctx_);
    for (pv1::HealthCheck& r : health_checks_) {
      *out.emplace_back().mutable_health_check() = std::move(r);
    }
    SortAndNumber(
        adoptions_, [](const pv1::AdoptionMilestones& r) { return r.child_id(); }, "ADP", ctx_);
    for (pv1::AdoptionMilestones& r : adoptions_) {
      *out.emplace_back().mutable_adoption() = std::move(r);
    }
    SortAndNumber(proceedings_, ByDateAndChild(&pv1::CareProceedings::issued_date), "CPR", ctx_);
    for (pv1::CareProceedings& r : proceedings_) {
      *out.emplace_back().mutable_proceedings() = std::move(r);
    }
    SortAndNumber(pre_proceedings_, ByDateAndChild(&pv1::PreProceedings::start_date), "PLO", ctx_);
    for (pv1::PreProceedings& r : pre_proceedings_) {
      *out.emplace_back().mutable_pre_proceedings() = std::move(r);
    }
    SortAndNumber(
        carers_,
        [](const pv1::CarerApproval& r) {
          return std::make_pair(FromProto(r.approval_date()), static_cast<int>(r.kind()));
        },
        "CAR", ctx_);
    for (pv1::CarerApproval& r : carers_) {
      *out.emplace_back().mutable_carer_approval() = std::move(r);
    }
    return out;
  }

 private:
  // The date if it has happened by the year's end (the extract cannot know later ones).
  std::optional<Date> Reached(std::optional<Date> d) const { return ctx_.AsAtYearEnd(d); }

  GeneratorContext& ctx_;
  std::vector<pv1::LookedAfterChild> children_;
  std::vector<pv1::Episode> episodes_;
  std::vector<pv1::LacReview> reviews_;
  std::vector<pv1::LacVisit> visits_;
  std::vector<pv1::HealthCheck> health_checks_;
  std::vector<pv1::AdoptionMilestones> adoptions_;
  std::vector<pv1::CareProceedings> proceedings_;
  std::vector<pv1::PreProceedings> pre_proceedings_;
  std::vector<pv1::CarerApproval> carers_;
};

// Cases the Court team holds until proceedings conclude, then the children's team.
void AddCases(const std::string& child_id, const PeriodModel& p, const GeneratorContext& ctx,
              std::vector<CaseSpan>& cases) {
  const std::string team = p.disabled ? "DCT" : "LAC";
  Date from = p.start;
  if (p.court && *p.concluded > p.start && *p.concluded < p.end) {
    cases.push_back({child_id, "Court", p.start, ctx.AsAtYearEnd(*p.concluded)});
    from = *p.concluded + 1;
  }
  if (from <= ctx.year_end()) cases.push_back({child_id, team, from, ctx.AsAtYearEnd(p.end)});
}

// Proceedings, and the pre-proceedings (PLO) stage most applications follow; urgent ones
// skip it. `child_id` gives the id to use, made only if something is written.
template <typename ChildIdFn>
void WriteCourtCase(const PeriodModel& p, const GeneratorContext& ctx, DemoRandom& random,
                    PlacementWriter& writer, ChildIdFn child_id) {
  const bool pre_proceedings = random.Chance(0.75);
  const Date plo_start = ctx.WorkingDayOnOrAfter(*p.issued - random.Int(40, 150));
  const Date decision =
      std::max(plo_start, ctx.WorkingDayOnOrBefore(*p.issued - random.Int(7, 50)));
  if (*p.issued <= ctx.year_end()) writer.Proceedings(child_id(), *p.issued, *p.concluded);
  if (pre_proceedings && *p.issued >= ctx.year_start() - 365 && plo_start <= ctx.year_end()) {
    writer.PreProceedings(child_id(), plo_start, decision, *p.issued, *p.issued);
  }
}

void WriteLookedAfter(GeneratorContext& ctx, PlacementWriter& writer, PlacementOutput& out) {
  DemoRandom random = ctx.Random(kStreamLookedAfter);
  // The first day of the records written: 1 April of the first of placement_years years.
  const Date written_from = ctx.FirstYearStart(ctx.parameters().placement_years);
  const Date first_month = AddCalendarMonths(written_from, -12 * kHistoryYears);
  // Children coming into care in the half year after: their pre-proceedings and some
  // applications began within the year.
  const Date last_start = AddCalendarMonths(ctx.year_end(), 6);
  const double per_month = kEntriesPerYear * ctx.placement_scale() / 12;
  int written = 0;
  for (Month m(first_month.year(), first_month.month()); FirstDayOf(m) <= last_start; m += 1) {
    const int entries = random.Poisson(per_month);
    std::vector<Date> starts;
    for (int i = 0; i < entries; ++i)
      starts.push_back(random.DayBetween(FirstDayOf(m), LastDayOf(m)));
    std::sort(starts.begin(), starts.end());
    for (Date start : starts) {
      PeriodModel p = DrawPeriod(start, ctx, random);
      if (start > ctx.year_end()) {
        if (p.court) {
          std::optional<std::string> id;
          WriteCourtCase(p, ctx, random, writer, [&] {
            if (!id.has_value()) id = ctx.ChildId(ChildOrigin::kLookedAfter, written++);
            return *id;
          });
        }
        continue;
      }
      const bool reaches_year = p.end >= written_from;
      const bool recent_adoption =
          p.route == Route::kAdoption && p.end >= written_from - kAdoptionHistoryDays;
      if (!reaches_year && !recent_adoption) continue;
      const std::string child_id = ctx.ChildId(ChildOrigin::kLookedAfter, written++);
      writer.Child(child_id, p, p.disabled ? "DCT" : "LAC");
      for (const EpisodeModel& e : p.episodes) writer.Episode(child_id, p.category_of_need, e);
      for (Date review : ReviewDates(p, ctx, random)) {
        writer.Review(
            child_id, review,
            AgeInYears(p.birth, review) < 4 ? "PN0" : random.PickWeighted(kReviewParticipation));
      }
      for (Date visit : VisitDates(p, ctx, random)) {
        const bool seen = random.Chance(0.97);
        if (visit >= written_from - kVisitHistoryDays) writer.Visit(child_id, visit, seen);
      }
      for (const auto& [kind, date] : HealthChecks(p, ctx, random)) {
        if (date >= written_from - kHealthHistoryDays) writer.HealthCheck(child_id, kind, date);
      }
      if (p.route == Route::kAdoption) writer.Adoption(child_id, p);
      if (p.court) WriteCourtCase(p, ctx, random, writer, [&child_id] { return child_id; });
      out.looked_after.push_back({child_id, p.disabled ? "DCT" : "LAC", p.birth, p.start, p.end});
      AddCases(child_id, p, ctx, out.cases);
    }
  }
}

// Disabled children's short breaks (V3, V4): looked after in law for the stay, but not
// counted as looked-after children.
void WriteShortBreaks(GeneratorContext& ctx, PlacementWriter& writer, PlacementOutput& out) {
  DemoRandom random = ctx.Random(kStreamShortBreaks);
  const int single = static_cast<int>(std::lround(kShortBreakChildren * ctx.placement_scale()));
  const int agreements = static_cast<int>(std::lround(kShortBreakAgreementChildren * ctx.placement_scale()));
  for (int i = 0; i < single + agreements; ++i) {
    PeriodModel p;
    p.birth = AddCalendarMonths(ctx.year_start(), -12 * random.Int(5, 16)) - random.Int(0, 364);
    p.sex = random.Chance(0.6) ? "1" : "2";
    p.ethnicity = random.PickWeighted(kEthnicity);
    p.disabled = true;
    const std::string child_id = ctx.ChildId(ChildOrigin::kShortBreak, i);
    writer.Child(child_id, p, "DCT");
    EpisodeModel stay;
    stay.reason_new_episode = "S";
    stay.reason_ceased = "E13";
    Date first_start;
    if (i < single) {
      stay.legal_status = "V3";
      Date t = ctx.year_start() - random.Int(0, 60);
      first_start = t;
      while (t <= ctx.year_end()) {
        stay.start = t;
        stay.end = t + random.Int(1, 3);
        stay.placement = random.Chance(0.6) ? "K2" : "U4";
        stay.provider = ProviderFor(stay.placement, random);
        writer.Episode(child_id, "N2", stay);
        t = stay.end + random.Int(14, 42);
      }
    } else {
      stay.legal_status = "V4";
      stay.start = ctx.year_start() - random.Int(30, 400);
      stay.end = stay.start + random.Int(180, 720);
      stay.placement = "K2";
      stay.provider = ProviderFor(stay.placement, random);
      writer.Episode(child_id, "N2", stay);
      first_start = stay.start;
    }
    out.cases.push_back({child_id, "DCT", first_start, std::nullopt});
  }
}

// Public Law Outline cases that end without the child coming into care; a few still lead
// to proceedings (e.g. for a supervision order).
void WritePreProceedingsOnly(GeneratorContext& ctx, PlacementWriter& writer) {
  DemoRandom random = ctx.Random(kStreamPreProceedings);
  const Date first = ctx.year_start() - 365;
  int number = 0;
  for (Month m(first.year(), first.month()); FirstDayOf(m) <= ctx.year_end(); m += 1) {
    const int starts = random.Poisson(kPreProceedingsOnlyPerYear * ctx.placement_scale() / 12);
    for (int i = 0; i < starts; ++i) {
      const Date start = ctx.WorkingDayOnOrAfter(random.DayBetween(FirstDayOf(m), LastDayOf(m)));
      const Date end = ctx.WorkingDayOnOrAfter(start + random.Int(50, 200));
      const std::string child_id = ctx.ChildId(ChildOrigin::kPreProceedings, number++);
      if (random.Chance(0.15)) {
        const Date decision = ctx.WorkingDayOnOrAfter(start + random.Int(30, 90));
        const Date issued = ctx.WorkingDayOnOrAfter(decision + random.Int(5, 40));
        writer.PreProceedings(child_id, start, decision, issued, issued);
        writer.Proceedings(child_id, issued,
                           ctx.WorkingDayOnOrAfter(issued + random.Int(20 * 7, 35 * 7)));
      } else if (end >= ctx.year_start()) {
        writer.PreProceedings(child_id, start, std::nullopt, std::nullopt, end);
      }
    }
  }
}

void WriteCarerApprovals(GeneratorContext& ctx, PlacementWriter& writer) {
  DemoRandom random = ctx.Random(kStreamCarers);
  const std::pair<pv1::CarerKind, double> kinds[] = {
      {pv1::CARER_KIND_FOSTER_CARER, kFosterCarersPerYear},
      {pv1::CARER_KIND_ADOPTER, kAdoptersPerYear},
      {pv1::CARER_KIND_SHORT_BREAK_CARER, kShortBreakCarersPerYear}};
  for (const auto& [kind, per_year] : kinds) {
    const int approvals = random.Poisson(per_year * ctx.placement_scale());
    for (int i = 0; i < approvals; ++i) {
      // Approved at panel, on a working day.
      writer.CarerApproval(
          kind, ctx.WorkingDayOnOrBefore(random.DayBetween(ctx.year_start() + 3, ctx.year_end())));
    }
  }
}

}  // namespace

PlacementOutput GeneratePlacement(GeneratorContext& ctx) {
  PlacementOutput out;
  PlacementWriter writer(ctx);
  WriteLookedAfter(ctx, writer, out);
  WriteShortBreaks(ctx, writer, out);
  WritePreProceedingsOnly(ctx, writer);
  WriteCarerApprovals(ctx, writer);
  out.records = writer.Finish();
  return out;
}

}  // namespace scorecard::demo_data::internal
